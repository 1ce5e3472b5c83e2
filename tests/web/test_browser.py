"""Real browser tests: Playwright driving Debian's Chromium against a live server.

Skipped, with the reason shown, where no Chromium is installed (`apt-get install chromium`).
axe-core (tests/assets, vendored from npm) checks WCAG 2.1 A/AA rules on every page type.
"""

from __future__ import annotations

import pytest

from tests.web.browsing import BROWSER, serious_violations, watch_console

pytestmark = BROWSER


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
    "/contact",
    "/contact?lang=en",
    "/privacy",
    "/privacy?lang=en",
    "/accessibility",
    "/accessibility?lang=en",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page, path: str) -> None:
    page.goto(path)
    if page.locator("#chart").count():
        page.wait_for_selector("#chart[data-rendered=true]", timeout=15000)
    violations = serious_violations(page)
    assert violations == []


CSP_PAGES = [p for p in PAGES if "lang=" not in p] + ["/api/docs"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", CSP_PAGES)
def test_no_console_errors_or_csp_violations(page, path: str, lang: str) -> None:
    """Every page, in both languages, runs under the site's Content-Security-Policy with no
    script error, no refused inline script or style and no refused eval (charts included)."""
    problems = watch_console(page)
    answer = page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert answer is not None
    policy = answer.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    if page.locator("#chart").count():
        page.wait_for_selector("#chart[data-rendered=true]", timeout=15000)
        points = page.locator("#chart svg .mark-symbol path")
        if points.count():  # a tooltip: vega-tooltip must not need an inline style either
            points.first.hover(force=True)
            page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    if path == "/api/docs":
        page.wait_for_selector(".opblock", timeout=15000)
    page.wait_for_load_state("networkidle")
    # the 404 page's own status is the one console error a browser reports by itself
    expected = ["console: Failed to load resource: the server responded with a status of 404"]
    assert [p for p in problems if not any(p.startswith(e) for e in expected)] == []


def test_the_console_watch_sees_what_the_policy_refuses(page) -> None:
    """The test above can fail: an inline script and an inline style, as a careless template
    would add them, are refused by the policy and reported."""
    problems = watch_console(page)
    page.goto("/about")
    page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
        document.body.appendChild(s); document.body.setAttribute('style', 'color: red'); }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None  # the inline script did not run
    refused = [p for p in problems if "CSP violation" in p]
    assert any("script-src" in p for p in refused) and any("style-src" in p for p in refused)
