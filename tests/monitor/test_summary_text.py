"""The summary's sentences come from one function through the catalog: the counted forms follow
each language's own counts (the Dutch verb one count, an English noun or verb another)."""

from __future__ import annotations

from techniekpact.monitor.summary import ReasonCount, _in

COUNTS = {
    "targets": 1,
    "reached": 1,
    "on_track": 1,
    "behind": 0,
    "behind_target_year_passed": 0,
    "not_assessable": 1,
    "by_sub_breakdowns": 1,
    "sources_disagree": 2,
    "themes": 1,
    "themes_by_targets": 1,
    "themes_by_trend": 1,
    "themes_without_status": 0,
}
REASONS = [ReasonCount("sign_change", 1, "", "")]


def test_singular_and_plural_in_both_languages() -> None:
    dutch = _in("nl", COUNTS, REASONS, "Kader")
    english = _in("en", COUNTS, REASONS, "Framework")
    assert dutch == [
        "Van de 1 streefcijfers is er 1 bereikt, 1 op koers en 0 achter.",
        "1 van de 1 streefcijfers is niet te beoordelen: de reeks wisselt van teken (1).",
        "1 streefcijfer is beoordeeld per onderdeel van de uitsplitsing (zoals per leerweg), "
        "omdat er voor het geheel te weinig cijfers zijn.",
        "Bij 2 streefcijfers verschillen de bronnen over het cijfer waarop de status rust; de "
        "tabel toont beide cijfers en welk cijfer de status gebruikt.",
        "Van de 1 thema van Kader heeft er 1 een streefcijfer. Bij 1 thema zonder streefcijfer "
        "toont het label de trend van de indicatoren sinds 2015, geen oordeel over het halen "
        "van een doel.",
    ]
    assert english == [
        "Of the 1 targets, 1 has been reached, 1 is on track and 0 are behind.",
        "1 of the 1 target cannot be assessed: the series changes sign (1).",
        "1 target is assessed per part of its breakdown (such as per track), because there are "
        "too few figures for the whole.",
        "For 2 targets, sources disagree on the figure the status rests on; the table shows "
        "both figures and which one the status uses.",
        "Of the 1 theme of Framework, 1 has a target. For 1 theme without a target, the badge "
        "shows the trend of the indicators since 2015, not a judgement on meeting a target.",
    ]


def test_no_targets_and_target_years_passed() -> None:
    counts = COUNTS | {"targets": 0, "not_assessable": 0, "behind": 3}
    assert _in("nl", counts | {"behind_target_year_passed": 3}, [], "K")[:2] == [
        "Er zijn nog geen streefcijfers vastgelegd.",
        "Bij alle 3 die achterliggen is het doeljaar al voorbij: ze zijn niet op tijd gehaald.",
    ]
    assert _in("en", counts | {"behind_target_year_passed": 1}, [], "F")[:2] == [
        "No targets have been set yet.",
        "For 1 of them the target year has passed: not reached in time.",
    ]
