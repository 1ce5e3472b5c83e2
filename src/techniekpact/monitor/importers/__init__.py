"""Importers: small adapters that turn a source file into a table of strings.

Each adapter only reads; validation and normalisation are shared (`tidy.validate`), so every
format reports problems the same way. Adapters are found by name in `IMPORTERS`, the one place
the CLI, the web upload and the tests look them up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.catalogue import Catalogue
from techniekpact.monitor.importers import reading, tidy, workbook
from techniekpact.monitor.importers.archive import WorkbookLimits
from techniekpact.problems import Code, ImportRejected, Problem, Report
from techniekpact.settings import DEFAULT_MAX_IMPORT_BYTES
from techniekpact.textfiles import read_limited


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may be told besides the bytes: which sheet, and what a workbook may cost."""

    sheet: str | None = None
    limits: WorkbookLimits = WorkbookLimits()
    max_rows: int = reading.DEFAULT_MAX_ROWS  # CSV; a workbook's rows are bounded by `limits`


Reader = Callable[[bytes, Path, Report, ReadOptions], "pl.DataFrame | None"]


def _read_csv(data: bytes, path: Path, report: Report, options: ReadOptions) -> pl.DataFrame | None:
    return reading.read_csv_bytes(data, report, options.max_rows)


def _read_xlsx(
    data: bytes, path: Path, report: Report, options: ReadOptions
) -> pl.DataFrame | None:
    if not data.startswith(b"PK"):
        report.add(
            Problem(Code.NOT_TABULAR, "geen Excel-werkmap (.xlsx)", report.file, expected=".xlsx")
        )
        return None
    return workbook.read_xlsx(data, report, sheet=options.sheet, limits=options.limits)


IMPORTERS: dict[str, Reader] = {"csv": _read_csv, "xlsx": _read_xlsx}


@dataclass(frozen=True)
class ParsedFile:
    observations: pl.DataFrame
    report: Report
    checksum: str
    file_format: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def guess_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return {"xlsx": "xlsx", "xlsm": "xlsx", "tsv": "csv", "txt": "csv"}.get(suffix, "csv")


def parse_file(
    path: Path,
    catalogue: Catalogue,
    *,
    file_format: str | None = None,
    decimal: str | None = None,
    options: ReadOptions | None = None,
    max_bytes: int = DEFAULT_MAX_IMPORT_BYTES,
) -> ParsedFile:
    """Read and validate a file; raise ImportRejected with every problem found.

    `max_bytes` bounds the file (TECHNIEKPACT_MAX_IMPORT_BYTES): a larger one is refused before
    it is parsed; `options.max_rows` a CSV file's rows (TECHNIEKPACT_MAX_IMPORT_ROWS)."""
    report = Report(file=path.name)
    file_format = file_format or guess_format(path)
    if file_format not in IMPORTERS:
        report.add(
            Problem(
                Code.UNSUPPORTED_FORMAT,
                _("onbekend formaat {format!r}", format=file_format),
                report.file,
                expected=", ".join(IMPORTERS),
            )
        )
        raise ImportRejected(report)
    try:
        data = read_limited(path, max_bytes, report)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        report.add(
            Problem(
                Code.FILE_NOT_FOUND,
                _("bestand niet te lezen ({reason})", reason=exc.strerror),
                str(path),
            )
        )
        raise ImportRejected(report) from exc
    if data is None:
        raise ImportRejected(report)
    # hashing releases the GIL: the checksum is computed while the file is read
    with ThreadPoolExecutor(1) as pool:
        checksum = pool.submit(_sha256, data)
        raw = IMPORTERS[file_format](data, path, report, options or ReadOptions())
    del data
    frame = None if raw is None else tidy.validate(raw, catalogue, report, decimal)
    if frame is None or not report.ok:
        raise ImportRejected(report)
    return ParsedFile(frame, report, checksum.result(), file_format)
