"""Hostile and unusual workbooks end in the right value or a positioned refusal, never a traceback.

Each workbook is a real .xlsx written by openpyxl and, where an attack needs it, changed at the
zip level afterwards (openpyxl itself never writes a stale dimension, an entity or a bomb).
Every refusal leaves the database as it was; run with TECHNIEKPACT_TEST_POSTGRES_URL for
PostgreSQL.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from techniekpact.monitor.importers import ReadOptions, parse_file
from techniekpact.monitor.importers.archive import EXCEL_MAX_ROWS, WorkbookLimits
from techniekpact.monitor.store import load_catalogue
from techniekpact.problems import ImportRejected
from tests.monitor.test_import import URL, current, fingerprint, run_import

SHARE = "mbo_beta_share_intake"  # %, school years, stored figures 27-29
COUNT = "mbo_beta_count_intake"
SHEET = "xl/worksheets/sheet1.xml"


def book(path: Path, rows: list[list[object]], formats: dict[int, str] | None = None) -> Path:
    """A workbook with the header indicator, period, value, source_url and these rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cijfers"
    sheet.append(["indicator", "period", "value", "source_url"])
    for row in rows:
        sheet.append(row)
        if formats and sheet.max_row in formats:
            sheet.cell(row=sheet.max_row, column=3).number_format = formats[sheet.max_row]
    workbook.save(path)
    return path


