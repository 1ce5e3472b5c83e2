"""The DUO connector's bundled tables: the manifest of bundled files, the bèta-technical
classification, the places of the mbo file and DUO's province names. Plain data, read once.

Every table says where it comes from (data/SOURCES.md, data/sources/duo/); a deviation from
DUO's own sectors without a source is refused when the classification is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

DUO_DATA = resources.files("techniekpact") / "data" / "sources" / "duo"


@dataclass(frozen=True)
class Bundled:
    file: str
    duo_name: str
    sha256: str
    family: str
    sector: str
    sample_rows: int | None
    sample_of: int | None
    seed: bool


@dataclass(frozen=True)
class Deviation:
    family: str  # "mbo" or "ho"
    column: str  # KWALIFICATIE CODE / OPLEIDINGSCODE ACTUEEL
    value: str
    technical: bool
    source: str
    reason: str


@dataclass(frozen=True)
class Classification:
    code: str
    version: str
    name_nl: str
    name_en: str
    base: dict[str, tuple[str, frozenset[str]]]  # family -> (column, values)
    deviations: tuple[Deviation, ...]

    def override(self, family: str) -> dict[tuple[str, str], bool]:
        return {(d.column, d.value): d.technical for d in self.deviations if d.family == family}


@dataclass(frozen=True)
class Place:
    municipality_code: str
    municipality: str
    province: str
    arbeidsmarktregio: str


def _text(name: str) -> str:
    return (DUO_DATA / name).read_text(encoding="utf-8")


@cache
def manifest() -> tuple[str, tuple[Bundled, ...]]:
    data: dict[str, Any] = yaml.safe_load(_text("manifest.yaml"))
    files = tuple(
        Bundled(
            file=f["file"],
            duo_name=f["duo_name"],
            sha256=f["sha256"],
            family=f["family"],
            sector=f.get("sector", ""),
            sample_rows=(f.get("sample") or {}).get("rows"),
            sample_of=(f.get("sample") or {}).get("of"),
            seed=bool(f.get("seed")),
        )
        for f in data["files"]
    )
    return str(data["url"]), files


def bundled_by_checksum() -> dict[str, Bundled]:
    return {b.sha256: b for b in manifest()[1]}


@cache
def classification() -> Classification:
    data: dict[str, Any] = yaml.safe_load(_text("classification.yaml"))
    deviations = []
    for number, item in enumerate(data.get("deviations") or [], start=1):
        if not str(item.get("source", "")).strip():
            raise ValueError(f"classification.yaml: deviation {number} has no source")
        deviations.append(
            Deviation(
                item["family"],
                item["column"],
                str(item["value"]),
                bool(item["technical"]),
                item["source"],
                item.get("reason", ""),
            )
        )
    base = {
        family: (spec["column"], frozenset(str(v) for v in spec["values"]))
        for family, spec in data["base"].items()
    }
    return Classification(
        str(data["code"]),
        str(data["version"]),
        data["name_nl"],
        data["name_en"],
        base,
        tuple(deviations),
    )


@cache
def places() -> dict[str, Place]:
    """DUO's PLAATSNAAM (upper case, as DUO writes it) -> municipality, province, region."""
    rows = csv.DictReader(io.StringIO(_text("places.csv")))
    return {
        r["plaatsnaam"]: Place(
            r["municipality_code"], r["municipality"], r["province"], r["arbeidsmarktregio"]
        )
        for r in rows
    }


@cache
def provinces() -> dict[str, str]:
    """DUO's PROVINCIE name -> CBS province code."""
    rows = csv.DictReader(io.StringIO(_text("provinces.csv")))
    return {r["duo_name"]: r["code"] for r in rows}
