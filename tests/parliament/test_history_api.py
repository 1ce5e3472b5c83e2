"""GET /api/v1/parliament/items/{code}/history: the revisions the item page lists, in the same
order, with the same names for the change and for the fields it changed, in both languages;
and the item's `_links.history` leads there. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from techniekpact.changes import Origin
from techniekpact.parliament.store import apply_manual, apply_sync
from tests.test_writers import kamer_items

SYNC = Origin("tweedekamer", "sync")


def page_history(page: str) -> list[str]:
    """The item page's history, one text per revision, without the date."""
    section = page.split('id="geschiedenis"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", i)).split(": ", 1)[1] for i in items]


def as_page_says(revision: dict[str, object], lang: str, last: bool) -> str:
    text = str(revision[f"kind_{lang}"])
    if revision["source"]:
        text += f" ({revision['source']})"
    changed = revision[f"changed_{lang}"]
    if changed:
        text += (": gewijzigd " if lang == "nl" else ": changed ") + ", ".join(changed)  # type: ignore[arg-type]
    elif last:
        text += ": eerste versie" if lang == "nl" else ": first version"
    return text


def test_the_history_api_lists_what_the_page_lists(factory, client) -> None:  # type: ignore[no-untyped-def]
    (item,) = kamer_items(1)
    with factory() as s, s.begin():
        apply_sync(s, [item], 0, "dossier 99999", origin=SYNC)
    decided = replace(item, decision="aangenomen", answer_kamerstuk="32 637, nr. 1")
    with factory() as s, s.begin():
        apply_sync(s, [decided], 0, "dossier 99999", origin=SYNC)
    edited = replace(decided, ministry="OCW", edited=("ministry",))
    with factory() as s, s.begin():
        apply_manual(s, [edited], "hand.yaml", origin=Origin("redactie", "cli", "uit de brief"))
    listed = client.get("/api/v1/parliament/items").json()["items"]
    (entry,) = [i for i in listed if i["code"] == item.code]
    href = entry["_links"]["history"]["href"]
    assert href == f"/api/v1/parliament/items/{item.code}/history"
    answer = client.get(href)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    history = body["items"]
    assert body["total"] == 3 and [h["revision"] for h in history] == [3, 2, 1]
    assert [(h["kind"], h["channel"]) for h in history] == [
        ("import", "cli"),
        ("sync", "sync"),
        ("sync", "sync"),
    ]
    assert history[0]["comment"] == "uit de brief" and history[0]["source"] == "hand.yaml"
    assert history[1]["changed"] == ["answer_kamerstuk", "decision"]
    assert history[1]["changed_nl"] == ["antwoord", "besluit"]
    assert history[1]["changed_en"] == ["answer", "decision"]
    assert "redactie" not in answer.text  # a person's name stays off the public API
    for lang, query in (("nl", ""), ("en", "?lang=en")):
        page = client.get(f"/parliament/{item.code}{query}").text
        expected = [
            as_page_says(h, lang, last=n == len(history) - 1) for n, h in enumerate(history)
        ]
        assert page_history(page) == expected


def test_the_history_of_a_seeded_item_and_of_an_unknown_one(client) -> None:  # type: ignore[no-untyped-def]
    listed = client.get("/api/v1/parliament/items").json()["items"]
    seeded = client.get(listed[0]["_links"]["history"]["href"]).json()["items"]
    assert [(h["kind"], h["kind_nl"], h["kind_en"]) for h in seeded] == [
        ("seed", "meegeleverd", "bundled")
    ]
    missing = client.get("/api/v1/parliament/items/onbekend/history")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
