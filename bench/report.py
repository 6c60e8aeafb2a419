"""The Markdown table of a benchmark run, every figure beside the issue's bar for it."""

MAX_QUERIES = 8
BARS_MS = {"jobs": 30.0, "role": 20.0}  # p95 bars for the job list and the role pages
MAX_GROWTH = 2.0  # p95 at 1M jobs over p95 at 10k jobs, list pages
MIN_RATIO = 5.0  # board over baseline, /jobs/ filtered, requests per second
MIN_IMPORT = 10_000  # rows per second


def markdown(results: dict) -> str:
    main = results["sizes"][0]
    machine = results["machine"]
    lines = [
        "# Jobboard benchmark",
        "",
        f"Run {results['started_at']} on commit {results['commit']}"
        + (" (with uncommitted changes in the tree)" if results["uncommitted_changes"] else "")
        + f"; {machine['cpus']} cores, PostgreSQL {results['postgresql']}, Python "
        f"{machine['python']}, cache {results['cache']}.",
        "",
        "The machine was shared: other sessions were working on it during the run (load average "
        f"{_load(machine['load_average_before'])} before, {_load(machine['load_average_after'])} "
        "after), so single figures are noisy; ratios within one run are the firmer part.",
    ]
    reclaim = machine.get("memory_reclaim")
    if reclaim == "unreadable":
        lines += ["", "Whether the kernel reclaimed idle memory (DAMON) could not be read."]
    elif reclaim:
        lines += [
            "",
            f"The kernel reclaims idle memory on this machine (DAMON: {reclaim}): the databases'"
            " pages beyond PostgreSQL's shared buffers leave the page cache when its sampling has"
            " seen them idle that long, and the next search that needs them reads the disk. Part"
            " of the first requests' tail is that I/O, which a database server that keeps its"
            " page cache does not have.",
        ]
    if results.get("note"):
        lines += ["", results["note"]]
    lines += [
        "",
        "## Data",
        "",
        "| jobs | salary records | articles | database | build |",
        "|---:|---:|---:|---|---|",
    ]
    for size in results["sizes"]:
        build = size["build"]
        how = (
            f"reused (built in {build['build_seconds']:.0f} s)"
            if build["reused"]
            else (f"built in {build['build_seconds']:.0f} s with COPY")
        )
        lines.append(
            f"| {size['jobs']:,} | {size['salaries']:,} | {size['articles']:,} | "
            f"`{size['database']}` | {how} |"
        )
    lines += _first_requests(results["sizes"])
    if main.get("wrk_rotating"):
        lines += _rotating(main["wrk_rotating"])
    if main.get("pages"):
        lines += _pages(main, results)
    if len(results["sizes"]) > 1 and all(size.get("pages") for size in results["sizes"]):
        lines += _growth(results["sizes"])
    if main.get("wrk"):
        lines += _wrk(main["wrk"], results)
    if main.get("import"):
        lines += _import(main["import"])
    lines += ["", f"Whole run: {results['seconds']:.0f} s. Reproduce: see README, Performance.", ""]
    return "\n".join(lines)


FIRST_REQUEST_P95_MS = 30.0  # at 100,000 jobs


