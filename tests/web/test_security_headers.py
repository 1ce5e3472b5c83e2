"""Security headers on every response of every route, GET and HEAD, cached or not, and on
errors the app did not foresee (a 500)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from techniekpact.settings import Settings
from techniekpact.web.app import create_app

# A real value for each path parameter, from the seeded data; a new route with a path parameter
# needs its sample here (the test says so).
SAMPLES = {
    "/goals/{code}": "2013-AL1-WT",
    "/api/v1/goals/{code}": "2013-AL1-WT",
    "/indicators/{code}": "mbo_beta_share_intake",
    "/api/v1/indicators/{code}": "mbo_beta_share_intake",
    "/schemes/{code}": "wbso",
    "/api/v1/schemes/{code}": "wbso",
    "/parliament/{code}": "motie-32637-391",
    "/api/v1/parliament/items/{code}/history": "motie-32637-391",
}
STATIC = "/static/css/site.css"
EMBED = "/indicators/{code}/embed"


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI >= 0.120 keeps included routers
            yield from _routes(route.original_router.routes)
        else:
            yield route


def every_get_route() -> list[tuple[str, str]]:
    """(route template, a concrete path) for every GET route of the app and its static files."""
    app = create_app(Settings(database_url="sqlite://"))
    out = []
    for route in _routes(app.routes):
        if isinstance(route, Mount):
            out.append((route.path, STATIC))
        elif isinstance(route, APIRoute | Route) and "GET" in (route.methods or ()):
            path = route.path
            if "{" in path:
                template = next((t for t in SAMPLES if path.startswith(t)), None)
                assert template is not None, f"add a sample for {path} to SAMPLES"
                path = path.replace("{code}", SAMPLES[template])
                assert "{" not in path, path
            out.append((route.path, path))
    return out


ROUTES = every_get_route()


def test_the_route_list_is_real() -> None:
    templates = {t for t, _ in ROUTES}
    assert len(ROUTES) >= 30
    assert {"/", EMBED, "/api/v1/indicators", "/api/docs", "/static", "/schemes/{code}"} <= (
        templates
    )


def check_security_headers(headers: Any, template: str, path: str) -> None:
    policy = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'", policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    for feature in ("camera", "microphone", "geolocation"):
        assert f"{feature}=()" in headers["permissions-policy"]
    if template == EMBED:  # made to be framed by other sites
        assert directives["frame-ancestors"] == "*"
        assert "x-frame-options" not in headers
    else:
        assert directives["frame-ancestors"] == "'none'"
        assert headers["x-frame-options"] == "DENY"
    assert headers["access-control-allow-origin"] == "*"
    assert ("api-version" in headers) == path.startswith("/api/")
    assert "strict-transport-security" not in headers  # plain http, no setting
    assert "server" not in headers


@pytest.mark.parametrize(("template", "path"), ROUTES, ids=[t for t, _ in ROUTES])
def test_every_route_sends_the_security_headers_on_get_and_head(
    client, template: str, path: str
) -> None:
    first = client.get(path, follow_redirects=False)
    assert first.status_code in (200, 301), (path, first.status_code, first.text[:200])
    cached = client.get(path, follow_redirects=False)  # from the response cache where stored
    head = client.head(path, follow_redirects=False)
    assert head.status_code == first.status_code and head.content == b""
    assert head.headers.get("content-type") == first.headers.get("content-type")
    for answer in (first, cached, head):
        check_security_headers(answer.headers, template, path)


@pytest.mark.parametrize("path", ["/nope", "/api/v1/indicators/nope", "/api/v1/goals/"])
def test_error_answers_send_them_too(client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    check_security_headers(answer.headers, "", path)


@pytest.fixture
def fragile(database_url: str) -> Iterator[TestClient]:
    """The real app with one page and one API route that fail as a bug would."""
    app = create_app(Settings(database_url=database_url))

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/broken", broken)
    app.add_api_route("/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_server_error_has_every_header_and_says_so_plainly(fragile) -> None:
    api = fragile.get("/api/v1/broken")
    assert api.status_code == 500
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["status"] == 500 and "a bug" not in api.text
    assert api.json()["detail"] == "er ging iets mis aan onze kant; probeer het later opnieuw"
    assert api.headers["api-version"]
    check_security_headers(api.headers, "", "/api/v1/broken")
    page = fragile.get("/broken?lang=en")
    assert page.status_code == 500 and '<html lang="en">' in page.text
    assert "something went wrong on our side" in page.text and "RuntimeError" not in page.text
    check_security_headers(page.headers, "", "/broken")
    head = fragile.head("/api/v1/broken")
    assert head.status_code == 500 and head.content == b""
    check_security_headers(head.headers, "", "/api/v1/broken")


def test_hsts_only_over_tls(database_url: str) -> None:
    for settings, base, expected in (
        ({}, "http://testserver", False),
        ({}, "https://testserver", True),  # the request came over TLS
        ({"hsts": True}, "http://testserver", True),  # TLS ends at a proxy
        ({"base_url": "https://testserver"}, "http://testserver", True),
        ({"base_url": "http://testserver"}, "http://testserver", False),
    ):
        app = create_app(Settings(database_url=database_url, **settings))
        with TestClient(app, base_url=base) as client:
            for path in ("/", "/api/v1/summary", STATIC):
                answer = client.get(path)
                assert answer.status_code == 200
                sent = answer.headers.get("strict-transport-security")
                assert sent == ("max-age=31536000" if expected else None), (settings, base)
