"""What a target's status rests on: its own series or its sub-breakdowns, the figures the status
used, and the figures of other sources that disagree with them. Pure functions, no database.

Two honesty rules (docs/progress-method.md, "What a target's status rests on"):

* A target on a breakdown without enough figures of its own (vmbo bb and kb together) is assessed
  on the series of the breakdown's parts (bb, kb) when the indicator is a share and every part can
  be assessed. A share of the whole lies between the shares of its parts, so the whole meets the
  target when every part does; otherwise the least favourable part gives the status.
* When another source gives a different figure for the period a status rests on, both are shown,
  with the rule that chose the one used: the current revision (newest edition, latest import on a
  tie) for the same period, the series' own period kind for an overlapping period of another kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from techniekpact.monitor.progress import Assessment, Method, Status

# least favourable first: the order in which sub-breakdown statuses are compared
FAVOURABILITY = (
    Status.DETERIORATION,
    Status.LIMITED_PROGRESS,
    Status.MODERATE_PROGRESS,
    Status.SUBSTANTIAL_PROGRESS,
    Status.TARGET_ACHIEVED,
)
SUB_BREAKDOWNS = "sub_breakdowns"


@dataclass(frozen=True)
class SeriesResult:
    """One sub-breakdown series of a target (e.g. vmbo-bb) assessed against the target."""

    breakdown: dict[str, str]
    assessment: Assessment
    points: int


def sub_breakdowns(
    breakdown: Mapping[str, str], children: Mapping[str, Mapping[str, Sequence[str]]]
) -> list[dict[str, str]]:
    """The parts of a breakdown: the first of its values that the code list splits into
    children (vmbo-bb-kb into vmbo-bb and vmbo-kb), each child with the other values kept.
    Empty when no value has children."""
    for dimension, value in breakdown.items():
        parts = children.get(dimension, {}).get(value, ())
        if parts:
            return [dict(breakdown) | {dimension: part} for part in parts]
    return []


def combine(parts: Sequence[SeriesResult], method: Method) -> Assessment | None:
    """The status of a share from the assessments of its parts, or None when a part cannot be
    assessed (then the parts say nothing certain about the whole).

    Every part achieved: the whole, which lies between its parts, is achieved too. Otherwise the
    least favourable part (lowest score on a tie) gives status and score: without the parts'
    weights the whole cannot be computed, and a milder status could overstate it."""
    if not parts or any(p.assessment.status is Status.NOT_AVAILABLE for p in parts):
        return None
    worst = min(
        parts,
        key=lambda p: (
            FAVOURABILITY.index(p.assessment.status),
            p.assessment.score if p.assessment.score is not None else 0.0,
        ),
    ).assessment
    return Assessment(
        worst.status,
        method,
        score=worst.score,
        target_value=worst.target_value,
        target_year=worst.target_year,
        category=worst.category,
        notes=(SUB_BREAKDOWNS,),
    )


def unavailable_reason(assessment: Assessment, points: int, parts_tried: bool = False) -> str:
    """Why a target cannot be assessed, as a code (docs/progress-method.md); "" when it can."""
    if assessment.status is not Status.NOT_AVAILABLE:
        return ""
    if parts_tried:
        return "sub_breakdowns_incomplete"
    if points == 0:
        return "no_figures"
    if "sign_change" in assessment.notes:
        return "sign_change"
    if "target_year_not_after_base_year" in assessment.notes:
        return "target_year_not_after_base_year"
    if assessment.current_value is None:
        return "no_figures_in_period"
    return "one_figure_in_period"


@dataclass(frozen=True)
class Figure:
    """One stored revision of a figure, as far as a disagreement needs it."""

    period: str
    kind: str
    start: date
    end: date
    value: float
    source_url: str
    source_edition: str
    current: bool


@dataclass(frozen=True)
class Disagreement:
    """Another source's figure for (about) the period a status rests on, and why it was not used.

    `role` is "current" (the latest value) or "base" (the base value); `reason` is
    "current_revision" (same period: the current revision is used) or "period_kind" (an
    overlapping period of another kind: the series is assessed in its own kind)."""

    breakdown: dict[str, str]
    role: str
    used: Figure
    other: Figure
    reason: str


def rests_on(assessment: Assessment) -> list[tuple[str, str]]:
    """The (role, period) pairs a status rests on: an achieved target its latest value only, a
    trend its base and latest value, an unavailable status nothing."""
    if assessment.status is Status.NOT_AVAILABLE or SUB_BREAKDOWNS in assessment.notes:
        return []
    pairs = [("current", assessment.current_period)]
    if assessment.status is not Status.TARGET_ACHIEVED and assessment.base_period:
        pairs.append(("base", assessment.base_period))
    return [(role, period) for role, period in pairs if period]


def _overlaps(a: Figure, b: Figure) -> bool:
    """Periods that share more than half of the longer one: 2022/23 and 2023 (seven of twelve
    months), not 2022/23 and 2022, nor a quarter and its year."""
    shared = (min(a.end, b.end) - max(a.start, b.start)).days + 1
    longest = max((a.end - a.start).days, (b.end - b.start).days) + 1
    return shared * 2 > longest


def disagreements(
    assessment: Assessment, breakdown: dict[str, str], figures: Iterable[Figure]
) -> list[Disagreement]:
    """Figures of other sources that differ from a figure the status rests on, for the same or
    an overlapping period. A newer edition from the same source is a revision, not a
    disagreement, and is left out."""
    every = list(figures)
    out: list[Disagreement] = []
    for role, period in rests_on(assessment):
        used = next((f for f in every if f.current and f.period == period), None)
        if used is None:
            continue
        seen: set[tuple[str, float, str]] = set()
        for other in every:
            key = (other.period, other.value, other.source_url)
            if (
                other is used
                or other.source_url == used.source_url
                or other.value == used.value
                or key in seen
                or not _overlaps(used, other)
            ):
                continue
            seen.add(key)
            reason = "current_revision" if other.period == used.period else "period_kind"
            out.append(Disagreement(breakdown, role, used, other, reason))
    return out
