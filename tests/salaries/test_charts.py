from django.test import override_settings

from salaries.charts import (
    TREND_BOTTOM,
    TREND_LEFT,
    TREND_RIGHT,
    TREND_TOP,
    bar_numbers,
    box_chart,
    box_chart_html,
    position_chart,
    trend_chart,
    trend_chart_html,
)
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
    html = box_chart_html(box_chart([Group("DE", "Germany", summary)]))
    assert f'<span class="box-numbers">{bar_numbers(summary)}</span>' in html


def test_a_chart_without_enough_data_draws_nothing():
    chart = box_chart([group("thin", 2)])
    assert chart.bars == [] and chart.ticks == []
    assert [g.label for g in chart.sparse] == ["thin"]


def test_a_single_value_still_gets_a_scale():
    chart = box_chart([group("flat", 9, 80_000, 80_000, 80_000, 80_000, 80_000)])
    assert chart.ticks[0][0] == "0.00" and chart.ticks[-1][0] == "100.00"


def test_the_position_chart_marks_the_amount_on_one_scale_with_the_box():
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
    assert trend_chart([]) is None


def test_a_box_charts_labels_link_to_their_codes_escaped_and_its_thin_groups_are_counted():
    wide = Group("A&B", "A <&> B", Summary(10, 50_000, 60_000, 70_000, 80_000, 100_000))
    html = box_chart_html(box_chart([wide, group("thin", 1_234)]), link="/salaries/x/?country=")
    assert '<a href="/salaries/x/?country=A%26B">A &lt;&amp;&gt; B</a>' in html
    assert 'x1="0.00" x2="100.00" y1="10" y2="10"' in html  # the p10-p90 whisker: 50K..100K
    assert "Not enough data (fewer than" in html and "thin (1,234)." in html
    assert "<a " not in box_chart_html(box_chart([wide]))  # no link asked: labels only
    quoted = Group("CI", 'Côte d\'Ivoire "CI"', wide.summary)
    assert "Côte d&#39;Ivoire &#34;CI&#34;</a>" in box_chart_html(box_chart([quoted]), link="?c=")


@override_settings(SALARY_MIN_POINTS=7)
def test_a_chart_with_no_group_says_so_and_names_the_least_number_of_points():
    assert '<p class="sparse">No data for these filters.</p>' in box_chart_html(box_chart([]))
    assert "fewer than 7 points" in box_chart_html(box_chart([group("thin", 2)]))
    assert "No year has 7 data points or more" in trend_chart_html([])


def test_the_offer_is_drawn_across_the_box_and_said_beside_it():
    chart = position_chart(group("set", 10, 50_000, 60_000, 70_000, 80_000, 100_000), 150_000)
    html = box_chart_html(chart)
    assert 'class="box-chart position-chart"' in html
    assert '<line class="amount" x1="91.67" x2="91.67"' in html
    assert "this offer USD 150K (the dashed line)" in html


def test_the_trend_draws_each_year_and_tables_its_figures():
    years = [
        Group("2021", "2021", Summary(1_500, 0, 100_000, 110_000, 120_000, 0)),
        Group("2023", "2023", Summary(12, 0, 120_000, 121_500, 122_000, 0)),
    ]
    html = trend_chart_html(years)
    assert html.count("<circle ") == 6  # three lines, a dot a year
    assert '<text class="tick" x="38"' in html and '<text class="year" x="44.0" y="208">' in html
    assert (
        '<tr><th scope="row">2023</th><td class="num">120K</td><td class="num">121.5K</td>'
        '<td class="num">122K</td><td class="num" data-testid="trend-n">12</td></tr>'
    ) in html
    assert '<td class="num" data-testid="trend-n">1,500</td>' in html
