"""Export everything: observations in the import layout, plus JSON and a Frictionless data package.

The CSV export writes, for every indicator, period, breakdown, edition and source, the latest
revision, in exactly the columns the importer reads, so `export` then `import` changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.monitor.catalogue import parse_breakdown
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
            "value": _number(obs.value),
            "unit": ind.unit,
        }
        row |= {d: "" for d in dims} | parse_breakdown(obs.breakdown)
        row |= {
            "flags": obs.flags,
            "source_url": obs.source_url,
            "source_edition": obs.source_edition,
            "note": obs.note,
        }
        rows.append(row)
    rows.sort(key=lambda r: (r["indicator"], r["period"], *(r[d] for d in dims)))
    return [*CORE, *dims, *TAIL], rows


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def to_csv(session: Session) -> str:
    columns, rows = observation_rows(session)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _plain(obj: Any, skip: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in skip}


def to_json(session: Session) -> dict[str, Any]:
    goals = {g.id: g.code for g in session.scalars(select(Goal))}
    frameworks = {f.id: f.code for f in session.scalars(select(Framework))}
    indicators = {i.id: i.code for i in session.scalars(select(Indicator))}
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
        "dimensions": [_plain(d, ()) for d in session.scalars(select(Dimension))],
        "dimension_values": [_plain(v) for v in session.scalars(select(DimensionValue))],
        "indicators": [
            _plain(i) for i in session.scalars(select(Indicator).order_by(Indicator.code))
        ],
        "targets": [
            _plain(t, ("id", "indicator_id")) | {"indicator": indicators[t.indicator_id]}
            for t in session.scalars(select(Target).order_by(Target.code))
        ],
        "target_goals": [
            {"target_id": tg.target_id, "goal": goals[tg.goal_id]}
            for tg in session.scalars(select(TargetGoal))
        ],
        "observations": observations,
    }


def write_datapackage(session: Session, folder: Path) -> Path:
    """A Frictionless data package: CSV resources with a table schema, and datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "observations.csv").write_text(to_csv(session), encoding="utf-8")
    data = to_json(session)
    tables = {"indicators": data["indicators"], "targets": data["targets"], "goals": data["goals"]}
    resources = [_resource("observations", _observation_fields(session))]
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else []
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        resources.append(_resource(name, [{"name": c, "type": _type(rows, c)} for c in columns]))
    descriptor = {
        "name": "techniekpact-monitor",
        "title": "Techniekpact Monitor",
        "description": "Doelen, indicatoren, cijfers en streefcijfers van het Techniekpact.",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _resource(name: str, fields: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "schema": {"fields": fields},
    }


def _observation_fields(session: Session) -> list[dict[str, str]]:
    fields = [
        {"name": "indicator", "type": "string"},
        {"name": "period", "type": "string"},
        {"name": "value", "type": "number"},
        {"name": "unit", "type": "string"},
    ]
    fields += [{"name": d, "type": "string"} for d in dimension_order(session)]
    fields += [{"name": c, "type": "string"} for c in TAIL]
    return fields


def _type(rows: list[dict[str, Any]], column: str) -> str:
    values = [r[column] for r in rows if r[column] is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, int | float) for v in values):
        return "number"
    return "string"
