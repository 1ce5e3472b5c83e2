"""From bytes to a table of strings: encodings, delimiters and ragged rows, as Excel makes them.

Dutch Excel writes semicolon-separated CSV in Windows-1252 or UTF-8 with a byte-order mark; the
encoding and structure rules shared by every CSV import are in `techniekpact.textfiles`. Every
cell stays a string here: numbers are read later, with the file's decimal convention in view.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from techniekpact import csvquotes, textfiles
from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.settings import DEFAULT_MAX_IMPORT_ROWS

# a control character no spreadsheet writes: splits a file into whole lines
UNIT_SEPARATOR = b"\x1f"
DEFAULT_MAX_ROWS = DEFAULT_MAX_IMPORT_ROWS


def read_csv_bytes(
    data: bytes, report: Report, max_rows: int = DEFAULT_MAX_ROWS
) -> pl.DataFrame | None:
    """Split a CSV file into a frame of strings; report ragged rows by spreadsheet row.

    Encoding and structure (quotes, line ends, `sep=`) are checked by `textfiles.prepare_csv`,
    so polars only ever sees UTF-8 whose quotes are balanced. Excel's trailing empty columns
    (empty header cells over empty cells: the sheet's used range was wider than its data) are
    dropped; a value under an empty header cell is refused.
    """
    prepared = textfiles.prepare_csv(data, report)
    if prepared is None:
        return None
    data, delimiter, header = prepared.data, prepared.delimiter, prepared.header
    report.notes.append(_("scheidingsteken {delimiter!r}", delimiter=delimiter))
    width = len(header)
    named = width
    while named > 1 and not header[named - 1].strip():
        named -= 1
    seen: set[str] = set()
    for name in header[:named]:
        if name.strip().lower() in seen:
            report.add(
                Problem(
                    Code.DUPLICATE_COLUMN,
                    _("dubbele kolomnaam"),
                    report.file,
                    row=1,
                    column=name.strip(),
                )
            )
        seen.add(name.strip().lower())
    if not prepared.has_quotes:  # one line a row: the line count is the row count
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        if lines - 1 > max_rows:
            too_many_rows(report, max_rows, lines - 1)
            return None
    # Read first, and count fields row by row only when the file may hold a ragged row: polars
    # stops at a row with too many fields, so when no field is quoted and the file has exactly
    # (width - 1) delimiters per line, every line is whole. Saves a second pass over a clean file.
    frame, failure = None, None
    if report.ok:
        try:
            frame = pl.read_csv(
                data,
                separator=delimiter,
                infer_schema=False,
                empty_string_is_null=False,
                raise_if_empty=False,
                has_header=True,
                new_columns=[f"_column_{i}" for i in range(width)],
            )
        except pl.exceptions.PolarsError as exc:
            failure = exc
    whole = (
        frame is not None
        and not prepared.has_quotes
        and data.count(delimiter.encode()) == (width - 1) * (frame.height + 1)
    )
    if not whole:
        for number, count in _field_counts(prepared, width):
            report.add(textfiles.field_count_problem(report.file, number, width, count))
    if not report.ok:
        return None
    if frame is None or frame.width != width:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("CSV niet te lezen ({reason})", reason=str(failure).split("\n")[0][:120]),
                report.file,
                expected=_("CSV-tekst"),
            )
        )
        return None
    if frame.height > max_rows:
        too_many_rows(report, max_rows, frame.height)
        return None
    return _without_empty_columns(frame, header, named, report)


def too_many_rows(report: Report, limit: int, found: int) -> None:
    report.add(
        Problem(
            Code.TOO_MANY_ROWS,
            _("meer rijen dan de grens van {n}", n=limit),
            report.file,
            expected=_("ten hoogste {n} rijen (TECHNIEKPACT_MAX_IMPORT_ROWS)", n=limit),
            found=_("{n} rijen", n=found),
        )
    )


def _without_empty_columns(
    frame: pl.DataFrame, header: list[str], named: int, report: Report
) -> pl.DataFrame | None:
    """The frame with the header's names, Excel's trailing unnamed and empty columns dropped."""
    trailing = frame.columns[named:]
    if trailing:
        filled = frame.select(
            pl.int_range(2, frame.height + 2).alias("row"),
            *((pl.col(c).fill_null("").str.strip_chars() != "").alias(c) for c in trailing),
        )
        for index, column in enumerate(trailing, start=named):
            rows = filled.filter(pl.col(column)).get_column("row")
            if rows.len():
                row = int(rows[0])
                report.add(
                    Problem(
                        Code.FIELD_COUNT,
                        _("waarde in een kolom zonder kopnaam"),
                        report.file,
                        row=row,
                        column=csvquotes.column_name(header, index),
                        expected=_("een lege cel, of een kopnaam boven de kolom"),
                        found=frame.get_column(column)[row - 2],
                    )
                )
        if not report.ok:
            return None
    names = header[:named]
    return frame.select(frame.columns[:named]).rename(dict(zip(frame.columns, names, strict=False)))


def _field_counts(prepared: textfiles.CsvText, width: int) -> Iterator[tuple[int, int]]:
    """(row, number of fields) for every data row whose count differs from the header's.

    Without quote characters a row's fields are its delimiters plus one: polars splits the
    lines and counts the delimiters in native code, one line per row, blank lines included
    (as nulls), so row numbers stay exact. With quotes the csv module reads the rows properly.
    """
    data, delimiter = prepared.data, prepared.delimiter
    if not prepared.has_quotes and UNIT_SEPARATOR not in data:
        lines = pl.read_csv(
            data,
            has_header=False,
            separator=UNIT_SEPARATOR.decode(),
            quote_char=None,
            new_columns=["line"],
            infer_schema=False,
            raise_if_empty=False,
        )
        line = pl.col("line")
        count = (
            pl.when(line.is_null())
            .then(0)
            .otherwise(line.str.count_matches(delimiter, literal=True) + 1)
        )
        wrong = (
            lines.with_row_index("row", offset=1)
            .select("row", count.alias("count"))
            .filter((pl.col("row") > 1) & (pl.col("count") != width))
        )
        yield from wrong.iter_rows()
        return
    for number, fields in textfiles.csv_records(prepared):
        if len(fields) != width:
            yield number, len(fields)
