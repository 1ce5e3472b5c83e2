"""Large loads drop and rebuild the observation table's indexes (and, on PostgreSQL, its foreign
keys) inside the import's transaction: afterwards the schema is exactly as before, and the
database itself still refuses a row that points nowhere."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from techniekpact.changes import ChangeRecord, Origin
from techniekpact.db import Base, transaction
from techniekpact.monitor import bulk
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.models import Indicator, Observation
from techniekpact.monitor.store import apply_import, load_catalogue

BY_TEST = Origin("test", "cli")


def schema_drift(session) -> list:  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(session.connection(), opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def write_file(path: Path, rows: int) -> Path:
    lines = ["indicator;period;value;region;sex;source_url;source_edition"]
    for year in range(1900, 2100):
        for region in range(20, 32):
            for sex in ("female", "male", ""):
                # plausible figures (school years, as the stored series; near its values), so
                # the import's plausibility warnings do not stop it
                lines.append(
                    f"mbo_beta_share_intake;{year}/{(year + 1) % 100:02d};{(year % 10) + 20.5};"
                    f"PV{region};{sex};"
                    "https://example.org/bulk;2026"
                )
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
    return path


def observation_frame(indicator_ids: list[int], batch: int, **columns: list) -> pl.DataFrame:
    """Rows as the store hands them to `bulk.write_observations`; `columns` override defaults."""
    n = len(indicator_ids)
    values: dict[str, list] = {
        "indicator_id": indicator_ids,
        "period": [str(1000 + i) for i in range(n)],
        "period_kind": ["year"] * n,
        "period_start": [date(2000, 1, 1)] * n,
        "period_end": [date(2000, 12, 31)] * n,
        "breakdown": [""] * n,
        "value": [1.0] * n,
        "flags": [""] * n,
        "source_url": ["https://example.org"] * n,
        "source_edition": [""] * n,
        "note": [""] * n,
        "import_id": [batch] * n,
        "is_current": [True] * n,
        "revision": [1] * n,
    }
    return pl.DataFrame(values | columns).select(bulk.COLUMNS)


@pytest.fixture
def statements(factory):  # type: ignore[no-untyped-def]
    seen: list[str] = []
    engine = factory.kw["bind"]

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()).upper())

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_large_import_rebuilds_indexes_and_keys(factory, tmp_path, monkeypatch, statements):
    monkeypatch.setattr(bulk, "BULK_ROWS", 100)
    with factory() as s:
        stored = s.scalar(select(func.count()).select_from(Observation))
    path = write_file(tmp_path / "bulk.csv", stored + 400)  # larger than the table
    with transaction(factory) as s:
        summary = apply_import(
            s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST
        )
    assert summary.new == stored + 400
    assert any(q.startswith("DROP INDEX") for q in statements)
    assert any(q.startswith("CREATE INDEX IX_OBSERVATION_SERIES") for q in statements)
    if factory.kw["bind"].dialect.name == "postgresql":
        assert any("ADD CONSTRAINT FK_OBSERVATION_INDICATOR_ID_INDICATOR" in q for q in statements)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Observation)) == 2 * stored + 400
        assert schema_drift(s) == []


def test_small_import_keeps_indexes(factory, tmp_path, monkeypatch, statements):
    monkeypatch.setattr(bulk, "BULK_ROWS", 100)
    path = write_file(tmp_path / "small.csv", 150)  # over BULK_ROWS, but smaller than the table
    with transaction(factory) as s:
        apply_import(s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST)
    assert not any(q.startswith("DROP INDEX") for q in statements)


def test_bulk_write_of_a_row_pointing_nowhere_is_refused_and_changes_nothing(factory, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_ROWS", 10)
    with factory() as s:
        before = s.scalar(select(func.count()).select_from(Observation))
        batch = s.scalar(select(func.max(ChangeRecord.id)))
    n = before + 10  # larger than the table: the bulk path
    frame = observation_frame([999_999] * n, batch)  # no such indicator
    # SQLite checks each row (its driver's error), PostgreSQL when the key is added again
    refused = (IntegrityError, sqlite3.IntegrityError)
    with pytest.raises(refused), transaction(factory) as s:
        bulk.write_observations(s.connection(), frame)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Observation)) == before
        assert schema_drift(s) == []


def test_sqlite_bulk_load_checks_references_once_then_switches_row_checks_back_on(
    factory, tmp_path, monkeypatch
):
    if factory.kw["bind"].dialect.name != "sqlite":
        pytest.skip("PostgreSQL drops and re-adds its foreign keys instead")
    monkeypatch.setattr(bulk, "BULK_ROWS", 100)
    seen = []
    check = bulk._check_references

    def recording_check(connection, rows):  # type: ignore[no-untyped-def]
        raw = connection.connection.driver_connection
        seen.append((raw, raw.execute("PRAGMA foreign_keys").fetchone()[0]))
        check(connection, rows)

    monkeypatch.setattr(bulk, "_check_references", recording_check)
    with factory() as s:
        stored = s.scalar(select(func.count()).select_from(Observation))
    path = write_file(tmp_path / "bulk.csv", stored + 400)
    with transaction(factory) as s:
        apply_import(s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST)
    [(raw, during)] = seen
    assert during == 0  # per-row checks off inside the load's transaction
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # on again, back in the pool


def test_bulk_load_without_row_checks_still_refuses_a_row_pointing_nowhere(factory, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_ROWS", 10)
    with factory() as s:
        before = s.scalar(select(func.count()).select_from(Observation))
        batch = s.scalar(select(func.max(ChangeRecord.id)))
    n = before + 10
    frame = observation_frame([999_999] + [1] * (n - 1), batch)  # one row points nowhere
    raws = []
    with pytest.raises((IntegrityError, sqlite3.IntegrityError)), transaction(factory) as s:
        connection = s.connection()
        raws.append(connection.connection.driver_connection)
        bulk.prepare_connection(connection, n)
        bulk.write_observations(connection, frame)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Observation)) == before
        assert schema_drift(s) == []
    if factory.kw["bind"].dialect.name == "sqlite":
        assert raws[0].execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.parametrize("rows", [1, 49, 51, 20_001])
def test_written_rows_read_back_exactly(factory, rows):
    """Columns that hold one value in a block are bound once per statement (SQLite): every row
    must still read back as written, whatever mix of fixed and varying columns a block has."""
    with factory() as s:
        indicators = s.scalars(select(Indicator.id).order_by(Indicator.id)).all()[:3]
        batch = s.scalar(select(func.max(ChangeRecord.id)))
        before = s.scalar(select(func.max(Observation.id))) or 0
    frame = observation_frame(
        [indicators[i % 3] for i in range(rows)],
        batch,
        period_start=[date(2000 + i % 7, 1, 1) for i in range(rows)],
        breakdown=["" if i % 2 else "sex=female" for i in range(rows)],
        value=[i / 4 for i in range(rows)],
        source_url=["https://example.org/a"] * (rows // 2)
        + ["https://example.org/b"] * (rows - rows // 2),
        source_edition=["2026"] * rows,
        note=["één noot"] * rows,
        is_current=[i % 5 != 0 for i in range(rows)],
    )
    with transaction(factory) as s:
        bulk.write_observations(s.connection(), frame)
    table = Observation.__table__
    with factory() as s:
        stored = s.execute(
            select(*(table.c[c] for c in bulk.COLUMNS))
            .where(table.c.id > before)
            .order_by(table.c.id)
        ).all()
    assert [tuple(r) for r in stored] == frame.rows()
