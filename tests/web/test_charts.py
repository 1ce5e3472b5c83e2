"""Chart specifications: series, target and projection band are in the spec the page and the
downloads share."""

import json
import re
from xml.etree import ElementTree

import vl_convert

from techniekpact.content.charts import indicator_spec, projection_bands, sparkline_svg
from techniekpact.monitor.content import AssessmentOut, ObservationOut, TargetOut
from techniekpact.monitor.progress import Assessment, Goal, Point, assess


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


def school(period: str, value: float) -> ObservationOut:
    return obs(period, value).model_copy(update={"period_kind": "school_year"})


def _target(result: Assessment) -> TargetOut:
    return TargetOut(
        code="t",
        indicator="x",
        indicator_name_nl="x",
        unit="%",
        breakdown={},
        value=30,
        year=int(result.target_year or 0),
        base_year=2019,
        description_nl="",
        source_url="",
        goals=[],
        assessment=AssessmentOut.of(result),
        explanation_nl="",
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


def _svg_text(svg: str) -> str:
    """The words drawn in an SVG (its <text> elements), not its attributes or aria labels."""
    root = ElementTree.fromstring(svg)
    return " ".join(
        "".join(el.itertext()) for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "text"
    )


def test_school_year_axis_reads_2019_20() -> None:
    rows = [school("2018/19", 48), school("2019/20", 47), school("2021/22", 45)]
    spec = indicator_spec("Titel", "%", rows, {}, width=400)
    assert "labelExpr" in spec["layer"][0]["encoding"]["x"]["axis"]
    words = _svg_text(vl_convert.vegalite_to_svg(spec, vl_version="6.4")).split()
    assert "2019/20" in words and "2020/21" in words
    assert "2019" not in words and "2020" not in words
    years = indicator_spec("Titel", "%", [obs("2019", 1), obs("2021", 2)], {}, width=400)
    assert "labelExpr" not in years["layer"][0]["encoding"]["x"]["axis"]
    assert "2019" in _svg_text(vl_convert.vegalite_to_svg(years, vl_version="6.4")).split()


def test_downloaded_charts_carry_title_source_and_date(client) -> None:
    for lang, source, date_word in (
        ("nl", "Bron: DUO", "bijgewerkt (op|in)"),
        ("en", "Source: DUO", "updated (on|in)"),
    ):
        svg = client.get(f"/indicators/mbo_beta_share_intake/chart.svg?lang={lang}")
        assert svg.status_code == 200
        text = _svg_text(svg.text)
        title = "Aandeel instromende mbo-studenten" if lang == "nl" else "new mbo students"
        assert title in text, text
        assert source in text and "techniekpact.nl" in text
        # to the day, or to the year where only a source edition's year is known
        assert re.search(date_word + r" (\d{1,2} \w+ )?20\d\d", text), text
    png = client.get("/indicators/mbo_beta_share_intake/chart.png")
    assert png.content.startswith(b"\x89PNG") and len(png.content) > 20_000
    # the page itself keeps the heading and caption outside the chart
    page = client.get("/indicators/mbo_beta_share_intake").text
    spec = json.loads(re.search(r'id="chart-spec">(.*?)</script>', page, re.S).group(1))
    assert "title" not in spec


def test_band_is_drawn_where_the_caption_says(client) -> None:
    # havo/vwo N-profile: latest assessed figure 2019/20, target year 2020: a forward band
    page = client.get("/indicators/havovwo_nprofile_share").text
    spec = json.loads(re.search(r'id="chart-spec">(.*?)</script>', page, re.S).group(1))
    areas = [layer for layer in spec["layer"] if layer["mark"]["type"] == "area"]
    assert len(areas) == 1
    xs = [v["year"] for v in areas[0]["data"]["values"]]
    caption = re.search(
        r'class="band-caption" data-from="([^"]+)" data-to="([^"]+)">([^<]+)<', page
    )
    assert caption, page
    assert (min(xs), max(xs)) == (float(caption.group(1)), float(caption.group(2)))
    assert min(xs) < max(xs)  # forward, from the latest figure to the target year
    assert "van 2019/20 naar het doeljaar 2020." in caption.group(3)
    # mbo 30%: the latest figure is in the target year itself; nothing left to project
    mbo = client.get("/indicators/mbo_beta_share_intake").text
    spec = json.loads(re.search(r'id="chart-spec">(.*?)</script>', mbo, re.S).group(1))
    assert [layer["mark"]["type"] for layer in spec["layer"]][0] != "area"
    assert "band-caption" not in mbo and "projectie van" not in mbo
    assert "Ruit en stippellijn: streefcijfer." in mbo


def test_past_target_year_draws_no_band() -> None:
    points = [Point(2019, 20), Point(2021, 22), Point(2023, 25)]
    reached = _target(assess(points, Goal(1, 30, 2023), base_year=2019))
    assert reached.assessment.projection is not None  # the assessment still projects to 2023
    assert projection_bands([reached]) == []  # but from 2023 to 2023 there is no band
    forward = _target(assess(points, Goal(1, 30, 2028), base_year=2019))
    (band,) = projection_bands([forward])
    assert (band.start, band.end) == (2023, 2028)


def test_indicator_without_figures_says_so(client) -> None:
    empty = [
        i["code"]
        for i in client.get("/api/v1/indicators?limit=1000").json()["items"]
        if not i["observations"]
    ]
    assert empty  # the bundled catalogue has indicators still waiting for figures
    for code in empty:
        for lang, sentence in (
            ("nl", "Voor deze indicator zijn nog geen cijfers opgenomen."),
            ("en", "This indicator has no figures yet."),
        ):
            html = client.get(f"/indicators/{code}?lang={lang}").text
            assert sentence in html, code
            assert 'id="chart"' not in html and "chart-spec" not in html
            assert "<figcaption" not in html and not re.search(r"(Bron|Source): *\.", html)
            assert "chart.svg" not in html and "chart.png" not in html and "/embed" not in html
            assert "vega" not in html
        assert client.get(f"/indicators/{code}/chart.svg").status_code == 404
        assert client.get(f"/indicators/{code}/chart.png").status_code == 404
        embed = client.get(f"/indicators/{code}/embed?lang=nl").text
        assert "Voor deze indicator zijn nog geen cijfers opgenomen." in embed
    window = client.get("/indicators/mbo_beta_share_intake?from=2030/31").text
    assert "Er zijn geen cijfers in de gekozen periode." in window
