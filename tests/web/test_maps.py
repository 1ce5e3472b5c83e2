"""The regional map: a legend with value classes and a no-data key, values per region in text,
and each layer offered only where figures exist for it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from techniekpact.bootstrap import open_database
from techniekpact.changes import Origin
from techniekpact.content import maps
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import apply_import, load_catalogue
from techniekpact.settings import Settings
from techniekpact.web.app import create_app

BY_TEST = Origin("test", "cli")


def test_classes_cover_the_values_with_at_most_five() -> None:
    values = [3.0, 7.5, 12.0, 18.25, 22.0, 29.0, 41.0]
    found = maps.classes(values)
    assert len(found) == 5
    assert found[0].low == 3.0 and found[-1].high == 41.0
    assert all(a.high == b.low for a, b in zip(found, found[1:], strict=False))
    assert len({c.colour for c in found}) == 5
    for v in values:
        (inside,) = [c for c in found if c.low <= v < c.high or (c is found[-1] and v == c.high)]
        assert maps.colour(v, found) == inside.colour
    assert len(maps.classes([4.0, 9.0])) == 2  # never more classes than distinct values
    assert maps.colour(None, found) == maps.NO_DATA_FILL


def test_legend_text_in_the_page_language() -> None:
    nl = [c.text for c in maps.legend([4711.0, 15204.0], "leerlingen", "nl")]
    assert nl == ["4.711 – 9.958 leerlingen", "9.958 – 15.204 leerlingen"]
    en = [c.text for c in maps.legend([12.5, 30.5], "%", "en")]
    assert en == ["12.5 – 21.5%", "21.5 – 30.5%"]


def test_regions_page_has_legend_no_data_key_and_titles(client) -> None:
    html = client.get("/regions?indicator=havovwo_nprofile_count&lang=nl").text
    legend = html[html.index('class="map-legend"') :]
    assert "Legenda (leerlingen)" in legend
    assert re.search(r"\d\.\d{3} – \d+\.\d{3} leerlingen", legend)
    assert "geen gegevens" in legend and 'fill="url(#geen-gegevens)"' in legend
    svg = html[html.index('<svg class="map"') : html.index("</svg>")]
    assert 'id="geen-gegevens"' in svg  # the hatch pattern the key shows
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert len(titles) == svg.count("<path") == 12
    assert any("geen gegevens" in t for t in titles)
    assert any(re.search(r"\d\.\d{3} leerlingen", t) for t in titles)
    english = client.get("/regions?indicator=havovwo_nprofile_count&lang=en").text
    # the unit in the reader's language, as the map's own titles already wrote it
    assert "no data" in english and "Legend (pupils)" in english
    assert re.search(r"\d,\d{3} – \d+,\d{3} pupils", english)
    # Dutch after the legend only where marked as such: a figure's stored note (lang="nl")
    legend_on = english[english.index('class="map-legend"') :]
    after = re.sub(r'<span lang="nl">.*?</span>', "", legend_on)
    assert "leerlingen" not in after


def test_arbeidsmarktregio_layer_only_where_figures_exist(client) -> None:
    html = client.get("/regions?indicator=havovwo_nprofile_share").text
    assert 'name="layer"' in html and 'value="arbeidsmarktregio"' not in html
    asked = client.get("/regions?indicator=havovwo_nprofile_share&layer=arbeidsmarktregio").text
    assert "geen cijfers per arbeidsmarktregio" in asked and asked.count("<path") == 12


@pytest.fixture
def am_client(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The bundled database plus figures for three arbeidsmarktregio's, imported as an editor
    would import them."""
    path = tmp_path / "am.csv"
    path.write_text(
        "indicator;period;value;region;source_url\n"
        "am_vacancies_ict_region_share;2016;12,5;AM18;https://example.org/uwv\n"
        "am_vacancies_ict_region_share;2016;6,0;Rijnmond;https://example.org/uwv\n"
        "am_vacancies_ict_region_share;2016;3,5;AM28;https://example.org/uwv\n",
        encoding="utf-8",
    )
    factory = open_database(Settings(database_url=database_url))
    with factory() as session, session.begin():
        parsed = parse_file(path, load_catalogue(session))
        apply_import(session, parsed, source_name=path.name, origin=BY_TEST)
    factory.kw["bind"].dispose()
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client


def test_imported_arbeidsmarktregio_figures_are_drawn(am_client) -> None:
    base = "/regions?indicator=am_vacancies_ict_region_share&lang=nl"
    both = am_client.get(base).text
    assert 'value="province"' in both and 'value="arbeidsmarktregio"' in both
    html = am_client.get(base + "&layer=arbeidsmarktregio").text
    assert 'id="layer-note"' not in html
    svg = html[html.index('<svg class="map"') : html.index("</svg>")]
    assert svg.count("<path") == 35
    paths = re.findall(r'<path d="[^"]+" fill="([^"]+)"[^>]*><title>([^<]+)</title>', svg)
    coloured = {title for fill, title in paths if fill != maps.NO_DATA_FILL}
    assert coloured == {
        "Groot Amsterdam: 12,5% (Groot Amsterdam)",
        "Rijnmond: 6% (Rijnmond)",
        "Zuidoost-Brabant: 3,5% (Zuidoost-Brabant)",
    }
    table = html[html.index("<table") :]
    assert "Groot Amsterdam" in table and "12,5%" in table
    assert "3,5 – 6,5%" in html  # a legend class in Dutch number format
    # the province layer still shows the landsdeel figures, not the arbeidsmarktregio's
    provinces = am_client.get(base + "&layer=province").text
    assert "Groot Amsterdam" not in provinces and "Landsdeel Noordwest" in provinces


def test_indicator_page_links_to_its_map(client) -> None:
    html = client.get("/indicators/havovwo_nprofile_count?lang=nl").text
    assert 'href="/regions?indicator=havovwo_nprofile_count&amp;lang=nl"' in html
    national = client.get("/indicators/mbo_beta_count_intake?lang=nl").text
    assert "/regions?indicator=" not in national
