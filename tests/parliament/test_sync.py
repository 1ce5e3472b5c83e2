"""Tweede Kamer sync against a local server serving the (constructed) tk-samples: paging, an
unknown enum value, a deleted item, idempotency, hand edits, and a server error mid-sync."""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from techniekpact.changes import ChangeRecord
from techniekpact.parliament.motions import motion_item, motions_query
from techniekpact.parliament.odata import parse_metadata, quote
from techniekpact.parliament.store import item_to_dict, items, save
from techniekpact.parliament.sync import commitments_query
from tests.parliament.fake_odata import navigations, recorded_metadata, refusal

# Constructed samples from shared/data/tk-samples (see their README): not real API responses.
SAMPLES = Path(__file__).resolve().parents[1] / "assets" / "tk-samples"


SCHEMA = navigations(recorded_metadata())


def load(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def full_metadata(entity: dict, url: str) -> dict:
    """What `odata.metadata=full` adds that tkapi relies on: a navigation link beside every
    expanded relation, nested ones included (the samples are in minimal form)."""
    out = dict(entity)
    for key, value in entity.items():
        if isinstance(value, list) and (not value or isinstance(value[0], dict)):
            out[f"{key}@odata.navigationLink"] = f"{url}/{key}"
            out[key] = [full_metadata(v, f"{url}/{key}") for v in value]
    return out


class OData(BaseHTTPRequestHandler):
    fail_on: str | None = None
    formats: list[str] = []
    filters: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        query = parse_qs(url.query)
        entity = url.path.rsplit("/", 1)[-1]
        if entity == "$metadata":
            data = recorded_metadata()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            self.wfile.write(data)
            return
        OData.formats.append(f"{entity}:{query.get('$format', [''])[0]}")
        OData.filters.append(f"{entity}:{query.get('$filter', [''])[0]}")
        problem = refusal(SCHEMA, entity, {k: v[0] for k, v in query.items()})
        if problem:  # as an OData server: no expand or lambda over a non-relation
            self.send_response(400)
            self.end_headers()
            self.wfile.write(problem.encode())
            return
        if OData.fail_on and OData.fail_on == entity:
            self.send_response(500)
            self.end_headers()
            return
        if entity == "Zaak" and "$skip" in query:
            body = copy.deepcopy(load("zaak-moties-32637-page2.odata.json"))
            deleted = dict(
                body["value"][0],
                Id="00000000-0000-4000-8000-000000000999",
                Nummer="2019Z99999",
                Volgnummer=999,
                Verwijderd=True,
            )
            body["value"].append(deleted)
            # the sync expands Kamerstukdossier, so the service sends it (the sample is $select-ed)
            dossier = load("zaak-motie-32637-391.odata.json")["value"][0]["Kamerstukdossier"]
            for zaak in body["value"]:
                zaak["Kamerstukdossier"] = dossier
        elif entity == "Zaak":
            body = load("zaak-motie-32637-391.odata.json")
            body["@odata.nextLink"] = load("zaak-moties-32637-page1.odata.json")["@odata.nextLink"]
        elif entity == "Toezegging":
            body = load("toezegging-techniekpact.odata.json")
        else:
            self.send_response(404)
            self.end_headers()
            return
        if "metadata=full" in query.get("$format", [""])[0]:
            body["value"] = [full_metadata(v, f"{entity}({v['Id']})") for v in body["value"]]
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def api_root() -> Iterator[str]:
    OData.fail_on = None
    OData.formats = []
    OData.filters = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), OData)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/OData/v4/2.0/"
    server.shutdown()


def test_query_builder() -> None:
    assert quote("O'Reilly") == "'O''Reilly'"
    params = motions_query(32637, date(2024, 1, 2))
    assert "Kamerstukdossier/any(d: d/Nummer eq 32637)" in params["$filter"]
    assert "Verwijderd eq false" in params["$filter"]
    assert "Soort eq 'Motie'" in params["$filter"]
    # a vote is its own entity: a motion whose Besluit changed counts as changed
    assert (
        "(ApiGewijzigdOp ge 2024-01-02T00:00:00Z or "
        "Besluit/any(x: x/ApiGewijzigdOp ge 2024-01-02T00:00:00Z))" in params["$filter"]
    )
    # in the recorded $metadata the answering letter is text: no lambda over it
    schema = parse_metadata(recorded_metadata())
    letters = commitments_query("Techniekpact", date(2024, 1, 2), schema)["$filter"]
    assert "KamerbriefNakoming" not in letters and "ApiGewijzigdOp ge 2024-01-02" in letters
    assert params["$expand"].startswith("ZaakActor,Kamerstukdossier,Besluit(")
    assert params["$format"] == "application/json;odata.metadata=full"


def test_motion_read_through_tkapi_from_full_metadata() -> None:
    raw = full_metadata(load("zaak-motie-32637-391.odata.json")["value"][0], "Zaak(391)")
    motion = motion_item(raw)
    assert motion.code == "motie-32637-391" and motion.dossier == "32 637"
    assert [(p.name, p.party, p.role) for p in motion.submitters] == [
        ("J. Kerstens", "PvdA", "Indiener"),
        ("W. Moorlag", "PvdA", "Medeindiener"),
    ]
    assert motion.decision == "aangenomen" and motion.vote.startswith("9 voor, 20 tegen")
    assert motion.appreciation == "Oordeel Kamer" and motion.date == date(2019, 12, 11)


def test_unknown_enum_values_are_kept_as_text_not_raised() -> None:
    raw = load("zaak-moties-32637-page2.odata.json")["value"][0]
    assert raw["Kabinetsappreciatie"] == "Ontijdig"
    raw = full_metadata(raw | {"ZaakActor": [], "Besluit": []}, "Zaak(392)")
    assert motion_item(raw, 32637).appreciation == "Ontijdig"


