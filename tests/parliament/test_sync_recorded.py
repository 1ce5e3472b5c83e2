"""The sync on real recorded answers of the Tweede Kamer (tests/assets/tk-recorded): one item
per Zaak, titles of their own Zaak, no shared Kamerstuk links, Toevoeging dossiers apart,
unnumbered (Volgnummer -1) motions with codes of their own that keep their item once
numbered, and the service's own `$metadata` respected."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from techniekpact.changes import Origin
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.revisions import parliament_history
from techniekpact.parliament.store import items
from techniekpact.parliament.sync import Client, commitments_query, fetch
from tests.parliament.fake_odata import (
    metadata_with_letter_relation,
    paged,
    recorded_zaken,
    serve,
)

BY_TEST = Origin("test", "cli")

# The 2026, 2025 and 2024 budgets are Kamerstukdossiers 36800, 36600 and 36410; the Miljoenennota
# ("Nota over de toestand van 's Rijks Financiën") of September 2025 is 36800 itself.
BUDGET = {"2024": 36410, "2025": 36600, "2026": 36800}
CHAPTER = re.compile(
    r"^Vaststelling van de begrotingssta(?:at|ten) van .*?\(([IVXL]+)\).* jaar (\d{4})$"
)


def dossier_from_title(zaak: dict[str, Any]) -> tuple[int, str | None] | None:
    """The dossier a budget motion's own Titel names. The recorded query did not expand
    Kamerstukdossier; the sync asks for it, so the test adds it where the Titel tells it."""
    title = zaak["Titel"].strip()
    if title == "Nota over de toestand van ’s Rijks Financiën" and zaak["GestartOp"] >= "2025-09":
        return 36800, None
    match = CHAPTER.match(title)
    return (BUDGET[match.group(2)], match.group(1)) if match else None


def with_dossiers(pages: list[list[dict]]) -> list[list[dict]]:
    out = copy.deepcopy(pages)
    for zaak in (z for page in out for z in page):
        found = dossier_from_title(zaak)
        if found:
            number, toevoeging = found
            zaak["Kamerstukdossier"] = [
                {"Id": f"dossier-{number}-{toevoeging}", "Nummer": number,
                 "Toevoeging": toevoeging, "Verwijderd": False}
            ]  # fmt: skip
    return out


def amended(zaak: dict[str, Any]) -> bool:
    return zaak["Document"][0]["Soort"] == "Motie (gewijzigd/nader)"


def unnumbered(pages: list[list[dict]]) -> list[list[dict]]:
    """As the service sends amended motions before they are numbered: Volgnummer -1."""
    out = copy.deepcopy(pages)
    for zaak in (z for page in out for z in page if amended(z)):
        zaak["Volgnummer"] = -1
    return out


def zaak_server(pages: list[list[dict]], commitments: list[dict] | None = None, **kw: Any):
    def answer(entity: str, query: dict[str, str], root: str) -> Any:
        if entity == "Zaak":
            return paged(pages, entity, query)
        if entity == "Toezegging":
            return {"value": commitments or []}
        return None

    return serve(answer, **kw)


def synced(factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return {i.tk_id: i for i in items(s) if i.origin == "sync"}


def test_recorded_pages_as_served_give_one_item_per_zaak(cli, factory) -> None:
    pages = recorded_zaken()
    zaken = {z["Id"]: z for page in pages for z in page}  # counted here, independently
    assert len(zaken) == 741
    with zaak_server(pages) as server:
        result = cli("parliament", "sync", "--dossier", "36800", "--api-root", server.root)
        assert result.returncode == 0, result.stderr
        assert not server.refused
    register = synced(factory)
    assert set(register) == set(zaken)
    assert len({i.code for i in register.values()}) == 741
    for zaak_id, item in register.items():
        assert item.title == zaken[zaak_id]["Onderwerp"].strip()
        assert item.tk_number == zaken[zaak_id]["Nummer"]
    # the recorded answers carry no Kamerstukdossier: no dossier is guessed from the query
    # (36800 also matches 36800-IV), so no Kamerstuk code or link is made up
    assert all(i.code == f"motie-{i.tk_number}" and not i.source_url for i in register.values())
    submitters = sum(bool(i.submitters) for i in register.values())
    assert submitters == 741  # minimal metadata: the expanded ZaakActor is still read


def test_toevoeging_dossiers_and_unnumbered_motions_keep_apart(cli, factory, client) -> None:
    real = with_dossiers(recorded_zaken())
    pages = unnumbered(real)
    zaken = {z["Id"]: z for page in pages for z in page}
    with zaak_server(pages) as server:
        first = cli("parliament", "sync", "--dossier", "36800", "--api-root", server.root)
        assert first.returncode == 0, first.stderr
    register = synced(factory)
    assert len(register) == len(zaken) == 741
    assert all(i.title == zaken[k]["Onderwerp"].strip() for k, i in register.items())
    links = [i.source_url for i in register.values() if i.source_url]
    assert len(links) == len(set(links)) > 100  # no two items share a Kamerstuk link
    by_code = {i.code: i for i in register.values()}
    # the same nr. 17 in 36800 (Miljoenennota) and 36800-IV (Koninkrijksrelaties) stays two
    plain, chapter = by_code["motie-36800-17"], by_code["motie-36800-IV-17"]
    assert plain.tk_id != chapter.tk_id and (plain.dossier, chapter.dossier) == (
        "36 800",
        "36 800 IV",
    )
    assert chapter.source_url == "https://zoek.officielebekendmakingen.nl/kst-36800-IV-17.html"
    assert chapter.kamerstuk == "36 800 IV, nr. 17"
    assert by_code["motie-36600-IV-60"].tk_id != by_code["motie-36600-XX-60"].tk_id
    # unnumbered amended motions: a code from their own Zaak, no Kamerstuk, no link
    loose = [z for z in zaken.values() if z["Volgnummer"] == -1]
    assert len(loose) == 43
    for zaak in loose:
        item = register[zaak["Id"]]
        assert item.code == f"motie-{zaak['Nummer']}" and item.number == ""
        assert item.source_url == "" and item.kamerstuk == ""
    chapter_iv = client.get("/api/v1/parliament/items", params={"dossier": "36800-IV"}).json()
    expected = sum(dossier_from_title(z) == (36800, "IV") for z in zaken.values())
    assert chapter_iv["total"] == expected == 8  # not the Miljoenennota's 36800 motions
    assert {i["dossier"] for i in chapter_iv["items"]} == {"36 800 IV"}
    page = client.get(f"/parliament/motie-{loose[0]['Nummer']}")
    assert page.status_code == 200 and "nog niet genummerd" in page.text
    assert "officielebekendmakingen" not in page.text

    # a second sync, after the Kamer numbered one of them: the same record, numbered
    first = next(z for z in loose if dossier_from_title(z) == (36800, None))
    later = copy.deepcopy(pages)
    restored = next(z for z in (z for p in real for z in p) if z["Id"] == first["Id"])
    for zaak in (z for p in later for z in p if z["Id"] == first["Id"]):
        zaak["Volgnummer"] = restored["Volgnummer"]
    old_code = f"motie-{first['Nummer']}"
    with factory() as s:
        key = s.scalar(select(ParliamentItem.item_key).where(ParliamentItem.code == old_code))
        rows = len(s.scalars(select(ParliamentItem.id)).all())
    with zaak_server(later) as server:
        again = cli("parliament", "sync", "--full", "--json", "--api-root", server.root)
        assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout)
    assert (counts["new"], counts["updated"]) == (0, 1)
    new_code = f"motie-36800-{restored['Volgnummer']}"
    with factory() as s:
        # the renamed record is a new revision of the same item; the old one stays as history
        current = s.scalars(select(ParliamentItem).where(ParliamentItem.item_key == key)).all()
        assert [(r.code, r.revision, r.is_current) for r in current] == [
            (old_code, 1, False),
            (new_code, 2, True),
        ]
        assert len(s.scalars(select(ParliamentItem.id)).all()) == rows + 1
        history = parliament_history(s, new_code)
        assert [h.revision for h in history] == [2, 1] and "code" in history[0].changed
    item = synced(factory)[first["Id"]]
    assert item.code == new_code and item.aliases == (old_code,)
    assert item.source_url.endswith(f"kst-36800-{restored['Volgnummer']}.html")
    moved = client.get(f"/parliament/{old_code}", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/parliament/{new_code}"


def test_the_old_bug_three_amended_motions_one_item_is_gone() -> None:
    """The APB's amended motions 72-74 of 36800, all -1 before numbering, stay three."""
    from techniekpact.parliament.motions import motion_item

    pages = unnumbered(with_dossiers(recorded_zaken()))
    three = [
        z
        for page in pages
        for z in page
        if amended(z) and dossier_from_title(z) == (36800, None) and z["GestartOp"] < "2025-09-19"
    ]
    assert len(three) == 3
    made = [motion_item(z, 36800) for z in three]
    assert len({m.code for m in made}) == 3
    assert [m.title for m in made] == [z["Onderwerp"].strip() for z in three]


