"""Writers of schemes and Kamer items take the same lock as figure imports; a writer that has to
wait too long, or that the database breaks off, says so plainly and changes nothing."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from techniekpact import writers
from techniekpact.changes import ChangeRecord, Origin
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.store import apply_manual, apply_sync, item_from_dict
from techniekpact.schemes.records import read
from techniekpact.schemes.store import apply_catalogue
from tests.monitor.invariants import observation_count, violations, write_figures
from tests.schemes.test_catalogue_import import GOOD

BY_TEST = Origin("test", "cli")


def at_once(factory, count: int, work) -> list:  # type: ignore[no-untyped-def]
    """work(session) in `count` threads, each in its own transaction, released together."""
    barrier = threading.Barrier(count, timeout=60)

    def run(_: int):  # type: ignore[no-untyped-def]
        with factory() as session, session.begin():
            barrier.wait()
            return work(session)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def fingerprint(factory) -> tuple:  # type: ignore[no-untyped-def]
    """Everything a refused writer must leave as it was."""
    with factory() as s:
        return (
            observation_count(s),
            tuple(s.execute(text("SELECT COUNT(*), MAX(id) FROM scheme_record")).one()),
            tuple(s.execute(text("SELECT COUNT(*), MAX(updated_at) FROM parliament_item")).one()),
            s.scalar(select(func.count()).select_from(ChangeRecord)),
        )


@pytest.mark.parametrize("count", [2, 4])
def test_schemes_imported_at_once_are_stored_once(factory, tmp_path, count) -> None:  # type: ignore[no-untyped-def]
    entries = [GOOD | {"code": f"test-voucher-{n}"} for n in range(40)]
    path = tmp_path / "schemes.json"
    path.write_text(json.dumps({"schemes": entries}), encoding="utf-8")
    schemes = read(path)
    summaries = at_once(
        factory, count, lambda s: apply_catalogue(s, schemes, source_name=path.name, origin=BY_TEST)
    )
    assert sorted(s.new for s in summaries) == [0] * (count - 1) + [40]
    assert sorted(s.unchanged for s in summaries) == [0] + [40] * (count - 1)
    # and a changed catalogue at once: one run revises, the others find it unchanged
    changed = read_changed(tmp_path, entries)
    summaries = at_once(
        factory,
        count,
        lambda s: apply_catalogue(s, changed, source_name="changed.json", origin=BY_TEST),
    )
    assert sorted(s.changed for s in summaries) == [0] * (count - 1) + [40]
    with factory() as s:
        assert violations(s) == {}
        per_code = s.execute(
            text(
                "SELECT COUNT(*) FROM scheme_record WHERE code LIKE 'test-voucher-%' GROUP BY code"
            )
        ).scalars()
        assert set(per_code) == {2}


def read_changed(tmp_path: Path, entries: list[dict]):  # type: ignore[no-untyped-def]
    path = tmp_path / "changed.json"
    path.write_text(
        json.dumps([e | {"max_amount": "EUR 7.500"} for e in entries]), encoding="utf-8"
    )
    return read(path)


def kamer_items(n: int):  # type: ignore[no-untyped-def]
    return [
        item_from_dict(
            {
                "code": f"motie-99999-{k}",
                "kind": "motion",
                "title": f"Motie {k} over techniekonderwijs",
                "tk_id": f"00000000-0000-0000-0000-{k:012d}",
                "dossier": "99999",
                "number": str(k),
                "origin": "sync",
            }
        )
        for k in range(1, n + 1)
    ]


@pytest.mark.parametrize("count", [2, 4])
def test_kamer_syncs_at_once_add_each_item_once(factory, count) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        before = s.scalar(select(func.count()).select_from(ParliamentItem))
    incoming = kamer_items(30)
    results = at_once(
        factory, count, lambda s: apply_sync(s, incoming, 0, "test dossier", origin=BY_TEST)
    )
    assert sorted(r.new for r in results) == [0] * (count - 1) + [30]
    assert sorted(r.unchanged for r in results) == [0] + [30] * (count - 1)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ParliamentItem)) == before + 30
        syncs = s.scalar(
            select(func.count())
            .select_from(ChangeRecord)
            .where(ChangeRecord.capability == "parliament", ChangeRecord.kind == "sync")
        )
        assert syncs == 1  # the runs that found nothing new logged nothing


@pytest.mark.parametrize("count", [2, 4])
def test_kamer_hand_imports_at_once(factory, count) -> None:  # type: ignore[no-untyped-def]
    entries = [
        item_from_dict({"code": f"toezegging-test-{k}", "kind": "commitment", "title": f"T {k}"})
        for k in range(20)
    ]
    results = at_once(factory, count, lambda s: apply_manual(s, entries, "t.yaml", origin=BY_TEST))
    assert sorted(results) == [(0, 0)] * (count - 1) + [(20, 0)]


def hold_every_lock(factory):  # type: ignore[no-untyped-def]
    """A writer that holds every lock until the returned event is set (in its own thread)."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with factory() as session, session.begin():
            writers.lock(session, writers.FIGURES, writers.SCHEMES, writers.PARLIAMENT)
            held.set()
            release.wait(60)

    thread = threading.Thread(target=hold)
    thread.start()
    assert held.wait(30)
    return thread, release


