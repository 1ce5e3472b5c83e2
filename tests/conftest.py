"""Every test gets a fresh database: SQLite by default, PostgreSQL when asked.

SQLite: one template file is migrated and seeded per session and copied for each test.
PostgreSQL (set TECHNIEKPACT_TEST_POSTGRES_URL, e.g. postgresql+psycopg://postgres@127.0.0.1/test):
one template database per session, and `CREATE DATABASE ... TEMPLATE` for each test.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from techniekpact.bootstrap import open_database
from techniekpact.settings import Settings
from tests.cli_runner import run_cli, run_process

POSTGRES = os.environ.get("TECHNIEKPACT_TEST_POSTGRES_URL", "")
_counter = itertools.count()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(POSTGRES, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def template_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not POSTGRES:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        url = f"sqlite:///{path}"
        factory = open_database(Settings(database_url=url))
        factory.kw["bind"].dispose()
        yield url
        return
    name = f"tp_template_{_worker()}_{os.getpid()}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    factory = open_database(Settings(database_url=url))
    factory.kw["bind"].dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(template_url: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated and seeded database for this test only."""
    if not POSTGRES:
        source = Path(make_url(template_url).database or "")
        target = tmp_path / "test.sqlite3"
        shutil.copyfile(source, target)
        yield f"sqlite:///{target}"
        return
    template = make_url(template_url).database
    name = f"tp_test_{_worker()}_{os.getpid()}_{next(_counter)}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    made = open_database(Settings(database_url=database_url))
    yield made
    made.kw["bind"].dispose()


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as s, s.begin():
        yield s


def _command(database_url: str, tmp_path: Path, runner):  # type: ignore[no-untyped-def]
    def run(
        *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        # messages follow the locale environment: pin it (Dutch), and the database, unless the
        # test sets them
        base = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
        pinned = {"LANG": "C.UTF-8", "TECHNIEKPACT_DATABASE_URL": database_url, "COLUMNS": "200"}
        env = base | pinned | (env or {})
        return runner(args, env=env, cwd=tmp_path, input=input)

    return run


@pytest.fixture
def cli(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the `techniekpact` command in this process (tests/cli_runner.py) against this
    test's database, in tmp_path, with the environment a subprocess would get."""
    return _command(database_url, tmp_path, run_cli)


@pytest.fixture
def cli_process(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """As `cli`, in a real subprocess (`python -m techniekpact`): for what only a process
    shows, such as its exit status, the interpreter's start or a kill."""
    return _command(database_url, tmp_path, run_process)


@pytest.fixture
def client(database_url: str):  # type: ignore[no-untyped-def]
    """The web app in-process (no server), on this test's database."""
    from fastapi.testclient import TestClient

    from techniekpact.web.app import create_app

    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client
