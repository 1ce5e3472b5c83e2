"""From bytes to a table of strings: encodings, delimiters and ragged rows, as Excel makes them.

Dutch Excel writes semicolon-separated CSV in Windows-1252 or UTF-8 with a byte-order mark.
We read UTF-8 (with or without BOM) and UTF-16 with BOM exactly; bytes that are not UTF-8 are read
as Windows-1252 and the report says so. Every cell stays a string here: numbers are read later,
with the file's decimal convention in view.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from techniekpact.monitor.validation import Code, Problem, Report

DELIMITERS = (";", ",", "\t", "|")


def decode(data: bytes, report: Report) -> str | None:
    name = report.file
    if not data.strip():
        report.add(Problem(Code.EMPTY_FILE, "het bestand is leeg", name))
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
                "dit is geen tekstbestand (binair of een Excel-bestand); gebruik --format xlsx "
                "voor Excel",
                name,
                expected="CSV-tekst",
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
        report.add(_encoding_problem(data, exc, name, "UTF-8 of Windows-1252"))
        return None
    report.notes.append("gelezen als Windows-1252 (geen geldige UTF-8)")
    return text


def _encoding_problem(data: bytes, exc: UnicodeDecodeError, name: str, expected: str) -> Problem:
    row = data.count(b"\n", 0, exc.start) + 1
    return Problem(
        Code.ENCODING,
        f"onleesbare tekens (byte {exc.start})",
        name,
        row=row,
        expected=expected,
        found=data[exc.start : exc.start + 4].hex(" "),
    )


def sniff_delimiter(header: str) -> str | None:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def read_csv_text(text: str, report: Report) -> pl.DataFrame | None:
    """Split into a frame of strings; report ragged rows by spreadsheet row number."""
    text = text.strip("\r\n")
    header_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(header_line)
    if delimiter is None:
        report.add(
            Problem(
                Code.NOT_TABULAR,
                "geen kolommen gevonden in de kopregel",
                report.file,
                row=1,
                expected="kolommen gescheiden door ; of ,",
                found=header_line[:80],
            )
        )
        return None
    report.notes.append(f"scheidingsteken {delimiter!r}")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    width = len(header)
    seen: set[str] = set()
    for name in header:
        if name.strip().lower() in seen:
            report.add(
                Problem(
                    Code.DUPLICATE_COLUMN,
                    "dubbele kolomnaam",
                    report.file,
                    row=1,
                    column=name.strip(),
                )
            )
        seen.add(name.strip().lower())
    for number, fields in enumerate(reader, start=2):
        if len(fields) != width:
            what = "te weinig" if len(fields) < width else "te veel"
            report.add(
                Problem(
                    Code.FIELD_COUNT,
                    f"{what} velden in deze rij" if fields else "lege rij",
                    report.file,
                    row=number,
                    expected=f"{width} velden",
                    found=f"{len(fields)} velden",
                )
            )
    if not report.ok:
        return None
    frame = pl.read_csv(
        text.encode("utf-8"),
        separator=delimiter,
        infer_schema=False,
        empty_string_is_null=False,
        raise_if_empty=False,
        has_header=True,
    )
    return frame


def read_xlsx(path: Path, report: Report) -> pl.DataFrame | None:
    """First worksheet; typed cells become strings the same way a CSV export would write them."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-workbook
        report.add(
            Problem(
                Code.NOT_TABULAR,
                f"geen leesbaar Excel-bestand ({exc.__class__.__name__})",
                report.file,
                expected=".xlsx-werkmap",
            )
        )
        return None
    sheet = workbook.worksheets[0]
    rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    rows = [r for r in rows if any(c for c in r)]
    if not rows:
        report.add(Problem(Code.EMPTY_FILE, "het werkblad is leeg", report.file))
        return None
    header = rows[0]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        extra = [c for c in row[width:] if c]
        if extra:
            report.add(
                Problem(
                    Code.FIELD_COUNT,
                    "waarden buiten de kolommen van de kopregel",
                    report.file,
                    row=number,
                    expected=f"{width} kolommen",
                )
            )
        body.append((row + [""] * width)[:width])
    if not report.ok:
        return None
    columns = {name or f"kolom {i + 1}": [r[i] for r in body] for i, name in enumerate(header)}
    if len(columns) != width:
        report.add(Problem(Code.DUPLICATE_COLUMN, "dubbele kolomnaam", report.file, row=1))
        return None
    return pl.DataFrame(columns, schema={k: pl.String for k in columns})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # type: ignore[attr-defined]
    return str(value).strip()
