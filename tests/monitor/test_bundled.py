"""The bundled Techniekpact: complete, sourced, assessable and traceable."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import func, select

from techniekpact.monitor import assessments, queries
from techniekpact.monitor.models import Framework, Goal, Indicator, Observation, Target
from techniekpact.monitor.progress import Method, Status


def test_frameworks_goals_and_counts(session) -> None:
    counts = queries.stats(session)
    assert counts["frameworks"] == 5
    # 566 figures copied from publications, 2,148 computed from the bundled DUO files (each
    # with its lineage)
    assert counts["revisions"] == 566 + 2148
    from techniekpact.sources.models import FigureLineage

    assert session.scalar(select(func.count()).select_from(FigureLineage)) == 2148
    assert counts["observations"] >= 500
    assert counts["targets"] == 8
    codes = list(session.scalars(select(Framework.code).order_by(Framework.year_start)))
    assert codes == ["tp2013", "tp2016", "tp2018", "tp2021", "agdb2023"]
    twelve = session.scalar(
        select(func.count()).select_from(Goal).join(Framework).where(Framework.code == "tp2016")
    )
    assert twelve == 12


def test_every_figure_has_a_source(session) -> None:
    missing = session.scalar(
        select(func.count())
        .select_from(Observation)
        .where((Observation.source_url == "") | ~Observation.source_url.startswith("http"))
    )
    assert missing == 0


def test_every_research_row_is_kept_or_excluded_with_a_reason() -> None:
    data = resources.files("techniekpact") / "data"
    with (data / "observations-excluded.csv").open(encoding="utf-8") as fh:
        excluded = list(csv.DictReader(fh))
    assert all(row["reason"] for row in excluded)
    with (data / "observations.csv").open(encoding="utf-8") as fh:
        kept = list(csv.DictReader(fh))
    research_lines = {int(r["line"]) for r in excluded}
    assert len(research_lines) == len(excluded)
    # every kept figure quotes its source ("bron [en]:" marks an English quotation)
    quoted = ("bron:", "bron [en]:")
    assert all(
        r["source_url"].startswith("http") and any(q in r["note"] for q in quoted) for r in kept
    )


def test_editions_disagreeing_are_both_kept_and_the_newest_wins(session) -> None:
    indicator = session.scalar(select(Indicator).where(Indicator.code == "mbo_beta_count_intake"))
    rows = session.execute(
        select(Observation.value, Observation.source_edition, Observation.is_current)
        .where(Observation.indicator_id == indicator.id, Observation.period == "2018/19")
        .order_by(Observation.source_edition)
    ).all()
    assert [tuple(r) for r in rows] == [(43080.0, "2019", False), (42854.0, "2020", True)]


def test_every_target_gets_a_status(session) -> None:
    results = assessments.assess_targets(session)
    assert {r.target_code for r in results} == set(session.scalars(select(Target.code)))
    by_code = {r.target_code: r.assessment for r in results}
    # 21,000 companies in 2023 against 20,000 in 2025 (mbo-today.nl via the facts file)
    assert by_code["katapult-bedrijven-20000"].status is Status.TARGET_ACHIEVED
    # mbo: 29% (2013/14) -> 28% (2020/21) against 30% in 2020
    mbo = by_code["mbo-beta-30"]
    assert mbo.status is Status.DETERIORATION
    assert (mbo.base_year, mbo.current_year) == (2013, 2020)
    assert by_code["po-wt-structureel-100"].status is Status.NOT_AVAILABLE
    eurostat = assessments.assess_targets(session, Method.EUROSTAT_SHORT)
    assert len(eurostat) == len(results)


def test_trace_follows_a_2013_ambition_to_later_frameworks(session) -> None:
    goal, back, forward = queries.trace(session, "2013-AL1-WT")
    frameworks = {s.to_framework for s in forward}
    assert {"tp2016", "tp2018", "tp2021"} <= frameworks
    assert back == []
    _, back_2021, _ = queries.trace(session, "2021-INSTROOM")
    origins = {s.from_code for s in back_2021}
    assert {"2018-INSTROOM", "2016-D4", "2013-AL1", "2013-AL2-MBO30"} <= origins


def test_dropped_goal_is_shown(session) -> None:
    _, _, forward = queries.trace(session, "2013-30000")
    assert [(s.kind, s.to_code) for s in forward] == [("dropped", None)]


def test_check_reports_targets_without_data(session) -> None:
    findings = queries.check(session)
    without = {f.subject for f in findings if f.code == "target-without-data"}
    assert {"po-wt-structureel-100", "topsectorbeurzen-1000", "katapult-mkb-1000"} <= without
    assert "mbo-beta-30" not in without


def test_indicators_know_their_breakdown_dimensions(session) -> None:
    mbo = session.scalar(select(Indicator).where(Indicator.code == "mbo_beta_share_intake"))
    assert mbo.dimensions == "education_level"
    gender = session.scalar(
        select(Indicator).where(Indicator.code == "havovwo_nprofile_share_gender")
    )
    assert set(gender.dimensions.split(",")) == {"education_level", "sex"}


def test_every_current_goal_gets_a_status_with_its_basis(session) -> None:
    from techniekpact.monitor import content

    current = {g.code: g.status for g in content.goals(session, "tp2021")}
    assert current["2021-PPS"].status == "target_achieved"
    assert current["2021-PPS"].basis == "targets"
    assert current["2021-INSTROOM"].basis == "indicators"
    assert current["2021-INSTROOM"].count == 4
    assert all(s.status != "not_available" for s in current.values())
