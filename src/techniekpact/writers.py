"""One writer at a time per kind of data: the lock an import, seed or sync takes before it reads.

An import compares a file with the stored rows and writes the difference. Two imports that read
before either writes both see "new" and both write it: duplicate revisions and two current
revisions of one figure. So every writer takes its lock *before* reading what it compares
against, holds it until its transaction ends, and a second writer waits, then reads what the
first one committed and finds nothing changed.

* PostgreSQL: a transaction-level advisory lock per kind of data (`figures`, `schemes`,
  `parliament`), always taken in that order, so writers of different kinds never wait for each
  other and never deadlock. The wait is bounded by `lock_timeout` for that one statement.
* SQLite has one write lock for the whole file: `BEGIN IMMEDIATE` takes it at the start of the
  transaction (pysqlite would otherwise begin a deferred transaction just before the first
  write, after the reads), waiting at most `busy_timeout`.

The database enforces the result as well (unique indexes on the current revision and the
revision number, migration 0007); the lock is what makes the second writer succeed with
"nothing changed" instead of failing on those indexes. A writer that waits longer than the
setting `lock_timeout` stops with `WriterBusy`; a deadlock or serialization failure that still
happens (another client of the same database) is retried by `run_writer` and then reported as
`WriteConflict`, never as an unreachable database.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.db import DEFAULT_TIMEOUT, TIMEOUT_KEY, driver_connection
from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.problems import Code

FIGURES = "figures"
SCHEMES = "schemes"
PARLIAMENT = "parliament"
# the order in which a writer that needs several locks takes them
ORDER = (FIGURES, SCHEMES, PARLIAMENT)
# advisory lock keys: (namespace, kind); the namespace keeps clear of other applications' locks
NAMESPACE = 0x54504D  # "TPM"
# how long pysqlite waits for SQLite's lock by default, outside `lock`
SQLITE_WAIT = 5.0
# SQLSTATE of a deadlock and of a serialization failure: the transaction may simply be rerun
RETRYABLE = {"40P01", "40001"}
LOCK_NOT_AVAILABLE = "55P03"

T = TypeVar("T")


class WriterBusy(DomainError):
    """Another writer held the lock for longer than the setting allows; nothing was changed."""

    code = Code.WRITER_BUSY

    def __init__(self, seconds: float) -> None:
        super().__init__(
            _(
                "een andere import of synchronisatie schrijft nu in de database; na {seconds} s "
                "wachten gestopt, er is niets gewijzigd; probeer het later opnieuw "
                "(TECHNIEKPACT_LOCK_TIMEOUT) [writer-busy]",
                seconds=f"{seconds:g}",
            )
        )


class WriteConflict(DomainError):
    """The database broke off the transaction (deadlock, serialization) again and again."""

    code = Code.WRITE_CONFLICT

    def __init__(self, attempts: int) -> None:
        super().__init__(
            _(
                "de database brak het schrijven {n} keer af wegens een conflict met een andere "
                "schrijver (deadlock); er is niets gewijzigd; probeer het later opnieuw "
                "[write-conflict]",
                n=attempts,
            )
        )


def lock(session: Session, *kinds: str) -> None:
    """Take the write locks for these kinds of data, for the rest of the session's transaction.

    Call it before reading the rows the write depends on. Taking a lock the transaction already
    holds returns at once (PostgreSQL's advisory locks are re-entrant; on SQLite an open
    transaction already holds the lock), so a seed can lock and then call the importer.
    """
    connection = session.connection()
    timeout = float(session.info.get(TIMEOUT_KEY, DEFAULT_TIMEOUT))
    if connection.dialect.name == "sqlite":
        _lock_sqlite(connection, timeout)
        return
    for kind in ORDER:
        if kind in kinds:
            _lock_postgres(connection, kind, timeout)


def lock_migrations(connection: Connection, timeout: float) -> None:
    """The schema's lock, for the rest of `connection`'s transaction (`db.migrate`): SQLite's
    write lock, or PostgreSQL's advisory lock 0 of this namespace (the kinds of data are 1-3)."""
    if connection.dialect.name == "sqlite":
        _lock_sqlite(connection, timeout)
        return
    _lock_postgres(connection, "", timeout)


def _lock_sqlite(connection: Connection, timeout: float) -> None:
    raw = driver_connection(connection)
    if raw.in_transaction:
        # pysqlite begins a transaction only before a write, and this function's BEGIN IMMEDIATE
        # takes the lock at once: an open transaction already holds the file's write lock
        return
    previous = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise WriterBusy(timeout) from None
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(previous)}")


def _lock_postgres(connection: Connection, kind: str, timeout: float) -> None:
    # lock_timeout for this one statement only (set_config(..., true) lasts until the
    # transaction ends, so it is put back at once); 0 would mean "wait for ever"
    previous = connection.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
    wait = f"{max(1, int(timeout * 1000))}ms"
    connection.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": wait})
    try:
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:namespace, :kind)"),
            {"namespace": NAMESPACE, "kind": ORDER.index(kind) + 1 if kind else 0},
        )
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise WriterBusy(timeout) from None
        raise
    connection.execute(text("SELECT set_config('lock_timeout', :old, true)"), {"old": previous})


def is_retryable(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the database undid the transaction; rerun it."""
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in RETRYABLE


def run_writer(
    factory: sessionmaker[Session], work: Callable[[Session], T], attempts: int = 3
) -> T:
    """Run `work` in a transaction of its own, again (after a short pause) when the database
    broke it off for a deadlock or serialization failure; `WriteConflict` after `attempts`."""
    for attempt in range(1, attempts + 1):
        try:
            with factory() as session, session.begin():
                return work(session)
        except DBAPIError as exc:
            if not is_retryable(exc):
                raise
            if attempt == attempts:
                raise WriteConflict(attempts) from None
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")
