"""The bundled CBS mapping files and period codes, checked against the real material.

The mapping files name dimensions and measures as the CBS catalogue does: the catalogue
entries (bundled in data/sources/cbs/, real, see data/SOURCES.md) must hold every title used,
every indicator and unit must be in data/indicators.yaml, every breakdown value in
data/dimensions.yaml, and every value matched by a title that is not in the material must say
so (`assumed: title`).
"""

from __future__ import annotations

import json
from importlib import resources

import pytest
import yaml

from techniekpact.monitor.periods import PeriodKind
from techniekpact.problems import Report
from techniekpact.sources.cbs import CONNECTOR
from techniekpact.sources.cbs.mapping import known_tables, load_mapping
from techniekpact.sources.cbs.periods import PeriodCodeError, cbs_period

DATA = resources.files("techniekpact").joinpath("data")


def _catalogue() -> dict[str, dict]:
    path = DATA.joinpath("sources/cbs/catalogue-entries-techniekpact.cedanl.json")
    return {e["_cbs_id"]: e for e in json.loads(path.read_text("utf-8"))}


def test_the_mbo_and_higher_education_tables_are_mapped() -> None:
    assert {"85353NED", "85356NED", "85421NED", "85425NED"} <= set(known_tables())


@pytest.mark.parametrize("table", known_tables())
def test_mapping_agrees_with_the_catalogue_and_our_code_lists(table: str) -> None:
    mapping = load_mapping(table, Report("t"))
    assert mapping is not None and mapping.table == table
    entry = _catalogue()[table]
    assert mapping.title == entry["bron"]
    assert {d.title for d in mapping.dimensions} == set(entry["_dimensies"])
    assert {m.title for m in mapping.measures} <= set(entry["_meetwaarden"])
    assert sum(d.time for d in mapping.dimensions) == 1

    indicators = {
        i["code"]: i
        for i in yaml.safe_load(DATA.joinpath("indicators.yaml").read_text("utf-8"))["indicators"]
    }
    for measure in mapping.measures:
        assert measure.indicator in CONNECTOR.indicators
        assert indicators[measure.indicator]["unit"] == measure.unit
        assert indicators[measure.indicator]["source_org"] == "CBS"

    code_lists = {
        d["code"]: {v["code"] for v in d["values"]}
        for d in yaml.safe_load(DATA.joinpath("dimensions.yaml").read_text("utf-8"))["dimensions"]
    }
    for dimension in mapping.dimensions:
        if dimension.time:
            continue
        assert dimension.values, dimension.title
        # exactly one total per dimension: the figures never add up a breakdown twice
        assert [v.ours for v in dimension.values].count("") == 1, dimension.title
        for value in dimension.values:
            assert (value.code is None) != (value.title is None)
            if value.ours:
                assert dimension.breakdown is not None
                assert value.ours in code_lists[dimension.breakdown]
            if value.code is None:
                assert value.assumed == "title", (dimension.title, value.title)


def test_every_produced_indicator_comes_from_a_mapping() -> None:
    produced = set()
    for table in known_tables():
        mapping = load_mapping(table, Report("t"))
        assert mapping is not None
        produced |= {m.indicator for m in mapping.measures}
    assert produced == set(CONNECTOR.indicators)


@pytest.mark.parametrize(
    ("code", "title", "label", "kind"),
    [
        ("2019JJ00", "2019", "2019", PeriodKind.YEAR),
        ("2021KW03", "2021 3e kwartaal", "2021-Q3", PeriodKind.QUARTER),
        ("2019SJ00", "2019/'20", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("2020SJ01", "2019/'20", "2019/20", PeriodKind.SCHOOL_YEAR),
        ("2024SJ00", "2024/’25*", "2024/25", PeriodKind.SCHOOL_YEAR),
        ("1999SJ00", "1999/2000", "1999/00", PeriodKind.SCHOOL_YEAR),
    ],
)
def test_period_codes(code: str, title: str, label: str, kind: PeriodKind) -> None:
    period = cbs_period(code, title)
    assert (period.label, period.kind) == (label, kind)


@pytest.mark.parametrize(
    ("code", "title"),
    [
        ("2019MM04", "2019 april"),  # months are no series of the monitor
        ("20190101", "2019 1 januari"),
        ("2019KW05", ""),
        ("2019JJ01", ""),
        ("2019SJ00", "2019"),  # a school year must say which one
        ("2019SJ00", "2021/'22"),  # title and code disagree
        ("2019SJ00", "2019/'21"),
    ],
)
def test_period_codes_the_monitor_cannot_hold(code: str, title: str) -> None:
    with pytest.raises(PeriodCodeError):
        cbs_period(code, title)


def test_the_filter_asks_for_the_mapped_codes_only_and_quotes_them() -> None:
    from techniekpact.sources.cbs.resolve import Resolved

    resolved = Resolved(
        measures={"M1": ("cbs_ho_students", "studenten")},
        selected={
            "Geslacht": ("sex", {"3000": "male", "T001038": ""}),
            "Regio": (None, {"O'x": ""}),
        },
        time_dimension="Perioden",
    )
    assert resolved.odata_filter() == (
        "Measure eq 'M1' and (Geslacht eq '3000' or Geslacht eq 'T001038') and Regio eq 'O''x'"
    )
