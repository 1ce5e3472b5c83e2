"""ETag and Cache-Control for reads: the figures change only on import, so clients and proxies
may keep a response for a few minutes and revalidate cheaply with If-None-Match."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

if TYPE_CHECKING:
    import asyncio

MAX_AGE = 300


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    tag = etag_for(body)
    # Vary is set by ResponseCache, which knows what it keys on
    common = {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    common |= headers or {}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers=common)


def cached_json(request: Request, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(jsonable_encoder(payload), ensure_ascii=False, separators=(",", ":")).encode()
    return cached(request, body, "application/json", headers)


Key = tuple[str, str, str, str]
Entry = tuple[Hashable, int, list[tuple[bytes, bytes]], bytes, int]
"""Data version, status, headers, body and the bytes the entry is counted for."""
ENTRY_OVERHEAD = 200
"""Bytes counted per entry beyond its texts: the tuples and dict slot that hold them."""


class ResponseCache:
    """Pure ASGI middleware keeping finished GET responses until the data changes.

    Pages are built from the database, which changes only through an import (often from another
    process, the CLI). Each request asks the database for its data version, the newest import
    (`changes.data_version`, one indexed lookup), and serves the stored response while that
    version holds.

    The cache is shared by every visitor, so what it keys on and what it stores are narrow:
    - the key is the path, the query, the day and `variant(headers)`: the one thing besides the
      URL a response varies on (the language cookie, as the pages read it), never a raw header,
      and the responses say so with `Vary: <vary>`;
    - a response that sets a cookie, or that says `no-store` or `private`, is passed on but
      never stored, so no visitor is ever sent another's cookie;
    - memory is bounded by `size` entries and by `max_bytes` (bodies, headers and keys), least
      recently used dropped first; 0 bytes stores nothing.
    """

    def __init__(
        self,
        app: Any,
        version: Any,
        variant: Callable[[list[tuple[bytes, bytes]]], str],
        vary: str = "Cookie",
        size: int = 512,
        max_bytes: int = 64 * 1024 * 1024,
        ttl: float = 1.0,
    ) -> None:
        self.app = app
        self._version = version
        self.variant = variant
        self.vary = vary.encode()
        self.size = size
        self.max_bytes = max_bytes
        self.ttl = ttl
        self._checked: tuple[float, Hashable] = (-1.0, -1)
        self._asking: asyncio.Future[Hashable] | None = None  # the question under way
        self.store: OrderedDict[Key, Entry] = OrderedDict()
        self.bytes = 0
        self.pending: dict[Key, Any] = {}

    async def version(self) -> Hashable:
        """The data version, asked of the database at most once per `ttl` seconds, off the
        event loop: an import shows within a second, and a busy site asks rarely."""
        import time

        checked_at, value = self._checked
        if time.monotonic() - checked_at > self.ttl:
            value = await self._ask_once()
        return value

    async def _ask_once(self) -> Hashable:
        """One question at a time: during a flood every request arriving after the `ttl` ran
        out would otherwise send its own, each taking a thread and a connection, and cached
        pages would wait behind them all (web/limits.py, docs/decisions.md "Load bounds")."""
        import asyncio
        import time

        import anyio

        asking = self._asking
        if asking is None:

            async def ask() -> Hashable:
                try:
                    value = await anyio.to_thread.run_sync(self._version)
                    self._checked = (time.monotonic(), value)
                    return value
                finally:
                    self._asking = None

            asking = self._asking = asyncio.ensure_future(ask())
        return await asyncio.shield(asking)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(("/static/", "/api/docs"))
        ):
            await self.app(scope, receive, send)
            return
        # today's date is part of the key: scheme statuses and deadlines change with the day
        key = (
            scope["path"],
            scope["query_string"].decode("latin-1"),
            _today(),
            self.variant(scope["headers"]),
        )
        version = await self.version()
        hit = self.store.get(key)
        if (hit is None or hit[0] != version) and key in self.pending:
            # another request is rendering this very page: wait for it (no stampede)
            await self.pending[key].wait()
            hit = self.store.get(key)
        if hit is not None and hit[0] == version:
            self.store.move_to_end(key)
            await _replay(hit, scope, send)
            return
        import asyncio

        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        done = self.pending.setdefault(key, asyncio.Event())

        async def capture(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = _with_vary(list(message.get("headers", [])), self.vary)
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and _storable(started):
                    self._keep(key, version, started["headers"], b"".join(chunks))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            if self.pending.get(key) is done:
                del self.pending[key]
            done.set()

    def _keep(self, key: Key, version: Hashable, headers: list, body: bytes) -> None:
        """Store a response, dropping the least recently used until it fits both bounds."""
        cost = (
            len(body)
            + sum(len(k) + len(v) for k, v in headers)
            + sum(len(part) for part in key)
            + ENTRY_OVERHEAD
        )
        if cost > self.max_bytes or self.size <= 0:
            return
        old = self.store.pop(key, None)
        if old is not None:
            self.bytes -= old[4]
        while self.store and (len(self.store) >= self.size or self.bytes + cost > self.max_bytes):
            _, dropped = self.store.popitem(last=False)
            self.bytes -= dropped[4]
        self.store[key] = (version, 200, headers, body, cost)
        self.bytes += cost


def _storable(started: dict[str, Any]) -> bool:
    """A 200 that sets no cookie and allows shared caching."""
    if started.get("status") != 200:
        return False
    for name, value in started.get("headers", []):
        name = name.lower()
        if name == b"set-cookie":
            return False
        if name == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
    return True


def _with_vary(headers: list[tuple[bytes, bytes]], vary: bytes) -> list[tuple[bytes, bytes]]:
    """`headers` whose Vary names `vary` as well as what it named already."""
    values = [value for name, value in headers if name.lower() == b"vary"]
    named = [part.strip() for value in values for part in value.split(b",")]
    if vary.lower() in {n.lower() for n in named}:
        return headers
    kept = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*kept, (b"vary", b", ".join([*[n for n in named if n], vary]))]


async def _replay(hit: Entry, scope: Any, send: Any) -> None:
    """Send a stored response, or a 304 when the client holds it already."""
    _, status, headers, body, _ = hit
    etag = next((v for k, v in headers if k == b"etag"), None)
    asked = next((v for k, v in scope["headers"] if k == b"if-none-match"), b"")
    if etag is not None and etag in asked:
        start = [h for h in headers if h[0] != b"content-length"]
        await send({"type": "http.response.start", "status": 304, "headers": start})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _today() -> str:
    from datetime import date

    return date.today().isoformat()