def test_unknown_enums_inside_relations_do_not_stop_the_reading() -> None:
    raw = copy.deepcopy(load("zaak-motie-32637-391.odata.json")["value"][0])
    raw["ZaakActor"][1]["Relatie"] = "Ondertekenaar"  # a relation tkapi does not know
    raw["Besluit"][0]["Status"] = "Besluit vervallen"  # a status tkapi does not know
    motion = motion_item(full_metadata(raw, "Zaak(391)"))
    assert [p.name for p in motion.submitters] == ["J. Kerstens"]
    assert motion.decision == ""  # not a decided Besluit as far as we can tell


def test_relations_in_minimal_metadata_are_read_and_missing_ones_never_fetched() -> None:
    """Minimal metadata has no navigation links, which tkapi needs to see an expansion: they
    are added, so the submitters still come through. A relation not in the answer is empty,
    never fetched lazily (the link points at a host that must not be called)."""
    raw = load("zaak-motie-32637-391.odata.json")["value"][0]
    assert not any("@odata.navigationLink" in k for k in raw)
    motion = motion_item(raw, 32637)
    assert [p.name for p in motion.submitters] == ["J. Kerstens", "W. Moorlag"]
    assert motion.decision == "aangenomen" and motion.code == "motie-32637-391"
    bare = {k: v for k, v in raw.items() if k not in ("ZaakActor", "Besluit")}
    bare["ZaakActor@odata.navigationLink"] = "http://192.0.2.1/unreachable/ZaakActor"
    motion = motion_item(bare, 32637)
    assert motion.submitters == () and motion.decision == ""


def test_sync_imports_pages_skips_deleted_and_is_idempotent(
    cli, factory, client, api_root: str
) -> None:
    assert "Ontijdig" not in client.get("/parliament/motie-32637-392").text  # cached now
    first = cli(
        "parliament", "sync", "--dossier", "32637", "--api-root", api_root, "--json",
        "--comment", "wekelijkse sync",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)
    # 391 and 392 exist (bundled) and are updated; two commitments are new; one deleted skipped
    assert (counts["new"], counts["updated"], counts["skipped_deleted"]) == (2, 2, 1)
    with factory() as s:
        register = {i.code: i for i in items(s)}
    motion = register["motie-32637-391"]
    assert motion.tk_number == "2019Z99391" and motion.decision == "aangenomen"
    assert motion.vote.startswith("9 voor, 20 tegen")
    assert motion.answer_kamerstuk == "32 637, nr. 433"  # from the letter, kept
    assert register["motie-32637-392"].tk_number == "2019Z99392"  # "Ontijdig" did not stop it
    assert register["motie-32637-392"].appreciation == "Ontijdig"
    full = "application/json;odata.metadata=full"
    assert OData.formats[:2] == [f"Zaak:{full}", f"Zaak:{full}"]  # page 2 kept the format
    assert "motie-32637-999" not in register
    done = register["toezegging-TZ201910-901"]
    assert done.state == "voldaan" and done.answer_kamerstuk.endswith("nr. 433")
    open_one = register["toezegging-TZ202002-902"]
    assert open_one.state == "open" and open_one.due_date is None
    assert not any("ApiGewijzigdOp" in f for f in OData.filters)  # the first sync reads all
    OData.filters.clear()
    second = json.loads(cli("parliament", "sync", "--api-root", api_root, "--json").stdout)
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 0, 4)
    since = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    assert second["since"] == since  # incremental: a day before the previous sync
    first_pages = [OData.filters[0], OData.filters[-1]]  # Zaak and Toezegging (page 2 is canned)
    assert all(f"ApiGewijzigdOp ge {since}T00:00:00Z" in f for f in first_pages)
    OData.filters.clear()
    full = json.loads(cli("parliament", "sync", "--api-root", api_root, "--full", "--json").stdout)
    assert full["since"] is None and not any("ApiGewijzigdOp" in f for f in OData.filters)
    with factory() as s:
        synced = s.scalars(
            select(ChangeRecord).where(
                ChangeRecord.capability == "parliament", ChangeRecord.kind == "sync"
            )
        )
        assert [(b.new, b.revised, b.actor, b.channel, b.comment) for b in synced] == [
            (2, 2, "tweedekamer", "sync", "wekelijkse sync")  # the second run logged nothing
        ]
    time.sleep(1.1)  # the app asks the data version at most once a second
    page = client.get("/parliament/motie-32637-392").text
    assert "Kabinetsappreciatie" in page and "Ontijdig" in page  # the sync moved the cache


def test_hand_edits_survive_a_sync(cli, factory, api_root: str) -> None:
    with factory() as s, s.begin():
        motion = next(i for i in items(s) if i.code == "motie-32637-391")
        save(s, replace(motion, decision="aangenomen (handmatig)", edited=("decision",)))
    assert cli("parliament", "sync", "--api-root", api_root).returncode == 0
    with factory() as s:
        motion = next(i for i in items(s) if i.code == "motie-32637-391")
    assert motion.decision == "aangenomen (handmatig)" and motion.tk_number == "2019Z99391"


def test_server_error_mid_sync_changes_nothing(cli, factory, api_root: str) -> None:
    with factory() as s:
        before = [item_to_dict(i) for i in items(s)]
    OData.fail_on = "Toezegging"  # motions fetched fine, then the second entity fails
    result = cli("parliament", "sync", "--api-root", api_root)
    assert result.returncode == 1
    assert result.stderr.startswith("fout:") and "niets gewijzigd" in result.stderr
    with factory() as s:
        assert [item_to_dict(i) for i in items(s)] == before
