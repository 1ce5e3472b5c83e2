"""A table's mapping file: which CBS dimensions and measures become which of our figures.

One YAML file per table (`mappings/<table>.yaml`, bundled and versioned). It names the table's
dimensions and measures as the CBS catalogue does (their titles: "Geslacht", "Mbo-studenten"),
says for each measure which indicator and unit it becomes, and for each dimension which of our
breakdowns it fills and which of its values are read (by CBS identifier where the public
material gives it, otherwise by title). Everything is checked against the table as CBS serves
it before a single observation is read: a dimension or measure the table no longer has, or a
dimension it has gained, is a changed table structure (`table-changed`); a value the mapping
names that the table lacks is an unknown code (`unknown-code`). Nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report

MAPPINGS = "techniekpact.sources.cbs"


@dataclass(frozen=True)
class ValueRule:
    """One dimension value read from the table: by CBS identifier or title; `ours` '' = total."""

    ours: str
    code: str | None = None
    title: str | None = None
    # "title": the title is our assumption, not found in the public material (see the file)
    assumed: str | None = None

    @property
    def name(self) -> str:
        return self.code or self.title or ""


@dataclass(frozen=True)
class DimensionRule:
    title: str
    breakdown: str | None  # our dimension; None: only the values listed, all totals
    values: tuple[ValueRule, ...]
    time: bool = False


@dataclass(frozen=True)
class MeasureRule:
    title: str
    indicator: str
    unit: str
    code: str | None = None


@dataclass(frozen=True)
class TableMapping:
    table: str
    version: str
    title: str
    file: str
    measures: tuple[MeasureRule, ...]
    dimensions: tuple[DimensionRule, ...]


def known_tables() -> list[str]:
    folder = resources.files(MAPPINGS).joinpath("mappings")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def load_mapping(table_id: str, report: Report) -> TableMapping | None:
    """The bundled mapping of a table, or None with a problem naming the tables that have one."""
    tables = {t.lower(): t for t in known_tables()}
    name = tables.get(table_id.lower())
    if name is None:
        report.add(
            Problem(
                Code.UNKNOWN_CODE,
                _("geen koppeltabel voor CBS-tabel {table}", table=table_id),
                report.file,
                expected=", ".join(tables.values()),
                found=table_id,
            )
        )
        return None
    file = f"mappings/{name}.yaml"
    text = resources.files(MAPPINGS).joinpath(file).read_text("utf-8")
    return parse_mapping(yaml.safe_load(text), f"sources/cbs/{file}")


def parse_mapping(data: dict[str, Any], file: str) -> TableMapping:
    """A mapping from its YAML; a malformed bundled file is a programming error (tested)."""
    measures = tuple(
        MeasureRule(str(m["title"]), str(m["indicator"]), str(m["unit"]), _opt(m.get("code")))
        for m in data["measures"]
    )
    dimensions = tuple(
        DimensionRule(
            str(d["title"]),
            _opt(d.get("breakdown")),
            tuple(
                ValueRule(
                    str(v.get("ours") or ""),
                    _opt(v.get("code")),
                    _opt(v.get("title")),
                    _opt(v.get("assumed")),
                )
                for v in d.get("values") or ()
            ),
            bool(d.get("time", False)),
        )
        for d in data["dimensions"]
    )
    return TableMapping(
        str(data["table"]), str(data["version"]), str(data["title"]), file, measures, dimensions
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def same_title(a: object, b: object) -> bool:
    """Titles compared as a reader would: case and runs of spaces do not matter."""
    return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()
