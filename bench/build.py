"""Fills a fresh benchmark database with realistic data, fast: COPY for every large table.

    python -m bench.build --jobs 100000 --salaries 1000000 --articles 2000

Run by bench/run.py with DATABASE_URL naming a database made by bench/databases.py (this module
refuses any other). The data follows the app's rules: every salary's yearly USD figures come from
salaries.validation.assess(), exactly as the admin and the importer derive them, and a published
job with an accepted salary has its statistics point, as jobs.services writes it. The mix (types,
levels, remote, countries, currencies, pay periods) is chosen so that filters select the fractions
a real board would: see the tables below.
"""

import argparse
import bisect
import itertools
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SNAPSHOT = PROJECT / "salaries/data/aijobs/salaries_aijobs_2023-05-14_prefloor.csv"
# Bumped whenever the data changes shape, so that a kept database is rebuilt.
BUILDER_VERSION = 3
SEED = 20240607
COMPANIES = 2_000
ROLES = 150
JOB_POSTINGS_SOURCE = "Jobboard job postings"  # the name jobs.services gives its source
SURVEY_SOURCES = [
    "Bench survey 2021",
    "Bench survey 2022",
    "Bench survey 2023",
    "Bench survey 2024",
]

# Roles beyond the survey's 100 titles, so that the board has 150.
EXTRA_ROLES = [
    "MLOps Engineer",
    "LLM Engineer",
    "Prompt Engineer",
    "AI Product Manager",
    "Data Platform Engineer",
    "Analytics Manager",
    "Data Quality Engineer",
    "Data Governance Lead",
    "Feature Store Engineer",
    "Search Relevance Engineer",
    "Recommender Systems Engineer",
    "Data Visualization Engineer",
    "AI Safety Researcher",
    "Speech Scientist",
    "Geospatial Data Scientist",
    "Bioinformatics Scientist",
    "Quantitative Analyst",
    "Risk Data Scientist",
    "Pricing Analyst",
    "Growth Analyst",
    "Marketing Data Scientist",
    "Product Data Scientist",
    "Data Reliability Engineer",
    "Streaming Data Engineer",
    "Data Warehouse Architect",
    "Knowledge Graph Engineer",
    "Robotics Perception Engineer",
    "Autonomy Engineer",
    "Simulation Engineer",
    "Data Labeling Manager",
    "AI Ethics Lead",
    "Data Steward",
    "Clinical Data Scientist",
    "Credit Risk Modeler",
    "Fraud Data Scientist",
    "Supply Chain Data Scientist",
    "Sports Analyst",
    "Decision Scientist",
    "Econometrician",
    "Experimentation Scientist",
    "GenAI Engineer",
    "Vector Database Engineer",
    "Model Risk Analyst",
    "AI Infrastructure Engineer",
    "Data Privacy Engineer",
    "Revenue Analyst",
    "People Analytics Lead",
    "Healthcare Data Analyst",
    "Insurance Data Scientist",
    "Energy Data Analyst",
]

