"""The jobs app's models, one module a concept: companies (company.py), jobs and when they are
on the board (job.py), the search's narrow table (listing.py), and employers' edits waiting for
review (changes.py). Everything is imported from here: `from jobs.models import Job`."""

from jobs.models.changes import CompanyChange, Difference, JobChange, ProposedChange
from jobs.models.company import Company, CompanyMembership, EmployerEmailSettings, is_web_address
from jobs.models.job import (
    JOB_SALARY,
    Job,
    JobQuerySet,
    JobStatus,
    RemotePolicy,
    cards_in_order,
    ended_q,
    job_for_page,
    on_board_q,
    public_salary_q,
    visible_q,
)
from jobs.models.listing import (
    DAY_FORMAT,
    SEARCH_CONFIG,
    ListedPlace,
    Listing,
    ListingTag,
    Mark,
)

__all__ = [
    "DAY_FORMAT",
    "JOB_SALARY",
    "SEARCH_CONFIG",
    "Company",
    "CompanyChange",
    "CompanyMembership",
    "Difference",
    "EmployerEmailSettings",
    "Job",
    "JobChange",
    "JobQuerySet",
    "JobStatus",
    "ListedPlace",
    "Listing",
    "ListingTag",
    "Mark",
    "ProposedChange",
    "RemotePolicy",
    "cards_in_order",
    "job_for_page",
    "ended_q",
    "is_web_address",
    "on_board_q",
    "public_salary_q",
    "visible_q",
]
