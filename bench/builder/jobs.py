"""Companies, and jobs with their tags and statistics points."""

import math
from datetime import timedelta
from decimal import Decimal

from bench.builder.context import Context
from bench.builder.copying import copy_field, copy_lines, copy_rows, copy_salary_sources
from bench.builder.vocabulary import (
    COMPANY_KINDS,
    COMPANY_WORDS,
    JOB_DRAWS,
    LEVEL_PREFIXES,
    PERIODS,
    REMOTE,
    ROUNDING,
    TAGS,
    TITLE_SUFFIXES,
    UNROLED_TITLES,
    WORDS,
    weighted,
)
from jobs.services import JOB_POSTINGS_SOURCE


def companies(context: Context, count: int) -> None:
    from django.utils.text import slugify

    rng = context.rng
    rows = []
    for index in range(1, count + 1):
        first, second = rng.choice(COMPANY_WORDS), rng.choice(COMPANY_WORDS).lower()
        name = f"{first}{second} {rng.choice(COMPANY_KINDS)}"
        name = f"{name} {index}" if index > 400 else name
        slug = slugify(name) if index > 400 else f"{slugify(name)}-{index}"
        context.company_slugs.append(slug)
        description = (
            f"{name} builds {rng.choice(WORDS)} and {rng.choice(WORDS)} for {rng.choice(WORDS)}."
        )
        rows.append((index, name, slug, f"https://{slug}.example.com/", description))
    copy_rows("jobs_company", ["id", "name", "slug", "website", "description"], rows)


def descriptions(rng, count: int) -> list[tuple[str, str]]:
    """A pool of Markdown job descriptions with their HTML, rendered by the app's own renderer."""
    from web.markdown import render_markdown

    pool = []
    for _ in range(count):
        tags = rng.sample([tag for tag, _w in TAGS], 4)
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45))).capitalize() + "."
            for _ in range(rng.randint(2, 3))
        ]
        markdown = (
            "## About the role\n\n"
            + "\n\n".join(paragraphs)
            + "\n\n## What you will use\n\n"
            + "\n".join(f"- {tag.replace('-', ' ')}" for tag in tags)
            + "\n\n## What we offer\n\n"
            + f"Work on {rng.choice(WORDS)} and {rng.choice(WORDS)} with a kind team.\n"
        )
        pool.append((markdown, render_markdown(markdown)))
    return pool


def salary_range(
    context: Context,
    *,
    base: float,
    level_factor: float,
    country_factor: float,
    currency: str,
    period: str,
):
    """A job's salary range in its own currency and period, judged by the app's rules."""
    from salaries.validation import SalaryRange, assess

    rng = context.rng
    annual = base * level_factor * country_factor * math.exp(rng.gauss(0, 0.25))
    units = context.rates[currency]
    per_year = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}[period]
    step = ROUNDING[period] * (1000 if units > 50 and period == "year" else 1)
    local = annual * float(units) / per_year
    spread = 1.1 + rng.random() * 0.4 if rng.random() > 0.01 else 3.5  # 1%: a wide range
    low = max(step, round(local / spread**0.5 / step) * step)
    high = max(low, round(local * spread**0.5 / step) * step)
    salary = SalaryRange(Decimal(low), Decimal(high), currency, period)
    return salary, assess(salary, units_per_usd=units, rules=context.rules)