# code, share of jobs and survey answers, pay against the US, local currency, cities
COUNTRIES = [
    ("US", 0.560, 1.00, "USD", ["New York, NY", "San Francisco, CA", "Austin, TX", "Seattle, WA"]),
    ("GB", 0.070, 0.62, "GBP", ["London", "Manchester", "Edinburgh"]),
    ("CA", 0.045, 0.75, "CAD", ["Toronto, ON", "Vancouver, BC", "Montreal, QC"]),
    ("DE", 0.045, 0.65, "EUR", ["Berlin", "Munich", "Hamburg"]),
    ("IN", 0.035, 0.22, "INR", ["Bengaluru", "Hyderabad", "Pune"]),
    ("ES", 0.030, 0.45, "EUR", ["Madrid", "Barcelona"]),
    ("FR", 0.025, 0.55, "EUR", ["Paris", "Lyon"]),
    ("NL", 0.018, 0.65, "EUR", ["Amsterdam", "Rotterdam"]),
    ("AU", 0.016, 0.75, "AUD", ["Sydney", "Melbourne"]),
    ("BR", 0.012, 0.30, "BRL", ["São Paulo", "Rio de Janeiro"]),
    ("PL", 0.010, 0.40, "PLN", ["Warsaw", "Kraków"]),
    ("PT", 0.009, 0.40, "EUR", ["Lisbon", "Porto"]),
    ("IE", 0.008, 0.70, "EUR", ["Dublin"]),
    ("CH", 0.008, 1.00, "CHF", ["Zurich", "Geneva"]),
    ("SG", 0.007, 0.75, "SGD", ["Singapore"]),
    ("MX", 0.007, 0.30, "MXN", ["Mexico City", "Guadalajara"]),
    ("JP", 0.006, 0.55, "JPY", ["Tokyo", "Osaka"]),
    ("IT", 0.006, 0.45, "EUR", ["Milan", "Rome"]),
    ("SE", 0.006, 0.60, "SEK", ["Stockholm"]),
    ("DK", 0.004, 0.70, "DKK", ["Copenhagen"]),
    ("NO", 0.004, 0.70, "NOK", ["Oslo"]),
    ("IL", 0.004, 0.80, "ILS", ["Tel Aviv"]),
    ("AE", 0.004, 0.70, "AED", ["Dubai"]),
    ("GR", 0.004, 0.35, "EUR", ["Athens"]),
    ("AT", 0.004, 0.60, "EUR", ["Vienna"]),
    ("BE", 0.004, 0.60, "EUR", ["Brussels"]),
    ("FI", 0.003, 0.55, "EUR", ["Helsinki"]),
    ("NZ", 0.003, 0.65, "NZD", ["Auckland"]),
    ("ZA", 0.003, 0.35, "ZAR", ["Cape Town", "Johannesburg"]),
    ("NG", 0.003, 0.20, "NGN", ["Lagos"]),
    ("AR", 0.003, 0.25, "ARS", ["Buenos Aires"]),
    ("CO", 0.003, 0.25, "COP", ["Bogotá", "Medellín"]),
    ("TR", 0.003, 0.25, "TRY", ["Istanbul"]),
    ("CZ", 0.003, 0.40, "CZK", ["Prague"]),
    ("RO", 0.003, 0.35, "RON", ["Bucharest"]),
    ("HU", 0.002, 0.35, "HUF", ["Budapest"]),
    ("UA", 0.002, 0.30, "UAH", ["Kyiv"]),
    ("KE", 0.002, 0.20, "KES", ["Nairobi"]),
    ("PH", 0.002, 0.20, "PHP", ["Manila"]),
    ("HK", 0.002, 0.70, "HKD", ["Hong Kong"]),
]
LEVELS = [
    ("SE", 0.42, 1.10),
    ("MI", 0.30, 0.85),
    ("EN", 0.12, 0.62),
    ("EX", 0.08, 1.45),
    ("", 0.08, 0.95),
]
SURVEY_LEVELS = [("SE", 0.66, 1.10), ("MI", 0.21, 0.85), ("EN", 0.09, 0.62), ("EX", 0.04, 1.45)]
TYPES = [("FT", 0.82), ("CT", 0.09), ("PT", 0.04), ("FL", 0.03), ("IN", 0.02)]
SURVEY_TYPES = [("FT", 0.965), ("CT", 0.012), ("PT", 0.01), ("FL", 0.008), ("IN", 0.005)]
REMOTE = [("onsite", 0.45), ("hybrid", 0.25), ("remote", 0.30)]
# Pay periods a job of each employment type uses, and how finely its amounts are rounded.
PERIODS = {
    "FT": [("year", 0.94), ("month", 0.05), ("hour", 0.01)],
    "CT": [("hour", 0.50), ("day", 0.25), ("month", 0.15), ("year", 0.10)],
    "PT": [("hour", 0.80), ("month", 0.20)],
    "FL": [("hour", 0.70), ("day", 0.30)],
    "IN": [("month", 0.70), ("hour", 0.30)],
}
ROUNDING = {"year": 1000, "month": 100, "week": 50, "day": 10, "hour": 1}
YEARS = [
    (2020, 0.03, 0.88),
    (2021, 0.07, 0.92),
    (2022, 0.20, 0.96),
    (2023, 0.35, 1.00),
    (2024, 0.25, 1.03),
    (2025, 0.10, 1.05),
]
TAGS = [
    ("python", 0.55),
    ("sql", 0.50),
    ("aws", 0.25),
    ("spark", 0.20),
    ("airflow", 0.12),
    ("dbt", 0.10),
    ("kafka", 0.08),
    ("snowflake", 0.10),
    ("databricks", 0.08),
    ("gcp", 0.12),
    ("azure", 0.12),
    ("pytorch", 0.15),
    ("tensorflow", 0.10),
    ("llm", 0.12),
    ("nlp", 0.08),
    ("computer-vision", 0.05),
    ("kubernetes", 0.07),
    ("docker", 0.08),
    ("scala", 0.05),
    ("java", 0.05),
    ("r", 0.06),
    ("tableau", 0.07),
    ("power-bi", 0.06),
    ("looker", 0.04),
    ("statistics", 0.10),
    ("mlops", 0.06),
    ("etl", 0.08),
    ("data-modeling", 0.06),
    ("excel", 0.05),
    ("go", 0.02),
    ("rust", 0.01),
    ("bigquery", 0.05),
    ("postgresql", 0.05),
    ("mongodb", 0.02),
    ("hadoop", 0.02),
    ("a-b-testing", 0.03),
    ("forecasting", 0.03),
    ("recommendation", 0.02),
    ("deep-learning", 0.08),
    ("generative-ai", 0.06),
]
TITLE_SUFFIXES = [
    "",
    "",
    "",
    "",
    ", Platform",
    ", Payments",
    " – Growth",
    ", Risk",
    " (Remote)",
    ", Search",
    ", Marketplace",
    " – Healthcare",
    ", Infrastructure",
    ", Ads",
]
LEVEL_PREFIXES = {
    "SE": ["Senior ", "Senior ", ""],
    "EX": ["Head of ", "Director, ", "Principal "],
    "EN": ["Junior ", "Associate ", ""],
    "MI": ["", ""],
    "": [""],
}
UNROLED_TITLES = [
    "Software Engineer, Data Tools",
    "Solutions Architect",
    "Technical Writer (AI)",
    "Developer Advocate",
    "Product Manager, Data",
    "Site Reliability Engineer",
]
COMPANY_WORDS = [
    "Allo",
    "Brio",
    "Cobalt",
    "Delta",
    "Ember",
    "Fathom",
    "Granite",
    "Helix",
    "Iris",
    "Juno",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orbit",
    "Pioneer",
    "Quanta",
    "Rhea",
    "Sable",
    "Tidal",
    "Umbra",
    "Vertex",
    "Willow",
    "Xeno",
    "Yarrow",
    "Zephyr",
]
COMPANY_KINDS = [
    "Labs",
    "AI",
    "Analytics",
    "Data",
    "Systems",
    "Health",
    "Bank",
    "Robotics",
    "Insurance",
    "Energy",
    "Logistics",
    "Games",
    "Retail",
    "Bio",
    "Cloud",
    "Security",
]
WORDS = (
    "data pipelines models platform customers product analytics experiments warehouse quality "
    "latency scale insights dashboards features training inference evaluation reliability team "
    "stakeholders roadmap metrics ownership design reviews mentoring documentation streaming batch "
    "governance privacy forecasting ranking search recommendations fraud pricing growth research"
).split()


