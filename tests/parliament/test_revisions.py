"""Kamer items keep their revisions (migration 20261203_0008): a changed item is a new row,
the old one stays as history; an identical sync writes nothing; a rename keeps the history;
concurrent syncs leave one current revision per item; the migration keeps existing rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from techniekpact.changes import ChangeRecord, Origin
from techniekpact.db import alembic_config, make_engine
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.revisions import parliament_history
from techniekpact.parliament.store import apply_manual, apply_sync, item_from_dict, items
from tests.test_writers import at_once, kamer_items

BY_TEST = Origin("test", "cli")

BEFORE = "20261202_0007"


def counts(factory) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return (
            s.scalar(select(func.count()).select_from(ParliamentItem)) or 0,
            s.scalar(select(func.count()).select_from(ChangeRecord)) or 0,
        )


def test_a_changed_item_keeps_its_old_revision_and_an_identical_sync_adds_nothing(factory):  # type: ignore[no-untyped-def]
    first = kamer_items(2)
    with factory() as s, s.begin():
        apply_sync(s, first, 0, "dossier 99999", origin=BY_TEST)
    changed = [replace(first[0], decision="aangenomen"), first[1]]
    with factory() as s, s.begin():
        result = apply_sync(s, changed, 0, "dossier 99999", origin=BY_TEST)
    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    before = counts(factory)
    with factory() as s, s.begin():
        again = apply_sync(s, changed, 0, "dossier 99999", origin=BY_TEST)
    assert (again.updated, again.unchanged) == (0, 2)
    assert counts(factory) == before  # no revision, no import logged
    with factory() as s:
        history = parliament_history(s, first[0].code)
        assert [(h.revision, h.kind, h.source_name) for h in history] == [
            (2, "sync", "dossier 99999"),
            (1, "sync", "dossier 99999"),
        ]
        assert history[0].changed == ("decision",) and history[1].changed == ()
        assert len(parliament_history(s, first[1].code)) == 1
        assert parliament_history(s, "onbekend") == []
        current = {i.code: i for i in items(s)}
        assert current[first[0].code].decision == "aangenomen"
        old = s.scalar(
            select(ParliamentItem).where(
                ParliamentItem.code == first[0].code, ParliamentItem.revision == 1
            )
        )
        assert old is not None and not old.is_current and "aangenomen" not in old.data


def test_a_hand_import_adds_a_revision_and_keeps_the_seeded_one(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        seeded = items(s)[0]
        assert [h.kind for h in parliament_history(s, seeded.code)] == ["seed"]  # the bundle
    edited = replace(seeded, ministry="OCW (handmatig)", edited=("ministry",))
    with factory() as s, s.begin():
        assert apply_manual(s, [edited], "hand.yaml", origin=BY_TEST) == (0, 1)
    with factory() as s:
        history = parliament_history(s, seeded.code)
    assert [(h.kind, h.source_name) for h in history] == [
        ("import", "hand.yaml"),
        ("seed", "bundled:parliament.yaml"),
    ]
    assert history[0].changed == ("edited", "ministry")


def test_a_rename_keeps_the_history(factory) -> None:  # type: ignore[no-untyped-def]
    (item,) = kamer_items(1)
    unnumbered = replace(item, code="motie-2025Z00001", number="")
    with factory() as s, s.begin():
        apply_sync(s, [unnumbered], 0, "d", origin=BY_TEST)
    with factory() as s, s.begin():
        # the Kamer numbered it: the same Zaak, new code
        result = apply_sync(s, [item], 0, "d", origin=BY_TEST)
    assert result.updated == 1
    with factory() as s:
        history = parliament_history(s, item.code)
        assert [(h.revision, h.code) for h in history] == [(2, item.code), (1, unnumbered.code)]
        assert {"code", "number", "aliases"} <= set(history[0].changed)
        assert parliament_history(s, unnumbered.code) == []  # no current item has that code


@pytest.mark.parametrize("count", [2, 3])
def test_concurrent_changing_syncs_keep_one_current_revision_per_item(factory, count) -> None:  # type: ignore[no-untyped-def]
    incoming = kamer_items(10)
    with factory() as s, s.begin():
        apply_sync(s, incoming, 0, "d", origin=BY_TEST)
    changed = [replace(i, vote="aangenomen") for i in incoming]
    results = at_once(factory, count, lambda s: apply_sync(s, changed, 0, "d", origin=BY_TEST))
    assert sorted(r.updated for r in results) == [0] * (count - 1) + [10]
    with factory() as s:
        per_item = s.execute(
            text(
                "SELECT COUNT(*), SUM(CASE WHEN is_current THEN 1 ELSE 0 END) "
                "FROM parliament_item WHERE code LIKE 'motie-99999-%' GROUP BY item_key"
            )
        ).all()
    assert sorted(tuple(r) for r in per_item) == [(2, 1)] * 10


def test_the_database_refuses_a_second_current_row(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s, s.begin():
        apply_sync(s, kamer_items(1), 0, "d", origin=BY_TEST)
    with factory() as s:
        row = s.scalars(select(ParliamentItem).where(ParliamentItem.tk_id.is_not(None))).first()
        assert row is not None
        code, tk_id, key = row.code, row.tk_id, row.item_key
    insert = text(
        "INSERT INTO parliament_item (code, tk_id, data, updated_at, item_key, revision, "
        "is_current) VALUES (:code, :tk_id, '{}', :at, :key, :revision, :current)"
    )
    at = datetime(2026, 1, 1)
    for values in (
        {"code": code, "tk_id": None, "key": "x", "revision": 1, "current": True},
        {"code": "other", "tk_id": tk_id, "key": "y", "revision": 1, "current": True},
        {"code": "other", "tk_id": None, "key": key, "revision": 1, "current": False},
    ):
        with pytest.raises(IntegrityError), factory() as s, s.begin():
            s.execute(insert, values | {"at": at})
    with factory() as s, s.begin():  # an old revision of the same code is fine
        old = {"code": code, "tk_id": tk_id, "key": key, "revision": 99, "current": False}
        s.execute(insert, old | {"at": at})


def test_migration_keeps_rows_as_current_first_revisions(database_url) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.downgrade(config, BEFORE)
    record = {"code": "m-1", "kind": "motion", "title": "m", "text": "", "origin": "sync"}
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM parliament_item"))
        synced_at = datetime(2025, 10, 2, 12, 0, 0)
        connection.execute(
            text(
                "INSERT INTO import_batch (created_at, kind, source_name, file_format, checksum, "
                "rows, new, revised, unchanged) "
                "VALUES (:at, 'parliament-sync', 'sync 1', 'parliament', '', 1, 1, 0, 0)"
            ),
            {"at": datetime(2025, 10, 2, 12, 0, 1)},
        )
        for code, at in (("m-1", synced_at), ("m-2", datetime(2024, 1, 1))):
            connection.execute(
                text(
                    "INSERT INTO parliament_item (code, data, updated_at) "
                    "VALUES (:code, :data, :at)"
                ),
                {"code": code, "data": json.dumps(record | {"code": code}), "at": at},
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        found = dict(
            connection.execute(
                text(
                    "SELECT p.code, b.kind || ':' || b.source_name FROM parliament_item p "
                    "JOIN import_batch b ON b.id = p.import_id "
                    "WHERE p.is_current AND p.revision = 1"
                )
            ).all()
        )
    migrated = "migration:20261203_0008 parliament revisions"
    assert found == {"m-1": "sync:sync 1", "m-2": migrated}  # 0009: one vocabulary of kinds
    engine.dispose()
    from techniekpact.bootstrap import open_database
    from techniekpact.settings import Settings

    made = open_database(Settings(database_url=database_url))
    with made() as s, s.begin():
        apply_manual(
            s, [item_from_dict(record | {"code": "m-1", "title": "m2"})], "h.yaml", origin=BY_TEST
        )
    with made() as s:
        assert [h.revision for h in parliament_history(s, "m-1")] == [2, 1]
    made.kw["bind"].dispose()
    command.downgrade(config, BEFORE)  # keeps the current rows only
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT code, data FROM parliament_item")).all()
    assert sorted(c for c, _ in rows) == ["m-1", "m-2"]
    assert json.loads(dict(rows)["m-1"])["title"] == "m2"
    command.upgrade(config, "head")
    engine.dispose()


def items_codes(factory) -> list[str]:  # type: ignore[no-untyped-def]
    """Codes of items with one revision only (the bundled seed)."""
    with factory() as s:
        return list(
            s.scalars(
                select(ParliamentItem.code).group_by(ParliamentItem.code).having(func.count() == 1)
            )
        )


def test_the_item_page_lists_the_history(factory, client) -> None:  # type: ignore[no-untyped-def]
    (item,) = kamer_items(1)
    with factory() as s, s.begin():
        apply_sync(s, [item], 0, "dossier 99999", origin=BY_TEST)
    with factory() as s, s.begin():
        apply_sync(s, [replace(item, decision="aangenomen")], 0, "dossier 99999", origin=BY_TEST)
    # (the page cache holds a page for a second: each page is asked for once, after the syncs)
    single = client.get(f"/parliament/{items_codes(factory)[0]}").text
    assert 'id="geschiedenis"' not in single  # one revision: nothing to tell
    page = client.get(f"/parliament/{item.code}").text
    assert "Geschiedenis" in page and "Kamer-synchronisatie (dossier 99999)" in page
    assert "gewijzigd besluit" in page and "eerste versie" in page
    english = client.get(f"/parliament/{item.code}?lang=en").text
    assert "History" in english and "changed decision" in english and "first version" in english
