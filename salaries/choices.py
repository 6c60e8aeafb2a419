"""Codes shared by every app that speaks about pay, with the labels job seekers know."""

from django.db import models


class EmploymentType(models.TextChoices):
    FULL_TIME = "FT", "Full Time"
    PART_TIME = "PT", "Part Time"
    CONTRACT = "CT", "Contract"
    FREELANCE = "FL", "Freelance"
    INTERNSHIP = "IN", "Internship"


class ExperienceLevel(models.TextChoices):
    ENTRY = "EN", "Entry-level / Junior"
    MID = "MI", "Mid-level / Intermediate"
    SENIOR = "SE", "Senior-level / Expert"
    EXECUTIVE = "EX", "Executive-level / Director"


class PayPeriod(models.TextChoices):
    HOUR = "hour", "per hour"
    DAY = "day", "per day"
    WEEK = "week", "per week"
    MONTH = "month", "per month"
    YEAR = "year", "per year"

    @property
    def per_year(self) -> int:
        """How many of this period make a working year (40-hour weeks, 52 weeks)."""
        return PERIODS_PER_YEAR[self.value]

    @property
    def adjective(self) -> str:
        return {"hour": "hourly", "day": "daily", "week": "weekly", "month": "monthly"}.get(
            self.value, "yearly"
        )

    @property
    def phrase(self) -> str:
        return {"hour": "an hour", "day": "a day", "week": "a week", "month": "a month"}.get(
            self.value, "a year"
        )


class FlagCode(models.TextChoices):
    """Why the rules held a salary for a moderator (stored space-separated in review_reasons)."""

    LOW_PAY = "low_pay", "Below the review floor"
    HIGH_PAY = "high_pay", "Above the review ceiling"
    WIDE_RANGE = "wide_range", "Wide range"
    PERIOD_SLIP = "period_slip", "Likely pay-period slip"
    OUTLIER = "outlier", "Outlier among its peers"


class ReviewState(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    NEEDS_REVIEW = "needs_review", "Needs review"
    REJECTED = "rejected", "Rejected"


PERIODS_PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}
