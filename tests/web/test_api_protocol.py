"""The API keeps its word: CORS on cached responses too, preflight, HEAD, 405 with Allow, no
trailing-slash redirects, API-Version, unknown parameters refused, empty ones ignored."""

from __future__ import annotations

import pytest

from techniekpact.changes import Origin
from techniekpact.web.protocol import API_VERSION

BY_TEST = Origin("test", "cli")

ORIGIN = {"Origin": "https://example.org"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/indicators",
        "/api/v1/indicators/mbo_beta_share_intake/observations?limit=5",
        "/api/v1/openapi.json",
        "/indicators/mbo_beta_share_intake",
    ],
)
def test_cors_holds_for_a_response_cached_without_origin(client, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["access-control-allow-origin"] == "*"
    cached = client.get(path, headers=ORIGIN)  # served from the response cache
    assert cached.status_code == 200 and cached.content == first.content
    assert cached.headers["access-control-allow-origin"] == "*"
    assert "ETag" in cached.headers["access-control-expose-headers"]
    # the value never depends on the request, so nothing varies on Origin
    assert "origin" not in cached.headers.get("vary", "").lower()
    revalidated = client.get(
        path, headers=ORIGIN | {"If-None-Match": first.headers.get("ETag", "")}
    )
    assert revalidated.headers["access-control-allow-origin"] == "*"


def test_the_cache_really_serves_the_second_request(client) -> None:
    path = "/api/v1/frameworks"
    client.get(path)
    cache = client.app.middleware_stack
    while not hasattr(cache, "store"):  # find the ResponseCache in the middleware chain
        cache = cache.app
    assert any(key[0] == path for key in cache.store)


def test_preflight_is_answered(client) -> None:
    r = client.options(
        "/api/v1/indicators",
        headers=ORIGIN
        | {
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]
    assert r.headers["access-control-allow-headers"] == "if-none-match"


@pytest.mark.parametrize(
    "path", ["/api/v1/goals", "/api/v1/goals/2013-AL1-WT", "/", "/indicators/mbo_beta_share_intake"]
)
def test_head_is_answered_where_get_is(client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


def test_other_methods_get_405_with_allow(client) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        r = client.request(method, "/api/v1/goals")
        assert r.status_code == 405
        assert r.headers["allow"] == "GET, HEAD, OPTIONS"
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["api-version"] == API_VERSION


@pytest.mark.parametrize("path", ["/api/v1/goals/", "/api/v1/indicators/mbo_beta_share_intake/"])
def test_a_trailing_slash_is_a_404_not_a_redirect(client, path: str) -> None:
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/goals", "/api/v1/goals/NOPE", "/api/v1/nothing", "/api/v1/openapi.json"]
)
def test_every_api_response_carries_the_full_version(client, path: str) -> None:
    assert client.get(path).headers["api-version"] == API_VERSION
    assert client.get("/").headers.get("api-version") is None  # pages are not the API


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/goals?frmework=tp2016",
        "/api/v1/indicators?lmit=5",
        "/api/v1/indicators/mbo_beta_share_intake/observations?gender=female",
        "/api/v1/indicators/mbo_beta_share_intake/observations?nonsense=",
        "/api/v1/goals/2013-AL1-WT?x=1",
        "/api/v1/schemes?provincie=Gelderland",
        "/api/v1/parliament/items?state=open",
    ],
)
def test_an_unknown_parameter_is_a_400_listing_the_allowed_ones(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    unknown = path.split("?")[1].split("=")[0]
    assert [p["name"] for p in body["invalid_params"]] == [unknown]
    assert "toegestaan" in body["detail"]


def test_the_allowed_list_names_the_real_parameters(client) -> None:
    body = client.get("/api/v1/indicators?lmit=5").json()
    assert body["detail"].endswith("toegestaan: limit, offset")


def _operations(client) -> list[tuple[str, dict]]:
    """Every operation of the OpenAPI document as (URL with real codes, operation)."""
    spec = client.get("/api/v1/openapi.json").json()
    base = spec["servers"][0]["url"]
    scheme = client.get(base + "/schemes?all=true").json()["items"][0]["code"]
    codes = {"/goals/": "2013-AL1-WT", "/indicators/": "havovwo_nprofile_share_gender"}
    codes["/schemes/"] = scheme
    codes["/parliament/items/"] = client.get(base + "/parliament/items").json()["items"][0]["code"]
    out = []
    for path, item in spec["paths"].items():
        for prefix, code in codes.items():
            if path.startswith(prefix):
                path = path.replace("{code}", code)
        assert "{" not in path, f"no example code for {path}"
        out.append((base + path, item["get"]))
    return out


def test_every_optional_parameter_may_be_sent_empty(client) -> None:
    """Read from the OpenAPI document, not from a hand list: every optional query parameter of
    every operation, sent empty, means "no filter" and gives the same answer as without it."""
    tried = 0
    for url, operation in _operations(client):
        plain = client.get(url)
        assert plain.status_code == 200, url
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query" or parameter.get("required"):
                continue
            assert parameter["allowEmptyValue"] is True
            r = client.get(f"{url}?{parameter['name']}=")
            assert r.status_code == 200, (url, parameter["name"], r.text)
            if "total" in plain.json():
                assert r.json()["total"] == plain.json()["total"], (url, parameter["name"])
            tried += 1
    assert tried >= 40


def test_observations_filter_on_every_dimension_of_the_catalogue(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    params = {
        p["name"] for p in spec["paths"]["/indicators/{code}/observations"]["get"]["parameters"]
    }
    assert {"region", "sex", "network", "subject", "education_level", "company_size"} <= params
    base = "/api/v1/indicators/havovwo_nprofile_share_gender/observations"
    every = client.get(f"{base}?limit=1000").json()
    women = client.get(f"{base}?sex=female&limit=1000").json()
    assert 0 < women["total"] < every["total"]
    assert all(o["breakdown"]["sex"] == "female" for o in women["items"])


def test_network_and_subject_are_filters_too(client, factory, tmp_path) -> None:
    """No bundled figure has a network or subject breakdown yet: import two that do."""
    from techniekpact.monitor.importers import parse_file
    from techniekpact.monitor.store import apply_import, load_catalogue

    csv = tmp_path / "dims.csv"
    csv.write_text(
        "indicator;period;value;network;subject;source_url\n"
        "pps_vo_network_schools;2024;41;jet-net-technet;;https://x.nl\n"
        "pps_vo_network_schools;2024;17;;wiskunde;https://x.nl\n"
        "pps_vo_network_schools;2024;58;;;https://x.nl\n",
        encoding="utf-8",
    )
    with factory() as session, session.begin():
        apply_import(
            session,
            parse_file(csv, load_catalogue(session)),
            source_name="dims.csv",
            origin=BY_TEST,
        )
    base = "/api/v1/indicators/pps_vo_network_schools/observations?from=2024&to=2024"
    assert client.get(base).json()["total"] == 3
    for dimension, value, figure in (
        ("network", "jet-net-technet", 41),
        ("subject", "wiskunde", 17),
    ):
        kept = client.get(f"{base}&{dimension}={value}").json()
        assert [o["value"] for o in kept["items"]] == [figure]
        assert kept["items"][0]["breakdown"] == {dimension: value}
        assert client.get(f"{base}&{dimension}=no-such-value").json()["total"] == 0


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("from=2015/16", 200),
        ("from=2019", 200),
        ("to=2019-Q4", 200),
        ("from=2100/01", 200),
        ("from=2019/21", 400),
        ("from=2019-2020", 400),
        ("from=1899", 400),
        ("to=2013-2021", 400),
    ],
)
def test_period_bounds_follow_the_documented_pattern(client, query: str, status: int) -> None:
    import re

    spec = client.get("/api/v1/openapi.json").json()
    params = spec["paths"]["/indicators/{code}/observations"]["get"]["parameters"]
    name, value = query.split("=")
    pattern = next(p["schema"]["pattern"] for p in params if p["name"] == name)
    assert bool(re.fullmatch(pattern, value)) == (status == 200)
    r = client.get(f"/api/v1/indicators/mbo_beta_share_intake/observations?{query}")
    assert r.status_code == status
