"""Hostile and damaged CSV files: each ends in the right value or a positioned refusal.

One test per class of issue 11 (section 2, CSV): structure (line ends, quotes, long fields,
`sep=`, trailing empty columns), encodings (mixed UTF-8 and Windows-1252, BOMs, NUL bytes),
numbers (scientific notation, false groups, leading decimal comma), options that contradict the
file, and the size and row limits. Files are built here from bytes; every refusal is checked
for its code, row, column and message, and for a database left exactly as it was.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.changes import ChangeRecord
from techniekpact.errors import DomainError
from techniekpact.monitor.importers import ReadOptions, parse_file
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.monitor.series_file import read_series
from techniekpact.monitor.store import load_catalogue
from techniekpact.monitor.updated import figures_updated
from techniekpact.problems import ImportRejected, Problem
from techniekpact.schemes.records import read as read_schemes
from tests.monitor.test_import import URL, current, fingerprint, run_import, write

HEADER = b"indicator;period;value;source_url;note\n"
SHARE = "mbo_beta_share_intake"  # %, school years, stored figures 27-29
COUNT = "mbo_beta_count_intake"  # students, school years


def row(period: str, value: str, note: str = "", indicator: str = SHARE) -> bytes:
    return f"{indicator};{period};{value};{URL};{note}\n".encode()


def snapshot(factory: sessionmaker[Session]) -> tuple[object, ...]:
    """Counts, every figure (the export) and the data version (imports, 'updated on')."""
    with factory() as session:
        imports = session.execute(
            select(func.count(ChangeRecord.id), func.max(ChangeRecord.id))
        ).one()
        return fingerprint(factory), tuple(imports), figures_updated(session)


def refused(factory: sessionmaker[Session], path: Path, **options: object) -> list[Problem]:
    """The problems of a refused import; the database must be unchanged by it."""
    before = snapshot(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path, **options)
    assert snapshot(factory) == before
    return err.value.report.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def values(factory: sessionmaker[Session], path: Path, **options: object) -> list[float]:
    """The values a file parses to, in file order (nothing is stored)."""
    with factory() as session:
        parsed = parse_file(path, load_catalogue(session), **options)  # type: ignore[arg-type]
    return parsed.observations.get_column("value").to_list()


def notes(factory: sessionmaker[Session], period: str) -> list[str]:
    with factory() as session:
        return list(
            session.scalars(
                select(Observation.note)
                .join(Indicator)
                .where(Indicator.code == SHARE, Observation.period == period)
            )
        )


# --- structure ---------------------------------------------------------------------------


def test_classic_mac_line_ends_are_line_ends(factory, tmp_path: Path) -> None:
    data = (HEADER + row("2030/31", "28,5", "één") + row("2031/32", "29")).replace(b"\n", b"\r")
    summary = run_import(factory, write(tmp_path, data))
    assert (summary.rows, summary.new) == (2, 2)
    assert current(factory, SHARE, "2030/31") == [(28.5, True, "")]
    assert notes(factory, "2030/31") == ["één"]


def test_classic_mac_line_ends_keep_row_numbers(factory, tmp_path: Path) -> None:
    data = (HEADER + row("2030/31", "28") + row("2031/32", "veel")).replace(b"\n", b"\r")
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "not-a-number",
        3,
        "value",
        "veel",
    )


def test_a_quote_that_never_closes_is_refused_at_the_row_it_opened(factory, tmp_path: Path) -> None:
    data = HEADER + row("2030/31", "28") + row("2031/32", "28", '"begin') + row("2032/33", "29")
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("bad-quote", 3, "note")
    assert "aanhalingsteken geopend in rij 3" in problem.message
    assert problem.found == '"begin'
    assert problem.expected.startswith("een veld helemaal tussen aanhalingstekens")


def test_a_quote_that_swallows_the_next_rows_is_refused_at_the_row_it_opened(
    factory, tmp_path: Path
) -> None:
    # the quote opened in row 3 closes, by chance, at a stray quote at the end of row 5: a
    # parser that trusts it reads rows 4 and 5 as part of row 3's note and loses them
    data = (
        HEADER
        + row("2030/31", "28")
        + row("2031/32", "28", '"begin')
        + row("2032/33", "29")
        + row("2033/34", "29", 'eind"')
        + row("2034/35", "29")
    )
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("bad-quote", 3, "note")
    assert "de volgende rijen vallen erin" in problem.message


def test_a_quoted_note_over_lines_without_rows_in_it_is_one_row(factory, tmp_path: Path) -> None:
    data = HEADER + row("2030/31", "28", '"regel 1\nregel 2; met ""citaat"""') + row("2031/32", "x")
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row) == ("not-a-number", 3)  # spreadsheet rows, not lines
    data = HEADER + row("2030/31", "28", '"regel 1\nregel 2; met ""citaat"""')
    run_import(factory, write(tmp_path, data))
    assert notes(factory, "2030/31") == ['regel 1\nregel 2; met "citaat"']


