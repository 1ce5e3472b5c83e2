"""Fixtures for the browser tests: a live server on the test's database and Chromium pages."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.web.browsing import ARGS, CHROMIUM, DESKTOP


@pytest.fixture
def live_server(database_url: str) -> Iterator[str]:
    import uvicorn

    from techniekpact.settings import Settings
    from techniekpact.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(database_url=database_url)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def new_page(live_server: str) -> Iterator[Callable[..., Any]]:
    """Opens pages on the live server in a fresh browser context (own cookies) per call, at the
    viewport asked for (`new_page(PHONE)`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        def make(viewport: dict[str, int] = DESKTOP) -> Any:
            context = browser.new_context(base_url=live_server, viewport=viewport)
            return context.new_page()

        yield make
        browser.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()
