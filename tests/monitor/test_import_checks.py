"""Imports never silently misread: Excel percentages, typed numbers, non-finite values, and
warnings for values that read fine but are probably wrong (a fraction among percentages, a
calendar year among school years, a figure far outside its series)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from techniekpact.monitor.importers.workbook import is_percent_format
from techniekpact.problems import ImportRejected
from tests.monitor.test_import import URL, current, fingerprint, run_import, write

HEADER = "indicator;period;value;region;source_url"
SHARE = "mbo_beta_share_intake"  # stored: school years, national figures 27-29 %
COUNT = "mbo_beta_count_intake"  # stored: school years, 37,807-49,022 students


def workbook(tmp_path: Path, rows: list[tuple[str, str, object, str]]) -> Path:
    """An .xlsx file; each row is (indicator, period, value, number format or '@' for text)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value", "source_url"])
    for indicator, period, value, number_format in rows:
        sheet.append([indicator, period, value, URL])
        cell = sheet.cell(row=sheet.max_row, column=3)
        cell.number_format = number_format
        if number_format == "@":
            cell.data_type = "s"
    path = tmp_path / "cijfers.xlsx"
    book.save(path)
    return path


def test_xlsx_percent_formats_typed_numbers_and_text_cells_are_read_as_shown(
    factory, tmp_path: Path
) -> None:
    cells = [
        (SHARE, "2030/31", 0.276, "0.0%", 27.6),  # 27,6% on screen: the cell holds 0.276
        (SHARE, "2031/32", 0.29, "0%", 29.0),
        (SHARE, "2032/33", 0.2755, "0,0%", 27.55),  # as Dutch Excel shows the format
        (SHARE, "2033/34", 0.3051, "0.00%", 30.51),
        (SHARE, "2034/35", 28.5, "General", 28.5),  # a typed number in General format
        (SHARE, "2035/36", 28.125, "General", 28.125),  # typed: not 28125 under Dutch text
        (SHARE, "2036/37", "27,5", "@", 27.5),  # text cells follow the file's convention
        (SHARE, "2037/38", "26,25%", "@", 26.25),
        (COUNT, "2030/31", 41813, "General", 41813.0),
        (COUNT, "2031/32", 40512.5, "#,##0.0", 40512.5),
        (COUNT, "2032/33", "41.234", "@", 41234.0),  # text: Dutch thousands (file has "27,5")
    ]
    path = workbook(tmp_path, [c[:4] for c in cells])  # type: ignore[misc]
    summary = run_import(factory, path)
    assert (summary.new, summary.warnings) == (len(cells), ())
    for indicator, period, _, _, expected in cells:
        assert current(factory, indicator, period) == [(expected, True, "")], period


def test_xlsx_percent_cell_on_a_count_is_a_unit_mismatch(factory, tmp_path: Path) -> None:
    path = workbook(tmp_path, [(COUNT, "2030/31", 0.5, "0%")])
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    assert [(p.code, p.row, p.column, p.found) for p in err.value.report.problems] == [
        ("unit-mismatch", 2, "value", "50%")
    ]
    assert fingerprint(factory) == before


@pytest.mark.parametrize(
    ("number_format", "percent"),
    [
        ("0%", True),
        ("0.0%", True),
        ("0,0%", True),
        ("#,##0.00%", True),
        ("General", False),
        ("0.0", False),
        ('0.0" %"', False),  # a quoted % is literal text: Excel does not multiply
        ("0.0\\%", False),  # so is an escaped one
    ],
)
def test_percent_number_formats(number_format: str, percent: bool) -> None:
    assert is_percent_format(number_format) is percent


NON_FINITE = ["inf", "Infinity", "-inf", "-Infinity", "+inf", "NaN", "nan", "1e400", "1e309"]


@pytest.mark.parametrize("text", [*NON_FINITE, "1" * 400, "∞"])
def test_non_finite_values_in_csv_are_refused_with_position(
    text: str, factory, tmp_path: Path
) -> None:
    path = write(tmp_path, f"{HEADER}\n{SHARE};2030/31;28;;{URL}\n{SHARE};2031/32;{text};;{URL}\n")
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    (problem,) = err.value.report.problems
    code = "not-a-number" if text == "∞" else "not-finite"  # ∞ is no number at all
    assert (problem.code, problem.row, problem.column, problem.found) == (code, 3, "value", text)
    assert problem.expected
    assert fingerprint(factory) == before


def test_non_finite_values_in_xlsx_are_refused_with_position(factory, tmp_path: Path) -> None:
    rows = [(SHARE, f"{2030 + i}/{31 + i}", text, "@") for i, text in enumerate(NON_FINITE)]
    # typed numbers beyond any float, as a hand-edited workbook can hold them
    rows.append((COUNT, "2030/31", 1234567, "General"))
    rows.append((COUNT, "2031/32", 7654321, "General"))
    rows.append((COUNT, "2032/33", 7654322, "General"))
    typed = {"1234567": "1e400", "7654321": "-1E400", "7654322": "9" * 400}
    path = _replace_in_sheet(workbook(tmp_path, rows), typed)
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    found = [(p.code, p.row, p.column) for p in err.value.report.problems]
    assert found == [("not-finite", row, "value") for row in range(2, len(rows) + 2)]
    assert fingerprint(factory) == before


