"""A Frictionless data package of everything: a consumer can load it, join it and trust its keys.

Every table is a CSV resource with a Table Schema that declares its primary key and its foreign
keys, all on stable codes (indicator, goal, framework and target codes, the dimensions' codes),
never on database ids. Observations carry `is_current`, the revision the dashboard shows; each
dimension's code list is its own resource (`codes_region`, ...), so a breakdown column's foreign
key checks a code against the right list (`wo` is both an education level and a field).
`frictionless validate datapackage.json` checks the whole package, keys included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.cells import CsvWriter
from techniekpact.monitor.export import TAIL, dimension_order, to_json
from techniekpact.monitor.models import Dimension, DimensionValue

# (name, type) per column; the table's rows come from export.to_json
STRING, INTEGER, NUMBER, BOOLEAN = "string", "integer", "number", "boolean"
TABLES: dict[str, list[tuple[str, str]]] = {
    "frameworks": [
        ("code", STRING),
        ("name_nl", STRING),
        ("name_en", STRING),
        ("year_start", INTEGER),
        ("year_end", INTEGER),
        ("kamerstuk", STRING),
        ("description_nl", STRING),
        ("source_url", STRING),
    ],
    "goals": [
        ("code", STRING),
        ("framework", STRING),
        ("parent", STRING),
        ("kind", STRING),
        ("position", INTEGER),
        ("name_nl", STRING),
        ("name_en", STRING),
        ("description_nl", STRING),
        ("source_url", STRING),
    ],
    "goal_links": [
        ("from", STRING),
        ("to", STRING),
        ("kind", STRING),
        ("note", STRING),
        ("source_url", STRING),
    ],
    "indicators": [
        ("code", STRING),
        ("name_nl", STRING),
        ("name_en", STRING),
        ("definition_nl", STRING),
        ("unit", STRING),
        ("source_org", STRING),
        ("theme", STRING),
        ("direction", INTEGER),
        ("minimum", NUMBER),
        ("limit", NUMBER),
        ("dimensions", STRING),
        ("source_url", STRING),
    ],
    "goal_indicators": [("goal", STRING), ("indicator", STRING)],
    "targets": [
        ("code", STRING),
        ("indicator", STRING),
        ("breakdown", STRING),
        ("value", NUMBER),
        ("year", INTEGER),
        ("base_year", INTEGER),
        ("description_nl", STRING),
        ("source_url", STRING),
        ("note", STRING),
    ],
    "target_goals": [("target", STRING), ("goal", STRING)],
    "dimensions": [
        ("code", STRING),
        ("name_nl", STRING),
        ("name_en", STRING),
        ("position", INTEGER),
        ("aliases", STRING),
        ("code_list", STRING),
    ],
}
PRIMARY_KEYS = {
    "frameworks": ["code"],
    "goals": ["code"],
    "goal_links": ["from", "to", "kind"],
    "indicators": ["code"],
    "goal_indicators": ["goal", "indicator"],
    "targets": ["code"],
    "target_goals": ["target", "goal"],
    "dimensions": ["code"],
}
# (table, its column) -> (referenced table, its column); "" is the table itself
FOREIGN_KEYS = {
    "goals": [("framework", "frameworks", "code"), ("parent", "", "code")],
    "goal_links": [("from", "goals", "code"), ("to", "goals", "code")],
    "goal_indicators": [("goal", "goals", "code"), ("indicator", "indicators", "code")],
    "targets": [("indicator", "indicators", "code")],
    "target_goals": [("target", "targets", "code"), ("goal", "goals", "code")],
}
CODE_LIST_COLUMNS = [
    ("code", STRING),
    ("label_nl", STRING),
    ("label_en", STRING),
    ("parent", STRING),
    ("aliases", STRING),
    ("note", STRING),
]


def code_list_name(dimension: str) -> str:
    return f"codes_{dimension}"


def write_datapackage(session: Session, folder: Path) -> Path:
    """Write the CSV resources and datapackage.json into `folder`; return the descriptor's path."""
    folder.mkdir(parents=True, exist_ok=True)
    data = to_json(session)
    dims = dimension_order(session)
    tables = {name: data[name] for name in TABLES if name != "dimensions"}
    tables["dimensions"] = [
        d | {"code_list": code_list_name(d["code"])} for d in data["dimensions"]
    ]
    columns = dict(TABLES)
    keys, foreign = dict(PRIMARY_KEYS), dict(FOREIGN_KEYS)

    observation_columns = [
        ("indicator", STRING),
        ("period", STRING),
        ("value", NUMBER),
        ("unit", STRING),
        *((d, STRING) for d in dims),
        *((c, STRING) for c in TAIL),
        ("is_current", BOOLEAN),
    ]
    tables["observations"] = data["observations"]
    columns["observations"] = observation_columns
    keys["observations"] = ["indicator", "period", *dims, "source_edition", "source_url"]
    foreign["observations"] = [("indicator", "indicators", "code")] + [
        (d, code_list_name(d), "code") for d in dims
    ]

    values: dict[str, list[dict[str, Any]]] = {d: [] for d in dims}
    for value in session.scalars(select(DimensionValue).order_by(DimensionValue.id)):
        values[value.dimension_code].append(
            {
                "code": value.code,
                "label_nl": value.label_nl,
                "label_en": value.label_en,
                "parent": value.parent_code,
                "aliases": value.aliases,
                "note": value.note,
            }
        )
    for dim in session.scalars(select(Dimension.code).order_by(Dimension.position)):
        name = code_list_name(dim)
        tables[name] = values[dim]
        columns[name] = CODE_LIST_COLUMNS
        keys[name] = ["code"]
        foreign[name] = [("parent", "", "code")]

    resources = []
    for name, rows in tables.items():
        fields = columns[name]
        _write_csv(folder / f"{name}.csv", [c for c, _ in fields], rows)
        resources.append(_resource(name, fields, keys.get(name, []), foreign.get(name, [])))
    descriptor = {
        "name": "techniekpact-monitor",
        "title": "Techniekpact Monitor",
        "description": (
            "Doelen, indicatoren, cijfers en streefcijfers van het Techniekpact. / Goals, "
            "indicators, figures and targets of the Dutch Techniekpact."
        ),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }
    path = folder / "datapackage.json"
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = CsvWriter(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_cell(row.get(c)) for c in columns)


def _cell(value: object) -> object:
    """Table Schema's lexical forms: empty for missing, true/false, shortest exact number.

    Numbers stay numbers for the writer, which guards only text against spreadsheet formulas:
    a negative figure is written as it is, a note `=HYPERLINK(...)` with a protective quote.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    return str(value)


def _resource(
    name: str,
    fields: list[tuple[str, str]],
    primary_key: list[str],
    foreign_keys: list[tuple[str, str, str]],
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": c, "type": t} for c, t in fields],
        "missingValues": [""],
    }
    if primary_key:
        schema["primaryKey"] = primary_key
    if foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": target, "fields": [target_column]}}
            for column, target, target_column in foreign_keys
        ]
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }
