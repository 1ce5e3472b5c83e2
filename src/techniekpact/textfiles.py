"""Text import files as spreadsheets and editors write them: one reader for every CSV import.

The figures importer, the schemes catalogue and the `progress` series file all read CSV; they
share these rules so that a hostile or damaged file ends in a positioned problem, never in a
traceback or a silently changed value:

* Size: a file past the limit (TECHNIEKPACT_MAX_IMPORT_BYTES) is refused before it is read.
* Encoding: UTF-8 (with or without BOM), UTF-16 with BOM, otherwise Windows-1252 for the whole
  file. A file that holds UTF-8 *and* bytes that are not UTF-8 is refused at its first bad byte:
  guessing per line would turn one of the two halves into mojibake without anyone noticing.
* A NUL byte is refused with its row and column (in the first 4 KB it marks a binary file).
  A byte-order mark (U+FEFF) inside the header is dropped (it is invisible and never part of a
  column name); one in a data row is refused, with its position.
* Structure: Excel's `sep=;` first line is honoured (and is not a row: the header stays row 1,
  as Excel shows it); classic Mac line ends (CR only) are read as line ends; a quote inside an
  unquoted field, text after a closing quote, and a quote that never closes or swallows the
  following rows are refused at the row where the quote opened. Quoted fields may be of any
  length (the csv module's 128 KB field limit does not apply).

Row numbers are spreadsheet rows (records): the header is row 1; a quoted field that spans
lines is one row, as Excel shows it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from techniekpact.csvquotes import (
    Positions,
    check_quotes,
    split_header,
    unlimited_fields,
)
from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report

DELIMITERS = (";", ",", "\t", "|")
# how far to look for the NUL bytes that mark a binary file rather than damaged text
BINARY_PROBE = 4096
UTF8_BOM = b"\xef\xbb\xbf"
# a well-formed multi-byte UTF-8 sequence: Windows-1252 text almost never contains one
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_SEP_LINE = re.compile(rb"sep=(.)\r?(\n|\r|$)", re.IGNORECASE)


def _looks_binary(data: bytes) -> bool:
    """A zip (an Excel file) or many NUL bytes early on (UTF-16 without BOM, an image, ...).

    One or a few NULs in text are damage, reported with their row and column further on."""
    return data.startswith(b"PK\x03\x04") or data[:BINARY_PROBE].count(b"\x00") > 4


def read_limited(path: Path, limit: int, report: Report) -> bytes | None:
    """The file's bytes, or None (with a problem) when it is larger than `limit` bytes.

    At most one byte past the limit is read, so a file that grows while it is read (or a device
    that never ends) is bounded too. A missing file is the caller's to report."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        report.add(
            Problem(
                Code.FILE_TOO_LARGE,
                _("bestand groter dan de grens van {n} bytes", n=limit),
                report.file,
                expected=_("ten hoogste {n} bytes (TECHNIEKPACT_MAX_IMPORT_BYTES)", n=limit),
                found=_("meer dan {n} bytes", n=limit),
            )
        )
        return None
    return data


@dataclass
class CsvText:
    """A CSV file made ready for a parser: UTF-8 bytes, LF or CRLF line ends, no `sep=` line,
    no BOM, its quotes checked; `header` as the file wrote it (U+FEFF removed)."""

    data: bytes
    delimiter: str
    header: list[str]
    has_quotes: bool


def prepare_csv(data: bytes, report: Report, *, one_column: bool = False) -> CsvText | None:
    """Check encoding and structure; None (with every problem in `report`) when unreadable.

    A header without any delimiter is refused unless `one_column` (then `,` is assumed)."""
    name = report.file
    if not data or data.isspace():
        report.add(Problem(Code.EMPTY_FILE, _("het bestand is leeg"), name))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            report.add(_encoding_problem(data, exc.start, name, "UTF-16"))
            return None
    elif data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if _looks_binary(data):
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
    delimiter = None
    if (sep := _SEP_LINE.match(data)) is not None:
        delimiter = sep.group(1).decode("latin-1")
        data = data[sep.end() :]
        if delimiter not in DELIMITERS:
            report.add(
                Problem(
                    Code.NOT_TABULAR,
                    _("onbekend scheidingsteken in de regel sep="),
                    name,
                    row=1,
                    expected=" ".join(repr(d) for d in DELIMITERS),
                    found=delimiter,
                )
            )
            return None
        report.notes.append(_("eerste regel sep={delimiter} gevolgd", delimiter=delimiter))
    if b"\r" in data and b"\n" not in data:
        data = data.replace(b"\r", b"\n")
        report.notes.append(_("regeleinden CR (oude Mac) gelezen als regeleinden"))
    data = _without_trailing_blank_lines(data)
    if not data:
        report.add(Problem(Code.EMPTY_FILE, _("het bestand is leeg"), name))
        return None
    end = data.find(b"\n")
    header_bytes = (data if end < 0 else data[:end]).rstrip(b"\r")
    header_text = header_bytes.decode("utf-8", "replace").replace("\ufeff", "")
    delimiter = delimiter or sniff_delimiter(header_text) or ("," if one_column else None)
    if delimiter is None:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("geen kolommen gevonden in de kopregel"),
                name,
                row=1,
                expected=_("kolommen gescheiden door ; of ,"),
                found=header_text[:80],
            )
        )
        return None
    has_quotes = b'"' in data
    positions = Positions(data, delimiter, [])
    if has_quotes and not data.isascii():
        # the quoted spans only, to position an encoding problem; quotes are judged on the text
        positions.spans = check_quotes(data, delimiter, Report(file=name))
    decoded = _decoded(data, positions, report)
    if decoded is None:
        return None
    data = positions.data = _composed(decoded, report)
    if has_quotes:
        positions.spans = check_quotes(data, delimiter, report)
        if not report.ok:
            return None
    if (nul := data.find(b"\x00")) >= 0:
        row, column = positions.at(nul)
        report.add(
            Problem(
                Code.NUL_BYTE,
                _("NUL-teken (byte 0) in de tekst"),
                name,
                row=row,
                column=column,
                expected=_("tekst zonder NUL-tekens"),
                found="NUL (0x00)",
            )
        )
        return None
    header_end = data.find(b"\n")
    header_end = len(data) if header_end < 0 else header_end
    if UTF8_BOM in data[:header_end]:
        data = data[:header_end].replace(UTF8_BOM, b"") + data[header_end:]
        positions.data = data
        if has_quotes:
            positions.spans = check_quotes(data, delimiter, report)
        report.notes.append(_("byte-order mark (U+FEFF) in de kopregel genegeerd"))
    if (bom := data.find(UTF8_BOM)) >= 0:
        row, column = positions.at(bom)
        report.add(
            Problem(
                Code.ENCODING,
                _("onzichtbaar teken U+FEFF (byte-order mark) midden in het bestand"),
                name,
                row=row,
                column=column,
                expected=_("tekst zonder U+FEFF"),
                found="U+FEFF",
            )
        )
        return None
    header = split_header(data, delimiter)
    return CsvText(data, delimiter, header, has_quotes)


