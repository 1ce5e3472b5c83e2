"""Sync motions and commitments from the Tweede Kamer Open Data Portaal (OData v4).

Motions (Zaak) are queried and read with tkapi's entity model (`parliament.motions`);
commitments (Toezegging), which tkapi does not cover, with the small query builder here. Both
are fetched by one httpx client (paging via `@odata.nextLink`, retries with backoff), so a
failure anywhere is one clear error. Everything is fetched first and then merged in one
transaction, so a failure leaves the register as it was. Fields a person edited by hand are
never overwritten, items are never deleted, and running the sync twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

import httpx

from techniekpact.errors import DomainError
from techniekpact.http import get_json
from techniekpact.parliament.items import Item, Kind
from techniekpact.parliament.motions import motion_item, motions_query
from techniekpact.parliament.odata import changed_since, quote

DEFAULT_ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
MAX_PAGES = 400
STATE = {"openstaand": "open", "voldaan": "voldaan", "afgedaan": "afgedaan"}
UPSTREAM_FIELDS = (
    "tk_id",
    "tk_number",
    "decision",
    "vote",
    "appreciation",
    "state",
    "due_date",
    "minister",
    "ministry",
)
FILL_IF_EMPTY = (
    "date",
    "submitters",
    "debate",
    "answer_kamerstuk",
    "answer_date",
    "dossier",
    "number",
    "source_url",
)


def commitments_query(text: str, since: date | None) -> dict[str, str]:
    where = ["Verwijderd eq false", f"contains(Tekst,{quote(text)})"]
    if since:
        where.append(changed_since(since, "KamerbriefNakoming"))
    return {
        "$filter": " and ".join(where),
        "$expand": "Activiteit,KamerbriefNakoming",
        "$orderby": "Aanmaakdatum",
    }


@dataclass
class Client:
    root: str
    http: httpx.Client
    sleep: Callable[[float], None] = time.sleep

    def pages(self, entity: str, params: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
        url: str | None = self.root.rstrip("/") + "/" + entity
        query: dict[str, str] | None = params
        for _ in range(MAX_PAGES):
            if url is None:
                return
            payload = self._get(url, query)
            values = payload.get("value")
            if not isinstance(values, list):
                raise DomainError(f"{entity}: antwoord zonder 'value'-lijst; niets gewijzigd")
            yield values
            url, query = self._next(payload.get("@odata.nextLink"), params.get("$format")), None

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

    def _get(self, url: str, params: dict[str, str] | None) -> dict[str, Any]:
        return get_json(self.http, url, params, sleep=self.sleep)


def _day(value: Any) -> date | None:
    if not value:
        return None
    day = datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    return None if day.year <= 1 else day


def commitment_item(raw: dict[str, Any]) -> Item:
    letters = [d for d in raw.get("KamerbriefNakoming") or [] if not d.get("Verwijderd")]
    letter = max(letters, key=lambda d: str(d.get("Datum") or ""), default=None)
    activity = next(iter(raw.get("Activiteit") or []), {})
    debate = ""
    if activity:
        when = _day(activity.get("Datum"))
        debate = f"{activity.get('Soort', '')} {activity.get('Onderwerp', '')}".strip()
        debate += f", {when.isoformat()}" if when else ""
    text = str(raw.get("Tekst") or "")
    return Item(
        code=f"toezegging-{raw.get('Nummer')}",
        kind=Kind.COMMITMENT,
        title=text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "...",
        text=text,
        date=_day(raw.get("Aanmaakdatum")),
        tk_id=str(raw.get("Id") or ""),
        tk_number=str(raw.get("Nummer") or ""),
        minister=f"{raw.get('Naam') or ''} ({raw.get('Functie') or ''})".strip(" ()"),
        ministry=str(raw.get("Ministerie") or ""),
        debate=debate,
        state=STATE.get(str(raw.get("Status") or "").lower(), "open"),
        due_date=_day(raw.get("DatumNakoming")),
        answer_kamerstuk=f"{letter.get('Titel', '')} nr. {letter.get('Volgnummer')}".strip()
        if letter
        else "",
        answer_date=_day(letter.get("Datum")) if letter else None,
        origin="sync",
    )


@dataclass(frozen=True)
class SyncResult:
    new: int
    updated: int
    unchanged: int
    skipped_deleted: int
    items: tuple[Item, ...]


def merge(existing: Item | None, incoming: Item) -> Item:
    """Upstream facts update an existing item, except fields edited by hand; empty local fields
    are filled; title, text and answers written by people stay."""
    if existing is None:
        return incoming
    changes: dict[str, Any] = {}
    for name in UPSTREAM_FIELDS:
        value = getattr(incoming, name)
        if name in existing.edited or value in ("", None, ()):
            continue
        if name == "state" and existing.kind is Kind.MOTION:
            continue  # whether the government answered a motion is not in the API
        changes[name] = value
    for name in FILL_IF_EMPTY:
        if name not in existing.edited and not getattr(existing, name) and getattr(incoming, name):
            changes[name] = getattr(incoming, name)
    return replace(existing, **changes)


def fetch(
    client: Client, dossier: int, since: date | None, text: str = "Techniekpact"
) -> tuple[list[Item], int]:
    items: list[Item] = []
    deleted = 0
    for page in client.pages("Zaak", motions_query(dossier, since)):
        for raw in page:
            if raw.get("Verwijderd"):
                deleted += 1
                continue
            items.append(motion_item(raw, dossier))
    for page in client.pages("Toezegging", commitments_query(text, since)):
        for raw in page:
            if raw.get("Verwijderd"):
                deleted += 1
                continue
            items.append(commitment_item(raw))
    return items, deleted
