"""`techniekpact sources import cbs TABLE... [--api-root URL]`: CBS tables to figures.

For each table: read its metadata, check it against the bundled mapping (`resolve`), ask CBS
for just the mapped observations (an OData `$filter`; what comes back is checked again), and
turn them into figures whose edition is the table's `Modified` date, so a new CBS release is a
new edition and a repeated run with the same release changes nothing. Every table is read in
full before anything is returned: a request that still fails after its retries rejects the
whole run (`source-unavailable`), and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.sources import INPUT_COLUMN, Computed, InputLineage
from techniekpact.sources.cbs.client import TABLE_ID, SourceUnavailable, TableData, open_client
from techniekpact.sources.cbs.mapping import TableMapping, known_tables, load_mapping
from techniekpact.sources.cbs.resolve import resolve, tidy_rows

CONNECTOR_VERSION = "1.0"
DEFAULT_API_ROOT = "https://odata4.cbs.nl/CBS"
STATLINE = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"
# the indicators the bundled mappings produce (tests check that they agree)
INDICATORS = (
    "cbs_mbo_students",
    "cbs_mbo_graduates",
    "cbs_ho_students",
    "cbs_ho_first_year",
    "cbs_ho_graduates",
)


def _checksum(table: TableData) -> str:
    """SHA-256 of the answers as read (canonical JSON, in the order they were asked for):
    the same release of a table gives the same checksum however CBS pages it."""
    digest = hashlib.sha256()
    parts: list[Any] = [table.properties, table.dimensions, table.measure_codes]
    parts += [table.codes[d] for d in sorted(table.codes)]
    parts.append(table.observations)
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _edition(table: TableData, report: Report) -> str | None:
    modified = str(table.properties.get("Modified") or "")[:10]
    if len(modified) != 10:
        report.add(
            Problem(
                Code.TABLE_CHANGED,
                _("de tabel zegt niet wanneer ze is bijgewerkt"),
                f"{table.table_id}/Properties",
                column="Modified",
                expected=_("een datum, zoals 2026-04-09"),
                found=str(table.properties.get("Modified", "")),
            )
        )
        return None
    return modified


@dataclass(frozen=True)
class CbsConnector:
    name: str = "cbs"
    version: str = CONNECTOR_VERSION
    title_nl: str = "CBS StatLine (OData v4)"
    title_en: str = "CBS StatLine (OData v4)"
    reads_nl: str = "CBS-tabellen met een koppeltabel: " + ", ".join(known_tables())
    reads_en: str = "CBS tables with a mapping file: " + ", ".join(known_tables())
    indicators: tuple[str, ...] = INDICATORS
    options: tuple[str, ...] = ("api_root",)
    classification: str = "CBS-koppeltabellen"
    classification_version: str = ""
    # the backoff's wait between retries (tests make it instant)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def compute(
        self, inputs: Sequence[str], report: Report, options: Mapping[str, str]
    ) -> Computed | None:
        tables = _check_inputs(inputs, report)
        if tables is None:
            return None
        api_root = options.get("api_root") or DEFAULT_API_ROOT
        frames: list[pl.DataFrame] = []
        lineage: list[InputLineage] = []
        versions: list[str] = []
        try:
            with open_client(api_root, self.sleep) as client:
                for index, (table_id, mapping) in enumerate(tables):
                    table = client.metadata(table_id)
                    resolved = resolve(mapping, table, report)
                    edition = _edition(table, report)
                    if resolved is None or edition is None:
                        continue
                    client.observations(table, resolved.odata_filter())
                    url = STATLINE.format(table=table_id)
                    frame = tidy_rows(resolved, table, url, edition, report)
                    if frame is None:
                        continue
                    frames.append(frame.with_columns(pl.lit(index).alias(INPUT_COLUMN)))
                    versions.append(mapping.version)
                    lineage.append(_lineage(table, mapping, edition, url))
        except SourceUnavailable as exc:
            report.add(
                Problem(
                    Code.SOURCE_UNAVAILABLE,
                    _("CBS antwoordt niet zoals verwacht; niets ingelezen"),
                    exc.url,
                    found=exc.reason,
                )
            )
            return None
        if not report.ok or not frames:
            return None
        figures = pl.concat(frames, how="diagonal_relaxed").with_columns(
            pl.exclude(INPUT_COLUMN).fill_null("")
        )
        notes = tuple(report.notes)
        report.notes.clear()  # the run prints the connector's notes once
        # each input's description names its own mapping file and version; the run's
        # classification version is the set of those versions ("1" while all are 1)
        version = "+".join(sorted(set(versions)))
        return Computed(figures, tuple(lineage), self.classification, version, notes)


def _lineage(table: TableData, mapping: TableMapping, edition: str, url: str) -> InputLineage:
    title = str(table.properties.get("Title") or mapping.title)
    description = _(
        "CBS {table} ({title}), bijgewerkt {modified}; koppeltabel {file} versie {version}",
        table=table.table_id,
        title=title,
        modified=edition,
        file=mapping.file,
        version=mapping.version,
    )
    return InputLineage(table.table_id, _checksum(table), description, url)


def _check_inputs(inputs: Sequence[str], report: Report) -> list[tuple[str, TableMapping]] | None:
    """Each input a CBS table id with a bundled mapping; every bad one is reported."""
    if not inputs:
        report.add(
            Problem(
                Code.MISSING_VALUE,
                _("geen CBS-tabel genoemd"),
                report.file,
                expected=", ".join(known_tables()),
            )
        )
        return None
    tables: list[tuple[str, TableMapping]] = []
    for raw in inputs:
        table_id = raw.strip()
        if not TABLE_ID.match(table_id):
            report.add(
                Problem(
                    Code.UNKNOWN_CODE,
                    _("geen CBS-tabelnummer"),
                    report.file,
                    expected=_("zoals 85353NED"),
                    found=raw,
                )
            )
            continue
        mapping = load_mapping(table_id, report)
        if mapping is not None:
            tables.append((mapping.table, mapping))
    return tables if report.ok else None


CONNECTOR = CbsConnector()
