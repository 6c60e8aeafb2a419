from hypothesis import given
from hypothesis import strategies as st

from salaries.points import percent_steps

points_lists = st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=1, max_size=400)


def percent(points, amount, divisor):
    return 100 * sum(point < amount for point in points) // divisor


@given(points_lists, st.integers(min_value=-1, max_value=2_000_001))
def test_the_steps_below_an_amount_are_its_whole_percent_of_the_set(points, amount):
    points.sort()
    steps = percent_steps(points, len(points))
    assert len(steps) == 100 and steps == sorted(steps)
    assert sum(step < amount for step in steps) == percent(points, amount, len(points))


@given(points_lists.filter(lambda points: len(points) > 1), st.data())
def test_a_point_of_the_set_is_a_share_of_the_others(points, data):
    points.sort()
    own = data.draw(st.sampled_from(points))
    steps = percent_steps(points, len(points) - 1)
    assert sum(step < own for step in steps) == percent(points, own, len(points) - 1)


def test_a_share_of_one_point_is_100_steps_of_it_and_of_none_is_none():
    assert percent_steps([70_000], 1) == [70_000] * 100
    assert percent_steps([70_000], 0) is None


def test_a_share_is_rounded_down():
    steps = percent_steps([10, 20, 30], 3)
    # Above one of three points: 33%, not 34%; above two, 66%, not 67%.
    assert sum(step < 15 for step in steps) == 33
    assert sum(step < 25 for step in steps) == 66
