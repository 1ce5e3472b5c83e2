"""From an .xlsx workbook to a table of strings, as the sheet shows it, never silently cut short.

The container is checked first (archive.py: sizes, rows, entities). Then one sheet is read: the
first *visible* one, or the one named with `--sheet` (a hidden first sheet is often a lookup
table, not the figures), and the report says which. openpyxl's read-only mode trusts a sheet's
declared size (`<dimension ref="A1:D3">`), which editing tools leave stale: rows and columns
beyond it would be dropped without a word, so the declared size is discarded and every row read.
Rows keep their sheet row numbers (a blank row is skipped, not renumbered), so problems point at
the row the editor sees.

A typed number is exact and needs no decimal guess; it is rounded to the 15 significant digits
Excel shows, which removes binary float noise (0.1 + 0.2 stored as 0.30000000000000004 is 0.3)
and changes no number a person typed.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.importers.archive import WorkbookLimits, check_archive
from techniekpact.problems import Code, Problem, Report, message

if TYPE_CHECKING:  # openpyxl is imported when a workbook is read, not with this module
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# prefix of a companion column holding a column's typed numbers (see read_xlsx)
TYPED_PREFIX = "\x00typed:"
# the sheet row number of each row (a workbook may skip blank rows); tidy.validate uses it
SOURCE_ROW = "\x00row"
# Excel shows (and computes with) 15 significant digits; more is binary noise
SIGNIFICANT_DIGITS = 15
BATCH_ROWS = 50_000  # rows held as Python objects at once; the rest are polars columns


def read_xlsx(
    data: bytes, report: Report, *, sheet: str | None = None, limits: WorkbookLimits | None = None
) -> pl.DataFrame | None:
    """One worksheet as strings; typed numbers also in Float64 companion columns.

    A typed number is exact, so it must not be reread through the file's decimal convention
    (a typed 1.234 under a Dutch text cell would become 1234): every column holding typed numbers
    gets a companion column, TYPED_PREFIX + its header, that the validator prefers over the text.
    A cell whose number format shows a percentage (`0%`, `0.0%`, `0,0%`) holds the fraction
    (0.276 shown as 27,6%): it is read as the percentage, 27.6, and written `27.6%`.
    """
    from openpyxl import load_workbook

    limits = limits or WorkbookLimits()
    if not check_archive(data, report, limits):
        return None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("geen leesbaar Excel-bestand ({kind})", kind=exc.__class__.__name__),
                report.file,
                expected=_(".xlsx-werkmap"),
            )
        )
        return None
    try:
        chosen = _choose_sheet(workbook, sheet, report)
        if chosen is None:
            return None
        chosen.reset_dimensions()  # the declared <dimension> may be stale: read every row
        return _read_sheet(chosen, report, limits)
    finally:
        workbook.close()


def _choose_sheet(workbook: Workbook, name: str | None, report: Report) -> ReadOnlyWorksheet | None:
    sheets = list(workbook.worksheets)
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if name is not None:
        chosen = next((s for s in sheets if s.title == name), None)
        if chosen is None:
            report.add(
                Problem(
                    Code.UNKNOWN_SHEET,
                    _("geen werkblad met de naam {name!r}", name=name),
                    report.file,
                    expected=", ".join(repr(s.title) for s in sheets),
                    found=name,
                )
            )
        else:
            report.notes.append(_("werkblad {name!r} gelezen", name=chosen.title))
        return chosen
    if not visible:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("de werkmap heeft geen zichtbaar werkblad"),
                report.file,
                expected=_("een zichtbaar werkblad, of --sheet NAAM"),
            )
        )
        return None
    chosen = visible[0]
    skipped = [s.title for s in sheets[: sheets.index(chosen)]]
    note = _("werkblad {name!r} gelezen", name=chosen.title)
    if skipped:
        note += _(" (verborgen werkblad {names} overgeslagen)", names=", ".join(map(repr, skipped)))
    if len(visible) > 1:
        note += _(
            "; de werkmap heeft {n} zichtbare werkbladen ({names}): kies een ander met --sheet",
            n=len(visible),
            names=", ".join(repr(s.title) for s in visible),
        )
    report.notes.append(note)
    return chosen


Cell = tuple[str, float | None]


@dataclass
class _Table:
    """The sheet's rows, built in batches: polars columns, plus the batch still in Python."""

    header: list[str]
    header_row: int
    frames: list[pl.DataFrame]
    rows: list[int]
    cells: list[list[Cell]]


