"""API contract: every endpoint, its envelope, caching headers, filters and problem details."""

from __future__ import annotations

import pytest

from techniekpact.changes import Origin

BY_TEST = Origin("test", "cli")

ENDPOINTS = [
    "/api/v1/frameworks",
    "/api/v1/goals",
    "/api/v1/indicators",
    "/api/v1/indicators/mbo_beta_share_intake/observations",
    "/api/v1/targets",
    "/api/v1/assessments",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_list_endpoints_are_paged_cached_and_cors(client, path: str) -> None:
    r = client.get(path, headers={"Origin": "https://example.org"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"items", "total", "limit", "offset", "_links"}
    assert body["total"] == int(r.headers["X-Total-Count"]) >= len(body["items"]) > 0
    assert r.headers["Cache-Control"].startswith("public")
    assert r.headers["access-control-allow-origin"] == "*"
    again = client.get(path, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_pagination_links(client) -> None:
    first = client.get("/api/v1/indicators?limit=10").json()
    assert len(first["items"]) == 10 and "next" in first["_links"]
    second = client.get(first["_links"]["next"]["href"]).json()
    assert second["offset"] == 10
    assert {i["code"] for i in first["items"]}.isdisjoint({i["code"] for i in second["items"]})
    assert "prev" in second["_links"]


def test_indicator_and_goal_detail(client) -> None:
    ind = client.get("/api/v1/indicators/mbo_beta_share_intake").json()
    assert (
        ind["unit"] == "%" and ind["observations"] > 5 and ind["dimensions"] == ["education_level"]
    )
    goal = client.get("/api/v1/goals/2013-AL1-WT").json()
    assert goal["goal"]["framework"] == "tp2013"
    assert any(s["to_code"] == "2016-D1" for s in goal["forward"])


def test_observation_filters(client) -> None:
    base = "/api/v1/indicators/havovwo_nprofile_share_gender/observations"
    women = client.get(f"{base}?sex=female&limit=1000").json()["items"]
    assert women and all(o["breakdown"]["sex"] == "female" for o in women)
    ranged = client.get(f"{base}?from=2015/16&to=2019/20&limit=1000").json()["items"]
    assert ranged and all("2015/16" <= o["period"] <= "2019/20" for o in ranged)
    totals = client.get("/api/v1/indicators/mbo_beta_share_intake/observations?total=true").json()
    assert all(o["breakdown"] == {} for o in totals["items"])
    assert all(o["source_url"].startswith("http") for o in totals["items"])


def test_assessment_fields_match_the_cli_json(client) -> None:
    items = client.get("/api/v1/assessments").json()["items"]
    keys = {
        "status",
        "score",
        "progress_value",
        "cagr_observed",
        "cagr_required",
        "base_year",
        "current_year",
        "projection",
    }
    assert all(keys <= set(i["assessment"]) for i in items)
    eurostat = client.get("/api/v1/assessments?method=eurostat-short").json()["items"]
    assert {i["assessment"]["method"] for i in eurostat} == {"eurostat-short"}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/indicators/does_not_exist", 404),
        ("/api/v1/goals/NOPE", 404),
        ("/api/v1/indicators?limit=0", 400),
        ("/api/v1/indicators/mbo_beta_share_intake/observations?from=2013-2021", 400),
        ("/api/v1/assessments?method=magic", 400),
    ],
)
def test_errors_are_problem_details(client, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"]


def test_openapi_document_and_docs_page(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.0.") and spec["info"]["version"] == "1.0.0"
    assert spec["servers"] == [{"url": "/api/v1", "description": "Deze server. This server."}]
    paths = spec["paths"]
    for path in (
        "/goals",
        "/frameworks",
        "/indicators",
        "/indicators/{code}",
        "/indicators/{code}/observations",
        "/targets",
        "/assessments",
        "/openapi.json",
    ):
        assert path in paths
        assert paths[path]["get"]["summary"] and paths[path]["get"]["description"]
    assert not any(p.endswith("/") for p in paths)
    docs = client.get("/api/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_cached_responses_follow_an_import(client, factory, tmp_path) -> None:
    from techniekpact.monitor.importers import parse_file
    from techniekpact.monitor.store import apply_import, load_catalogue

    path = "/api/v1/indicators/mbo_beta_share_intake"
    before = client.get(path).json()["observations"]
    assert client.get(path).json()["observations"] == before  # served from the cache
    csv = tmp_path / "new.csv"
    csv.write_text(
        "indicator;period;value;source_url\nmbo_beta_share_intake;2030/31;31;https://x.nl\n",
        encoding="utf-8",
    )
    with factory() as session, session.begin():
        apply_import(
            session, parse_file(csv, load_catalogue(session)), source_name="new.csv", origin=BY_TEST
        )
    import time

    time.sleep(1.1)  # the data version is checked at most once a second
    assert client.get(path).json()["observations"] == before + 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/goals?framework=%00",
        "/api/v1/goals/2013-AL1%00",
        "/api/v1/indicators/mbo_beta_share_intake/observations?region=PV2%000",
        "/search?q=%00",
    ],
)
def test_a_nul_character_is_refused_with_400_not_a_server_error(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "NUL" in response.json()["detail"]
