"""First requests (cache misses) of many distinct job, salary and article pages, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobboard_bench_<name> \\
        python -m bench.pages_first --urls 300 --out first.json

The issue's bar for job pages, salary pages with any filters and article pages is the server time
of a *first* request: each URL below is asked once, so no answer comes from the page cache (the
cache is on, as shipped). A second pass over the same URLs gives the cache-hit column, kept apart
so that nobody reads a hit as the page's speed. Times are client.get() in the benchmark's process:
the whole Django request (middleware, view, queries, template), no network.

Run it against a database built by bench/build.py with this branch's migrations and
`manage.py rebuild_salary_figures` (bench/run.py does both when it builds one).
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid

SEED = 20261130
LEVELS = ["EN", "MI", "SE", "EX"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300, help="distinct URLs per kind of page")
    parser.add_argument("--out", help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # A key prefix new to this run: every first request meets a cold cache.
    os.environ["BENCH_CACHE_PREFIX"] = f"first-{uuid.uuid4().hex[:8]}"
    from django.db import connection

    # Started as the server starts (jobboard/wsgi.py: Django set up, then its start-up heap
    # frozen out of the garbage collector's walks), so the figures are what visitors get.
    import jobboard.wsgi  # noqa: F401

    if connection.vendor != "postgresql":
        sys.exit("bench.pages_first: the figures are for PostgreSQL; DATABASE_URL names SQLite.")
    results = measure(args.urls)
    print(table(results))
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(results, handle, indent=1)


def url_sets(count: int) -> dict[str, list[str]]:
    """Distinct URLs of each kind, sampled with a fixed seed from the database's own rows."""
    from articles.models import Article
    from jobs.models import Job
    from salaries.figures import role_cells, role_summaries
    from salaries.models import Role

    rng = random.Random(SEED)
    jobs = list(Job.objects.visible().values_list("slug", flat=True).order_by("pk")[:50_000])
    articles = list(Article.objects.published().values_list("slug", flat=True).order_by("pk"))
    summaries = role_summaries()
    roles = list(Role.objects.filter(pk__in=summaries).order_by("pk"))
    salary_urls = set()
    while len(salary_urls) < count:
        role = rng.choice(roles)
        cells = sorted(role_cells(role))
        country, year = rng.choice(cells)
        filters = rng.choice(
            [
                {},
                {"experience_level": rng.choice(LEVELS)},
                {"country": country},
                {"year": year},
                {"experience_level": rng.choice(LEVELS), "country": country},
                {"country": country, "year": year},
                {"experience_level": rng.choice(LEVELS), "country": country, "year": year},
            ]
        )
        query = "&".join(f"{key}={value}" for key, value in filters.items())
        suffix = rng.choice(["/", ".json"])
        salary_urls.add(f"/salaries/{role.slug}{suffix}" + (f"?{query}" if query else ""))
    # The role with the most data, unfiltered and with every filter: the heaviest salary pages.
    biggest = max(roles, key=lambda role: summaries[role.pk].n)
    country, year = sorted(role_cells(biggest))[0]
    heaviest = [
        f"/salaries/{biggest.slug}/",
        f"/salaries/{biggest.slug}/?experience_level=SE&country={country}&year={year}",
    ]
    return {
        "job pages": [f"/jobs/{slug}/" for slug in rng.sample(jobs, min(count, len(jobs)))],
        "salary pages, any filters": sorted(salary_urls),
        "salary pages, the biggest role": heaviest,
        "salary list": ["/salaries/", "/salaries/?sort=highest", "/salaries/?q=data"],
        "article pages": [
            f"/articles/{slug}/" for slug in rng.sample(articles, min(count, len(articles)))
        ],
    }


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure(count: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    results = {}
    for kind, urls in url_sets(count).items():
        first, hits, queries, statuses = [], [], [], {}
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                first.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        for url in urls:
            started = time.perf_counter()
            client.get(url)
            hits.append((time.perf_counter() - started) * 1000)
        results[kind] = {
            "urls": len(urls),
            "statuses": statuses,
            "first_p50": round(statistics.median(first), 1),
            "first_p95": round(_percentile(first, 95), 1),
            "first_p99": round(_percentile(first, 99), 1),
            "first_max": round(max(first), 1),
            "queries_max": max(queries),
            "second_p95": round(_percentile(hits, 95), 1),
        }
    return results


def table(results: dict) -> str:
    lines = [
        "| pages | URLs | first request p50 / p95 / p99 / max (ms) | queries (max) "
        "| second request p95 (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, row in results.items():
        lines.append(
            f"| {kind} | {row['urls']} | {row['first_p50']} / {row['first_p95']} / "
            f"{row['first_p99']} / {row['first_max']} | {row['queries_max']} | "
            f"{row['second_p95']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
