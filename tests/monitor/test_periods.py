from datetime import date

import pytest

from techniekpact.monitor.periods import PeriodError, PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("2019", "2019", PeriodKind.YEAR),
        ("2019/20", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("2019-20", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("2019-2020", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("2019/2020", "2019/20", PeriodKind.SCHOOL_YEAR),
        (" 2019 / 20 ", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("1999/00", "1999/00", PeriodKind.SCHOOL_YEAR),
        ("2023-Q4", "2023-Q4", PeriodKind.QUARTER),
        ("2023 Q4", "2023-Q4", PeriodKind.QUARTER),
        ("2023K4", "2023-Q4", PeriodKind.QUARTER),
        ("Q1 2016", "2016-Q1", PeriodKind.QUARTER),
    ],
)
def test_spellings_parse_to_one_label(text: str, label: str, kind: PeriodKind) -> None:
    period = parse_period(text)
    assert period.label == label
    assert period.kind is kind


def test_school_year_runs_august_to_july_and_counts_as_first_year() -> None:
    p = parse_period("2019/20")
    assert (p.start, p.end) == (date(2019, 8, 1), date(2020, 7, 31))
    assert p.year == 2019
    assert p.time == 2019.0


def test_quarter_bounds_and_time() -> None:
    p = parse_period("2023-Q2")
    assert (p.start, p.end) == (date(2023, 4, 1), date(2023, 6, 30))
    assert p.time == pytest.approx(2023.25)


def test_ordering_mixes_kinds_by_start_date() -> None:
    labels = ["2020", "2019/20", "2019-Q4", "2019", "2020-Q1"]
    ordered = [p.label for p in sorted(parse_period(t) for t in labels)]
    assert ordered == ["2019", "2019/20", "2019-Q4", "2020-Q1", "2020"]


@pytest.mark.parametrize(
    "text", ["", "2013-2021", "2019/21", "2019-Q5", "circa 2020", "19/20", "monitor 2023", "3019"]
)
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)
