"""Page query strings read as a browser writes them: an empty field means "no filter".

A GET form sends every field it has, filled or not: the Regelingenwijzer sends
`employees=&turnover=&age=` for the questions the owner skipped, the Kamer filter sends
`kind=&status=` while "alle" is chosen. To the page that is the same as leaving the parameter
out. Rather than teaching every parameter type (numbers, dates, enumerations, patterns) that an
empty text is no value, the query string of a page request is cleaned once, before routing: a
`name=` pair whose value is empty or only spaces is dropped, every other pair is kept byte for
byte. Defaults then apply as if the field had not been sent, new pages and new fields get the
rule without doing anything, and the response cache and the share links see one URL for one
question.

The API (`/api/`) is not touched here: its parameters are documented in the OpenAPI document
and answered there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

SKIP = ("/api/", "/static/")


def drop_empty(query: bytes) -> bytes:
    """The query string without its empty pairs (`a=&b=1&c` gives `b=1`); the other pairs keep
    their exact encoding and order, so a clean query comes back unchanged."""
    if not query:
        return query
    kept = []
    for pair in query.split(b"&"):
        name, _, value = pair.partition(b"=")
        if not name or not unquote_plus(value.decode("latin-1")).strip():
            continue
        kept.append(pair)
    return b"&".join(kept)


class EmptyMeansAbsent:
    """Pure ASGI middleware applying `drop_empty` to every request outside `skip`."""

    def __init__(self, app: Any, skip: tuple[str, ...] = SKIP) -> None:
        self.app = app
        self.skip = skip

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self.skip):
            query = scope.get("query_string", b"")
            cleaned = drop_empty(query)
            if cleaned != query:
                scope = dict(scope, query_string=cleaned)
        await self.app(scope, receive, send)
