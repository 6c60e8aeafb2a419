"""Load the demo: roles, the 2023 salary snapshot, companies, jobs, articles and, with debug on,
demo accounts. Idempotent: what exists is left alone, so running it twice changes nothing."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

import salaries
from alerts.emails import link
from alerts.models import AlertStatus
from alerts.search import canonical_query, describe
from alerts.services import alert_confirm, alert_subscribe
from alerts.tokens import Purpose
from articles.models import Article, ArticleStatus
from jobboard.demo.alerts import ALERT
from jobboard.demo.articles import ARTICLES
from jobboard.demo.descriptions import DESCRIPTIONS
from jobboard.demo.jobs import COMPANIES, JOBS, ROLES
from jobs.models import Company, CompanyMembership, Job
from jobs.review import job_create, job_publish, job_reject, job_submit
from jobs.staff import EMPLOYERS_GROUP, MODERATORS_GROUP
from salaries import figures
from salaries.importer import import_salary_file
from salaries.models import Role, SalaryFigures, SalaryRecord

SNAPSHOT = Path(salaries.__file__).parent / "data/aijobs/salaries_aijobs_2023-05-14_prefloor.csv"
SNAPSHOT_SOURCE = "ai-jobs.net 2023-05-14"
SNAPSHOT_DESCRIPTION = "ai-jobs.net salary survey, snapshot of 2023-05-14, CC0"

# username, password, what they can do, group, company
ACCOUNTS = [
    ("admin", "jobboard-admin", "superuser: everything", None, None),
    (
        "moderator",
        "jobboard-moderator",
        "moderator: reviews jobs, salaries, articles",
        MODERATORS_GROUP,
        None,
    ),
    ("allora", "jobboard-allora", "employer at Allora Labs", EMPLOYERS_GROUP, "Allora Labs"),
    ("occam", "jobboard-occam", "employer at Occam AI", EMPLOYERS_GROUP, "Occam AI"),
]

# What the demo accounts find in the admin: jobs the employers sent for review, one with a salary
# the rules question (its employer ticked "this salary is correct"), one a moderator turned down.
# title, employer, role, salary (min, max, currency, period), employer's tick, rejection reason
REVIEW_EXAMPLES = [
    (
        "Applied Scientist, Forecasting",
        "allora",
        "Research Scientist",
        ("150000", "190000", "USD", "year"),
        False,
        "",
    ),
    ("Data Labelling Lead", "allora", "Data Analyst", ("15", "70", "USD", "hour"), True, ""),
    (
        "Growth Engineer",
        "allora",
        "Software Engineer",
        None,
        False,
        "Say what the job is: the description is about the company only. A salary range would "
        "help too.",
    ),
    (
        "Agent Evaluation Engineer",
        "occam",
        "Machine Learning Engineer",
        ("140000", "175000", "USD", "year"),
        False,
        "",
    ),
]


def demo_job(title: str, company: Company, salary: tuple | None, **fields) -> Job | None:
    """A new demo job with its description and apply link; None when the demo has it already.
    salary as the specs write it: ("150000", "190000", "USD", "year"), or none."""
    if Job.objects.filter(title=title, company=company).exists():
        return None
    job = Job(
        title=title,
        company=company,
        description=DESCRIPTIONS[title],
        apply_url=f"https://example.com/careers/{slugify(title)}",
        **fields,
    )
    if salary:
        low, high, job.salary_currency, job.salary_period = salary
        job.salary_min, job.salary_max = Decimal(low), Decimal(high)
    return job


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Demo accounts are created only when DEBUG is on."

    def handle(self, *args, **options):
        self.roles()
        self.snapshot()
        companies = self.companies()
        self.jobs(companies)
        self.articles()
        if settings.DEBUG:
            self.accounts(companies)
            self.alert()
        else:
            self.stdout.write("Debug is off: no demo accounts created, and no demo job alert.")

    def roles(self):
        for name, aliases in ROLES:
            Role.objects.get_or_create(
                name__iexact=name, defaults={"name": name, "aliases": "\n".join(aliases)}
            )

    def snapshot(self):
        report = import_salary_file(
            path=SNAPSHOT,
            source_name=SNAPSHOT_SOURCE,
            description=SNAPSHOT_DESCRIPTION,
            skip_if_unchanged=True,
        )
        if report.unchanged:
            self.stdout.write(f"Salary snapshot already loaded ({SNAPSHOT_SOURCE}).")
            if not SalaryFigures.objects.exists() and SalaryRecord.objects.accepted().exists():
                # A demo database from before the figures table: fill it once, as
                # `manage.py rebuild_salary_figures` would, so that its salary pages show figures.
                self.stdout.write(f"Salary figures: {figures.rebuild():,} rows computed.")
        else:
            self.stdout.write(
                f"Salary snapshot: {report.imported:,} of {report.read:,} rows imported, "
                f"{report.flagged_rows:,} flagged for review, {report.refused_rows:,} refused."
            )

    def companies(self) -> dict[str, Company]:
        companies = {}
        for name, website, description in COMPANIES:
            companies[name], _ = Company.objects.get_or_create(
                slug=slugify(name),
                defaults={"name": name, "website": website, "description": description},
            )
        return companies

    def jobs(self, companies):
        now = timezone.now()
        roles = {role.name: role for role in Role.objects.all()}
        created = 0
        for age, spec in enumerate(JOBS):
            (
                title,
                company_name,
                role_name,
                location,
                country,
                remote,
                employment,
                level,
                salary,
                featured,
                tags,
            ) = spec
            job = demo_job(
                title,
                companies[company_name],
                salary,
                role=roles.get(role_name),
                location=location,
                country=country,
                remote_policy=remote,
                employment_type=employment,
                experience_level=level,
                featured_until=now + timedelta(days=30) if featured else None,
            )
            if job is None:
                continue
            try:
                with transaction.atomic():
                    job_create(job=job)
                    job.tags.set(tags)
                    job_submit(job=job)
                    job_publish(job=job, now=now - timedelta(days=age, hours=age))
            except ValidationError as error:
                self.stdout.write(
                    self.style.WARNING(
                        f"Refused by the salary rules, not loaded: {title} @ {company_name}: "
                        + " ".join(error.messages)
                    )
                )
                continue
            created += 1
        self.stdout.write(
            f"Jobs: {Job.objects.visible().count()} on the board ({created} new this run)."
        )

    def articles(self):
        roles = {role.name: role for role in Role.objects.all()}
        created = 0
        for spec in ARTICLES:
            if Article.objects.filter(slug=spec["slug"]).exists():
                continue
            article = Article(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                author_name=spec["author_name"],
                body=spec["body"],
                status=ArticleStatus.PUBLISHED,
                published_at=spec["published_at"],
            )
            article.full_clean()
            article.save()
            article.roles.set([roles[name] for name in spec["roles"] if name in roles])
            article.tags.set(spec["tags"])
            created += 1
        self.stdout.write(
            f"Articles: {Article.objects.published().count()} published ({created} new this run)."
        )

    def accounts(self, companies):
        User = get_user_model()
        lines, users = [], {}
        for username, password, what, group_name, company_name in ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": group_name is None,
                    "email": f"{username}@example.com",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if company_name:
                CompanyMembership.objects.get_or_create(user=user, company=companies[company_name])
            users[username] = user
            lines.append(f"  {username:<10} {password:<20} {what}")
        self.review_examples(users)
        self.stdout.write(self.style.SUCCESS("Demo accounts (log in at /admin/):"))
        self.stdout.write("\n".join(lines))

    def alert(self):
        """A confirmed job alert, made as a job seeker's would be (debug only: it has an address
        that receives nothing, which a real mail server would try anyway)."""
        query = canonical_query(ALERT["query"])
        alert = alert_subscribe(
            email=ALERT["email"], frequency=ALERT["frequency"], query=query
        ).alert
        if alert.status == AlertStatus.PENDING:
            confirmed = timezone.now() - timedelta(days=ALERT["confirmed_days_ago"])
            alert = alert_confirm(alert=alert, now=confirmed)
        self.stdout.write(
            f"Demo job alert: {alert.subscriber.email}, {alert.get_frequency_display().lower()}, "
            f"“{describe(query)}”. `manage.py send_job_alerts` prints its email; manage it at\n"
            f"  {link(alert, Purpose.MANAGE)}"
        )

    def review_examples(self, users):
        """Jobs waiting for the moderator, written as the employers and the moderator would."""
        roles = {role.name: role for role in Role.objects.all()}
        for title, username, role_name, salary, confirmed, reason in REVIEW_EXAMPLES:
            employer = users[username]
            company = employer.company_memberships.get().company
            job = demo_job(
                title, company, salary, role=roles.get(role_name), remote_policy="remote"
            )
            if job is None:
                continue
            with transaction.atomic():
                job_create(job=job, by=employer, salary_confirmed=confirmed)
                if reason:
                    job_reject(job=job, by=users["moderator"], reason=reason)
