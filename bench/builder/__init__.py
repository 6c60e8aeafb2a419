"""Fills a fresh benchmark database with realistic data, fast: COPY for every large table.

    python -m bench.builder --jobs 100000 --salaries 1000000 --articles 2000

Run by bench/run.py with DATABASE_URL naming a database made by bench/databases.py (this module
refuses any other). The data follows the app's rules: every salary's yearly USD figures come from
salaries.validation.assess(), exactly as the admin and the importer derive them, and a published
job with an accepted salary has its statistics point, as jobs.services writes it. The mix (types,
levels, remote, countries, currencies, pay periods) is chosen so that filters select the fractions
a real board would: see the tables below.
"""

import argparse
import os
import sys
import time

from bench.builder.vocabulary import COMPANIES, SEED

# Bumped whenever the data changes shape, so that a kept database is rebuilt.
# 7: a day lexeme in the document; 6: company, role and place lexemes in the document; 5: listings
# under each tag (jobs.models.ListingTag); 4: written in order
BUILDER_VERSION = 7


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

    # The steps read the app's models: imported once Django is set up (run.py reads only the
    # version above, without Django).
    from bench.builder.articles import articles as build_articles
    from bench.builder.context import new_context
    from bench.builder.jobs import companies as build_companies
    from bench.builder.jobs import jobs as build_jobs
    from bench.builder.surveys import survey_records as build_survey_records
    from bench.databases import MARKER, NAME
    from jobs.listings import rebuild_all_listings
    from salaries.figures import rebuild as rebuild_figures

    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not NAME.match(name):
        sys.exit(f"bench.builder: refusing to fill {name}: not a benchmark database.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        if cursor.fetchone()[0] != MARKER:
            sys.exit(f"bench.builder: refusing to fill {name}: it lacks the benchmark's mark.")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_build (builder_version int, jobs int, salaries int, "
            "articles int, seed bigint, build_seconds float, built_at timestamptz, "
            "complete boolean DEFAULT false)"
        )
    timings = {"migrate": time.perf_counter() - started}
    context = new_context()
    context.survey_size = salaries
    # One transaction: the jobs point at salary records written after them (the foreign keys
    # are checked at commit), and a build that fails leaves nothing half-made.
    with transaction.atomic():
        for step, function, size in [
            ("companies", build_companies, COMPANIES),
            ("jobs and their salary points", build_jobs, jobs),
            ("survey salary records", build_survey_records, salaries),
            ("articles", build_articles, articles),
        ]:
            step_started = time.perf_counter()
            function(context, size)
            timings[step] = time.perf_counter() - step_started
            print(f"  {step}: {size:,} in {timings[step]:.1f} s", flush=True)
        # The search's table (COPY skips the app's writes that keep it): one statement, each
        # listing written once, in publishing order (jobs.listings.rebuild_all_listings).
        step_started = time.perf_counter()
        listed = rebuild_all_listings()
        timings["search listings"] = time.perf_counter() - step_started
        print(f"  search listings: {listed:,} in {timings['search listings']:.1f} s", flush=True)
        # The salary figures table, as the app's writes keep it (COPY skips them too).
        step_started = time.perf_counter()
        cells = rebuild_figures()
        timings["salary figures"] = time.perf_counter() - step_started
        print(f"  salary figures: {cells:,} rows in {timings['salary figures']:.1f} s", flush=True)
    step_started = time.perf_counter()
    reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - step_started
    check_sample(context)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_build VALUES (%s, %s, %s, %s, %s, %s, now(), true)",
            [BUILDER_VERSION, jobs, salaries, articles, SEED, seconds],
        )
    print(f"  built in {seconds:.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})")


def reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def check_sample(context) -> None:
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
