"""A time limit on each database statement of the web site, on both engines.

One expensive request (a search over a million figures, a page of a huge series) must not hold
a worker's threads and connections for minutes. PostgreSQL cancels a statement itself
(`statement_timeout`, set once per connection); SQLite has no such setting, so a progress
handler, called by SQLite every few thousand virtual-machine steps, aborts a statement that has
run past its deadline. Either way the driver raises an error that `is_timeout` recognises and
the web app answers with a 503. Only the web app's engine gets the limit: an import may take
minutes and must not be cut off.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

# SQLite calls the progress handler every this many virtual-machine steps (well under 1 ms)
PROGRESS_STEPS = 1000
_DEADLINE = "techniekpact_statement_deadline"


def limit_statements(engine: Engine, seconds: float) -> None:
    """Every statement on connections opened from now on may run `seconds` at most (0: no
    limit). Connections already in the pool are closed so that none escapes the limit."""
    if seconds <= 0:
        return
    if engine.dialect.name == "postgresql":
        milliseconds = max(1, round(seconds * 1000))

        @event.listens_for(engine, "connect")
        def _set_timeout(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {milliseconds}")
            dbapi_connection.commit()

    elif engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _set_handler(dbapi_connection: Any, record: Any) -> None:
            deadline = [float("inf")]
            record.info[_DEADLINE] = deadline
            dbapi_connection.set_progress_handler(
                lambda: time.monotonic() > deadline[0], PROGRESS_STEPS
            )

        @event.listens_for(engine, "before_cursor_execute")
        def _start(conn: Any, *_args: Any) -> None:
            # the deadline covers the statement and the fetching of its rows, which SQLite
            # computes step by step while they are read
            deadline = conn.info.get(_DEADLINE)
            if deadline is not None:
                deadline[0] = time.monotonic() + seconds

        @event.listens_for(engine, "checkin")
        def _idle(_dbapi_connection: Any, record: Any) -> None:
            deadline = record.info.get(_DEADLINE)
            if deadline is not None:
                deadline[0] = float("inf")

    engine.dispose()


def is_timeout(exc: BaseException) -> bool:
    """The error a statement cut off by `limit_statements` raises (PostgreSQL: SQLSTATE 57014
    query_canceled; SQLite: "interrupted")."""
    if not isinstance(exc, DBAPIError):
        return False
    original = exc.orig
    if isinstance(original, sqlite3.OperationalError):
        return "interrupted" in str(original)
    return getattr(original, "sqlstate", None) == "57014"