def test_a_zaak_on_two_pages_is_one_item_in_its_newest_version(factory) -> None:
    from techniekpact.parliament.store import apply_sync

    pages = recorded_zaken()
    twice = copy.deepcopy(pages[0][0])
    twice["ApiGewijzigdOp"] = "2099-01-01T00:00:00.0000000Z"
    twice["Onderwerp"] = pages[0][0]["Onderwerp"] + " (gewijzigd)"
    moved = [pages[0], [twice, *pages[1]], pages[2]]  # paging shifted while reading
    with zaak_server(moved) as server, httpx.Client() as http:
        incoming, _ = fetch(Client(server.root, http, sleep=lambda _: None), 36800, None)
    assert len(incoming) == 741
    [item] = [i for i in incoming if i.tk_id == twice["Id"]]
    assert item.title.endswith("(gewijzigd)")
    with factory() as s, s.begin():
        assert apply_sync(s, incoming, 0, origin=BY_TEST).new == 741


def test_missing_and_null_fields_are_read_not_raised() -> None:
    from techniekpact.parliament.motions import motion_item

    zaak = copy.deepcopy(recorded_zaken()[0][0])
    for key in ("Onderwerp", "GestartOp", "Kabinetsappreciatie"):
        zaak.pop(key)
    zaak["Volgnummer"] = None
    zaak["Kamerstukdossier"] = None
    zaak["ZaakActor"][0]["Relatie"] = "Ondertekenaar"  # an enum value tkapi does not know
    item = motion_item(zaak, 36800)
    assert item.code == f"motie-{zaak['Nummer']}" and item.number == "" and item.date is None
    assert item.title == zaak["Titel"].strip() and item.appreciation == ""
    garbled = copy.deepcopy(recorded_zaken()[0][0]) | {"GestartOp": "nog niet bekend"}
    assert motion_item(garbled).date is None
    values = Counter(z["Kabinetsappreciatie"] for page in recorded_zaken() for z in page)
    assert "Ontijdig" in values  # not in tkapi's enum, read as text (test_sync covers it)