@pytest.mark.parametrize("literal", ["inf", "NaN"])
def test_xlsx_typed_cell_openpyxl_cannot_read_is_refused_with_its_row(
    literal: str, factory, tmp_path: Path
) -> None:
    rows = [(SHARE, "2030/31", 28, "General"), (SHARE, "2031/32", 1234567, "General")]
    path = _replace_in_sheet(workbook(tmp_path, rows), {"1234567": literal})
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    (problem,) = err.value.report.problems
    assert (problem.code, problem.row, problem.found) == ("not-finite", 3, literal)
    assert fingerprint(factory) == before


def _replace_in_sheet(path: Path, values: dict[str, str]) -> Path:
    """Rewrite typed cell values in the first worksheet's XML (openpyxl cannot write them)."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    for old, new in values.items():
        assert f"<v>{old}</v>" in xml
        xml = xml.replace(f"<v>{old}</v>", f"<v>{new}</v>")
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return path


def _warnings(factory, path: Path) -> list[tuple[str, int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    assert fingerprint(factory) == before
    report = err.value.report
    assert report.ok and report.problems == report.warnings  # warnings only, no error
    assert all(p.severity == "warning" and p.expected for p in report.problems)
    return [(p.code, p.row, p.column, p.found) for p in report.problems]


def test_fraction_in_a_percentage_series_is_a_warning(factory, tmp_path: Path) -> None:
    text = f"{HEADER}\n{SHARE};2030/31;28,1;;{URL}\n{SHARE};2031/32;0,29;;{URL}\n"
    path = write(tmp_path, text)
    assert _warnings(factory, path) == [("looks-like-fraction", 3, "value", "0,29")]
    # a dry run lists the warning and changes nothing; --accept-warnings imports
    before = fingerprint(factory)
    dry = run_import(factory, path, dry_run=True)
    assert [(w.code, w.row) for w in dry.warnings] == [("looks-like-fraction", 3)]
    assert fingerprint(factory) == before
    summary = run_import(factory, path, accept_warnings=True)
    assert summary.new == 2 and len(summary.warnings) == 1
    # the accepted figure is stored now: importing the same file again warns no more
    assert run_import(factory, path).unchanged == 2


def test_fraction_among_the_files_own_percentages(factory, tmp_path: Path) -> None:
    # pps_sme_share has no stored figures: the file's own values (near 40) are the series
    rows = "".join(
        f"pps_sme_share;{year};{value};;{URL}\n"
        for year, value in [(2020, "41"), (2021, "39,5"), (2022, "0,4"), (2023, "42")]
    )
    assert _warnings(factory, write(tmp_path, f"{HEADER}\n{rows}")) == [
        ("looks-like-fraction", 4, "value", "0,4")
    ]


def test_calendar_year_in_a_series_of_school_years_is_a_warning(factory, tmp_path: Path) -> None:
    text = f"{HEADER}\n{SHARE};2030/31;28;;{URL}\n{SHARE};2031;28;;{URL}\n"
    assert _warnings(factory, write(tmp_path, text)) == [
        ("period-kind-mismatch", 3, "period", "2031")
    ]
    # within the file alone: three school years and one calendar year of a new indicator
    rows = "".join(
        f"pps_sme_share;{period};40;;{URL}\n"
        for period in ["2020/21", "2021/22", "2022", "2023/24"]
    )
    assert _warnings(factory, write(tmp_path, f"{HEADER}\n{rows}", "b.csv")) == [
        ("period-kind-mismatch", 4, "period", "2022")
    ]


def test_value_far_outside_the_stored_series_is_a_warning(factory, tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n{COUNT};2030/31;40.100,5;;{URL}\n"  # plausible
        f"{COUNT};2031/32;4.181.300;;{URL}\n"  # 100 times too large
        f"{COUNT};2032/33;3.700;;{URL}\n"  # below a tenth of the smallest stored (37,807)
    )
    found = _warnings(factory, write(tmp_path, text))
    assert found == [
        ("far-outside-series", 3, "value", "4181300"),
        ("far-outside-series", 4, "value", "3700"),
    ]


def test_value_far_outside_the_files_own_series_is_a_warning(factory, tmp_path: Path) -> None:
    rows = "".join(
        f"pps_new_sme_katapult;{year};{value};;{URL}\n"
        for year, value in [(2019, 100), (2020, 110), (2021, 1200), (2022, 120), (2023, 105)]
    )
    assert _warnings(factory, write(tmp_path, f"{HEADER}\n{rows}")) == [
        ("far-outside-series", 4, "value", "1200")
    ]


def test_plausible_figures_raise_no_warning(factory, tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n{SHARE};2030/31;27,4;;{URL}\n{SHARE};2031/32;31;Fryslân;{URL}\n"
        f"{COUNT};2030/31;52.000;;{URL}\n{COUNT};2031/32;35.250;;{URL}\n"
        f"pps_sme_share;2020;0,8;;{URL}\npps_sme_share;2021;1;;{URL}\n"  # small but honest
    )
    summary = run_import(factory, write(tmp_path, text))
    assert (summary.new, summary.warnings) == (6, ())
