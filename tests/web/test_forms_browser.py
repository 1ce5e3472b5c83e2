"""Every form on the site, submitted by a real browser as a person would.

The forms are not listed by hand: the test crawls one page of every page type from the home
page, collects each distinct <form> (by action and field names), and submits each one with its
defaults, with typical answers and with every field emptied, in Dutch and in English, on a
desktop and at phone width. Each submission must give a 200 page in the right language with
results or an explained empty state, and at phone width the page must not scroll sideways.
A new form on any page linked from the site is covered without touching this file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests.web.browsing import BROWSER, DESKTOP, PHONE

pytestmark = BROWSER

# The forms the site has today: the search box in the header (every page), the indicator's
# breakdown and period controls, the regions choice, the Regelingenwijzer, the Kamer filter.
KNOWN_FORMS = 5
# Page types linked from the site today: home, indicators, an indicator, a goal, regions,
# schemes, parliament, a Kamer item, about and the contact, privacy and accessibility pages.
KNOWN_PAGE_TYPES = 12
MAX_PAGES = 60
NOT_PAGES = re.compile(r"^/(api|static)/|\.(csv|json|svg|png|ico)$")

# Typical answers per form (by the page type of its action); fields not named keep their
# default. A form not listed here is filled generically (see `_fill`).
TYPICAL: dict[str, dict[str, str | list[str]]] = {
    "/schemes": {
        "province": "PV25",  # Gelderland
        "employees": "12",
        "sector": "F",
        "purpose": ["scholing"],
        "q": "scholing",
    },
    "/parliament": {"kind": "motion", "status": "overdue"},
    "/search": {"q": "mbo"},
    # /regions: its layer choice is offered only where regional figures exist (a hidden field
    # otherwise), so its typical answer is the generic one: another indicator
}
# With these answers the site holds matching items, so an empty state would be a defect.
MUST_FIND = {"/schemes", "/search"}

RESULTS = (
    "main table tbody tr:not(.empty-state), main ol.results > li:not(.empty-state), "
    "main section ul > li"
)
EMPTY_STATE = "main .empty-state"


def page_type(path: str) -> str:
    """One name per kind of page: /indicators/a and /indicators/b are both /indicators/*."""
    parts = [p for p in path.split("/") if p]
    if len(parts) <= 1:
        return "/" + "/".join(parts)
    return f"/{parts[0]}/*" + (f"/{parts[-1]}" if len(parts) > 2 else "")


@dataclass(frozen=True)
class Form:
    kind: str  # page type of the action
    fields: tuple[str, ...]
    found_on: str  # path and query of the page where it was first seen
    index: int  # its position among the forms of that page


def discover_forms(page: Any, origin: str) -> tuple[list[Form], list[str]]:
    """Crawl one page of every page type reachable from the home page; collect its forms."""
    queue, seen_types, visited, forms = ["/"], set(), [], {}
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        kind = page_type(urlsplit(path).path)
        if kind in seen_types:
            continue
        seen_types.add(kind)
        response = page.goto(path)
        if response is None or response.status != 200:
            continue
        visited.append(path)
        found = page.eval_on_selector_all(
            "form",
            """forms => forms.map(f => ({action: f.action, method: f.method,
                fields: [...f.elements].filter(e => e.name).map(e => e.name)}))""",
        )
        for index, f in enumerate(found):
            key = (
                page_type(urlsplit(f["action"]).path),
                f["method"],
                tuple(sorted(set(f["fields"]))),
            )
            if key not in forms:
                forms[key] = Form(key[0], key[2], path, index)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" != origin or NOT_PAGES.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if page_type(parts.path) not in seen_types:
                queue.append(target)
    return list(forms.values()), visited


def _fill(form: Any, kind: str, mode: str) -> dict[str, str | list[str]]:
    """Fill the form in the browser; returns the answers a result page should show again."""
    if mode == "defaults":
        return {}
    if mode == "empty":
        # every field emptied, as far as a browser can send it: texts and numbers cleared,
        # boxes unticked, and each list set to an empty value (one is added where the list
        # has none, as a user agent or an old bookmark could still send it)
        form.evaluate(
            """f => { for (const e of f.elements) {
                if (!e.name) continue;
                if (e.type === 'checkbox' || e.type === 'radio') e.checked = false;
                else if (e.tagName === 'SELECT') {
                    if (![...e.options].some(o => o.value === '')) e.add(new Option('', ''));
                    e.value = '';
                } else e.value = '';
            } }"""
        )
        return {}
    answers = TYPICAL.get(kind)
    if answers is None:  # a form nobody has described yet: the first real choice everywhere
        return form.evaluate(
            """f => { const out = {}; for (const e of f.elements) {
                if (!e.name || e.type === 'hidden' || e.type === 'submit') continue;
                if (e.tagName === 'SELECT') {
                    const o = [...e.options].find(o => o.value !== '' && !o.selected);
                    if (o) { e.value = o.value; out[e.name] = o.value; }
                } else if (e.type === 'checkbox' || e.type === 'radio') {
                    if (!(e.name in out)) { e.checked = true; out[e.name] = [e.value]; }
                } else if (e.type === 'number') { e.value = '10'; out[e.name] = '10'; }
                else { e.value = 'techniek'; out[e.name] = 'techniek'; }
            } return out; }"""
        )
    for name, value in answers.items():
        if isinstance(value, list):
            for v in value:
                form.locator(f'input[name="{name}"][value="{v}"]').check()
        elif form.locator(f'select[name="{name}"]').count():
            form.locator(f'select[name="{name}"]').select_option(value)
        else:
            form.locator(f'[name="{name}"]').fill(value)
    return answers


def submit(page: Any, form: Form, mode: str, lang: str) -> dict[str, str | list[str]]:
    """Open the page the form lives on, fill it, press its button; returns what was asked."""
    url = form.found_on + ("&" if "?" in form.found_on else "?") + urlencode({"lang": lang})
    assert page.goto(url).status == 200
    element = page.locator("form").nth(form.index)
    asked = _fill(element, form.kind, mode)
    button = element.locator("button[type=submit], button:not([type]), input[type=submit]")
    with page.expect_navigation() as navigation:
        if button.count():
            button.first.click()
        else:
            element.evaluate("f => f.requestSubmit()")
    response = navigation.value
    where = f"{form.kind} ({mode}, {lang}): {page.url}"
    assert response.status == 200, where
    assert not re.match(r"\d{3} \|", page.title()), where
    return asked


def check_outcome(page: Any, form: Form, mode: str, lang: str, asked: dict[str, Any]) -> None:
    where = f"{form.kind} ({mode}, {lang}): {page.url}"
    assert page.locator("html").get_attribute("lang") == lang, where
    results = page.locator(RESULTS).count()
    empty = [t.strip() for t in page.locator(EMPTY_STATE).all_inner_texts() if t.strip()]
    assert results or empty, f"neither results nor an explained empty state on {where}"
    if mode == "typical" and form.kind in MUST_FIND:
        assert results, f"no results for typical answers on {where}"
    result_form = page.locator(f"form[action^='{urlsplit(page.url).path}']").first
    for name, value in asked.items():  # the page shows the answers it was given
        if isinstance(value, list):
            for v in value:
                assert result_form.locator(f'input[name="{name}"][value="{v}"]').is_checked(), where
        else:
            assert result_form.locator(f'[name="{name}"]').input_value() == value, where
    sideways = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"the page scrolls {sideways}px sideways on {where}"


@pytest.mark.parametrize(
    ("lang", "viewport"),
    [("nl", DESKTOP), ("en", DESKTOP), ("nl", PHONE), ("en", PHONE)],
    ids=["nl-desktop", "en-desktop", "nl-phone", "en-phone"],
)
def test_every_form_works_as_a_browser_submits_it(
    new_page: Callable[..., Any], live_server: str, lang: str, viewport: dict[str, int]
) -> None:
    page = new_page(viewport)
    forms, visited = discover_forms(page, live_server)
    assert len(visited) >= KNOWN_PAGE_TYPES, " ".join(visited)
    assert len(forms) >= KNOWN_FORMS, [f.kind for f in forms]
    shots = os.environ.get("TECHNIEKPACT_SCREENSHOTS")  # a folder: keep each outcome to look at
    for form in forms:
        for mode in ("defaults", "typical", "empty"):
            asked = submit(page, form, mode, lang)
            check_outcome(page, form, mode, lang, asked)
            if shots:
                kind = form.kind.strip("/").replace("/*", "").replace("/", "-") or "home"
                name = f"{kind}-{mode}-{lang}"
                page.screenshot(path=f"{shots}/{name}-{viewport['width']}.png", full_page=True)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_wide_tables_scroll_in_their_box_with_a_hint_on_a_phone(
    new_page: Callable[..., Any], lang: str
) -> None:
    hint_text = {"nl": "Schuif de tabel opzij", "en": "Scroll the table sideways"}[lang]
    phone, desktop = new_page(PHONE), new_page(DESKTOP)
    for path in ("/parliament", "/indicators/havovwo_nprofile_share_gender?split=sex"):
        phone.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        phone.wait_for_load_state("load")
        assert phone.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), f"{path} scrolls sideways at 375px"
        box = phone.locator(".table-scroll").last
        assert box.evaluate("b => b.scrollWidth > b.clientWidth"), f"the table on {path} fits"
        hint = phone.locator(".table-scroll-hint").last
        assert hint.is_visible() and hint_text in hint.inner_text()
        assert hint.evaluate("(h, b) => h.nextElementSibling === b", box.element_handle())
        # the box is reachable and scrollable from the keyboard, and named by its caption
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        label = phone.locator(f"#{box.get_attribute('aria-labelledby')}")
        assert label.count() == 1 and label.inner_text().strip()
        box.focus()
        phone.keyboard.press("ArrowRight")
        phone.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
        # on a wide screen the same table fits, and no hint is shown
        desktop.goto(path)
        desktop.wait_for_load_state("load")
        assert desktop.locator(".table-scroll-hint").count() >= 1
        assert not desktop.locator(".table-scroll-hint").last.is_visible()