def test_a_record_without_id_stops_the_sync_and_names_it(cli, factory) -> None:
    pages = recorded_zaken()
    broken = copy.deepcopy(pages)
    del broken[1][6]["Id"]
    with factory() as s:
        before = len(items(s))
    with zaak_server(broken) as server:
        result = cli("parliament", "sync", "--api-root", server.root)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "fout: Zaak, pagina 2, record 7: veld 'Id' ontbreekt of is leeg (gevonden None); "
        "niets gewijzigd"
    )
    with factory() as s:
        assert len(items(s)) == before


BAD_BODIES = {
    "bare array": (b"[]", "antwoord is geen OData-object maar een JSON-lijst"),
    "html": (b"<!doctype html><html><body>Onderhoud</body></html>", "geen JSON (begint met"),
    "empty": (b"", "leeg antwoord"),
    "invalid json": (b'{"value": [', "geen JSON (begint met"),
    "value not a list": (b'{"value": {"Id": "x"}}', "antwoord zonder 'value'-lijst"),
    "records not objects": (b'{"value": ["a"]}', "record 1 is geen object maar een tekst"),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_a_200_that_is_not_odata_is_one_line_and_changes_nothing(cli, factory, name) -> None:
    body, message = BAD_BODIES[name]
    with factory() as s:
        before = [(i.code, i) for i in items(s)]

    def answer(entity: str, query: dict[str, str], root: str) -> Any:
        return body if entity == "Toezegging" else paged(recorded_zaken(), entity, query)

    with serve(answer) as server:
        result = cli("parliament", "sync", "--api-root", server.root)
        with httpx.Client() as http, pytest.raises(Exception) as raised:
            fetch(Client(server.root, http, sleep=lambda _: None), 32637, None)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("fout: ") and line.endswith("niets gewijzigd")
    assert f"{server.root}Toezegging" in line and message in line
    assert type(raised.value).__name__ == "DomainError" and message in str(raised.value)
    with factory() as s:
        assert [(i.code, i) for i in items(s)] == before  # the motions fetched first: not saved


def test_a_sync_error_is_in_english_when_asked(cli) -> None:
    """One language per message: the same refusal in English with --lang en."""

    def answer(entity: str, query: dict[str, str], root: str) -> Any:
        return [] if entity == "Toezegging" else paged(recorded_zaken(), entity, query)

    with serve(answer) as server:
        result = cli("parliament", "sync", "--api-root", server.root, "--lang", "en")
    line = result.stderr.strip()
    assert result.returncode == 1 and "\n" not in line
    assert line.startswith("error: ") and line.endswith("nothing changed")
    assert "is not an OData object but a JSON array" in line
    assert not {"antwoord", "niets", "gewijzigd", "fout:"} & set(line.split())


def commitment(letter: Any) -> dict[str, Any]:
    return {
        "Id": "1a2b3c4d-0000-4000-8000-000000000001",
        "Nummer": "TZ202510-001",
        "Tekst": "De minister stuurt de Kamer voor de zomer een brief over het Techniekpact.",
        "Status": "Openstaand",
        "Aanmaakdatum": "2025-10-01T00:00:00+02:00",
        "DatumNakoming": "0001-01-01T00:00:00Z",
        "KamerbriefNakoming": letter,
        "Verwijderd": False,
    }


def test_recorded_metadata_letter_is_text_and_the_sync_never_asks_it_as_relation(cli) -> None:
    """The server refuses (400) an expand or lambda over a non-navigation property, as an
    OData server does; with the recorded $metadata the sync must not build one."""
    # first: this server does refuse the query the sync used to send
    with zaak_server([[]]) as server:
        old = {"$expand": "Activiteit,KamerbriefNakoming", "$filter": "Verwijderd eq false"}
        assert httpx.get(f"{server.root}Toezegging", params=old).status_code == 400
        lambda_ = {"$filter": "KamerbriefNakoming/any(x: x/ApiGewijzigdOp ge 2025-01-01)"}
        assert httpx.get(f"{server.root}Toezegging", params=lambda_).status_code == 400
    letter = "Kamerstuk 32637-433"
    with zaak_server([[]], [commitment(letter)]) as server:
        result = cli("parliament", "sync", "--since", "2025-01-01", "--api-root", server.root)
        assert result.returncode == 0, result.stderr
        assert server.refused == []
        assert [e for e, _ in server.requests].count("$metadata") == 1  # once per run
        sent = dict(server.requests)["Toezegging"]
        assert sent["$expand"] == "Activiteit" and "KamerbriefNakoming" not in sent["$filter"]


def test_both_shapes_of_the_letter_are_read(factory) -> None:
    from techniekpact.parliament.odata import parse_metadata
    from techniekpact.parliament.sync import commitment_item

    text = commitment_item(commitment("Kamerstuk 32637-433"))
    assert text.answer_kamerstuk == "Kamerstuk 32637-433" and text.due_date is None
    document = {"Titel": "32 637", "Volgnummer": 433, "Datum": "2020-06-01T00:00:00+02:00"}
    related = commitment_item(commitment([document | {"Verwijderd": False}]))
    assert related.answer_kamerstuk == "32 637 nr. 433" and str(related.answer_date) == "2020-06-01"
    schema = parse_metadata(metadata_with_letter_relation())
    query = commitments_query("Techniekpact", None, schema)
    assert query["$expand"] == "Activiteit,KamerbriefNakoming"
    with (
        zaak_server([[]], [commitment([document])], metadata=metadata_with_letter_relation()) as (
            server
        ),
        httpx.Client() as http,
    ):
        from datetime import date

        incoming, _ = fetch(Client(server.root, http), 32637, date(2025, 1, 1))
        assert server.refused == []
        assert "KamerbriefNakoming/any(" in dict(server.requests)["Toezegging"]["$filter"]
    assert incoming[0].answer_kamerstuk == "32 637 nr. 433"


def test_metadata_that_is_not_a_schema_is_one_line(cli) -> None:
    with zaak_server([[]], metadata=b"<!doctype html><p>Onderhoud") as server:
        result = cli("parliament", "sync", "--api-root", server.root)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"fout: {server.root}$metadata: geen leesbaar OData-schema (ParseError); niets gewijzigd"
    )


