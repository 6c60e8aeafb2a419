"""A job card's words, worked out once in Python; templates/jinja2/jobs/includes/_job_cards.jinja
only prints them (a Jinja2 fragment: web/jinja.py).

A page of the search shows 23 cards: with their filters, includes and method calls in the
template, the cards were the largest single part of a search's first request (README,
Performance).
"""

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import get_language

from salaries.choices import EmploymentType, ExperienceLevel
from salaries.formatting import format_salary
from web.jinja import render_fragment

# The labels get_<field>_display() gives, looked up directly: Django's display method rebuilds
# a dict of the field's choices on every call (two a card).
EMPLOYMENT_TYPE_LABELS = dict(EmploymentType.choices)
EXPERIENCE_LEVEL_LABELS = dict(ExperienceLevel.choices)


# Under 28 days no span of time is a month, and timesince names only its first unit (depth=1):
# weeks, days, hours or minutes, each a whole number of minutes. So, counted in UTC (as the
# database gives the moments, and as posted_age turns any other zone), the words depend on that
# unit and its count alone, under a hundred of them, looked up rather than worked out (14 µs a
# card, translation included).
CALENDAR_FREE = timedelta(days=28)
UNITS = (7 * 24 * 3600, 24 * 3600, 3600, 60)  # seconds in a week, a day, an hour, a minute


def posted_age(moment, *, now=None) -> str:
    """ "3 days ago", "2 hours ago", "just now": one unit is all a job card needs."""
    if moment is None:
        return ""
    if now is None:
        now = timezone.now()
    if timezone.is_aware(moment) and timezone.is_aware(now):
        # Elapsed time, whatever zones the two moments are in: Python subtracts two datetimes
        # of one zone by their wall clocks, so across the night a clock goes back a job posted
        # an hour ago would be "0 minutes" old.
        moment, now = moment.astimezone(UTC), now.astimezone(UTC)
    age = now - moment
    if age < timedelta(minutes=1):
        return "just now"
    if age < CALENDAR_FREE and moment.tzinfo is UTC:
        seconds = age.days * 24 * 3600 + age.seconds  # as timesince counts them
        unit = next(unit for unit in UNITS if seconds >= unit)
        return _age_words(unit, seconds // unit, get_language())
    return f"{timesince(moment, now=now, depth=1)} ago"


@functools.lru_cache(maxsize=512)
def _age_words(unit: int, count: int, language: str) -> str:
    now = datetime(2001, 1, 1, tzinfo=UTC)
    return f"{timesince(now - timedelta(seconds=unit * count), now=now, depth=1)} ago"


@dataclass(frozen=True, slots=True)
class Card:
    url: str
    title: str
    company: str
    company_url: str
    place: str
    # ISO 8601 in the site's time zone, for <time datetime>; "" for a job not yet published.
    published: str
    age: str
    facts: tuple[str, ...]
    salary: str
    # Where the salary stands among its role's (salaries/position.py): "" when not known.
    position: str
    position_sentence: str
    featured: bool
    # (link, name) of the job's tags, when its page read them (jobs/views.py with_tags).
    tags: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, job, *, now=None, zone=None) -> "Card":
        """`now` and `zone`: the page's clock and time zone, asked once for all its cards' dates."""
        if now is None:
            now = timezone.now()
        published = job.published_at
        position = getattr(job, "salary_position", None)
        known = position is not None and position.known
        return cls(
            url=job.get_absolute_url(),
            title=job.title,
            company=job.company.name,
            company_url=job.company.get_absolute_url(),
            place=job.place,
            published=timezone.localtime(published, zone).isoformat() if published else "",
            age=posted_age(published, now=now),
            facts=tuple(
                fact
                for fact in (
                    EMPLOYMENT_TYPE_LABELS.get(job.employment_type, job.employment_type),
                    EXPERIENCE_LEVEL_LABELS.get(job.experience_level, job.experience_level),
                )
                if fact
            ),
            salary=format_salary(job.public_salary),
            position=position.badge() if known else "",
            position_sentence=position.sentence() if known else "",
            featured=job.is_featured,
            tags=tuple(getattr(job, "card_tags", ())),
        )


def cards(jobs) -> list[Card]:
    now, zone = timezone.now(), timezone.get_current_timezone()
    return [Card.of(job, now=now, zone=zone) for job in jobs]


CARDS_TEMPLATE = "jobs/includes/_job_cards.jinja"


def cards_html(jobs, *, show_tags: bool = False) -> SafeString:
    """The jobs' cards, each an <li> of the list a page opens around them ({% job_cards %});
    `show_tags`: list each card's tags."""
    return render_fragment(CARDS_TEMPLATE, {"cards": cards(jobs), "show_tags": show_tags})
