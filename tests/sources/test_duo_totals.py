"""The DUO series equal sums computed independently from the raw CSV, and a second run changes
nothing (the seeded database already holds the bundled files' series)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.batches import ImportBatch
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.problems import ImportRejected
from techniekpact.sources.duo import CONNECTOR
from techniekpact.sources.models import FigureLineage, SourceInput
from techniekpact.sources.run import run_connector
from tests.sources.helpers import (
    HBO,
    HBO_GRADUATES,
    MBO,
    SEEDED,
    WO,
    WO_GRADUATES,
    raw_totals,
)

CASES = [
    (MBO, "MBO SECTOR", "duo_mbo_tech_students"),
    (HBO, "CROHO ONDERDEEL", "duo_hbo_tech_first_year"),
    (WO, "CROHO ONDERDEEL", "duo_wo_tech_first_year"),
]


def _national(session: Session, code: str) -> dict[int, float]:
    rows = session.execute(
        select(Observation.period, Observation.value)
        .join(Indicator)
        .where(
            Indicator.code == code, Observation.is_current.is_(True), Observation.breakdown == ""
        )
    ).all()
    return {int(p): v for p, v in rows}


@pytest.mark.parametrize(("path", "column", "code"), CASES, ids=["mbo", "hbo", "wo"])
def test_seeded_national_totals_equal_the_raw_sums(
    session: Session, path, column: str, code: str
) -> None:  # type: ignore[no-untyped-def]
    expected = raw_totals(path, column)
    counts = _national(session, code)
    shares = _national(session, f"{code}_share")
    assert sorted(counts) == sorted(expected) == [2015, 2016, 2017, 2018, 2019]
    for year, (technical, every) in expected.items():
        assert counts[year] == technical
        assert shares[year] == pytest.approx(round(technical * 100 / every, 2))


def test_known_figures_of_the_real_files(session: Session) -> None:
    # read off the raw files once (awk over TOTAAL2019 where MBO SECTOR is techniek); a
    # regression here means the reading changed, not the data
    assert (
        _national(session, "duo_mbo_tech_students")[2019] == raw_totals(MBO, "MBO SECTOR")[2019][0]
    )
    assert _national(session, "duo_hbo_tech_first_year")[2015] == 20087


def test_a_second_run_changes_nothing(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        before = (
            s.scalar(select(func.count()).select_from(Observation)),
            s.scalar(select(func.count()).select_from(ImportBatch)),
            s.scalar(select(func.count()).select_from(SourceInput)),
        )
    result = run_connector(factory, CONNECTOR, [str(p) for p in SEEDED])
    assert result.summary.new == result.summary.revised == 0
    assert result.summary.unchanged == result.summary.rows > 2000
    assert result.summary.import_id is None and result.lineage_rows == 0
    with factory() as s:
        after = (
            s.scalar(select(func.count()).select_from(Observation)),
            s.scalar(select(func.count()).select_from(ImportBatch)),
            s.scalar(select(func.count()).select_from(SourceInput)),
        )
    assert after == before


def test_new_files_are_written_once_with_lineage(factory: sessionmaker[Session]) -> None:
    paths = [str(HBO_GRADUATES), str(WO_GRADUATES)]
    dry = run_connector(factory, CONNECTOR, paths, dry_run=True)
    assert dry.summary.new == dry.summary.rows > 0 and dry.summary.import_id is None
    # a 200-row sample has series far from each other's medians: warned about, then accepted
    with pytest.raises(ImportRejected):
        run_connector(factory, CONNECTOR, paths)
    first = run_connector(factory, CONNECTOR, paths, accept_warnings=True)
    assert first.summary.new == dry.summary.new and first.summary.import_id is not None
    assert first.lineage_rows == first.summary.new
    assert any("Steekproef" in n for n in first.notes)
    with factory() as s:
        batch = s.get(ImportBatch, first.summary.import_id)
        assert batch is not None and batch.file_format == "duo" and batch.new == first.summary.new
        names = set(
            s.scalars(
                select(SourceInput.name).where(SourceInput.import_id == first.summary.import_id)
            )
        )
        # DUO's own file names, found by checksum in the manifest
        assert names == {"05-gediplomeerden-hbo-2019.csv", "05-gediplomeerden-wo-2019.csv"}
        linked = s.scalar(
            select(func.count())
            .select_from(FigureLineage)
            .join(Observation, Observation.id == FigureLineage.observation_id)
            .where(Observation.import_id == first.summary.import_id)
        )
        assert linked == first.summary.new
    again = run_connector(factory, CONNECTOR, paths, accept_warnings=True)
    assert (again.summary.new, again.summary.revised, again.summary.import_id) == (0, 0, None)
    graduates = raw_totals(HBO_GRADUATES, "CROHO ONDERDEEL")
    with factory() as s:
        counts = _national(s, "duo_hbo_tech_graduates")
    assert counts == {y: t for y, (t, _all) in graduates.items()}


def test_regional_series_cover_every_province_for_hbo(session: Session) -> None:
    regions = set(
        session.scalars(
            select(Observation.breakdown)
            .join(Indicator)
            .where(Indicator.code == "duo_hbo_tech_first_year", Observation.is_current.is_(True))
        )
    )
    provinces = {b.split("=")[1] for b in regions if b.startswith("region=PV") and ";" not in b}
    assert len(provinces) == 12