def sniff_delimiter(header: str) -> str | None:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def csv_records(prepared: CsvText) -> Iterator[tuple[int, list[str]]]:
    """(row, fields) of every row after the header, read with the csv module."""
    text = prepared.data.decode("utf-8")
    with unlimited_fields():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=prepared.delimiter)
        next(reader, None)
        yield from enumerate(reader, start=2)


def read_rows(data: bytes, report: Report) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (row, {column: value}) of a small CSV file; rows of the wrong width reported.

    For the schemes catalogue and other files read record by record (the figures importer reads
    with polars instead, see monitor/importers/reading.py)."""
    prepared = prepare_csv(data, report, one_column=True)
    if prepared is None:
        return [], []
    header = [name.strip() for name in prepared.header]
    width = len(header)
    rows = []
    for number, fields in csv_records(prepared):
        if len(fields) != width:
            report.add(field_count_problem(report.file, number, width, len(fields)))
            continue
        rows.append((number, dict(zip(header, fields, strict=True))))
    return header, rows


def field_count_problem(file: str, row: int, width: int, count: int) -> Problem:
    return Problem(
        Code.FIELD_COUNT,
        _("lege rij")
        if not count
        else _("te weinig velden in deze rij")
        if count < width
        else _("te veel velden in deze rij"),
        file,
        row=row,
        expected=_("{n} velden", n=width),
        found=_("{n} velden", n=count),
    )


def _without_trailing_blank_lines(data: bytes) -> bytes:
    """Drop blank lines at the end; the file itself (no copy) when it ends in one line end."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return data if data[end:] in (b"", b"\n", b"\r\n") else data[:end]


def _decoded(data: bytes, positions: Positions, report: Report) -> bytes | None:
    """UTF-8 bytes of the file: itself when it is UTF-8, else read as Windows-1252 (noted)."""
    if data.isascii():
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    else:
        return data
    if (utf8 := _UTF8_SEQUENCE.search(data)) is not None:
        row, column = positions.at(bad)
        utf8_row, _utf8_column = positions.at(utf8.start())
        report.add(
            Problem(
                Code.MIXED_ENCODING,
                _(
                    "UTF-8 (rij {utf8_row}) en Windows-1252 (rij {row}) door elkaar; sla het "
                    "bestand op in één codering",
                    utf8_row=utf8_row,
                    row=row,
                ),
                report.file,
                row=row,
                column=column,
                expected=_("één codering: UTF-8 of Windows-1252"),
                found=data[bad : bad + 4].hex(" "),
            )
        )
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        row, column = positions.at(exc.start)
        report.add(
            Problem(
                Code.ENCODING,
                _("onleesbare tekens (byte {start})", start=exc.start),
                report.file,
                row=row,
                column=column,
                expected=_("UTF-8 of Windows-1252"),
                found=data[exc.start : exc.start + 4].hex(" "),
            )
        )
        return None
    report.notes.append(_("gelezen als Windows-1252 (geen geldige UTF-8)"))
    return text.encode("utf-8")


def _composed(data: bytes, report: Report) -> bytes:
    """The text in Unicode's composed form (NFC): a Mac writes `â` as `a` plus a combining
    accent, which looks the same but would not match the code list's `Fryslân`."""
    if data.isascii():
        return data
    text = data.decode("utf-8")
    if unicodedata.is_normalized("NFC", text):
        return data
    report.notes.append(_("tekens met losse accenten samengevoegd (Unicode NFC)"))
    return unicodedata.normalize("NFC", text).encode("utf-8")


def _encoding_problem(data: bytes, start: int, name: str, expected: str) -> Problem:
    return Problem(
        Code.ENCODING,
        _("onleesbare tekens (byte {start})", start=start),
        name,
        row=data.count(b"\n", 0, start) + 1,
        expected=expected,
        found=data[start : start + 4].hex(" "),
    )
