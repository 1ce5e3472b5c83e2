"""Alembic environment: uses the connection or engine handed over by techniekpact.db.migrate."""

from alembic import context
from sqlalchemy import Connection, create_engine

import techniekpact.batches  # noqa: F401  (registers the tables)
import techniekpact.monitor.models  # noqa: F401
import techniekpact.parliament.models  # noqa: F401
import techniekpact.schemes.models  # noqa: F401
import techniekpact.sources.models  # noqa: F401
from techniekpact.db import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# techniekpact.db.migrate hands over a connection that holds the migration lock in its open
# transaction; it commits that transaction itself
held = config.attributes.get("connection")
if held is not None:
    run(held)
else:
    engine = config.attributes.get("engine")
    if engine is None:  # alembic run by hand: the URL from its own configuration
        url = config.get_main_option("sqlalchemy.url")
        if not url:
            raise SystemExit(
                "alembic: set sqlalchemy.url (techniekpact.db.migrate hands an engine)"
            )
        engine = create_engine(url)
    with engine.begin() as connection:
        run(connection)
