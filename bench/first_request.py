"""/jobs/ on its first request: a rotating set of distinct query strings, none from the page cache.

    python -m bench.first_request --passes 2 --out first.json

Run by bench/run.py in a process of its own on a benchmark database. The set (query_strings) has
300+ realistic searches: no filter; one to three filters of every kind; `q` with a common word, a
rare word and two words; salary floors; every ordering; pages 2, 50 and 2,000. Each is requested
once per pass with the page cache and the facet cache off (JOBS_CACHE_SECONDS=0), so every answer
is computed: server time p50 / p95 / p99 over the set. The cache-hit figure, the same URLs asked a
second time with the cache on, is measured apart and named as such, so nobody reads it as the
page's speed. The slowest URLs' SQL is EXPLAINed (ANALYZE, BUFFERS) into the results.
"""

import argparse
import json
import os
import random
import statistics
import time
from urllib.parse import urlencode

SEED = 14  # the number: the same set at every board size
COMMON_WORDS = ["data", "engineer", "python", "machine learning", "analytics"]
RARE_WORDS = ["kafka", "deltaember", "forecasting", "looker", "geospatial"]
TWO_WORDS = ["data engineer", "senior python", "ml platform", "fraud analytics", "spark sql"]
SALARY_FLOORS = [50_000, 80_000, 100_000, 123_456, 150_000, 200_000, 300_000]
ORDERINGS = ["newest", "oldest", "salary_desc", "salary_asc"]
PAGES = [2, 50, 2000]
SLOWEST_EXPLAINED = 6
PLAN_LINES = 40  # of each EXPLAIN kept in the results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--cache-hits", type=int, default=60, help="URLs timed as cache hits")
    parser.add_argument(
        "--sample", type=int, default=0, help="every n-th URL of the set only (a quick look)"
    )
    parser.add_argument(
        "--first-pass",
        type=int,
        default=0,
        help="the number of the first pass (each pass shuffles the set by its number)",
    )
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # Started as the server starts (jobboard/wsgi.py: Django set up, then its start-up heap
    # frozen out of the garbage collector's walks), so the figures are what visitors get.
    import jobboard.wsgi  # noqa: F401

    results = measure(
        passes=args.passes,
        cache_hits=args.cache_hits,
        sample=args.sample,
        first_pass=args.first_pass,
    )
    with open(args.out, "w") as handle:
        json.dump(results, handle, indent=1)