def jobs(context: Context, count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    from salaries.validation import midpoint

    rng, now = context.rng, context.now
    draw = JOB_DRAWS
    pick_remote = weighted(REMOTE)
    pick_period = {kind: weighted(pairs) for kind, pairs in PERIODS.items()}
    pick_role = weighted(
        [(role, weight) for role, weight in zip(context.roles, context.role_weights, strict=True)]
    )
    pick_tag = weighted([(index, weight) for index, (_tag, weight) in enumerate(TAGS, start=1)])
    company_weights = [
        (index, 1 / (index**0.6)) for index in range(1, len(context.company_slugs) + 1)
    ]
    pick_company = weighted(company_weights)
    pool = [(copy_field(md), copy_field(html)) for md, html in descriptions(rng, 400)]
    copy_rows(
        "taggit_tag",
        ["id", "name", "slug"],
        (
            (index, tag.replace("-", " ") if tag != "r" else "R", tag)
            for index, (tag, _w) in enumerate(TAGS, start=1)
        ),
    )
    source_id = 1
    copy_salary_sources(
        [
            (
                source_id,
                JOB_POSTINGS_SOURCE,
                "Salary ranges of jobs published here, one point per job.",
                False,
            )
        ]
    )
    job_type = ContentType.objects.get(app_label="jobs", model="job").pk
    context.job_points = []  # written after the survey records, with the ids after theirs
    tagged = []
    job_columns = [
        "id",
        "title",
        "slug",
        "company_id",
        "role_id",
        "location",
        "country",
        "remote_policy",
        "employment_type",
        "experience_level",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
        "salary_annual_usd_min",
        "salary_annual_usd_max",
        "salary_review",
        "salary_review_reasons",
        "salary_review_note",
        "salary_record_id",
        "description",
        "description_html",
        "apply_url",
        "apply_email",
        "status",
        "published_at",
        "expires_at",
        "featured_until",
        "created_by_id",
        "created_at",
        "updated_at",
    ]
    lifetime = timedelta(days=60)

    def rows():
        for job_id in range(1, count + 1):
            role = pick_role(rng) if rng.random() < 0.9 else None
            level = draw.level(rng)
            kind = draw.employment_type(rng)
            remote = pick_remote(rng)
            code, _share, pay, currency, cities = draw.country(rng)
            if remote == "remote" and rng.random() < 0.4:
                code, location, pay, currency = (
                    "",
                    rng.choice(["Anywhere", "Worldwide", ""]),
                    0.8,
                    "USD",
                )
            else:
                location = rng.choice(cities)
            if rng.random() < 0.12:
                currency = "USD"
            if role is not None:
                title = rng.choice(LEVEL_PREFIXES[level]) + role[1] + rng.choice(TITLE_SUFFIXES)
            else:
                title = rng.choice(UNROLED_TITLES)
            u = rng.random()
            if u < 0.88:
                status, published = (
                    "published",
                    now - timedelta(seconds=rng.uniform(60, 59 * 86400)),
                )
                expires = published + lifetime
            elif u < 0.885:  # past its end, not yet marked expired by the cron job
                status, expires = "published", now - timedelta(seconds=rng.uniform(60, 7200))
                published = expires - lifetime
            elif u < 0.935:
                status, published = "expired", now - timedelta(days=rng.uniform(61, 400))
                expires = published + lifetime
            else:
                status = rng.choice(["pending", "pending", "draft", "rejected"])
                published = expires = None
            featured = (
                now + timedelta(days=rng.uniform(1, 30))
                if status == "published" and expires > now and rng.random() < 0.057
                else None
            )
            salary_values = [None, None, "", "", None, None, "accepted", "", ""]
            record_id = None
            if rng.random() < 0.7:
                base = role[3] if role else 130_000
                salary, assessment = salary_range(
                    context,
                    base=base,
                    level_factor=draw.level_factor[level],
                    country_factor=pay,
                    currency=currency,
                    period=pick_period[kind](rng),
                )
                if not assessment.refused:
                    state = assessment.review_state.value
                    salary_values = [
                        salary.minimum,
                        salary.maximum,
                        currency,
                        salary.period,
                        assessment.annual_usd_min,
                        assessment.annual_usd_max,
                        state,
                        assessment.reason_codes,
                        assessment.review_note,
                    ]
                    if status == "published" and role is not None and state == "accepted":
                        record_id = context.survey_size + len(context.job_points) + 1
                        context.job_points.append(
                            (
                                role[0],
                                source_id,
                                None,
                                level,
                                kind,
                                code,
                                published.year,
                                # The job's figures and yearly USD, as copy_accepted_salary
                                # copies them onto its point.
                                *salary_values[:6],
                                midpoint(assessment.annual_usd_min, assessment.annual_usd_max),
                                "accepted",
                                "",
                                "",
                                None,
                                None,
                                published,
                                expires,
                            )
                        )
            company = pick_company(rng)
            markdown, html = pool[rng.randrange(len(pool))]
            created = (published or now) - timedelta(hours=rng.uniform(1, 72))
            for tag in {pick_tag(rng) for _ in range(rng.randint(2, 5))}:
                tagged.append(tag)
                tagged.append(job_id)
            yield "\t".join(
                [
                    str(job_id),
                    title,
                    f"{slugify(title)}-{context.company_slugs[company - 1]}-{job_id}"[:220],
                    str(company),
                    str(role[0]) if role else "\\N",
                    location,
                    code,
                    remote,
                    kind,
                    level,
                    *map(copy_field, salary_values),
                    copy_field(record_id),
                    markdown,
                    html,
                    f"https://{context.company_slugs[company - 1]}.example.com/jobs/{job_id}",
                    "",
                    status,
                    copy_field(published),
                    copy_field(expires),
                    copy_field(featured),
                    "\\N",
                    str(created),
                    str(published or created),
                ]
            )

    copy_lines("jobs_job", job_columns, rows())
    copy_rows(
        "taggit_taggeditem",
        ["tag_id", "object_id", "content_type_id"],
        ((tagged[i], tagged[i + 1], job_type) for i in range(0, len(tagged), 2)),
    )
