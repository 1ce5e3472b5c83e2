"""Alembic environment: uses the engine handed over by techniekpact.db.migrate."""

from alembic import context
from sqlalchemy import create_engine

import techniekpact.batches  # noqa: F401  (registers the tables)
import techniekpact.monitor.models  # noqa: F401
import techniekpact.parliament.models  # noqa: F401
import techniekpact.schemes.models  # noqa: F401
from techniekpact.db import Base

config = context.config


def run(connection):  # type: ignore[no-untyped-def]
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
    engine = config.attributes.get("engine") or create_engine(
        config.get_main_option("sqlalchemy.url")
    )
    with engine.begin() as connection:
        run(connection)
