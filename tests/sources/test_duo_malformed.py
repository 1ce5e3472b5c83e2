"""Malformed DUO files are refused with positioned problems and change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.batches import ImportBatch
from techniekpact.monitor.models import Observation
from techniekpact.problems import ImportRejected, Problem
from techniekpact.sources.duo import CONNECTOR
from techniekpact.sources.run import run_connector
from tests.sources.helpers import HBO, MBO, write_variant


def _state(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as s:
        return (
            s.scalar(select(func.count()).select_from(Observation)) or 0,
            s.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


def _rejected(factory: sessionmaker[Session], path: Path) -> list[Problem]:
    before = _state(factory)
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, CONNECTOR, [str(path)])
    assert _state(factory) == before
    return caught.value.report.problems


def _drop(name: str):  # type: ignore[no-untyped-def]
    def edit(header: list[str], body: list[list[str]]):  # type: ignore[no-untyped-def]
        i = header.index(name)
        return header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in body]

    return edit


def test_a_missing_year_column(factory: sessionmaker[Session], tmp_path: Path) -> None:
    path = write_variant(MBO, tmp_path / "mbo-deelnemers.csv", 50, _drop("VROUW2017"))
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row, problem.column) == ("missing-column", 1, "VROUW2017")


def test_no_year_columns_at_all(factory: sessionmaker[Session], tmp_path: Path) -> None:
    def edit(header, body):  # type: ignore[no-untyped-def]
        keep = [i for i, h in enumerate(header) if not h.isdigit()]
        return [header[i] for i in keep], [[r[i] for i in keep] for r in body]

    path = write_variant(HBO, tmp_path / "hbo-eerstejaars.csv", 20, edit)
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row) == ("missing-column", 1)


def test_a_renamed_column(factory: sessionmaker[Session], tmp_path: Path) -> None:
    def edit(header, body):  # type: ignore[no-untyped-def]
        return ["SECTOR MBO" if h == "MBO SECTOR" else h for h in header], body

    path = write_variant(MBO, tmp_path / "mbo-deelnemers.csv", 50, edit)
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row, problem.column) == ("missing-column", 1, "MBO SECTOR")


def test_columns_are_found_by_name_not_position(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    def edit(header, body):  # type: ignore[no-untyped-def]
        order = list(reversed(range(len(header))))
        return [header[i] for i in order], [[r[i] for i in order] for r in body]

    path = write_variant(HBO, tmp_path / "hbo-eerstejaars.csv", 300, edit)
    result = run_connector(factory, CONNECTOR, [str(path)], dry_run=True)
    assert result.summary.rows > 0


def test_an_unknown_place(factory: sessionmaker[Session], tmp_path: Path) -> None:
    def edit(header, body):  # type: ignore[no-untyped-def]
        i = header.index("PLAATSNAAM")
        body[9][i] = "ATLANTIS"
        return header, body

    path = write_variant(MBO, tmp_path / "mbo-deelnemers.csv", 50, edit)
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row, problem.column) == ("unknown-place", 11, "PLAATSNAAM")
    assert "ATLANTIS" in problem.message and problem.found == "ATLANTIS"


def test_text_in_a_count(factory: sessionmaker[Session], tmp_path: Path) -> None:
    def edit(header, body):  # type: ignore[no-untyped-def]
        i = header.index("2018")
        body[4][i] = "12a"
        return header, body

    path = write_variant(HBO, tmp_path / "hbo-eerstejaars.csv", 20, edit)
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "not-a-number",
        6,
        "2018",
        "12a",
    )


def test_a_file_of_another_family(factory: sessionmaker[Session], tmp_path: Path) -> None:
    import techniekpact

    ours = Path(techniekpact.__file__).parent / "data" / "observations.csv"
    [problem] = _rejected(factory, ours)
    assert (problem.code, problem.row) == ("unknown-source-family", 1)


def test_a_first_year_file_that_does_not_say_hbo_or_wo(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_variant(HBO, tmp_path / "eerstejaars.csv", 20)
    [problem] = _rejected(factory, path)
    assert (problem.code, problem.row) == ("unknown-source-family", 1)


def test_overlapping_inputs(factory: sessionmaker[Session], tmp_path: Path) -> None:
    first = write_variant(HBO, tmp_path / "a-hbo.csv", 20)
    second = write_variant(HBO, tmp_path / "b-hbo.csv", 30)
    before = _state(factory)
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, CONNECTOR, [str(first), str(second)])
    assert caught.value.report.codes == {"overlapping-inputs"}
    assert _state(factory) == before


def test_a_missing_file(factory: sessionmaker[Session], tmp_path: Path) -> None:
    [problem] = _rejected(factory, tmp_path / "nothing-hbo.csv")
    assert problem.code == "file-not-found"
