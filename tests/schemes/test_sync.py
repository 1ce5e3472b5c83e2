"""RVO feed sync against a local test server: paging, proposals, retries, and failures."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from techniekpact.errors import DomainError
from techniekpact.schemes import sync
from techniekpact.schemes.loader import bundled

RVO = "https://www.rvo.nl/subsidies-financiering"
PAGES = {
    0: [
        {
            "id": "1",
            "title": "Innovatiekrediet",
            "url": f"{RVO}/innovatiekrediet",
            "changed": "2026-10-01",
            "intro": "Lening voor ontwikkeling",
            "targets": ["mkb"],
            "unknown_field": {"x": 1},
        },
        {
            "id": "2",
            "title": "Vroegefasefinanciering (VFF) voor starters",
            "url": f"{RVO}/vff",
            "changed": "2026-09-01",
        },
    ],
    1: [
        {
            "id": "3",
            "title": "Waterstofregeling mkb",
            "url": f"{RVO}/waterstof-mkb",
            "changed": "2026-11-01",
            "type": "subsidie",
        }
    ],
    2: [],
}


class Feed(BaseHTTPRequestHandler):
    script: dict[int, list[int]] = {}  # page -> status codes to answer first
    served: list[int] = []

    def do_GET(self) -> None:  # noqa: N802
        page = int(parse_qs(urlparse(self.path).query).get("page", ["0"])[0])
        Feed.served.append(page)
        queue = Feed.script.get(page, [])
        status = queue.pop(0) if queue else 200
        body = json.dumps({"data": PAGES.get(page, [])} if status == 200 else {"error": 1}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_url() -> Iterator[str]:
    Feed.script, Feed.served = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v1/opendata/subsidies"
    server.shutdown()


def test_fetch_pages_and_compare(feed_url: str) -> None:
    with httpx.Client() as client:
        items = sync.fetch(feed_url, client, sleep=lambda s: None)
    assert [i.id for i in items] == ["1", "2", "3"]
    assert items[0].targets == ("mkb",)
    proposal = sync.compare(items, bundled())
    assert [i.title for i in proposal.new] == ["Waterstofregeling mkb"]
    assert proposal.changed == [
        {
            "code": "vff",
            "field": "name",
            "old": next(s.name for s in bundled() if s.code == "vff"),
            "new": "Vroegefasefinanciering (VFF) voor starters",
        }
    ]
    assert "seed-capital" in proposal.disappeared and "innovatiekrediet" not in proposal.disappeared
    draft = sync.as_catalogue_entries(proposal)
    assert draft[0]["source_url"].endswith("/waterstof-mkb")


def test_paging_that_repeats_itself_stops(feed_url: str, monkeypatch) -> None:
    monkeypatch.setitem(PAGES, 1, PAGES[0])  # a feed that ignores ?page
    with httpx.Client() as client:
        items = sync.fetch(feed_url, client, sleep=lambda s: None)
    assert [i.id for i in items] == ["1", "2"]


def test_transient_errors_are_retried(feed_url: str) -> None:
    Feed.script = {0: [503, 502]}
    waits: list[float] = []
    with httpx.Client() as client:
        items = sync.fetch(feed_url, client, sleep=waits.append)
    assert len(items) == 3 and waits == [0.5, 1.0]


def test_persistent_error_mid_sync_fails_clearly(feed_url: str) -> None:
    Feed.script = {1: [500, 500, 500]}
    with httpx.Client() as client, pytest.raises(DomainError) as err:
        sync.fetch(feed_url, client, sleep=lambda s: None)
    assert "pagina 1" in str(err.value) and "niets gewijzigd" in str(err.value)


def test_cli_sync_writes_nothing_on_failure(cli, feed_url: str, tmp_path: Path) -> None:
    ok = cli("schemes", "sync", "--url", feed_url, "--output", "voorstel.json", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["items"] == 3
    assert (
        json.loads((tmp_path / "voorstel.json").read_text())[0]["name"] == "Waterstofregeling mkb"
    )
    (tmp_path / "voorstel.json").unlink()
    Feed.script = {1: [500] * 10}
    failed = cli("schemes", "sync", "--url", feed_url, "--output", "voorstel.json")
    assert failed.returncode == 1 and failed.stderr.startswith("fout:")
    assert not (tmp_path / "voorstel.json").exists()


def test_online_link_check_reports_broken_links(feed_url: str) -> None:
    from dataclasses import replace

    from techniekpact.schemes.checks import links

    base = feed_url.rsplit("/api/", 1)[0]
    good = replace(bundled()[0], code="good", source_url=feed_url)
    Feed.script = {7: [404, 404]}
    broken = replace(bundled()[0], code="broken", source_url=f"{base}/weg?page=7")
    gone = replace(bundled()[0], code="gone", source_url="http://127.0.0.1:9/nergens")
    findings = {f.scheme: f.code for f in links([good, broken, gone], timeout=2)}
    assert findings == {"broken": "broken-link", "gone": "unreachable-link"}
