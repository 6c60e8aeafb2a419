import pytest

from bench.run import memory_reclaim


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def damon(tmp_path):
    """A running kdamond watching physical memory, its one scheme paging out regions idle 12
    aggregation intervals of 5 s (as this project's machines come)."""
    context = tmp_path / "0" / "contexts" / "0"
    write(tmp_path / "0" / "state", "on\n")
    write(context / "operations", "paddr\n")
    write(context / "monitoring_attrs" / "intervals" / "aggr_us", "5000000\n")
    write(context / "schemes" / "0" / "action", "pageout\n")
    write(context / "schemes" / "0" / "access_pattern" / "age" / "min", "12\n")
    return tmp_path


def test_memory_reclaim_names_the_pageout_of_idle_memory(damon):
    assert memory_reclaim(damon) == "pageout of memory idle 60 s"


@pytest.mark.parametrize(
    "file, text",
    [
        ("0/state", "off\n"),  # stopped
        ("0/contexts/0/operations", "vaddr\n"),  # a process's memory, not the page cache
        ("0/contexts/0/schemes/0/action", "stat\n"),  # counts, reclaims nothing
    ],
)
def test_memory_reclaim_says_nothing_when_nothing_pages_out_the_page_cache(damon, file, text):
    write(damon / file, text)
    assert memory_reclaim(damon) == ""


def test_memory_reclaim_without_damon_or_with_a_bad_file_says_nothing(damon):
    assert memory_reclaim(damon / "missing") == ""
    write(damon / "0" / "contexts" / "0" / "monitoring_attrs" / "intervals" / "aggr_us", "x")
    assert memory_reclaim(damon) == ""


def test_memory_reclaim_it_may_not_read_says_so(damon, monkeypatch):
    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(damon), "read_text", refused)
    assert memory_reclaim(damon) == "unreadable"
