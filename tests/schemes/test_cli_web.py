"""The finder through the CLI, the API and the page."""

from __future__ import annotations

import json


def test_cli_search_json(cli) -> None:
    result = cli(
        "schemes",
        "search",
        "scholing",
        "--province",
        "Gelderland",
        "--employees",
        "12",
        "--sector",
        "F",
        "--today",
        "2026-11-29",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0]["code"] == "otib"
    assert rows[0]["explanation"].startswith("Past omdat:")
    assert all(r["source_url"].startswith("http") for r in rows)


def test_cli_errors_are_one_line(cli) -> None:
    result = cli("schemes", "search", "--province", "Atlantis")
    assert result.returncode == 1 and result.stderr.startswith("fout: onbekende provincie")
    bad = cli("schemes", "search", "--purpose", "magie")
    assert bad.returncode == 1 and "onbekend doel" in bad.stderr


def test_cli_check(cli) -> None:
    result = cli("schemes", "check", "--today", "2026-11-29", "--json")
    codes = {f["code"] for f in json.loads(result.stdout)}
    assert {"never-verified", "not-verified-180-days", "status-unknown"} <= codes


def test_api_and_pages(client) -> None:
    r = client.get("/api/v1/schemes?province=Gelderland&sector=F&employees=12&purpose=scholing")
    assert r.status_code == 200 and r.json()["items"][0]["code"] == "otib"
    assert client.get("/api/v1/schemes?purpose=magic").status_code == 400
    page = client.get("/schemes?province=PV25&sector=F&employees=12&purpose=scholing").text
    assert "OTIB" in page and "Past omdat" in page and "link naar deze uitkomst" in page
    assert page.count("<legend>") <= 3 and "7." in page and "8." not in page
    detail = client.get("/schemes/wbso").text
    assert "Naar de secundaire bron" in detail and "Wie vraagt aan" in detail  # prosuma.nl
    assert client.get("/schemes/nope").status_code == 404
