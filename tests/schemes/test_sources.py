"""A scheme whose link is not the provider's own page says so ("secundaire bron")."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from techniekpact.problems import ImportRejected
from techniekpact.schemes.loader import bundled
from techniekpact.schemes.records import read
from techniekpact.schemes.sources import OFFICIAL, SECONDARY, kind_of_url, source_kind


def test_kind_follows_the_providers_domains() -> None:
    assert kind_of_url("https://www.rvo.nl/subsidies-financiering/vff") == OFFICIAL
    assert kind_of_url("https://wetten.overheid.nl/BWBR0050611") == OFFICIAL
    assert kind_of_url("https://zoek.officielebekendmakingen.nl/prb-2018-4958.html") == OFFICIAL
    assert kind_of_url("https://www.prosuma.nl/wbsoinenglish") == SECONDARY
    # a look-alike host is not the provider's
    assert kind_of_url("https://rvo.nl.example.com/vff") == SECONDARY
    assert kind_of_url("https://notrvo.nl/vff") == SECONDARY


def test_the_catalogue_may_say_it_itself() -> None:
    wbso = next(s for s in bundled() if s.code == "wbso")
    assert source_kind(wbso) == SECONDARY  # an adviser's page (prosuma.nl)
    assert source_kind(replace(wbso, source_kind=OFFICIAL)) == OFFICIAL


def test_bundled_links_are_the_official_pages_the_research_names() -> None:
    by_code = {s.code: s for s in bundled()}
    # research (regelingen-pps.md, section 5) names these provider pages; the catalogue uses them
    assert by_code["innovatiekrediet"].source_url == (
        "https://www.rvo.nl/subsidies-financiering/innovatiekrediet/voorwaarden"
    )
    assert by_code["rif-mbo"].source_url == "https://wetten.overheid.nl/BWBR0050611"
    kinds = [source_kind(s) for s in bundled()]
    assert kinds.count(OFFICIAL) >= 18 and kinds.count(SECONDARY) >= 1


def test_an_unknown_source_kind_is_refused(tmp_path: Path) -> None:
    item = {
        "code": "x",
        "name": "X",
        "provider": "RVO",
        "kinds": ["subsidie"],
        "purposes": ["innovatie"],
        "source_url": "https://example.org/x",
        "source_kind": "officieel",
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps([item]), encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read(path)
    assert info.value.report.problems[0].column == "source_kind"
    path.write_text(json.dumps([item | {"source_kind": "official"}]), encoding="utf-8")
    assert source_kind(read(path)[0]) == OFFICIAL


def test_pages_say_secundaire_bron(client) -> None:
    wbso = client.get("/schemes/wbso?lang=nl").text
    assert 'id="secondary-source"' in wbso and "Secundaire bron" in wbso and "prosuma.nl" in wbso
    assert "Naar de officiële bron" not in wbso and "Naar de secundaire bron" in wbso
    rvo = client.get("/schemes/innovatiekrediet?lang=nl").text
    assert "Naar de officiële bron" in rvo and "secondary-source" not in rvo
    english = client.get("/schemes/wbso?lang=en").text
    assert "Secondary source" in english and "provider's own page" in english
    listing = client.get("/schemes?q=innovatie&lang=nl").text
    assert "(secundaire bron)" in listing
    intro = client.get("/schemes?lang=nl").text
    assert "met een secundaire bron" in intro and "regelingen met hun officiële bron" not in intro
    assert client.get("/api/v1/schemes/wbso").json()["source_kind"] == SECONDARY
    assert client.get("/api/v1/schemes/innovatiekrediet").json()["source_kind"] == OFFICIAL
    items = client.get("/api/v1/schemes?q=innovatie").json()["items"]
    assert {i["source_kind"] for i in items} == {OFFICIAL, SECONDARY}
