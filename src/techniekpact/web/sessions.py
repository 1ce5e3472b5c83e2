"""The app's database sessions and data version, for the app and every router.

The routers need a session per request and the app needs the data version for its cache; both
come from the session factory kept on `app.state`. They live here rather than in `app.py`, so a
router never imports the module that imports every router.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from fastapi import FastAPI, Request
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.statements import limit_statements


def data_version(app: FastAPI) -> tuple[object, ...]:
    """The app database's data version (`changes.data_version`), which the response cache
    keys on."""
    from techniekpact import changes

    with sessions(app)() as db:
        return changes.data_version(db)


_opening = threading.Lock()


def sessions(app: FastAPI) -> sessionmaker[Session]:
    """The app's session factory, opened (migrated, seeded) on first use.

    Normally the lifespan opens it at start-up; a host that skips the lifespan (some ASGI test
    harnesses) still gets a working app. Its statements are time-limited once migration and
    seeding are done (techniekpact/statements.py).
    """
    from techniekpact.bootstrap import open_database

    if app.state.sessions is None:
        with _opening:
            if app.state.sessions is None:
                factory = open_database(app.state.settings)
                limit_statements(factory.kw["bind"], app.state.settings.statement_timeout)
                app.state.sessions = factory
    return app.state.sessions


def session(request: Request) -> Iterator[Session]:
    """A read-only unit of work per request."""
    with sessions(request.app)() as db:
        yield db
