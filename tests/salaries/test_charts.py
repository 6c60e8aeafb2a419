from salaries.charts import box_chart
from salaries.stats import Group, Summary


def group(label, n, *figures):
    return Group(label, label, Summary(n, *figures))


def test_bars_share_one_scale_and_thin_groups_are_listed_apart():
    chart = box_chart(
        [
            group("a", 10, 50_000, 60_000, 70_000, 80_000, 100_000),
            group("b", 10, 100_000, 120_000, 140_000, 160_000, 200_000),
            group("thin", 3),
        ]
    )
    assert [bar.group.label for bar in chart.bars] == ["a", "b"]
    assert [g.label for g in chart.sparse] == ["thin"]
    # scale 50K..200K in steps of 50K: 50K sits at 0 %, 200K at 100 %
    assert chart.ticks == [
        ("0.00", "50K"),
        ("33.33", "100K"),
        ("66.67", "150K"),
        ("100.00", "200K"),
    ]
    a, b = chart.bars
    assert (a.p10, a.median, a.p90) == ("0.00", "13.33", "33.33")
    assert (b.p25, b.box_width, b.p90) == ("46.67", "26.67", "100.00")


def test_a_chart_without_enough_data_draws_nothing():
    chart = box_chart([group("thin", 2)])
    assert chart.bars == [] and chart.ticks == []
    assert [g.label for g in chart.sparse] == ["thin"]


def test_a_single_value_still_gets_a_scale():
    chart = box_chart([group("flat", 9, 80_000, 80_000, 80_000, 80_000, 80_000)])
    assert chart.ticks[0][0] == "0.00" and chart.ticks[-1][0] == "100.00"


def test_the_position_chart_marks_the_amount_on_one_scale_with_the_box():
    from salaries.charts import position_chart

    chart = position_chart(group("set", 10, 50_000, 60_000, 70_000, 80_000, 100_000), 150_000)
    # the scale reaches the amount, which lies beyond p90: 50K..150K in steps of 20K
    assert chart.ticks[0] == ("0.00", "40K") and chart.ticks[-1] == ("100.00", "160K")
    assert chart.amount == "91.67"
    assert (chart.bar.p10, chart.bar.p90) == ("8.33", "50.00")
    assert position_chart(group("thin", 3), 100_000) is None
