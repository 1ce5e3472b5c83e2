"""The response cache is shared by every visitor: nothing one client sends may reach another.

Each test runs the real app (`create_app`, its cache on) on a fresh seeded database, SQLite or
PostgreSQL (tests/conftest.py): Host-header poisoning, a cookie replayed from the cache, memory
through large headers, and Vary and CORS on cached responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.responses import Response
from fastapi.testclient import TestClient

from techniekpact.settings import Settings
from techniekpact.web.app import create_app
from techniekpact.web.caching import ResponseCache
from techniekpact.web.security import MAX_HEADER_BYTES

EVIL = {"host": "evil.example"}
# pages and API answers that write links: pagination, language switch, share link, embed code,
# the accessibility statement's address
LINKING = [
    "/api/v1/indicators?limit=2&offset=2",
    "/api/v1/goals?limit=1",
    "/",
    "/indicators/mbo_beta_share_intake",
    "/schemes?province=PV25&q=scholing",
    "/accessibility",
    "/parliament",
]


def the_cache(client: TestClient) -> ResponseCache:
    client.get("/")  # the middleware stack is built on the first request
    layer: Any = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer


@pytest.fixture
def app_with(database_url: str) -> Iterator[Any]:
    """A client of the real app with settings of the test's own (base URL, hosts, budget)."""
    clients: list[TestClient] = []

    def make(address: str = "http://testserver", **settings: Any) -> TestClient:
        app = create_app(Settings(database_url=database_url, **settings))
        client = TestClient(app, base_url=address)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.mark.parametrize("path", LINKING)
def test_a_hostile_host_header_never_reaches_a_link(client, path: str) -> None:
    poisoned = client.get(path, headers=EVIL)
    assert poisoned.status_code == 200
    assert "evil.example" not in poisoned.text
    assert "evil.example" not in poisoned.headers.get("link", "")
    later = client.get(path)  # another visitor, served from the cache
    assert later.status_code == 200 and later.text == poisoned.text
    assert "evil.example" not in later.text and "testserver" not in later.text


def test_api_links_are_relative_without_a_base_url(client) -> None:
    answer = client.get("/api/v1/indicators?limit=2&offset=2", headers=EVIL)
    links = answer.json()["_links"]
    assert links["self"]["href"] == "/api/v1/indicators?limit=2&offset=2"
    assert links["next"]["href"] == "/api/v1/indicators?offset=4&limit=2"
    assert links["prev"]["href"] == "/api/v1/indicators?offset=0&limit=2"
    assert answer.headers["link"] == '</api/v1/indicators?offset=4&limit=2>; rel="next"'


def test_with_a_base_url_links_use_it_and_other_hosts_are_refused(app_with) -> None:
    site = app_with("https://monitor.example.nl", base_url="https://monitor.example.nl")
    answer = site.get("/api/v1/indicators?limit=2")
    assert answer.json()["_links"]["next"]["href"] == (
        "https://monitor.example.nl/api/v1/indicators?offset=2&limit=2"
    )
    assert answer.headers["link"].startswith("<https://monitor.example.nl/api/v1/indicators?")
    page = site.get("/indicators/mbo_beta_share_intake").text
    assert 'src="https://monitor.example.nl/indicators/mbo_beta_share_intake/embed?' in page
    assert "(https://monitor.example.nl)" in site.get("/accessibility").text
    entries = len(the_cache(site).store)
    refused = site.get("/api/v1/indicators?limit=2", headers=EVIL)
    assert refused.status_code == 400 and "evil.example" not in refused.text
    # refused before the cache: nothing stored for that request, nothing changed for others
    assert len(the_cache(site).store) == entries
    assert site.get("/api/v1/indicators?limit=2").text == answer.text
    # the loopback names stay open for a health check on the machine itself
    assert site.get("/", headers={"host": "127.0.0.1:8000"}).status_code == 200


