"""The HTTP side of the Tweede Kamer sync: the service's schema, pages and their checks.

One httpx client fetches `$metadata` (once per run) and every page, following
`@odata.nextLink` on our own root, with retries and backoff (`techniekpact.http`). An answer
that is not an OData collection of objects, though it came with status 200 (a bare array, an
HTML page, an empty or invalid body), is one clear error naming the URL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

import httpx

from techniekpact.errors import DomainError
from techniekpact.http import get_bytes, get_json
from techniekpact.i18n import _
from techniekpact.parliament.odata import Schema, parse_metadata

DEFAULT_ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
MAX_PAGES = 400


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return _("een JSON-lijst")
    if isinstance(value, str):
        return _("een tekst")
    if value is None:
        return "null"
    return _("een {kind}", kind=type(value).__name__)


@dataclass
class Client:
    root: str
    http: httpx.Client
    sleep: Callable[[float], None] = time.sleep
    _schema: Schema | None = field(default=None, init=False, repr=False)

    def schema(self) -> Schema:
        """The service's `$metadata`, read once per client (one sync run)."""
        if self._schema is None:
            url = self.root.rstrip("/") + "/$metadata"
            self._schema = parse_metadata(get_bytes(self.http, url, sleep=self.sleep), url)
        return self._schema

    def pages(self, entity: str, params: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
        """Each page's records, checked: an object with a `value` list of objects."""
        url: str | None = self.root.rstrip("/") + "/" + entity
        query: dict[str, str] | None = params
        for _page in range(MAX_PAGES):
            if url is None:
                return
            payload = get_json(self.http, url, query, sleep=self.sleep)
            where = url.split("?", 1)[0]
            if not isinstance(payload, dict):
                raise DomainError(
                    _(
                        "{where}: antwoord is geen OData-object maar {shape}; niets gewijzigd",
                        where=where,
                        shape=_shape(payload),
                    )
                )
            values = payload.get("value")
            if not isinstance(values, list):
                raise DomainError(
                    _("{where}: antwoord zonder 'value'-lijst; niets gewijzigd", where=where)
                )
            for position, value in enumerate(values, start=1):
                if not isinstance(value, dict):
                    raise DomainError(
                        _(
                            "{where}: record {position} is geen object maar {shape}; "
                            "niets gewijzigd",
                            where=where,
                            position=position,
                            shape=_shape(value),
                        )
                    )
            link = payload.get("@odata.nextLink")
            if link is not None and not isinstance(link, str):
                raise DomainError(
                    _("{where}: '@odata.nextLink' is geen URL; niets gewijzigd", where=where)
                )
            yield values
            url, query = self._next(link, params.get("$format")), None

    def _next(self, link: str | None, fmt: str | None = None) -> str | None:
        """Follow nextLink on our own root (a mirror or test server), keeping path and query.

        A next link need not repeat `$format`; without it the next page would come back in
        minimal metadata, where tkapi sees no relations, so it is added (as tkapi does)."""
        if not link:
            return None
        parts, root = urlsplit(link), urlsplit(self.root)
        query = parts.query
        if fmt and "$format" not in unquote(query):
            query += ("&" if query else "") + urlencode({"$format": fmt})
        return f"{root.scheme}://{root.netloc}{parts.path}" + (f"?{query}" if query else "")