def _read_sheet(
    sheet: ReadOnlyWorksheet, report: Report, limits: WorkbookLimits
) -> pl.DataFrame | None:
    table: _Table | None = None
    number = 0
    try:
        # `rows` is `iter_rows()`; the stubs type iter_rows for Worksheet only
        for number, row in enumerate(sheet.rows, start=1):
            if number > limits.max_rows:
                report.add(
                    Problem(
                        Code.TOO_MANY_ROWS,
                        _("het werkblad heeft meer dan {n} rijen", n=limits.max_rows),
                        report.file,
                        row=number,
                        expected=_("hoogstens {n} rijen", n=limits.max_rows),
                    )
                )
                return None
            cells = [_cell(c) for c in row]
            if not any(text for text, _typed in cells):
                continue
            if table is None:
                table = _start(cells, number, report)
                if table is None:
                    return None
                continue
            _add_row(table, cells, number, report)
    except ValueError as exc:  # openpyxl cannot read a typed cell such as <v>inf</v>
        literal = re.search(r"'(.*)'", str(exc))
        if not literal or not str(exc).startswith(("invalid literal", "could not convert")):
            report.add(_unreadable_row(report, number + 1, exc))
            return None
        report.add(
            Problem(
                Code.NOT_FINITE,
                message(Code.NOT_FINITE),
                report.file,
                row=number + 1,
                expected=message("expected:finite"),
                found=literal.group(1),
            )
        )
        return None
    except Exception as exc:  # a crafted cell: a shared string that is not there, and the like
        report.add(_unreadable_row(report, number + 1, exc))
        return None
    if table is None:
        report.add(Problem(Code.EMPTY_FILE, _("het werkblad is leeg"), report.file))
        return None
    if not report.ok:
        return None
    _flush(table)
    frames = table.frames or [_frame(table)]
    return pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]


def _unreadable_row(report: Report, number: int, exc: Exception) -> Problem:
    return Problem(
        Code.NOT_TABULAR,
        _("rij onleesbaar in het werkblad ({kind})", kind=exc.__class__.__name__),
        report.file,
        row=number,
        expected=_(".xlsx-werkmap"),
        found=str(exc)[:120],
    )


def _start(cells: list[Cell], number: int, report: Report) -> _Table | None:
    header = [text for text, _typed in cells]
    while header and not header[-1]:
        header.pop()
    names = [name or _("kolom {n}", n=i + 1) for i, name in enumerate(header)]
    if len(set(names)) != len(names):
        report.add(Problem(Code.DUPLICATE_COLUMN, _("dubbele kolomnaam"), report.file, row=number))
        return None
    return _Table(names, number, [], [], [])


def _add_row(table: _Table, cells: list[Cell], number: int, report: Report) -> None:
    width = len(table.header)
    if any(text for text, _typed in cells[width:]):
        report.add(
            Problem(
                Code.FIELD_COUNT,
                _("waarden buiten de kolommen van de kopregel"),
                report.file,
                row=number,
                expected=_("{n} kolommen", n=width),
            )
        )
        return
    if not report.ok:
        return  # only problems are collected from here on
    table.rows.append(number)
    table.cells.append((cells + [("", None)] * width)[:width])
    if len(table.cells) >= BATCH_ROWS:
        _flush(table)


def _flush(table: _Table) -> None:
    if table.cells:
        table.frames.append(_frame(table))
        table.rows, table.cells = [], []


def _frame(table: _Table) -> pl.DataFrame:
    columns: dict[str, Sequence[object]] = {SOURCE_ROW: table.rows}
    schema: dict[str, pl.DataType] = {SOURCE_ROW: pl.Int64()}
    for i, name in enumerate(table.header):
        columns[name] = [r[i][0] for r in table.cells]
        schema[name] = pl.String()
        numbers = [r[i][1] for r in table.cells]
        if any(n is not None for n in numbers):
            columns[TYPED_PREFIX + name] = numbers
            schema[TYPED_PREFIX + name] = pl.Float64()
    return pl.DataFrame(columns, schema=schema)


def is_percent_format(number_format: str) -> bool:
    """Whether Excel shows the cell times 100: a % outside quotes and not escaped."""
    shown = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in shown


def _cell(cell: object) -> Cell:
    """A cell as (text, typed number or None)."""
    value = getattr(cell, "value", None)
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int | float):
        return _typed_number(value, getattr(cell, "number_format", "General"))
    if hasattr(value, "isoformat"):
        # a date is its day; a moment with a time of day keeps it (an edition refuses that)
        text = value.isoformat()
        return (text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text), None
    return str(value).strip(), None


def _typed_number(value: float, number_format: str) -> Cell:
    try:
        # 15 significant digits, as Excel shows it: 0.30000000000000004 is 0.3
        exact = (
            Decimal(format(value, f".{SIGNIFICANT_DIGITS}g"))
            if isinstance(value, float)
            else (Decimal(value))
        )
        number = float(exact)
    except (OverflowError, ValueError, InvalidOperation):
        return _digits(value), None  # the text path refuses it, with its position
    if not math.isfinite(number):
        return _digits(value), None
    if is_percent_format(number_format):
        exact *= 100  # decimal arithmetic: 0.276 -> 27.6, not 27.600000000000001
        return format(exact.normalize(), "f") + "%", float(exact)
    if exact == exact.to_integral_value():
        return format(exact.quantize(Decimal(1)), "f"), number
    return repr(number), number


def _digits(value: float) -> str:
    try:
        return repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        return "9" * 400
