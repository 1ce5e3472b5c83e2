"""The indicator page and the goal page run a bounded number of SQL statements, and that number
does not grow with the number of indicators, targets or figures in the database (no query per
indicator or per target). Counted cold: the response cache off and the answers kept per data
version (monitor/versioned.py) forgotten, so every read the page needs is made and counted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from techniekpact.changes import ChangeRecord
from techniekpact.monitor import versioned
from techniekpact.monitor.models import (
    Goal,
    GoalIndicator,
    Indicator,
    Observation,
    Target,
    TargetGoal,
)
from techniekpact.settings import Settings
from techniekpact.web.app import create_app
from techniekpact.web.sessions import sessions

# the data-version probe (changes.data_version): the response cache asks it at most once a
# second whatever the page, so it is left out of the count (the memos ask it once per answer)
DATA_VERSION = "FROM import_batch ORDER BY import_batch.id DESC"
INDICATOR_PAGE = "/indicators/mbo_beta_share_intake"
GOAL_PAGE = "/goals/2013-AL1-WT"
# what the pages run today, cold (20 and 30), with a little room; before the targets' series
# were read together they ran 40 and 50, and 2 more for each target added
BOUNDS = {INDICATOR_PAGE: 25, GOAL_PAGE: 35}


@pytest.fixture
def counted(database_url: str) -> Iterator[tuple[TestClient, Callable[[str], int]]]:
    app = create_app(Settings(database_url=database_url, cache_bytes=0))
    with TestClient(app) as client:
        client.get("/")  # start-up reads are not the page's
        engine = sessions(app).kw["bind"]
        seen: list[str] = []

        def count(path: str) -> int:
            versioned.forget()
            seen.clear()
            listener = lambda *args: seen.append(args[2])  # noqa: E731
            event.listen(engine, "before_cursor_execute", listener)
            try:
                assert client.get(path).status_code == 200
            finally:
                event.remove(engine, "before_cursor_execute", listener)
            return len([q for q in seen if DATA_VERSION not in " ".join(q.split())])

        yield client, count


def grow(factory_session: Session, extra: int = 30) -> None:
    """`extra` more indicators on the goal, each with a target and ten years of figures."""
    goal = factory_session.scalars(select(Goal).where(Goal.code == "2013-AL1-WT")).one()
    batch = ChangeRecord(
        created_at=datetime(2026, 12, 1),
        kind="import",
        capability="figures",
        channel="cli",
        source_name="grown",
    )
    factory_session.add(batch)
    factory_session.flush()
    for n in range(extra):
        indicator = Indicator(code=f"grown_{n}", name_nl=f"Gegroeid {n}", unit="percent")
        factory_session.add(indicator)
        factory_session.flush()
        factory_session.add(GoalIndicator(goal_id=goal.id, indicator_id=indicator.id))
        target = Target(
            code=f"grown_target_{n}",
            indicator_id=indicator.id,
            value=30.0,
            year=2030,
            base_year=2014,
            source_url="https://example.org/grown",
        )
        factory_session.add(target)
        factory_session.flush()
        factory_session.add(TargetGoal(target_id=target.id, goal_id=goal.id))
        for year in range(2014, 2024):
            factory_session.add(
                Observation(
                    indicator_id=indicator.id,
                    period=str(year),
                    period_kind="year",
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    value=20.0 + (year - 2014) * (n % 3),
                    source_url="https://example.org/grown",
                    import_id=batch.id,
                )
            )


def test_indicator_and_goal_pages_read_a_bounded_number_of_statements(counted, factory) -> None:  # type: ignore[no-untyped-def]
    client, count = counted
    before = {path: count(path) for path in BOUNDS}
    for path, bound in BOUNDS.items():
        assert before[path] <= bound, (path, before[path])
    with factory() as s, s.begin():
        grow(s)
    after = {path: count(path) for path in BOUNDS}
    assert after == before  # thirty more indicators and targets: not one statement more
    # the grown indicators are really there: the goal page shows them
    assert "Gegroeid 29" in client.get(GOAL_PAGE).text
