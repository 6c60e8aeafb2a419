"""Geometry for the box-and-whisker and trend charts drawn as inline SVG (no JavaScript, no
CDN), and their markup."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import SafeString

from salaries.formatting import format_median_ci, format_usd, thousands
from salaries.stats import Group
from web.jinja import render_fragment

# Jinja2 fragments (web/jinja.py says why): a role's page draws a bar per country, six SVG
# shapes each, and the charts were a fifth of its first request in Django's template language.
BOX_TEMPLATE = "salaries/includes/_box_chart.jinja"
TREND_TEMPLATE = "salaries/includes/_trend_chart.jinja"

NICE_STEPS = [5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000, 250_000, 500_000]
MAX_TICKS = 6


@dataclass(frozen=True)
class Bar:
    group: Group
    # x positions in percent of the chart's width, as SVG attribute text
    p10: str
    p25: str
    median: str
    p75: str
    p90: str
    box_width: str
    # What screen readers read beside the drawing, written once here rather than through six
    # template filters a bar: a country chart has a bar per country.
    numbers: str


@dataclass(frozen=True)
class Mark:
    """An amount drawn across a chart (an offer, on the position page)."""

    x: str  # position in percent
    usd: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]  # groups with enough data to draw
    ticks: list[tuple[str, str]]  # (x position in percent, label)
    sparse: list[Group]  # groups with too few points: named, with their counts, not drawn
    mark: Mark | None = None


def box_chart(groups: list[Group], *, mark: int | None = None) -> Chart:
    """One shared scale for every group, so bars can be compared down the chart; it reaches the
    amount `mark` too, when one is drawn across them."""
    drawn = [group for group in groups if group.summary.enough]
    sparse = [group for group in groups if not group.summary.enough]
    if not drawn:
        return Chart([], [], sparse)
    summaries = [group.summary for group in drawn]
    marked = [] if mark is None else [mark]
    x, ticks = _scale(
        min([s.p10 for s in summaries] + marked), max([s.p90 for s in summaries] + marked)
    )
    bars = [
        Bar(
            group,
            *(f"{x(v):.2f}" for v in (s.p10, s.p25, s.median, s.p75, s.p90)),
            box_width=f"{x(s.p75) - x(s.p25):.2f}",
            numbers=bar_numbers(s),
        )
        for group, s in zip(drawn, summaries, strict=True)
    ]
    return Chart(bars, ticks, sparse, None if mark is None else Mark(f"{x(mark):.2f}", mark))


def bar_numbers(summary) -> str:
    """ "median USD 120K (95% CI 115K - 125K) · p25–p75 USD 100K–USD 140K · p10–p90 … · 1,200
    points": a summary as a bar's text says it."""
    return (
        f"median {format_usd(summary.median)} ({format_median_ci(summary)}) · "
        f"p25–p75 {format_usd(summary.p25)}–{format_usd(summary.p75)} · "
        f"p10–p90 {format_usd(summary.p10)}–{format_usd(summary.p90)} · "
        f"{intcomma(summary.n)} points"
    )


def _scale(low: int, high: int):
    """A scale from low to high in round steps: x(value) in percent of the width, and the ticks."""
    step = next((s for s in NICE_STEPS if (high - low) / s <= MAX_TICKS - 1), NICE_STEPS[-1])
    start = math.floor(low / step) * step
    end = max(math.ceil(high / step) * step, start + step)

    def x(value: int) -> float:
        return 100 * (value - start) / (end - start)

    ticks = [(f"{x(v):.2f}", thousands(v)) for v in range(start, end + 1, step)]
    return x, ticks


def position_chart(group: Group, amount: int) -> Chart | None:
    """One peer set's p10-p90 box with an amount marked on it (the amount may lie outside)."""
    if not group.summary.enough:
        return None
    return box_chart([group], mark=amount)


# The trend chart's drawing area in SVG units: it scales as a whole (text with it), so its
# viewBox keeps the proportions of a phone-width chart.
TREND_WIDTH, TREND_HEIGHT = 400, 220
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 44, 340, 12, 190
# Lines told apart without colour: solid, dashed, dotted, each labelled at its end.
TREND_LINES = [("p75", "p75", "4 3"), ("median", "median", ""), ("p25", "p25", "1.5 3")]
LABEL_GAP = 13  # the least vertical distance between two end labels


@dataclass(frozen=True)
class TrendLine:
    key: str
    label: str
    dash: str
    points: str  # "x,y x,y ..." for a polyline
    dots: list[tuple[str, str]]
    label_y: str


@dataclass(frozen=True)
class TrendChart:
    lines: list[TrendLine]
    years: list[tuple[str, str]]  # (x, year)
    ticks: list[tuple[str, str]]  # (y, label)
    width: int = TREND_WIDTH
    height: int = TREND_HEIGHT
    left: int = TREND_LEFT
    right: int = TREND_RIGHT
    bottom: int = TREND_BOTTOM


def trend_chart(groups: list[Group]) -> TrendChart | None:
    """p25, median and p75 per year (groups: years with a figure, oldest first)."""
    if not groups:
        return None
    summaries = [group.summary for group in groups]
    scale, ticks = _scale(min(s.p25 for s in summaries), max(s.p75 for s in summaries))
    years = [int(group.code) for group in groups]
    first, span = years[0], max(years[-1] - years[0], 1)

    def x(year: int) -> float:
        if len(years) == 1:
            return (TREND_LEFT + TREND_RIGHT) / 2
        return TREND_LEFT + (TREND_RIGHT - TREND_LEFT) * (year - first) / span

    def y(value: int) -> float:
        return TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * scale(value) / 100

    lines, last_label = [], None
    for key, label, dash in TREND_LINES:  # top to bottom, so end labels can be kept apart
        points = zip(years, summaries, strict=True)
        coordinates = [(x(year), y(getattr(summary, key))) for year, summary in points]
        label_y = coordinates[-1][1]
        if last_label is not None:
            label_y = max(label_y, last_label + LABEL_GAP)
        last_label = label_y
        lines.append(
            TrendLine(
                key,
                label,
                dash,
                " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coordinates),
                [(f"{cx:.1f}", f"{cy:.1f}") for cx, cy in coordinates],
                f"{label_y + 4:.1f}",
            )
        )
    return TrendChart(
        lines,
        [(f"{x(year):.1f}", str(year)) for year in years],
        [
            (f"{TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * float(p) / 100:.1f}", text)
            for p, text in ticks
        ],
    )


def box_chart_html(chart: Chart, *, link: str = "") -> SafeString:
    """The chart's markup; `link`: each group's label links to link + its code ("" for none)."""
    return render_fragment(
        BOX_TEMPLATE,
        {
            "chart": chart,
            "link": link,
            "min_points": settings.SALARY_MIN_POINTS,
            "usd": format_usd,
            "intcomma": intcomma,
        },
    )


def trend_chart_html(groups: list[Group]) -> SafeString:
    """The trend of these years' groups (oldest first): its drawing and its table."""
    return render_fragment(
        TREND_TEMPLATE,
        {
            "chart": trend_chart(groups),
            "groups": groups,
            "min_points": settings.SALARY_MIN_POINTS,
            "k": thousands,
            "intcomma": intcomma,
        },
    )
