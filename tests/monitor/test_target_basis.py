"""What a target's status rests on: sub-breakdowns, unavailable reasons, disagreeing sources.

Domain functions on hand-made cases; the bundled cases (vmbo bb/kb, PPS 2023) are in
test_honest_targets.py."""

from __future__ import annotations

from datetime import date

from techniekpact.monitor.periods import parse_period
from techniekpact.monitor.progress import Goal, Method, Point, Status, assess
from techniekpact.monitor.target_basis import (
    Figure,
    SeriesResult,
    combine,
    disagreements,
    rests_on,
    sub_breakdowns,
    unavailable_reason,
)

CHILDREN = {"education_level": {"vmbo-bb-kb": ["vmbo-bb", "vmbo-kb"]}}
GOAL = Goal(1, 30, 2020)


def part(level: str, *pairs: tuple[float, float]) -> SeriesResult:
    points = [Point(t, v, str(int(t))) for t, v in pairs]
    return SeriesResult({"education_level": level}, assess(points, GOAL), len(points))


def figure(period: str, value: float, url: str, current: bool = True, edition: str = "") -> Figure:
    p = parse_period(period)
    return Figure(p.label, p.kind.value, p.start, p.end, value, url, edition, current)


def test_sub_breakdowns_split_the_first_value_with_children_and_keep_the_rest() -> None:
    assert sub_breakdowns({"education_level": "vmbo-bb-kb"}, CHILDREN) == [
        {"education_level": "vmbo-bb"},
        {"education_level": "vmbo-kb"},
    ]
    with_region = {"region": "PV20", "education_level": "vmbo-bb-kb"}
    assert sub_breakdowns(with_region, CHILDREN)[1] == {
        "region": "PV20",
        "education_level": "vmbo-kb",
    }
    assert sub_breakdowns({"education_level": "vmbo-bb"}, CHILDREN) == []
    assert sub_breakdowns({}, CHILDREN) == []


def test_combine_every_part_achieved_is_achieved() -> None:
    result = combine(
        [part("vmbo-bb", (2017, 31)), part("vmbo-kb", (2016, 30), (2018, 32))], Method.OPENSDG
    )
    assert result is not None
    assert result.status is Status.TARGET_ACHIEVED and result.score == 5
    assert result.notes == ("sub_breakdowns",)


def test_combine_takes_the_least_favourable_part() -> None:
    falling = part("vmbo-bb", (2017, 24), (2019, 23))  # away from 30: deterioration
    flat = part("vmbo-kb", (2017, 22), (2019, 22))  # no growth: limited progress
    achieved = part("vmbo-gl", (2018, 31))
    assert falling.assessment.status is Status.DETERIORATION
    assert flat.assessment.status is Status.LIMITED_PROGRESS
    result = combine([achieved, flat, falling], Method.OPENSDG)
    assert result is not None
    assert result.status is Status.DETERIORATION
    assert result.score == falling.assessment.score
    assert result.current_value is None  # the whole has no value of its own


def test_combine_refuses_when_a_part_cannot_be_assessed() -> None:
    assert combine([part("vmbo-bb", (2017, 31)), part("vmbo-kb")], Method.OPENSDG) is None
    assert combine([], Method.OPENSDG) is None


def test_combine_works_without_scores_eurostat() -> None:
    parts = [
        SeriesResult(
            {"e": "a"},
            assess([Point(2016, 20), Point(2019, 25)], GOAL, method=Method.EUROSTAT_SHORT),
            2,
        ),
        SeriesResult(
            {"e": "b"},
            assess([Point(2016, 20), Point(2019, 19)], GOAL, method=Method.EUROSTAT_SHORT),
            2,
        ),
    ]
    result = combine(parts, Method.EUROSTAT_SHORT)
    assert result is not None and result.status is Status.DETERIORATION


def test_unavailable_reasons() -> None:
    assert unavailable_reason(assess([], GOAL), 0) == "no_figures"
    before_base = assess([Point(2010, 20), Point(2012, 21)], GOAL, base_year=2015)
    assert unavailable_reason(before_base, 2) == "no_figures_in_period"
    one = assess([Point(2010, 20), Point(2016, 21)], GOAL, base_year=2015)
    assert unavailable_reason(one, 2) == "one_figure_in_period"
    signs = assess([Point(2016, -2), Point(2018, 3)], GOAL)
    assert unavailable_reason(signs, 2) == "sign_change"
    assert unavailable_reason(assess([Point(2016, 20), Point(2018, 25)], GOAL), 2) == ""
    assert unavailable_reason(assess([], GOAL), 3, parts_tried=True) == "sub_breakdowns_incomplete"


def test_rests_on_latest_value_when_achieved_and_on_both_ends_for_a_trend() -> None:
    achieved = assess([Point(2017, 6000, "2017"), Point(2023, 21000, "2023")], Goal(1, 20000, 2025))
    assert rests_on(achieved) == [("current", "2023")]
    trend = assess([Point(2017, 6000, "2017"), Point(2021, 12000, "2021")], Goal(1, 20000, 2025))
    assert rests_on(trend) == [("current", "2021"), ("base", "2017")]
    assert rests_on(assess([], GOAL)) == []


def test_a_school_year_of_another_source_disagrees_with_the_calendar_year_used() -> None:
    achieved = assess([Point(2017, 6000, "2017"), Point(2023, 21000, "2023")], Goal(1, 20000, 2025))
    figures = [
        figure("2017", 6000, "https://a.example"),
        figure("2022/23", 12674, "https://gov.example"),  # Aug 2022 - Jul 2023: 7 of 12 months
        figure("2022", 11000, "https://gov.example"),  # 2022/23 is not used, 2022 no overlap
        figure("2023-Q1", 15000, "https://b.example"),  # a quarter: a quarter of the year
        figure("2023", 21000, "https://katapult.example"),
        figure("2023", 21000, "https://c.example"),  # agrees: no disagreement
        figure("2023", 19000, "https://katapult.example", current=False),  # same source: revision
    ]
    found = disagreements(achieved, {}, figures)
    assert [(d.role, d.other.period, d.other.value, d.reason) for d in found] == [
        ("current", "2022/23", 12674, "period_kind")
    ]
    assert found[0].used.value == 21000 and found[0].used.source_url == "https://katapult.example"


def test_the_same_period_from_another_source_is_decided_by_the_current_revision() -> None:
    trend = assess([Point(2016, 6000, "2016"), Point(2019, 9800, "2019")], Goal(1, 20000, 2025))
    figures = [
        figure("2016", 4500, "https://first.example", current=False),
        figure("2016", 6000, "https://second.example"),
        figure("2019", 9800, "https://second.example"),
    ]
    found = disagreements(trend, {}, figures)
    assert [(d.role, d.used.value, d.other.value, d.reason) for d in found] == [
        ("base", 6000, 4500, "current_revision")
    ]
    assert found[0].used.start == date(2016, 1, 1)
