"""From bytes to a table of strings: encodings, delimiters and ragged rows, as Excel makes them.

Dutch Excel writes semicolon-separated CSV in Windows-1252 or UTF-8 with a byte-order mark.
We read UTF-8 (with or without BOM) and UTF-16 with BOM exactly; bytes that are not UTF-8 are read
as Windows-1252 and the report says so. Every cell stays a string here: numbers are read later,
with the file's decimal convention in view.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import polars as pl

from techniekpact.i18n import _
from techniekpact.monitor.validation import Code, Problem, Report

DELIMITERS = (";", ",", "\t", "|")


def decode(data: bytes, report: Report) -> str | None:
    name = report.file
    if _blank(data):
        report.add(Problem(Code.EMPTY_FILE, _("het bestand is leeg"), name))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            report.add(_encoding_problem(data, exc, name, "UTF-16"))
            return None
    if data.startswith(b"PK\x03\x04") or b"\x00" in data[:4096]:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _(
                    "dit is geen tekstbestand (binair of een Excel-bestand); gebruik --format "
                    "xlsx voor Excel"
                ),
                name,
                expected=_("CSV-tekst"),
            )
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        report.add(_encoding_problem(data, exc, name, _("UTF-8 of Windows-1252")))
        return None
    report.notes.append(_("gelezen als Windows-1252 (geen geldige UTF-8)"))
    return text


def _encoding_problem(data: bytes, exc: UnicodeDecodeError, name: str, expected: str) -> Problem:
    row = data.count(b"\n", 0, exc.start) + 1
    return Problem(
        Code.ENCODING,
        _("onleesbare tekens (byte {start})", start=exc.start),
        name,
        row=row,
        expected=expected,
        found=data[exc.start : exc.start + 4].hex(" "),
    )


def sniff_delimiter(header: str) -> str | None:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def _blank(data: bytes) -> bool:
    """Empty or only whitespace; stops at the first other byte instead of copying the file."""
    return not data or data.isspace()


def to_utf8(data: bytes, report: Report) -> bytes | None:
    """The file as UTF-8 bytes without BOM; the original object when it already is."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.isascii() and not _blank(data):  # ASCII is UTF-8; checked without decoding
        return data
    elif not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")  # validity check only; polars reads the bytes
        except UnicodeDecodeError:
            pass
        else:
            if not _blank(data):
                return data
    text = decode(data, report)
    return None if text is None else text.encode("utf-8")


# a control character no spreadsheet writes: splits a file into whole lines
UNIT_SEPARATOR = b"\x1f"


def read_csv_bytes(data: bytes, report: Report) -> pl.DataFrame | None:
    """Split UTF-8 CSV bytes into a frame of strings; report ragged rows by spreadsheet row."""
    data = _without_trailing_blank_lines(data)
    end = data.find(b"\n")
    header_line = (data if end < 0 else data[:end]).decode("utf-8").strip("\r")
    delimiter = sniff_delimiter(header_line)
    if delimiter is None:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("geen kolommen gevonden in de kopregel"),
                report.file,
                row=1,
                expected=_("kolommen gescheiden door ; of ,"),
                found=header_line[:80],
            )
        )
        return None
    report.notes.append(_("scheidingsteken {delimiter!r}", delimiter=delimiter))
    header_fields = next(csv.reader([header_line], delimiter=delimiter))
    width = len(header_fields)
    seen: set[str] = set()
    for name in header_fields:
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
            )
        except pl.exceptions.ComputeError as exc:
            failure = exc
    whole = (
        frame is not None
        and b'"' not in data
        and data.count(delimiter.encode()) == (width - 1) * (frame.height + 1)
    )
    if not whole:
        for number, count in _field_counts(data, delimiter, width):
            report.add(
                Problem(
                    Code.FIELD_COUNT,
                    _("lege rij")
                    if not count
                    else _("te weinig velden in deze rij")
                    if count < width
                    else _("te veel velden in deze rij"),
                    report.file,
                    row=number,
                    expected=_("{n} velden", n=width),
                    found=_("{n} velden", n=count),
                )
            )
    if not report.ok:
        return None
    if frame is None:
        raise failure or ValueError("CSV not read")
    return frame


def _without_trailing_blank_lines(data: bytes) -> bytes:
    """Drop blank lines at the end; the file itself (no copy) when it ends in one line end."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return data if data[end:] in (b"", b"\n", b"\r\n") else data[:end]


def _field_counts(data: bytes, delimiter: str, width: int) -> Iterator[tuple[int, int]]:
    """(row, number of fields) for every data row whose count differs from the header's.

    Without quote characters a row's fields are its delimiters plus one: polars splits the
    lines and counts the delimiters in native code, one line per row, blank lines included
    (as nulls), so row numbers stay exact. With quotes the csv module reads the rows properly.
    """
    if b'"' not in data and UNIT_SEPARATOR not in data:
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
    reader = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter)
    next(reader)
    for number, fields in enumerate(reader, start=2):
        if len(fields) != width:
            yield number, len(fields)