@pytest.mark.parametrize(
    ("value", "note", "column", "message", "found"),
    [
        ('28"5', "", "value", "aanhalingsteken midden in een veld", '28"5'),
        (
            "28",
            'het "grote" plan',
            "note",
            "aanhalingsteken midden in een veld",
            'het "grote" plan',
        ),
        ("28", '"het" plan', "note", "tekst na het sluitende aanhalingsteken", '"het" plan'),
    ],
    ids=["in-a-number", "in-a-note", "after-closing"],
)
def test_a_quote_in_the_middle_of_a_field_is_refused(
    value: str, note: str, column: str, message: str, found: str, factory, tmp_path: Path
) -> None:
    data = HEADER + row("2030/31", "28") + row("2031/32", value, note)
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("bad-quote", 3, column)
    assert problem.message == message
    assert problem.found == found


def test_a_quoted_field_over_the_csv_module_limit_is_read(factory, tmp_path: Path) -> None:
    long_note = "lang " * 40_000  # 200 KB: the csv module stops at 128 KB
    data = HEADER + row("2030/31", "28", f'"{long_note}"') + row("2031/32", "29")
    run_import(factory, write(tmp_path, data))
    assert notes(factory, "2030/31") == [long_note.strip()]
    # and a ragged row after it is still found at its row (the csv module counts the fields)
    ragged = HEADER + row("2032/33", "28", f'"{long_note}"') + f"{SHARE};2033/34\n".encode()
    problem = only(refused(factory, write(tmp_path, ragged, "ragged.csv")))
    assert (problem.code, problem.row, problem.found) == ("field-count", 3, "2 velden")


def test_excel_sep_line_is_honoured_and_is_not_a_row(factory, tmp_path: Path) -> None:
    header = HEADER.replace(b";", b"|")
    data = b"\xef\xbb\xbfsep=|\r\n" + header + row("2030/31", "28,5").replace(b";", b"|")
    run_import(factory, write(tmp_path, data))
    assert current(factory, SHARE, "2030/31") == [(28.5, True, "")]
    bad = b"sep=;\n" + HEADER + row("2031/32", "28") + row("2032/33", "veel")
    problem = only(refused(factory, write(tmp_path, bad, "bad.csv")))
    assert (problem.code, problem.row) == ("not-a-number", 3)  # the header is row 1


def test_an_unknown_sep_line_is_refused(factory, tmp_path: Path) -> None:
    problem = only(refused(factory, write(tmp_path, b"sep=x\n" + HEADER + row("2030/31", "28"))))
    assert (problem.code, problem.row, problem.found) == ("not-tabular", 1, "x")


def test_excel_trailing_empty_columns_are_accepted(factory, tmp_path: Path) -> None:
    header = HEADER.rstrip(b"\n") + b";;;\n"
    lines = [row(p, "28").rstrip(b"\n") + b";;;\n" for p in ("2030/31", "2031/32")]
    summary = run_import(factory, write(tmp_path, header + b"".join(lines)))
    assert (summary.rows, summary.new) == (2, 2)


def test_a_value_under_an_empty_header_cell_is_refused(factory, tmp_path: Path) -> None:
    header = HEADER.rstrip(b"\n") + b";;\n"
    data = header + row("2030/31", "28").rstrip(b"\n") + b";;\n"
    data += row("2031/32", "28").rstrip(b"\n") + b";;vergeten\n"
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "field-count",
        3,
        "kolom 7",
        "vergeten",
    )
    assert problem.message == "waarde in een kolom zonder kopnaam"


# --- encodings ---------------------------------------------------------------------------


def test_a_file_mixing_utf8_and_windows_1252_is_refused_at_the_first_bad_byte(
    factory, tmp_path: Path
) -> None:
    data = (
        HEADER
        + row("2030/31", "28", "Fryslân")
        + row("2031/32", "28", "Fryslân").decode().encode("cp1252")
    )
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("mixed-encoding", 3, "note")
    assert problem.message.startswith("UTF-8 (rij 2) en Windows-1252 (rij 3) door elkaar")
    assert problem.found == "e2 6e 0a"


def test_a_mixed_file_is_positioned_by_spreadsheet_row_after_a_note_over_lines(
    factory, tmp_path: Path
) -> None:
    data = (
        HEADER
        + row("2030/31", "28", '"Fryslân\nregel 2"')
        + row("2031/32", "28", "Fryslân").decode().encode("cp1252")
    )
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("mixed-encoding", 3, "note")


