"""Page query parameters as browsers send them, and the pages about the site itself.

A GET form sends every field, filled or not (`employees=&kind=`); to a page an empty value
means "no filter". The routes and their parameters are read from the app itself, so a new page
or a new parameter is covered without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute

from techniekpact.settings import PLACEHOLDER_CONTACT_EMAIL, Settings
from techniekpact.web.app import create_app
from techniekpact.web.query import drop_empty

# A real value for each path parameter of a page route; a new route with a path parameter
# needs its sample here (the test says so).
SAMPLES = {
    "/goals/{code}": {"code": "2013-AL1-WT"},
    "/indicators/{code}": {"code": "havovwo_nprofile_share_gender"},
    "/schemes/{code}": {"code": "wbso"},
    "/parliament/{code}": {"code": "motie-32637-391"},
}
INFO_PAGES = ("/contact", "/privacy", "/accessibility")


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI >= 0.120 keeps included routers
            yield from _routes(route.original_router.routes)


def _query_names(dependant: Any) -> list[str]:
    names = [p.alias for p in dependant.query_params]
    for sub in dependant.dependencies:
        names += _query_names(sub)
    return names


def page_routes() -> list[tuple[str, list[str]]]:
    """Every GET page of the site (not the API) with the query parameters it declares."""
    app = create_app(Settings(database_url="sqlite://"))
    return [
        (route.path, sorted(set(_query_names(route.dependant))))
        for route in _routes(app.routes)
        if "GET" in route.methods and not route.path.startswith("/api/")
    ]


def _concrete(path: str) -> str:
    if "{" not in path:
        return path
    template = next((t for t in SAMPLES if path.startswith(t)), None)
    assert template is not None, f"add a sample for the path parameters of {path} to SAMPLES"
    for name, value in SAMPLES[template].items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, path
    return path


def test_the_route_list_is_real() -> None:
    routes = dict(page_routes())
    assert len(routes) >= 15
    assert routes["/schemes"] == sorted(
        ["q", "province", "sector", "employees", "turnover", "age", "legal_form"]
        + ["purpose", "kind", "open_now", "all"]
    )
    assert routes["/parliament"] == ["dossier", "due_before", "kind", "ministry", "status"]
    assert set(INFO_PAGES) <= set(routes)


@pytest.mark.parametrize(("path", "names"), [pytest.param(*r, id=r[0]) for r in page_routes()])
def test_every_page_query_parameter_sent_empty_gives_200(
    client, path: str, names: list[str]
) -> None:
    url = _concrete(path)
    params = [(name, "") for name in [*names, "lang"]]
    params += [(name, " ") for name in names]  # a space typed into a field is no answer either
    for query in ([], params, [(n, v) for n, v in params if v == ""] * 2):
        response = client.get(url, params=query)
        assert response.status_code == 200, (url, query, response.text[:300])
        if response.headers["content-type"].startswith("text/html"):
            assert '<html lang="nl">' in response.text


def test_empty_fields_give_the_same_page_as_absent_ones(client) -> None:
    browser = (
        "/schemes?lang=nl&province=PV25&sector=&employees=&turnover=&age=&legal_form=&q=scholing"
    )
    assert client.get(browser).text == client.get("/schemes?lang=nl&province=PV25&q=scholing").text
    # the share link of the result is the clean URL, relative (no base URL set: never the Host)
    assert 'href="/schemes?lang=nl&amp;province=PV25&amp;q=scholing"' in (client.get(browser).text)
    kamer = client.get("/parliament?kind=&status=&dossier=&ministry=&due_before=").text
    assert kamer == client.get("/parliament").text


def test_filled_fields_still_filter_and_bad_ones_are_still_refused(client) -> None:
    def count(query: str) -> int:
        html = client.get(f"/parliament?{query}").text
        return int(re.search(r'<caption id="kamer-tabel">(\d+)', html).group(1))

    assert 0 < count("kind=motion&status=") == count("kind=motion") < count("kind=&status=")
    assert count("kind=motion") + count("kind=commitment") == count("")
    assert client.get("/schemes?employees=twaalf").status_code == 400
    assert client.get("/parliament?kind=wet").status_code == 400


def test_an_answer_of_zero_and_show_everything_alone_are_questions(client) -> None:
    def heading(url: str) -> list[str]:
        return re.findall(r'<h2 id="uitkomst">(\d+)', client.get(url).text)

    assert heading("/schemes") == []
    assert heading("/schemes?employees=0") != []
    assert heading("/schemes?all=true") == ["50"]  # the whole bundled catalogue


def test_drop_empty_keeps_every_other_pair_byte_for_byte() -> None:
    assert drop_empty(b"") == b""
    assert drop_empty(b"a=&b=1&c&&=x&d=%20+&e=%C3%A9") == b"b=1&e=%C3%A9"
    assert drop_empty(b"q=a+b&purpose=&purpose=scholing") == b"q=a+b&purpose=scholing"
    assert drop_empty(b"from=2015%2F16&to=2019/20") == b"from=2015%2F16&to=2019/20"


def test_api_parameters_are_left_to_the_api(client) -> None:
    # the page rule stops at /api/: the API documents and answers its own parameters
    assert client.get("/api/v1/schemes?employees=twaalf").status_code == 400
    assert client.get("/api/v1/schemes?employees=12").status_code == 200


@pytest.mark.parametrize("path", ["/", "/indicators", "/schemes", "/parliament/motie-32637-391"])
def test_footer_links_to_contact_privacy_and_accessibility(client, path: str) -> None:
    for lang, labels in {
        "nl": ("Contact", "Privacy", "Toegankelijkheid"),
        "en": ("Contact", "Privacy", "Accessibility"),
    }.items():
        html = client.get(path, params={"lang": lang}).text
        footer = html[html.index("<footer") :]
        for href, label in zip(INFO_PAGES, labels, strict=True):
            assert re.search(rf'<a href="{href}"[^>]*>{label}</a>', footer), (path, lang, href)


@pytest.mark.parametrize("path", INFO_PAGES)
def test_info_pages_in_both_languages_with_the_placeholder_said_plainly(client, path) -> None:
    nl = client.get(path, params={"lang": "nl"})
    en = client.get(path, params={"lang": "en"})
    assert nl.status_code == en.status_code == 200
    assert '<html lang="nl">' in nl.text and '<html lang="en">' in en.text
    for page in (nl, en):
        assert f'href="mailto:{PLACEHOLDER_CONTACT_EMAIL}"' in page.text
        assert "TECHNIEKPACT_CONTACT_EMAIL" in page.text  # "this is a placeholder" notice
    assert "voorbeeldadres" in nl.text and "placeholder address" in en.text


def test_info_pages_use_the_configured_role_address_and_operator(database_url: str) -> None:
    from fastapi.testclient import TestClient

    settings = Settings(
        database_url=database_url,
        contact_email="techniekpact@ministerie.example.nl",
        operator="Ministerie van Voorbeeldzaken",
    )
    with TestClient(create_app(settings)) as configured:
        for path in INFO_PAGES:
            html = configured.get(path).text
            assert 'href="mailto:techniekpact@ministerie.example.nl"' in html
            assert (
                "TECHNIEKPACT_CONTACT_EMAIL" not in html and PLACEHOLDER_CONTACT_EMAIL not in html
            )
        assert "Ministerie van Voorbeeldzaken" in configured.get("/privacy").text


def test_settings_read_the_contact_address_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("TECHNIEKPACT_CONTACT_EMAIL", "monitor@example.org")
    monkeypatch.setenv("TECHNIEKPACT_OPERATOR", "Voorbeeldorganisatie")
    settings = Settings()
    assert (settings.contact_email, settings.operator) == (
        "monitor@example.org",
        "Voorbeeldorganisatie",
    )


def test_accessibility_statement_follows_the_model(client) -> None:
    """The parts of the Dutch government's model statement, in both languages."""
    nl = client.get("/accessibility?lang=nl").text
    for part in (
        "Nalevingsstatus",
        "Status C: eerste maatregelen genomen",
        "WCAG 2.1 op niveau A en AA",
        "Hoe de website is getest",
        "axe-core",
        "Handmatig",
        "Bekende problemen",
        "Een probleem melden",
        "Nationale ombudsman",
        "opgesteld op 1 december 2026",
    ):
        assert part in nl, part
    en = client.get("/accessibility?lang=en").text
    for part in (
        "Compliance status",
        "Status C: first measures taken",
        "How the website was tested",
        "Known problems",
        "Reporting a problem",
        "drawn up on 1 December 2026",
    ):
        assert part in en, part
