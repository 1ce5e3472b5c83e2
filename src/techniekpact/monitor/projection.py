"""Projection of a series to its target year, with a simple uncertainty band.

Two projections are made because each is wrong in its own way: compound growth (the CAGR the
assessment uses) extrapolates the endpoints only, a linear trend (least squares over every point
in the window) uses all points but ignores compounding. The band spans both and, with three or
more points, the 95% prediction interval of the linear trend, so a reader sees how unsure the
number is. Shares are clipped to their natural limit and values to zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from techniekpact.monitor.progress import Point

# Two-sided 95% quantiles of Student's t distribution for df = 1..30; normal beyond.
_T95 = (
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
)


def t95(df: int) -> float:
    return _T95[df - 1] if df <= len(_T95) else 1.96


@dataclass(frozen=True)
class Projection:
    year: float
    cagr_value: float | None
    linear_value: float
    low: float
    high: float
    slope_per_year: float


def linear_fit(points: Sequence[Point]) -> tuple[float, float, float | None]:
    """Least-squares line: (intercept, slope, residual standard error or None if n < 3)."""
    n = len(points)
    xs = [p.time for p in points]
    ys = [p.value for p in points]
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    if n < 3:
        return intercept, slope, None
    rss = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, math.sqrt(rss / (n - 2))


def project(points: Sequence[Point], year: float, *, limit: float | None = None) -> Projection:
    """Project `points` (at least two, sorted by time) to `year`."""
    first, last = points[0], points[-1]
    intercept, slope, se = linear_fit(points)
    linear = intercept + slope * year
    compound: float | None = None
    span = last.time - first.time
    if first.value > 0 and last.value > 0 and span > 0:
        growth = (last.value / first.value) ** (1 / span) - 1
        compound = last.value * (1 + growth) ** (year - last.time)
    candidates = [linear] + ([compound] if compound is not None else [])
    if se is not None:
        n = len(points)
        mean_x = sum(p.time for p in points) / n
        sxx = sum((p.time - mean_x) ** 2 for p in points)
        half = t95(n - 2) * se * math.sqrt(1 + 1 / n + (year - mean_x) ** 2 / sxx)
        candidates += [linear - half, linear + half]
    low, high = min(candidates), max(candidates)

    def clip(v: float) -> float:
        if all(p.value >= 0 for p in points):
            v = max(v, 0.0)
        if limit is not None:
            v = min(v, limit)
        return v

    return Projection(
        year=year,
        cagr_value=None if compound is None else clip(compound),
        linear_value=clip(linear),
        low=clip(low),
        high=clip(high),
        slope_per_year=slope,
    )
