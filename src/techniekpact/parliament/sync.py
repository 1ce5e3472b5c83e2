"""Sync motions and commitments from the Tweede Kamer Open Data Portaal (OData v4).

Both entity sets are read with one small httpx client (paging via `@odata.nextLink`, retries
with backoff), not with tkapi: tkapi has no Toezegging, and it raises on enum values it does
not know (the portal already returns "Ontijdig" for Kabinetsappreciatie), which would stop a
sync on exactly the data it must survive. Everything is fetched first and then merged in one
transaction, so a failure leaves the register as it was. Fields a person edited by hand are
never overwritten, items are never deleted, and running the sync twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from techniekpact.errors import DomainError
from techniekpact.http import get_json
from techniekpact.parliament.items import Item, Kind, Person

DEFAULT_ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
MAX_PAGES = 400
STATE = {"openstaand": "open", "voldaan": "voldaan", "afgedaan": "afgedaan"}
UPSTREAM_FIELDS = (
    "tk_id",
    "tk_number",
    "decision",
    "vote",
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


def quote(value: str) -> str:
    """An OData string literal: single quotes, a quote inside doubled."""
    return "'" + value.replace("'", "''") + "'"


def motions_query(dossier: int, since: date | None) -> dict[str, str]:
    where = [
        "Verwijderd eq false",
        f"Soort eq {quote('Motie')}",
        f"Kamerstukdossier/any(d: d/Nummer eq {int(dossier)})",
    ]
    if since:
        where.append(f"ApiGewijzigdOp ge {since.isoformat()}T00:00:00Z")
    return {
        "$filter": " and ".join(where),
        "$expand": "ZaakActor,Kamerstukdossier,Besluit($filter=Verwijderd eq false;"
        "$expand=Stemming($filter=Verwijderd eq false))",
        "$orderby": "GestartOp",
    }


def commitments_query(text: str, since: date | None) -> dict[str, str]:
    where = ["Verwijderd eq false", f"contains(Tekst,{quote(text)})"]
    if since:
        where.append(f"ApiGewijzigdOp ge {since.isoformat()}T00:00:00Z")
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
            url, query = self._next(payload.get("@odata.nextLink")), None

    def _next(self, link: str | None) -> str | None:
        """Follow nextLink on our own root (a mirror or test server), keeping path and query."""
        if not link:
            return None
        parts, root = urlsplit(link), urlsplit(self.root)
        return f"{root.scheme}://{root.netloc}{parts.path}" + (
            f"?{parts.query}" if parts.query else ""
        )

    def _get(self, url: str, params: dict[str, str] | None) -> dict[str, Any]:
        return get_json(self.http, url, params, sleep=self.sleep)


def _day(value: Any) -> date | None:
    if not value:
        return None
    day = datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    return None if day.year <= 1 else day


def _dossier(number: int | str) -> str:
    digits = str(number)
    return f"{digits[:-3]} {digits[-3:]}" if len(digits) > 3 else digits


def decision_of(besluiten: list[dict[str, Any]]) -> tuple[str, str]:
    """(decision, vote summary) from the latest decided Besluit, read as OpenKamer reads it."""
    decided = [b for b in besluiten if not b.get("Verwijderd") and b.get("Status") == "Besluit"]
    if not decided:
        return "", ""
    latest = max(decided, key=lambda b: str(b.get("GewijzigdOp") or ""))
    text = str(latest.get("BesluitTekst") or "").lower()
    decision = next(
        (
            label
            for word, label in (
                ("aangenomen", "aangenomen"),
                ("overeenkomstig", "aangenomen"),
                ("verworpen", "verworpen"),
                ("ingetrokken", "ingetrokken"),
                ("aangehouden", "aangehouden"),
                ("uitgesteld", "aangehouden"),
            )
            if word in text
        ),
        "onbekend",
    )
    seats: dict[str, int] = {}
    seen: set[str] = set()
    for vote in latest.get("Stemming") or []:
        key = str(vote.get("Fractie_Id") or vote.get("ActorFractie"))
        if vote.get("Verwijderd") or vote.get("Vergissing") or key in seen:
            continue
        seen.add(key)
        seats[str(vote.get("Soort"))] = seats.get(str(vote.get("Soort")), 0) + int(
            vote.get("FractieGrootte") or 0
        )
    vote = f"{seats.get('Voor', 0)} voor, {seats.get('Tegen', 0)} tegen" if seats else ""
    return decision, vote


def motion_item(raw: dict[str, Any], queried_dossier: int | None = None) -> Item:
    """`queried_dossier`: the dossier the query filtered on, for pages without the expansion."""
    dossier = next((d.get("Nummer") for d in raw.get("Kamerstukdossier") or []), queried_dossier)
    number = str(raw.get("Volgnummer") or "")
    actors = [
        a
        for a in raw.get("ZaakActor") or []
        if not a.get("Verwijderd") and a.get("Relatie") in ("Indiener", "Medeindiener")
    ]
    actors.sort(key=lambda a: a.get("Relatie") != "Indiener")
    decision, vote = decision_of(raw.get("Besluit") or [])
    digits = str(dossier or "").replace(" ", "")
    return Item(
        code=f"motie-{digits}-{number}" if digits and number else f"zaak-{raw.get('Nummer')}",
        kind=Kind.MOTION,
        title=str(raw.get("Onderwerp") or raw.get("Titel") or ""),
        text=str(raw.get("Onderwerp") or ""),
        date=_day(raw.get("GestartOp")),
        dossier=_dossier(dossier) if dossier else "",
        number=number,
        tk_id=str(raw.get("Id") or ""),
        tk_number=str(raw.get("Nummer") or ""),
        submitters=tuple(
            Person(a.get("ActorNaam", ""), a.get("ActorFractie") or "", a.get("Relatie", ""))
            for a in actors
        ),
        decision=decision,
        vote=vote,
        state="open",
        source_url=(
            f"https://zoek.officielebekendmakingen.nl/kst-{digits}-{number}.html"
            if digits and number
            else ""
        ),
        origin="sync",
    )


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
