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
