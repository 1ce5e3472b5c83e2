"""Run a connector through the monitor's import path, and record the lineage of what it wrote.

The connector computes; this module does the rest exactly as `techniekpact import` does for a
file: `tidy.validate` on the computed frame (unknown indicators, codes, periods, duplicates are
refused the same way), `store.apply_import` under the writers' lock (all-or-nothing, revisions
kept, a dry run that counts new/revised/unchanged, one `ImportBatch` per run, nothing written
when nothing changed), and, in the same transaction, one `SourceInput` per input and one
`FigureLineage` per figure revision written.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

import polars as pl
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.db import table_of, transaction
from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.monitor.catalogue import Catalogue, parse_breakdown
from techniekpact.monitor.importers import ParsedFile, tidy
from techniekpact.monitor.models import Dimension, Indicator, Observation
from techniekpact.monitor.store import ImportSummary, apply_import, load_catalogue
from techniekpact.problems import Code, ImportRejected, Problem, Report
from techniekpact.sources import INPUT_COLUMN, Computed, Connector, InputLineage
from techniekpact.sources.models import FigureLineage, SourceInput
from techniekpact.writers import run_writer

KIND = "source"


@dataclass(frozen=True)
class Prepared:
    """A connector's figures, validated: ready for `store`."""

    connector: Connector
    computed: Computed
    parsed: ParsedFile


@dataclass(frozen=True)
class RunSummary:
    connector: str
    version: str
    classification: str
    classification_version: str
    inputs: tuple[InputLineage, ...]
    summary: ImportSummary
    lineage_rows: int
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "connector": self.connector,
            "version": self.version,
            "classification": self.classification,
            "classification_version": self.classification_version,
            "inputs": [dataclasses.asdict(i) for i in self.inputs],
            "lineage_rows": self.lineage_rows,
            "notes": list(self.notes),
        } | self.summary.to_dict()


def check_options(connector: Connector, options: Mapping[str, str]) -> None:
    """Refuse an option the connector does not declare (`--api-root` for DUO files)."""
    for key in options:
        if key not in connector.options:
            raise DomainError(
                _(
                    "bron {name!r} kent de optie --{option} niet",
                    name=connector.name,
                    option=key.replace("_", "-"),
                )
            )


def run_label(connector: Connector, inputs: Sequence[str]) -> str:
    """ "duo: a.csv, b.csv": the inputs by their own names (a path's file name), not where they
    happened to lie."""
    names = [PurePath(i).name or i for i in inputs]
    return f"{connector.name}: {', '.join(names)}" if names else connector.name


def prepare(
    connector: Connector,
    inputs: Sequence[str],
    catalogue: Catalogue,
    options: Mapping[str, str] | None = None,
) -> Prepared:
    """Compute and validate; raise ImportRejected with every problem (nothing is written)."""
    options = options or {}
    check_options(connector, options)
    report = Report(file=run_label(connector, inputs))
    computed = connector.compute(inputs, report, options)
    if computed is None or not report.ok:
        if report.ok:  # a connector that gave up must say why
            report.add(Problem(Code.NO_ROWS, _("de bron gaf geen cijfers"), report.file))
        raise ImportRejected(report)
    figures = computed.figures
    unknown = set(figures.get_column("indicator").unique().to_list()) - set(connector.indicators)
    if unknown:
        raise RuntimeError(f"{connector.name} produced undeclared indicators {sorted(unknown)}")
    raw = figures.drop(INPUT_COLUMN).with_columns(pl.all().cast(pl.String).fill_null(""))
    frame = tidy.validate(raw, catalogue, report, "point")
    if frame is None or not report.ok:
        raise ImportRejected(report)
    # validated rows are numbered from 2 (as a file's: header row 1), in the computed order
    frame = frame.with_columns(
        figures.get_column(INPUT_COLUMN)
        .cast(pl.Int64)
        .gather(frame.get_column("row") - 2)
        .alias(INPUT_COLUMN)
    )
    checksum = hashlib.sha256(
        "\n".join(f"{i.name} {i.checksum}" for i in computed.inputs).encode()
    ).hexdigest()
    for note in computed.notes:
        report.notes.append(note)
    parsed = ParsedFile(frame, report, checksum, connector.name)
    return Prepared(connector, computed, parsed)


