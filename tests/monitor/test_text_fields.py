"""Stored text of a figure file: editions are real dates in one canonical form, and no text holds
a control character (a note may hold line breaks and tabs). Both engines; the database is
unchanged after every refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from techniekpact.monitor.editions import EditionError, canonical_edition, is_canonical
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.problems import ImportRejected
from tests.monitor.test_import import URL, current, fingerprint, run_import, write

HEADER = "indicator;period;value;source_url;source_edition;note"
SHARE = "mbo_beta_share_intake"


def refused(factory, path: Path) -> list:  # type: ignore[no-untyped-def]
    before = fingerprint(factory)
    with pytest.raises(ImportRejected) as err:
        run_import(factory, path)
    assert fingerprint(factory) == before
    return err.value.report.problems


def notes(factory, period: str) -> list[str]:  # type: ignore[no-untyped-def]
    with factory() as session:
        return list(
            session.scalars(
                select(Observation.note)
                .join(Indicator)
                .where(Indicator.code == SHARE, Observation.period == period)
            )
        )


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2024", "2024"),
        ("2024-06", "2024-06"),
        ("2024-6", "2024-06"),
        ("2024-06-27", "2024-06-27"),
        ("2024/6/27", "2024-06-27"),
        ("27-06-2024", "2024-06-27"),  # Dutch day-month-year
        ("27.6.2024", "2024-06-27"),
        ("06-2024", "2024-06"),
        ("", ""),
    ],
)
def test_editions_are_normalised(text: str, canonical: str) -> None:
    assert canonical_edition(text) == canonical


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("２０２５", "cijfers die geen gewone cijfers 0-9 zijn (zoals volle breedte)"),
        ("２０２４-06-27", "cijfers die geen gewone cijfers 0-9 zijn (zoals volle breedte)"),
        ("٢٠٢٤", "cijfers die geen gewone cijfers 0-9 zijn (zoals volle breedte)"),
        ("2024-13", "geen bestaande datum"),
        ("2023-02-29", "geen bestaande datum"),
        ("1850", "jaar 1850 ligt buiten 1900-2100"),
        ("24", "geen jaar, maand of datum"),
        ("2024-06-27T10:00:00", "geen jaar, maand of datum"),
        ("juni 2024", "geen jaar, maand of datum"),
        ("2024-06-27-01", "geen jaar, maand of datum"),
    ],
)
def test_bad_editions_are_refused_with_position(
    text: str, reason: str, factory, tmp_path: Path
) -> None:
    with pytest.raises(EditionError, match=re.escape(reason)):
        canonical_edition(text)
    path = write(
        tmp_path, f"{HEADER}\n{SHARE};2030/31;28;{URL};2024;\n{SHARE};2031/32;28;{URL};{text};\n"
    )
    (problem,) = refused(factory, path)
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "bad-edition",
        3,
        "source_edition",
        text,
    )
    assert problem.message == f"editie niet als jaar of datum: {reason}"
    assert problem.expected == "2024, 2024-06 of 2024-06-27"


def test_full_width_edition_can_no_longer_beat_a_real_year(factory, tmp_path: Path) -> None:
    """Before: '２０２５' > '2025' as text, so its value became the shown one."""
    run_import(factory, write(tmp_path, f"{HEADER}\n{SHARE};2030/31;28;{URL};2025;\n", "a.csv"))
    problems = refused(
        factory, write(tmp_path, f"{HEADER}\n{SHARE};2030/31;99;{URL};２０２５;\n", "b.csv")
    )
    assert [(p.code, p.row, p.found) for p in problems] == [("bad-edition", 2, "２０２５")]
    assert current(factory, SHARE, "2030/31") == [(28.0, True, "2025")]


def test_a_normalised_edition_is_compared_as_a_date(factory, tmp_path: Path) -> None:
    run_import(factory, write(tmp_path, f"{HEADER}\n{SHARE};2030/31;28;{URL};2024-12;\n", "a.csv"))
    # a day-month-year edition is stored as the date it is: newer than 2024-12
    run_import(
        factory, write(tmp_path, f"{HEADER}\n{SHARE};2030/31;29;{URL};27-06-2025;\n", "b.csv")
    )
    # '6-2024' as text would sort after both; as the month it is, it is older than either
    run_import(factory, write(tmp_path, f"{HEADER}\n{SHARE};2030/31;30;{URL};6-2024;\n", "c.csv"))
    assert current(factory, SHARE, "2030/31") == [
        (28.0, False, "2024-12"),
        (29.0, True, "2025-06-27"),
        (30.0, False, "2024-06"),
    ]


def test_bundled_editions_are_canonical(factory) -> None:
    with factory() as session:
        editions = set(session.scalars(select(Observation.source_edition).distinct()))
    assert editions and all(is_canonical(e) for e in editions if e), sorted(editions)


@pytest.mark.parametrize(
    ("column", "text", "code_point"),
    [
        ("note", "zie\x01bijlage", 0x01),
        ("note", "regel\x0bverder", 0x0B),
        ("note", "C1 \x85 teken", 0x85),
        ("note", "omgedraaid \u202egnitset", 0x202E),
        ("note", "isolaat \u2066x\u2069", 0x2066),
        ("source_edition", "20\x0724", 0x07),
        ("period", "2031/\x1b32", 0x1B),
        ("value", "2\x7f8", 0x7F),
    ],
)
# (a NUL byte is the text reader's own refusal, nul-byte: tests/monitor/test_hostile_csv.py)
def test_control_characters_are_refused_with_position(
    column: str, text: str, code_point: int, factory, tmp_path: Path
) -> None:
    fields = {
        "indicator": SHARE,
        "period": "2031/32",
        "value": "28",
        "source_edition": "",
        "note": "",
    }
    fields[column] = text
    row = ";".join(fields[c] for c in ("indicator", "period", "value")) + f";{URL};"
    row += f"{fields['source_edition']};{fields['note']}"
    path = write(tmp_path, f"{HEADER}\n{SHARE};2030/31;28;{URL};;\n{row}\n")
    problems = [p for p in refused(factory, path) if p.code == "control-character"]
    assert [(p.row, p.column, p.found) for p in problems] == [(3, column, text)]
    assert problems[0].message == (
        f"stuurteken U+{code_point:04X} in de tekst (onzichtbaar; niet toegestaan)"
    )
    assert problems[0].expected == "tekst zonder stuurtekens"


def test_a_note_keeps_line_breaks_and_tabs(factory, tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        f'{SHARE};2030/31;28;{URL};;"eerste regel\r\ntweede regel"\n'
        f'{SHARE};2031/32;28;{URL};;"oud\rMac"\n'
        f"{SHARE};2032/33;28;{URL};;kolom\tmet tab\n"
    )
    assert run_import(factory, write(tmp_path, text)).new == 3
    assert notes(factory, "2030/31") == ["eerste regel\ntweede regel"]
    assert notes(factory, "2031/32") == ["oud\nMac"]
    assert notes(factory, "2032/33") == ["kolom\tmet tab"]


def test_a_tab_or_line_break_outside_the_note_is_refused(factory, tmp_path: Path) -> None:
    path = write(tmp_path, f'{HEADER}\n{SHARE};"2030/\n31";28;{URL};;\n')
    problems = [p for p in refused(factory, path) if p.code == "control-character"]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (2, "period", "stuurteken U+000A in de tekst (onzichtbaar; niet toegestaan)")
    ]
