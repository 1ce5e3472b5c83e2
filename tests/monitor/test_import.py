"""Imports: Dutch spreadsheet habits read correctly, every bad file refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.changes import Origin
from techniekpact.monitor import export, queries
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.monitor.store import ImportSummary, apply_import, load_catalogue
from techniekpact.problems import ImportRejected

BY_TEST = Origin("test", "cli")

HEADER = "indicator;period;value;region;sex;source_url;source_edition"
URL = "https://example.org/bron"


def run_import(factory: sessionmaker[Session], path: Path, **options: object) -> ImportSummary:
    dry_run = bool(options.pop("dry_run", False))
    accept = bool(options.pop("accept_warnings", False))
    with factory() as session, session.begin():
        parsed = parse_file(path, load_catalogue(session), **options)  # type: ignore[arg-type]
        return apply_import(
            session,
            parsed,
            source_name=path.name,
            dry_run=dry_run,
            accept_warnings=accept,
            origin=BY_TEST,
        )


def fingerprint(factory: sessionmaker[Session]) -> tuple[dict[str, int], str]:
    with factory() as session:
        return queries.stats(session), export.to_csv(session)


def current(factory: sessionmaker[Session], code: str, period: str, breakdown: str = "") -> list:
    with factory() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(Observation.value, Observation.is_current, Observation.source_edition)
                .join(Indicator)
                .where(
                    Indicator.code == code,
                    Observation.period == period,
                    Observation.breakdown == breakdown,
                )
                .order_by(Observation.id)
            )
        ]


def write(tmp_path: Path, text: str | bytes, name: str = "cijfers.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_dutch_excel_csv_is_read_correctly(factory, tmp_path: Path) -> None:
    text = (
        f"{HEADER}\r\n"
        f"mbo_beta_share_intake;2030/31;29,5%;;;{URL};\r\n"
        f"mbo_beta_share_intake;2030/31;12,25;Fryslân;vrouw;{URL};\r\n"
        f"mbo_beta_count_intake;2030-2031;41.813,0;;;{URL};2031\r\n"
    )
    path = write(tmp_path, "\ufeff".encode() + text.encode())  # Excel: UTF-8 with BOM
    summary = run_import(factory, path)
    assert (summary.new, summary.revised, summary.unchanged) == (3, 0, 0)
    assert current(factory, "mbo_beta_share_intake", "2030/31") == [(29.5, True, "")]
    assert current(factory, "mbo_beta_share_intake", "2030/31", "region=PV21;sex=female") == [
        (12.25, True, "")
    ]
    assert current(factory, "mbo_beta_count_intake", "2030/31") == [(41813.0, True, "2031")]


def test_windows_1252_file(factory, tmp_path: Path) -> None:
    text = f"{HEADER}\nmbo_beta_share_intake;2030/31;30;Fryslân;;{URL};\n"
    path = write(tmp_path, text.encode("cp1252"))
    with factory() as session:
        parsed = parse_file(path, load_catalogue(session))
    assert any("Windows-1252" in n for n in parsed.report.notes)
    run_import(factory, path)
    assert current(factory, "mbo_beta_share_intake", "2030/31", "region=PV21")[0][0] == 30


def test_thousands_dots_in_a_semicolon_file(factory, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\nmbo_beta_count_intake;2030/31;40512,5;;;{URL};\n"
        f"mbo_beta_count_intake;2031/32;41.234;;;{URL};\n",
    )
    run_import(factory, path)
    assert current(factory, "mbo_beta_count_intake", "2031/32")[0][0] == 41234


def test_ambiguous_number_can_be_resolved_with_decimal_option(factory, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f'indicator,period,value,source_url\nmbo_beta_count_intake,2030/31,"41,234",{URL}\n',
    )
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    assert err.value.report.codes == {"ambiguous-number"}
    assert fingerprint(factory) == before
    run_import(factory, path, decimal="point")
    assert current(factory, "mbo_beta_count_intake", "2030/31")[0][0] == 41234


def test_importing_twice_changes_nothing(factory, tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;{URL};\n")
    first = run_import(factory, path)
    after_first = fingerprint(factory)
    second = run_import(factory, path)
    assert (first.new, second.new, second.revised, second.unchanged) == (1, 0, 0, 1)
    assert second.import_id is None
    assert fingerprint(factory) == after_first


def test_new_value_is_a_revision_and_history_is_kept(factory, tmp_path: Path) -> None:
    run_import(factory, write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;{URL};\n"))
    summary = run_import(
        factory, write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;31;;;{URL};\n", "b.csv")
    )
    assert (summary.new, summary.revised) == (0, 1)
    assert current(factory, "mbo_beta_share_intake", "2030/31") == [
        (30.0, False, ""),
        (31.0, True, ""),
    ]


def test_newest_edition_wins_whatever_the_import_order(factory, tmp_path: Path) -> None:
    run_import(
        factory, write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;{URL};2032\n")
    )
    run_import(
        factory,
        write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;28;;;{URL};2031\n", "old.csv"),
    )
    assert current(factory, "mbo_beta_share_intake", "2030/31") == [
        (30.0, True, "2032"),
        (28.0, False, "2031"),
    ]


def test_dry_run_reports_and_changes_nothing(factory, tmp_path: Path) -> None:
    before = fingerprint(factory)
    summary = run_import(
        factory,
        write(tmp_path, f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;{URL};\n"),
        dry_run=True,
    )
    assert (summary.new, summary.dry_run) == (1, True)
    assert fingerprint(factory) == before


def test_excel_workbook(factory, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value", "sex", "source_url"])
    sheet.append(["mbo_beta_share_intake", "2030/31", 30.5, "man", URL])
    sheet.append(["mbo_beta_count_intake", "2030/31", 41813, None, URL])
    path = tmp_path / "cijfers.xlsx"
    book.save(path)
    summary = run_import(factory, path)
    assert summary.new == 2
    assert current(factory, "mbo_beta_share_intake", "2030/31", "sex=male")[0][0] == 30.5


def _xlsx_with_stray_cell(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "period", "value", "source_url"])
    sheet.append(["mbo_beta_share_intake", "2030/31", 30, URL, "los"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


GOOD = f"mbo_beta_share_intake;2030/31;30;;;{URL};"
BAD_FILES = {
    "empty": (b"", "empty-file", None, None),
    "header-only": (f"{HEADER}\n", "no-rows", None, None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not-tabular", None, None),
    "zip-as-csv": (b"PK\x03\x04rest-of-a-workbook", "not-tabular", None, None),
    "no-delimiter": ("indicator\nmbo_beta_share_intake\n", "not-tabular", 1, None),
    "bad-bytes": (f"{HEADER}\n".encode() + b"mbo\x81\x8d;2030;1;;;x;\n", "encoding-error", 2, None),
    "missing-column": (
        "indicator;period;source_url\nmbo_beta_share_intake;2030;x\n",
        "missing-column",
        1,
        "value",
    ),
    "unknown-column": (f"{HEADER};kleur\n{GOOD};rood\n", "unknown-column", 1, "kleur"),
    "duplicate-column": (f"{HEADER};value\n{GOOD};3\n", "duplicate-column", 1, "value"),
    "too-few-fields": (
        f"{HEADER}\n{GOOD}\nmbo_beta_share_intake;2031/32;30\n",
        "field-count",
        3,
        None,
    ),
    "too-many-fields": (f"{HEADER}\n{GOOD};extra\n", "field-count", 2, None),
    "unknown-indicator": (
        f"{HEADER}\nbestaat_niet;2030;30;;;{URL};\n",
        "unknown-indicator",
        2,
        "indicator",
    ),
    "unknown-region": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;30;Atlantis;;{URL};\n",
        "unknown-code",
        2,
        "region",
    ),
    "missing-value": (
        f"{HEADER}\n{GOOD}\nmbo_beta_share_intake;2031/32;;;;{URL};\n",
        "missing-value",
        3,
        "value",
    ),
    "not-a-number": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;veel;;;{URL};\n",
        "not-a-number",
        2,
        "value",
    ),
    "share-above-100": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;112%;;;{URL};\n",
        "out-of-range",
        2,
        "value",
    ),
    "negative-count": (
        f"{HEADER}\nmbo_beta_count_intake;2030/31;-5;;;{URL};\n",
        "out-of-range",
        2,
        "value",
    ),
    "bad-period": (
        f"{HEADER}\nmbo_beta_share_intake;2013-2021;30;;;{URL};\n",
        "bad-period",
        2,
        "period",
    ),
    "duplicate-rows": (f"{HEADER}\n{GOOD}\n{GOOD}\n", "duplicate-row", 3, "indicator"),
    "unit-column-mismatch": (
        f"indicator;period;value;unit;source_url\n"
        f"mbo_beta_share_intake;2030/31;30;studenten;{URL}\n",
        "unit-mismatch",
        2,
        "unit",
    ),
    "percent-on-a-count": (
        f"{HEADER}\nmbo_beta_count_intake;2030/31;30%;;;{URL};\n",
        "unit-mismatch",
        2,
        "value",
    ),
    "mixed-decimals": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;12,5;;;{URL};\n"
        f"mbo_beta_share_intake;2031/32;12.5;;;{URL};\n",
        "mixed-decimal-separators",
        3,
        "value",
    ),
    "unknown-flag": (
        f"indicator;period;value;flags;source_url\nmbo_beta_share_intake;2030/31;30;gok;{URL}\n",
        "unknown-flag",
        2,
        "flags",
    ),
    "bad-url": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;zie de krant;\n",
        "bad-url",
        2,
        "source_url",
    ),
    "missing-source": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;;\n",
        "missing-value",
        2,
        "source_url",
    ),
    "bad-edition": (
        f"{HEADER}\nmbo_beta_share_intake;2030/31;30;;;{URL};vorig jaar\n",
        "bad-edition",
        2,
        "source_edition",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_refused_with_position_and_changes_nothing(
    case: str, factory, tmp_path: Path
) -> None:
    content, code, row, column = BAD_FILES[case]
    path = write(tmp_path, content)
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    problems = [p for p in err.value.report.problems if p.code == code]
    assert problems, err.value.report.to_dict()
    assert problems[0].file == path.name
    if row is not None:
        assert problems[0].row == row
    if column is not None:
        assert problems[0].column == column
    assert fingerprint(factory) == before


def test_bad_xlsx_and_missing_file(factory, tmp_path: Path) -> None:
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, _xlsx_with_stray_cell(tmp_path))
    assert err.value.report.problems[0].code == "field-count"
    assert err.value.report.problems[0].row == 2
    with pytest.raises(ImportRejected) as err:
        run_import(factory, tmp_path / "bestaat-niet.csv")
    assert err.value.report.codes == {"file-not-found"}
    assert fingerprint(factory) == before


def test_one_bad_row_rejects_the_good_rows_too(factory, tmp_path: Path) -> None:
    rows = [f"mbo_beta_share_intake;{2030 + i}/{31 + i};30;;;{URL};" for i in range(50)]
    rows.append(f"mbo_beta_share_intake;2099/00;300;;;{URL};")
    path = write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    assert [(p.code, p.row) for p in err.value.report.problems] == [("out-of-range", 52)]
    assert fingerprint(factory) == before


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a row with one field too many and one too few: the delimiter total is still right
        (
            [f"{GOOD};extra", "mbo_beta_share_intake;2031/32;30;;;"],
            [(2, "8 velden"), (3, "6 velden")],
        ),
        # a blank line between good rows keeps the spreadsheet's row numbers
        ([GOOD, "", GOOD.replace("2030/31", "2031/32")], [(3, "0 velden")]),
        # a quoted delimiter is one field; the short row after it is still found
        (
            [GOOD.replace(";;;", ';"PV20; PV21";;'), "mbo_beta_share_intake;2031/32"],
            [(3, "2 velden")],
        ),
    ],
    ids=["long-and-short", "blank-line", "quoted-delimiter"],
)
def test_ragged_rows_are_found_by_row(
    lines: list[str], expected: list[tuple[int, str]], factory, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + "\n" + "\n".join(lines) + "\n")
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    found = [(p.row, p.found) for p in err.value.report.problems if p.code == "field-count"]
    assert found == expected
    assert fingerprint(factory) == before


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n\n", "\r\n\r\n"])
def test_line_ends_and_blank_lines_at_the_end_are_not_rows(
    ending: str, factory, tmp_path: Path
) -> None:
    newline = "\r\n" if "\r" in ending else "\n"
    rows = [GOOD, GOOD.replace("2030/31", "2031/32")]
    path = write(tmp_path, newline.join([HEADER, *rows]) + ending)
    summary = run_import(factory, path)
    assert (summary.rows, summary.new) == (2, 2)
