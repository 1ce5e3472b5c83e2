"""The quotes and positions of a CSV file, worked out on its bytes (see `textfiles`).

Quotes decide where fields and rows end, so they are checked before any parser sees the file:
only the quote characters are visited. Positions turn a byte offset into the spreadsheet row
(a quoted field over several lines is one row) and the column name of the header.
"""

from __future__ import annotations

import bisect
import csv
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report

# a quoted field from its opening quote: doubled quotes inside, any length, line breaks allowed
_QUOTED = re.compile(rb'"[^"]*(?:""[^"]*)*"')


@contextmanager
def unlimited_fields() -> Iterator[None]:
    """Let the csv module read quoted fields of any length (its default stops at 128 KB)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def split_header(data: bytes, delimiter: str) -> list[str]:
    end = data.find(b"\n")
    line = (data if end < 0 else data[:end]).rstrip(b"\r").decode("utf-8", "replace")
    with unlimited_fields():
        return next(csv.reader([line], delimiter=delimiter), [])


@dataclass
class Positions:
    """Byte offset -> (spreadsheet row, column name), knowing which line ends are quoted."""

    data: bytes
    delimiter: str
    spans: list[tuple[int, int]]

    def at(self, offset: int) -> tuple[int, str]:
        data, starts = self.data, [span[0] for span in self.spans]
        # the record starts after the last line end before `offset` that is not quoted
        start = data.rfind(b"\n", 0, offset) + 1
        while (i := bisect.bisect_right(starts, start) - 1) >= 0 and self.spans[i][1] > start:
            start = data.rfind(b"\n", 0, self.spans[i][0]) + 1
        quoted = sum(data.count(b"\n", s, min(e, start)) for s, e in self.spans if s < start)
        row = data.count(b"\n", 0, start) - quoted + 1
        prefix = data[start:offset].decode("utf-8", "replace")
        with unlimited_fields():
            index = len(next(csv.reader([prefix + "x"], delimiter=self.delimiter), [""])) - 1
        return row, column_name(split_header(data, self.delimiter), index)


def column_name(header: list[str], index: int) -> str:
    """The header's name of field `index` (from 0), or 'kolom N' where the header has none."""
    name = header[index].replace("\ufeff", "").strip() if index < len(header) else ""
    return name or _("kolom {n}", n=index + 1)


def check_quotes(data: bytes, delimiter: str, report: Report) -> list[tuple[int, int]]:
    """Quoted spans (start, end) of the file; quote problems reported at the row they open.

    Only the quotes are visited, so a file with few quoted fields costs a few `find`s."""
    sep = delimiter.encode()
    header = split_header(data, delimiter)
    width = len(header)
    spans: list[tuple[int, int]] = []
    row, pos, record_start = 1, 0, 0
    quoted_seps = 0  # delimiters inside the quoted fields of the current record so far
    while (q := data.find(b'"', pos)) >= 0:
        breaks = data.count(b"\n", pos, q)
        if breaks:
            row += breaks
            record_start = data.rfind(b"\n", pos, q) + 1
            quoted_seps = 0
        column = column_name(header, data.count(sep, record_start, q) - quoted_seps)
        if q > record_start and data[q - 1 : q] not in (sep, b"\r"):
            report.add(_quote_problem(report.file, row, column, _stray_quote(), data, q, sep, q))
            pos = _next_line(data, q)  # one problem a row: its other quotes mean nothing now
            continue
        closed = _QUOTED.match(data, q)
        if closed is None:
            report.add(
                _quote_problem(report.file, row, column, _unclosed_quote(row), data, q, sep, -1)
            )
            break
        end = closed.end()
        lines = data[q:end].split(b"\n")
        after = data[end : end + 1]
        if len(lines) > 1 and (
            after not in (sep, b"\n", b"\r", b"")
            or any(line.count(sep) >= width - 1 for line in lines[1:])
        ):
            # the quote opened here closes somewhere in a later row: it swallowed those rows
            report.add(
                _quote_problem(report.file, row, column, _unclosed_quote(row), data, q, sep, -1)
            )
            break
        if after not in (sep, b"\n", b"\r", b""):
            report.add(_quote_problem(report.file, row, column, _after_quote(), data, q, sep, end))
            pos = _next_line(data, end)
            continue
        spans.append((q, end))
        quoted_seps += data.count(sep, q, end)
        pos = end
    return spans


def _next_line(data: bytes, offset: int) -> int:
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end


def _stray_quote() -> str:
    return _("aanhalingsteken midden in een veld")


def _after_quote() -> str:
    return _("tekst na het sluitende aanhalingsteken")


def _unclosed_quote(row: int) -> str:
    return _(
        "aanhalingsteken geopend in rij {row} wordt niet (op tijd) gesloten: de volgende "
        "rijen vallen erin",
        row=row,
    )


def _quote_problem(
    file: str, row: int, column: str, message: str, data: bytes, q: int, sep: bytes, field_end: int
) -> Problem:
    """`found` is the field as written: from its start to the delimiter after `field_end`, or
    to the end of the line (60 bytes at most)."""
    start = max(data.rfind(b"\n", 0, q), data.rfind(sep, 0, q)) + 1
    line_end = _next_line(data, q)
    stop = data.find(sep, field_end, line_end) if field_end >= 0 else -1
    end = min(line_end if stop < 0 else stop, start + 60)
    return Problem(
        Code.BAD_QUOTE,
        message,
        file,
        row=row,
        column=column,
        expected=_('een veld helemaal tussen aanhalingstekens, met "" voor een " erin'),
        found=data[start:end].rstrip(b"\r").decode("utf-8", "replace"),
    )
