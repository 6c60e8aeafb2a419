"""The salaries app's models, one module per concept; imported from here as `salaries.models`."""

from salaries.models.figures import EVERY, EVERY_YEAR, SalaryFigures, SalaryFiguresManager
from salaries.models.rates import ExchangeRate, ExchangeRateQuerySet, currency_code
from salaries.models.records import (
    RECORD_SALARY,
    JudgesSalary,
    SalaryRecord,
    SalaryRecordQuerySet,
    SalaryReviewItem,
    SalarySource,
    SalarySourceQuerySet,
    sources_with_accepted_records,
)
from salaries.models.roles import (
    RESERVED_SLUGS,
    Role,
    RoleQuerySet,
    normalise_title,
    role_slug_text,
)

__all__ = [
    "EVERY",
    "EVERY_YEAR",
    "RECORD_SALARY",
    "RESERVED_SLUGS",
    "ExchangeRate",
    "ExchangeRateQuerySet",
    "JudgesSalary",
    "Role",
    "RoleQuerySet",
    "SalaryFigures",
    "SalaryFiguresManager",
    "SalaryRecord",
    "SalaryRecordQuerySet",
    "SalaryReviewItem",
    "SalarySource",
    "SalarySourceQuerySet",
    "sources_with_accepted_records",
    "currency_code",
    "normalise_title",
    "role_slug_text",
]