def store(
    session: Session,
    prepared: Prepared,
    *,
    dry_run: bool = False,
    accept_warnings: bool = False,
    kind: str = KIND,
) -> RunSummary:
    """Write (unless dry_run) the prepared figures and their lineage, in the caller's
    transaction."""
    connector, computed, parsed = prepared.connector, prepared.computed, prepared.parsed
    summary = apply_import(
        session,
        parsed,
        source_name=f"sources:{parsed.report.file}",
        kind=kind,
        dry_run=dry_run,
        accept_warnings=accept_warnings,
    )
    written = 0
    if summary.import_id is not None:
        written = _write_lineage(session, prepared, summary.import_id)
        _record_dimensions(session, parsed.observations)
    return RunSummary(
        connector.name,
        connector.version,
        computed.classification,
        computed.classification_version,
        computed.inputs,
        summary,
        written,
        computed.notes,
    )


def _record_dimensions(session: Session, figures: pl.DataFrame) -> None:
    """The indicators written support the breakdown dimensions their figures use (as the seed
    records them), added to those they had."""
    used: dict[int, set[str]] = {}
    pairs = figures.select("indicator_id", "breakdown").unique()
    for indicator_id, breakdown in pairs.iter_rows():
        used.setdefault(indicator_id, set()).update(parse_breakdown(breakdown))
    order = [d.code for d in session.scalars(select(Dimension).order_by(Dimension.position))]
    for indicator in session.scalars(select(Indicator).where(Indicator.id.in_(used))):
        dims = used[indicator.id] | set(filter(None, indicator.dimensions.split(",")))
        indicator.dimensions = ",".join(d for d in order if d in dims)


def _write_lineage(session: Session, prepared: Prepared, import_id: int) -> int:
    connector, computed = prepared.connector, prepared.computed
    now = datetime.now(UTC).replace(tzinfo=None)
    ids: list[int] = []
    for item in computed.inputs:
        row = SourceInput(
            import_id=import_id,
            connector=connector.name,
            connector_version=connector.version,
            classification=computed.classification,
            classification_version=computed.classification_version,
            name=item.name,
            description=item.description,
            url=item.url,
            checksum=item.checksum,
            computed_at=now,
        )
        session.add(row)
        session.flush()
        ids.append(row.id)
    table = table_of(Observation)
    rows = session.execute(
        select(table.c.id, table.c.indicator_id, table.c.period, table.c.breakdown).where(
            table.c.import_id == import_id
        )
    ).all()
    written = pl.DataFrame(
        rows,
        schema={
            "id": pl.Int64,
            "indicator_id": pl.Int64,
            "period": pl.String,
            "breakdown": pl.String,
        },
        orient="row",
    )
    source = prepared.parsed.observations.select(
        "indicator_id", "period", "breakdown", INPUT_COLUMN
    ).unique(subset=["indicator_id", "period", "breakdown"], keep="first")
    joined = written.join(source, on=["indicator_id", "period", "breakdown"], how="inner")
    records = [
        {"observation_id": oid, "source_input_id": ids[index]}
        for oid, index in joined.select("id", INPUT_COLUMN).iter_rows()
    ]
    for start in range(0, len(records), 5000):
        session.execute(insert(table_of(FigureLineage)), records[start : start + 5000])
    return len(records)


def run_connector(
    factory: sessionmaker[Session],
    connector: Connector,
    inputs: Sequence[str],
    options: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
    accept_warnings: bool = False,
) -> RunSummary:
    """The one way a connector's figures reach the database (the CLI and the tests use it)."""
    with transaction(factory) as session:
        catalogue = load_catalogue(session)
    prepared = prepare(connector, inputs, catalogue, options)
    checked = copy.deepcopy(prepared.parsed.report)

    def work(session: Session) -> RunSummary:
        # a rerun (after a deadlock) starts from the report as validation left it
        again = dataclasses.replace(
            prepared, parsed=dataclasses.replace(prepared.parsed, report=copy.deepcopy(checked))
        )
        return store(session, again, dry_run=dry_run, accept_warnings=accept_warnings)

    return run_writer(factory, work)
