"""The CBS connector end to end through the monitor's import path, against a local server.

No recorded CBS OData answer exists in public material: the answers are built from CBS's
documented OData v4 shapes (tests/sources/cbs_server.py says which) and served by a real HTTP
server on 127.0.0.1. Every test runs on SQLite and, with TECHNIEKPACT_TEST_POSTGRES_URL, on
PostgreSQL (the conftest's fresh database per test).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.monitor.models import Indicator, Observation
from techniekpact.problems import ImportRejected
from techniekpact.sources.cbs import CONNECTOR
from techniekpact.sources.models import FigureLineage, SourceInput
from techniekpact.sources.run import run_connector
from tests.sources.cbs_server import FakeCbs, ho_students_table, mbo_students_table, serve

# 3 sexes x (Nederland + 12 provinces) x 2 school years, the rest of the table not selected
MBO_FIGURES = 78
# 2 measures x 3 (total, hbo, wo) x 3 sexes x 1 school year
HO_FIGURES = 18


@pytest.fixture
def fake() -> FakeCbs:
    return FakeCbs({"85353NED": mbo_students_table(), "85421NED": ho_students_table()})


@pytest.fixture
def api_root(fake: FakeCbs) -> Iterator[str]:
    with serve(fake) as root:
        yield root


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def connector(waits: list[float]):  # type: ignore[no-untyped-def]
    """The registered connector, its backoff recorded instead of slept."""
    return dataclasses.replace(CONNECTOR, sleep=waits.append)


def _count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _cbs_lineage(factory: sessionmaker[Session]) -> tuple[int, int]:
    """(CBS inputs, figures with CBS lineage): the seeded database has DUO's already."""
    with factory() as session:
        inputs = session.scalar(
            select(func.count()).select_from(SourceInput).where(SourceInput.connector == "cbs")
        )
        figures = session.scalar(
            select(func.count())
            .select_from(FigureLineage)
            .join(SourceInput, SourceInput.id == FigureLineage.source_input_id)
            .where(SourceInput.connector == "cbs")
        )
    return inputs or 0, figures or 0


def _cbs_figures(factory: sessionmaker[Session]) -> dict[tuple[str, str, str], tuple]:
    """Current CBS figures: (indicator, period, breakdown) -> (value, flags, edition)."""
    with factory() as session:
        rows = session.execute(
            select(
                Indicator.code,
                Observation.period,
                Observation.breakdown,
                Observation.value,
                Observation.flags,
                Observation.source_edition,
            )
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(Indicator.code.startswith("cbs_"), Observation.is_current)
        ).all()
    return {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in rows}


