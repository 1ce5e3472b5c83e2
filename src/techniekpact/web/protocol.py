"""HTTP behaviour every response shares, as the outermost ASGI middleware.

It sits outside the response cache on purpose: a header added here is on every response,
whether the cache served it or the app rendered it. (Starlette's CORS middleware adds
`Access-Control-Allow-Origin` only when the request has an `Origin`, and sat inside the cache,
so a response cached for a request without `Origin` reached a later cross-origin client
without it.)

- CORS: the site and API are public and read-only and never use credentials, so every response
  carries `Access-Control-Allow-Origin: *`. The value does not depend on the request, so no
  `Vary: Origin` is needed and a cached response is right for every client. Preflight requests
  (OPTIONS with `Access-Control-Request-Method`) are answered here with 204.
- `API-Version` (NL API Design Rules, /core/version-header) on every response under /api/.
- HEAD is answered wherever GET is: the request goes through as GET and the body is dropped.
- Security headers (web/security.py) on every response, and a 431 for a request head past
  `MAX_HEADER_BYTES`, whatever server runs the app.
- It wraps even Starlette's server-error layer (`create_app` puts it there), so a 500 carries
  all of the above as well.
- A trailing slash on an API path is a 404 problem, not a redirect (/core/no-trailing-slash).
- An empty query value on the API (`?limit=`) means "no filter": it is taken out of the query
  before the app reads it; the names taken out are kept in the scope so that an unknown
  parameter is still refused even when empty.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

from techniekpact.web.security import MAX_HEADER_BYTES, header_bytes, security_headers

API_VERSION = "1.0.0"
"""The API's full version (semver); its major version is the `/v1` in the path."""
API_PREFIX = "/api/"
EMPTY_QUERY = "techniekpact.empty_query"
"""Scope key: names of API query parameters that were sent with an empty value."""
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
EXPOSED_HEADERS = "API-Version, ETag, Link, X-Total-Count"
CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
]


class PublicReads:
    """See the module docstring; `app` is the rest of the ASGI stack."""

    def __init__(self, app: Any, over_tls: bool = False) -> None:
        self.app = app
        self.over_tls = over_tls

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        api = path.startswith(API_PREFIX)
        extra = list(CORS_HEADERS)
        if api:
            extra.append((b"api-version", API_VERSION.encode()))
        tls = self.over_tls or scope.get("scheme") == "https"
        if header_bytes(scope) > MAX_HEADER_BYTES:
            await _respond(send, 431, *_too_large(api, scope), extra, tls)
            return
        headers = dict(scope["headers"])
        if scope["method"] == "OPTIONS" and b"access-control-request-method" in headers:
            await _respond(send, 204, b"", b"", extra + _preflight_headers(headers), tls)
            return
        if api and len(path) > len(API_PREFIX) and path.endswith("/"):
            body = problem_body(404, "Niet gevonden", "laat de slash aan het eind weg", path)
            await _respond(send, 404, body, PROBLEM, extra, tls)
            return
        head = scope["method"] == "HEAD"
        if head or (api and scope["query_string"]):
            scope = dict(scope)
            if head:
                scope["method"] = "GET"
            if api:
                scope["query_string"], scope[EMPTY_QUERY] = _without_empty(scope["query_string"])

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = _with(message.get("headers", []), extra, tls)
            elif head and message["type"] == "http.response.body":
                message = {"type": "http.response.body", "body": b"", "more_body": False}
                if sent_body:
                    return
                sent_body.append(True)
            await send(message)

        sent_body: list[bool] = []
        await self.app(scope, receive, send_with_headers)


def problem_body(status: int, title: str, detail: str, instance: str) -> bytes:
    """An RFC 9457 problem, the same shape as `errors.problem` writes."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return json.dumps(body | {"instance": instance}, ensure_ascii=False).encode()


def _preflight_headers(headers: dict[bytes, bytes]) -> list[tuple[bytes, bytes]]:
    asked = headers.get(b"access-control-request-headers", b"")
    out = [
        (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
        (b"access-control-max-age", b"86400"),
        (b"allow", ALLOWED_METHODS.encode()),
    ]
    if asked:
        # nothing is secret and no credentials are used: every asked header may be sent
        out.append((b"access-control-allow-headers", asked))
    return out


def _without_empty(query: bytes) -> tuple[bytes, list[str]]:
    """`query` without its empty values (`a=` or a bare `a`), the rest byte for byte."""
    kept, empty = [], []
    for part in query.split(b"&"):
        name, _, value = part.partition(b"=")
        if value:
            kept.append(part)
        elif name:
            empty.append(unquote_plus(name.decode("latin-1")))
    return (b"&".join(kept), empty) if empty else (query, [])


def _with(
    headers: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]], tls: bool
) -> list[tuple[bytes, bytes]]:
    """`headers` with `extra` in place of any of the same name, and the security headers."""
    names = {name for name, _ in extra}
    kept = [(k, v) for k, v in headers if k.lower() not in names]
    return kept + extra + security_headers(kept, tls)


def _too_large(api: bool, scope: Any) -> tuple[bytes, bytes]:
    """Body and media type of the 431 answer, in the language the query asks for (the cookie
    may be what made the head too large, so it is not read)."""
    from urllib.parse import parse_qs

    from techniekpact import i18n

    asked = parse_qs(scope["query_string"].decode("latin-1")).get("lang", [None])[-1]
    with i18n.using(asked):
        detail = i18n._(
            "de headers van de aanvraag zijn samen groter dan {limit} bytes",
            limit=MAX_HEADER_BYTES,
        )
        title = i18n._("Headers te groot")
    if api:
        return problem_body(431, title, detail, scope["path"]), PROBLEM
    return f"{title}: {detail}\n".encode(), b"text/plain; charset=utf-8"


PROBLEM = b"application/problem+json"


async def _respond(
    send: Any,
    status: int,
    body: bytes,
    media_type: bytes,
    extra: list[tuple[bytes, bytes]],
    tls: bool,
) -> None:
    headers = [(b"content-type", media_type)] if media_type else []
    headers = _with([*headers, (b"content-length", str(len(body)).encode())], extra, tls)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
