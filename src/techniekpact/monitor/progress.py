"""Progress assessment: "is this figure on track?" as pure functions.

The default method is the Open SDG 2.4 progress methodology as used by Statistics Canada
(compound annual growth observed versus required, with fixed bands); the Eurostat variant uses
a 5- or 15-year window. Every formula, threshold and edge-case rule is written down in
`docs/progress-method.md`; keep the two in step. Nothing here touches a database or a file, so
the CLI, the web pages and the yearly report all get the same answer for the same series.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple, TypedDict

from techniekpact.monitor.projection import Projection, project


class Status(StrEnum):
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


STATUS_LABELS: dict[Status, dict[str, str]] = {
    Status.TARGET_ACHIEVED: {"nl": "Doel bereikt", "en": "Target achieved"},
    Status.SUBSTANTIAL_PROGRESS: {"nl": "Op koers", "en": "On track"},
    Status.MODERATE_PROGRESS: {
        "nl": "Vooruitgang, versnelling nodig",
        "en": "Progress, acceleration needed",
    },
    Status.LIMITED_PROGRESS: {"nl": "Beperkte vooruitgang", "en": "Limited progress"},
    Status.DETERIORATION: {"nl": "Verslechtering", "en": "Deterioration"},
    Status.NOT_AVAILABLE: {"nl": "Onvoldoende gegevens", "en": "Not enough data"},
}


class Method(StrEnum):
    OPENSDG = "opensdg"
    EUROSTAT_SHORT = "eurostat-short"
    EUROSTAT_LONG = "eurostat-long"


class Point(NamedTuple):
    """One value of a series at a position on the time axis (years, school years = first year).

    A tuple, built in C: the dashboard assesses every series of a large table at once."""

    time: float
    value: float
    label: str = ""


@dataclass(frozen=True)
class Goal:
    """What the series is judged against: desired direction, optional target, optional limit."""

    direction: int = 1
    target_value: float | None = None
    target_year: float | None = None
    limit: float | None = None

    def __post_init__(self) -> None:
        if self.direction not in (1, -1):
            raise ValueError("direction must be 1 (increase is good) or -1 (decrease is good)")
        if (self.target_value is None) != (self.target_year is None):
            raise ValueError("a target needs both a value and a year")


@dataclass(frozen=True)
class Assessment:
    status: Status
    method: Method
    score: float | None = None
    progress_value: float | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    base_year: float | None = None
    base_period: str = ""
    base_value: float | None = None
    current_year: float | None = None
    current_period: str = ""
    current_value: float | None = None
    target_value: float | None = None
    target_year: float | None = None
    scaling_factor: float | None = None
    category: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    projection: Projection | None = None

    @property
    def label_nl(self) -> str:
        return STATUS_LABELS[self.status]["nl"]

    @property
    def label_en(self) -> str:
        return STATUS_LABELS[self.status]["en"]


class _Reported(TypedDict, total=False):
    """The Assessment fields `assess` fills in along the way, typed so `**common` checks."""

    method: Method
    target_value: float | None
    target_year: float | None
    base_year: float | None
    base_period: str
    base_value: float | None
    current_year: float | None
    current_period: str
    current_value: float | None


# Open SDG 2.4 thresholds (docs/progress-method.md, "With a target" and "Without a target";
# tests/monitor/test_method_doc.py fails when the document and these differ).
RATIO_BANDS = (0.95, 0.60, 0.0)
GROWTH_BANDS = (0.015, 0.005, 0.0)
RATIO_SCORE_POINTS = ((-0.6, -5.0), (0.0, -2.5), (0.6, 0.0), (0.95, 2.5), (1.3, 5.0))
LIMIT_EXPONENT = 4.44
ZERO_REPLACEMENT = 0.001
DEFAULT_BASE_YEAR = 2015
# Eurostat thresholds: ratio bands as Open SDG; without a target +1 % / 0 / -1 %.
EUROSTAT_GROWTH_BANDS = (0.01, 0.0, -0.01)
EUROSTAT_WINDOWS = {Method.EUROSTAT_SHORT: 5, Method.EUROSTAT_LONG: 15}


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from `start` to `end` over `years` years."""
    if years <= 0:
        raise ValueError("growth needs a positive number of years")
    if start == 0 or (start < 0) != (end < 0) and end != 0:
        raise ValueError("growth is undefined for a zero start or a change of sign")
    return (end / start) ** (1.0 / years) - 1.0