def test_a_quote_problem_in_a_windows_1252_file_names_its_column(factory, tmp_path: Path) -> None:
    header = HEADER.decode().replace(";note", ";opmerking;categorieën")
    data = (header + f'{SHARE};2030/31;28;{URL};"x"y;\n').encode("cp1252")
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("bad-quote", 2, "opmerking")


def test_a_windows_1252_file_is_still_read(factory, tmp_path: Path) -> None:
    data = (HEADER + row("2030/31", "28", "Fryslân € ë")).decode().encode("cp1252")
    run_import(factory, write(tmp_path, data))
    assert notes(factory, "2030/31") == ["Fryslân € ë"]


def test_decomposed_accents_are_composed(factory, tmp_path: Path) -> None:
    # a Mac writes Fryslân as "Frysla" + U+0302 (NFD): it must still be the province
    header = HEADER.replace(b";note", b";region")
    data = header + row("2030/31", "28", unicodedata.normalize("NFD", "Fryslân"))
    assert "a\u0302".encode() in data
    run_import(factory, write(tmp_path, data))
    assert current(factory, SHARE, "2030/31", "region=PV21") == [(28.0, True, "")]


def test_a_bom_inside_the_header_is_dropped(factory, tmp_path: Path) -> None:
    header = b"\xef\xbb\xbf" + HEADER.replace(b";period", b";\xef\xbb\xbfperiod")
    run_import(factory, write(tmp_path, header + row("2030/31", "28")))
    assert current(factory, SHARE, "2030/31") == [(28.0, True, "")]


def test_a_bom_in_a_data_row_is_refused(factory, tmp_path: Path) -> None:
    data = HEADER + row("2030/31", "28") + row("2031/32", "28", "\ufeffnoot")
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "encoding-error",
        3,
        "note",
        "U+FEFF",
    )


def test_a_nul_byte_after_the_first_4_kb_is_refused_with_its_position(
    factory, tmp_path: Path
) -> None:
    rows = [row(f"{2030 + i}/{(31 + i) % 100:02d}", "28") for i in range(69)]  # > 4 KB
    data = HEADER + b"".join(rows) + row("2099/00", "28", "no\x00ot")
    assert data.index(b"\x00") > 4096
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column) == ("nul-byte", 71, "note")
    assert problem.message == "NUL-teken (byte 0) in de tekst"


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1,23E+04", "12,5"], [12300.0, 12.5]),  # Dutch Excel's scientific notation
        (["1.23E+04", "12.5"], [12300.0, 12.5]),
        (["1,23E+04"], [12300.0]),  # the comma settles the convention
        (["1E+04", "1.234"], None),  # no evidence: 1.234 stays ambiguous
        ([",5", "28,25"], [0.5, 28.25]),  # a leading decimal comma
        ([".5", "28.25"], [0.5, 28.25]),
        (["1.234.567"], [1234567.0]),  # two groups can only be thousands
        (["1 234,5", "1\u00a0234"], [1234.5, 1234.0]),  # spaces as thousands separators
        (["1234,567", "12"], [1234.567, 12.0]),  # four digits before a comma: a decimal
    ],
)
def test_numbers_as_excel_writes_them(
    texts: list[str], expected: list[float] | None, factory, tmp_path: Path
) -> None:
    lines = [row(f"{2030 + i}/{31 + i}", t, indicator=COUNT) for i, t in enumerate(texts)]
    path = write(tmp_path, HEADER + b"".join(lines))
    if expected is None:
        with pytest.raises(ImportRejected) as err:
            values(factory, path)
        assert err.value.report.codes == {"ambiguous-number"}
        return
    assert values(factory, path) == expected


def test_a_negative_leading_decimal_comma_is_read_as_a_negative_number(
    factory, tmp_path: Path
) -> None:
    data = HEADER + row("2030/31", "-,5", indicator=COUNT) + row("2031/32", "12,5", indicator=COUNT)
    problem = only(refused(factory, write(tmp_path, data)))
    # read as -0.5 (not 5, not -5): refused because a count cannot be negative
    assert (problem.code, problem.row, problem.found) == ("out-of-range", 2, "-,5")


@pytest.mark.parametrize(
    ("text", "other"),
    [("1.2.3", "12,5"), ("12,34,5", "12.5"), ("1 5", "12"), ("1 5", "12,5"), ("12,5.5", "1")],
)
def test_groups_that_are_not_thousands_groups_are_no_number(
    text: str, other: str, factory, tmp_path: Path
) -> None:
    data = HEADER + row("2030/31", other, indicator=COUNT) + row("2031/32", text, indicator=COUNT)
    problem = only(refused(factory, write(tmp_path, data)))
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "not-a-number",
        3,
        "value",
        text,
    )
    assert problem.message == "geen getal"


