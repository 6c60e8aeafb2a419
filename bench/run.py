"""`make bench`: Jobboard's performance benchmark against the PostgreSQL in DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench [BENCH_ARGS="..."]
    .venv/bin/python -m bench [--jobs 100000] [--salaries 1000000] [--growth] [--no-wrk] ...

1. builds (or reuses) a database of its own, jobboard_bench_j<jobs>_s<salaries>_a<articles>, with
   COPY (bench/builder/), and says how long that took;
2. requests /jobs/ with 300+ distinct query strings, each once per pass, the page cache off: the
   first-request (cache miss) p50/p95/p99, with the cache-hit figure apart (bench/first_request.py);
   then every page in-process: p50/p95/p99 over --requests requests after a warm-up, and its
   SQL queries, cold and warm (bench/pages.py; --no-pages skips it);
3. runs gunicorn (2 sync workers) and wrk rotating the same 300+ URLs, and on /jobs/ unfiltered,
   filtered and deep, for the board and for the plain FilterView baseline (bench/baseline/), on
   the same database (bench/throughput.py);
4. times import_salaries on a generated CSV (bench/import_speed.py);
5. with --growth, repeats 2 (and the rotating set) at 10,000 and 1,000,000 jobs, the sizes'
   first-request passes taken in turns (a pass at each size, then the next);
6. writes bench/results/latest.md and latest.json (and a dated copy of each) and prints the table.

Quick run (well under two minutes): --jobs 10000 --salaries 100000 --articles 200 --requests 50
--no-wrk --no-import. Databases are kept for the next run of the same size (rebuilt when older
than a day or made by another builder version); --drop-databases removes every one it made.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench import throughput
from bench.databases import Server, database_name
from bench.first_request import combine
from bench.report import explain_markdown, markdown

PROJECT = Path(__file__).resolve().parents[1]
RESULTS = PROJECT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8110"))
GROWTH_JOBS = (10_000, 1_000_000)
MAX_AGE_HOURS = 24


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--salaries", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per URL")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds of timed requests per URL at most"
    )
    parser.add_argument(
        "--growth", action="store_true", help="also measure pages at 10k and 1M jobs"
    )
    parser.add_argument("--no-wrk", action="store_true", help="skip gunicorn and wrk")
    parser.add_argument(
        "--passes", type=int, default=2, help="passes over the rotating /jobs/ set (first requests)"
    )
    parser.add_argument(
        "--no-pages",
        action="store_true",
        help="skip the per-page repeated timings; keep the rotating first-request set",
    )
    parser.add_argument("--wrk-seconds", type=int, default=20)
    parser.add_argument("--wrk-connections", type=int, default=8)
    parser.add_argument("--no-import", action="store_true", help="skip the import timing")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="build even if a fresh copy exists")
    parser.add_argument(
        "--drop-databases",
        action="store_true",
        help="drop every database the benchmark made, then stop",
    )
    parser.add_argument("--note", default="", help="a line for the results, e.g. what else ran")
    args = parser.parse_args(argv)

    server = Server.from_environment()
    if args.drop_databases:
        for name in server.owned_databases():
            server.drop(name)
            print(f"dropped {name}")
        return
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gunicorn.log").write_text("")
    run_id = uuid.uuid4().hex[:8]
    started = time.perf_counter()
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain", "--untracked-files=no")),
        "machine": _machine(),
        "postgresql": "",
        "cache": "",
        "note": args.note,
        "arguments": vars(args),
        "sizes": [],
    }
    sizes = [args.jobs]
    if args.growth:
        sizes += [jobs for jobs in GROWTH_JOBS if jobs != args.jobs]
    prepared = []
    for jobs in sizes:
        name = database_name(jobs=jobs, salaries=args.salaries, articles=args.articles)
        print(
            f"\n== {jobs:,} jobs, {args.salaries:,} salary records, {args.articles:,} articles "
            f"({name})",
            flush=True,
        )
        build = _database(server, name, jobs, args.salaries, args.articles, args.rebuild)
        env = throughput.environment_for(server.url_for(name), f"bench-{run_id}-{name}")
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "collectstatic", "--noinput", "-v0")
        if _figures_missing(server, name):
            # A database built before the builder filled the salary figures (the pages and the
            # cards' badges read them): filled once, as the app's writes would have.
            _manage(env, "rebuild_salary_figures")
        results["postgresql"] = results["postgresql"] or _postgres_version(server, name)
        size = {
            "jobs": jobs,
            "salaries": args.salaries,
            "articles": args.articles,
            "database": name,
            "build": build,
        }
        prepared.append((size, env))
    for size, part in _first_requests(prepared, args.passes):
        size["first_request"] = part
    for size, env in prepared:
        jobs = size["jobs"]
        print(f"\n== {jobs:,} jobs: pages, throughput, import", flush=True)
        if not args.no_pages:
            print("-- pages, in-process", flush=True)
            size["pages"] = _child(
                env, "bench.pages", "--requests", str(args.requests), "--warmup",
                str(args.warmup), "--budget", str(args.budget),
            )  # fmt: skip
            results["cache"] = size["pages"]["cache"]
        if jobs == args.jobs and not args.no_wrk:
            print(
                f"-- gunicorn (2 workers) + wrk rotating the set, {args.wrk_seconds} s", flush=True
            )
            size["wrk_rotating"] = throughput.run_rotating(
                paths=[f"/jobs/?{row['query']}" for row in size["first_request"]["all"]],
                env=env,
                port=PORT,
                seconds=args.wrk_seconds,
                connections=args.wrk_connections,
                log=RESULTS / "gunicorn.log",
            )
        if jobs == args.jobs and not args.no_wrk and not args.no_pages:
            print(f"-- gunicorn (2 workers) + wrk, {args.wrk_seconds} s each", flush=True)
            size["wrk"] = throughput.run(
                urls=_wrk_urls(size["pages"]),
                env=env,
                port=PORT,
                seconds=args.wrk_seconds,
                connections=args.wrk_connections,
                log=RESULTS / "gunicorn.log",
            )
        if jobs == args.jobs and not args.no_import:
            print(f"-- import_salaries, {args.import_rows:,} rows", flush=True)
            size["import"] = _child(env, "bench.import_speed", "--rows", str(args.import_rows))
        results["sizes"].append(size)
    results["machine"]["load_average_after"] = list(os.getloadavg())
    results["seconds"] = round(time.perf_counter() - started, 1)
    table = markdown(results)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M")
    for path in (RESULTS / "latest", RESULTS / f"{stamp}-j{args.jobs}"):
        path.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n")
        path.with_suffix(".md").write_text(table)
    (RESULTS / "latest-explain.md").write_text(explain_markdown(results))
    print("\n" + table)
    print(f"written: bench/results/latest.md, latest.json ({results['seconds']:.0f} s in all)")


def _first_requests(prepared: list[tuple[dict, dict]], passes: int):
    """Each size's first requests (bench/first_request.py). With several sizes, their passes are
    taken in turns (a pass at each size, then the next pass at each, the sizes in reverse order
    every other pass), so that a machine whose speed drifts during the run slows every size
    alike: the growth figure compares sizes measured in the same minutes, not one size in a
    quiet spell and another in a busy one. Each pass is a process of its own, with its own
    warm-up."""
    if len(prepared) == 1:
        size, env = prepared[0]
        print(f"-- /jobs/ first requests: the rotating set, {passes} passes", flush=True)
        yield size, _child(env, "bench.first_request", "--passes", str(passes))
        return
    parts: dict[int, list[dict]] = {size["jobs"]: [] for size, _env in prepared}
    for number in range(passes):
        for size, env in prepared if number % 2 == 0 else prepared[::-1]:
            print(
                f"-- /jobs/ first requests at {size['jobs']:,} jobs: pass {number + 1} of "
                f"{passes}, in turn with the other sizes",
                flush=True,
            )
            parts[size["jobs"]].append(
                _child(env, "bench.first_request", "--passes", "1", "--first-pass", str(number))
            )
    for size, _env in prepared:
        yield size, combine(parts[size["jobs"]])


def _database(
    server: Server, name: str, jobs: int, salaries: int, articles: int, rebuild: bool
) -> dict:
    """The database's build record: reused when fresh and of this builder, else built anew."""
    from bench.builder import BUILDER_VERSION

    if server.owned(name) and not rebuild:
        record = _build_record(server, name)
        if (
            record
            and record["builder_version"] == BUILDER_VERSION
            and record["age_hours"] < MAX_AGE_HOURS
        ):
            print(
                f"   reusing it (built {record['age_hours']:.1f} h ago in "
                f"{record['build_seconds']:.0f} s)",
                flush=True,
            )
            return {**record, "reused": True}
    server.drop(name)
    server.create(name)
    print("-- building with COPY", flush=True)
    env = throughput.environment_for(server.url_for(name), "bench-build")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.builder",
            "--jobs",
            str(jobs),
            "--salaries",
            str(salaries),
            "--articles",
            str(articles),
        ],
        cwd=PROJECT,
        env=env,
        check=True,
    )
    return {**_build_record(server, name), "reused": False}


