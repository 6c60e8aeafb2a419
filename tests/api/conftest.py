from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from articles.models import ArticleStatus
from jobs.models import Job, JobStatus
from salaries.choices import EmploymentType, ExperienceLevel, PayPeriod, ReviewState
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    FeaturedJobFactory,
    PublishedArticleFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
    SubmittedJobFactory,
)


@dataclass
class Board:
    """Jobs the board shows and jobs it must not, with the roles and articles around them."""

    shown: list[Job] = field(default_factory=list)
    hidden: list[Job] = field(default_factory=list)
    ended: Job | None = None
    roles: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    draft_article: object = None


def build_board() -> Board:
    board = Board()
    engineer = RoleFactory(name="Data Engineer")
    scientist = RoleFactory(name="Data Scientist", aliases="ML Scientist")
    sparse = RoleFactory(name="Prompt Whisperer")
    board.roles = [engineer, scientist, sparse]
    for index, amount in enumerate([90_000, 120_000, 150_000, 180_000, 210_000, 240_000]):
        SalaryRecordFactory(
            role=engineer,
            amount_min=Decimal(amount),
            country="US" if index % 2 else "DE",
            experience_level=ExperienceLevel.SENIOR if index < 4 else ExperienceLevel.MID,
        )
    SalaryRecordFactory.create_batch(7, role=scientist, amount_min=Decimal(130_000))
    SalaryRecordFactory(role=sparse, amount_min=Decimal(99_000))
    # A flagged survey salary: held for review, counted nowhere.
    SalaryRecordFactory(
        role=engineer, amount_min=Decimal(900_000), review_state=ReviewState.NEEDS_REVIEW
    )
    acme, beta = CompanyFactory(name="Acme Data"), CompanyFactory(name="Beta Labs")
    CompanyFactory(name="Gamma Without Jobs")
    now = timezone.now()
    board.shown = [
        FeaturedJobFactory(
            title="Lead Data Engineer",
            company=acme,
            role=engineer,
            experience_level=ExperienceLevel.SENIOR,
            salary_min=Decimal(150_000),
            published_at=now - timedelta(hours=3),
        ),
        PublishedJobFactory(
            title="Remote Data Scientist",
            company=beta,
            role=scientist,
            remote_policy="remote",
            country="",
            location="",
            salary_min=Decimal(60),
            salary_max=Decimal(80),
            salary_period=PayPeriod.HOUR,
            employment_type=EmploymentType.CONTRACT,
            published_at=now - timedelta(days=2),
        ),
        PublishedJobFactory(
            title="Analytics Engineer",
            company=acme,
            role=None,
            experience_level="",
            salary_min=None,
            salary_max=None,
            salary_currency="",
            salary_period="",
            location="Galveston, TX",
            country="US",
            remote_policy="hybrid",
            published_at=now - timedelta(days=5),
        ),
        # A salary the rules flagged and no moderator confirmed: the job shows, the figure not.
        PublishedJobFactory(
            title="Data Engineer, flagged pay",
            company=beta,
            role=engineer,
            salary_min=Decimal(900_000),
            salary_review=ReviewState.NEEDS_REVIEW,
            published_at=now - timedelta(days=6),
        ),
    ]
    for job in board.shown[:2]:
        job.tags.add("python", "sql")
    board.ended = PublishedJobFactory(
        title="Ended Job",
        company=acme,
        published_at=now - timedelta(days=40),
        expires_at=now - timedelta(seconds=1),
    )
    board.hidden = [
        board.ended,
        SubmittedJobFactory(title="Pending Job", company=acme),
        SubmittedJobFactory(title="Rejected Job", company=acme, status=JobStatus.REJECTED),
        SubmittedJobFactory(title="Draft Job", company=acme, status=JobStatus.DRAFT),
    ]
    board.articles = [
        PublishedArticleFactory(
            title="Pay of data engineers", body="## Pay\n\n### By level\n\nText."
        ),
        PublishedArticleFactory(
            title="Older piece", published_at=now - timedelta(days=30), body="No headings."
        ),
    ]
    board.articles[0].roles.add(engineer)
    board.articles[0].tags.add("pay")
    board.draft_article = ArticleFactory(title="Draft piece", status=ArticleStatus.DRAFT)
    return board


@pytest.fixture
def board(db) -> Board:
    return build_board()


@pytest.fixture
def unthrottled(settings):
    """Tests that make many requests in one go are not the throttle's subject."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute"},
    }
