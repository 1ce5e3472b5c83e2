"""A local stand-in for the Tweede Kamer's OData service, for sync tests.

It serves a `$metadata` document and canned pages, and refuses (400, as an OData server does)
any query whose `$expand` or lambda (`X/any(...)`) names something that is not a navigation
property of the entity in that `$metadata`. The schema is read here with the standard library,
independently of the code under test.
"""

from __future__ import annotations

import json
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

ASSETS = Path(__file__).resolve().parents[1] / "assets"
RECORDED = ASSETS / "tk-recorded"
EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
REAL_ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"


def recorded_metadata() -> bytes:
    return (RECORDED / "metadata.recorded.xml").read_bytes()


def metadata_with_letter_relation() -> bytes:
    """The other shape another public client knows: KamerbriefNakoming as a Document relation
    (the recorded document with that one property changed)."""
    text = recorded_metadata().decode()
    prop = '<Property Name="KamerbriefNakoming" Type="Edm.String" />'
    assert prop in text
    nav = (
        '<NavigationProperty Name="KamerbriefNakoming" '
        'Type="Collection(TK.DA.GGM.OData.Document)" />'
    )
    return (
        text.replace(prop, "")
        .replace(
            '<NavigationProperty Name="Activiteit" Type="Collection(TK.DA.GGM.OData.Activiteit)" />'
            '<NavigationProperty Name="ToegezegdAanFractie"',
            '<NavigationProperty Name="Activiteit" Type="Collection(TK.DA.GGM.OData.Activiteit)" />'
            + nav
            + '<NavigationProperty Name="ToegezegdAanFractie"',
        )
        .encode()
    )


def navigations(metadata: bytes) -> dict[str, dict[str, tuple[str, bool]]]:
    """entity type -> navigation name -> (target type, is a collection)."""
    try:
        root = ET.fromstring(metadata)
    except ET.ParseError:  # a broken $metadata is served as it is; no queries are valid
        return {}
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for entity in root.iter(f"{EDM}EntityType"):
        navs = {}
        for nav in entity.iter(f"{EDM}NavigationProperty"):
            kind = nav.get("Type", "")
            target = kind.removeprefix("Collection(").removesuffix(")").rsplit(".", 1)[-1]
            navs[nav.get("Name", "")] = (target, kind.startswith("Collection("))
        out[entity.get("Name", "")] = navs
    return out


def _split(text: str) -> list[str]:
    """Top-level comma-separated clauses (commas inside parentheses stay)."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [p.strip() for p in [*parts, current] if p.strip()]


def refusal(schema: dict[str, dict[str, tuple[str, bool]]], entity: str, query: dict) -> str:
    """The OData error for a query this schema refuses, or "" when it is valid."""
    navs = schema.get(entity, {})
    for name in re.findall(r"\b([A-Za-z]+)/(?:any|all)\(", query.get("$filter", "")):
        if not navs.get(name, ("", False))[1]:
            return (
                f"The parent value for a property access of a property '{name}' is not a "
                f"collection on type 'TK.DA.GGM.OData.{entity}'."
            )
    for clause in _split(query.get("$expand", "")):
        name, _, options = clause.partition("(")
        if name not in navs:
            return (
                f"Property '{name}' on type 'TK.DA.GGM.OData.{entity}' is not a navigation "
                "property or complex property. Only navigation properties can be expanded."
            )
        inner: dict[str, str] = {}
        for option in re.split(r";(?=\$)", options.removesuffix(")")):
            key, _, value = option.partition("=")
            if key:
                inner[key] = value
        problem = refusal(schema, navs[name][0], inner)
        if problem:
            return problem
    return ""


Pages = Callable[[str, dict[str, str], str], Any]  # (entity, query, root) -> body


@dataclass
class Server:
    root: str
    metadata: bytes
    answer: Pages
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@contextmanager
def serve(answer: Pages, metadata: bytes | None = None) -> Iterator[Server]:
    """Serve `answer(entity, query, root)` for each entity request: a dict or list is sent as
    JSON, bytes as they are; `$metadata` comes from `metadata` (the recorded one by default)."""
    state = Server("", metadata if metadata is not None else recorded_metadata(), answer)
    schema = navigations(state.metadata)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            entity = url.path.rsplit("/", 1)[-1]
            state.requests.append((entity, query))
            if entity == "$metadata":
                self._send(200, state.metadata, "application/xml")
                return
            problem = refusal(schema, entity, query)
            if problem:
                state.refused.append(problem)
                body = {"error": {"code": "", "message": problem}}
                self._send(400, json.dumps(body).encode(), "application/json")
                return
            result = state.answer(entity, query, state.root)
            if result is None:
                self._send(404, b"", "text/plain")
                return
            data = result if isinstance(result, bytes) else json.dumps(result).encode()
            self._send(200, data, "application/json; odata.metadata=minimal")

        def _send(self, code: int, data: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.root = f"http://127.0.0.1:{server.server_address[1]}/OData/v4/2.0/"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def recorded_zaken() -> list[list[dict[str, Any]]]:
    """The three recorded pages' records, as stored (the `value` arrays)."""
    return [
        json.loads((RECORDED / f"zaak-moties-page{n}.recorded.json").read_text(encoding="utf-8"))
        for n in (2, 3, 4)
    ]


def paged(pages: list[list[dict[str, Any]]], entity: str, query: dict[str, str]) -> dict:
    """One page in the service's envelope; `$skip` picks the page and the next link points at
    the real host, as the service's own links do (the client must keep to its own root)."""
    size = 250
    index = int(query.get("$skip", "0")) // size
    body: dict[str, Any] = {
        "@odata.context": f"{REAL_ROOT}$metadata#{entity}",
        "value": pages[index],
    }
    if index + 1 < len(pages):
        body["@odata.nextLink"] = f"{REAL_ROOT}{entity}?$skip={(index + 1) * size}"
    return body
