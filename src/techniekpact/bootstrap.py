"""Open a database ready for use: migrated to the newest schema and, when empty, seeded."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from techniekpact.db import make_engine, migrate, session_factory, transaction
from techniekpact.monitor.seed import is_seeded, seed
from techniekpact.parliament.store import seed_parliament
from techniekpact.schemes.seed import seed_schemes
from techniekpact.settings import Settings
from techniekpact.sources.seed import seed_sources
from techniekpact.writers import FIGURES, lock, lock_migrations


def open_database(settings: Settings) -> sessionmaker[Session]:
    engine = make_engine(settings.database_url)
    migrate(engine, lock=partial(lock_migrations, timeout=settings.lock_timeout))
    factory = session_factory(engine, settings.lock_timeout)
    if settings.seed:
        with transaction(factory) as session:
            # each seed checks without a lock (the usual case: nothing to do, and a start must
            # not wait for a running import), then again under its lock before it writes
            if not is_seeded(session):
                lock(session, FIGURES)
                if not is_seeded(session):
                    seed(session)
                    seed_sources(session)  # the series computed from the bundled DUO files
            seed_schemes(session)
            seed_parliament(session)
    return factory
