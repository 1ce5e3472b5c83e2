"""What the browser tests share: Debian's Chromium, its flags, axe-core and the skip marks.

Browser test modules set `pytestmark = BROWSER`; the fixtures are in tests/web/conftest.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(__file__).parent.parent / "assets" / "axe-core" / "axe.min.js"
BROWSER = [
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
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical findings (WCAG 2.1 A/AA and best practice) on the page."""
    # evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # (rightly) refuses the inline <script> that add_script_tag would insert
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',
        'wcag21aa', 'best-practice']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"""
    )


def watch_console(page: Any) -> list[str]:
    """Collects, while the page lives, every console error, uncaught script error and Content
    Security Policy violation (the site's policy allows no inline script or style and no eval)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    page.add_init_script(
        """document.addEventListener('securitypolicyviolation', e => console.error(
        `CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`))"""
    )
    return problems