def interpolate(x: float, points: Sequence[tuple[float, float]]) -> float:
    """Piecewise-linear through `points`, clamped at both ends; zero-width steps jump up."""
    if x >= points[-1][0]:
        return points[-1][1]
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= x < x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]  # pragma: no cover - unreachable given the checks above


def scaling_factor(base_value: float, limit: float | None) -> float:
    """Open SDG's C: shrinks the no-target growth bands as a share nears its natural limit."""
    if limit is None or limit <= 0:
        return 1.0
    if base_value >= limit:
        return 0.0
    if base_value < 0:
        return 1.0
    return 1.0 - (base_value / limit) ** LIMIT_EXPONENT


def growth_score_points(c: float) -> tuple[tuple[float, float], ...]:
    return ((-0.02, -5.0), (0.0, -2.5), (0.005 * c, 0.0), (0.015 * c, 2.5), (0.02 * c, 5.0))


def _band(value: float, bands: tuple[float, float, float]) -> Status:
    high, middle, low = bands
    if value >= high:
        return Status.SUBSTANTIAL_PROGRESS
    if value >= middle:
        return Status.MODERATE_PROGRESS
    if value >= low:
        return Status.LIMITED_PROGRESS
    return Status.DETERIORATION


def _annual(points: Sequence[Point]) -> list[Point]:
    """One point per time, the last given winning, sorted by time; NaN values dropped."""
    by_time: dict[float, Point] = {}
    for p in points:
        if not math.isnan(p.value):
            by_time[p.time] = p
    return [by_time[t] for t in sorted(by_time)]


def _window(
    series: list[Point], method: Method, base_year: float | None, goal: Goal
) -> tuple[list[Point], list[str]]:
    """The points the assessment looks at, with notes on any rule that chose them."""
    notes: list[str] = []
    if goal.target_year is not None and series and series[-1].time > goal.target_year:
        series = [p for p in series if p.time <= goal.target_year]
        notes.append("target_year_passed")
    if not series:
        return series, notes
    if method is Method.OPENSDG:
        start = DEFAULT_BASE_YEAR if base_year is None else base_year
    else:
        start = series[-1].time - EUROSTAT_WINDOWS[method]
        if base_year is not None:
            notes.append("base_year_ignored_by_window")
    chosen = [p for p in series if p.time >= start]
    if chosen and chosen[0].time != start:
        notes.append("base_year_missing_used_next")
    return chosen, notes


def assess(
    points: Sequence[Point],
    goal: Goal = Goal(),
    *,
    method: Method = Method.OPENSDG,
    base_year: float | None = None,
) -> Assessment:
    """Assess a series against its goal. See docs/progress-method.md for every rule."""
    series = _annual(points)
    window, notes = _window(series, method, base_year, goal)
    common: _Reported = {
        "method": method,
        "target_value": goal.target_value,
        "target_year": goal.target_year,
    }
    if window and _achieved(window[-1].value, goal):
        latest = window[-1]
        common |= {
            "current_year": latest.time,
            "current_period": latest.label,
            "current_value": latest.value,
        }
        if len(window) >= 2:
            common |= {
                "base_year": window[0].time,
                "base_period": window[0].label,
                "base_value": window[0].value,
            }
        return Assessment(
            Status.TARGET_ACHIEVED, score=5.0, category="achieved", notes=tuple(notes), **common
        )
    if len(window) < 2:
        notes.append("fewer_than_two_years")
        if window:
            only = window[0]
            common |= {
                "current_year": only.time,
                "current_period": only.label,
                "current_value": only.value,
            }
        return Assessment(Status.NOT_AVAILABLE, notes=tuple(notes), **common)
    base, current = window[0], window[-1]
    common |= {
        "base_year": base.time,
        "base_period": base.label,
        "base_value": base.value,
        "current_year": current.time,
        "current_period": current.label,
        "current_value": current.value,
    }
    direction = goal.direction
    values = [p.value for p in window]
    if all(v < 0 for v in values):
        direction = -direction
        notes.append("all_negative_direction_flipped")
    elif any(v < 0 for v in values):
        notes.append("sign_change")
        return Assessment(Status.NOT_AVAILABLE, notes=tuple(notes), **common)

    projection = None
    if goal.target_year is not None:
        projection = project(window, goal.target_year, limit=goal.limit)

    if goal.target_value is not None and goal.target_year is not None:
        result = _with_target(base, current, goal, direction, method, notes)
    else:
        result = _without_target(base, current, goal, direction, method, notes)
    return replace(result, projection=projection, notes=tuple(notes), **common)