def query_strings(seed: int = SEED) -> list[tuple[str, str]]:
    """(kind, query string) for every search of the set; the same set for every board size."""
    from django_countries import countries

    from jobs.filters import POSTED_WITHIN
    from jobs.models import Company
    from salaries.choices import EmploymentType, ExperienceLevel
    from salaries.models import Role

    rng = random.Random(seed)
    roles = list(Role.objects.order_by("pk").values_list("slug", flat=True)[:40])
    companies = list(Company.objects.order_by("pk").values_list("slug", flat=True)[:400])
    places = ["US", "DE", "GB", "IN", "CA", "FR", "NL", "ES", "PL", "BR", "AU", "CH", "SE", "JP"]
    assert all(code in dict(countries) for code in places)
    tags = ["python", "sql", "aws", "spark", "airflow", "dbt", "kafka", "llm", "pytorch", "looker"]
    single = {
        "role": roles,
        "country": places,
        "employment_type": EmploymentType.values,
        "experience_level": ExperienceLevel.values,
        "remote": ["remote", "hybrid", "onsite"],
        "company": companies,
        "tag": tags,
        "location": ["berlin", "london", "new york", "remote", "paris"],
        "posted_within": [value for value, _ in POSTED_WITHIN],
        "has_salary": ["1"],
        "featured": ["1"],
        "salary_min": [str(floor) for floor in SALARY_FLOORS],
        "q": COMMON_WORDS + RARE_WORDS + TWO_WORDS,
    }
    found: dict[str, str] = {"": "no filter"}

    def add(kind: str, params: list[tuple[str, str]]):
        query = urlencode(params)
        found.setdefault(query, kind)

    for name, values in single.items():
        for value in values[:12]:
            add(f"one filter: {name}", [(name, value)])
    for word in COMMON_WORDS:
        add("q: common word", [("q", word)])
    for word in RARE_WORDS:
        add("q: rare word", [("q", word)])
    for words in TWO_WORDS:
        add("q: two words", [("q", words)])
    kinds = list(single)
    while len(found) < 260:
        size = rng.choice([2, 2, 3])
        names = rng.sample(kinds, size)
        add(f"{size} filters", [(name, rng.choice(single[name])) for name in sorted(names)])
    for ordering in ORDERINGS:
        add("ordering", [("ordering", ordering)])
        for name in ("role", "country", "q", "remote", "salary_min"):
            add("ordering + filter", [(name, rng.choice(single[name])), ("ordering", ordering)])
    for page in PAGES:
        add(f"page {page}", [("page", str(page))])
        for name in ("employment_type", "country", "q", "experience_level"):
            add(f"page {page}", [(name, rng.choice(single[name])), ("page", str(page))])
        add(f"page {page}", [("ordering", "salary_desc"), ("page", str(page))])
    return [(kind, query) for query, kind in found.items()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(times: list[float]) -> dict:
    if not times:
        return {}
    return {
        "n": len(times),
        "p50": round(statistics.median(times), 1),
        "p95": round(percentile(times, 0.95), 1),
        "p99": round(percentile(times, 0.99), 1),
        "max": round(max(times), 1),
    }


def measure(*, passes: int, cache_hits: int, sample: int = 0, first_pass: int = 0) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)
    searches = query_strings()
    if sample > 1:
        searches = searches[::sample]
    # The database as a running server has it (its indexes in memory), not as a restore left it:
    # searches of the same kinds, none of them in the timed set, asked once and not timed.
    timed = {query for _, query in searches}
    warmup = [query for _, query in query_strings(seed=SEED + 1) if query not in timed]
    timings: dict[str, list[float]] = {query: [] for _, query in searches}
    statuses: dict[str, int] = {}
    queries: dict[str, int] = {}
    with override_settings(JOBS_CACHE_SECONDS=0):
        for query in warmup:
            client.get(f"/jobs/?{query}")
        print(f"  warm-up: {len(warmup)} other searches, not timed", flush=True)
        for number in range(first_pass, first_pass + passes):
            order = list(searches)
            random.Random(number).shuffle(order)
            for _, query in order:
                started = time.perf_counter()
                response = client.get(f"/jobs/?{query}")
                timings[query].append((time.perf_counter() - started) * 1000)
                statuses[query] = response.status_code
            print(f"  pass {number + 1}: {summary([t[-1] for t in timings.values()])}", flush=True)
        # A last pass counts each URL's statements and the time the database took for them:
        # on a shared machine the SQL share is the firmer figure.
        database_ms: dict[str, float] = {}
        for _, query in searches:
            with CaptureQueriesContext(connection) as captured:
                client.get(f"/jobs/?{query}")
            queries[query] = len(captured.captured_queries)
            database_ms[query] = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    # The cache-hit column: the same URLs, asked twice with the page cache on; the second timed.
    hits = []
    cache.clear()
    with override_settings(JOBS_CACHE_SECONDS=60):
        for _, query in searches[:cache_hits]:
            client.get(f"/jobs/?{query}")
            started = time.perf_counter()
            client.get(f"/jobs/?{query}")
            hits.append((time.perf_counter() - started) * 1000)
    rows = [
        {
            "kind": kind,
            "query": query,
            "ms": [round(t, 2) for t in timings[query]],
            "status": statuses[query],
            "queries": queries[query],
            "database_ms": round(database_ms[query], 1),
        }
        for kind, query in searches
    ]
    slowest = slowest_first(rows)
    plans = explain([row["query"] for row in slowest[:SLOWEST_EXPLAINED]])
    return report(rows, passes=passes, warmup_urls=len(warmup), hits=hits, plans=plans)


def slowest_first(rows: list[dict]) -> list[dict]:
    """A set's URLs (rows of report()) by their slowest time, the slowest first."""
    return sorted(rows, key=lambda row: -max(row["ms"]))


