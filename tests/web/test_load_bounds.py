"""Bounds on expensive work (issue 11 section 4), against the real app on a real server.

A request is held open by real work of the app: on PostgreSQL a statement waiting for a table
lock another connection holds (the lock is what makes it slow); on SQLite, whose readers never
wait for a lock, a search waiting for the figure index that another thread is building (the test
holds the build lock). A slow statement on SQLite is a real one over 300,000 figures.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import create_engine, text

from techniekpact.settings import Settings

BUSY_NL = "De website is even te druk. Probeer het over een paar seconden opnieuw."
BUSY_EN = "The site is busy right now. Please try again in a few seconds."
SLOW_NL = "Deze aanvraag duurde te lang en is afgebroken. Probeer het later opnieuw."
SLOW_EN = "This request took too long and was stopped. Please try again later."
OBSERVATIONS = "/api/v1/indicators/mbo_beta_share_intake/observations"


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on uvicorn in a thread, as `techniekpact serve` runs it."""
    import uvicorn

    from techniekpact.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def held(database_url: str) -> Iterator[str]:
    """Hold up the app's next uncached read of figures; yields the path that gets held."""
    if database_url.startswith("postgresql"):
        engine = create_engine(database_url)
        with engine.connect() as conn:
            conn.execute(text("LOCK TABLE observation IN ACCESS EXCLUSIVE MODE"))
            try:
                yield OBSERVATIONS
            finally:
                conn.rollback()
        engine.dispose()
        return
    from techniekpact.monitor import figure_search

    with figure_search._building:
        # the app built its index at start-up: forgotten, the next search must build it again
        # and waits for the lock held here
        figure_search._indexes.clear()
        yield "/search?q=mbo"


def many_figures(database_url: str, count: int) -> None:
    """`count` more current figures of one indicator, generated inside the database."""
    numbers = (
        "SELECT generate_series(1, :count) AS i"
        if database_url.startswith("postgresql")
        else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count) "
        "SELECT i FROM n"
    )
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO observation (indicator_id, period, period_kind, period_start,"
                " period_end, breakdown, value, flags, source_url, source_edition, note,"
                " import_id, is_current)"
                " SELECT (SELECT id FROM indicator WHERE code = 'mbo_beta_share_intake'),"
                " '2020', 'year', '2020-01-01', '2020-12-31', 'sex=n' || n.i, 1.5, '',"
                " 'https://example.org', '2024', '', (SELECT max(id) FROM import_batch), TRUE"
                f" FROM ({numbers}) AS n"
            ),
            {"count": count},
        )
    engine.dispose()


def in_background(get: Callable[[str], httpx.Response], path: str):  # type: ignore[no-untyped-def]
    pool = ThreadPoolExecutor(1)
    future = pool.submit(get, path)
    pool.shutdown(wait=False)
    return future


