from django.template.loader import render_to_string

from salaries.charts import bar_numbers, box_chart
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


def test_a_bar_says_its_numbers():
    summary = Summary(1_200, 50_000, 60_000, 70_500, 80_000, 100_000, 68_000, 73_000)
    assert bar_numbers(summary) == (
        "median USD 70.5K (95% CI 68K - 73K) · p25–p75 USD 60K–USD 80K · "
        "p10–p90 USD 50K–USD 100K · 1,200 points"
    )
    wide = Summary(6, 50_000, 60_000, 70_000, 80_000, 100_000)
    assert bar_numbers(wide).startswith("median USD 70K (too few points for a 95% interval) · ")
    html = render_to_string(
        "salaries/includes/_box_chart.html", {"chart": box_chart([Group("DE", "Germany", summary)])}
    )
    assert f'<span class="box-numbers">{bar_numbers(summary)}</span>' in html


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
    assert (chart.mark.x, chart.mark.usd) == ("91.67", 150_000)
    [bar] = chart.bars
    assert (bar.p10, bar.p90) == ("8.33", "50.00")
    assert position_chart(group("thin", 3), 100_000) is None


def test_a_box_chart_without_a_mark_has_none():
    assert box_chart([group("a", 10, 50_000, 60_000, 70_000, 80_000, 100_000)]).mark is None


def test_the_trend_chart_places_years_and_keeps_end_labels_apart():
    from salaries.charts import TREND_BOTTOM, TREND_LEFT, TREND_RIGHT, TREND_TOP, trend_chart

    chart = trend_chart(
        [
            Group("2021", "2021", Summary(10, 0, 100_000, 110_000, 120_000, 0)),
            Group("2023", "2023", Summary(10, 0, 120_000, 121_000, 122_000, 0)),
        ]
    )
    assert chart.years == [(f"{TREND_LEFT:.1f}", "2021"), (f"{TREND_RIGHT:.1f}", "2023")]
    p75, median, p25 = chart.lines
    assert [line.key for line in chart.lines] == ["p75", "median", "p25"]
    # 100K sits at the bottom of the scale (100K..125K) and 125K at the top
    assert p25.dots[0] == (f"{TREND_LEFT:.1f}", f"{TREND_BOTTOM:.1f}")
    assert chart.ticks[-1] == (f"{TREND_TOP:.1f}", "125K")
    # 2023's three figures lie within 2K: their end labels are pushed 13 units apart
    assert float(median.label_y) - float(p75.label_y) >= 13
    assert float(p25.label_y) - float(median.label_y) >= 13
    assert {line.dash for line in chart.lines} == {"4 3", "", "1.5 3"}  # told apart without colour


def test_no_year_with_a_figure_draws_no_trend():
    from salaries.charts import trend_chart

    assert trend_chart([]) is None