def test_extra_allowed_hosts(app_with) -> None:
    site = app_with(
        base_url="https://monitor.example.nl", allowed_hosts="www.monitor.example.nl, testserver"
    )
    assert site.get("/", headers={"host": "www.monitor.example.nl"}).status_code == 200
    assert site.get("/").status_code == 200
    assert site.get("/", headers=EVIL).status_code == 400


def test_an_unknown_host_is_refused_in_the_readers_language(app_with) -> None:
    site = app_with(base_url="https://monitor.example.nl")
    page = site.get("/indicators", headers=EVIL)
    assert page.status_code == 400 and page.text.startswith("Onbekend adres: ")
    assert page.headers["x-content-type-options"] == "nosniff"
    english = site.get("/indicators?lang=en", headers=EVIL)
    assert english.text.startswith("Unknown address: ") and "Host header" in english.text
    api = site.get("/api/v1/indicators", headers=EVIL)
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["status"] == 400 and api.json()["title"] == "Onbekend adres"
    assert "evil.example" not in api.text
    # a port and a trailing dot change nothing; a longer name that ends the same is not ours
    assert site.get("/", headers={"host": "monitor.example.nl:443"}).status_code == 200
    assert site.get("/", headers={"host": "monitor.example.nl."}).status_code == 200
    assert site.get("/", headers={"host": "evilmonitor.example.nl"}).status_code == 400


def test_a_response_that_sets_a_cookie_is_never_stored(client) -> None:
    from itertools import count

    serial = count()

    def counter() -> Response:
        response = Response("hallo")
        response.set_cookie("session", str(next(serial)))
        return response

    client.app.add_api_route("/cookie-test", counter)
    first, second = client.get("/cookie-test"), client.get("/cookie-test")
    assert first.cookies["session"] == "0" and second.cookies["session"] == "1"
    assert not any(key[0] == "/cookie-test" for key in the_cache(client).store)


def test_the_language_cookie_is_not_replayed_to_other_visitors(client) -> None:
    cache = the_cache(client)
    # whoever asks ?lang=en without the cookie already saying en gets it set, every time (such
    # a response is never stored); whoever has it gets the cached page, without a cookie
    for cookie, sets in (("", True), ("lang=nl", True), ("lang=xx", True), ("lang=en", False)):
        for _ in range(2):  # the second time from the cache, where the first was stored
            client.cookies.clear()
            answer = client.get("/about?lang=en", headers={"cookie": cookie} if cookie else {})
            assert answer.status_code == 200 and '<html lang="en">' in answer.text
            assert ("set-cookie" in answer.headers) == sets, cookie
            if sets:
                assert answer.headers["set-cookie"].startswith("lang=en;")
    client.cookies.clear()
    assert sorted(key[3] for key in cache.store if key[:2] == ("/about", "lang=en")) == ["en"]
    assert all(
        name.lower() != b"set-cookie" for entry in cache.store.values() for name, _ in entry[2]
    )


def test_each_language_is_cached_apart(client) -> None:
    for lang, title in (("en", "Technology Pact"), ("nl", "Techniekpact"), ("en", "Technology")):
        client.cookies.clear()
        client.cookies.set("lang", lang)
        page = client.get("/")
        assert f'<html lang="{lang}">' in page.text and title in page.text
    client.cookies.clear()
    # an unknown cookie value is the default language, and shares its entry
    client.cookies.set("lang", "xx")
    assert '<html lang="nl">' in client.get("/").text
    client.cookies.clear()
    keys = [key for key in the_cache(client).store if key[0] == "/"]
    assert sorted(key[3] for key in keys) == ["", "en", "nl"]


