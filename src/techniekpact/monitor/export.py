"""Export everything: observations in the import layout, plus JSON and a Frictionless data package.

The CSV export writes, for every indicator, period, breakdown, edition and source, the latest
revision, in exactly the columns the importer reads, so `export` then `import` changes nothing.
The JSON export joins on stable codes (indicator, goal, framework, target and dimension codes),
never on database ids, writes numbers as numbers and marks the current revision (`is_current`).
The data package is built in `monitor.datapackage`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.cells import CsvWriter
from techniekpact.monitor.catalogue import parse_breakdown
from techniekpact.monitor.figures import ObservationOut
from techniekpact.monitor.models import (
    Dimension,
    DimensionValue,
    Framework,
    Goal,
    GoalIndicator,
    GoalLink,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)

CORE = ["indicator", "period", "value", "unit"]
TAIL = ["flags", "source_url", "source_edition", "note"]


def dimension_order(session: Session) -> list[str]:
    return list(session.scalars(select(Dimension.code).order_by(Dimension.position)))


def observation_rows(session: Session) -> tuple[list[str], list[dict[str, Any]]]:
    dims = dimension_order(session)
    indicators = {i.id: i for i in session.scalars(select(Indicator))}
    latest: dict[tuple, Observation] = {}
    for obs in session.scalars(select(Observation).order_by(Observation.id)):
        key = (obs.indicator_id, obs.period, obs.breakdown, obs.source_edition, obs.source_url)
        latest[key] = obs
    rows = []
    for obs in latest.values():
        ind = indicators[obs.indicator_id]
        row: dict[str, Any] = {
            "indicator": ind.code,
            "period": obs.period,
            "value": obs.value,
            "unit": ind.unit,
        }
        row |= {d: "" for d in dims} | parse_breakdown(obs.breakdown)
        row |= {
            "flags": obs.flags,
            "source_url": obs.source_url,
            "source_edition": obs.source_edition,
            "note": obs.note,
            "is_current": obs.is_current,
        }
        rows.append(row)
    rows.sort(key=lambda r: (r["indicator"], r["period"], *(r[d] for d in dims)))
    return [*CORE, *dims, *TAIL], rows


def _number(value: float) -> int | float:
    """The value as its shortest exact text will be written: 12 for 12.0, 12.5 as it is (the csv
    module writes a float as its repr). It stays a number, so no cell guard ever touches it."""
    return int(value) if float(value).is_integer() else float(value)


def figures_csv(dimensions: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """Figures in the import layout, the one CSV writer of `export` and of the indicator page's
    download (issue 12: the two disagreed, 29 against 29.0): a download re-imports unchanged.

    `rows` hold the columns by name (`figure_cells` makes them from the API's figure object);
    a dimension a row lacks is empty. No is_current: the importer decides that."""
    columns = [*CORE, *dimensions, *TAIL]
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            _number(row["value"]) if column == "value" else row.get(column, "")
            for column in columns
        )
    return out.getvalue()


def figure_cells(figure: ObservationOut) -> dict[str, Any]:
    """A figure as the API sends it (`ObservationOut`) in the columns of `figures_csv`."""
    return figure.breakdown | {
        "indicator": figure.indicator,
        "period": figure.period,
        "value": figure.value,
        "unit": figure.unit,
        "flags": ",".join(figure.flags),
        "source_url": figure.source_url,
        "source_edition": figure.source_edition,
        "note": figure.note,
    }


def to_csv(session: Session) -> str:
    columns, rows = observation_rows(session)
    return figures_csv(columns[len(CORE) : len(columns) - len(TAIL)], rows)


def _plain(obj: Any, skip: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in skip}


def to_json(session: Session) -> dict[str, Any]:
    goals = {g.id: g.code for g in session.scalars(select(Goal))}
    frameworks = {f.id: f.code for f in session.scalars(select(Framework))}
    indicators = {i.id: i.code for i in session.scalars(select(Indicator))}
    targets = {t.id: t.code for t in session.scalars(select(Target))}
    _, observations = observation_rows(session)
    return {
        "frameworks": [
            _plain(f) for f in session.scalars(select(Framework).order_by(Framework.id))
        ],
        "goals": [
            _plain(g, ("id", "framework_id", "parent_id"))
            | {"framework": frameworks[g.framework_id], "parent": goals.get(g.parent_id or 0)}
            for g in session.scalars(select(Goal).order_by(Goal.id))
        ],
        "goal_links": [
            {
                "from": goals[k.from_goal_id],
                "to": goals.get(k.to_goal_id or 0),
                "kind": k.kind,
                "note": k.note,
                "source_url": k.source_url,
            }
            for k in session.scalars(select(GoalLink).order_by(GoalLink.id))
        ],
        "goal_indicators": [
            {"goal": goals[gi.goal_id], "indicator": indicators[gi.indicator_id]}
            for gi in session.scalars(select(GoalIndicator))
        ],
        "dimensions": [
            _plain(d, ()) for d in session.scalars(select(Dimension).order_by(Dimension.position))
        ],
        "dimension_values": [
            _plain(v, ("id", "dimension_code")) | {"dimension": v.dimension_code}
            for v in session.scalars(select(DimensionValue).order_by(DimensionValue.id))
        ],
        "indicators": [
            _plain(i) for i in session.scalars(select(Indicator).order_by(Indicator.code))
        ],
        "targets": [
            _plain(t, ("id", "indicator_id")) | {"indicator": indicators[t.indicator_id]}
            for t in session.scalars(select(Target).order_by(Target.code))
        ],
        "target_goals": [
            {"target": targets[tg.target_id], "goal": goals[tg.goal_id]}
            for tg in session.scalars(select(TargetGoal))
        ],
        "observations": observations,
    }
