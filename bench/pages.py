"""Server time and SQL queries of each page, in-process with Django's test client.

    python -m bench.pages --requests 200 --warmup 10 --out pages.json

Run by bench/run.py in a process of its own (DATABASE_URL names a benchmark database, debug off,
a cache key prefix new to this run, so the first request of each URL meets a cold cache). For each
URL: the first request's time and queries (cold), then warm-up requests, then one counted request
(warm queries), then the timed requests: p50, p95 and p99 of the time client.get() takes, which is
the whole Django request: middleware, view, queries, template, no network.
"""

import argparse
import json
import math
import os
import statistics
import time

PAGE_SIZE = 20  # jobs per list page, as jobs.views.JobListView shows them
DEEP_PAGE = 2000  # the deep page; smaller boards use their last page instead
ROLE = "data-engineer"
# A page too slow for --requests in --budget seconds is timed this many times (or for three
# budgets, if it is slower still), and the table says how many.
MIN_REQUESTS = 20  # the role with the most data, as in the survey


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--budget", type=float, default=60, help="seconds per URL at most")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    results = measure_all(requests=args.requests, warmup=args.warmup, budget=args.budget)
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


def pages() -> list[tuple[str, str, str]]:
    """(name, URL, bar group) for every page the issue lists, with real slugs from the data."""
    from articles.models import Article
    from jobs.filters import JobFilter
    from jobs.models import Job

    visible = Job.objects.visible()
    count = visible.count()
    job = visible.order_by("pk").values_list("slug", flat=True)[count // 2 : count // 2 + 1]
    article = Article.objects.published().order_by("pk").values_list("slug", flat=True)[:1]
    # The issue calls the salary floor salary_min; the board's filter may name it salary_from.
    floor = "salary_min" if "salary_min" in JobFilter.base_filters else "salary_from"
    three = f"experience_level=SE&employment_type=FT&{floor}=100000"
    last_page = max(1, math.ceil(count / PAGE_SIZE))
    deep = min(DEEP_PAGE, last_page)
    filtered_count = visible.filter(
        experience_level="SE", employment_type="FT", salary_annual_usd_max__gte=100_000
    ).count()
    deep_filtered = min(500, max(1, filtered_count // PAGE_SIZE // 2))
    return [
        ("home", "/", "page"),
        ("jobs", "/jobs/", "jobs"),
        ("jobs, three filters", f"/jobs/?{three}", "jobs"),
        ("jobs, q", "/jobs/?q=python", "jobs"),
        ("jobs, remote + country", "/jobs/?remote=remote&country=US", "jobs"),
        (f"jobs, page {deep}", f"/jobs/?page={deep}", "jobs"),
        (
            f"jobs, three filters, page {deep_filtered}",
            f"/jobs/?{three}&page={deep_filtered}",
            "jobs",
        ),
        ("job page", f"/jobs/{job[0]}/" if job else "/jobs/none/", "page"),
        ("salaries", "/salaries/", "page"),
        ("role salaries", f"/salaries/{ROLE}/", "role"),
        (
            "role salaries, level + country",
            f"/salaries/{ROLE}/?experience_level=SE&country=US",
            "role",
        ),
        ("role salaries .json", f"/salaries/{ROLE}.json", "role"),
        (
            "role salaries .json, level + country",
            f"/salaries/{ROLE}.json?experience_level=SE&country=US",
            "role",
        ),
        ("article page", f"/articles/{article[0]}/" if article else "/articles/none/", "page"),
        ("jobs RSS feed", "/jobs/feed/rss/", "page"),
        ("sitemap", "/sitemap.xml", "page"),
    ]


def measure_all(*, requests: int, warmup: int, budget: float) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # As behind the HTTPS proxy; a page that fails is recorded with its 500, not a traceback.
    client = Client(headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)
    results = []
    for name, url, group in pages():
        results.append(
            measure(client, name, url, group, requests=requests, warmup=warmup, budget=budget)
        )
        row = results[-1]
        print(
            f"  {name:<42} {row['status']:>3}  p50 {row['p50_ms']:>8.1f}  p95 {row['p95_ms']:>8.1f}"
            f"  p99 {row['p99_ms']:>8.1f} ms  queries {row['queries_cold']}/{row['queries_warm']}",
            flush=True,
        )
    return {
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "database": connection.settings_dict["NAME"],
        "requests": requests,
        "warmup": warmup,
        "pages": results,
    }


def measure(client, name: str, url: str, group: str, *, requests: int, warmup: int,
            budget: float) -> dict:  # fmt: skip
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def get():
        started = time.perf_counter()
        response = client.get(url)
        return response, (time.perf_counter() - started) * 1000

    reset_queries()
    with CaptureQueriesContext(connection) as cold:
        response, first_ms = get()
    # captured_queries reads the connection's log when asked: count before the next request.
    queries_cold = len(cold.captured_queries)
    status = response.status_code
    if status != 200:
        requests, warmup = min(requests, 20), min(warmup, 2)  # a page not built yet: record it
    started = time.monotonic()
    for _ in range(warmup):
        if time.monotonic() - started > budget / 4:
            break  # a page this slow is warm after a few requests
        get()
    reset_queries()
    with CaptureQueriesContext(connection) as warm:
        get()
    queries_warm = len(warm.captured_queries)
    times, statuses = [], set()
    started = time.monotonic()
    while len(times) < requests and (
        len(times) < 2  # percentiles need two
        or (len(times) < MIN_REQUESTS and time.monotonic() - started < 3 * budget)
        or time.monotonic() - started < budget
    ):
        response, ms = get()
        times.append(ms)
        statuses.add(response.status_code)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "name": name,
        "url": url,
        "group": group,
        "status": status,
        "statuses": sorted(statuses),
        "bytes": len(response.content),
        "first_ms": round(first_ms, 2),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "requests": len(times),
        "queries_cold": queries_cold,
        "queries_warm": queries_warm,
    }


if __name__ == "__main__":
    main()
