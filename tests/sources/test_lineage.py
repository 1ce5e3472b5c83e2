"""Lineage is shown on the indicator page and in the API, and `check` reports what is missing."""

from __future__ import annotations

import json
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.monitor.models import Indicator, Observation
from techniekpact.sources.models import FigureLineage

MBO_FILE = (
    "03-deelnemers-per-instelling-plaats-kenniscentrum-sector-bedrijfstak-type-mbo-opleiding-"
    "niveau-geslacht-2015-2019.csv"
)


def test_the_api_gives_file_checksum_and_versions(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/indicators/duo_mbo_tech_students/lineage")
    assert response.status_code == 200
    data = response.json()
    [item] = data["inputs"]
    assert item["file"] == MBO_FILE
    assert item["checksum"] == "76b8606236ab72c0b765f8a2940f72b6fa40a23fc055cad1e3116f580310b786"
    assert (item["connector"], item["classification"]) == ("duo", "duo-sector-techniek")
    assert item["text_nl"].startswith("berekend uit DUO open data, bestand " + MBO_FILE)
    assert "indeling duo-sector-techniek versie 1.0" in item["text_nl"]
    assert data["copied_figures"] == 0 and len(data["figures"]) == item["figures"] > 0


def test_a_copied_indicator_has_no_lineage(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/indicators/mbo_beta_share_intake/lineage").json()
    assert data["inputs"] == [] and data["copied_figures"] > 0
    assert client.get("/api/v1/indicators/nope/lineage").status_code == 404


def test_the_indicator_page_shows_it(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/indicators/duo_mbo_tech_students").text
    assert "berekend uit DUO open data, bestand " + MBO_FILE in page
    english = client.get("/indicators/duo_mbo_tech_students?lang=en").text
    assert "computed from DUO open data, file " + MBO_FILE in english
    assert "berekend uit" not in client.get("/indicators/mbo_beta_share_intake").text


def test_the_regions_map_fills_every_province_for_hbo(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/regions?indicator=duo_hbo_tech_first_year").text
    fills = re.findall(r'<path d="[^"]*" fill="([^"]*)"', page)
    assert len(fills) == 12 and "url(#geen-gegevens)" not in fills
    assert "waar de opleiding wordt gegeven" in page
    mbo = client.get("/regions?indicator=duo_mbo_tech_students&layer=arbeidsmarktregio").text
    filled = [f for f in re.findall(r'<path d="[^"]*" fill="([^"]*)"', mbo) if "url(" not in f]
    assert len(filled) >= 25
    assert "waar de instelling staat ingeschreven" in mbo


def test_check_reports_incomplete_lineage(cli, factory: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    clean = json.loads(cli("check", "--json").stdout)
    assert not [f for f in clean if f["code"].startswith("lineage")]
    with factory() as s, s.begin():
        ids = (
            select(Observation.id).join(Indicator).where(Indicator.code == "duo_wo_tech_first_year")
        )
        s.execute(delete(FigureLineage).where(FigureLineage.observation_id.in_(ids)))
    found = json.loads(cli("check", "--json").stdout)
    assert [(f["code"], f["subject"]) for f in found if f["code"].startswith("lineage")] == [
        ("lineage-missing", "duo_wo_tech_first_year")
    ]