def test_an_item_an_older_sync_mixed_up_is_set_right(factory) -> None:
    """What the old sync left (one row for three amended motions: one title, another's Zaak)
    follows its own Zaak on the next sync; the motions folded into it come back as items."""
    from dataclasses import replace

    from techniekpact.parliament.motions import motion_item
    from techniekpact.parliament.store import apply_sync, save

    pages = unnumbered(with_dossiers(recorded_zaken()))
    a, b, c = [z for p in pages for z in p if amended(z) and z["Titel"].startswith("Nota")][:3]
    mixed = replace(motion_item(a, 36800), code="motie-36800--1", number="-1", tk_id=c["Id"])
    with factory() as s, s.begin():
        save(s, mixed)
    with factory() as s, s.begin():
        result = apply_sync(s, [motion_item(z, 36800) for z in (a, b, c)], 0, origin=BY_TEST)
    assert (result.new, result.updated) == (2, 1)
    with factory() as s:
        register = {i.tk_id: i for i in items(s) if i.origin == "sync"}
    assert register[c["Id"]].title == c["Onderwerp"].strip()
    assert register[c["Id"]].code == f"motie-{c['Nummer']}" and register[c["Id"]].number == ""
    assert register[c["Id"]].aliases == ("motie-36800--1",)
    assert {register[z["Id"]].title for z in (a, b)} == {
        a["Onderwerp"].strip(),
        b["Onderwerp"].strip(),
    }


