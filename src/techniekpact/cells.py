"""Spreadsheet cells that stay text: every CSV the project writes goes through `CsvWriter`.

A stored text such as a note `=HYPERLINK("http://evil","x")` becomes a live formula when a
download is opened in Excel or LibreOffice (CSV injection). OWASP's advice is followed: a text
cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in front
(the spreadsheet's own mark for "this is text") and is written between double quotes. Only text
is touched: numbers are written as numbers, so a negative value stays -3.5.

The quote is reversible. Text that already starts with quotes before such a character gets one
more, so `restore` (used by the importer on every text column) takes exactly one off and
`techniekpact export` followed by `techniekpact import` changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import IO, Any, TypeVar

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# quotes (ours or an earlier export's) followed by a character a spreadsheet starts a formula on
_NEEDS_QUOTE = re.compile("^'*[=+\\-@\t\r]")
# the same with at least one quote: the form `neutralise` writes, as a regular expression that
# both Python and polars (Rust's regex) read
RESTORABLE = "^'('*[=+\\-@\t\r])"

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """The cell as it is safe to write: text that a spreadsheet would run gets a leading quote.

    Anything that is not text (numbers, None, booleans) is returned unchanged, so a caller
    neutralises the typed value before it formats numbers as text.
    """
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text `neutralise` was given: one protective quote taken off, nothing else."""
    return re.sub(RESTORABLE, r"\1", text, count=1)


class CsvWriter:
    """`csv.writer` for rows of typed cells: text is neutralised, a neutralised cell quoted.

    The csv module quotes a whole row or only where a delimiter, quote or line break needs it;
    quoting just the neutralised cells (OWASP) takes a second writer for those rows, which are
    rare, so a million-row export keeps the speed of `csv.writer`.
    """

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._plain = csv.writer(out, lineterminator="\n")
        self._field = io.StringIO()
        self._quoted = csv.writer(self._field, lineterminator="", quoting=csv.QUOTE_ALL)
        self._minimal = csv.writer(self._field, lineterminator="")

    def writerow(self, cells: Iterable[object]) -> None:
        row = list(cells)
        safe = [neutralise(cell) for cell in row]
        if all(a is b for a, b in zip(safe, row, strict=True)):
            self._plain.writerow(row)
            return
        fields = [
            self._one(cell, self._minimal if cell is original else self._quoted)
            for cell, original in zip(safe, row, strict=True)
        ]
        self._out.write(",".join(fields) + "\n")

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)

    def _one(self, cell: object, writer: Any) -> str:
        if cell is None or cell == "":
            return ""  # the csv module writes a lone empty field as "" (a row of its own)
        self._field.seek(0)
        self._field.truncate()
        writer.writerow([cell])
        return self._field.getvalue()
