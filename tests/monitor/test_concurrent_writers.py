"""Writers started at the same moment: one current revision per figure, no duplicate revision.

Each writer has its own connection and transaction; they parse first, then meet at a barrier
and compare-and-write together, the interleaving that stored every figure twice before the
writer lock. Afterwards the rules are checked by SQL and each run's counts must be what one
run after the other gives: exactly one run finds the figures new, the others unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from techniekpact.changes import ChangeRecord, Origin
from techniekpact.db import transaction
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import ImportSummary, apply_import, load_catalogue
from tests.monitor.invariants import observation_count, violations, write_figures

BY_TEST = Origin("test", "cli")

N = 3000


def together(count: int, work: Callable[[int, threading.Barrier], object]) -> list:
    """Run work(i, barrier) in `count` threads at once; each calls barrier.wait() just before
    its transaction, so all of them compare and write at the same moment."""
    barrier = threading.Barrier(count, timeout=60)
    with ThreadPoolExecutor(count) as pool:
        return [f.result() for f in [pool.submit(work, i, barrier) for i in range(count)]]


def import_together(factory, paths: list[Path]) -> list[ImportSummary]:  # type: ignore[no-untyped-def]
    with factory() as s:
        catalogue = load_catalogue(s)
    parsed = [parse_file(path, catalogue) for path in paths]

    def work(i: int, barrier: threading.Barrier) -> ImportSummary:
        with factory() as session, session.begin():
            barrier.wait()
            return apply_import(
                session, parsed[i], source_name=paths[i].name, accept_warnings=True, origin=BY_TEST
            )

    return together(len(paths), work)


def state(factory) -> tuple[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    with factory() as s:
        return observation_count(s), violations(s)


@pytest.mark.parametrize("writers", [2, 4])
def test_the_same_file_at_once_is_stored_once(factory, tmp_path, writers) -> None:  # type: ignore[no-untyped-def]
    before, broken = state(factory)
    assert broken == {}
    path = write_figures(tmp_path / "same.csv", 0, N)
    summaries = import_together(factory, [path] * writers)
    assert sorted(s.new for s in summaries) == [0] * (writers - 1) + [N]
    assert all(s.revised == 0 for s in summaries)
    assert sorted(s.unchanged for s in summaries) == [0] + [N] * (writers - 1)
    # the runs that found nothing changed wrote nothing, not even an import record
    assert sum(s.import_id is not None for s in summaries) == 1
    assert state(factory) == (before + N, {})


@pytest.mark.parametrize("writers", [2, 4])
def test_overlapping_files_at_once_store_the_union(factory, tmp_path, writers) -> None:  # type: ignore[no-untyped-def]
    before, _ = state(factory)
    first = write_figures(tmp_path / "first.csv", 0, N)
    second = write_figures(tmp_path / "second.csv", N // 2, N + N // 2)  # half shared
    paths = [first, second] * (writers // 2)
    summaries = import_together(factory, paths)
    union = N + N // 2
    assert sum(s.new for s in summaries) == union
    assert all(s.revised == 0 and s.new + s.unchanged == N for s in summaries)
    assert state(factory) == (before + union, {})


@pytest.mark.parametrize("writers", [2, 4])
def test_a_big_and_a_small_file_at_once(factory, tmp_path, writers) -> None:  # type: ignore[no-untyped-def]
    before, _ = state(factory)
    big = write_figures(tmp_path / "big.csv", 0, 4 * N)
    small = write_figures(tmp_path / "small.csv", N, N + 200)  # inside the big one
    summaries = import_together(factory, [big, small] * (writers // 2))
    assert sum(s.new for s in summaries) == 4 * N
    assert all(s.revised == 0 for s in summaries)
    assert state(factory) == (before + 4 * N, {})


def test_two_revisions_of_the_same_figures_at_once(factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Different values for the same figures, edition and source: the one that ran second is a
    revision of the first, and its values are the current ones."""
    before, _ = state(factory)
    low = write_figures(tmp_path / "low.csv", 0, N)
    high = write_figures(tmp_path / "high.csv", 0, N, shift=1.0)
    summaries = import_together(factory, [low, high])
    first, second = sorted(summaries, key=lambda s: s.import_id or 0)
    assert (first.new, first.revised) == (N, 0)
    assert (second.new, second.revised, second.unchanged) == (0, N, 0)
    assert state(factory) == (before + 2 * N, {})
    with factory() as s:
        current = s.execute(
            text(
                "SELECT COUNT(*), MIN(revision), MAX(revision) FROM observation "
                "WHERE is_current AND import_id = :id"
            ),
            {"id": second.import_id},
        ).one()
    assert tuple(current) == (N, 2, 2)


def test_a_second_current_revision_is_refused_by_the_database(factory) -> None:  # type: ignore[no-untyped-def]
    before, _ = state(factory)
    copy = (
        "INSERT INTO observation (indicator_id, period, period_kind, period_start, period_end, "
        "breakdown, value, flags, source_url, source_edition, note, import_id, is_current, "
        "revision) SELECT indicator_id, period, period_kind, period_start, period_end, "
        "breakdown, value + 1, flags, source_url, source_edition, note, import_id, {current}, "
        "{revision} FROM observation WHERE is_current ORDER BY id LIMIT 1"
    )
    # a second current row, numbered as a new revision: the current-revision index refuses it
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"), transaction(factory) as s:
        s.execute(text(copy.format(current="true", revision="revision + 1")))
    # the same row as a real next revision is accepted: the indexes refuse only the race
    with transaction(factory) as s:
        s.execute(text(copy.format(current="false", revision="revision + 1")))
    assert state(factory) == (before + 1, {})
    # a second row with that revision number (the race of two writers revising one figure):
    # the revision index refuses it
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"), transaction(factory) as s:
        s.execute(text(copy.format(current="false", revision="revision + 1")))
    assert state(factory) == (before + 1, {})


def test_a_second_current_scheme_record_is_refused_by_the_database(factory) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"), transaction(factory) as s:
        s.execute(
            text(
                "INSERT INTO scheme_record (code, data, import_id, is_current) "
                "SELECT code, data, import_id, true FROM scheme_record "
                "WHERE is_current ORDER BY id LIMIT 1"
            )
        )
    with factory() as s:
        assert violations(s) == {}


def test_imports_that_find_nothing_changed_leave_no_import_record(factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The web cache's data version is the newest import: runs that lost the race must not
    move it."""
    path = write_figures(tmp_path / "f.csv", 0, 500)
    with factory() as s:
        imports = s.scalar(select(func.count()).select_from(ChangeRecord))
    import_together(factory, [path] * 3)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ChangeRecord)) == imports + 1
