"""Motions (Zaak, Soort "Motie") read with tkapi's entity model.

tkapi supplies the query (its `ZaakFilter`, `create_query_params`, which adds `Verwijderd eq
false` and the Soort) and the reading of each entity (`Zaak`, `ZaakActor`, `Besluit`,
`Stemming`, `Kamerstukdossier`). The pages themselves are fetched by our own client
(`sync.Client`), because tkapi's transport neither retries nor reports a failed request (it
logs and hands back the error body), and the sync must fetch everything before it writes.

Two of tkapi's habits shape this module:
- it only sees an expanded relation next to its `<Name>@odata.navigationLink` key, so motions
  are requested in full metadata (as tkapi itself does), and every relation read here is
  expanded in the same request. A relation missing from the answer is read as empty rather
  than fetched lazily, which tkapi would do outside our client.
- it raises `ValueError` on enum values it does not know (the portal already sends
  `Kabinetsappreciatie = "Ontijdig"`), so every enum is read through `_enum`, which falls back
  to the raw text.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from tkapi.besluit import Besluit, BesluitStatus
from tkapi.dossier import Dossier
from tkapi.stemming import Stemming
from tkapi.tkapi import TKApi
from tkapi.zaak import KabinetsAppreciatie, ZaakActor, ZaakActorRelatieSoort, ZaakMotie

from techniekpact.parliament.items import Item, Kind, Person
from techniekpact.parliament.odata import changed_since

FULL_METADATA = "application/json;odata.metadata=full"
SUBMITTERS = (ZaakActorRelatieSoort.INDIENER, ZaakActorRelatieSoort.MEDEINDIENER)
DECISIONS = (
    ("aangenomen", "aangenomen"),
    ("overeenkomstig", "aangenomen"),
    ("verworpen", "verworpen"),
    ("ingetrokken", "ingetrokken"),
    ("aangehouden", "aangehouden"),
    ("uitgesteld", "aangehouden"),
)


class Motion(ZaakMotie):
    """tkapi's motion with the relations the register reads expanded in the same request
    (tkapi would otherwise fetch each one lazily: several requests per motion)."""

    expand_params = [
        "ZaakActor",
        "Kamerstukdossier",
        "Besluit($filter=Verwijderd eq false;$expand=Stemming($filter=Verwijderd eq false))",
    ]
    orderby_param = "GestartOp"


def motions_query(dossier: int, since: date | None) -> dict[str, str]:
    where = Motion.create_filter()
    where.filter_kamerstukdossier(int(dossier))
    if since:
        where.add_filter_str(changed_since(since, "Besluit"))
    params = TKApi.create_query_params(Motion, where)
    return params | {"$format": FULL_METADATA}


def _enum(item: Any, key: str, kind: type[Enum]) -> Enum | str | None:
    """An enum property of a tkapi item, or its raw text when tkapi does not know the value."""
    try:
        return item.get_property_enum_or_none(key, kind)
    except ValueError:
        return str(item.json.get(key) or "").strip() or None


def _related(item: Any, kind: type, key: str | None = None) -> list[Any]:
    """Expanded members only: never let tkapi fetch a missing relation on its own."""
    if (key or kind.type) not in item.json:
        return []
    return list(item.related_items(kind, item_key=key))


def decision_of(motion: ZaakMotie) -> tuple[str, str]:
    """(decision, vote summary) from the latest decided Besluit, read as OpenKamer reads it."""
    decided = [
        b
        for b in _related(motion, Besluit)
        if _enum(b, "Status", BesluitStatus) is BesluitStatus.BESLUIT
    ]
    if not decided:
        return "", ""
    latest = max(decided, key=lambda b: str(b.json.get("GewijzigdOp") or ""))
    text = latest.tekst.lower()
    decision = next((label for word, label in DECISIONS if word in text), "onbekend")
    seats: dict[str, int] = {}
    seen: set[str] = set()
    for vote in _related(latest, Stemming):
        key = str(vote.fractie_id or vote.actor_fractie)
        if vote.vergissing or key in seen:
            continue
        seen.add(key)
        seats[vote.soort] = seats.get(vote.soort, 0) + int(vote.fractie_size or 0)
    summary = f"{seats.get('Voor', 0)} voor, {seats.get('Tegen', 0)} tegen" if seats else ""
    return decision, summary


def _dossier(number: int | str) -> str:
    digits = str(number)
    return f"{digits[:-3]} {digits[-3:]}" if len(digits) > 3 else digits


def motion_item(raw: dict[str, Any], queried_dossier: int | None = None) -> Item:
    """`queried_dossier`: the dossier the query filtered on, for pages without the expansion."""
    motion = Motion(raw)
    dossier = next((d.nummer for d in _related(motion, Dossier)), None) or queried_dossier
    number = motion.volgnummer
    actors = [
        a
        for a in _related(motion, ZaakActor)
        if _enum(a, "Relatie", ZaakActorRelatieSoort) in SUBMITTERS
    ]
    actors.sort(key=lambda a: a.relatie is not ZaakActorRelatieSoort.INDIENER)
    decision, vote = decision_of(motion)
    appreciation = _enum(motion, "Kabinetsappreciatie", KabinetsAppreciatie)
    started = motion.gestart_op
    digits = str(dossier or "").replace(" ", "")
    return Item(
        code=f"motie-{digits}-{number}" if digits and number else f"zaak-{motion.nummer}",
        kind=Kind.MOTION,
        title=motion.onderwerp or motion.get_property_or_empty_string("Titel"),
        text=motion.onderwerp,
        date=started if started and started.year > 1 else None,
        dossier=_dossier(dossier) if dossier else "",
        number=number,
        tk_id=motion.id,
        tk_number=motion.nummer,
        submitters=tuple(
            Person(a.naam, a.get_property_or_empty_string("ActorFractie"), a.relatie.value)
            for a in actors
        ),
        decision=decision,
        vote=vote,
        appreciation=appreciation.value if isinstance(appreciation, Enum) else appreciation or "",
        state="open",
        source_url=(
            f"https://zoek.officielebekendmakingen.nl/kst-{digits}-{number}.html"
            if digits and number
            else ""
        ),
        origin="sync",
    )
