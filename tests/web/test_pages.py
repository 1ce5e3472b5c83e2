"""Pages render with their content, sources and downloads, in Dutch and English."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from techniekpact.i18n import LOCALE_DIR


def test_home_shows_every_goal_of_the_current_framework_with_status(client) -> None:
    html = client.get("/").text
    for goal in client.get("/api/v1/goals?framework=tp2021").json()["items"]:
        assert f'href="/goals/{goal["code"]}"' in html
        assert f"badge--{goal['status']['status']}" in html
    assert "badge--target_achieved" in html  # Katapult 21,000 companies
    assert "Bijgewerkt op" in html
    assert html.count('class="sparkline"') >= 4
    assert 'lang="nl"' in html


def test_every_indicator_page_has_chart_table_source_and_downloads(client) -> None:
    for item in client.get("/api/v1/indicators?limit=1000").json()["items"]:
        if not item["observations"]:
            continue
        html = client.get(f"/indicators/{item['code']}").text
        assert 'id="chart"' in html and 'id="chart-spec"' in html, item["code"]
        assert "<table" in html and 'class="source"' in html
        for link in ("data.csv", "data.json", "chart.svg", "chart.png", "/embed"):
            assert link in html


def test_breakdown_switch_and_permalink(client) -> None:
    html = client.get("/indicators/havovwo_nprofile_share_gender?split=sex").text
    assert '<option value="sex" selected>' in html
    assert "Vrouw" in html and "Man" in html
    assert "split=sex" in re.search(r'class="permalink" href="([^"]+)"', html).group(1)


def test_downloads(client) -> None:
    csv = client.get("/indicators/mbo_beta_share_intake/data.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("indicator,period,value,unit")
    svg = client.get("/indicators/mbo_beta_share_intake/chart.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and "<svg" in svg.text
    png = client.get("/indicators/mbo_beta_share_intake/chart.png")
    assert png.content.startswith(b"\x89PNG")
    data = client.get("/indicators/mbo_beta_share_intake/data.json").json()
    assert data["indicator"]["code"] == "mbo_beta_share_intake" and data["observations"]


def test_language_switch_sets_cookie_and_translates(client) -> None:
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.text and "Key figures" in english.text
    assert english.cookies.get("lang") == "en"
    again = client.get("/about")
    assert "About the Technology Pact Monitor" in again.text
    assert "Kerncijfers" in client.get("/?lang=nl").text


def test_dutch_number_format(client) -> None:
    html = client.get("/indicators/mbo_beta_count_intake").text
    assert re.search(r"\b4\d\.\d{3}\b", html)  # e.g. 42.854
    english = client.get("/indicators/mbo_beta_count_intake?lang=en").text
    assert re.search(r"\b4\d,\d{3}\b", english)


@pytest.mark.parametrize(
    "path",
    [
        "/goals/2013-AL2-MBO30",
        "/regions",
        "/search?q=mbo",
        "/about",
        "/indicators",
        "/indicators/pps_companies/embed",
    ],
)
def test_other_pages(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert "<main" in r.text


def test_regions_map_and_table(client) -> None:
    html = client.get("/regions?indicator=havovwo_nprofile_share").text
    assert '<svg class="map"' in html and html.count("<path") == 12
    assert "Landsdeel" in html and "<table" in html
    # no bundled figure is per arbeidsmarktregio: that layer is not offered (tests/web/test_maps.py)
    am = client.get("/regions?indicator=havovwo_nprofile_share&layer=arbeidsmarktregio").text
    assert am.count("<path") == 12 and 'id="layer-note"' in am


def test_not_found_page(client) -> None:
    r = client.get("/indicators/nope")
    assert r.status_code == 404 and "Niet gevonden" in r.text


def test_every_dutch_string_has_an_english_translation() -> None:
    with open(LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale="en")
    assert [m.id for m in catalog if m.id and not m.string] == []


def test_no_asset_comes_from_another_site(client) -> None:
    for path in ("/", "/indicators/mbo_beta_share_intake", "/api/docs", "/regions"):
        html = client.get(path).text
        # outbound links are sources (<a rel="external">), never scripts, styles or images
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)


def test_period_range_filter_and_permalink(client) -> None:
    html = client.get("/indicators/mbo_beta_share_intake?from=2015/16&to=2019/20").text
    table = html[html.index('class="data"') : html.index("</table>")]
    assert "2015/16" in table and "2019/20" in table
    assert "2013/14" not in table and "2021/22" not in table
    link = re.search(r'class="permalink" href="([^"]+)"', html).group(1)
    assert "from=2015/16" in link and "to=2019/20" in link


def test_dates_are_written_out(client) -> None:
    # the bundled figures' newest source edition (2024-06-27), not the day the database was made
    assert '<time datetime="2024-06-27">27 juni 2024</time>' in client.get("/").text
    assert '<time datetime="2024-06-27">27 June 2024</time>' in client.get("/?lang=en").text
