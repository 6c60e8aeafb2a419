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


def test_combine_takes_statuses_from_the_last_run_and_each_plan_once():
    plan = {"url": "/jobs/?q=data", "ms": 9.0, "sql": "WITH found ...", "plan": ["Append"]}
    other = {"url": "/jobs/", "ms": 3.0, "sql": "SELECT ...", "plan": ["Limit"]}
    first = run({"": [10.0]}, status=404, plans=[plan], hits=[0.5])
    second = run({"": [11.0]}, status=200, plans=[plan, other], hits=[0.7])
    combined = combine([first, second])
    assert combined["statuses"] == {"200": 1}
    assert combined["explain"] == [plan, other]
    assert combined["cache_hit"]["n"] == 2
    assert combined["cache_hit_ms"] == [0.5, 0.7]
