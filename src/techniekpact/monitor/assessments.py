"""Every target assessed: on its own series, or on its sub-breakdowns, with the figures of other
sources that disagree (docs/progress-method.md, "What a target's status rests on").

The CLI (`assess`), the pages, the API and the summary all read these objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from techniekpact.monitor import versioned
from techniekpact.monitor.catalogue import breakdown_key, parse_breakdown
from techniekpact.monitor.explain import explain, explain_parts
from techniekpact.monitor.models import (
    Dimension,
    DimensionValue,
    Goal,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)
from techniekpact.monitor.progress import Assessment, Method, Status, assess
from techniekpact.monitor.progress import Goal as ProgressGoal
from techniekpact.monitor.queries import assessable_points, series_of
from techniekpact.monitor.target_basis import (
    Disagreement,
    Figure,
    SeriesResult,
    combine,
    disagreements,
    sub_breakdowns,
    unavailable_reason,
)


@dataclass(frozen=True)
class TargetAssessment:
    """A target with its status. `basis` says what the status rests on: "breakdown" (the
    target's own series) or "sub_breakdowns" (the series in `series`, see `target_basis`);
    `reason` says why a target cannot be assessed; `disagreements` lists other sources' figures
    for the periods the status rests on."""

    target_code: str
    indicator_code: str
    indicator_name_nl: str
    unit: str
    breakdown: str
    target_value: float
    target_year: int
    goals: list[str]
    description_nl: str
    source_url: str
    assessment: Assessment
    explanation_nl: str
    points: int
    notes: list[str] = field(default_factory=list)
    basis: str = "breakdown"
    reason: str = ""
    series: list[SeriesResult] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    indicator_name_en: str = ""
    description_en: str = ""
    explanation_en: str = ""


def revisions(
    session: Session, keys: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], list[Figure]]:
    """Every stored revision, current or not, of each (indicator id, breakdown) series, oldest
    period first; one statement for all of them (one per target made the count grow with the
    targets). Every key asked is in the answer."""
    wanted = sorted(set(keys))
    out: dict[tuple[int, str], list[Figure]] = {key: [] for key in wanted}
    if not wanted:
        return out
    rows = session.execute(
        select(
            Observation.indicator_id,
            Observation.breakdown,
            Observation.period,
            Observation.period_kind,
            Observation.period_start,
            Observation.period_end,
            Observation.value,
            Observation.source_url,
            Observation.source_edition,
            Observation.is_current,
        )
        .where(tuple_(Observation.indicator_id, Observation.breakdown).in_(wanted))
        .order_by(Observation.period_start, Observation.period_end, Observation.id)
    )
    for indicator_id, breakdown, *figure in rows:
        out[(indicator_id, breakdown)].append(Figure(*figure))
    return out


def _children(session: Session) -> dict[str, dict[str, list[str]]]:
    """Code-list children per dimension and value (vmbo-bb-kb: vmbo-bb, vmbo-kb), in order."""
    out: dict[str, dict[str, list[str]]] = {}
    for dimension, code, parent in session.execute(
        select(DimensionValue.dimension_code, DimensionValue.code, DimensionValue.parent_code)
        .where(DimensionValue.parent_code != "")
        .order_by(DimensionValue.id)
    ):
        out.setdefault(dimension, {}).setdefault(parent, []).append(code)
    return out


def assess_targets(session: Session, method: Method = Method.OPENSDG) -> list[TargetAssessment]:
    """Every target assessed (docs/progress-method.md): on its own series, or on its
    sub-breakdowns when its own series cannot be assessed and the indicator is a share.

    Kept per data version (monitor/versioned.py): the goal, indicator and home pages, the API
    and the summary all ask for it, and it reads every target's series."""
    found = versioned.remembered(
        session, "assess_targets", (method,), lambda: _assess_targets(session, method)
    )
    return list(found)


def _assess_targets(session: Session, method: Method) -> list[TargetAssessment]:
    out = []
    goal_codes: dict[int, list[str]] = {}
    for target_id, code in session.execute(
        select(TargetGoal.target_id, Goal.code).join(Goal, Goal.id == TargetGoal.goal_id)
    ):
        goal_codes.setdefault(target_id, []).append(code)
    children = _children(session)
    order = [d for (d,) in session.execute(select(Dimension.code).order_by(Dimension.position))]
    pairs = list(session.execute(select(Target, Indicator).join(Indicator).order_by(Target.code)))
    # every series a target may be judged on (its own, and its parts when the own one has too
    # few figures) read at once, and every revision of those: two statements for all targets
    keys = [
        (indicator.id, key)
        for target, indicator in pairs
        for key in [
            target.breakdown,
            breakdown_key(parse_breakdown(target.breakdown), order),
            *(
                breakdown_key(part, order)
                for part in sub_breakdowns(parse_breakdown(target.breakdown), children)
            ),
        ]
    ]
    stored = series_of(session, keys)
    history = revisions(session, keys)
    for target, indicator in pairs:
        points, notes = assessable_points(stored[(indicator.id, target.breakdown)])
        goal = ProgressGoal(indicator.direction, target.value, float(target.year), indicator.limit)
        result = assess(points, goal, method=method, base_year=target.base_year)
        explanation = explain(result, indicator.unit, "nl")
        explanation_en = explain(result, indicator.unit, "en")
        basis, parts, tried = "breakdown", [], False
        own = parse_breakdown(target.breakdown)
        if result.status is Status.NOT_AVAILABLE and indicator.unit == "%":
            for part in sub_breakdowns(own, children):
                found, _ = assessable_points(stored[(indicator.id, breakdown_key(part, order))])
                judged = assess(found, goal, method=method, base_year=target.base_year)
                parts.append(SeriesResult(part, judged, len(found)))
            combined = combine(parts, method)
            tried = bool(parts) and any(p.points for p in parts)
            if combined is not None:
                result, basis, tried = combined, "sub_breakdowns", False
                explanation = explain_parts(result, parts, indicator.unit, "nl")
                explanation_en = explain_parts(result, parts, indicator.unit, "en")
            elif not tried:
                parts = []
        found_disagreements = [
            d
            for series_breakdown, judged in (
                [(own, result)]
                if basis == "breakdown"
                else [(p.breakdown, p.assessment) for p in parts]
            )
            for d in disagreements(
                judged,
                series_breakdown,
                history[(indicator.id, breakdown_key(series_breakdown, order))],
            )
        ]
        out.append(
            TargetAssessment(
                target.code,
                indicator.code,
                indicator.name_nl,
                indicator.unit,
                target.breakdown,
                target.value,
                target.year,
                sorted(goal_codes.get(target.id, [])),
                target.description_nl,
                target.source_url,
                result,
                explanation,
                len(points),
                notes,
                basis,
                unavailable_reason(result, len(points), tried),
                parts,
                found_disagreements,
                indicator.name_en,
                target.description_en,
                explanation_en,
            )
        )
    return out
