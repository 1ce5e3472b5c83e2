"""Reading the monitor: series, target assessments, goal history, counts and consistency checks.

Each function returns plain dataclasses; the CLI, the web pages, the API and the report all
render these same objects, so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact.errors import DomainError
from techniekpact.monitor.explain import explain_nl
from techniekpact.monitor.models import (
    Framework,
    Goal,
    GoalIndicator,
    GoalLink,
    ImportBatch,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)
from techniekpact.monitor.periods import PeriodKind, parse_period
from techniekpact.monitor.progress import Assessment, Method, Point, assess
from techniekpact.monitor.progress import Goal as ProgressGoal


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    kind: str
    time: float
    value: float
    flags: str
    source_url: str
    source_edition: str
    note: str


def series(session: Session, indicator_id: int, breakdown: str = "") -> list[SeriesPoint]:
    """The current revision of every figure of one indicator and breakdown, oldest first."""
    rows = session.scalars(
        select(Observation)
        .where(
            Observation.indicator_id == indicator_id,
            Observation.breakdown == breakdown,
            Observation.is_current.is_(True),
        )
        .order_by(Observation.period_start, Observation.period_end)
    )
    return [
        SeriesPoint(
            o.period,
            o.period_kind,
            parse_period(o.period).time,
            o.value,
            o.flags,
            o.source_url,
            o.source_edition,
            o.note,
        )
        for o in rows
    ]


def assessable_points(points: list[SeriesPoint]) -> tuple[list[Point], list[str]]:
    """Points of the most common period kind: a trend mixes no school years with quarters."""
    if not points:
        return [], []
    kinds = Counter(p.kind for p in points)
    kind = max(kinds, key=lambda k: (kinds[k], k == PeriodKind.SCHOOL_YEAR))
    notes = ["mixed_period_kinds"] if len(kinds) > 1 else []
    return [Point(p.time, p.value, p.period) for p in points if p.kind == kind], notes


@dataclass(frozen=True)
class TargetAssessment:
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


def assess_targets(session: Session, method: Method = Method.OPENSDG) -> list[TargetAssessment]:
    out = []
    goal_codes: dict[int, list[str]] = {}
    for target_id, code in session.execute(
        select(TargetGoal.target_id, Goal.code).join(Goal, Goal.id == TargetGoal.goal_id)
    ):
        goal_codes.setdefault(target_id, []).append(code)
    for target, indicator in session.execute(
        select(Target, Indicator).join(Indicator).order_by(Target.code)
    ):
        points, notes = assessable_points(series(session, indicator.id, target.breakdown))
        goal = ProgressGoal(indicator.direction, target.value, float(target.year), indicator.limit)
        result = assess(points, goal, method=method, base_year=target.base_year)
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
                explain_nl(result, indicator.unit),
                len(points),
                notes,
            )
        )
    return out


@dataclass(frozen=True)
class TraceStep:
    depth: int
    from_code: str
    from_name: str
    from_framework: str
    kind: str
    to_code: str | None
    to_name: str | None
    to_framework: str | None
    note: str


def trace(session: Session, goal_code: str) -> tuple[Goal, list[TraceStep], list[TraceStep]]:
    """Where a goal came from (backward) and what became of it (forward), across frameworks.

    A goal's parent counts too: an ambition under an action line follows the action line's
    links when it has none of its own.
    """
    goal = session.scalar(select(Goal).where(Goal.code == goal_code))
    if goal is None:
        known = ", ".join(session.scalars(select(Goal.code).order_by(Goal.id)).all()[:8])
        raise DomainError(f"onbekend doel {goal_code!r}; bijvoorbeeld: {known}, ...")
    goals = {g.id: g for g in session.scalars(select(Goal))}
    frameworks = {f.id: f.code for f in session.scalars(select(Framework))}
    links = list(session.scalars(select(GoalLink).order_by(GoalLink.id)))

    def walk(start: Goal, forward: bool) -> list[TraceStep]:
        steps: list[TraceStep] = []
        seen: set[int] = set()
        frontier = [(start, 1)]
        while frontier:
            current, depth = frontier.pop(0)
            if current.id in seen:
                continue
            seen.add(current.id)
            mine = [k for k in links if (k.from_goal_id if forward else k.to_goal_id) == current.id]
            if forward and not mine and current.parent_id and depth == 1:
                mine = [k for k in links if k.from_goal_id == current.parent_id]
            for link in mine:
                source = goals[link.from_goal_id]
                target = goals.get(link.to_goal_id) if link.to_goal_id else None
                steps.append(
                    TraceStep(
                        depth,
                        source.code,
                        source.name_nl,
                        frameworks[source.framework_id],
                        link.kind,
                        target.code if target else None,
                        target.name_nl if target else None,
                        frameworks[target.framework_id] if target else None,
                        link.note,
                    )
                )
                nxt = target if forward else source
                if nxt is not None:
                    frontier.append((nxt, depth + 1))
        return steps

    return goal, walk(goal, forward=False), walk(goal, forward=True)


def stats(session: Session) -> dict[str, int]:
    def count(model: type) -> int:
        return session.scalar(select(func.count()).select_from(model)) or 0

    return {
        "frameworks": count(Framework),
        "goals": count(Goal),
        "indicators": count(Indicator),
        "observations": session.scalar(
            select(func.count()).select_from(Observation).where(Observation.is_current.is_(True))
        )
        or 0,
        "revisions": count(Observation),
        "targets": count(Target),
        "imports": count(ImportBatch),
    }


@dataclass(frozen=True)
class Finding:
    code: str
    subject: str
    message: str


def check(session: Session, today: date | None = None, stale_years: int = 3) -> list[Finding]:
    """Consistency: targets without data, stale series, indicators nobody uses."""
    today = today or date.today()
    findings: list[Finding] = []
    latest = dict(
        session.execute(
            select(Observation.indicator_id, func.max(Observation.period_end))
            .where(Observation.is_current.is_(True))
            .group_by(Observation.indicator_id)
        ).all()
    )
    for target, code in session.execute(
        select(Target, Indicator.code).join(Indicator).order_by(Target.code)
    ):
        if not series(session, target.indicator_id, target.breakdown):
            where = f" ({target.breakdown})" if target.breakdown else ""
            findings.append(
                Finding("target-without-data", target.code, f"geen cijfers voor {code}{where}")
            )
    linked = set(session.scalars(select(GoalIndicator.indicator_id)))
    targeted = set(session.scalars(select(Target.indicator_id)))
    for indicator in session.scalars(select(Indicator).order_by(Indicator.code)):
        last = latest.get(indicator.id)
        if last is not None and (today - last).days > 365 * stale_years:
            findings.append(
                Finding("stale-series", indicator.code, f"laatste cijfer loopt tot {last}")
            )
        if last is None and indicator.id not in targeted:
            findings.append(
                Finding("orphan-indicator", indicator.code, "geen cijfers en geen doel")
            )
        if indicator.id not in linked and indicator.id not in targeted and last is not None:
            findings.append(
                Finding("indicator-without-goal", indicator.code, "niet gekoppeld aan een doel")
            )
    return findings
