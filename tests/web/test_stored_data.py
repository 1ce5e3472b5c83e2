"""Stored data is only ever text on a page: every stored text field of every capability is
escaped on every page that shows it, and every link built from stored data goes through the
one URL check. The values are forced into the database by SQL (as a bug, an old version or a
hand edit could leave them), so the pages themselves are what is tested, not the imports."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import String, Text, select, text, update

from techniekpact.db import Base
from techniekpact.parliament.models import ParliamentItem
from techniekpact.schemes.models import SchemeRecord
from techniekpact.settings import Settings
from techniekpact.urls import is_safe_url
from techniekpact.web.app import create_app

XSS = "<script>alert(1)</script>\"'&"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&#39;&amp;"
BAD_URLS = [
    "javascript://www.rijksoverheid.nl/%0aalert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "https://user:pass@evil.example/",
    " https://www.cbs.nl/",
    "https:\\\\evil.example",
]
CHART = "/indicators/mbo_beta_share_intake/chart.svg"
TABLES = ("framework", "goal", "goal_link", "indicator", "target", "observation", "dimension")
TABLES += ("dimension_value",)
# codes and keys the pages look things up by (not text shown as written)
KEYS = {"code", "kind", "unit", "theme", "period", "period_kind", "breakdown", "flags"}
KEYS |= {"dimensions", "parent_code", "aliases", "source_url"}
SCHEME_KEYS = {"code", "kinds", "purposes", "provinces", "sectors", "applicant", "source_kind"}
SCHEME_KEYS |= {"open_from", "open_until", "verified_on", "windows", "source_url", "field", "op"}
SCHEME_KEYS |= {"value"}
ITEM_KEYS = {"code", "kind", "state", "date", "due_date", "answer_date", "origin", "edited"}
ITEM_KEYS |= {"goals", "indicators", "aliases", "tk_id", "source_url"}


def text_columns(table: str) -> list[str]:
    columns = Base.metadata.tables[table].columns
    return [
        c.name
        for c in columns
        if isinstance(c.type, String | Text) and c.name not in KEYS and not c.foreign_keys
    ]


def fits(session, table: str, texts: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The text columns that can hold every stored value with `texts` appended: PostgreSQL
    refuses a longer value for a column of a declared length (SQLite stores it anyway), so no
    import or edit can put the text there either."""
    columns = Base.metadata.tables[table].columns
    out = []
    for name in text_columns(table):
        length = getattr(columns[name].type, "length", None)
        if length is not None:
            longest = session.scalar(text(f"SELECT max(length({name})) FROM {table}")) or 0
            if longest + len(texts) > length:
                continue
        out.append(name)
    return out


def tainted(data: dict[str, Any], keys: set[str], value: str) -> dict[str, Any]:
    """Every text of a JSON record (rules and people included) with `value` appended."""

    def taint(item: Any, key: str) -> Any:
        if key in keys:
            return item
        if isinstance(item, str):
            return item + value
        if isinstance(item, list):
            return [taint(v, key) for v in item]
        if isinstance(item, dict):
            return {k: taint(v, k) for k, v in item.items()}
        return item

    return {k: taint(v, k) for k, v in data.items()}


def force(factory, texts: str | None, url: str | None) -> None:  # type: ignore[no-untyped-def]
    """Append `texts` to every stored text, and/or set every stored address to `url`."""
    with factory() as s, s.begin():
        for table in TABLES:
            columns = Base.metadata.tables[table].columns
            sets = [f"{c} = {c} || :texts" for c in fits(s, table, texts)] if texts else []
            if url and "source_url" in columns:
                sets.append("source_url = :url")
            if sets:
                s.execute(
                    text(f"UPDATE {table} SET {', '.join(sets)}"), {"texts": texts, "url": url}
                )
        for model, keys in ((SchemeRecord, SCHEME_KEYS), (ParliamentItem, ITEM_KEYS)):
            for row in s.scalars(select(model)).all():
                data = tainted(json.loads(row.data), keys, texts) if texts else json.loads(row.data)
                if url:
                    data["source_url"] = url
                    for rule in data.get("rules", []):
                        rule["source_url"] = url
                s.execute(update(model).where(model.id == row.id).values(data=json.dumps(data)))


def pages(factory) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page that shows stored data: each goal, indicator, scheme and Kamer item."""
    with factory() as s:
        goals = s.scalars(text("SELECT code FROM goal ORDER BY code")).all()
        indicators = s.scalars(text("SELECT code FROM indicator ORDER BY code")).all()
        schemes = s.scalars(select(SchemeRecord.code).where(SchemeRecord.is_current)).all()
        items = s.scalars(select(ParliamentItem.code)).all()
    return [
        "/",
        "/about",
        "/indicators",
        "/regions",
        "/search?q=techniek",
        "/search?q=alert",
        "/schemes?purpose=scholing",
        "/schemes?purpose=innovatie&employees=10",
        "/parliament",
        "/indicators/mbo_beta_share_intake/embed",
        *(f"/goals/{c}" for c in goals),
        *(f"/indicators/{c}" for c in indicators),
        *(f"/schemes/{c}" for c in schemes),
        *(f"/parliament/{c}" for c in items),
    ]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src", "action", "formaction")]


def own(href: str) -> bool:
    """A link to this site (a path, a fragment, a query) or to the contact address."""
    return href.startswith(("/", "#", "?", "mailto:")) and not href.startswith("//")


@pytest.mark.parametrize("url", BAD_URLS[::3])  # the class itself: tests/test_urls.py
def test_no_page_links_to_a_bad_stored_address(factory, database_url, url) -> None:  # type: ignore[no-untyped-def]
    force(factory, None, url)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        shown = 0
        for path in pages(factory):
            page = client.get(path)
            assert page.status_code == 200, path
            links = Links()
            links.feed(page.text)
            bad = [h for h in links.hrefs if not own(h) and not is_safe_url(h)]
            assert bad == [], (path, bad)
            assert all(h != url for h in links.hrefs), path
            shown += url in html.unescape(page.text)
        assert shown > 50  # the address is still on the pages, as text


def test_every_stored_text_is_escaped_on_every_page(factory, database_url) -> None:  # type: ignore[no-untyped-def]
    force(factory, XSS, XSS)
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        counted = {}
        for path in [*pages(factory), CHART]:
            page = client.get(path)
            assert page.status_code == 200, path
            assert "<script>alert(1)" not in page.text, path
            counted[path] = page.text.count(ESCAPED) + page.text.count(
                "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;"
            )
        # the tainted text really is on the pages: every page that shows stored data shows it
        missing = [p for p, n in counted.items() if not n and p not in ("/about", CHART)]
        assert missing == []