def test_large_cookies_do_not_grow_the_cache(client) -> None:
    cache = the_cache(client)
    client.get("/regions")
    before = cache.bytes
    for n in range(60):
        junk = f"{n:02d}" + "x" * (MAX_HEADER_BYTES - 400)
        answer = client.get("/regions", headers={"cookie": f"tracking={junk}; lang=nl"})
        assert answer.status_code == 200
    # one entry per language the cookie can say, whatever else the Cookie header holds
    assert sorted(key[3] for key in cache.store if key[0] == "/regions") == ["", "nl"]
    assert cache.bytes - before < 200_000  # one more page, not 60 cookies' worth
    assert max(len(part) for key in cache.store for part in key[:2] + key[3:]) < 200


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/api/v1/indicators", "application/problem+json"), ("/about", "text/plain")],
)
def test_headers_past_the_limit_get_431(client, path: str, kind: str) -> None:
    cache = the_cache(client)
    entries = dict(cache.store)
    huge = {"cookie": "lang=en; x=" + "y" * MAX_HEADER_BYTES}
    answer = client.get(path, headers=huge)
    assert answer.status_code == 431
    assert answer.headers["content-type"].startswith(kind)
    assert f"groter dan {MAX_HEADER_BYTES} bytes" in answer.text
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert dict(cache.store) == entries
    english = client.get(path + "?lang=en", headers=huge)
    assert english.status_code == 431 and f"larger than {MAX_HEADER_BYTES} bytes" in english.text
    # just under the limit is answered
    fits = {"cookie": "x=" + "y" * (MAX_HEADER_BYTES - 1000)}
    assert client.get(path, headers=fits).status_code == 200


def test_the_cache_holds_to_its_byte_budget(app_with) -> None:
    budget = 50_000  # a search page is about 3 kB
    site = app_with(cache_bytes=budget)
    cache = the_cache(site)
    for n in range(40):
        assert site.get(f"/search?q=mbo{n}").status_code == 200
    assert 0 < cache.bytes <= budget
    assert cache.bytes == sum(entry[4] for entry in cache.store.values())
    assert len(cache.store) < 40  # the oldest were dropped to keep within the budget
    newest = next(reversed(cache.store))
    assert newest[:2] == ("/search", "q=mbo39")
    # a response larger than the whole budget is passed on, never stored
    tiny = app_with(cache_bytes=1000)
    assert tiny.get("/").status_code == 200
    assert the_cache(tiny).bytes == 0 and not the_cache(tiny).store


def test_least_recently_used_goes_first(app_with) -> None:
    site = app_with()
    cache = the_cache(site)
    cache.size = 3
    cache.store.clear()
    cache.bytes = 0
    for path in ("/about", "/regions", "/indicators"):
        site.get(path)
    site.get("/about")  # used again: now the most recent
    site.get("/contact")
    assert [key[0] for key in cache.store] == ["/indicators", "/about", "/contact"]


@pytest.mark.parametrize("path", ["/api/v1/indicators", "/", "/indicators/pps_companies/data.csv"])
def test_cached_responses_say_what_they_vary_on_and_keep_cors(client, path: str) -> None:
    first = client.get(path)
    cached = client.get(path)
    assert cached.content == first.content
    for answer in (first, cached):
        assert answer.headers["vary"] == "Cookie"
        assert answer.headers["access-control-allow-origin"] == "*"
        assert "ETag" in answer.headers["access-control-expose-headers"]
        assert ("api-version" in answer.headers) == path.startswith("/api/")
        assert "set-cookie" not in answer.headers
    if "etag" in cached.headers:
        again = client.get(path, headers={"if-none-match": cached.headers["etag"]})
        assert again.status_code == 304
        assert again.headers["vary"] == "Cookie"
        assert again.headers["access-control-allow-origin"] == "*"


def test_no_link_anywhere_names_the_test_host(client) -> None:
    """Every absolute link a page writes is a source elsewhere, never this site by its Host."""
    for path in LINKING:
        text = client.get(path, headers=EVIL).text
        assert not re.search(r"https?://(evil\.example|testserver)", text), path


def test_host_patterns() -> None:
    from techniekpact.web.hosts import host_allowed

    ours = ["monitor.example.nl", "*.pact.example"]
    assert host_allowed("MONITOR.example.nl:8080", ours)
    assert host_allowed("noord.pact.example", ours)
    assert not host_allowed("pact.example", ours)  # the pattern is for subdomains
    assert not host_allowed("", ours)
    assert not host_allowed("monitor.example.nl.evil.example", ours)
    assert host_allowed("[::1]", ["[::1]"])
