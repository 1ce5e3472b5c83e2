"""What an import is checked against: the known indicators and the breakdown code lists.

A plain value object, loaded from the database by the store and passed to the validator, so the
validator itself needs no database and is tested on hand-made catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from techniekpact.i18n import N_

# Columns of the tidy import layout besides the breakdown dimensions (docs/import-format.md).
CORE_COLUMNS = (
    "indicator",
    "period",
    "value",
    "unit",
    "flags",
    "source_url",
    "source_edition",
    "note",
)
REQUIRED_COLUMNS = ("indicator", "period", "value", "source_url")
COLUMN_ALIASES = {
    "indicator_code": "indicator",
    "code": "indicator",
    "periode": "period",
    "jaar": "period",
    "waarde": "value",
    "eenheid": "unit",
    "vlaggen": "flags",
    "bron": "source_url",
    "source": "source_url",
    "bron_url": "source_url",
    "editie": "source_edition",
    "edition": "source_edition",
    "toelichting": "note",
    "opmerking": "note",
}
# the Dutch name of each column, for files written with Dutch headers
DUTCH_COLUMNS = {
    "indicator": "indicator",
    "period": "periode",
    "value": "waarde",
    "unit": "eenheid",
    "flags": "vlaggen",
    "source_url": "bron",
    "source_edition": "editie",
    "note": "toelichting",
}
# how a page names each flag (Dutch; the catalog translates)
FLAG_LABELS = {
    "provisional": N_("voorlopig"),
    "estimate": N_("schatting"),
    "break": N_("methodebreuk"),
}
FLAGS = {
    "provisional": "provisional",
    "voorlopig": "provisional",
    "estimate": "estimate",
    "schatting": "estimate",
    "break": "break",
    "methodebreuk": "break",
    "breuk": "break",
}


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    code: str
    unit: str
    minimum: float | None = None
    limit: float | None = None


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, IndicatorInfo]
    # dimension code -> {lower-cased code, label or alias -> code}
    dimensions: dict[str, dict[str, str]]
    # column alias (lower case) -> dimension code
    dimension_columns: dict[str, str] = field(default_factory=dict)

    @property
    def dimension_order(self) -> list[str]:
        return list(self.dimensions)

    def column_for(self, header: str) -> str | None:
        """The canonical column a header means, or None when unknown."""
        name = header.strip().lower().replace(" ", "_")
        if name in CORE_COLUMNS:
            return name
        if name in COLUMN_ALIASES:
            return COLUMN_ALIASES[name]
        if name in self.dimensions:
            return name
        return self.dimension_columns.get(name)


def header_names(headers: list[str]) -> dict[str, str]:
    """How this file would name each core column: Dutch when one of its headers is a Dutch
    column name (`periode`, `waarde`, ...), else the canonical English name."""
    dutch = set(DUTCH_COLUMNS.values()) - set(CORE_COLUMNS)
    if any(h.strip().lower().replace(" ", "_") in dutch for h in headers):
        return dict(DUTCH_COLUMNS)
    return {c: c for c in CORE_COLUMNS}


def breakdown_key(values: dict[str, str], order: list[str]) -> str:
    """Canonical text of a breakdown: 'dim=code' in code-list order, ';'-joined; '' is total."""
    return ";".join(f"{d}={values[d]}" for d in order if values.get(d))


def parse_breakdown(key: str) -> dict[str, str]:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split(";"))