def rewrite(path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """Replace one part of the zip with `change(part)`; every other part is copied as is."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, change(data) if info.filename == part else data)
    return path


def refused(factory, path: Path, **options: object) -> ImportRejected:  # type: ignore[no-untyped-def]
    """Import, expect a refusal, and check that nothing changed."""
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path, **options)
    assert fingerprint(factory) == before
    return err.value


def parse(factory, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with factory() as session:
        return parse_file(path, load_catalogue(session), **options)  # type: ignore[arg-type]


def test_stale_dimension_drops_no_row_or_column(factory, tmp_path: Path) -> None:
    rows = [[SHARE, f"{2030 + i}/{31 + i}", 25.5 + i, URL] for i in range(5)]
    path = book(tmp_path / "stale.xlsx", rows)
    # an editing tool left the declared size at two rows and three columns (no source_url)
    rewrite(
        path, SHEET, lambda xml: xml.replace(b'<dimension ref="A1:D6"', b'<dimension ref="A1:C2"')
    )
    # the file really is stale: openpyxl's read-only mode trusting it sees two rows of three
    trusting = load_workbook(path, read_only=True).worksheets[0]
    assert [len(r) for r in trusting.iter_rows(values_only=True)] == [3, 3]
    summary = run_import(factory, path)
    assert summary.new == 5
    for i in range(5):
        assert current(factory, SHARE, f"{2030 + i}/{31 + i}") == [(25.5 + i, True, "")]


def test_rows_keep_their_sheet_numbers_across_blank_rows(factory, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "period", "value", "source_url"])
    sheet.append([SHARE, "2030/31", 28, URL])
    sheet.append([])  # row 3 left blank, as editors do
    sheet.append([])
    sheet.append([SHARE, "2031/32", "veel", URL])  # row 5
    path = tmp_path / "gaten.xlsx"
    workbook.save(path)
    (problem,) = refused(factory, path).report.problems
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "not-a-number",
        5,
        "value",
        "veel",
    )


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def test_entity_bomb_in_a_sheet_is_refused(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "bom.xlsx", [[SHARE, "2030/31", 28, URL]])
    rewrite(path, SHEET, lambda xml: BOMB + xml.replace(b"<t>2030/31</t>", b"<t>&lol9;</t>"))
    started = time.monotonic()
    (problem,) = refused(factory, path).report.problems
    assert time.monotonic() - started < 30
    assert problem.code == "unsafe-xml"
    assert problem.found == SHEET
    assert str(problem).startswith(f"bom.xlsx: onderdeel {SHEET} definieert de XML-entiteit")
    assert "entiteitenbom" in problem.message and "geweigerd" in problem.message
    assert problem.expected == "XML zonder entiteiten"


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "[Content_Types].xml"])
def test_external_entity_is_refused_and_never_read(factory, tmp_path: Path, part: str) -> None:
    secret = tmp_path / "geheim.txt"
    secret.write_text("wachtwoord", encoding="utf-8")
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "%s">]>' % secret.as_uri().encode()
    )
    path = book(tmp_path / "xxe.xlsx", [[SHARE, "2030/31", 28, URL]])
    if part == SHEET:
        rewrite(path, part, lambda xml: xxe + xml.replace(b"<t>2030/31</t>", b"<t>&xxe;</t>"))
    else:
        rewrite(path, part, lambda xml: xxe + xml.split(b"?>", 1)[-1])
    (problem,) = refused(factory, path).report.problems
    assert (problem.code, problem.found) == ("unsafe-xml", part)
    assert f"verwijst naar een externe bron '{secret.as_uri()}' (XXE)" in problem.message
    assert "wachtwoord" not in str(problem)


def _sheet_of_rows(count: int) -> bytes:
    row = b"<row><c><v>1</v></c></row>"
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * count + b"</sheetData></worksheet>"
    )


def test_sheet_of_a_million_rows_is_refused_fast_and_small(
    factory, database_url: str, tmp_path: Path
) -> None:
    path = book(tmp_path / "rijen.xlsx", [[SHARE, "2030/31", 28, URL]])
    # more rows than Excel allows, a few hundred kilobytes zipped
    rewrite(path, SHEET, lambda xml: _sheet_of_rows(EXCEL_MAX_ROWS + 10))
    assert path.stat().st_size < 1_000_000
    before = fingerprint(factory)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": "C.UTF-8", "TECHNIEKPACT_DATABASE_URL": database_url}
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "techniekpact", "import", str(path), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    output = child.stdout.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - started
    assert os.waitstatus_to_exitcode(status) == 1
    # CPU seconds, not wall time (a shared machine stretches the latter): about 5 s unloaded,
    # where openpyxl alone needs minutes of CPU for these rows
    assert usage.ru_utime + usage.ru_stime < 40, elapsed
    assert usage.ru_maxrss < 600 * 1024  # kilobytes: the whole process, Python and polars too
    (problem,) = json.loads(output)["problems"]
    assert problem["code"] == "too-many-rows"
    assert problem["message"] == f"werkblad {SHEET} heeft meer dan {EXCEL_MAX_ROWS} rijen"
    assert problem["expected"] == f"hoogstens {EXCEL_MAX_ROWS} rijen"
    assert fingerprint(factory) == before


def test_row_limit_is_a_setting(factory, tmp_path: Path) -> None:
    rows = [[SHARE, f"{2030 + i}/{31 + i}", 28, URL] for i in range(5)]
    path = book(tmp_path / "vijf.xlsx", rows)
    options = ReadOptions(limits=WorkbookLimits(max_rows=4))
    (problem,) = refused(factory, path, options=options).report.problems
    assert (problem.code, problem.message) == (
        "too-many-rows",
        f"werkblad {SHEET} heeft meer dan 4 rijen",
    )
    assert (
        run_import(factory, path, options=ReadOptions(limits=WorkbookLimits(max_rows=6))).new == 5
    )


def test_declared_size_past_the_limit_is_refused_before_reading(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "groot.xlsx", [[SHARE, "2030/31", 28, URL]])
    rewrite(
        path, SHEET, lambda xml: xml.replace(b"</worksheet>", b" " * 3_000_000 + b"</worksheet>")
    )
    options = ReadOptions(limits=WorkbookLimits(max_bytes=2 * 1024 * 1024))
    (problem,) = refused(factory, path, options=options).report.problems
    assert problem.code == "file-too-large"
    assert problem.message == "de werkmap is uitgepakt groter dan 2 MB (opgegeven in de zip)"
    assert problem.expected == "hoogstens 2 MB uitgepakt"


def _lie_about_size(path: Path, part: str, size: int) -> None:
    """Write a smaller uncompressed size for `part` into the zip's central directory."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # the part's central directory entry
    assert data[at + 46 : at + 46 + len(name)] == name
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


def test_zip_that_lies_about_its_size_is_not_read_past_it(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "liegt.xlsx", [[SHARE, "2030/31", 28, URL]])
    rewrite(path, SHEET, lambda xml: _sheet_of_rows(3_000_000))  # 78 MB unzipped
    _lie_about_size(path, SHEET, 1000)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 20_000
    started = time.monotonic()
    (problem,) = refused(factory, path).report.problems
    assert time.monotonic() - started < 30
    assert problem.code == "not-tabular"
    assert problem.message.startswith(f"geen leesbaar Excel-bestand (onderdeel {SHEET}): ")
    assert "CRC" in problem.message  # read up to the declared size, then found wrong


def test_hidden_first_sheet_is_skipped_and_the_sheet_read_is_named(factory, tmp_path: Path) -> None:
    workbook = Workbook()
    codes = workbook.active
    codes.title = "Codes"
    codes.append(["code", "omschrijving"])
    codes.sheet_state = "hidden"
    figures = workbook.create_sheet("Cijfers")
    figures.append(["indicator", "period", "value", "source_url"])
    figures.append([SHARE, "2030/31", 28.5, URL])
    notes = workbook.create_sheet("Toelichting")
    notes.append(["zie de bron"])
    path = tmp_path / "verborgen.xlsx"
    workbook.save(path)
    parsed = parse(factory, path)
    assert parsed.report.notes == [
        "werkblad 'Cijfers' gelezen (verborgen werkblad 'Codes' overgeslagen); de werkmap heeft "
        "2 zichtbare werkbladen ('Cijfers', 'Toelichting'): kies een ander met --sheet"
    ]
    assert run_import(factory, path).new == 1
    assert current(factory, SHARE, "2030/31") == [(28.5, True, "")]
    # the hidden sheet when asked for by name (it is no figure table); an unknown name refused
    err = refused(factory, path, options=ReadOptions(sheet="Codes"))
    assert {p.code for p in err.report.problems} >= {"unknown-column", "missing-column"}
    (problem,) = refused(factory, path, options=ReadOptions(sheet="Data")).report.problems
    assert (problem.code, problem.message, problem.found) == (
        "unknown-sheet",
        "geen werkblad met de naam 'Data'",
        "Data",
    )
    assert problem.expected == "'Codes', 'Cijfers', 'Toelichting'"


def test_sheet_option_and_note_on_the_command_line(cli, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Leeg"
    figures = workbook.create_sheet("Cijfers")
    figures.append(["indicator", "period", "value", "source_url"])
    figures.append([SHARE, "2030/31", 28.5, URL])
    path = tmp_path / "twee.xlsx"
    workbook.save(path)
    result = cli("import", str(path), "--sheet", "Cijfers")
    assert result.returncode == 0, result.stderr
    assert "twee.xlsx: werkblad 'Cijfers' gelezen" in result.stderr
    assert "1 nieuw" in result.stdout
    english = cli("--lang", "en", "import", str(path), "--sheet", "Data")
    assert english.returncode == 1
    assert "twee.xlsx: no worksheet named 'Data' [unknown-sheet]" in english.stderr


def test_workbook_without_a_visible_sheet_is_refused(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "onzichtbaar.xlsx", [[SHARE, "2030/31", 28, URL]])
    rewrite(path, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible"', b'state="hidden"'))
    (problem,) = refused(factory, path).report.problems
    assert (problem.code, problem.message) == (
        "not-tabular",
        "de werkmap heeft geen zichtbaar werkblad",
    )


def test_typed_numbers_float_noise_and_percentages(factory, tmp_path: Path) -> None:
    rows = [
        [SHARE, "2030/31", 0.1 + 0.2, URL],  # 0.30000000000000004, shown as 0.3
        [SHARE, "2031/32", 0.29, URL],  # shown as 29%
        [SHARE, "2032/33", 0.07 * 3, URL],  # 0.21000000000000002, shown as 21%
        [COUNT, "2030/31", 1.234, URL],  # typed: 1.234, neither 1234 nor ambiguous
        [COUNT, "2031/32", 41813, URL],
    ]
    path = book(tmp_path / "getypt.xlsx", rows, {2: "0.0", 3: "0%", 4: "0%"})
    assert 0.1 + 0.2 != 0.3  # the noise is real
    # 0.3 and 1.234 are far outside their stored series: warnings, accepted here
    summary = run_import(factory, path, accept_warnings=True)
    assert summary.new == 5
    assert current(factory, SHARE, "2030/31") == [(0.3, True, "")]
    assert current(factory, SHARE, "2031/32") == [(29.0, True, "")]
    assert current(factory, SHARE, "2032/33") == [(21.0, True, "")]
    assert current(factory, COUNT, "2030/31") == [(1.234, True, "")]
    assert current(factory, COUNT, "2031/32") == [(41813.0, True, "")]


def test_typed_number_beside_an_ambiguous_text_number(factory, tmp_path: Path) -> None:
    path = book(
        tmp_path / "mix.xlsx", [[COUNT, "2030/31", 1.234, URL], [COUNT, "2031/32", "1.234", URL]]
    )
    (problem,) = refused(factory, path).report.problems  # only the text cell is ambiguous
    assert (problem.code, problem.row, problem.found) == ("ambiguous-number", 3, "1.234")
    rows = [[COUNT, "2030/31", 1.234, URL], [COUNT, "2031/32", "1.234,5", URL]]
    assert run_import(factory, book(tmp_path / "nl.xlsx", rows), accept_warnings=True).new == 2
    assert current(factory, COUNT, "2030/31") == [(1.234, True, "")]
    assert current(factory, COUNT, "2031/32") == [(1234.5, True, "")]


def test_edition_typed_as_a_date_cell(factory, tmp_path: Path) -> None:
    from datetime import date, datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "period", "value", "source_url", "source_edition"])
    sheet.append([SHARE, "2030/31", 28, URL, date(2024, 6, 27)])
    sheet.append([SHARE, "2031/32", 28, URL, datetime(2024, 6, 27, 13, 30)])
    path = tmp_path / "datum.xlsx"
    workbook.save(path)
    (problem,) = refused(factory, path).report.problems  # a moment is no edition
    assert (problem.code, problem.row, problem.found) == ("bad-edition", 3, "2024-06-27T13:30:00")
    sheet.delete_rows(3)
    workbook.save(path)
    assert run_import(factory, path).new == 1
    assert current(factory, SHARE, "2030/31") == [(28.0, True, "2024-06-27")]


def test_not_a_zip_and_a_truncated_zip(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "kapot.xlsx", [[SHARE, "2030/31", 28, URL]])
    path.write_bytes(path.read_bytes()[:200])
    (problem,) = refused(factory, path).report.problems
    assert problem.code == "not-tabular"
    assert problem.message.startswith("geen leesbaar Excel-bestand")


def test_encrypted_part_is_refused_with_its_name(factory, tmp_path: Path) -> None:
    path = book(tmp_path / "versleuteld.xlsx", [[SHARE, "2030/31", 28, URL]])
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(SHEET.encode()))
    data[at + 8] |= 0x01  # "encrypted" in the part's central directory entry
    path.write_bytes(bytes(data))
    (problem,) = refused(factory, path).report.problems
    assert problem.code == "not-tabular"
    assert problem.message == (
        f"geen leesbaar Excel-bestand (onderdeel {SHEET}): versleuteld met een wachtwoord"
    )


def test_cell_pointing_at_a_missing_shared_string_is_refused_with_its_row(
    factory, tmp_path: Path
) -> None:
    path = book(tmp_path / "verwijzing.xlsx", [[SHARE, "2030/31", 28, URL], [SHARE, "x", 29, URL]])
    rewrite(
        path,
        SHEET,
        lambda xml: xml.replace(
            b'<c r="B3" t="inlineStr"><is><t>x</t></is></c>', b'<c r="B3" t="s"><v>99</v></c>'
        ),
    )
    (problem,) = refused(factory, path).report.problems
    assert (problem.code, problem.row) == ("not-tabular", 3)
    assert problem.message == "rij onleesbaar in het werkblad (IndexError)"
