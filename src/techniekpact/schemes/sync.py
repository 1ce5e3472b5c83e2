"""RVO open-data feed of schemes -> a proposal for editors (never applied automatically).

The feed (CC0; default https://www.rvo.nl/api/v1/opendata/subsidies) gives per item: id, title,
intro, sectors, subjects, targets, type, url, changed; no status, deadlines or amounts (those
are only on the scheme's HTML page; research note regelingen-pps.md 1.1). The sync compares the
feed with the catalogue and proposes: new schemes, changed titles/links, and catalogue schemes
from RVO that the feed no longer lists. Transient errors are retried with backoff; any failure
stops the sync before anything is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from rapidfuzz import fuzz

from techniekpact.errors import DomainError
from techniekpact.http import get_json
from techniekpact.i18n import _
from techniekpact.schemes.catalogue import Scheme
from techniekpact.urls import is_safe_url

DEFAULT_URL = "https://www.rvo.nl/api/v1/opendata/subsidies"
MAX_PAGES = 200


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    intro: str
    url: str
    changed: str
    type: str = ""
    targets: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()


@dataclass
class Proposal:
    new: list[FeedItem] = field(default_factory=list)
    changed: list[dict[str, str]] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)
    pages: int = 0
    items: int = 0


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v.get("name", v) if isinstance(v, dict) else v) for v in value)
    return (str(value),) if value else ()


def _url(value: Any) -> str:
    """The feed's link, only when it passes the one URL check: a proposal's `source_url`
    becomes a link on the site once an editor imports it."""
    return value if is_safe_url(value) else ""


def parse_item(raw: dict[str, Any]) -> FeedItem:
    return FeedItem(
        id=str(raw.get("id", "")),
        title=str(raw.get("title", "")).strip(),
        intro=str(raw.get("intro", "") or "").strip(),
        url=_url(raw.get("url")),
        changed=str(raw.get("changed", "") or ""),
        type=str(raw.get("type", "") or ""),
        targets=_texts(raw.get("targets")),
        subjects=_texts(raw.get("subjects")),
    )


def _items_of(payload: Any) -> list[dict[str, Any]]:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("data", "items", "results", "subsidies"):
            if isinstance(payload.get(key), list):
                return payload[key]
    raise DomainError(_("onverwacht antwoord van de feed: geen lijst met regelingen"))


def fetch(
    url: str, client: httpx.Client, sleep: Callable[[float], None] = time.sleep
) -> list[FeedItem]:
    """Every page of the feed. Stops at an empty page, or when a page repeats the previous one
    (clients report that the API may ignore paging)."""
    items: list[FeedItem] = []
    seen: set[str] = set()
    for page in range(MAX_PAGES):
        raw = _get(client, url, {"page": page}, sleep)
        batch = [parse_item(r) for r in _items_of(raw) if isinstance(r, dict)]
        fresh = [i for i in batch if i.id not in seen]
        if not fresh:
            break
        items.extend(fresh)
        seen.update(i.id for i in fresh)
    return items


def _get(
    client: httpx.Client, url: str, params: dict[str, Any], sleep: Callable[[float], None]
) -> Any:
    return get_json(client, url, params, what=f"pagina {params['page']}", sleep=sleep)


SECTIONS = ("subsidies-financiering", "subsidies-regelingen", "subsidie-en-financieringswijzer")


def _slug(url: str) -> str:
    """The scheme's own path segment on rvo.nl (sub-pages such as /voorwaarden ignored)."""
    parts = [p for p in httpx.URL(url).path.lower().split("/") if p] if url else []
    if len(parts) >= 2 and parts[0] in SECTIONS:
        return parts[1]
    return parts[-1] if parts else ""


def compare(feed: Sequence[FeedItem], schemes: Sequence[Scheme]) -> Proposal:
    proposal = Proposal(items=len(feed))
    rvo = [s for s in schemes if "rvo.nl" in s.source_url]
    matched: set[str] = set()
    for item in feed:
        match = next(
            (s for s in schemes if item.url and _slug(s.source_url) == _slug(item.url)), None
        )
        if match is None:
            best = max(
                schemes,
                key=lambda s: fuzz.token_sort_ratio(s.name.lower(), item.title.lower()),
                default=None,
            )
            if best and fuzz.token_sort_ratio(best.name.lower(), item.title.lower()) >= 90:
                match = best
        if match is None:
            proposal.new.append(item)
            continue
        matched.add(match.code)
        if item.title and item.title != match.name:
            proposal.changed.append(
                {"code": match.code, "field": "name", "old": match.name, "new": item.title}
            )
        moved = item.url and _slug(item.url) != _slug(match.source_url)
        if moved and "rvo.nl" in match.source_url:
            proposal.changed.append(
                {
                    "code": match.code,
                    "field": "source_url",
                    "old": match.source_url,
                    "new": item.url,
                }
            )
    proposal.disappeared = sorted(s.code for s in rvo if s.code not in matched)
    return proposal


def as_catalogue_entries(proposal: Proposal) -> list[dict[str, Any]]:
    """New feed items as draft catalogue entries for an editor to complete and import."""
    return [
        {
            "code": f"rvo-{item.id}",
            "name": item.title,
            "provider": "RVO",
            "provider_kind": "RVO",
            "kinds": [],
            "purposes": [],
            "description": item.intro,
            "target_group": ", ".join(item.targets),
            "source_url": item.url,
            "source_status": f"RVO-feed, gewijzigd {item.changed}",
        }
        for item in proposal.new
    ]
