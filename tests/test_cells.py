"""No CSV the project writes turns a stored text into a live spreadsheet formula (CSV injection).

Hostile texts are forced into the database (as an editor's import or a careless sync could
store them) and every output is read back: the page download, `techniekpact export` in CSV and
as a data package. Each cell that a spreadsheet would run starts with a protective quote and is
quoted; a negative figure stays the number it is; export then import restores the text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.cells import CsvWriter, neutralise, restore
from techniekpact.changes import Origin
from techniekpact.monitor import datapackage, export
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.models import GoalLink, Indicator, Observation
from techniekpact.monitor.store import apply_import, load_catalogue

BY_TEST = Origin("test", "cli")

HOSTILE = ['=HYPERLINK("http://evil","x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
# the importer strips surrounding white space and refuses line breaks, so the round trip is
# checked with the formulas an import file can carry
IMPORTABLE = HOSTILE[:4]
CODE = "mbo_beta_share_intake"
NEGATIVE = "am_tech_occupation_growth"  # a growth: no minimum, negative allowed


def _current_totals(session: Session, code: str, count: int) -> list[Observation]:
    query = (
        select(Observation)
        .join(Indicator)
        .where(Indicator.code == code, Observation.is_current, Observation.breakdown == "")
        .order_by(Observation.period)
        .limit(count)
    )
    figures = list(session.scalars(query))
    assert len(figures) == count
    return figures


def _force(factory: sessionmaker[Session], notes: list[str]) -> tuple[list[int], Observation]:
    """Give an indicator's first current total figures the hostile notes and a growth figure
    (an indicator without a minimum) the value -3.5; return the figures' ids and that figure."""
    with factory() as session, session.begin():
        figures = _current_totals(session, CODE, len(notes))
        for figure, note in zip(figures, notes, strict=True):
            figure.note = note
        (negative,) = _current_totals(session, NEGATIVE, 1)
        negative.value = -3.5
        session.flush()
        session.expunge_all()
        return [f.id for f in figures], negative


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _assert_neutralised(rows: list[dict[str, str]], column: str, texts: list[str]) -> None:
    found = {row[column] for row in rows}
    for text in texts:
        assert "'" + text in found, (column, text, sorted(found)[:10])
        assert text not in found


def _assert_quoted(raw: str, texts: list[str]) -> None:
    for text in texts:
        assert '"' + "'" + text.replace('"', '""') + '"' in raw, text


def test_writer_neutralises_text_and_leaves_numbers() -> None:
    out = io.StringIO()
    CsvWriter(out).writerow(["plain", -3.5, -2, None, "", *HOSTILE, "'=1", "x,y"])
    raw = out.getvalue()
    assert raw.startswith('plain,-3.5,-2,,,"\'=HYPERLINK(""http://evil"",""x"")","\'+1",')
    assert raw.endswith(',"\'\'=1","x,y"\n')
    cells = next(csv.reader(io.StringIO(raw, newline="")))
    assert cells[:5] == ["plain", "-3.5", "-2", "", ""]
    assert cells[5:11] == ["'" + text for text in HOSTILE]
    restored = [restore(cell) for cell in cells]
    assert restored == ["plain", "-3.5", "-2", "", "", *HOSTILE, "'=1", "x,y"]


@pytest.mark.parametrize(
    "text", [*HOSTILE, "'=1", "''+2", "'", "'plain", "plain", "3", "", "a=b", "2024-2025"]
)
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore(neutralise(text)) == text


def test_numbers_and_missing_values_pass_unchanged() -> None:
    for value in (-3.5, -2, 0, None, True):
        assert neutralise(value) is value


def test_indicator_download(factory, client) -> None:
    _, negative = _force(factory, HOSTILE)
    response = client.get(f"/indicators/{CODE}/data.csv")
    assert response.status_code == 200
    rows = _rows(response.text)
    _assert_neutralised(rows, "note", HOSTILE)
    _assert_quoted(response.text, HOSTILE)
    assert "\n" + CODE + ",2" in response.text  # a plain row is not quoted
    growth = client.get(f"/indicators/{NEGATIVE}/data.csv").text
    assert f"{NEGATIVE},{negative.period},-3.5," in growth


def test_export_csv_and_back(factory, tmp_path: Path) -> None:
    forced, negative = _force(factory, IMPORTABLE)
    with factory() as session:
        text = export.to_csv(session)
    _assert_neutralised(_rows(text), "note", IMPORTABLE)
    _assert_quoted(text, IMPORTABLE)
    assert f"{NEGATIVE},{negative.period},-3.5," in text

    # export then import changes nothing, and the stored notes are the hostile texts again
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with factory() as session, session.begin():
        summary = apply_import(
            session, parse_file(path, load_catalogue(session)), source_name="x", origin=BY_TEST
        )
    assert (summary.new, summary.revised, summary.unchanged) == (0, 0, summary.rows)
    with factory() as session:
        assert [session.get(Observation, id_).note for id_ in forced] == IMPORTABLE
        assert session.get(Observation, negative.id).value == -3.5
        assert export.to_csv(session) == text


def test_export_command_writes_the_same_guarded_csv(factory, cli, tmp_path: Path) -> None:
    _force(factory, HOSTILE)
    # to a file: the subprocess's text mode would read the stored carriage return as a newline
    result = cli("export", "--format", "csv", "--output", "figures.csv")
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "figures.csv", encoding="utf-8", newline="") as fh:
        text = fh.read()
    _assert_neutralised(_rows(text), "note", HOSTILE)
    _assert_quoted(text, HOSTILE)
    with factory() as session:
        assert text == export.to_csv(session)


def test_datapackage(factory, tmp_path: Path) -> None:
    _, negative = _force(factory, HOSTILE)
    with factory() as session, session.begin():
        session.scalars(select(Indicator).where(Indicator.code == CODE)).one().name_en = HOSTILE[0]
        link = session.scalars(select(GoalLink).order_by(GoalLink.id)).first()
        assert link is not None
        link.note = "@SUM(A1)"
    with factory() as session:
        folder = datapackage.write_datapackage(session, tmp_path / "pkg").parent
    with open(folder / "observations.csv", encoding="utf-8", newline="") as fh:
        observations = fh.read()
    _assert_neutralised(_rows(observations), "note", HOSTILE)
    _assert_quoted(observations, HOSTILE)
    assert f"{NEGATIVE},{negative.period},-3.5," in observations
    indicators = _rows((folder / "indicators.csv").read_text("utf-8"))
    _assert_neutralised(indicators, "name_en", HOSTILE[:1])
    links = _rows((folder / "goal_links.csv").read_text("utf-8"))
    _assert_neutralised(links, "note", ["@SUM(A1)"])

    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])