def _first_requests(sizes: list[dict]) -> list[str]:
    """The rotating set: every URL asked once per pass, the page cache off (cache misses)."""
    ordered = sorted((size for size in sizes if size.get("first_request")), key=lambda s: s["jobs"])
    if not ordered:
        return []
    first = ordered[0]["first_request"]
    lines = [
        "",
        f"## /jobs/ first requests: {first['urls']} distinct query strings, page cache off",
        "",
        f"Each URL once per pass ({first['passes']} passes), in-process, server time in ms, after "
        f"{first.get('warmup_urls', 0)} other searches (not timed) have warmed the database"
        + ("; the sizes' passes taken in turns" if len(ordered) > 1 else "")
        + ". "
        f"Bars: p95 at most {FIRST_REQUEST_P95_MS:.0f} ms at 100,000 jobs; p95 at the largest "
        f"board at most {MAX_GROWTH:.0f}x the smallest's. The *cache hit* column is the same "
        "URLs asked a second time with the page cache on: not the page's speed.",
        "",
        "| jobs | p50 | p95 | p99 | max | p95 without q | p95 with q | SQL p50 / p95 "
        "| most queries | statuses | cache hit p50 / p95 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for size in ordered:
        data = size["first_request"]
        every, hit = data["first_request"], data["cache_hit"]
        sql = data.get("database", {})
        lines.append(
            f"| {size['jobs']:,} | {every['p50']} | {every['p95']} | {every['p99']} | "
            f"{every['max']} | {data['first_request_without_q']['p95']} | "
            f"{data['first_request_with_q']['p95']} | "
            f"{sql.get('p50', '—')} / {sql.get('p95', '—')} | {data['queries_max']} | "
            f"{', '.join(f'{code}: {n}' for code, n in data['statuses'].items())} | "
            f"{hit.get('p50', '—')} / {hit.get('p95', '—')} |"
        )
    if len(ordered) > 1:
        low, high = ordered[0], ordered[-1]
        growth = high["first_request"]["first_request"]["p95"] / max(
            low["first_request"]["first_request"]["p95"], 0.001
        )
        lines += [
            "",
            f"Growth of p95 from {low['jobs']:,} to {high['jobs']:,} jobs: {growth:.2f}x "
            f"({'met' if growth <= MAX_GROWTH else 'not met'}).",
        ]
    for size in ordered:
        data = size["first_request"]
        lines += [
            "",
            f"By kind at {size['jobs']:,} jobs (p50 / p95 / max ms): "
            + "; ".join(
                f"{kind} {row['p50']} / {row['p95']} / {row['max']}"
                for kind, row in data["by_kind"].items()
            )
            + ".",
            "",
            "Slowest: "
            + "; ".join(f"`{row['url']}` {row['ms']} ms" for row in data["slowest"][:5])
            + ".",
        ]
    return lines


def _rotating(runs: list[dict]) -> list[str]:
    board = next(run for run in runs if run["server"] == "board")
    baseline = next(run for run in runs if run["server"] == "baseline")
    ratio = board["requests_per_second"] / max(baseline["requests_per_second"], 0.001)
    lines = [
        "",
        f"## Throughput rotating the same {board['paths']} URLs: gunicorn, 2 sync workers, wrk",
        "",
        "The board as shipped (page cache on, full page: facet counts, pinned featured jobs, "
        "full-text search) and the plain FilterView baseline on the same data in the same run. "
        "Bar: the board at least the baseline's requests per second.",
        "",
        "| server | req/s | p50 ms | p99 ms | statuses |",
        "|---|---:|---:|---:|---|",
    ]
    for run in (board, baseline):
        lines.append(
            f"| {run['server']} | {run['requests_per_second']} | {run['p50_ms']} | "
            f"{run['p99_ms']} | {run['statuses']} |"
        )
    lines += ["", f"Board / baseline: {ratio:.2f}x ({'met' if ratio >= 1 else 'not met'})."]
    return lines


def _load(values) -> str:
    return " / ".join(f"{value:.2f}" for value in values)


def _bar(page: dict) -> float | None:
    return BARS_MS.get(page["group"])


def _pages(size: dict, results: dict) -> list[str]:
    pages = size["pages"]
    lines = [
        "",
        f"## Pages at {size['jobs']:,} jobs (in-process, {pages['requests']} timed requests "
        f"after {pages['warmup']} warm-up ones)",
        "",
        "Times in ms. *First* is the first request of the run (cold cache); queries are cold / "
        f"warm; bars: at most {MAX_QUERIES} queries, p95 at most 30 ms for /jobs/ and 20 ms for "
        "/salaries/<role>/.",
        "",
        "| page | status | p50 | p95 | p99 | first | queries | p95 bar | met |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in pages["pages"]:
        bar = _bar(page)
        verdict = _verdict(page, bar)
        fewer = page["requests"] < pages["requests"]
        fewer = f" ({page['requests']} requests)" if fewer else ""
        lines.append(
            f"| {page['name']} (`{page['url']}`){fewer} | {page['status']} | "
            f"{page['p50_ms']:.1f} | {page['p95_ms']:.1f} | {page['p99_ms']:.1f} | "
            f"{page['first_ms']:.0f} | "
            f"{page['queries_cold']} / {page['queries_warm']} | "
            f"{f'≤ {bar:.0f}' if bar else '—'} | {verdict} |"
        )
    return lines


def _verdict(page: dict, bar: float | None) -> str:
    if page["status"] != 200:
        return f"not measured ({page['status']})"
    problems = []
    if len(page["statuses"]) > 1:
        problems.append(f"answers were {'/'.join(map(str, page['statuses']))}")
    if max(page["queries_cold"], page["queries_warm"]) > MAX_QUERIES:
        problems.append("queries")
    if bar and page["p95_ms"] > bar:
        problems.append("time")
    return "no: " + ", ".join(problems) if problems else "yes"


def _growth(sizes: list[dict]) -> list[str]:
    ordered = sorted(sizes, key=lambda size: size["jobs"])
    header = " | ".join(f"p95 at {size['jobs']:,}" for size in ordered)
    lines = [
        "",
        "## Growth (p95 in ms, queries cold / warm)",
        "",
        f"Bar: from the smallest to the largest board no list page's p95 grows more than "
        f"{MAX_GROWTH:.0f}x, and the query counts stay the same.",
        "",
        f"| page | {header} | growth | queries | met |",
        "|---|" + "---:|" * len(ordered) + "---:|---|---|",
    ]
    for index, page in enumerate(ordered[0]["pages"]["pages"]):
        row = [size["pages"]["pages"][index] for size in ordered]
        growth = row[-1]["p95_ms"] / row[0]["p95_ms"] if row[0]["p95_ms"] else 0
        queries = sorted({(p["queries_cold"], p["queries_warm"]) for p in row})
        same = len(queries) == 1
        listing = page["group"] == "jobs"
        met = (
            "—"
            if any(p["status"] != 200 for p in row)
            else ("yes" if same and (not listing or growth <= MAX_GROWTH) else "no")
        )
        lines.append(
            f"| {' / '.join(dict.fromkeys(p['name'] for p in row))} | "
            + " | ".join(
                f"{p['p95_ms']:.1f}" + ("" if p["status"] == 200 else f" ({p['status']})")
                for p in row
            )
            + f" | {growth:.2f}x | {', '.join(f'{c}/{w}' for c, w in queries)} | {met} |"
        )
    return lines


def _wrk(runs: list[dict], results: dict) -> list[str]:
    command = runs[0]["command"].rsplit(" ", 1)[0]
    lines = [
        "",
        "## Throughput: gunicorn, 2 sync workers, wrk on loopback",
        "",
        f"`{command} URL`, the board and then the plain FilterView baseline (bench/baseline/) "
        f"on the same database. Bar: /jobs/ filtered at least {MIN_RATIO:.0f}x the baseline.",
        "",
        "| URL | board req/s | baseline req/s | ratio | board p50 / p99 ms | baseline p50 / p99 ms "
        "| met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    board = {run["name"]: run for run in runs if run["server"] == "board"}
    baseline = {run["name"]: run for run in runs if run["server"] == "baseline"}
    for name, run in board.items():
        other = baseline.get(name)
        ratio = run["requests_per_second"] / other["requests_per_second"] if other else 0
        bar = name == "jobs, three filters"
        errors = run["non_2xx"] or (other and other["non_2xx"])
        met = ("yes" if ratio >= MIN_RATIO else "no") if bar else "—"
        lines.append(
            f"| {name} (`{run['path']}`) | {run['requests_per_second']:.1f} | "
            f"{other['requests_per_second']:.1f} | {ratio:.1f}x | "
            f"{run['latency_ms'].get('50', 0):.1f} / {run['latency_ms'].get('99', 0):.1f} | "
            f"{other['latency_ms'].get('50', 0):.1f} / {other['latency_ms'].get('99', 0):.1f} | "
            f"{met}{' (non-2xx answers!)' if errors else ''} |"
        )
    return lines


def _import(data: dict) -> list[str]:
    lines = [
        "",
        f"## import_salaries, a generated {data['rows']:,}-row CSV",
        "",
        f"Bar: at least {MIN_IMPORT:,} rows per second.",
        "",
        "| run | seconds | rows/s | met |",
        "|---|---:|---:|---|",
    ]
    for run in data["runs"]:
        met = "yes" if run["rows_per_second"] >= MIN_IMPORT else "no"
        lines.append(
            f"| {run['run']} | {run['seconds']:.1f} | {run['rows_per_second']:,} | {met} |"
        )
    return lines


def explain_markdown(results: dict) -> str:
    """The EXPLAIN (ANALYZE, BUFFERS) of the slowest first requests' slow statements, in short."""
    lines = ["# EXPLAIN of the slowest /jobs/ first requests", ""]
    for size in sorted(results["sizes"], key=lambda size: size["jobs"]):
        plans = size.get("first_request", {}).get("explain", [])
        lines += [f"## {size['jobs']:,} jobs", ""]
        for plan in plans:
            steps = [
                line.strip() for line in plan["plan"] if "->" in line or line is plan["plan"][0]
            ]
            timing = [line for line in plan["plan"] if line.startswith("Execution Time")]
            buffers = next((line.strip() for line in plan["plan"] if "Buffers:" in line), "")
            lines += [
                f"- `{plan['url']}`: {plan['ms']} ms in the request; "
                f"{timing[0] if timing else ''}; {buffers}",
                "  - " + " / ".join(step.split("  (")[0].lstrip("-> ") for step in steps[:6]),
            ]
        lines.append("")
    return "\n".join(lines)
