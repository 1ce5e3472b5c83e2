"""The migrations create exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import techniekpact.monitor.models  # noqa: F401
import techniekpact.parliament.models  # noqa: F401
import techniekpact.schemes.models  # noqa: F401
from techniekpact.db import Base, make_engine, migrate


def test_migrations_match_models_and_rerun_is_a_no_op(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)  # already at head: must be harmless
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()
