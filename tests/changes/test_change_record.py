"""The change record (issue 12 point 1): every writer says who made a change, through which
channel and why; `techniekpact changes` and GET /api/v1/changes list them, newest first; the
public API leaves a person's name out. On SQLite and PostgreSQL (the `database_url` fixture)."""

from __future__ import annotations

import getpass
import json
import threading
import time
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy import select

from techniekpact.changes import ChangeRecord, Origin
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import ImportSummary, apply_import, load_catalogue
from tests.monitor.invariants import write_figures
from tests.monitor.test_concurrent_writers import together


def a_new_scheme() -> dict[str, object]:
    """The first bundled scheme under another code: a catalogue entry that is valid and new."""
    text = (resources.files("techniekpact") / "data" / "schemes.yaml").read_text("utf-8")
    first = yaml.safe_load(text)["schemes"][0]
    return first | {"code": "test-regeling", "name": "Testregeling voor het logboek"}


def newest(factory, capability: str) -> ChangeRecord:  # type: ignore[no-untyped-def]
    with factory() as s:
        return s.scalars(
            select(ChangeRecord)
            .where(ChangeRecord.capability == capability)
            .order_by(ChangeRecord.id.desc())
            .limit(1)
        ).one()


def import_together_as(factory, paths: list[Path], actors: list[str]) -> list[ImportSummary]:  # type: ignore[no-untyped-def]
    """The files compared and written at the same moment, each run by its own actor."""
    with factory() as s:
        catalogue = load_catalogue(s)
    parsed = [parse_file(path, catalogue) for path in paths]

    def work(i: int, barrier: threading.Barrier) -> ImportSummary:
        origin = Origin(actors[i], "cli", f"run {actors[i]}")
        with factory() as session, session.begin():
            barrier.wait()
            return apply_import(session, parsed[i], source_name=paths[i].name, origin=origin)

    return together(len(paths), work)


