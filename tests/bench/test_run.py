from bench.run import memory_reclaim


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_memory_reclaim_names_what_damon_does_to_idle_memory(tmp_path):
    """A running kdamond's schemes, each its action and how long memory must sit idle (the
    minimum age in aggregation intervals); a stopped one and a machine without DAMON say
    nothing."""
    context = tmp_path / "0" / "contexts" / "0"
    write(tmp_path / "0" / "state", "on\n")
    write(context / "monitoring_attrs" / "intervals" / "aggr_us", "5000000\n")
    write(context / "schemes" / "0" / "action", "pageout\n")
    write(context / "schemes" / "0" / "access_pattern" / "age" / "min", "12\n")
    assert memory_reclaim(tmp_path) == "pageout of memory idle 60 s"
    write(tmp_path / "0" / "state", "off\n")
    assert memory_reclaim(tmp_path) == ""
    assert memory_reclaim(tmp_path / "missing") == ""


def test_memory_reclaim_with_an_unreadable_scheme_says_nothing(tmp_path):
    write(tmp_path / "0" / "state", "on\n")
    write(tmp_path / "0" / "contexts" / "0" / "monitoring_attrs" / "intervals" / "aggr_us", "x")
    (tmp_path / "0" / "contexts" / "0" / "schemes" / "0").mkdir(parents=True)
    assert memory_reclaim(tmp_path) == ""
