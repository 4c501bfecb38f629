"""The time axis of the timeline: linear in time, with the long stretches in which nothing happens cut
out (an axis break), and year ticks spaced so that their labels never crowd."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

MIN_EMPTY_YEARS = 4  # a run of at least this many whole years with no date is cut out
GAP = 0.16  # inches left where a stretch is cut out; the break mark sits in its middle
TICK_STEPS = (1, 2, 5, 10)


@dataclass(frozen=True)
class Scale:
    segments: tuple[tuple[float, float], ...]  # (first, last) decimal years drawn, left to right
    x0: float  # inches where the first segment starts
    per_year: float  # inches per year

    @property
    def start(self) -> float:
        return self.segments[0][0]

    @property
    def end(self) -> float:
        return self.segments[-1][1]

    def _offset(self, index: int) -> float:
        done = sum(b - a for a, b in self.segments[:index])
        return self.x0 + done * self.per_year + index * GAP

    def x(self, t: float) -> float:
        """Inches for decimal year ``t`` (clamped to the axis; inside a cut: the cut's start)."""
        t = min(max(t, self.start), self.end)
        for index, (a, b) in enumerate(self.segments):
            if t <= b:
                return self._offset(index) + (max(t, a) - a) * self.per_year
        return self._offset(len(self.segments) - 1) + (self.end - self.segments[-1][0]) * self.per_year

    def pieces(self, t0: float, t1: float) -> list[tuple[float, float]]:
        """The stretch ``t0``..``t1`` as drawn: one (x0, x1) per segment it crosses."""
        out = []
        for index, (a, b) in enumerate(self.segments):
            lo, hi = max(t0, a), min(t1, b)
            if hi > lo:
                base = self._offset(index)
                out.append((base + (lo - a) * self.per_year, base + (hi - a) * self.per_year))
        return out

    @property
    def breaks(self) -> list[float]:
        """Inches of the middle of each cut."""
        return [self._offset(i) - GAP / 2 for i in range(1, len(self.segments))]

    @property
    def x1(self) -> float:
        return self.x(self.end)


def make_scale(start: float, end: float, positions: list[float], x0: float, width: float) -> Scale:
    """The axis from ``start`` to ``end`` (decimal years) over ``width`` inches from ``x0``: every run of
    at least MIN_EMPTY_YEARS whole years holding none of ``positions`` is cut out."""
    busy = {math.floor(p) for p in positions if start <= p <= end}
    segments, first, year = [], start, math.floor(start) + 1
    while year < end:
        run = 0
        while year + run < end and year + run not in busy and year + run + 1 <= end:
            run += 1
        if run >= MIN_EMPTY_YEARS and year > first:
            segments.append((first, float(year)))
            first = float(year + run)
            year += run
        else:
            year += max(run, 1)
    segments.append((first, end))
    years = sum(b - a for a, b in segments)
    return Scale(tuple(segments), x0, (width - GAP * (len(segments) - 1)) / years)


def year_ticks(scale: Scale, label_width: Callable[[str], float], min_space: float) -> list[tuple[int, bool]]:
    """(year, labelled) for 1 January of each year on the axis. Labelled ticks are every ``step``
    years, the smallest step whose labels stand at least ``min_space`` inches apart; the first year of
    each segment is always labelled (the axis starts with a year), and a label that would come closer
    than ``min_space`` to a labelled neighbour is left out. No tick is nearer a break than GAP / 2."""
    years = [y for a, b in scale.segments for y in range(math.ceil(a), math.floor(b) + 1)]
    width = max(label_width(str(y)) for y in years) if years else 0.0
    step = next((s for s in TICK_STEPS if s * scale.per_year >= width + min_space), TICK_STEPS[-1])
    firsts = [math.ceil(a) for a, _ in scale.segments]
    kept = [scale.x(y) for y in firsts]
    labelled = set(firsts)
    for year in years:
        x = scale.x(year)
        if year % step == 0 and year not in labelled and all(abs(x - k) >= width + min_space for k in kept):
            kept.append(x)
            labelled.add(year)
    return [(year, year in labelled) for year in years]
