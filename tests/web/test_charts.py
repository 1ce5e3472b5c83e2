"""Chart specifications: series, target and projection band are in the spec the page and the
downloads share."""

from techniekpact.monitor.content import AssessmentOut, ObservationOut, TargetOut
from techniekpact.monitor.progress import Goal, Point, assess
from techniekpact.web.charts import indicator_spec, sparkline_svg


def obs(period: str, value: float) -> ObservationOut:
    return ObservationOut(
        indicator="x",
        period=period,
        period_kind="year",
        breakdown={},
        value=value,
        unit="%",
        flags=[],
        source_url="https://x.nl",
        source_edition="",
        note="",
    )


def test_spec_has_series_target_and_projection_band() -> None:
    rows = [obs("2019", 20), obs("2021", 22), obs("2023", 25)]
    result = assess(
        [Point(2019, 20), Point(2021, 22), Point(2023, 25)], Goal(1, 30, 2028), base_year=2019
    )
    target = TargetOut(
        code="t",
        indicator="x",
        indicator_name_nl="x",
        unit="%",
        breakdown={},
        value=30,
        year=2028,
        base_year=2019,
        description_nl="",
        source_url="",
        goals=[],
        assessment=AssessmentOut.of(result),
        explanation_nl="",
    )
    spec = indicator_spec("Titel", "%", rows, {}, targets=[target])
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "line", "point", "rule"]
    band = spec["layer"][0]["data"]["values"]
    assert band[0]["year"] == 2023 and band[-1]["year"] == 2028
    assert band[-1]["low"] <= band[-1]["high"]
    assert [v["value"] for v in spec["data"]["values"]] == [20, 22, 25]
    assert spec["title"]["text"] == "Titel"
    assert "title" not in indicator_spec("", "%", rows, {})


def test_sparkline() -> None:
    svg = sparkline_svg([1, 2, 3])
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg
    assert sparkline_svg([1]) == ""
