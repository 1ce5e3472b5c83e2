"""Real browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with the reason shown, where no Chromium is installed (`apt-get install chromium`).
axe-core (tests/assets, vendored from npm) checks WCAG 2.1 A/AA rules on every page type.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent.parent / "assets" / "axe-core" / "axe.min.js"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install chromium"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
def page(live_server: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        yield page
        browser.close()


def test_chart_renders(page) -> None:
    page.goto("/indicators/mbo_beta_share_intake")
    page.wait_for_selector("#chart[data-rendered=true]", timeout=15000)
    assert page.locator("#chart svg .mark-line path").count() >= 1


def test_breakdown_switch_and_permalink(page) -> None:
    page.goto("/indicators/havovwo_nprofile_share_gender")
    page.select_option("#split", "sex")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**split=sex**")
    page.wait_for_selector("#chart[data-rendered=true]", timeout=15000)
    headers = page.locator("table.data thead th").all_inner_texts()
    assert any("Vrouw" in h for h in headers) and any("Man" in h for h in headers)
    permalink = page.get_by_role("link", name="Permalink").get_attribute("href")
    page.goto(permalink)
    assert page.locator("#split").input_value() == "sex"


def test_language_switch(page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "How is the Technology Pact doing?"
    page.goto("/about")  # the choice is remembered
    assert page.locator("html").get_attribute("lang") == "en"


def test_keyboard_reaches_main_through_skip_link(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Direct naar de inhoud" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhoud"


PAGES = [
    "/",
    "/?lang=en",
    "/goals/2013-AL1-WT",
    "/indicators",
    "/indicators/mbo_beta_share_intake",
    "/indicators/havovwo_nprofile_share_gender?split=sex",
    "/regions",
    "/search?q=mbo",
    "/about",
    "/indicators/pps_companies/embed",
    "/nope",
    "/schemes",
    "/schemes?province=PV25&sector=F&employees=12&purpose=scholing",
    "/schemes/wbso",
    "/parliament",
    "/parliament/motie-32637-391",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, path: str) -> None:
    page.goto(path)
    if page.locator("#chart").count():
        page.wait_for_selector("#chart[data-rendered=true]", timeout=15000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',
        'wcag21aa', 'best-practice']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"""
    )
    assert violations == []