def command_files(tmp_path: Path) -> dict[str, list[str]]:
    write_figures(tmp_path / "figures.csv", 0, 50)
    (tmp_path / "schemes.json").write_text(json.dumps([GOOD]), encoding="utf-8")
    (tmp_path / "items.yaml").write_text(
        "items:\n  - code: toezegging-busy\n    kind: commitment\n    title: Brief\n",
        encoding="utf-8",
    )
    return {
        "figures": ["import", "figures.csv", "--accept-warnings"],
        "schemes": ["schemes", "import", "schemes.json"],
        "parliament": ["parliament", "import", "items.yaml"],
    }


# each writer once (a CLI run costs seconds), in either language
@pytest.mark.parametrize(
    ("kind", "lang"), [("figures", "nl"), ("schemes", "en"), ("parliament", "nl")]
)
def test_a_writer_that_waits_too_long_says_so_and_changes_nothing(
    factory, cli, tmp_path, kind, lang
) -> None:  # type: ignore[no-untyped-def]
    args = command_files(tmp_path)[kind]
    before = fingerprint(factory)
    thread, release = hold_every_lock(factory)
    try:
        busy = cli(*args, "--lang", lang, env={"TECHNIEKPACT_LOCK_TIMEOUT": "0.5"})
    finally:
        release.set()
        thread.join()
    assert busy.returncode == 1, busy.stderr
    if lang == "nl":
        assert (
            "fout: een andere import of synchronisatie schrijft nu in de database; na 0.5 s "
            in busy.stderr
        )
        assert "wachten gestopt, er is niets gewijzigd; probeer het later opnieuw" in busy.stderr
    else:
        assert (
            "another import or sync is writing to the database; stopped after waiting 0.5 s, "
            in busy.stderr
        )
        assert "nothing was changed" in busy.stderr
    assert "[writer-busy]" in busy.stderr
    assert "bereikbaar" not in busy.stderr and "Traceback" not in busy.stderr
    assert fingerprint(factory) == before
    if kind == "figures":
        # once the other writer is done, the same command goes through
        done = cli(*args)
        assert done.returncode == 0, done.stderr
        assert "50 nieuw" in done.stdout


def test_two_cli_imports_at_once_one_stores_the_other_finds_nothing_changed(
    factory, cli_process, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Separate processes, as two editors would start them (`cli` runs one call at a time)."""
    cli = cli_process
    write_figures(tmp_path / "f.csv", 0, 2000)
    before = fingerprint(factory)[0]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda _: cli("import", "f.csv", "--accept-warnings"), range(2)))
    assert [r.returncode for r in runs] == [0, 0], [r.stderr for r in runs]
    lines = sorted(r.stdout.strip() for r in runs)
    assert lines == [
        "f.csv: 2.000 rijen ingelezen: 0 nieuw, 0 herzien, 2.000 ongewijzigd",
        "f.csv: 2.000 rijen ingelezen: 2.000 nieuw, 0 herzien, 0 ongewijzigd",
    ]
    with factory() as s:
        assert observation_count(s) == before + 2000
        assert violations(s) == {}


def test_a_deadlock_is_rerun_and_a_persistent_one_reported(factory) -> None:  # type: ignore[no-untyped-def]
    """Two transactions that update two rows in opposite order: PostgreSQL breaks one off
    (SQLite cannot deadlock: one writer at a time). The broken one is rerun and succeeds."""
    if factory.kw["bind"].dialect.name != "postgresql":
        pytest.skip("SQLite has one write lock; a deadlock needs row locks")
    with factory() as s:
        a, b = s.scalars(select(ChangeRecord.id).order_by(ChangeRecord.id).limit(2)).all()
    barrier = threading.Barrier(2, timeout=30)
    attempts: list[int] = []

    def crossing(first: int, second: int):  # type: ignore[no-untyped-def]
        def work(session) -> int:  # type: ignore[no-untyped-def]
            attempts.append(first)
            session.execute(update(ChangeRecord).where(ChangeRecord.id == first).values(rows=1))
            if attempts.count(first) == 1:
                barrier.wait()  # both hold their first row; each now wants the other's
            session.execute(update(ChangeRecord).where(ChangeRecord.id == second).values(rows=2))
            return first

        return writers.run_writer(factory, work)

    with ThreadPoolExecutor(2) as pool:
        done = sorted(pool.map(lambda ids: crossing(*ids), [(a, b), (b, a)]))
    assert done == sorted([a, b])
    assert len(attempts) == 3  # one of the two ran again after the deadlock


def test_a_writer_broken_off_again_and_again_is_reported_and_changes_nothing(factory) -> None:  # type: ignore[no-untyped-def]
    with factory() as s:
        a = s.scalar(select(func.min(ChangeRecord.id)))

    def always_deadlocked(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(update(ChangeRecord).where(ChangeRecord.id == a).values(rows=99))
        raise OperationalError("UPDATE", {}, DeadlockLike())

    with pytest.raises(writers.WriteConflict, match=r"3 keer af .*\[write-conflict\]"):
        writers.run_writer(factory, always_deadlocked)
    with factory() as s:
        assert s.get(ChangeRecord, a).rows != 99


class DeadlockLike(Exception):
    """What psycopg raises for a deadlock, as far as the retry looks at it: the SQLSTATE."""

    sqlstate = "40P01"