def _build_record(server: Server, name: str) -> dict | None:
    import psycopg2

    connection = psycopg2.connect(server.url_for(name))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_build') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute(
                "SELECT builder_version, build_seconds, built_at, "
                "extract(epoch FROM now() - built_at) / 3600 FROM bench_build WHERE complete"
            )
            row = cursor.fetchone()
    finally:
        connection.close()
    if row is None:
        return None
    return {
        "builder_version": row[0],
        "build_seconds": round(row[1], 1),
        "built_at": row[2].isoformat(timespec="seconds"),
        "age_hours": float(row[3]),
    }


def _wrk_urls(pages: dict) -> list[tuple[str, str]]:
    by_name = {page["name"]: page["url"] for page in pages["pages"]}
    wanted = ["jobs", "jobs, three filters"]
    wanted += [name for name in by_name if name.startswith("jobs, page")]
    return [(name, by_name[name]) for name in wanted]


def _figures_missing(server: Server, name: str) -> bool:
    return _ask(server, name, "SELECT NOT EXISTS (SELECT 1 FROM salaries_salaryfigures)")


def _child(env: dict, module: str, *args: str) -> dict:
    out = RESULTS / f".{module}.json"
    subprocess.run(
        [sys.executable, "-m", module, *args, "--out", str(out)], cwd=PROJECT, env=env, check=True
    )
    data = json.loads(out.read_text())
    out.unlink()
    return data


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True)
    return done.stdout.strip()


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_before": list(os.getloadavg()),
        "memory_reclaim": memory_reclaim(),
    }


