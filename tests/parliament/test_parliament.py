"""Kamer register: overdue logic, bundled items in list, API and page, and the 2020 annex."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from techniekpact.parliament.annex import markdown, select
from techniekpact.parliament.items import Item, ItemStatus, Kind, days_overdue, status
from techniekpact.parliament.store import bundled

TODAY = date(2026, 11, 29)
OPEN = Item(code="t", kind=Kind.COMMITMENT, title="Brief over X", text="Toezegging X")


def test_overdue_logic_with_a_fixed_today() -> None:
    assert status(OPEN, TODAY) is ItemStatus.OPEN
    late = replace(OPEN, due_date=date(2026, 11, 1))
    assert status(late, TODAY) is ItemStatus.OVERDUE and days_overdue(late, TODAY) == 28
    assert status(replace(OPEN, due_date=date(2026, 12, 31)), TODAY) is ItemStatus.OPEN
    answered = replace(late, answer_kamerstuk="32 637, nr. 500")
    assert status(answered, TODAY) is ItemStatus.FULFILLED
    assert status(replace(late, state="afgedaan"), TODAY) is ItemStatus.CLOSED
    assert days_overdue(answered, TODAY) is None


def test_annex_2020_contains_each_bundled_item_in_letter_order() -> None:
    text = markdown(bundled(), date(2020, 1, 1), date(2020, 12, 31))
    chosen = select(bundled(), date(2020, 1, 1), date(2020, 12, 31))
    assert len(chosen) == len(bundled()) == 5
    assert [i.number for i in chosen[:2]] == ["391", "392"]  # motions first, by number
    assert text.count("**Antwoord**") == 5
    assert "De motie Kerstens/Moorlag (32 637, nr. 391) die de regering verzoekt om bij" in text
    assert (
        "De toezegging, gedaan tijdens het AO Techniekpact van 8 oktober 2019 "
        "(Kamerstuk 32 637, nr. 387), om te bezien of deeltijdwerk" in text
    )
    assert markdown(bundled(), date(2021, 1, 1), date(2021, 12, 31)).count("Antwoord") == 0


def test_cli_list_and_annex(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(cli("parliament", "list", "--json").stdout)
    assert {r["code"] for r in rows} == {i.code for i in bundled()}
    assert all(r["status"] == "voldaan" for r in rows)
    html = cli(
        "parliament", "annex", "--from", "2020-01-01", "--to", "2020-12-31", "--format", "html"
    ).stdout
    assert html.count("<h2>Antwoord</h2>") == 5
    bad = cli("parliament", "annex", "--from", "gisteren", "--to", "2020-12-31")
    assert bad.returncode == 1 and bad.stderr.startswith("fout:")


def test_api_and_pages(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/v1/parliament/items").json()
    assert body["total"] == 5
    motions = client.get("/api/v1/parliament/items?kind=motion").json()
    assert {i["number"] for i in motions["items"]} == {"391", "392"}
    assert client.get("/api/v1/parliament/items?status=overdue").json()["total"] == 0
    page = client.get("/parliament").text
    assert "Kerstens/Moorlag" in page and "32 637, nr. 433" in page
    item = client.get("/parliament/motie-32637-391").text
    assert "Kerstens (PvdA)" in item and "SEO" in item
    assert client.get("/parliament/nope").status_code == 404


def test_items_entered_by_hand(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.yaml").write_text(
        "items:\n"
        "  - code: toezegging-ao-2021-x\n"
        "    kind: commitment\n"
        "    title: Brief over regionale techniekpacten\n"
        "    due_date: 2021-06-30\n",
        encoding="utf-8",
    )
    assert json.loads(cli("parliament", "import", "t.yaml", "--json").stdout)["new"] == 1
    late = json.loads(cli("parliament", "list", "--status", "overdue", "--json").stdout)
    assert [r["code"] for r in late] == ["toezegging-ao-2021-x"]
    assert "due_date" in late[0]["edited"]
    (tmp_path / "bad.yaml").write_text("- {code: x, kind: wet, title: T, due_date: morgen}\n")
    bad = cli("parliament", "import", "bad.yaml")
    assert bad.returncode == 1
    assert "bad.yaml, rij 1, kolom 'kind': onbekende waarde [unknown-code]" in bad.stderr
    assert "kolom 'due_date': geen datum [bad-date]; verwacht: JJJJ-MM-DD" in bad.stderr
