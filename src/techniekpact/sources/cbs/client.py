"""Reading one CBS StatLine table over OData v4 (https://odata4.cbs.nl/CBS/<table>/...).

A small client on httpx rather than a CBS library: the Python package `cbsodata` speaks the old
v3 API, and `cbsodata4` (0.1.3) brings pandas and pyarrow, caches every answer for the life of
the process and neither retries nor bounds a request (docs/decisions.md, "CBS StatLine").

What it does: the documented entity sets of a table (`Properties`, `Dimensions`,
`MeasureCodes`, `<Dimension>Codes`, `Observations`), every page of a set (following
`@odata.nextLink`, which must stay under the API root), retries with backoff on 5xx, 429 and
network errors (`techniekpact.http`, bounded), and one `SourceUnavailable` naming the URL when a
request still fails. Everything is read into memory before anything is written, so a failure
half-way through a table leaves the database as it was.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from techniekpact.errors import DomainError
from techniekpact.http import get_json
from techniekpact.i18n import _

# CBS table identifiers: 85353NED, 80416ned, 03742, 00371edu
TABLE_ID = re.compile(r"^[0-9]{5}[A-Za-z]{0,3}$")
# a table of a million observations in CBS's pages of 10,000 is 100 pages: far below this
MAX_PAGES = 2_000
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class SourceUnavailable(DomainError):
    """A request to CBS failed after its retries, or answered something that is no table."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass
class TableData:
    """Everything read from one table; `codes` per dimension identifier."""

    table_id: str
    url: str
    properties: dict[str, Any]
    dimensions: list[dict[str, Any]]
    measure_codes: list[dict[str, Any]]
    codes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    observations: list[dict[str, Any]] = field(default_factory=list)
    pages: int = 0


@dataclass
class CbsClient:
    """One API root (`--api-root`), one httpx client; `sleep` is the backoff's wait."""

    api_root: str
    http: httpx.Client
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0

    def table_url(self, table_id: str) -> str:
        return f"{self.api_root.rstrip('/')}/{table_id}"

    def get(self, url: str, params: dict[str, str] | None = None) -> Any:
        self.requests += 1
        try:
            return get_json(self.http, url, params, sleep=self.sleep)
        except DomainError as exc:
            raise SourceUnavailable(url, str(exc)) from exc

    def entity_set(self, url: str, params: dict[str, str] | None = None) -> tuple[list[Any], int]:
        """Every row of an OData collection, following `@odata.nextLink`; and the page count."""
        rows: list[Any] = []
        pages = 0
        root = self.api_root.rstrip("/") + "/"
        next_url: str | None = url
        while next_url is not None:
            if pages >= MAX_PAGES:
                raise SourceUnavailable(url, _("meer dan {n} pagina's", n=MAX_PAGES))
            payload = self.get(next_url, params if pages == 0 else None)
            pages += 1
            value = payload.get("value") if isinstance(payload, dict) else None
            if not isinstance(value, list):
                raise SourceUnavailable(next_url, _("geen OData-verzameling (geen 'value')"))
            rows.extend(value)
            link = payload.get("@odata.nextLink")
            if link is not None and (not isinstance(link, str) or not link.startswith(root)):
                # a next page elsewhere is not this table's: refused rather than followed
                raise SourceUnavailable(
                    next_url, _("volgende pagina buiten {root}: {link}", root=root, link=link)
                )
            next_url = link
        return rows, pages

    def metadata(self, table_id: str) -> TableData:
        """Properties, Dimensions, MeasureCodes and every dimension's Codes of a table."""
        url = self.table_url(table_id)
        properties = self.get(f"{url}/Properties")
        if not isinstance(properties, dict):
            raise SourceUnavailable(f"{url}/Properties", _("geen object met eigenschappen"))
        dimensions, _pages = self.entity_set(f"{url}/Dimensions")
        measures, _pages = self.entity_set(f"{url}/MeasureCodes")
        table = TableData(table_id, url, properties, dimensions, measures)
        for dimension in dimensions:
            identifier = str(dimension.get("Identifier", ""))
            table.codes[identifier], _pages = self.entity_set(f"{url}/{identifier}Codes")
        return table

    def observations(self, table: TableData, odata_filter: str | None) -> None:
        """Read the table's observations (those the filter selects) into `table`."""
        params = {"$filter": odata_filter} if odata_filter else None
        table.observations, table.pages = self.entity_set(f"{table.url}/Observations", params)


@contextmanager
def open_client(api_root: str, sleep: Callable[[float], None] = time.sleep) -> Iterator[CbsClient]:
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as http:
        yield CbsClient(api_root, http, sleep)
