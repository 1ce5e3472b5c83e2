"""Refuse a Host header the site does not own, in the reader's language.

Starlette's `TrustedHostMiddleware` answers "Invalid host header" in English only, as plain
text, on the API too. This guard does the same check (a name, or `*.example.nl` for every
subdomain; the port is ignored) and answers 400 like the site's other refusals: a problem
document on the API, a short text elsewhere, Dutch unless the query asks `lang=en`. It sits
inside `PublicReads` (web/protocol.py), so the refusal carries the security headers, and
outside the response cache, so a refused request is never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs

from techniekpact import i18n
from techniekpact.web.protocol import API_PREFIX, PROBLEM, problem_body


def host_allowed(host: str, allowed: Sequence[str]) -> bool:
    """Is `host` (a Host header's value, with or without a port) one of `allowed`?"""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip().lower().rstrip(".")
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class HostGuard:
    """See the module docstring."""

    def __init__(self, app: Any, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = [h.lower() for h in allowed_hosts]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        if host_allowed(host, self.allowed):
            await self.app(scope, receive, send)
            return
        body, media_type = _refusal(scope)
        headers = [(b"content-type", media_type), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _refusal(scope: Any) -> tuple[bytes, bytes]:
    asked = parse_qs(scope["query_string"].decode("latin-1")).get("lang", [None])[-1]
    with i18n.using(asked):
        title = i18n._("Onbekend adres")
        detail = i18n._(
            "deze site antwoordt niet op dit adres (de Host-header); gebruik het adres van de site"
        )
    if scope["path"].startswith(API_PREFIX):
        return problem_body(400, title, detail, scope["path"]), PROBLEM
    return f"{title}: {detail}\n".encode(), b"text/plain; charset=utf-8"
