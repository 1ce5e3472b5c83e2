"""Migration 0009 turns the import log into the change record: a database at 0008 holding a
row of every kind its writers made gets the capability, channel and actor back-filled, one
vocabulary of kinds, and `file_format` only for formats; the downgrade restores the old values.
On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from alembic import command
from sqlalchemy import text

from techniekpact.db import alembic_config, make_engine

BEFORE = "20261203_0008"
# what 0008's writers wrote: (kind, source_name, file_format)
OLD = [
    ("seed", "bundled:observations.csv", "csv"),
    ("import", "/home/beheer/cijfers.xlsx", "xlsx"),
    ("seed", "bundled:schemes.yaml", "catalogue"),
    ("schemes", "regelingen.json", "catalogue"),
    ("parliament-sync", "https://tk.example/OData dossier 32637", "parliament"),
    ("parliament-import", "toezeggingen.yaml", "parliament"),
    ("migration", "20261203_0008 parliament revisions", "parliament"),
]
# after 0009: (capability, kind, channel, actor, file_format)
NEW = [
    ("figures", "seed", "seed", "seed", "csv"),
    ("figures", "import", "cli", "", "xlsx"),
    ("schemes", "seed", "seed", "seed", ""),
    ("schemes", "import", "cli", "", ""),
    ("parliament", "sync", "sync", "tweedekamer", ""),
    ("parliament", "import", "cli", "", ""),
    ("parliament", "migration", "migration", "20261203_0008", ""),
]


def test_the_migration_back_fills_every_kind_and_steps_back(database_url) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.downgrade(config, BEFORE)
    with engine.begin() as connection:
        first = connection.scalar(text("SELECT coalesce(max(id), 0) FROM import_batch"))
        for kind, source, form in OLD:
            connection.execute(
                text(
                    "INSERT INTO import_batch (created_at, kind, source_name, file_format, "
                    "checksum, rows, new, revised, unchanged) "
                    "VALUES (:at, :kind, :source, :format, '', 3, 1, 1, 1)"
                ),
                {
                    "at": datetime(2026, 11, 1),
                    "kind": kind,
                    "source": source,
                    "format": form,
                },
            )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT capability, kind, channel, actor, file_format, comment, source_name, rows "
                "FROM import_batch WHERE id > :first ORDER BY id"
            ),
            {"first": first},
        ).all()
        seeded = connection.execute(
            text("SELECT capability, channel FROM import_batch WHERE id <= :first ORDER BY id"),
            {"first": first},
        ).all()
    assert [tuple(r[:5]) for r in rows] == NEW
    assert {r.comment for r in rows} == {""} and [r.rows for r in rows] == [3] * len(OLD)
    assert [r.source_name for r in rows] == [source for _, source, _ in OLD]
    # the test database's own seed, made at head and carried down and up again
    assert [tuple(r) for r in seeded] == [
        ("figures", "seed"),
        ("figures", "seed"),  # the series computed from the bundled DUO files
        ("schemes", "seed"),
        ("parliament", "seed"),
    ]
    command.downgrade(config, BEFORE)
    with engine.connect() as connection:
        back = connection.execute(
            text("SELECT kind, source_name, file_format FROM import_batch WHERE id > :first"),
            {"first": first},
        ).all()
    assert sorted(tuple(r) for r in back) == sorted(OLD)
    command.upgrade(config, "head")
    engine.dispose()
