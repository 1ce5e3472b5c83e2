"""Writing many observation rows at once, the way the database manuals advise.

Rows go through each driver's fast path: COPY on PostgreSQL, multi-row INSERTs on SQLite. A
large load into a comparatively small table also follows PostgreSQL's "Populating a Database" advice
(manual, section 14.4): drop the table's indexes and foreign keys, load, then create the indexes
and add the foreign keys again. All of it happens inside the import's transaction, so the schema
is never seen without them, and re-adding a foreign key checks every row in one set-based join
instead of one trigger call per row: the database still guarantees that every observation
points at an existing indicator and import. SQLite cannot drop a foreign key, so there only the
indexes are rebuilt and its (cheap, in-process) per-row checks stay.

SQLite can only switch its foreign key checks off for a whole transaction, before it starts:
`prepare_connection` does that for a bulk load, and `write_observations` then checks the rows'
references once, set-based, while the transaction holds SQLite's one write lock (so no other
writer can remove an indicator before the commit). `db.py` switches the checks on again when
the connection goes back to the pool. Measured: 0.25 s of 1.8 s for a million rows.

The price: on PostgreSQL the ALTER TABLE holds an exclusive lock on `observation` until the
import commits, so readers wait for a large load (seconds for a million rows). Small imports,
the daily case, never take this path.
"""

from __future__ import annotations

import os
import sqlite3
from functools import lru_cache

import polars as pl
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from techniekpact.changes import ChangeRecord
from techniekpact.db import KEYS_OFF, driver_connection, table_of
from techniekpact.monitor.importers.tidy import OUTPUT_COLUMNS
from techniekpact.monitor.models import Indicator, Observation

# the validated import's columns (less its row numbers), plus what the import decides
COLUMNS = [c for c in OUTPUT_COLUMNS if c != "row"] + ["import_id", "is_current", "revision"]
# Rebuilding costs about as much as maintaining the indexes for the table's existing rows, so
# it pays off once the load is at least as large as the table, and only for a real bulk load.
BULK_ROWS = 50_000
# SQLite: several rows per INSERT statement cut the per-statement cost of executemany by about a
# quarter (measured: 2.5 s against 3.5 s per million rows); 50 rows use 650 of the 999 parameters
# the oldest SQLite builds allow.
ROWS_PER_STATEMENT = 50


def is_bulk_load(connection: Connection, rows: int) -> bool:
    """A load large enough, and large against the table, to rebuild indexes and keys around."""
    if rows < BULK_ROWS:
        return False
    table = table_of(Observation)
    return rows >= connection.execute(select(func.count()).select_from(table)).scalar_one()


def prepare_connection(connection: Connection, rows: int) -> None:
    """Call before the transaction starts, then `writers.lock`: on SQLite a load of `rows` rows
    that may be a bulk load then runs without per-row foreign key checks (see the module's
    docstring). The guess is made before the lock, from the file's row count; the references
    are checked set-based whenever the checks are off, so a wrong guess costs only time."""
    if connection.dialect.name != "sqlite" or not is_bulk_load(connection, rows):
        return
    raw = driver_connection(connection)
    if raw.in_transaction:
        return  # too late to switch: the per-row checks stay
    raw.execute("PRAGMA foreign_keys = OFF")
    connection.info[KEYS_OFF] = True


def write_observations(connection: Connection, rows: pl.DataFrame) -> None:
    """Insert rows (columns as COLUMNS); rebuild indexes and keys around a large load."""
    if connection.info.get(KEYS_OFF):
        _check_references(connection, rows)
    if not is_bulk_load(connection, rows.height):
        _insert(connection, rows)
        return
    table = table_of(Observation)
    indexes = sorted(table.indexes, key=lambda i: str(i.name))
    keys = (
        sorted(table.foreign_key_constraints, key=lambda c: str(c.name))
        if connection.dialect.name == "postgresql"
        else []
    )
    raw = driver_connection(connection)
    if connection.dialect.name == "sqlite":
        if not raw.in_transaction:
            # pysqlite opens a transaction only before DML; the DDL below must be inside one
            raw.execute("BEGIN")
        # let SQLite sort the rebuilt indexes on more than one core (measured: 0.75 s to 0.55 s)
        raw.execute(f"PRAGMA threads = {min(4, os.cpu_count() or 1)}")
    for key in keys:
        connection.execute(DropConstraint(key))
    for index in indexes:
        connection.execute(DropIndex(index))
    _insert(connection, rows)
    for index in indexes:
        connection.execute(CreateIndex(index))
    for key in keys:
        connection.execute(AddConstraint(key))


