"""Reading JSON from other services: retries with backoff, one clear error when it fails.

Shared by the RVO scheme feed and the Tweede Kamer sync. Server errors (5xx), 429, network
errors and unreadable JSON are retried (0.5 s, then 1 s); a 4xx other than 429 is final.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from techniekpact.errors import DomainError

RETRIES = 3


def get_json(
    client: httpx.Client,
    url: str,
    params: dict[str, Any] | None = None,
    *,
    what: str = "",
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    where = f"{url}{f' ({what})' if what else ''}"
    last = ""
    for attempt in range(RETRIES):
        try:
            response = client.get(url, params=params)
            if response.status_code < 500 and response.status_code != 429:
                if response.status_code >= 400:
                    raise DomainError(f"{where} gaf {response.status_code}; niets gewijzigd")
                return response.json()
            last = f"HTTP {response.status_code}"
        except (httpx.TransportError, ValueError) as exc:
            last = exc.__class__.__name__
        if attempt < RETRIES - 1:
            sleep(0.5 * 2**attempt)
    raise DomainError(f"{where}: {last}, ook na {RETRIES} pogingen; niets gewijzigd")
