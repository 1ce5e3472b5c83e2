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


def test_every_migration_steps_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from techniekpact.db import alembic_config

    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.downgrade(config, "base")
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is None
    command.upgrade(config, "head")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_dashboard_series_read_seeks_the_series_index(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        return  # PostgreSQL's planner picks by table statistics; the index exists (above)
    from sqlalchemy import select

    from techniekpact.monitor.models import Observation

    engine = make_engine(database_url)
    query = select(Observation).where(
        Observation.indicator_id == 1,
        Observation.breakdown == "",
        Observation.is_current.is_(True),
    )
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        plan = " ".join(str(r[-1]) for r in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_observation_series (indicator_id=? AND is_current=? AND breakdown=?)" in plan
    engine.dispose()


def test_several_processes_opening_a_new_database_at_once_all_succeed(database_url: str) -> None:
    """Two CLI commands (or the web workers of a first start) on a database nobody has opened
    yet: each migrates and seeds, and all but one used to fail ("table already exists")."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from alembic import command
    from sqlalchemy import func, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.orm import Session

    from techniekpact.changes import ChangeRecord
    from techniekpact.db import alembic_config

    engine = make_engine(database_url)
    with Session(engine) as s:
        seeded = s.scalar(select(func.count()).select_from(ChangeRecord))
    if engine.dialect.name == "sqlite":
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):  # a database file that does not exist yet
            Path((make_url(database_url).database or "") + suffix).unlink(missing_ok=True)
    else:
        command.downgrade(alembic_config(engine), "base")  # no table of ours left
        engine.dispose()
    env = os.environ | {"TECHNIEKPACT_DATABASE_URL": database_url, "LANG": "C.UTF-8"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "techniekpact", "stats"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        assert "indicators" in out
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with Session(engine) as s:  # seeded once, not once per process
        assert s.scalar(select(func.count()).select_from(ChangeRecord)) == seeded
    engine.dispose()
