"""Migration 0007 on a database that two racing imports had already damaged: duplicates go
(the oldest stays), each figure gets one current revision, revisions are numbered, and a value
that legitimately came back after another is kept."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from techniekpact.db import alembic_config, make_engine
from tests.monitor.invariants import violations

COLUMNS = (
    "indicator_id, period, period_kind, period_start, period_end, breakdown, value, flags, "
    "source_url, source_edition, note, import_id"
)


def copy_row(connection, row_id: int, *, value: str = "value", current: bool) -> int:  # type: ignore[no-untyped-def]
    """Store row `row_id` again, as a racing import would have (with `value` as its value)."""
    columns = COLUMNS.replace("value,", f"{value},", 1)
    connection.execute(
        text(
            f"INSERT INTO observation ({COLUMNS}, is_current) SELECT {columns}, :current "
            "FROM observation WHERE id = :id"
        ),
        {"id": row_id, "current": current},
    )
    return connection.execute(text("SELECT MAX(id) FROM observation")).scalar_one()


def test_migration_repairs_what_racing_imports_left(database_url: str) -> None:
    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.downgrade(config, "20261201_0006")
    with engine.begin() as c:
        before = c.execute(text("SELECT COUNT(*) FROM observation")).scalar_one()
        same, other, back = c.execute(
            text("SELECT id FROM observation WHERE is_current ORDER BY id LIMIT 3")
        ).scalars()
        # the same file twice: a copy, current as well (twice over)
        copies = [copy_row(c, same, current=True), copy_row(c, same, current=True)]
        # two files with different values at once: both current, the later should win
        later = copy_row(c, other, value="value + 1", current=True)
        # a value that comes back after another one: a real history, nothing to repair
        copy_row(c, back, value="value + 1", current=False)
        returned = copy_row(c, back, current=False)
        # a scheme imported twice at once
        c.execute(
            text(
                "INSERT INTO scheme_record (code, data, import_id, is_current) SELECT code, data, "
                "import_id, is_current FROM scheme_record WHERE is_current ORDER BY id LIMIT 1"
            )
        )
        schemes = c.execute(text("SELECT COUNT(*) FROM scheme_record")).scalar_one()
    command.upgrade(config, "head")
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, is_current, revision FROM observation")).all()
        by_id = {r.id: r for r in rows}
        assert len(rows) == before + 3  # the two copies went, the other three rows stayed
        assert not set(copies) & set(by_id) and by_id[same].is_current
        assert by_id[later].is_current and not by_id[other].is_current
        assert (by_id[later].revision, by_id[returned].revision) == (2, 3)
        assert by_id[back].is_current and not by_id[returned].is_current
        assert c.execute(text("SELECT COUNT(*) FROM scheme_record")).scalar_one() == schemes - 1
        from sqlalchemy.orm import Session

        assert violations(Session(bind=c)) == {}
    engine.dispose()