# --- options -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "texts", "seems"),
    [("point", ["28", "12,5"], "decimale komma"), ("comma", ["28", "12.5"], "decimale punt")],
)
def test_a_decimal_option_that_contradicts_the_file_is_an_error(
    option: str, texts: list[str], seems: str, factory, tmp_path: Path
) -> None:
    lines = [row(f"{2030 + i}/{31 + i}", t) for i, t in enumerate(texts)]
    problem = only(refused(factory, write(tmp_path, HEADER + b"".join(lines)), decimal=option))
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "option-conflict",
        3,
        "value",
        texts[1],
    )
    assert problem.message == f"--decimal {option}, maar het bestand gebruikt een {seems}"
    assert problem.expected.endswith("of geen --decimal")


def test_a_decimal_option_that_settles_the_file_is_followed(factory, tmp_path: Path) -> None:
    data = HEADER + row("2030/31", "41.234", indicator=COUNT)
    assert values(factory, write(tmp_path, data), decimal="comma") == [41234.0]
    assert values(factory, write(tmp_path, data), decimal="point") == [41.234]


# --- limits ------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(factory, tmp_path: Path) -> None:
    data = HEADER + row("2030/31", "28")
    problem = only(refused(factory, write(tmp_path, data), max_bytes=len(data) - 1))
    assert (problem.code, problem.row) == ("file-too-large", None)
    assert problem.message == f"bestand groter dan de grens van {len(data) - 1} bytes"
    assert "TECHNIEKPACT_MAX_IMPORT_BYTES" in problem.expected
    assert values(factory, write(tmp_path, data), max_bytes=len(data)) == [28.0]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_file_over_the_row_limit_is_refused(quoted: bool, factory, tmp_path: Path) -> None:
    note = '"x"' if quoted else ""
    lines = [row(f"{2030 + i}/{31 + i}", "28", note) for i in range(3)]
    problem = only(
        refused(factory, write(tmp_path, HEADER + b"".join(lines)), options=ReadOptions(max_rows=2))
    )
    assert (problem.code, problem.found) == ("too-many-rows", "3 rijen")
    assert "TECHNIEKPACT_MAX_IMPORT_ROWS" in problem.expected
    assert (
        len(
            values(
                factory, write(tmp_path, HEADER + b"".join(lines)), options=ReadOptions(max_rows=3)
            )
        )
        == 3
    )


def test_the_cli_reads_its_limits_from_the_settings(cli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + row("2030/31", "28"))
    result = cli("import", str(path), env={"TECHNIEKPACT_MAX_IMPORT_BYTES": "10"})
    assert result.returncode == 1, result.stderr
    assert "bestand groter dan de grens van 10 bytes [file-too-large]" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("import", str(path), "--lang", "en", env={"TECHNIEKPACT_MAX_IMPORT_ROWS": "1"})
    assert result.returncode == 0, result.stderr


# --- the other CSV readers share the rules -------------------------------------------------


def test_the_schemes_catalogue_csv_gets_the_same_structural_checks(tmp_path: Path) -> None:
    path = tmp_path / "regelingen.csv"
    path.write_bytes(b'code;name\nslim;SLIM\nmit;"MIT\nwbso;WBSO\n')
    with pytest.raises(ImportRejected) as err:
        read_schemes(path)
    problem = only(err.value.report.problems)
    assert (problem.code, problem.row, problem.column) == ("bad-quote", 3, "name")
    path.write_bytes(b"code;name\nslim;SLIM\nmit\n")
    with pytest.raises(ImportRejected) as err:
        read_schemes(path)
    assert [(p.code, p.row, p.found) for p in err.value.report.problems] == [
        ("field-count", 3, "1 velden")
    ]


def test_the_progress_series_file_gets_the_same_encoding_checks(tmp_path: Path) -> None:
    path = tmp_path / "reeks.csv"
    path.write_bytes("period;value;note\n2019;12,5;ë\n".encode() + "2020;13;ë\n".encode("cp1252"))
    with pytest.raises(DomainError) as err:
        read_series(path)
    assert "reeks.csv, rij 3, kolom 'note'" in str(err.value)
    assert "[mixed-encoding]" in str(err.value)
    path.write_bytes(b"period;value\r2019;12,5\r2020;13\r")
    assert [p.value for p in read_series(path)] == [12.5, 13.0]
