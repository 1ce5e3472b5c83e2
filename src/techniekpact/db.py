"""Database engine, sessions and migrations.

SQLite is the default (one file, nothing to install); PostgreSQL is used in production. The same
Alembic migrations run on both, applied automatically when the CLI or the app opens a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # The web app runs sync handlers in a pool of 40 threads; give them connections to match.
    engine = create_engine(url, pool_size=10, max_overflow=30, pool_timeout=10)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _sqlite_keys_back_on)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# set by monitor.bulk on a connection whose transaction ran without per-row foreign key checks
KEYS_OFF = "techniekpact_foreign_keys_off"


def _sqlite_keys_back_on(dbapi_connection: Any, record: Any) -> None:
    """A connection comes back to the pool after its commit or rollback: outside a transaction,
    where SQLite accepts the switch."""
    if record.info.pop(KEYS_OFF, False):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def table_of(model: type[Base]) -> Table:
    """A mapped class's table: SQLAlchemy types `__table__` as any FromClause, but every model
    here is declared on a plain Table, which DDL and bulk statements need."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def bound_url(session: Session) -> str:
    """The session's database as text, a key for memos kept per database: the bind may be an
    Engine or a Connection (tests bind sessions to one), and both know their engine."""
    return session.get_bind().engine.url.render_as_string(hide_password=False)


def driver_connection(connection: Connection) -> Any:
    """The DBAPI driver's own connection (sqlite3 or psycopg), for what SQLAlchemy does not say:
    PRAGMAs, COPY. Typed Any (it is either driver's); a checked-out connection always has one."""
    raw = connection.connection.driver_connection
    assert raw is not None
    return raw


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, lock: Callable[[Connection], None] | None = None) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there.

    Several processes may open a new database at once (two CLI commands, the web workers of a
    first start): each would create the tables and all but one would fail ("table already
    exists"). So an upgrade runs under `lock` (bootstrap passes `writers.lock_migrations`;
    the writers sit above this module), in one transaction, and the check whether one is
    needed is repeated once the lock is held; a database already at the newest revision is
    recognised without any lock.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as connection:
        if set(MigrationContext.configure(connection).get_current_heads()) == heads:
            return
        connection.rollback()
        if lock is not None:
            lock(connection)
        if set(MigrationContext.configure(connection).get_current_heads()) != heads:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        connection.commit()


# how long a writer waits for another one by default, and the session.info key holding the
# setting (techniekpact.writers reads it; db.session_factory puts it there)
DEFAULT_TIMEOUT = 30.0
TIMEOUT_KEY = "techniekpact_lock_timeout"


def session_factory(engine: Engine, lock_timeout: float | None = None) -> sessionmaker[Session]:
    """Sessions on this engine; `lock_timeout` (seconds) bounds how long a writer waits for
    another one (`techniekpact.writers`)."""
    timeout = DEFAULT_TIMEOUT if lock_timeout is None else lock_timeout
    return sessionmaker(engine, expire_on_commit=False, info={TIMEOUT_KEY: timeout})


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: everything commits together or nothing does."""
    with factory() as session, session.begin():
        yield session
