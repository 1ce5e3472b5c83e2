"""Content models: one typed object per thing a reader sees, shared by page, API, CSV and report.

The web pages render these objects, the API serialises them, the CSV download writes their
rows and the CLI's `--json` prints them as the API does, so a journalist who scripted one can
read the other (tests/test_same_objects.py).
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact.errors import DomainError, NotFound
from techniekpact.i18n import _, unit_label
from techniekpact.monitor import assessments, queries, versioned
from techniekpact.monitor.figures import (  # noqa: F401 (read through this module too)
    FigureFilters,
    ObservationOut,
    count_observations,
    observations,
    periods,
    search_figures,
)
from techniekpact.monitor.models import (
    DimensionValue,
    Framework,
    Goal,
    GoalIndicator,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)
from techniekpact.monitor.progress import Assessment, Method
from techniekpact.monitor.summary import Summary, build_summary
from techniekpact.monitor.target_content import (  # noqa: F401 (read through this module too)
    AssessmentItem,
    AssessmentOut,
    ProjectionOut,
    TargetOut,
    TargetSeriesOut,
    target_assessments,
    targets,
)
from techniekpact.monitor.updated import FiguresUpdated, figures_updated


class GoalStatus(BaseModel):
    """A goal's status: from its targets, or without targets from its indicators' trends."""

    status: str
    label_nl: str
    label_en: str
    score: float | None
    basis: str  # "targets", "indicators" or "none"
    count: int


class GoalOut(BaseModel):
    code: str
    framework: str
    parent: str | None
    kind: str
    name_nl: str
    name_en: str
    description_nl: str
    source_url: str
    indicators: list[str]
    targets: list[str]
    status: GoalStatus
    description_en: str = ""


class FrameworkOut(BaseModel):
    code: str
    name_nl: str
    name_en: str
    year_start: int
    year_end: int | None
    kamerstuk: str
    description_nl: str
    source_url: str
    goals: list[GoalOut]
    description_en: str = ""


class IndicatorOut(BaseModel):
    code: str
    name_nl: str
    name_en: str
    definition_nl: str
    unit: str
    source_org: str
    theme: str
    direction: str
    minimum: float | None
    limit: float | None
    dimensions: list[str]
    source_url: str
    observations: int
    latest_period: str | None
    goals: list[str]
    definition_en: str = ""
    unit_en: str = ""


def _goal_links(session: Session) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    indicators = {i.id: i.code for i in session.scalars(select(Indicator))}
    targets = {t.id: t.code for t in session.scalars(select(Target))}
    by_goal_ind: dict[int, list[str]] = {}
    for link in session.scalars(select(GoalIndicator)):
        by_goal_ind.setdefault(link.goal_id, []).append(indicators[link.indicator_id])
    by_goal_tgt: dict[int, list[str]] = {}
    for target_link in session.scalars(select(TargetGoal)):
        by_goal_tgt.setdefault(target_link.goal_id, []).append(targets[target_link.target_id])
    return by_goal_ind, by_goal_tgt


def goals(session: Session, framework: str | None = None) -> list[GoalOut]:
    """Every goal (of one framework) with its links and assessed status, kept per data
    version (monitor/versioned.py): most pages and every search ask for it."""
    found = versioned.remembered(session, "goals", (framework,), lambda: _goals(session, framework))
    return list(found)


def _goals(session: Session, framework: str | None) -> list[GoalOut]:
    frameworks = {f.id: f.code for f in session.scalars(select(Framework))}
    codes = {g.id: g.code for g in session.scalars(select(Goal))}
    ind, tgt = _goal_links(session)
    by_target = {t.target_code: t.assessment for t in assessments.assess_targets(session)}
    by_indicator = _trend_assessments(session)
    query = select(Goal).join(Framework).order_by(Framework.year_start, Goal.position)
    if framework:
        query = query.where(Framework.code == framework)
    return [
        GoalOut(
            code=g.code,
            framework=frameworks[g.framework_id],
            parent=codes.get(g.parent_id) if g.parent_id else None,
            kind=g.kind,
            name_nl=g.name_nl,
            name_en=g.name_en,
            description_nl=g.description_nl,
            source_url=g.source_url,
            indicators=sorted(ind.get(g.id, [])),
            targets=sorted(tgt.get(g.id, [])),
            status=_goal_status(tgt.get(g.id, []), ind.get(g.id, []), by_target, by_indicator),
            description_en=g.description_en,
        )
        for g in session.scalars(query)
    ]


def _trend_assessments(session: Session) -> dict[str, Assessment]:
    """Each indicator assessed without a target, Open SDG style: every series (total and each
    breakdown) is assessed on its own trend, the indicator gets their mean score. Kept per data
    version (monitor/versioned.py): it reads every current figure (a million: about 10 s)."""
    return versioned.remembered(
        session, "trend_assessments", (), lambda: _compute_trend_assessments(session)
    )


def _compute_trend_assessments(session: Session) -> dict[str, Assessment]:
    from techniekpact.monitor.progress import Goal as ProgressGoal
    from techniekpact.monitor.progress import aggregate, assess

    every_series = queries.current_series(session)
    keys: dict[int, list[str]] = {}
    for indicator_id, breakdown in every_series:
        keys.setdefault(indicator_id, []).append(breakdown)
    out = {}
    for row in session.scalars(select(Indicator)):
        goal = ProgressGoal(row.direction, limit=row.limit)
        results = []
        with queries.without_gc():
            for breakdown in sorted(keys.get(row.id, ())):
                points, _ = queries.assessable_points(every_series[(row.id, breakdown)])
                results.append(assess(points, goal))
        status, score = aggregate(results)
        out[row.code] = Assessment(status, Method.OPENSDG, score=score)
    return out


def _goal_status(
    targets: list[str],
    indicators: list[str],
    by_target: dict[str, Assessment],
    by_indicator: dict[str, Assessment],
) -> GoalStatus:
    from techniekpact.monitor.progress import STATUS_LABELS, aggregate

    basis, items = "targets", [by_target[c] for c in targets if c in by_target]
    if not any(a.score is not None for a in items):
        basis, items = "indicators", [by_indicator[c] for c in indicators if c in by_indicator]
    status, score = aggregate(items)
    counted = sum(1 for a in items if a.score is not None)
    return GoalStatus(
        status=status.value,
        label_nl=STATUS_LABELS[status]["nl"],
        label_en=STATUS_LABELS[status]["en"],
        score=score,
        basis=basis if counted else "none",
        count=counted,
    )


def frameworks(session: Session) -> list[FrameworkOut]:
    all_goals = goals(session)
    return [
        FrameworkOut(
            code=f.code,
            name_nl=f.name_nl,
            name_en=f.name_en,
            year_start=f.year_start,
            year_end=f.year_end,
            kamerstuk=f.kamerstuk,
            description_nl=f.description_nl,
            source_url=f.source_url,
            goals=[g for g in all_goals if g.framework == f.code],
            description_en=f.description_en,
        )
        for f in session.scalars(select(Framework).order_by(Framework.year_start))
    ]


def current_framework(session: Session) -> FrameworkOut:
    """The newest Techniekpact framework (the action plan of 2023 is context, not the pact)."""
    items = [f for f in frameworks(session) if f.code.startswith("tp")]
    return items[-1]


def indicators(session: Session) -> list[IndicatorOut]:
    """Every indicator with its figure count, latest period and goals, kept per data version
    (monitor/versioned.py)."""
    return list(versioned.remembered(session, "indicators", (), lambda: _indicators(session)))


def _indicators(session: Session) -> list[IndicatorOut]:
    counts = dict(
        session.execute(
            select(Observation.indicator_id, func.count())
            .where(Observation.is_current.is_(True))
            .group_by(Observation.indicator_id)
        ).all()
    )
    # the latest period per indicator, chosen from its distinct periods (which the series index
    # covers: a million figures in 0.2 s, against 1.2 s for comparing dates in SQL)
    latest: dict[int, str] = {}
    for indicator_id, period in session.execute(
        select(Observation.indicator_id, Observation.period)
        .where(Observation.is_current.is_(True))
        .distinct()
    ):
        known = latest.get(indicator_id)
        if known is None or queries.stored_period(period) > queries.stored_period(known):
            latest[indicator_id] = period
    goal_codes = {g.id: g.code for g in session.scalars(select(Goal))}
    by_indicator: dict[int, list[str]] = {}
    for link in session.scalars(select(GoalIndicator)):
        by_indicator.setdefault(link.indicator_id, []).append(goal_codes[link.goal_id])
    return [
        IndicatorOut(
            code=i.code,
            name_nl=i.name_nl,
            name_en=i.name_en,
            definition_nl=i.definition_nl,
            unit=i.unit,
            source_org=i.source_org,
            theme=i.theme,
            direction="increase" if i.direction == 1 else "decrease",
            minimum=i.minimum,
            limit=i.limit,
            dimensions=[d for d in i.dimensions.split(",") if d],
            source_url=i.source_url,
            observations=counts.get(i.id, 0),
            latest_period=latest.get(i.id),
            goals=sorted(by_indicator.get(i.id, [])),
            definition_en=i.definition_en,
            unit_en=unit_label(i.unit, "en"),
        )
        for i in session.scalars(select(Indicator).order_by(Indicator.code))
    ]


def indicator(session: Session, code: str) -> IndicatorOut:
    for item in indicators(session):
        if item.code == code:
            return item
    raise NotFound(_("onbekende indicator {code!r}", code=code))


class GoalDetail(BaseModel):
    """A goal with its history: what /api/v1/goals/{code} and `goals --trace --json` give. The
    steps are the query module's dataclasses (pydantic serialises them as they are)."""

    goal: GoalOut
    backward: list[queries.TraceStep]
    forward: list[queries.TraceStep]


def trace(
    session: Session, code: str
) -> tuple[GoalOut, list[queries.TraceStep], list[queries.TraceStep]]:
    """A goal with the goals it continues and that continue it."""
    try:
        _, back, forward = queries.trace(session, code)
    except DomainError as exc:
        raise NotFound(str(exc)) from None
    goal = next(g for g in goals(session) if g.code == code)
    return goal, back, forward


def goal_detail(session: Session, code: str) -> GoalDetail:
    goal, back, forward = trace(session, code)
    return GoalDetail(goal=goal, backward=back, forward=forward)


def dimension_labels(session: Session, lang: str = "nl") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for value in session.scalars(select(DimensionValue)):
        label = value.label_en if lang == "en" else value.label_nl
        out.setdefault(value.dimension_code, {})[value.code] = label
    return out


def last_updated(session: Session) -> FiguresUpdated | None:
    """When the figures last changed (monitor/updated.py): not the day the database was made."""
    return figures_updated(session)


def summary(session: Session, method: Method = Method.OPENSDG) -> Summary:
    """ "Is the pact on track?": counted from `targets` and `current_framework`, the objects the
    target and goal pages show."""
    return build_summary(targets(session, method), current_framework(session))