def _insert(connection: Connection, rows: pl.DataFrame, chunk: int = 20_000) -> None:
    names = ", ".join(COLUMNS)
    raw = driver_connection(connection)
    if connection.dialect.name == "postgresql":
        # CSV text made by polars in native code, streamed through COPY: no per-row Python.
        with raw.cursor().copy(
            f"COPY observation ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        ) as copy:
            for start in range(0, rows.height, chunk):
                part = rows.slice(start, chunk)
                copy.write(part.write_csv(include_header=False, null_value="\\N"))
        return
    data = rows.with_columns(
        pl.col("period_start").dt.strftime("%Y-%m-%d"),
        pl.col("period_end").dt.strftime("%Y-%m-%d"),
        pl.col("is_current").cast(pl.Int8),
    )
    cursor = raw.cursor()
    for start in range(0, data.height, chunk):
        _insert_sqlite_block(cursor, data.slice(start, chunk))


def _insert_sqlite_block(cursor: sqlite3.Cursor, block: pl.DataFrame) -> None:
    """Insert one block, binding a column that holds one value throughout once per statement.

    An import usually has one source, edition and import for all its rows: binding those values
    once per 50-row statement instead of once per row took a million-row insert from 1.7 s to
    1.1 s (every bound string is copied by SQLite).
    """
    counts = block.select(pl.all().n_unique()).row(0, named=True)
    fixed = tuple(c for c in COLUMNS[1:] if counts[c] == 1)  # the first always varies
    varying = [c for c in COLUMNS if c not in fixed]
    first = block.row(0, named=True)
    constants = [first[c] for c in fixed]
    # one flat list of the varying values, row after row, filled a column at a time by slice
    # assignment in C: no tuple per row (0.41 s against 0.54 s for zipping, per million rows)
    flat: list[object] = [None] * (block.height * len(varying))
    for position, column in enumerate(varying):
        flat[position :: len(varying)] = block.get_column(column).to_list()
    width = ROWS_PER_STATEMENT * len(varying)
    whole = len(flat) - len(flat) % width
    cursor.executemany(
        _values_insert(ROWS_PER_STATEMENT, fixed),
        (constants + flat[i : i + width] for i in range(0, whole, width)),
    )
    if whole < len(flat):
        rest = (len(flat) - whole) // len(varying)
        cursor.execute(_values_insert(rest, fixed), constants + flat[whole:])


def _check_references(connection: Connection, rows: pl.DataFrame) -> None:
    """What SQLite's per-row foreign key checks would refuse, checked once per distinct id."""
    for column, parent in (("indicator_id", Indicator), ("import_id", ChangeRecord)):
        wanted = set(rows.get_column(column).unique().to_list())
        found = set(connection.scalars(select(parent.id).where(parent.id.in_(wanted))))
        if missing := wanted - found:
            raise IntegrityError(
                f"observation.{column} -> {parent.__tablename__}.id",
                sorted(missing)[:10],
                sqlite3.IntegrityError("FOREIGN KEY constraint failed"),
            )


@lru_cache(maxsize=64)
def _values_insert(rows: int, fixed: tuple[str, ...] = ()) -> str:
    """INSERT of `rows` rows. The `fixed` columns take the numbered parameters ?1, ?2, ...
    shared by every row; the other columns of row r follow them, row after row."""
    varying = [c for c in COLUMNS if c not in fixed]

    def number(column: str, row: int) -> int:
        if column in fixed:
            return fixed.index(column) + 1
        return len(fixed) + row * len(varying) + varying.index(column) + 1

    values = ("(" + ", ".join(f"?{number(c, r)}" for c in COLUMNS) + ")" for r in range(rows))
    return f"INSERT INTO observation ({', '.join(COLUMNS)}) VALUES " + ", ".join(values)
