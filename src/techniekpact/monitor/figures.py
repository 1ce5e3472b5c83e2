"""Figures of one indicator, and figure search, read as plain rows: an indicator may hold tens
of thousands of figures and the table a million, so no ORM objects are built here."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypedDict, Unpack

from pydantic import BaseModel
from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

from techniekpact.errors import DomainError, NotFound
from techniekpact.i18n import _
from techniekpact.monitor.catalogue import parse_breakdown
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.monitor.queries import without_gc


class ObservationOut(BaseModel):
    indicator: str
    period: str
    period_kind: str
    breakdown: dict[str, str]
    value: float
    unit: str
    flags: list[str]
    source_url: str
    source_edition: str
    note: str


class FigureFilters(TypedDict, total=False):
    """Which figures of an indicator: `period_from`/`period_to` bound the period (inclusive),
    `breakdown` keeps figures whose breakdown has those values (other dimensions free),
    `total_only` keeps only the totals."""

    period_from: str | None
    period_to: str | None
    breakdown: dict[str, str] | None
    total_only: bool


def observations(
    session: Session,
    code: str,
    *,
    limit: int | None = None,
    offset: int = 0,
    **filters: Unpack[FigureFilters],
) -> list[ObservationOut]:
    """Current figures of one indicator, oldest first, filtered (see `FigureFilters`);
    `limit` and `offset` page through the result in SQL."""
    indicator, query = _filtered(session, code, **filters)
    query = query.order_by(
        Observation.period_start, Observation.period_end, Observation.breakdown, Observation.id
    )
    if limit is not None:
        query = query.limit(limit).offset(offset)
    with without_gc():
        return [
            _observation_out(code, indicator.unit, *values)
            for values in session.connection().execute(query)
        ]


def count_observations(session: Session, code: str, **filters: Unpack[FigureFilters]) -> int:
    """How many figures `observations` returns with the same filters and no limit."""
    _, query = _filtered(session, code, **filters)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _filtered(
    session: Session, code: str, **filters: Unpack[FigureFilters]
) -> tuple[Indicator, Select[*tuple[Any, ...]]]:
    from techniekpact.monitor.periods import PeriodError, parse_period

    indicator = session.scalar(select(Indicator).where(Indicator.code == code))
    if indicator is None:
        raise NotFound(_("onbekende indicator {code!r}", code=code))
    query = select(*_OUT_COLUMNS).where(
        Observation.indicator_id == indicator.id, Observation.is_current.is_(True)
    )
    period_from, period_to = filters.get("period_from"), filters.get("period_to")
    try:
        start = parse_period(period_from) if period_from else None
        end = parse_period(period_to) if period_to else None
    except PeriodError as exc:
        raise DomainError(str(exc)) from None
    if start:
        query = query.where(Observation.period_start >= start.start)
    if end:
        query = query.where(Observation.period_start <= end.start)
    if filters.get("total_only"):
        query = query.where(Observation.breakdown == "")
    # a breakdown key is "dim=value;dim=value": a wanted value is one whole part of it
    parts = literal(";") + Observation.breakdown + literal(";")
    for dimension, value in (filters.get("breakdown") or {}).items():
        query = query.where(parts.like(f"%;{_literal(dimension)}={_literal(value)};%", escape="\\"))
    return indicator, query


def _literal(text: str) -> str:
    """`text` for a LIKE pattern, its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# read as plain rows (an indicator may have tens of thousands of figures)
_OUT_COLUMNS = (
    Observation.period,
    Observation.period_kind,
    Observation.breakdown,
    Observation.value,
    Observation.flags,
    Observation.source_url,
    Observation.source_edition,
    Observation.note,
)


@lru_cache(maxsize=4096)
def _dimensions(breakdown: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_breakdown(breakdown).items())


def _observation_out(
    code: str,
    unit: str,
    period: str,
    period_kind: str,
    breakdown: str,
    value: float,
    flags: str,
    source_url: str,
    source_edition: str,
    note: str,
) -> ObservationOut:
    return ObservationOut(
        indicator=code,
        period=period,
        period_kind=period_kind,
        breakdown=dict(_dimensions(breakdown)),
        value=value,
        unit=unit,
        flags=[f for f in flags.split(",") if f],
        source_url=source_url,
        source_edition=source_edition,
        note=note,
    )


def periods(session: Session, code: str) -> list[str]:
    """Every period one indicator has a current figure for, oldest first."""
    query = (
        select(Observation.period, Observation.period_start, Observation.period_end)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Indicator.code == code, Observation.is_current.is_(True))
        .distinct()
    )
    rows = sorted(session.connection().execute(query), key=lambda r: (r[1], r[2], r[0]))
    return [r[0] for r in rows]


def search_figures(session: Session, needle: str, limit: int = 50) -> list[ObservationOut]:
    """Current figures whose note or period contains `needle` (any case), the first `limit` in
    display order; found in the in-memory index (monitor/figure_search.py), read by id."""
    from techniekpact.monitor.figure_search import index

    ids = index(session).search(needle.lower(), limit)
    if not ids:
        return []
    # spelled out: SQLAlchemy types a starred column list as "any number of Any"
    query: Select[str, str, str, str, str, float, str, str, str, str] = (
        select(Indicator.code, Indicator.unit, *_OUT_COLUMNS)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        # an import may have landed since the index was built: only figures still current
        .where(Observation.id.in_(ids), Observation.is_current.is_(True))
        .order_by(Indicator.code, Observation.period_start, Observation.period_end, Observation.id)
    )
    return [_observation_out(*values) for values in session.connection().execute(query)]