def test_a_hand_entry_cannot_claim_a_zaak_another_item_holds(factory, tmp_path) -> None:
    from techniekpact.errors import DomainError
    from techniekpact.parliament.store import apply_manual, read_manual

    path = tmp_path / "items.yaml"
    path.write_text(
        "items:\n  - code: mijn-motie\n    kind: motion\n    title: X\n"
        "    tk_id: 00000000-0000-4000-8000-000000000391\n",
        encoding="utf-8",
    )
    with factory() as s, s.begin():
        bundled = next(i for i in items(s) if i.code == "motie-32637-391")
        from dataclasses import replace

        from techniekpact.parliament.store import save

        save(s, replace(bundled, tk_id="00000000-0000-4000-8000-000000000391"))
    with factory() as s, s.begin(), pytest.raises(DomainError) as raised:
        apply_manual(s, read_manual(path), path.name, origin=BY_TEST)
    assert str(raised.value) == (
        "items.yaml, item 1 (mijn-motie), veld 'tk_id': 00000000-0000-4000-8000-000000000391 "
        "hoort al bij motie-32637-391; niets ingelezen"
    )


def test_a_dossier_with_toevoeging_is_queried_as_such() -> None:
    from techniekpact.errors import DomainError
    from techniekpact.parliament.motions import motions_query, parse_dossier
    from techniekpact.parliament.odata import parse_metadata
    from tests.parliament.fake_odata import recorded_metadata

    assert parse_dossier("36800-iv") == (36800, "IV") and parse_dossier("32 637") == (32637, None)
    assert parse_dossier("36 800 IV") == (36800, "IV") and parse_dossier(32637) == (32637, None)
    query = motions_query("36800-IV", None, parse_metadata(recorded_metadata()))["$filter"]
    assert "Kamerstukdossier/any(d: d/Nummer eq 36800)" in query
    assert "Kamerstukdossier/any(d: d/Toevoeging eq 'IV')" in query
    with pytest.raises(DomainError, match="verwacht een nummer, bv. 32637 of 36800-IV"):
        parse_dossier("36800 IV'; drop")
