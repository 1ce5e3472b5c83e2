"""One URL check for every stored address: the class of hostile links, refused by every import
(figures, schemes and their rules, Kamer items), with its position, and nothing stored; the syncs
drop such a link; the bundle passes the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from techniekpact import i18n
from techniekpact.changes import Origin
from techniekpact.parliament.items import Item, Kind
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.store import apply_sync, items, read_manual
from techniekpact.problems import ImportRejected
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.records import read
from techniekpact.schemes.sync import parse_item
from techniekpact.urls import MAX_URL_LENGTH, is_safe_url, url_problem
from tests.monitor.test_import import fingerprint, run_import, write
from tests.schemes.test_catalogue_import import GOOD

BY_TEST = Origin("test", "cli")

HOSTILE = {
    "javascript with a host": "javascript://www.rijksoverheid.nl/%0aalert(document.domain)",
    "javascript": "javascript:alert(1)",
    "mixed case": "JaVaScRiPt:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "data base64": "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "leading space": " https://www.cbs.nl/",
    "leading tab": "\thttps://www.cbs.nl/",
    "newline inside": "https://www.cbs.nl/\nx",
    "encoded newline before javascript": "%0ajavascript:alert(1)",
    "control character": "https://www.cbs.nl/\x01",
    "credentials": "https://user:secret@www.cbs.nl/",
    "user only": "https://user@www.cbs.nl/",
    "protocol-relative": "//evil.example/",
    "backslashes": "https:\\\\evil.example\\",
    "backslash after host": "https://www.cbs.nl\\@evil.example/",
    "double quote": 'https://www.cbs.nl/"onmouseover="alert(1)',
    "single quote": "https://www.cbs.nl/'x",
    "angle brackets": "https://www.cbs.nl/<script>",
    "no host": "https:///path",
    "scheme only": "https:",
    "no scheme": "www.cbs.nl/cijfers",
    "too long": "https://www.cbs.nl/" + "a" * MAX_URL_LENGTH,
    "bad port": "https://www.cbs.nl:99999/",
    "line separator": "https://www.cbs.nl/\u2028",
}
SAFE = [
    "https://www.cbs.nl/nl-nl/cijfers/detail/85313NED?dl=9B7D3#tabel",
    "http://statline.cbs.nl/",
    "HTTPS://WWW.CBS.NL/",
    "https://www.cbs.nl:8443/x",
    "https://[2001:db8::1]/x",
    "https://zoek.officielebekendmakingen.nl/kst-32637-433.html",
    "https://example.org/a%20b%0a",  # percent-encoded: harmless inside an http address
]


@pytest.mark.parametrize("url", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_addresses_are_refused_with_a_reason_in_both_languages(url: str) -> None:
    assert not is_safe_url(url)
    with i18n.using("nl"):
        dutch = url_problem(url)
    with i18n.using("en"):
        english = url_problem(url)
    assert dutch and english and dutch != english


@pytest.mark.parametrize("url", SAFE)
def test_ordinary_web_addresses_pass(url: str) -> None:
    assert url_problem(url) is None


def test_non_text_is_no_address() -> None:
    assert not is_safe_url(None) and not is_safe_url(["https://www.cbs.nl/"])


CLASS = ["javascript with a host", "mixed case", "credentials", "protocol-relative", "backslashes"]
CLASS += ["double quote", "data", "vbscript", "leading space"]


def _schemes(factory) -> tuple:  # type: ignore[no-untyped-def]
    with factory() as s:
        return tuple(s.execute(select(SchemeRecord.code, SchemeRecord.data)).all())


def _kamer(factory) -> tuple:  # type: ignore[no-untyped-def]
    with factory() as s:
        return tuple(s.execute(select(ParliamentItem.code, ParliamentItem.data)).all())


@pytest.mark.parametrize("name", CLASS)
def test_every_import_refuses_the_class_with_its_position(factory, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    url = HOSTILE[name]
    # figures: the tidy CSV layout (row 3: the second figure)
    before = fingerprint(factory)
    figures = write(
        tmp_path,
        "indicator;period;value;source_url\n"
        "mbo_beta_share_intake;2030/31;30;https://example.org/bron\n"
        f'mbo_beta_share_intake;2031/32;31;"{url.replace(chr(34), chr(34) * 2)}"\n',
    )
    if url != url.strip():  # the CSV reader trims cells: the right value, then
        assert run_import(factory, figures).new == 2
        with factory() as s:
            assert url.strip() in s.scalars(text("SELECT source_url FROM observation")).all()
    else:
        with pytest.raises(ImportRejected) as caught:
            run_import(factory, figures)
        (problem,) = caught.value.report.problems
        assert (problem.code, problem.row, problem.column) == ("bad-url", 3, "source_url")
        assert problem.found == url and problem.message.startswith("geen veilig webadres: ")
        assert fingerprint(factory) == before

    # schemes, JSON (item 2) and a rule's source (item 1)
    schemes_before = _schemes(factory)
    path = tmp_path / "regelingen.json"
    rule = dict(GOOD["rules"][0], source_url=url)  # type: ignore[call-overload]
    second = GOOD | {"code": "tweede", "source_url": url}
    path.write_text(json.dumps([GOOD | {"rules": [rule]}, second]), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read(path)
    found = {(p.code, p.row, p.column, p.found) for p in caught.value.report.problems}
    assert found == {("bad-url", 1, "rules[1].source_url", url), ("bad-url", 2, "source_url", url)}
    assert _schemes(factory) == schemes_before

    # Kamer items, YAML (item 1)
    kamer_before = _kamer(factory)
    path = tmp_path / "items.yaml"
    entry = {"code": "t-1", "kind": "commitment", "title": "T", "source_url": url}
    path.write_text(json.dumps({"items": [entry]}), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        read_manual(path)
    (problem,) = caught.value.report.problems
    assert (problem.code, problem.row, problem.column, problem.found) == (
        "bad-url",
        1,
        "source_url",
        url,
    )
    assert "items.yaml, rij 1, kolom 'source_url': geen veilig webadres" in str(problem)
    assert _kamer(factory) == kamer_before


def test_scheme_csv_refuses_a_bad_address_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "code;name;provider;kinds;purposes;source_url\n"
        "a;A;RVO;subsidie;innovatie;https://www.rvo.nl/a\n"
        "b;B;RVO;subsidie;innovatie;JaVaScRiPt:alert(1)\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        read(path)
    (problem,) = caught.value.report.problems
    assert (problem.code, problem.row, problem.column) == ("bad-url", 3, "source_url")
    with i18n.using("en"):
        with pytest.raises(ImportRejected) as caught:
            read(path)
        line = str(caught.value.report.problems[0])
    assert line.startswith(
        "r.csv, row 3, column 'source_url': not a safe web address: only http:// or https:// "
        "is allowed [bad-url]; expected: https://...; found: 'JaVaScRiPt:alert(1)'"
    )


def test_kamer_sync_drops_a_hostile_link_and_keeps_the_item(session) -> None:  # type: ignore[no-untyped-def]
    incoming = Item(
        code="motie-99999-1",
        kind=Kind.MOTION,
        title="Motie",
        text="",
        tk_id="11111111-0000-4000-8000-000000000001",
        source_url=HOSTILE["javascript with a host"],
        origin="sync",
    )
    result = apply_sync(session, [incoming], 0, "test", origin=BY_TEST)
    assert result.new == 1
    (stored,) = [i for i in items(session) if i.code == "motie-99999-1"]
    assert stored.source_url == ""


def test_scheme_sync_drops_a_hostile_link() -> None:
    item = parse_item({"id": 1, "title": "X", "url": HOSTILE["protocol-relative"]})
    assert item.url == ""
    assert parse_item({"id": 1, "title": "X", "url": SAFE[0]}).url == SAFE[0]


def test_every_bundled_address_passes(session) -> None:  # type: ignore[no-untyped-def]
    """The seeded database (the bundle, through the seed's own check) holds no bad address."""
    urls = [
        *session.scalars(text("SELECT source_url FROM observation")),
        *session.scalars(text("SELECT source_url FROM indicator")),
        *session.scalars(text("SELECT source_url FROM goal")),
        *session.scalars(text("SELECT source_url FROM framework")),
        *session.scalars(text("SELECT source_url FROM target")),
    ]
    for data in session.scalars(select(SchemeRecord.data)):
        record = json.loads(data)
        urls += [record["source_url"], *(r["source_url"] for r in record["rules"])]
    urls += [json.loads(d)["source_url"] for d in session.scalars(select(ParliamentItem.data))]
    assert len(urls) > 600
    assert [u for u in urls if u and not is_safe_url(u)] == []
    assert session.scalar(select(func.count()).select_from(ParliamentItem)) == 5
