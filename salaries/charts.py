"""Geometry for the box-and-whisker charts drawn as inline SVG (no JavaScript, no CDN)."""

import math
from dataclasses import dataclass

from salaries.formatting import thousands
from salaries.stats import Group

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


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]  # groups with enough data to draw
    ticks: list[tuple[str, str]]  # (x position in percent, label)
    sparse: list[Group]  # groups with too few points: named, with their counts, not drawn


def box_chart(groups: list[Group]) -> Chart:
    """One shared scale for every group, so bars can be compared down the chart."""
    drawn = [group for group in groups if group.summary.enough]
    sparse = [group for group in groups if not group.summary.enough]
    if not drawn:
        return Chart([], [], sparse)
    summaries = [group.summary for group in drawn]
    x, ticks = _scale(min(s.p10 for s in summaries), max(s.p90 for s in summaries))
    bars = [
        Bar(
            group,
            *(f"{x(v):.2f}" for v in (s.p10, s.p25, s.median, s.p75, s.p90)),
            box_width=f"{x(s.p75) - x(s.p25):.2f}",
        )
        for group, s in zip(drawn, summaries, strict=True)
    ]
    return Chart(bars, ticks, sparse)


def _scale(low: int, high: int):
    """A scale from low to high in round steps: x(value) in percent of the width, and the ticks."""
    step = next((s for s in NICE_STEPS if (high - low) / s <= MAX_TICKS - 1), NICE_STEPS[-1])
    start = math.floor(low / step) * step
    end = max(math.ceil(high / step) * step, start + step)

    def x(value: int) -> float:
        return 100 * (value - start) / (end - start)

    ticks = [(f"{x(v):.2f}", thousands(v)) for v in range(start, end + 1, step)]
    return x, ticks


@dataclass(frozen=True)
class PositionChart:
    """One peer set's p10-p90 box with an amount marked on it (the amount may lie outside)."""

    bar: Bar
    amount: str  # x position in percent
    ticks: list[tuple[str, str]]


def position_chart(group: Group, amount: int) -> PositionChart | None:
    s = group.summary
    if not s.enough:
        return None
    x, ticks = _scale(min(s.p10, amount), max(s.p90, amount))
    bar = Bar(
        group,
        *(f"{x(v):.2f}" for v in (s.p10, s.p25, s.median, s.p75, s.p90)),
        box_width=f"{x(s.p75) - x(s.p25):.2f}",
    )
    return PositionChart(bar, f"{x(amount):.2f}", ticks)