def test_the_seed_records_one_change_per_capability(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        rows = s.scalars(select(ChangeRecord).order_by(ChangeRecord.id)).all()
    assert [(r.capability, r.kind, r.channel, r.actor) for r in rows] == [
        ("figures", "seed", "seed", "seed"),
        ("figures", "seed", "seed", "seed"),  # the series computed from the bundled DUO files
        ("schemes", "seed", "seed", "seed"),
        ("parliament", "seed", "seed", "seed"),
    ]
    assert rows[0].file_format == "csv" and rows[0].new > 500
    assert rows[1].source_name.startswith("sources:duo") and rows[1].new > 2000
    assert rows[3].source_name == "bundled:parliament.yaml" and rows[3].new == rows[3].rows > 0


def test_a_figures_import_records_actor_channel_and_comment(cli, factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_figures(tmp_path / "cijfers.csv", 0, 20)
    done = cli("import", "cijfers.csv", "--actor", "A. Jansen", "--comment", "CBS juni")
    assert done.returncode == 0, done.stderr
    change = newest(factory, "figures")
    assert (change.kind, change.channel, change.actor, change.comment) == (
        "import",
        "cli",
        "A. Jansen",
        "CBS juni",
    )
    assert (change.rows, change.new, change.file_format) == (20, 20, "csv")
    assert change.source_name.endswith("cijfers.csv")
    # without --actor: the operating system's user; a dry run and a no-op record nothing
    write_figures(tmp_path / "herzien.csv", 0, 20, shift=1.0)
    assert cli("import", "herzien.csv").returncode == 0
    change = newest(factory, "figures")
    assert (change.actor, change.comment, change.revised) == (getpass.getuser(), "", 20)
    before = change.id
    assert cli("import", "herzien.csv", "--comment", "nogmaals").returncode == 0
    assert cli("import", "cijfers.csv", "--dry-run").returncode == 0
    assert newest(factory, "figures").id == before


def test_a_scheme_catalogue_records_actor_and_comment(cli, factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "regelingen.json").write_text(
        json.dumps({"schemes": [a_new_scheme()]}, default=str), encoding="utf-8"
    )
    done = cli("schemes", "import", "regelingen.json", "--actor", "redactie", "--comment", "nieuw")
    assert done.returncode == 0, done.stderr
    change = newest(factory, "schemes")
    assert (change.kind, change.channel, change.actor, change.comment) == (
        "import",
        "cli",
        "redactie",
        "nieuw",
    )
    assert (change.new, change.file_format) == (1, "json")


def test_a_kamer_import_by_hand_records_actor_and_comment(cli, factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "t.yaml").write_text(
        "items:\n  - code: toezegging-x\n    kind: commitment\n    title: Brief\n",
        encoding="utf-8",
    )
    done = cli("parliament", "import", "t.yaml", "--comment", "uit het verslag")
    assert done.returncode == 0, done.stderr
    change = newest(factory, "parliament")
    assert (change.kind, change.channel, change.actor, change.comment) == (
        "import",
        "cli",
        getpass.getuser(),
        "uit het verslag",
    )
    assert (change.source_name, change.file_format, change.new) == ("t.yaml", "yaml", 1)


def test_concurrent_imports_keep_one_change_record_each(factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Writers at once, each with its own actor: the run that changed the figures has one
    record with its actor and comment; the runs that found nothing new have none."""
    path = write_figures(tmp_path / "f.csv", 0, 300)
    with factory() as s:
        last = s.scalar(select(ChangeRecord.id).order_by(ChangeRecord.id.desc()).limit(1))
    summaries = import_together_as(factory, [path] * 3, ["een", "twee", "drie"])
    with factory() as s:
        made = s.scalars(select(ChangeRecord).where(ChangeRecord.id > last)).all()
    (winner,) = [summary for summary in summaries if summary.import_id is not None]
    assert [(c.id, c.new) for c in made] == [(winner.import_id, 300)]
    assert made[0].actor in ("een", "twee", "drie")
    assert made[0].comment == f"run {made[0].actor}"


def test_the_changes_command_lists_newest_first_in_both_languages(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_figures(tmp_path / "cijfers.csv", 0, 5)
    assert (
        cli("import", "cijfers.csv", "--actor", "beheer", "--comment", "correctie").returncode == 0
    )
    dutch = cli("changes", "--limit", "2").stdout
    assert "Wijzigingen" in dutch and "cijfers: import" in dutch and "Kamer: meegeleverd" in dutch
    assert "beheer" in dutch and "correctie" in dutch and "opdrachtregel" in dutch
    assert dutch.index("cijfers: import") < dutch.index("Kamer: meegeleverd")
    english = cli("changes", "--limit", "2", "--lang", "en").stdout
    assert "Changes" in english and "figures: import" in english and "command line" in english
    assert "Parliament: bundled" in english and "meegeleverd" not in english
    help_en = cli("changes", "--help", "--lang", "en").stdout
    assert "The change log" in help_en and "newest first" in help_en
    assert "Het wijzigingslogboek" in cli("changes", "--help").stdout
    only = json.loads(cli("changes", "--capability", "schemes", "--json").stdout)
    assert [(c["capability"], c["kind"]) for c in only] == [("schemes", "seed")]
    bad = cli("changes", "--capability", "weer")
    assert bad.returncode != 0


def test_the_api_pages_the_changes_and_leaves_out_a_persons_name(cli, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_figures(tmp_path / "cijfers.csv", 0, 5)
    assert cli("import", "cijfers.csv", "--actor", "A. Jansen", "--comment", "juni").returncode == 0
    time.sleep(1.1)  # the app asks the data version at most once a second
    page = client.get("/api/v1/changes?limit=2")
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["total"] == 5 and len(body["items"]) == 2
    assert body["_links"]["next"]["href"].endswith("/api/v1/changes?offset=2&limit=2")
    first = body["items"][0]
    assert (first["capability"], first["kind"], first["channel"]) == ("figures", "import", "cli")
    assert first["actor"] is None and first["comment"] == "juni"
    assert first["source"] == "cijfers.csv"  # the file's name, not its path on the server
    assert "A. Jansen" not in page.text and str(tmp_path) not in page.text
    rest = client.get(body["_links"]["next"]["href"]).json()["items"]
    assert [c["actor"] for c in rest] == ["seed", "seed"]  # automatic actors are shown
    # the CLI prints the same object, with the name the public API leaves out
    printed = json.loads(cli("changes", "--json").stdout)
    listed = client.get("/api/v1/changes").json()["items"]
    assert [list(c) for c in printed] == [list(c) for c in listed]
    assert printed[0]["actor"] == "A. Jansen" and printed[0]["source"].endswith("cijfers.csv")
    for cli_item, api_item in zip(printed[1:], listed[1:], strict=True):
        assert cli_item == api_item  # the seed's records: nothing personal, nothing left out
    schemes = client.get("/api/v1/changes?capability=schemes").json()
    assert schemes["total"] == 1 and schemes["items"][0]["capability"] == "schemes"
    assert client.get("/api/v1/changes?capability=weer").status_code == 400


def test_the_openapi_documents_the_changes(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/changes"]["get"]
    assert operation["tags"] == ["wijzigingen"]
    assert {p["name"] for p in operation["parameters"]} >= {"limit", "offset", "capability"}
    history = spec["paths"]["/parliament/items/{code}/history"]["get"]
    assert history["tags"] == ["kamer"]
