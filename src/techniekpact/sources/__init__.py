"""Source connectors: figures computed from open data (DUO, CBS) instead of copied from pages.

A connector reads a source in its own form (DUO's CSV files, CBS StatLine tables) and returns a
tidy frame in the figures-import columns, plus the lineage of every input it read. It writes
nothing: `sources.run.run_connector` sends the frame through the monitor's own import path
(`tidy.validate`, `store.apply_import`), so a computed figure obeys exactly the rules of an
editor's file (all-or-nothing, revisions kept, a dry run, one import record per run), and then
records which input each written figure was computed from.

The interface lives here (`Connector`, `Computed`, `InputLineage`); the registry in
`sources.registry`; the run in `sources.run`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import polars as pl

from techniekpact.problems import Report

# the column of a connector's frame saying which of its inputs (an index into
# `Computed.inputs`) a figure was computed from; dropped before validation
INPUT_COLUMN = "_input"


@dataclass(frozen=True)
class InputLineage:
    """Where a computed figure comes from: one input (a file, a table) as the source names it.

    `name` is the source's own name for it (DUO's file name, a CBS table id), not a local path;
    `checksum` the SHA-256 of the bytes read (for a table: of the answers, in order)."""

    name: str
    checksum: str
    # what was read, in the source's terms: "mbo deelnemers", "CBS 85353NED"
    description: str = ""
    # a page where a reader finds the input (DUO's open-data page, the StatLine table)
    url: str = ""


@dataclass(frozen=True)
class Computed:
    """A connector's answer: figures in the figures-import columns, and where each came from.

    `figures` holds the columns of docs/import-format.md as strings (indicator, period, value,
    unit, one column per breakdown dimension, flags, source_url, source_edition, note) and
    `INPUT_COLUMN`, an integer index into `inputs`."""

    figures: pl.DataFrame
    inputs: tuple[InputLineage, ...]
    # the programme classification used, with its version ("" when the connector has none)
    classification: str = ""
    classification_version: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConnectorInfo:
    """What `sources list` shows of a connector."""

    name: str
    version: str
    title_nl: str
    title_en: str
    reads_nl: str
    reads_en: str
    indicators: tuple[str, ...]
    options: tuple[str, ...] = ()
    origin: str = "built-in"
    classification: str = ""
    classification_version: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class Connector(Protocol):
    """A source connector: read-only attributes (a frozen dataclass will do) and one pure
    method; no database, no writes.

    - `name`: the word after `sources import` (lower case, no spaces), unique;
    - `version`: the connector's version, stored with every figure it computes (bump it when
      the computation changes);
    - `title_nl`/`title_en`, `reads_nl`/`reads_en`: what it is and which inputs it reads;
    - `indicators`: the indicator codes it can produce (they must exist in the catalogue);
    - `options`: the connector-specific options it accepts (e.g. "api_root" for
      `--api-root URL`); any other option is refused before the connector runs;
    - `classification`, `classification_version`: the classification its figures depend on
      ("" when none).

    `compute(inputs, report, options)` turns the inputs (paths, or table ids) into a
    `Computed`, or returns None after putting every problem (with file, row, column, expected,
    found) into `report`. It must not raise for bad input."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def title_nl(self) -> str: ...

    @property
    def title_en(self) -> str: ...

    @property
    def reads_nl(self) -> str: ...

    @property
    def reads_en(self) -> str: ...

    @property
    def indicators(self) -> tuple[str, ...]: ...

    @property
    def options(self) -> tuple[str, ...]: ...

    @property
    def classification(self) -> str: ...

    @property
    def classification_version(self) -> str: ...

    def compute(
        self, inputs: Sequence[str], report: Report, options: Mapping[str, str]
    ) -> Computed | None: ...


def describe(connector: Connector, origin: str = "built-in") -> ConnectorInfo:
    return ConnectorInfo(
        name=connector.name,
        version=connector.version,
        title_nl=connector.title_nl,
        title_en=connector.title_en,
        reads_nl=connector.reads_nl,
        reads_en=connector.reads_en,
        indicators=tuple(connector.indicators),
        options=tuple(connector.options),
        origin=origin,
        classification=connector.classification,
        classification_version=connector.classification_version,
    )