def _achieved(value: float, goal: Goal) -> bool:
    """Checked before anything else: a target that is met needs no trend."""
    if goal.target_value is None:
        return False
    if goal.direction == 1:
        return value >= goal.target_value
    return value <= goal.target_value


def _nonzero(value: float, notes: list[str], what: str) -> float:
    if value == 0:
        notes.append(f"{what}_zero_replaced")
        return ZERO_REPLACEMENT
    return value


def _with_target(
    base: Point, current: Point, goal: Goal, direction: int, method: Method, notes: list[str]
) -> Assessment:
    assert goal.target_value is not None and goal.target_year is not None
    target = goal.target_value
    x0 = _nonzero(base.value, notes, "base_value")
    observed = cagr(x0, current.value, current.time - base.time)
    if goal.target_year <= base.time:
        notes.append("target_year_not_after_base_year")
        return Assessment(Status.NOT_AVAILABLE, method, cagr_observed=observed)
    xt = _nonzero(target, notes, "target")
    required = cagr(x0, xt, goal.target_year - base.time)
    if abs(required) < 1e-12:
        notes.append("required_growth_zero")
        status = Status.DETERIORATION if direction * observed < 0 else Status.LIMITED_PROGRESS
        score = -5.0 if status is Status.DETERIORATION else None
        return Assessment(status, method, score=score, cagr_observed=observed, cagr_required=0.0)
    if method is Method.OPENSDG:
        ratio = direction * observed / abs(required)
    else:
        ratio = observed / required
        if required * direction < 0:
            notes.append("target_behind_base_value")
    status = _band(ratio, RATIO_BANDS)
    score = interpolate(ratio, RATIO_SCORE_POINTS) if method is Method.OPENSDG else None
    return Assessment(
        status,
        method,
        score=score,
        progress_value=ratio,
        cagr_observed=observed,
        cagr_required=required,
        category=status.value,
    )


def _without_target(
    base: Point, current: Point, goal: Goal, direction: int, method: Method, notes: list[str]
) -> Assessment:
    x0 = _nonzero(base.value, notes, "base_value")
    observed = cagr(x0, current.value, current.time - base.time)
    progress = direction * observed
    if method is Method.OPENSDG:
        c = scaling_factor(abs(base.value), goal.limit)
        bands = (GROWTH_BANDS[0] * c, GROWTH_BANDS[1] * c, 0.0)
        status = _band(progress, bands)
        score = interpolate(progress, growth_score_points(c))
        return Assessment(
            status,
            method,
            score=score,
            progress_value=progress,
            cagr_observed=observed,
            scaling_factor=c,
            category=status.value,
        )
    category, status = _eurostat_trend(progress)
    return Assessment(
        status, method, progress_value=progress, cagr_observed=observed, category=category
    )


def _eurostat_trend(progress: float) -> tuple[str, Status]:
    """Eurostat's four trend categories, mapped onto our status codes (see the method doc)."""
    high, _, low = EUROSTAT_GROWTH_BANDS
    if progress > high:
        return "significant_progress", Status.SUBSTANTIAL_PROGRESS
    if progress > 0:
        return "moderate_progress", Status.MODERATE_PROGRESS
    if progress >= low:
        return "moderate_movement_away", Status.LIMITED_PROGRESS
    return "significant_movement_away", Status.DETERIORATION


SCORE_BANDS = ((2.5, Status.SUBSTANTIAL_PROGRESS), (0.0, Status.MODERATE_PROGRESS),
               (-2.5, Status.LIMITED_PROGRESS))  # fmt: skip


def aggregate(assessments: Sequence[Assessment]) -> tuple[Status, float | None]:
    """Open SDG 2.4 aggregation: the mean score of the assessed series, read on score bands.

    Series without a score are left out; a series that achieved its target counts as 5;
    `target_achieved` only when every assessed series achieved its target.
    """
    scored = [a for a in assessments if a.score is not None]
    if not scored:
        return Status.NOT_AVAILABLE, None
    if all(a.status is Status.TARGET_ACHIEVED for a in scored):
        return Status.TARGET_ACHIEVED, 5.0
    mean = sum(a.score for a in scored if a.score is not None) / len(scored)
    for floor, status in SCORE_BANDS:
        if mean >= floor:
            return status, mean
    return Status.DETERIORATION, mean