def test_import_reads_every_page_and_stores_the_selected_figures(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    result = run_connector(factory, connector, ["85353NED"], {"api_root": api_root})
    assert (result.summary.new, result.summary.revised, result.summary.unchanged) == (
        MBO_FIGURES,
        0,
        0,
    )
    pages = [r for r in fake.requests if "/Observations" in r]
    assert len(pages) == 4  # 78 observations in pages of 25, joined by @odata.nextLink
    assert all("%24filter=Measure+eq+%27M000001%27" in r for r in pages)
    figures = _cbs_figures(factory)
    assert len(figures) == MBO_FIGURES
    # Groningen (the second region served), men, 2019/'20: 1000*2 + 0 + len("T001") + len("T002")
    assert figures[("cbs_mbo_students", "2019/20", "region=PV20;sex=male")] == (
        2008.0,
        "",
        "2026-04-09",
    )
    # Nederland is the total; CBS's "Voorlopig" period is a provisional figure
    total = figures[("cbs_mbo_students", "2020/21", "")]
    # (cbs_server: base 1000 + 10 + 4 = 1014; men base + 4, women base // 2 + 4)
    assert total[0] == (1014 + 4) + (507 + 4) and total[1] == "provisional"
    # lineage: one input (the table, its Modified date, the mapping's version), every figure
    assert result.lineage_rows == MBO_FIGURES
    assert _cbs_lineage(factory) == (1, MBO_FIGURES)
    with factory() as session:
        (source,) = session.scalars(select(SourceInput).where(SourceInput.connector == "cbs"))
    assert (source.name, source.connector, source.connector_version) == ("85353NED", "cbs", "1.0")
    assert "bijgewerkt 2026-04-09" in source.description
    assert "85353NED.yaml versie 1" in source.description
    assert source.classification_version == "1" and len(source.checksum) == 64


def test_second_run_changes_nothing(
    factory: sessionmaker[Session], api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    run_connector(factory, connector, ["85353NED", "85421NED"], {"api_root": api_root})
    before = (_count(factory, Observation), _cbs_lineage(factory))
    again = run_connector(factory, connector, ["85353NED", "85421NED"], {"api_root": api_root})
    assert (again.summary.new, again.summary.revised) == (0, 0)
    assert again.summary.unchanged == MBO_FIGURES + HO_FIGURES
    assert again.summary.import_id is None
    assert (_count(factory, Observation), _cbs_lineage(factory)) == before


def test_dry_run_counts_and_writes_nothing(
    factory: sessionmaker[Session], api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    before = _count(factory, Observation)
    result = run_connector(
        factory, connector, ["85353NED", "85421NED"], {"api_root": api_root}, dry_run=True
    )
    assert result.summary.dry_run and result.summary.new == MBO_FIGURES + HO_FIGURES
    assert _count(factory, Observation) == before
    assert _cbs_lineage(factory) == (0, 0)


def test_a_new_release_is_a_new_edition(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    table = fake.tables["85421NED"]
    table["Properties"]["Modified"] = "2026-06-01T02:00:00"
    table["Observations"][0]["Value"] = 99_999
    result = run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    assert (result.summary.new, result.summary.revised) == (0, HO_FIGURES)
    figures = _cbs_figures(factory)
    assert figures[("cbs_ho_students", "2019/20", "")] == (99_999.0, "", "2026-06-01")
    with factory() as session:
        kept = session.scalar(
            select(func.count()).select_from(Observation).where(Observation.revision == 1)
        )
    assert kept and kept >= HO_FIGURES  # the first release's revisions stay


def test_a_500_mid_way_changes_nothing(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector, waits: list[float]
) -> None:  # type: ignore[no-untyped-def]
    run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    stored = _cbs_figures(factory)
    batches = _cbs_lineage(factory)
    # a new release of 85353NED and 85421NED, but the third page of 85353NED keeps failing
    fake.tables["85421NED"]["Properties"]["Modified"] = "2026-06-01T02:00:00"
    fake.failures[("Observations", 50)] = -1
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85421NED", "85353NED"], {"api_root": api_root})
    (problem,) = caught.value.report.problems
    assert problem.code == "source-unavailable"
    assert "/85353NED/Observations" in problem.file and "500" in problem.found
    third = [r for r in fake.requests if "85353NED/Observations" in r and "skip=50" in r]
    assert len(third) == 3 and waits == [0.5, 1.0]  # bounded retries with backoff
    assert _cbs_figures(factory) == stored  # the other table's new release is not stored
    assert _cbs_lineage(factory) == batches


def test_retries_then_success(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector, waits: list[float]
) -> None:  # type: ignore[no-untyped-def]
    fake.failures[("Observations", 25)] = 2
    fake.failures[("Dimensions", 0)] = 1
    result = run_connector(factory, connector, ["85353NED"], {"api_root": api_root})
    assert result.summary.new == MBO_FIGURES
    assert waits == [0.5, 0.5, 1.0]
    assert len(_cbs_figures(factory)) == MBO_FIGURES


def _ignore_filters(fake: FakeCbs) -> None:
    """Make the stand-in answer more than the filter asked for, as any server may."""
    original = fake.answer

    def unfiltered(path: str, query: dict[str, list[str]]):  # type: ignore[no-untyped-def]
        return original(path, {k: v for k, v in query.items() if k != "$filter"})

    fake.answer = unfiltered  # type: ignore[method-assign]


def test_an_observation_with_an_unknown_code_is_refused(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    table = fake.tables["85421NED"]
    # observation 2 (Totaal ingeschrevenen, total, men) gets a code its table also lists: it is
    # no longer selected, so it is not asked for and not read
    table["Observations"][1]["Geslacht"] = "9999"
    table["GeslachtCodes"].append({"Identifier": "9999", "Index": 9, "Title": "Onbekend"})
    result = run_connector(factory, connector, ["85421NED"], {"api_root": api_root}, dry_run=True)
    assert result.summary.new == HO_FIGURES - 1
    # an answer holding a code the table's own code list does not have is refused at its place
    table["GeslachtCodes"].pop()
    _ignore_filters(fake)
    fake.page_size = 1000
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    problems = caught.value.report.problems
    assert [(p.code, p.file, p.row, p.column, p.found) for p in problems] == [
        ("unknown-code", "85421NED/Observations", 2, "Geslacht", "9999")
    ]
    assert _cbs_lineage(factory) == (0, 0)


def test_an_unknown_measure_code_in_the_answer_is_refused(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    fake.tables["85421NED"]["Observations"].append(
        {"Id": 999, "Measure": "M9", "ValueAttribute": "None", "Value": 1, "Geslacht": "3000",
         "Onderwijssoort": "HBO", "Studierichting": "T002", "Herkomstland": "T003",
         "GeboortelandOuders": "T004", "Perioden": "2019SJ00"}
    )  # fmt: skip
    fake.page_size = 1000
    _ignore_filters(fake)
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    problems = caught.value.report.problems
    assert [(p.code, p.file, p.column, p.found) for p in problems] == [
        ("unknown-code", "85421NED/Observations", "Measure", "M9")
    ]
    assert problems[0].row == len(fake.tables["85421NED"]["Observations"])


def test_a_mapped_value_the_table_lacks_is_an_unknown_code(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    codes = fake.tables["85353NED"]["GeslachtCodes"]
    fake.tables["85353NED"]["GeslachtCodes"] = [c for c in codes if c["Title"] != "Vrouwen"]
    fake.tables["85353NED"]["RegioCodes"] = [
        c for c in fake.tables["85353NED"]["RegioCodes"] if c["Identifier"] != "PV24"
    ]
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85353NED"], {"api_root": api_root})
    found = [(p.code, p.file, p.column, p.expected) for p in caught.value.report.problems]
    assert found == [
        ("unknown-code", "85353NED/GeslachtCodes", "Geslacht", "Vrouwen"),
        ("unknown-code", "85353NED/RegioCodes", "Regio", "PV24"),
    ]
    # the problem lists the table's own titles, so the mapping can be corrected in one go
    assert "Mannen" in caught.value.report.problems[0].found
    assert not any("Observations" in r for r in fake.requests)  # refused before the data


def test_a_changed_table_structure_is_refused(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    table = fake.tables["85353NED"]
    table["Dimensions"] = [d for d in table["Dimensions"] if d["Identifier"] != "Leerweg"]
    table["MeasureCodes"][0]["Title"] = "Studenten in het mbo"  # renamed
    table["Dimensions"].insert(0, dict(table["Dimensions"][0], Identifier="Leeftijd",
                                       Title="Leeftijd"))  # fmt: skip
    table["LeeftijdCodes"] = [{"Identifier": "T009", "Index": 1, "Title": "Totaal"}]
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85353NED"], {"api_root": api_root})
    problems = caught.value.report.problems
    assert {p.code for p in problems} == {"table-changed"}
    assert [(p.file, p.column) for p in problems] == [
        ("85353NED/MeasureCodes", "Measure"),  # the renamed measure
        ("85353NED/Dimensions", "Leerweg"),  # the missing dimension
        ("85353NED/Dimensions", "Leeftijd"),  # the new one: figures would be counted twice
    ]
    assert "Studenten in het mbo" in problems[0].found
    assert _cbs_lineage(factory) == (0, 0)


def test_unknown_tables_and_bad_ids_are_refused_before_any_request(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85696NED", "../etc"], {"api_root": api_root})
    assert [(p.code, p.found) for p in caught.value.report.problems] == [
        ("unknown-code", "85696NED"),
        ("unknown-code", "../etc"),
    ]
    assert "85353NED" in caught.value.report.problems[0].expected
    assert fake.requests == []


def test_a_next_page_elsewhere_is_not_followed(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    fake.root = "http://example.org"  # the server's nextLinks now point off the API root
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85353NED"], {"api_root": api_root})
    (problem,) = caught.value.report.problems
    assert problem.code == "source-unavailable" and "example.org" in problem.found


def test_cli_import_end_to_end(cli, fake: FakeCbs, api_root: str) -> None:  # type: ignore[no-untyped-def]
    dry = cli("sources", "import", "cbs", "85353NED", "85421NED", "--api-root", api_root,
              "--dry-run", "--json")  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    counts = json.loads(dry.stdout)
    assert (counts["new"], counts["dry_run"]) == (MBO_FIGURES + HO_FIGURES, True)
    done = cli("sources", "import", "cbs", "85353NED", "85421NED", "--api-root", api_root,
               "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] == MBO_FIGURES + HO_FIGURES and summary["import_id"]
    assert [i["name"] for i in summary["inputs"]] == ["85353NED", "85421NED"]
    assert summary["lineage_rows"] == MBO_FIGURES + HO_FIGURES
    again = cli("sources", "import", "cbs", "85353NED", "85421NED", "--api-root", api_root,
                "--json")  # fmt: skip
    assert json.loads(again.stdout)["unchanged"] == MBO_FIGURES + HO_FIGURES
    fake.tables["85353NED"]["Dimensions"].pop(0)
    refused = cli("sources", "import", "cbs", "85353NED", "--api-root", api_root)
    assert refused.returncode != 0
    assert "table-changed" in refused.stderr and "Geslacht" in refused.stderr


def test_unpublished_values_are_skipped_and_unknown_period_kinds_refused(
    factory: sessionmaker[Session], fake: FakeCbs, api_root: str, connector
) -> None:  # type: ignore[no-untyped-def]
    table = fake.tables["85421NED"]
    table["Observations"][0].update(Value=None, ValueAttribute="Impossible")
    result = run_connector(factory, connector, ["85421NED"], {"api_root": api_root}, dry_run=True)
    assert result.summary.new == HO_FIGURES - 1
    assert any("1 waarnemingen zonder waarde" in n for n in result.notes)
    # a month in a table the monitor reads by school year
    table["PeriodenCodes"].append({"Identifier": "2021MM01", "Index": 3, "Title": "2021 januari"})
    table["Observations"][2]["Perioden"] = "2021MM01"
    with pytest.raises(ImportRejected) as caught:
        run_connector(factory, connector, ["85421NED"], {"api_root": api_root})
    assert [(p.code, p.row, p.column) for p in caught.value.report.problems] == [
        ("bad-period", 3, "Perioden")
    ]
