"""Hostile workbooks: real .xlsx files made with openpyxl, then changed at the zip level where
an attack lives below what openpyxl writes (a stale <dimension>, an entity bomb, an external
entity, a sheet that expands to millions of rows)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.hostile.corpus import case, write
from tests.hostile.corpus_csv import COUNT, HEADER, SHARE, URL

Cell = Any


def workbook(
    d: Path,
    name: str,
    rows: list[list[Cell]],
    formats: dict[str, str] | None = None,
    sheets: list[tuple[str, list[list[Cell]], bool]] | None = None,
) -> Path:
    """A workbook with HEADER and `rows` on its first sheet (or the given sheets: title, rows,
    hidden); `formats` maps a cell ('C2') to its number format."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, body, hidden in sheets or [("Cijfers", [HEADER, *rows], False)]:
        sheet = book.create_sheet(title)
        for row in body:
            sheet.append(row)
        if hidden:
            sheet.sheet_state = "hidden"
    first = book.worksheets[0]
    for ref, fmt in (formats or {}).items():
        first[ref].number_format = fmt
    for sheet in book.worksheets:
        if sheet.sheet_state == "visible":
            book.active = book.worksheets.index(sheet)
            break
    path = d / name
    book.save(path)
    return path


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Replace one part of the zip with `change(part)`, keeping every other part as it was."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    # a part that is not there would leave the workbook harmless and the case meaningless
    assert part in [info.filename for info, _ in parts], f"{path.name} has no part {part}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(data) if info.filename == part else data)
    return path


def share_row(value: Cell, period: str = "2024/25", note: str = "") -> list[Cell]:
    return [SHARE, period, value, URL, "PV20", note or None]


def count_row(value: Cell, period: str = "2024", note: str = "") -> list[Cell]:
    return [COUNT, period, value, URL, "PV20", note or None]


def xlsx_case(name: str, rows: list[list[Cell]], formats: dict[str, str] | None = None) -> None:
    case(name)(lambda d: workbook(d, f"{name}.xlsx", rows, formats))


xlsx_case("xlsx_typed_numbers", [share_row(12.5), count_row(1234, "2024")])
xlsx_case("xlsx_typed_1234_beside_dutch_text", [count_row(1.234), count_row("12,5", "2025")])
xlsx_case(
    "xlsx_float_noise",
    [share_row(10.1 + 20.2), count_row(0.1 + 0.2)],
    {"C2": "0.0", "C3": "General"},
)
xlsx_case(
    "xlsx_percent_cells", [share_row(0.29), share_row(0.276, "2025/26")], {"C2": "0%", "C3": "0.0%"}
)
xlsx_case("xlsx_percent_on_count", [count_row(0.5)], {"C2": "0%"})
xlsx_case("xlsx_date_in_period", [[SHARE, datetime(2024, 9, 1), 12.5, URL, "PV20", None]])
xlsx_case("xlsx_bool_value", [count_row(True)])
xlsx_case("xlsx_c1_control_in_note", [share_row(12.5, note="next\u0085line")])
xlsx_case("xlsx_typed_year_period", [[COUNT, 2024, 120, URL, "PV20", None]])


@case("xlsx_fullwidth_edition_column")
def _(d: Path) -> Path:
    header = ["indicator", "period", "value", "source_url", "source_edition", "region"]
    body = [header, [SHARE, "2024/25", 12.5, URL, "２０２６", "PV20"]]
    return workbook(d, "xlsx_fullwidth_edition_column.xlsx", [], sheets=[("Cijfers", body, False)])


@case("xlsx_formula_without_value")
def _(d: Path) -> Path:
    return workbook(d, "formule.xlsx", [count_row("=1+1")])


@case("xlsx_error_cell")
def _(d: Path) -> Path:
    path = workbook(d, "fout.xlsx", [count_row(7)])
    return rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(
            rb'<c r="C2"( [^>]*)?><v>7</v></c>', b'<c r="C2" t="e"><v>#DIV/0!</v></c>', x
        ),
    )


@case("xlsx_typed_inf")
def _(d: Path) -> Path:
    path = workbook(d, "oneindig.xlsx", [count_row(7)])
    return rewrite(
        path, "xl/worksheets/sheet1.xml", lambda x: x.replace(b"<v>7</v>", b"<v>inf</v>")
    )


@case("xlsx_stale_dimension")
def _(d: Path) -> Path:
    rows = [share_row(10.5 + i, f"{2020 + i}/{21 + i}") for i in range(6)]
    path = workbook(d, "dimensie.xlsx", rows)
    return rewrite(
        path,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:F2"/>', x),
    )


@case("xlsx_hidden_first_sheet")
def _(d: Path) -> Path:
    hidden = [HEADER, share_row(99.5)]
    shown = [HEADER, share_row(12.5)]
    return workbook(
        d, "verborgen.xlsx", [], sheets=[("Oud", hidden, True), ("Cijfers", shown, False)]
    )


@case("xlsx_header_below_blank_rows")
def _(d: Path) -> Path:
    body = [[None], [None], HEADER, share_row(12.5)]
    return workbook(d, "lege-rijen.xlsx", [], sheets=[("Cijfers", body, False)])


# openpyxl writes text cells inline, in the sheet itself (no xl/sharedStrings.xml)
SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def _with_doctype(doctype: bytes, entity: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
        assert b"<t>toelichting</t>" in body, "the note cell is not in this part"
        body = body.replace(b"<t>toelichting</t>", b"<t>" + entity + b"</t>", 1)
        return doctype + body

    return change


@case("xlsx_entity_bomb")
def _(d: Path) -> Path:
    path = workbook(d, "bom.xlsx", [share_row(12.5, note="toelichting")])
    return rewrite(path, SHEET, _with_doctype(LAUGHS, b"&lol9;"))


@case("xlsx_external_entity")
def _(d: Path) -> Path:
    doctype = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    path = workbook(d, "xxe.xlsx", [share_row(12.5, note="toelichting")])
    return rewrite(path, SHEET, _with_doctype(doctype, b"&xxe;"))


BOMB_ROWS = 3_000_000


@case("xlsx_zip_bomb_rows")
def _(d: Path) -> Path:
    """A sheet of 3 million rows (300 MB of XML) in a zip of a few hundred KB."""
    path = workbook(d, "miljoenen.xlsx", [share_row(12.5)])
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info, data in parts:
            if info.filename != sheet:
                target.writestr(info, data)
                continue
            head, rest = data.split(b"<sheetData>", 1)
            rows, tail = rest.split(b"</sheetData>", 1)
            header_row, body_row = re.findall(rb"<row .*?</row>", rows)
            body_row = re.sub(rb' r="[A-Z]*\d+"', b"", body_row)  # rows without numbers
            head = re.sub(rb"<dimension [^>]*/>", b"", head)
            entry = zipfile.ZipInfo(sheet)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with target.open(entry, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>" + header_row)
                chunk = body_row * 10_000
                for _ in range(BOMB_ROWS // 10_000):
                    out.write(chunk)
                out.write(b"</sheetData>" + tail)
    return path


case("xlsx_not_a_zip")(lambda d: write(d, "tekst.xlsx", b"indicator;period;value\n"))


@case("xlsx_truncated")
def _(d: Path) -> Path:
    path = workbook(d, "half.xlsx", [share_row(12.5)])
    data = path.read_bytes()
    return write(d, "half.xlsx", data[: len(data) // 2])


@case("xlsx_named_csv")
def _(d: Path) -> Path:
    path = workbook(d, "werkmap.xlsx", [share_row(12.5)])
    return write(d, "werkmap.csv", path.read_bytes())
