"""Reads that scale with the table: every current series in one read, the trend assessments
kept per data version, figure search in SQL."""

from __future__ import annotations

from pathlib import Path

from techniekpact.bootstrap import open_database
from techniekpact.changes import Origin
from techniekpact.db import transaction
from techniekpact.monitor import assessments, content, queries, versioned
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.models import Indicator
from techniekpact.monitor.progress import Method
from techniekpact.monitor.store import apply_import, load_catalogue
from techniekpact.settings import Settings

BY_TEST = Origin("test", "cli")

HEADER = "indicator;period;value;region;note;source_url"
URL = "https://example.org/bron"


def import_lines(factory, tmp_path: Path, *lines: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cijfers.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with transaction(factory) as s:
        apply_import(s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST)


def test_every_series_at_once_equals_each_series_read_alone(factory, tmp_path) -> None:
    # written out of order, and a breakdown that exists nowhere else
    import_lines(
        factory,
        tmp_path,
        f"mbo_beta_share_intake;2031/32;31;PV20;;{URL}",
        f"mbo_beta_share_intake;2029/30;29;PV20;;{URL}",
        f"mbo_beta_share_intake;2030/31;30;PV20;;{URL}",
    )
    with factory() as s:
        every = queries.current_series(s)
        assert every
        for (indicator_id, breakdown), points in every.items():
            alone = queries.series(s, indicator_id, breakdown)
            assert [(p.period, p.kind, p.time, p.value) for p in points] == [
                (p.period, p.kind, p.time, p.value) for p in alone
            ]
        mbo = s.query(Indicator).filter_by(code="mbo_beta_share_intake").one()
        assert [p.period for p in every[(mbo.id, "region=PV20")]] == [
            "2029/30",
            "2030/31",
            "2031/32",
        ]


def test_trend_assessments_are_kept_until_the_next_import(factory, tmp_path) -> None:
    with factory() as s:
        before = content._trend_assessments(s)
        assert content._trend_assessments(s) is before  # kept: no import in between
    # a steeply falling regional series pulls the indicator's mean trend score down
    import_lines(
        factory,
        tmp_path,
        *(
            f"mbo_beta_share_intake;{y}/{(y + 1) % 100:02d};{90 - 10 * (y - 2015)};PV21;;{URL}"
            for y in range(2015, 2023)
        ),
    )
    with factory() as s:
        after = content._trend_assessments(s)
        assert after is not before
        assert after == content._compute_trend_assessments(s)
    code = "mbo_beta_share_intake"
    assert after[code].score < before[code].score


def test_figure_search_runs_in_sql_with_wildcards_taken_literally(factory, tmp_path) -> None:
    import_lines(
        factory,
        tmp_path,
        f"mbo_beta_share_intake;2031/32;31;;bijna 100% zeker;{URL}",
        f"mbo_beta_share_intake;2032/33;32;;geen_streepje;{URL}",
    )
    with factory() as s:
        assert [f.note for f in content.search_figures(s, "100%")] == ["bijna 100% zeker"]
        assert [f.note for f in content.search_figures(s, "N_S")] == ["geen_streepje"]
        assert content.search_figures(s, "e_n") == []  # "_" is no wildcard ("een")
        assert content.search_figures(s, "1%zeker") == []  # nor is "%"
        assert [f.period for f in content.search_figures(s, "2032/3")] == ["2032/33"]
        assert len(content.search_figures(s, "20", limit=7)) == 7


def test_figures_filtered_and_paged_in_sql_match_the_whole_list(factory, tmp_path) -> None:
    import_lines(
        factory,
        tmp_path,
        *(
            f"mbo_beta_share_intake;{y}/{(y + 1) % 100:02d};{y - 1990};PV2{d};;{URL}"
            for y in range(2030, 2036)
            for d in (0, 1, 2)
        ),
    )
    code = "mbo_beta_share_intake"
    with factory() as s:
        every = content.observations(s, code)
        wanted = [o for o in every if o.breakdown.get("region") == "PV21"]
        assert len(wanted) == 6
        assert content.observations(s, code, breakdown={"region": "PV21"}) == wanted
        assert content.count_observations(s, code, breakdown={"region": "PV21"}) == 6
        assert content.observations(s, code, breakdown={"region": "PV2"}) == []  # whole codes
        assert content.observations(s, code, limit=4, offset=3) == every[3:7]
        assert content.count_observations(s, code) == len(every)
        totals = content.observations(s, code, total_only=True)
        assert totals == [o for o in every if not o.breakdown]


def test_plain_rows_equal_sqlalchemy_rows_and_refuse_text_parameters(factory) -> None:
    import pytest
    from sqlalchemy import select

    from techniekpact.monitor.models import Observation

    query = select(Observation.id, Observation.period, Observation.value).where(
        Observation.indicator_id.in_([1, 2, 3]), Observation.is_current.is_(True)
    )
    with factory() as s:
        connection = s.connection()
        expected = sorted(tuple(r) for r in connection.execute(query))
        assert expected
        assert sorted(queries.plain_rows(connection, query)) == expected
        with pytest.raises(ValueError):
            queries.plain_rows(connection, query.where(Observation.period == "2019/20"))


def test_goals_targets_and_indicators_are_kept_until_the_next_import(factory, tmp_path) -> None:
    """Kept per data version (monitor/versioned.py), so the next import must show at once."""
    code = "mbo_beta_share_intake"
    with factory() as s:
        count_before = {i.code: i.observations for i in content.indicators(s)}[code]
        assessed_before = assessments.assess_targets(s)
        assert assessments.assess_targets(s) == assessed_before  # kept, equal
        goals_before = content.goals(s)
        kept = content.goals(s)
        assert kept == goals_before and kept is not goals_before  # a copy: callers may sort
    import_lines(factory, tmp_path, f"{code};2039/40;31;PV20;;{URL}")
    with factory() as s:
        assert {i.code: i.observations for i in content.indicators(s)}[code] == count_before + 1
        assert {i.code: i.latest_period for i in content.indicators(s)}[code] == "2039/40"
        assert assessments._assess_targets(s, Method.OPENSDG) == assessments.assess_targets(s)
        assert content._goals(s, None) == content.goals(s)


def test_a_kept_answer_belongs_to_one_database(factory, template_url) -> None:
    """Two databases at the same data version (a copy) keep their own answers."""
    with factory() as s:
        ours = versioned.remembered(s, "probe", (), lambda: "ours")
        assert versioned.remembered(s, "probe", (), lambda: "other") == "ours"
    other = open_database(Settings(database_url=template_url))
    with other() as s:
        assert versioned.remembered(s, "probe", (), lambda: "theirs") == "theirs"
    other.kw["bind"].dispose()
    assert ours == "ours"
