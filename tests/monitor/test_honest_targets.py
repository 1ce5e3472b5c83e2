"""The bundled targets assessed honestly, the summary counted from them, and "Bijgewerkt op"
moving only when figures change."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from techniekpact.changes import Origin
from techniekpact.db import transaction
from techniekpact.monitor import assessments, content
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import apply_import, load_catalogue
from techniekpact.monitor.updated import edition_date

BY_TEST = Origin("test", "cli")

URL = "https://example.org/bron"


def import_text(factory, path: Path, text: str) -> int | None:  # type: ignore[no-untyped-def]
    path.write_text(text, encoding="utf-8")
    with transaction(factory) as s:
        return apply_import(
            s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST
        ).import_id


def by_code(session) -> dict[str, assessments.TargetAssessment]:  # type: ignore[no-untyped-def]
    return {t.target_code: t for t in assessments.assess_targets(session)}


def test_vmbo_bb_kb_target_is_assessed_on_the_bb_and_kb_series(session) -> None:
    target = by_code(session)["vmbo-bbkb-techniek-30"]
    assert target.basis == "sub_breakdowns"
    assert target.reason == ""
    parts = {p.breakdown["education_level"]: p.assessment for p in target.series}
    assert set(parts) == {"vmbo-bb", "vmbo-kb"}
    # bb 24% (2017/18) -> 23% (2019/20), kb 22% -> 22%: both judged up to the target year 2020
    assert parts["vmbo-bb"].status == "deterioration"
    assert (parts["vmbo-bb"].current_period, parts["vmbo-bb"].current_value) == ("2019/20", 23)
    assert parts["vmbo-kb"].status == "limited_progress"
    assert target.assessment.status == "deterioration"  # the least favourable part
    assert "vmbo-bb: Verslechtering (23% in 2019/20)" in target.explanation_nl


def test_vmbo_gl_tl_target_is_achieved_when_both_tracks_achieve_it(session) -> None:
    target = by_code(session)["vmbo-gltl-nask-40"]
    assert target.basis == "sub_breakdowns"
    assert [p.assessment.status for p in target.series] == ["target_achieved"] * 2
    assert target.assessment.status == "target_achieved"


def test_a_target_with_its_own_series_keeps_it(session) -> None:
    target = by_code(session)["havovwo-nprofiel-55"]
    assert target.basis == "breakdown" and target.series == []
    assert target.assessment.current_period == "2019/20"


def test_pps_2023_shows_the_government_figure_and_why_katapults_count_was_used(session) -> None:
    target = by_code(session)["katapult-bedrijven-20000"]
    assert target.assessment.status == "target_achieved"
    [d] = target.disagreements
    assert (d.used.period, d.used.value) == ("2023", 21000)
    assert "wijzijnkatapult.nl" in d.used.source_url
    assert (d.other.period, d.other.value) == ("2022/23", 12674)
    assert "bedrijvenbeleidinbeeld.nl" in d.other.source_url
    assert d.reason == "period_kind"


def test_targets_without_figures_say_so(session) -> None:
    targets = by_code(session)
    for code in ("katapult-mkb-1000", "po-wt-structureel-100", "topsectorbeurzen-1000"):
        assert targets[code].assessment.status == "not_available"
        assert targets[code].reason == "no_figures"


def test_summary_counts_the_same_assessments_the_pages_show(session) -> None:
    summary = content.summary(session)
    statuses = Counter(t.assessment.status for t in content.targets(session))
    assert summary.by_status == dict(statuses)
    assert (summary.targets, summary.reached, summary.on_track, summary.behind) == (8, 2, 0, 3)
    assert summary.not_assessable == 3 and summary.behind_target_year_passed == 3
    assert [(r.reason, r.count) for r in summary.reasons] == [("no_figures", 3)]
    assert summary.by_sub_breakdowns == 2 and summary.sources_disagree == 1
    assert (summary.themes, summary.themes_by_targets, summary.themes_by_trend) == (4, 1, 3)
    assert summary.text_nl[0] == "Van de 8 streefcijfers zijn er 2 bereikt, 0 op koers en 3 achter."
    assert (
        "3 van de 8 streefcijfers zijn niet te beoordelen: er zijn geen cijfers (3)."
        in summary.text_nl
    )
    assert (
        summary.text_en[0]
        == "Of the 8 targets, 2 have been reached, 0 are on track and 3 are behind."
    )
    assert any("not a judgement on meeting a target" in line for line in summary.text_en)
    assert any("geen oordeel over het halen van een doel" in line for line in summary.text_nl)


def test_summary_gives_each_reason_with_its_count(factory, tmp_path: Path) -> None:
    # one figure for the 1,000 new SMEs (target 2021, base year 2020): a second reason appears
    import_text(
        factory,
        tmp_path / "mkb.csv",
        f"indicator;period;value;source_url\npps_new_sme_katapult;2020;400;{URL}\n",
    )
    with factory() as s:
        summary = content.summary(s)
    assert [(r.reason, r.count) for r in summary.reasons] == [
        ("no_figures", 2),
        ("one_figure_in_period", 1),
    ]
    assert (
        "3 van de 8 streefcijfers zijn niet te beoordelen: er zijn geen cijfers (2); er is maar "
        "één cijfer tussen het basisjaar en het doeljaar (1)." in summary.text_nl
    )
    assert "there is only one figure between the base year and the target year (1)" in (
        " ".join(summary.text_en)
    )


def test_edition_dates() -> None:
    assert edition_date("2024-06-27") == (date(2024, 6, 27), "day")
    assert edition_date("2024-06") == (date(2024, 6, 1), "month")
    assert edition_date("2024") == (date(2024, 1, 1), "year")
    assert edition_date("") is None


def test_updated_is_the_newest_source_edition_not_the_day_the_database_was_made(session) -> None:
    updated = content.last_updated(session)
    assert updated is not None
    assert (updated.on, updated.precision, updated.basis) == (
        date(2024, 6, 27),
        "day",
        "source_edition",
    )


def test_an_import_of_changed_figures_moves_updated_and_a_no_op_import_does_not(
    factory, tmp_path: Path
) -> None:
    text = f"indicator;period;value;source_url\nmbo_beta_share_intake;2024/25;29;{URL}\n"
    assert import_text(factory, tmp_path / "new.csv", text) is not None
    with factory() as s:
        moved = content.last_updated(s)
    assert moved is not None and moved.basis == "import"
    assert moved.on == datetime.now(UTC).date()
    # the same file again changes nothing, writes no import, and leaves the date alone
    assert import_text(factory, tmp_path / "new.csv", text) is None
    with factory() as s:
        assert content.last_updated(s) == moved


def test_an_import_whose_figures_are_not_shown_does_not_move_updated(
    factory, tmp_path: Path
) -> None:
    # an older edition of a figure that a newer edition already gives: stored, not current
    text = (
        "indicator;period;value;education_level;source_url;source_edition\n"
        f"havovwo_nprofile_share;2023/24;36;havo;{URL};2020\n"
    )
    assert import_text(factory, tmp_path / "old.csv", text) is not None
    with factory() as s:
        updated = content.last_updated(s)
    assert updated is not None and updated.basis == "source_edition"