def report(rows: list[dict], *, passes: int, warmup_urls: int, hits: list, plans: list) -> dict:
    """The figures of a set's URLs (each row: kind, query, its times, status, statements and
    their ms), as measure() returns them and combine() makes them again from several runs."""
    every = [t for row in rows for t in row["ms"]]
    by_kind: dict[str, list[float]] = {}
    for row in rows:
        kind = row["kind"]
        group = kind.split(":")[0] if kind.startswith("q") else kind
        by_kind.setdefault(group, []).extend(row["ms"])
    slowest = slowest_first(rows)
    return {
        "urls": len(rows),
        "warmup_urls": warmup_urls,
        "passes": passes,
        "first_request": summary(every),
        "first_request_without_q": summary(
            [t for row in rows if "q=" not in row["query"] for t in row["ms"]]
        ),
        "first_request_with_q": summary(
            [t for row in rows if "q=" in row["query"] for t in row["ms"]]
        ),
        "by_kind": {kind: summary(values) for kind, values in sorted(by_kind.items())},
        "database": summary([row["database_ms"] for row in rows]),
        "cache_hit": summary(hits),
        "cache_hit_ms": [round(t, 2) for t in hits],
        "statuses": dict(sorted(_count(row["status"] for row in rows).items())),
        "queries_max": max(row["queries"] for row in rows),
        "slowest": [
            {
                "url": f"/jobs/?{row['query']}",
                "kind": row["kind"],
                "ms": round(max(row["ms"]), 1),
                "status": row["status"],
                "queries": row["queries"],
                "database_ms": row["database_ms"],
            }
            for row in slowest[:15]
        ],
        "explain": plans,
        "all": rows,
    }


def combine(parts: list[dict]) -> dict:
    """One size's runs taken in turns with the other sizes' (bench/run.py --growth) as one: each
    URL's times from every run, in order; its statements from the last run, its status the
    highest any run gave (an error in one run is not hidden by the next); the EXPLAINs of each
    run's slowest URLs, from the first run that explained a URL, the slowest URLs overall first
    (a statement's text holds the moment it ran, so runs never repeat one another's)."""
    rows = [dict(row, ms=[]) for row in parts[-1]["all"]]
    at = {row["query"]: row for row in rows}
    for part in parts:
        for row in part["all"]:
            at[row["query"]]["ms"].extend(row["ms"])
            at[row["query"]]["status"] = max(at[row["query"]]["status"], row["status"])
    by_url: dict[str, list[dict]] = {}
    for part in parts:
        explained = {}
        for plan in part["explain"]:
            explained.setdefault(plan["url"], []).append(plan)
        for url, plans in explained.items():
            by_url.setdefault(url, plans)
    slowest = slowest_first(rows)
    order = {f"/jobs/?{row['query']}": place for place, row in enumerate(slowest)}
    return report(
        rows,
        passes=sum(part["passes"] for part in parts),
        warmup_urls=parts[-1]["warmup_urls"],
        hits=[t for part in parts for t in part.get("cache_hit_ms", [])],
        plans=[
            plan
            for url in sorted(by_url, key=lambda url: order.get(url, len(order)))
            for plan in by_url[url]
        ],
    )


def explain(queries: list[str]) -> list[dict]:
    """EXPLAIN (ANALYZE, BUFFERS) of each SQL statement of these URLs that took 2 ms or more."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)
    plans = []
    with override_settings(JOBS_CACHE_SECONDS=0):
        for query in queries:
            with CaptureQueriesContext(connection) as captured:
                client.get(f"/jobs/?{query}")
            for statement in captured.captured_queries:
                # The search's own statements start with WITH (jobs/facets.py): explained too.
                if float(statement["time"]) * 1000 < 2 or not statement["sql"].startswith(
                    ("SELECT", "WITH")
                ):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement["sql"])
                    lines = [row[0] for row in cursor.fetchall()]
                # The search's statements run to 40 lines and more: keep the end's timings.
                if len(lines) > PLAN_LINES:
                    lines = lines[: PLAN_LINES - 3] + ["..."] + lines[-2:]
                plans.append(
                    {
                        "url": f"/jobs/?{query}",
                        "ms": round(float(statement["time"]) * 1000, 1),
                        "sql": statement["sql"][:600],
                        "plan": lines,
                    }
                )
    return plans


def _count(values) -> dict:
    counted: dict[str, int] = {}
    for value in values:
        counted[str(value)] = counted.get(str(value), 0) + 1
    return counted


if __name__ == "__main__":
    main()
