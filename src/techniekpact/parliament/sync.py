"""Sync motions and commitments from the Tweede Kamer Open Data Portaal (OData v4).

Motions (Zaak) are queried and read with tkapi's entity model (`parliament.motions`);
commitments (Toezegging), which tkapi does not cover, with the small query builder here. Both
are fetched by one httpx client (paging via `@odata.nextLink`, retries with backoff), so a
failure anywhere is one clear error. Everything is fetched first and then merged in one
transaction, so a failure leaves the register as it was. Fields a person edited by hand are
never overwritten, items are never deleted, and running the sync twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.parliament.client import DEFAULT_ROOT, Client
from techniekpact.parliament.items import Item, Kind
from techniekpact.parliament.motions import motion_item, motions_query
from techniekpact.parliament.odata import Schema, changed_since, quote

__all__ = ["DEFAULT_ROOT", "Client", "SyncResult", "fetch", "merge"]

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


def commitments_query(text: str, since: date | None, schema: Schema) -> dict[str, str]:
    """Commitments mentioning the text. The answering letter is expanded and its change stamp
    filtered on only where the schema makes `KamerbriefNakoming` a relation; in the schema of
    October 2025 it is a text property, which comes with the record anyway."""
    where = ["Verwijderd eq false", f"contains(Tekst,{quote(text)})"]
    letters = (
        ["KamerbriefNakoming"] if schema.collection("Toezegging", "KamerbriefNakoming") else []
    )
    if since:
        where.append(changed_since(since, *letters))
    params = {"$filter": " and ".join(where), "$orderby": "Aanmaakdatum"}
    expand = schema.expand("Toezegging", ["Activiteit", "KamerbriefNakoming"])
    if expand:
        params["$expand"] = ",".join(expand)
    return params


def _day(value: Any) -> date | None:
    """A date from an Edm.DateTimeOffset; the sentinel 0001-01-01 and garbage are no date."""
    if not value or not isinstance(value, str):
        return None
    try:
        day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None
    return None if day.year <= 1 else day


def _letter(value: Any) -> tuple[str, date | None]:
    """The answering letter, in either shape of the schema: expanded Document records (the
    newest one counts) or a text property (taken as it stands)."""
    if isinstance(value, str):
        return " ".join(value.split()), None
    if isinstance(value, dict):
        value = [value]
    letters = [d for d in value or [] if isinstance(d, dict) and not d.get("Verwijderd")]
    letter = max(letters, key=lambda d: str(d.get("Datum") or ""), default=None)
    if letter is None:
        return "", None
    text = f"{letter.get('Titel') or ''} nr. {letter.get('Volgnummer')}".strip()
    return text, _day(letter.get("Datum"))


def commitment_item(raw: dict[str, Any]) -> Item:
    answer, answered = _letter(raw.get("KamerbriefNakoming"))
    activities = raw.get("Activiteit")
    activity: dict[str, Any] = next(iter(activities if isinstance(activities, list) else []), {})
    debate = ""
    if activity:
        when = _day(activity.get("Datum"))
        debate = f"{activity.get('Soort', '')} {activity.get('Onderwerp', '')}".strip()
        debate += f", {when.isoformat()}" if when else ""
    text = str(raw.get("Tekst") or "")
    return Item(
        code=f"toezegging-{raw.get('Nummer') or raw['Id']}",
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
        answer_kamerstuk=answer,
        answer_date=answered,
        origin="sync",
    )


@dataclass(frozen=True)
class SyncResult:
    new: int
    updated: int
    unchanged: int
    skipped_deleted: int
    items: tuple[Item, ...]


KAMERSTUK = ("dossier", "number", "source_url")  # where the sync owns the item, kept in step


def merge(existing: Item | None, incoming: Item) -> Item:
    """Upstream facts update an existing item, except fields edited by hand; empty local fields
    are filled; title, text and answers written by people stay. An item the sync itself
    created also follows its Zaak's title, text and Kamerstuk (a motion numbered later gets
    its number and link; an item an older sync had mixed up is set right)."""
    if existing is None:
        return incoming
    changes: dict[str, Any] = {}
    owned = existing.origin == "sync"
    for name in UPSTREAM_FIELDS + (("title", "text") if owned else ()):
        value = getattr(incoming, name)
        if name in existing.edited or value in ("", None, ()):
            continue
        if name == "state" and existing.kind is Kind.MOTION:
            continue  # whether the government answered a motion is not in the API
        changes[name] = value
    for name in FILL_IF_EMPTY:
        if name in existing.edited:
            continue
        follows = owned and name in KAMERSTUK and existing.kind is Kind.MOTION
        if follows or (not getattr(existing, name) and getattr(incoming, name)):
            changes[name] = getattr(incoming, name)
    return replace(existing, **changes)


def _stamp(raw: dict[str, Any]) -> str:
    return str(raw.get("ApiGewijzigdOp") or raw.get("GewijzigdOp") or "")


def _records(entity: str, pages: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One record per Id, in order of first appearance. A record seen twice (paging over data
    that changed meanwhile moves records across pages) counts once, in its newest version. A
    record without an Id cannot be matched to anything and stops the sync."""
    by_id: dict[str, dict[str, Any]] = {}
    for page_number, page in enumerate(pages, start=1):
        for position, raw in enumerate(page, start=1):
            key = raw.get("Id")
            if not key or not isinstance(key, str):
                raise DomainError(
                    _(
                        "{entity}, pagina {page}, record {position}: veld 'Id' ontbreekt "
                        "of is leeg (gevonden {found!r}); niets gewijzigd",
                        entity=entity,
                        page=page_number,
                        position=position,
                        found=key,
                    )
                )
            seen = by_id.get(key)
            if seen is None or _stamp(raw) >= _stamp(seen):
                by_id[key] = raw
    return list(by_id.values())


def _read(entity: str, raw: dict[str, Any], reader: Any) -> Item:
    try:
        return reader(raw)
    except DomainError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        name = raw.get("Nummer") or raw.get("Id")
        raise DomainError(
            _(
                "{entity} {name}: niet te lezen ({kind}: {error}); niets gewijzigd",
                entity=entity,
                name=name,
                kind=exc.__class__.__name__,
                error=exc,
            )
        ) from None


def fetch(
    client: Client, dossier: int | str, since: date | None, text: str = "Techniekpact"
) -> tuple[list[Item], int]:
    """Every motion of the dossier and every commitment mentioning the text, changed since the
    day; nothing is written. The queries follow the service's own `$metadata`."""
    schema = client.schema()
    items: list[Item] = []
    deleted = 0
    zaken = _records("Zaak", client.pages("Zaak", motions_query(dossier, since, schema)))
    for raw in zaken:
        if raw.get("Verwijderd"):
            deleted += 1
            continue
        items.append(_read("Zaak", raw, lambda r: motion_item(r, dossier)))
    query = commitments_query(text, since, schema)
    for raw in _records("Toezegging", client.pages("Toezegging", query)):
        if raw.get("Verwijderd"):
            deleted += 1
            continue
        items.append(_read("Toezegging", raw, commitment_item))
    return items, deleted
