"""ETag and Cache-Control for reads: the figures change only on import, so clients and proxies
may keep a response for a few minutes and revalidate cheaply with If-None-Match."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

MAX_AGE = 300


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    tag = etag_for(body)
    common = {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE}", "Vary": "Accept-Language"}
    common |= headers or {}
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=common)
    return Response(body, media_type=media_type, headers=common)


def cached_json(request: Request, payload: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(jsonable_encoder(payload), ensure_ascii=False, separators=(",", ":")).encode()
    return cached(request, body, "application/json", headers)


class ResponseCache:
    """Pure ASGI middleware keeping finished GET responses until the data changes.

    Pages are built from the database, which changes only through an import (often from another
    process, the CLI). Each request asks the database for its data version, the highest import
    id (one indexed lookup), and serves the stored response while that version holds. Memory is
    bounded: at most `size` responses, oldest dropped first.
    """

    def __init__(self, app: Any, version: Any, size: int = 512, ttl: float = 1.0) -> None:
        self.app = app
        self._version = version
        self.size = size
        self.ttl = ttl
        self._checked = (-1.0, -1)
        self.store: dict[tuple[str, str, str], tuple[int, int, list, bytes]] = {}
        self.pending: dict[tuple[str, str, str], Any] = {}

    async def version(self) -> int:
        """The data version, asked of the database at most once per `ttl` seconds, off the
        event loop: an import shows within a second, and a busy site asks rarely."""
        import time

        checked_at, value = self._checked
        if time.monotonic() - checked_at > self.ttl:
            value = await self._ask_once()
        return value

    async def _ask_once(self) -> int:
        """One question at a time: during a flood every request arriving after the `ttl` ran
        out would otherwise send its own, each taking a thread and a connection, and cached
        pages would wait behind them all (web/limits.py, docs/decisions.md "Load bounds")."""
        import asyncio
        import time

        import anyio

        asking = getattr(self, "_asking", None)
        if asking is None:

            async def ask() -> int:
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
        headers = dict(scope["headers"])
        # today's date is part of the key: scheme statuses and deadlines change with the day
        key = (
            scope["path"],
            scope["query_string"].decode() + "|" + _today(),
            headers.get(b"cookie", b"").decode(),
        )
        version = await self.version()
        hit = self.store.get(key)
        if (hit is None or hit[0] != version) and key in self.pending:
            # another request is rendering this very page: wait for it (no stampede)
            await self.pending[key].wait()
            hit = self.store.get(key)
        if hit is not None and hit[0] == version:
            _, status, response_headers, body = hit
            etag = next((v for k, v in response_headers if k == b"etag"), None)
            if etag is not None and etag in headers.get(b"if-none-match", b""):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 304,
                        "headers": [h for h in response_headers if h[0] != b"content-length"],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            await send(
                {"type": "http.response.start", "status": status, "headers": response_headers}
            )
            await send({"type": "http.response.body", "body": body})
            return
        import asyncio

        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        done = self.pending.setdefault(key, asyncio.Event())

        async def capture(message: Any) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    if len(self.store) >= self.size:
                        self.store.pop(next(iter(self.store)))
                    self.store[key] = (version, 200, list(started["headers"]), b"".join(chunks))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            if self.pending.get(key) is done:
                del self.pending[key]
            done.set()


def _today() -> str:
    from datetime import date

    return date.today().isoformat()