DAMON = Path("/sys/kernel/mm/damon/admin/kdamonds")


def memory_reclaim(root: Path = DAMON) -> str:
    """The kernel's reclaim of idle physical memory by DAMON, in words, for the results
    (bench/report.py says what it does to the figures): "pageout of memory idle 60 s", "" when
    no running kdamond pages out physical memory, "unreadable" when its files cannot be read
    (they are root's)."""
    found = []
    try:
        for kdamond in sorted(root.glob("[0-9]*")):
            if (kdamond / "state").read_text().strip() != "on":
                continue
            for context in sorted(kdamond.glob("contexts/[0-9]*")):
                if (context / "operations").read_text().strip() != "paddr":
                    continue  # a process's own memory, not the page cache
                aggregation = int((context / "monitoring_attrs/intervals/aggr_us").read_text())
                for scheme in sorted(context.glob("schemes/[0-9]*")):
                    if (scheme / "action").read_text().strip() != "pageout":
                        continue
                    ages = int((scheme / "access_pattern/age/min").read_text())
                    found.append(f"pageout of memory idle {ages * aggregation / 1e6:.0f} s")
    except PermissionError:
        return "unreadable"
    except (OSError, ValueError):
        return ""
    return ", ".join(found)


def _postgres_version(server: Server, name: str) -> str:
    return _ask(server, name, "SHOW server_version")


def _ask(server: Server, name: str, sql: str):
    """The one value a statement answers, on the benchmark database `name`."""
    import psycopg2

    connection = psycopg2.connect(server.url_for(name))
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    finally:
        connection.close()
