"""Reading the monitor: series, goal history, counts and consistency checks (target assessments:
`monitor/assessments.py`).

Each function returns plain dataclasses; the CLI, the web pages, the API and the report all
render these same objects, so they cannot disagree.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, func, select, tuple_
from sqlalchemy.orm import Session

from techniekpact.changes import ChangeRecord
from techniekpact.db import driver_connection
from techniekpact.errors import DomainError
from techniekpact.i18n import N_, _
from techniekpact.monitor.models import (
    Framework,
    Goal,
    GoalIndicator,
    GoalLink,
    Indicator,
    Observation,
    Target,
)
from techniekpact.monitor.periods import Period, PeriodKind, parse_period
from techniekpact.monitor.progress import Point


class SeriesPoint(NamedTuple):
    """A tuple, not a dataclass: a page may read a million of them (a tuple is built in C)."""

    period: str
    kind: str
    time: float
    value: float
    flags: str
    source_url: str
    source_edition: str
    note: str


# what a series point needs, read as plain rows: building ORM objects cost most of the time
# of a page over a large table (a million rows: 13 of 25 s)
_POINT_COLUMNS = (
    Observation.period,
    Observation.period_kind,
    Observation.value,
    Observation.flags,
    Observation.source_url,
    Observation.source_edition,
    Observation.note,
)
_CHRONOLOGICAL = (Observation.period_start, Observation.period_end)


@lru_cache(maxsize=16_384)
def stored_period(label: str) -> Period:
    """A stored period label read once: a large table repeats a few hundred labels a million
    times. Periods order by start, then end, also across kinds."""
    return parse_period(label)


def _point(
    period: str, kind: str, value: float, flags: str, url: str, edition: str, note: str
) -> SeriesPoint:
    return SeriesPoint(period, kind, stored_period(period).time, value, flags, url, edition, note)


def series(session: Session, indicator_id: int, breakdown: str = "") -> list[SeriesPoint]:
    """The current revision of every figure of one indicator and breakdown, oldest first."""
    rows = session.connection().execute(
        select(*_POINT_COLUMNS)
        .where(
            Observation.indicator_id == indicator_id,
            Observation.breakdown == breakdown,
            Observation.is_current.is_(True),
        )
        .order_by(*_CHRONOLOGICAL)
    )
    return [_point(*row) for row in rows]


def series_of(
    session: Session, keys: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], list[SeriesPoint]]:
    """`series` for many (indicator id, breakdown) keys in one statement: a page that assesses
    every target asked one query per target, and the count grew with the targets. Every key
    asked is in the answer (an empty list when it has no figures)."""
    wanted = sorted(set(keys))
    out: dict[tuple[int, str], list[SeriesPoint]] = {key: [] for key in wanted}
    if not wanted:
        return out
    rows = session.connection().execute(
        select(Observation.indicator_id, Observation.breakdown, *_POINT_COLUMNS)
        .where(
            tuple_(Observation.indicator_id, Observation.breakdown).in_(wanted),
            Observation.is_current.is_(True),
        )
        .order_by(*_CHRONOLOGICAL)
    )
    for indicator_id, breakdown, period, kind, value, flags, url, edition, note in rows:
        out[(indicator_id, breakdown)].append(
            _point(period, kind, value, flags, url, edition, note)
        )
    return out


def current_series(session: Session) -> dict[tuple[int, str], list[SeriesPoint]]:
    """Every current series, by (indicator id, breakdown), oldest first, with period, kind and
    value only (what a trend needs). One read instead of one query per series: a breakdown by
    region, level and sex makes hundreds of series per indicator."""
    rows = plain_rows(
        session.connection(),
        select(
            Observation.indicator_id,
            Observation.breakdown,
            Observation.period,
            Observation.period_kind,
            Observation.value,
        ).where(Observation.is_current.is_(True)),
    )  # unordered: a plain table scan, each series is sorted below (1.5 s against 2.6 s)
    out: dict[tuple[int, str], list[SeriesPoint]] = {}
    with without_gc():
        for indicator_id, breakdown, period, kind, value in rows:
            point = SeriesPoint(period, kind, stored_period(period).time, value, "", "", "", "")
            out.setdefault((indicator_id, breakdown), []).append(point)
        for points in out.values():
            points.sort(key=lambda p: stored_period(p.period))
    return out


def plain_rows(connection: Connection, query: Select[*tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """All rows of a query as the driver's tuples, read with the collector paused: for reads of
    a million rows, where SQLAlchemy's row objects cost as much as the read itself. Only for
    queries whose parameters are numbers or booleans, which are written into the SQL."""
    values: list[object] = []
    for value in query.compile(connection).params.values():
        values.extend(value if isinstance(value, list | tuple) else [value])  # IN lists
    if not all(isinstance(v, int | float | bool) for v in values):
        raise ValueError("plain_rows takes numeric parameters only")
    sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
    cursor = driver_connection(connection).cursor()
    try:
        with without_gc():
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        cursor.close()


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million small tuples are built: they hold no
    cycles, and every collection would walk all of them again (measured: 11 s to 4 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def assessable_points(points: list[SeriesPoint]) -> tuple[list[Point], list[str]]:
    """Points of the most common period kind: a trend mixes no school years with quarters."""
    if not points:
        return [], []
    kinds = Counter(p.kind for p in points)
    kind = max(kinds, key=lambda k: (kinds[k], k == PeriodKind.SCHOOL_YEAR))
    notes = ["mixed_period_kinds"] if len(kinds) > 1 else []
    return [Point(p.time, p.value, p.period) for p in points if p.kind == kind], notes


# how a page names each kind of goal (Dutch; the catalog translates)
GOAL_KINDS = {
    "actielijn": N_("actielijn"),
    "ambitie": N_("ambitie"),
    "doel": N_("doel"),
    "thema": N_("thema"),
    "pijler": N_("pijler"),
}
# how a page names each kind of goal link (Dutch; the catalog translates)
LINK_KINDS = {
    "continued_as": N_("gaat verder als"),
    "merged_into": N_("opgegaan in"),
    "split_into": N_("opgesplitst in"),
    "dropped": N_("losgelaten"),
}


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
    from_name_en: str = ""
    to_name_en: str | None = None
    note_en: str = ""


def trace(session: Session, goal_code: str) -> tuple[Goal, list[TraceStep], list[TraceStep]]:
    """Where a goal came from (backward) and what became of it (forward), across frameworks.

    A goal's parent counts too: an ambition under an action line follows the action line's
    links when it has none of its own.
    """
    goal = session.scalar(select(Goal).where(Goal.code == goal_code))
    if goal is None:
        known = ", ".join(session.scalars(select(Goal.code).order_by(Goal.id)).all()[:8])
        raise DomainError(
            _("onbekend doel {code!r}; bijvoorbeeld: {known}, ...", code=goal_code, known=known)
        )
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
                        source.name_en,
                        target.name_en if target else None,
                        link.note_en,
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
        "imports": count(ChangeRecord),
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
    pairs = list(
        session.execute(select(Target, Indicator.code).join(Indicator).order_by(Target.code))
    )
    stored = series_of(session, [(t.indicator_id, t.breakdown) for t, _ in pairs])
    for target, code in pairs:
        if not stored[(target.indicator_id, target.breakdown)]:
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