def test_saturated_limiter_answers_503_with_retry_after_and_cached_pages_still_come(
    database_url: str,
) -> None:
    settings = Settings(
        database_url=database_url, render_limit=1, render_wait=0.2, statement_timeout=30
    )
    with serving(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/").status_code == 200  # now cached
        with held(database_url) as slow_path:
            slow = in_background(lambda p: httpx.get(base + p, timeout=30), slow_path)
            time.sleep(0.5)  # the held request has the only render slot
            assert not slow.done()
            started = time.monotonic()
            api = client.get("/api/v1/indicators/ho_beta_share_intake/observations")
            waited = time.monotonic() - started
            page = client.get("/indicators/ho_beta_share_intake")
            second = client.get("/indicators/ho_beta_share_intake?period=2020")
            # on its own: the language cookie it sets must not follow into the cached request
            english = httpx.get(base + "/indicators/ho_beta_share_intake?lang=en", timeout=30)
            started = time.monotonic()
            cached = client.get("/")
            cached_took = time.monotonic() - started
            assert not slow.done()  # still held: the limiter was saturated all along
        assert slow.result().status_code == 200
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert 0.2 <= waited < 5  # it waited its turn briefly, then was refused
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json() | {"detail": None} == {
        "type": "about:blank",
        "title": "Tijdelijk niet beschikbaar",
        "status": 503,
        "detail": None,
        "instance": "/api/v1/indicators/ho_beta_share_intake/observations",
    }
    assert api.json()["detail"] == BUSY_NL
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert BUSY_NL in page.text and "text/html" in page.headers["content-type"]
    # the refusal page is reused, its language switch is the request's own
    assert second.status_code == 503 and BUSY_NL in second.text
    # (relative: links never come from the request's Host, issue 11 section 3)
    assert 'href="/indicators/ho_beta_share_intake?period=2020&amp;lang=en"' in second.text
    assert 'href="/indicators/ho_beta_share_intake?lang=en"' in page.text
    assert base not in page.text + second.text
    assert english.status_code == 503 and BUSY_EN in english.text
    assert cached.status_code == 200 and "Techniekpact" in cached.text
    assert cached_took < 2  # from the cache: through the limiter it would have been a 503


def test_refusals_are_not_cached_and_the_slot_comes_back(database_url: str) -> None:
    settings = Settings(database_url=database_url, render_limit=1, render_wait=0.1)
    path = "/indicators/ho_beta_share_intake"
    with serving(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
        with held(database_url) as slow_path:
            slow = in_background(lambda p: httpx.get(base + p, timeout=30), slow_path)
            time.sleep(0.5)
            assert client.get(path).status_code == 503
        assert slow.result().status_code == 200
        again = client.get(path)
        assert again.status_code == 200 and "Retry-After" not in again.headers


def test_a_statement_past_the_time_limit_is_a_503_on_the_api_and_the_site(
    database_url: str,
) -> None:
    postgres = database_url.startswith("postgresql")
    if not postgres:
        many_figures(database_url, 300_000)
    settings = Settings(database_url=database_url, statement_timeout=0.3 if postgres else 0.05)
    with serving(settings) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/contact").status_code == 200  # quick statements still run
        if postgres:
            with held(database_url):
                api = client.get(OBSERVATIONS)
                page = client.get("/indicators/mbo_beta_share_intake")
                english = client.get("/indicators/mbo_beta_share_intake?lang=en")
        else:
            api = client.get(OBSERVATIONS)
            page = client.get("/indicators/mbo_beta_share_intake")
            english = client.get("/indicators/mbo_beta_share_intake?lang=en")
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["title"] == "Tijdelijk niet beschikbaar"
    assert api.json()["detail"] == SLOW_NL and api.json()["instance"] == OBSERVATIONS
    assert page.status_code == 503 and SLOW_NL in page.text
    assert english.status_code == 503 and SLOW_EN in english.text


def test_statements_of_imports_are_not_limited(database_url: str) -> None:
    """The limit is the web app's: the same database opened for an import has none."""
    from techniekpact.bootstrap import open_database

    factory = open_database(Settings(database_url=database_url, statement_timeout=0.001))
    try:
        with factory() as session:
            numbers = (
                "SELECT count(*) FROM generate_series(1, 3000000)"
                if database_url.startswith("postgresql")
                else "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                " WHERE i < 300000) SELECT count(*) FROM n"
            )
            assert session.scalar(text(numbers)) in (300_000, 3_000_000)
    finally:
        factory.kw["bind"].dispose()


@pytest.mark.parametrize("limit", [1, 3])
def test_the_limiter_lets_exactly_limit_renders_run(limit: int) -> None:
    """The queue itself: `limit` run at once, the next waits its turn and runs when one ends,
    and a waiter that times out leaves no slot behind."""
    import asyncio

    from techniekpact.web.limits import RenderLimit

    async def scenario() -> tuple[list[bool], list[bool], int, int]:
        limiter = RenderLimit(app=None, limit=limit, wait=0.05)
        first = [await limiter.acquire() for _ in range(limit)]
        refused = [await limiter.acquire()]  # all taken: waits 0.05 s, then refused
        waiter = asyncio.ensure_future(limiter.acquire())
        await asyncio.sleep(0)
        limiter.release()  # handed to the waiter
        refused.append(await waiter)
        for _ in range(limit):
            limiter.release()
        return first, refused, limiter.running, limiter.waiting

    first, refused, running, waiting = asyncio.run(scenario())
    assert first == [True] * limit
    assert refused == [False, True]
    assert running == 0 and waiting == 0


def test_a_freed_slot_goes_to_each_kind_of_page_in_turn() -> None:
    """Ten searches queued before one API call: the API call gets the second slot that comes
    free, not the eleventh."""
    import asyncio

    from techniekpact.web.limits import RenderLimit, group

    assert group("/search") == "search" and group("/") == ""
    assert group("/api/v1/indicators/x/observations") == "api/v1/indicators"

    async def scenario() -> list[str]:
        limiter = RenderLimit(app=None, limit=1, wait=5)
        await limiter.acquire("search")
        served: list[str] = []

        async def one(kind: str) -> None:
            await limiter.acquire(kind)
            served.append(kind)

        tasks = [asyncio.ensure_future(one("search")) for _ in range(10)]
        await asyncio.sleep(0)
        tasks.append(asyncio.ensure_future(one("api/v1/indicators")))
        await asyncio.sleep(0)
        for _ in range(11):
            limiter.release()
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        return served

    served = asyncio.run(scenario())
    assert served[:2] == ["search", "api/v1/indicators"] and served.count("search") == 10