def weighted(pairs):
    """A sampler over [(value, weight, ...)]: random.choices' cumulative search, set up once."""
    values = [pair[0] for pair in pairs]
    cumulative = list(itertools.accumulate(pair[1] for pair in pairs))
    total = cumulative[-1]

    def pick(rng):
        return values[bisect.bisect(cumulative, rng.random() * total)]

    return pick


@dataclass
class Context:
    rng: random.Random
    now: object
    rates: dict
    rules: object
    roles: list  # (id, name, slug, base yearly USD)
    role_weights: list
    company_slugs: list
    survey_size: int = 0
    job_points: list | None = None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--salaries", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=2_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    build(jobs=args.jobs, salaries=args.salaries, articles=args.articles)


def build(*, jobs: int, salaries: int, articles: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.databases import MARKER, NAME
    from jobs.listings import rebuild_all_listings

    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not NAME.match(name):
        sys.exit(f"bench.build: refusing to fill {name}: not a benchmark database.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        if cursor.fetchone()[0] != MARKER:
            sys.exit(f"bench.build: refusing to fill {name}: it lacks the benchmark's mark.")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_build (builder_version int, jobs int, salaries int, "
            "articles int, seed bigint, build_seconds float, built_at timestamptz, "
            "complete boolean DEFAULT false)"
        )
    timings = {"migrate": time.perf_counter() - started}
    context = _context()
    context.survey_size = salaries
    # One transaction: the jobs point at salary records written after them (the foreign keys
    # are checked at commit), and a build that fails leaves nothing half-made.
    with transaction.atomic():
        for step, function, size in [
            ("companies", _companies, COMPANIES),
            ("jobs and their salary points", _jobs, jobs),
            ("survey salary records", _survey_records, salaries),
            ("articles", _articles, articles),
        ]:
            step_started = time.perf_counter()
            function(context, size)
            timings[step] = time.perf_counter() - step_started
            print(f"  {step}: {size:,} in {timings[step]:.1f} s", flush=True)
        # The search's table, as the app's writes keep it (COPY skips them): one statement.
        step_started = time.perf_counter()
        listed = rebuild_all_listings()
        timings["search listings"] = time.perf_counter() - step_started
        print(f"  search listings: {listed:,} in {timings['search listings']:.1f} s", flush=True)
    step_started = time.perf_counter()
    _reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - step_started
    _check_sample(context)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_build VALUES (%s, %s, %s, %s, %s, %s, now(), true)",
            [BUILDER_VERSION, jobs, salaries, articles, SEED, seconds],
        )
    print(f"  built in {seconds:.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})")


def _context() -> Context:
    from django.utils import timezone
    from django.utils.text import slugify

    from salaries.models import ExchangeRate
    from salaries.validation import Rules

    rng = random.Random(SEED)
    import csv
    from collections import Counter

    with open(SNAPSHOT, newline="") as handle:
        counts = Counter(row["job_title"] for row in csv.DictReader(handle))
    names = [title for title, _count in counts.most_common()]
    known = {name.casefold() for name in names}
    names += [name for name in EXTRA_ROLES if name.casefold() not in known]
    names = names[:ROLES]
    roles = []
    for index, name in enumerate(names, start=1):
        base = rng.uniform(95_000, 165_000)
        if any(word in name for word in ("Manager", "Head", "Director", "Lead", "Principal")):
            base *= 1.3
        if "Analyst" in name:
            base *= 0.72
        roles.append((index, name, slugify(name), base))
    _copy(
        "salaries_role",
        ["id", "name", "slug", "aliases"],
        ((index, name, slug, "") for index, name, slug, _base in roles),
    )
    # Zipf's law over the survey's order: Data Engineer has the most data, as in the survey.
    role_weights = [1 / rank for rank in range(1, len(roles) + 1)]
    rates = ExchangeRate.objects.latest_rates()
    return Context(rng, timezone.now(), rates, Rules.from_settings(), roles, role_weights, [])


class _Lines:
    """A file-like object over an iterator of COPY lines, for copy_expert."""

    def __init__(self, lines):
        self.lines = iter(lines)
        self.buffer = ""

    def read(self, size=-1):
        size = 1 << 20 if size is None or size < 0 else size
        chunks, length = [self.buffer], len(self.buffer)
        for line in self.lines:
            chunks.append(line)
            length += len(line)
            if length >= size:
                break
        text = "".join(chunks)
        self.buffer = text[size:]
        return text[:size]

    readline = read


ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _field(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(ESCAPES)
    return str(value)


def _rest(table: str, columns: list[str]) -> str:
    """The COPY text for a table's other columns: each field's default, as the ORM would save.

    The schema moves while the board grows; a column this builder does not know yet gets what
    an unset field gets, and a column with no default stops the build with its name."""
    from django.apps import apps
    from django.db import connection, models

    models_by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    model = models_by_table.get(table)
    if model is None:
        return ""
    values = []
    for field in model._meta.concrete_fields:
        if field.column in columns or isinstance(field, models.AutoField | models.BigAutoField):
            continue
        if isinstance(field, models.JSONField):
            value = json.dumps(field.get_default())
        elif field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            value = None
        elif isinstance(field, models.CharField | models.TextField):
            value = ""
        else:
            raise SystemExit(f"bench.build: no value for {table}.{field.column}; teach build.py.")
        columns.append(field.column)
        values.append(_field(value))
    return "".join("\t" + value for value in values)


def _copy(table: str, columns: list[str], rows) -> None:
    """COPY rows (tuples of Python values) into table."""
    _copy_lines(table, columns, ("\t".join(map(_field, row)) for row in rows))


def _copy_lines(table: str, columns: list[str], lines) -> None:
    """COPY lines of COPY text (without their newline) into table, other columns defaulted."""
    from django.db import connection

    columns = list(columns)
    rest = _rest(table, columns) + "\n"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN",
            _Lines(line + rest for line in lines),
            size=1 << 20,
        )


def _companies(context: Context, count: int) -> None:
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
    _copy("jobs_company", ["id", "name", "slug", "website", "description"], rows)


def _descriptions(rng, count: int) -> list[tuple[str, str]]:
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


def _salary(
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


def _jobs(context: Context, count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    from salaries.validation import midpoint

    rng, now = context.rng, context.now
    pick_country = weighted(COUNTRIES)
    country_info = {row[0]: row for row in COUNTRIES}
    pick_level = weighted(LEVELS)
    level_factor = {code: factor for code, _w, factor in LEVELS}
    pick_type = weighted(TYPES)
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
    pool = [
        (md.translate(ESCAPES), html.translate(ESCAPES)) for md, html in _descriptions(rng, 400)
    ]
    _copy(
        "taggit_tag",
        ["id", "name", "slug"],
        (
            (index, tag.replace("-", " ") if tag != "r" else "R", tag)
            for index, (tag, _w) in enumerate(TAGS, start=1)
        ),
    )
    source_id = 1
    _copy(
        "salaries_salarysource",
        [
            "id",
            "name",
            "description",
            "from_file",
            "checksum",
            "rows_read",
            "rows_imported",
            "rows_flagged",
            "rows_refused",
        ],
        [
            (
                source_id,
                JOB_POSTINGS_SOURCE,
                "Salary ranges of jobs published here, one point per job.",
                False,
                "",
                0,
                0,
                0,
                0,
            )
        ],
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
            level = pick_level(rng)
            kind = pick_type(rng)
            remote = pick_remote(rng)
            code, _share, pay, currency, cities = country_info[pick_country(rng)]
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
                salary, assessment = _salary(
                    context,
                    base=base,
                    level_factor=level_factor[level],
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
                                currency,
                                salary.minimum,
                                salary.maximum,
                                salary.period,
                                assessment.annual_usd_min,
                                assessment.annual_usd_max,
                                midpoint(assessment.annual_usd_min, assessment.annual_usd_max),
                                "accepted",
                                "",
                                "",
                                None,
                                None,
                                expires,
                                published,
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
                    *map(_field, salary_values),
                    _field(record_id),
                    markdown,
                    html,
                    f"https://{context.company_slugs[company - 1]}.example.com/jobs/{job_id}",
                    "",
                    status,
                    _field(published),
                    _field(expires),
                    _field(featured),
                    "\\N",
                    str(created),
                    str(published or created),
                ]
            )

    _copy_lines("jobs_job", job_columns, rows())
    _copy(
        "taggit_taggeditem",
        ["tag_id", "object_id", "content_type_id"],
        ((tagged[i], tagged[i + 1], job_type) for i in range(0, len(tagged), 2)),
    )


def _survey_records(context: Context, count: int) -> None:
    """The survey answers, then the published jobs' points, with the ids the jobs expect."""
    from salaries.validation import SalaryRange, assess

    rng, now = context.rng, context.now
    pick_country = weighted(COUNTRIES)
    country_info = {row[0]: row for row in COUNTRIES}
    pick_level = weighted(SURVEY_LEVELS)
    level_factor = {code: factor for code, _w, factor in SURVEY_LEVELS}
    pick_type = weighted(SURVEY_TYPES)
    pick_year = weighted(YEARS)
    year_factor = {year: factor for year, _w, factor in YEARS}
    pick_role = weighted(list(zip(context.roles, context.role_weights, strict=True)))
    sources = list(range(2, 2 + len(SURVEY_SOURCES)))
    _copy(
        "salaries_salarysource",
        [
            "id",
            "name",
            "description",
            "from_file",
            "checksum",
            "rows_read",
            "rows_imported",
            "rows_flagged",
            "rows_refused",
            "imported_at",
        ],
        [
            (sid, name, "Generated by bench/build.py", True, "", 0, 0, 0, 0, now)
            for sid, name in zip(sources, SURVEY_SOURCES, strict=True)
        ],
    )
    columns = [
        "id",
        "role_id",
        "source_id",
        "line",
        "experience_level",
        "employment_type",
        "country",
        "year",
        "currency",
        "amount_min",
        "amount_max",
        "period",
        "annual_usd_min",
        "annual_usd_max",
        "annual_usd",
        "review_state",
        "review_reasons",
        "review_note",
        "reviewed_by_id",
        "reviewed_at",
        "valid_until",
        "created_at",
    ]
    rules = context.rules
    cache = {}

    def rows():
        for record_id in range(1, count + 1):
            role = pick_role(rng)
            level = pick_level(rng)
            code, _share, pay, currency, _cities = country_info[pick_country(rng)]
            if rng.random() < 0.2:
                currency = "USD"  # surveys abroad often answer in dollars
            year = pick_year(rng)
            annual = role[3] * level_factor[level] * pay * year_factor[year]
            annual *= math.exp(rng.gauss(0, 0.3))
            u = rng.random()
            if u < 0.015:
                annual = rng.uniform(5_000, 14_000)  # below the review floor: held
            elif u < 0.02:
                annual = rng.uniform(1_100_000, 3_000_000)  # above the ceiling: held
            units = context.rates[currency]
            step = 1000 if units < 50 else 100_000
            amount = Decimal(max(step, round(annual * float(units) / step) * step))
            key = (amount, currency)
            assessment = cache.get(key)
            if assessment is None:
                assessment = assess(
                    SalaryRange(amount, amount, currency, "year"), units_per_usd=units, rules=rules
                )
                cache[key] = assessment
            if assessment.refused:
                amount = Decimal(100_000)
                currency, assessment = (
                    "USD",
                    assess(
                        SalaryRange(amount, amount, "USD", "year"),
                        units_per_usd=Decimal(1),
                        rules=rules,
                    ),
                )
            state = assessment.review_state.value
            if state == "needs_review" and rng.random() < 0.3:
                state = "rejected"
            yield (
                record_id,
                role[0],
                rng.choice(sources),
                record_id,
                level,
                pick_type(rng),
                code,
                year,
                currency,
                amount,
                amount,
                "year",
                assessment.annual_usd_min,
                assessment.annual_usd_max,
                assessment.annual_usd,
                state,
                assessment.reason_codes,
                assessment.review_note,
                None,
                None,
                None,
                now,
            )
        for offset, point in enumerate(context.job_points, start=1):
            yield (count + offset, *point)

    _copy("salaries_salaryrecord", columns, rows())
    print(f"  job salary points: {len(context.job_points):,}", flush=True)


def _articles(context: Context, count: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    rng, now = context.rng, context.now
    bodies = []
    for _ in range(60):
        sections = []
        for heading in rng.sample(
            [
                "Why it matters",
                "What the data says",
                "Skills",
                "Pay",
                "Interviews",
                "Remote work",
                "Career paths",
                "Tools",
            ],
            5,
        ):
            paragraphs = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."
                for _ in range(3)
            ]
            sections.append(f"## {heading}\n\n" + "\n\n".join(paragraphs))
        bodies.append("\n\n".join(sections) + "\n")
    patterns = [
        "How much does a {role} earn in {year}?",
        "{n} skills every {role} needs",
        "From analyst to {role}: a career guide",
        "What a {role} does all day",
        "Interviewing for {role} jobs",
        "Remote {role} jobs: what pays",
    ]
    # Articles go through the ORM (save() derives their HTML, contents and word count): a few
    # thousand saves take seconds, and the build stays right whatever save() derives next.
    from articles.models import Article

    role_links, tagged = [], []
    article_type = ContentType.objects.get(app_label="articles", model="article").pk
    for article_id in range(1, count + 1):
        role = context.roles[min(int(rng.paretovariate(1.2)) - 1, len(context.roles) - 1)]
        title = rng.choice(patterns).format(
            role=role[1], year=rng.choice([2023, 2024, 2025]), n=rng.randint(5, 12)
        )
        published = rng.random() < 0.95
        Article(
            id=article_id,
            title=title,
            slug=f"{slugify(title)}-{article_id}",
            summary=f"{title} A short answer, with data.",
            body=bodies[rng.randrange(len(bodies))],
            author_name=rng.choice(["Ada Byte", "Grace Hopper", "Alan Kay"]),
            status="published" if published else "draft",
            published_at=now - timedelta(days=rng.uniform(1, 1000)) if published else None,
        ).save(force_insert=True)
        for role_id in {role[0], rng.randint(1, len(context.roles))}:
            role_links.append((article_id, role_id))
        for tag in rng.sample(range(1, len(TAGS) + 1), 2):
            tagged.append((tag, article_id, article_type))
    _copy("articles_article_roles", ["article_id", "role_id"], role_links)
    _copy("taggit_taggeditem", ["tag_id", "object_id", "content_type_id"], tagged)


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _check_sample(context: Context) -> None:
    """The stored yearly figures are the app's own: re-derive a sample through the rules."""
    from salaries.models import SalaryRecord
    from salaries.validation import assess

    sample = SalaryRecord.objects.order_by("?")[:500]
    for record in sample:
        assessment = assess(
            record.salary, units_per_usd=context.rates[record.currency], rules=context.rules
        )
        assert (assessment.annual_usd_min, assessment.annual_usd_max) == (
            record.annual_usd_min,
            record.annual_usd_max,
        ), record.pk


if __name__ == "__main__":
    main()
