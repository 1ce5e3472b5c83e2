"""`kill -9` of a running CLI import leaves no partial import: the database holds all of the
file or none of it, the invariant holds, and the next run goes through.

One 100,000-row file (the bulk path: indexes dropped and rebuilt inside the transaction),
three kills at random moments: one while the file is still being read, two at random points
after the import took the writers' lock (its comparison, COPY or INSERTs, index rebuild).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from techniekpact import writers
from techniekpact.changes import ChangeRecord
from tests.monitor.invariants import INDICATORS, REGIONS, observation_count, violations

# large enough for the bulk path (indexes dropped and rebuilt), small enough for a few seconds
ROWS = 100_000


def big_file(path: Path) -> Path:
    """The first ROWS of 3 indicators x 200 school years x 12 regions x 3 sexes x 10 levels."""
    levels = ["", "mbo-1", "mbo-2", "mbo-3", "mbo-4", "hbo", "wo", "vmbo-bb", "vmbo-kb", "ho"]
    lines = ["indicator;period;value;region;sex;education_level;source_url;source_edition"]
    for indicator in INDICATORS:
        for year in range(1900, 2100):
            period = f"{year}/{(year + 1) % 100:02d}"
            for region in REGIONS:
                for sex in ("", "female", "male"):
                    for n, level in enumerate(levels):
                        value = f"{20 + (year + n) % 90 / 10:.1f}".replace(".", ",")
                        lines.append(
                            f"{indicator};{period};{value};{region};{sex};{level};"
                            "https://example.org/killed;2026"
                        )
    path.write_text("\n".join(lines[: ROWS + 1]) + "\n", encoding="utf-8")
    return path


def lock_is_held(database_url: str) -> bool:
    """Does some writer hold the writers' lock (PostgreSQL) or SQLite's write lock now?"""
    if database_url.startswith("sqlite"):
        raw = sqlite3.connect(make_url(database_url).database or "", timeout=0)
        try:
            raw.execute("BEGIN IMMEDIATE")
            raw.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            raw.close()
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            held = conn.execute(
                text(
                    "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND classid = :namespace AND objid = 1 AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"namespace": writers.NAMESPACE},
            ).scalar_one()
        return bool(held)
    finally:
        engine.dispose()


def start_import(database_url: str, path: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": "C.UTF-8", "TECHNIEKPACT_DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "techniekpact", "import", str(path), "--accept-warnings"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_lock(proc: subprocess.Popen[str], database_url: str, limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if lock_is_held(database_url):
            return True
        time.sleep(0.02)
    return False


def wait_for_release(database_url: str, limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not lock_is_held(database_url):
            return True
        time.sleep(0.05)
    return False


def newest_import_rows(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(rows read, rows new) of the newest import record."""
    batch = session.scalars(select(ChangeRecord).order_by(ChangeRecord.id.desc()).limit(1)).one()
    return batch.rows, batch.new


def test_killed_imports_leave_all_or_nothing(factory, database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = big_file(tmp_path / "big.csv")
    with factory() as s:
        before = observation_count(s)
    factory.kw["bind"].dispose()  # the imports are other processes
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    killed_in = []
    committed = False
    for kill in range(3):
        proc = start_import(database_url, path)
        if kill == 0:
            time.sleep(rng.uniform(0.3, 1.5))  # starting up or reading the file
            killed_in.append("reading")
        else:
            assert wait_for_lock(proc, database_url), proc.communicate()
            time.sleep(rng.uniform(0.0, 0.6))  # somewhere in the comparison and the write
            killed_in.append("writing")
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        # PostgreSQL ends the killed client's backend (rolling back) once its statement ends
        assert wait_for_release(database_url), (seed, kill)
        with factory() as s:
            stored = observation_count(s)
            assert violations(s) == {}, (seed, kill)
        assert stored in (before, before + ROWS), (seed, kill, stored)
        if stored == before + ROWS and not committed:
            # the import committed before the kill arrived (it may still have been printing or
            # closing, so its exit code can be -9): the commit must then be whole, its import
            # record written in the same transaction as its rows
            with factory() as s:
                assert newest_import_rows(s) == (ROWS, ROWS), (seed, kill, proc.returncode)
            committed = True
        factory.kw["bind"].dispose()
    assert killed_in == ["reading", "writing", "writing"]
    rerun = start_import(database_url, path)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert ("0 nieuw" if committed else "100.000 nieuw") in out
    with factory() as s:
        assert observation_count(s) == before + ROWS
        assert violations(s) == {}
