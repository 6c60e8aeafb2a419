"""bench/first_request.py: the figures of one size's runs taken in turns (make bench --growth)."""

from bench.first_request import combine, report


def run(times: dict[str, list[float]], *, status=200, plans=(), hits=(1.0,)) -> dict:
    """What one child process returns for the URLs in `times` (query -> its times)."""
    rows = [
        {
            "kind": "one filter: q" if "q=" in query else "no filter",
            "query": query,
            "ms": list(ms),
            "status": status,
            "queries": 7,
            "database_ms": 3.0,
        }
        for query, ms in times.items()
    ]
    return report(
        rows,
        passes=len(next(iter(times.values()))),
        warmup_urls=192,
        hits=list(hits),
        plans=list(plans),
    )


def test_combine_keeps_every_runs_times_per_url_in_order():
    first = run({"": [10.0], "q=data": [30.0]})
    second = run({"": [12.0], "q=data": [50.0]})
    combined = combine([first, second])
    assert {row["query"]: row["ms"] for row in combined["all"]} == {
        "": [10.0, 12.0],
        "q=data": [30.0, 50.0],
    }
    assert combined["passes"] == 2
    assert combined["first_request"]["n"] == 4
    assert combined["first_request"]["max"] == 50.0
    assert combined["first_request_with_q"]["n"] == 2
    assert combined["first_request_without_q"]["max"] == 12.0
    assert combined["slowest"][0]["url"] == "/jobs/?q=data"
    assert combined["slowest"][0]["ms"] == 50.0


def test_combine_figures_equal_one_run_of_the_same_times():
    """Taking passes in turns changes when they run, not what the figures say of the times."""
    times = {"": [10.0, 14.0, 11.0], "q=data": [30.0, 20.0, 25.0], "role=x": [5.0, 9.0, 7.0]}
    once = run(times)
    parts = [run({query: [ms[number]] for query, ms in times.items()}) for number in range(3)]
    combined = combine(parts)
    for figure in ("first_request", "first_request_with_q", "first_request_without_q", "by_kind"):
        assert combined[figure] == once[figure]


def test_combine_keeps_the_highest_status_any_run_gave():
    """A server error in one run is not hidden by a later run's 200."""
    combined = combine([run({"": [10.0]}, status=500), run({"": [11.0]}, status=200)])
    assert combined["statuses"] == {"500": 1}
    assert combined["slowest"][0]["status"] == 500


def plan(url: str, moment: str) -> dict:
    """An EXPLAIN as explain() keeps it: the statement's text holds the moment it ran."""
    return {
        "url": url,
        "ms": 9.0,
        "sql": f"WITH found AS (... WHERE published_at <= '{moment}'::timestamptz ...)",
        "plan": ["Append"],
    }


def test_combine_keeps_each_urls_plans_once_the_slowest_url_first():
    first = run(
        {"": [10.0], "q=data": [30.0]},
        plans=[plan("/jobs/?q=data", "16:07:35"), plan("/jobs/?", "16:07:36")],
        hits=[0.5],
    )
    second = run(
        {"": [40.0], "q=data": [31.0]},
        plans=[plan("/jobs/?", "16:09:01"), plan("/jobs/?q=data", "16:09:02")],
        hits=[0.7],
    )
    combined = combine([first, second])
    # The first run's plans, each URL once although the statements' moments differ; "" was the
    # slowest URL over both runs (40 ms), so its plan comes first.
    assert combined["explain"] == [plan("/jobs/?", "16:07:36"), plan("/jobs/?q=data", "16:07:35")]
    assert combined["cache_hit"]["n"] == 2
    assert combined["cache_hit_ms"] == [0.5, 0.7]
