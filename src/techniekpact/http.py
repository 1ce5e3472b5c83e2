"""Reading JSON from other services: retries with backoff, one clear error when it fails.

Shared by the RVO scheme feed and the Tweede Kamer sync. Server errors (5xx), 429, network
errors and unreadable JSON are retried (0.5 s, then 1 s); a 4xx other than 429 is final. The
final message names the URL and what came back (a 200 with an HTML page is "geen JSON").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from techniekpact.errors import DomainError
from techniekpact.i18n import _

RETRIES = 3


def _unreadable(response: httpx.Response) -> str:
    """What a body that is not JSON looks like, in one short line."""
    text = " ".join(response.text.split())
    if not text:
        return _("leeg antwoord")
    return _("geen JSON (begint met {start!r})", start=text[:40])


def _get(
    client: httpx.Client,
    url: str,
    params: dict[str, Any] | None,
    read: Callable[[httpx.Response], Any],
    what: str,
    sleep: Callable[[float], None],
) -> Any:
    where = f"{url}{f' ({what})' if what else ''}"
    last = ""
    for attempt in range(RETRIES):
        try:
            response = client.get(url, params=params)
            if response.status_code < 500 and response.status_code != 429:
                if response.status_code >= 400:
                    raise DomainError(
                        _(
                            "{where} gaf {status}; niets gewijzigd",
                            where=where,
                            status=response.status_code,
                        )
                    )
                try:
                    return read(response)
                except ValueError:
                    last = _unreadable(response)
            else:
                last = f"HTTP {response.status_code}"
        except httpx.TransportError as exc:
            last = exc.__class__.__name__
        if attempt < RETRIES - 1:
            sleep(0.5 * 2**attempt)
    raise DomainError(
        _(
            "{where}: {last}, ook na {n} pogingen; niets gewijzigd",
            where=where,
            last=last,
            n=RETRIES,
        )
    )


def get_json(
    client: httpx.Client,
    url: str,
    params: dict[str, Any] | None = None,
    *,
    what: str = "",
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    return _get(client, url, params, lambda r: r.json(), what, sleep)


def get_bytes(
    client: httpx.Client,
    url: str,
    params: dict[str, Any] | None = None,
    *,
    what: str = "",
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The raw body (e.g. an XML document), with the same retries and errors."""
    return _get(client, url, params, lambda r: r.content, what, sleep)
