"""Motions (Zaak, Soort "Motie") read with tkapi's entity model.

tkapi supplies the query (its `ZaakFilter`, `create_query_params`, which adds `Verwijderd eq
false` and the Soort) and the reading of each entity (`Zaak`, `ZaakActor`, `Besluit`,
`Stemming`, `Kamerstukdossier`). The pages themselves are fetched by our own client
(`sync.Client`), because tkapi's transport neither retries nor reports a failed request (it
logs and hands back the error body), and the sync must fetch everything before it writes.

Two of tkapi's habits shape this module:
- it only sees an expanded relation next to its `<Name>@odata.navigationLink` key, so motions
  are requested in full metadata (as tkapi itself does), the key is added where an answer
  lacks it (`_linked`), and every relation read here is expanded in the same request. A
  relation missing from the answer is read as empty rather than fetched lazily, which tkapi
  would do outside our client.
- it raises `ValueError` on enum values it does not know (the portal already sends
  `Kabinetsappreciatie = "Ontijdig"`), so every enum is read through `_enum`, which falls back
  to the raw text.

A motion's identity is its Zaak Id. Its code and Kamerstuk link come from the expanded
Kamerstukdossier (Nummer and Toevoeging: 36800 and 36800-IV are different dossiers) and its
Volgnummer; a motion not numbered yet (Volgnummer -1 or null) is coded by its Zaak Nummer and
has no link.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Any

from tkapi.besluit import Besluit, BesluitStatus
from tkapi.dossier import Dossier
from tkapi.stemming import Stemming
from tkapi.tkapi import TKApi
from tkapi.zaak import KabinetsAppreciatie, ZaakActor, ZaakActorRelatieSoort, ZaakMotie

from techniekpact.errors import DomainError
from techniekpact.parliament.items import Item, Kind, Person
from techniekpact.parliament.odata import Schema, changed_since

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


def motions_query(
    dossier: int | str, since: date | None, schema: Schema | None = None
) -> dict[str, str]:
    """The motions of a dossier ("32637", or "36800-IV" for one Toevoeging), expanding only
    the relations the service's schema has (all of them when no schema is given)."""
    number, toevoeging = parse_dossier(dossier)
    if schema is not None and not schema.collection("Zaak", "Kamerstukdossier"):
        raise DomainError(
            "het schema van de Tweede Kamer kent geen relatie Zaak/Kamerstukdossier: "
            "moties per dossier zijn niet op te vragen; niets gewijzigd"
        )
    where = Motion.create_filter()
    where.filter_kamerstukdossier(number, toevoeging)
    if since:
        votes = () if schema and not schema.collection("Zaak", "Besluit") else ("Besluit",)
        where.add_filter_str(changed_since(since, *votes))
    params = TKApi.create_query_params(Motion, where)
    if schema is not None:
        params["$expand"] = ",".join(schema.expand("Zaak", list(Motion.expand_params)))
        if not params["$expand"]:
            del params["$expand"]
    return params | {"$format": FULL_METADATA}


def parse_dossier(text: int | str) -> tuple[int, str | None]:
    """ "36800-IV" or "36 800 IV" -> (36800, "IV"); "32637" or "32 637" -> (32637, None)."""
    match = re.fullmatch(r"(\d+(?: \d+)*)(?:[ -]([A-Za-z0-9]+))?", str(text).strip())
    if not match:
        raise DomainError(f"dossier {text!r}: verwacht een nummer, bv. 32637 of 36800-IV")
    number, toevoeging = match.groups()
    return int(number.replace(" ", "")), toevoeging.upper() if toevoeging else None


def _enum(item: Any, key: str, kind: type[Enum]) -> Enum | str | None:
    """An enum property of a tkapi item, or its raw text when tkapi does not know the value."""
    try:
        return item.get_property_enum_or_none(key, kind)
    except ValueError:
        return str(item.json.get(key) or "").strip() or None


def _related(item: Any, kind: type[Any], key: str | None = None) -> list[Any]:
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


def _linked(raw: Any) -> Any:
    """The record with a `<Name>@odata.navigationLink` key beside every expanded relation, as
    full metadata has them: tkapi reads an expansion only next to that key, and a minimal
    answer (or a mirror that drops annotations) would otherwise lose submitters and dossier."""
    if isinstance(raw, list):
        return [_linked(r) for r in raw]
    if not isinstance(raw, dict):
        return raw
    out: dict[str, Any] = {}
    for key, value in raw.items():
        expanded = isinstance(value, dict) or (
            isinstance(value, list) and all(isinstance(v, dict) for v in value)
        )
        if expanded and "@" not in key:
            out.setdefault(f"{key}@odata.navigationLink", key)
            value = _linked(value)
        out[key] = value
    return out


def _dossier(number: int | str, toevoeging: str | None = None) -> str:
    """As Kamerstukken are cited: "32 637", "36 800 IV"."""
    digits = str(number)
    spaced = f"{digits[:-3]} {digits[-3:]}" if len(digits) > 3 else digits
    return f"{spaced} {toevoeging}" if toevoeging else spaced


def _volgnummer(value: Any) -> str:
    """The nr. within the dossier; the portal sends -1 (or null) for a motion, e.g. an amended
    one, that has not been numbered yet."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value) if value > 0 else ""
    text = str(value or "").strip()
    return text if text.isdigit() and int(text) > 0 else ""


def kamerstuk_id(number: int | str, toevoeging: str | None, volgnummer: str) -> str:
    """ "32637-391", "36800-IV-12": the id officielebekendmakingen.nl uses (kst-<id>.html)."""
    return "-".join(str(p) for p in (number, toevoeging, volgnummer) if p)


def unnumbered_code(zaak_nummer: str, zaak_id: str) -> str:
    """The code of a motion without a Kamerstuk number: from its Zaak, never from -1."""
    return f"motie-{zaak_nummer or zaak_id}"


def motion_item(raw: dict[str, Any], queried_dossier: int | str | None = None) -> Item:
    """A Zaak record as an item. The dossier comes only from the expanded Kamerstukdossier: the
    query filters on the dossier number alone, which also matches every Toevoeging (36800 and
    36800-IV), so the queried number cannot name a Kamerstuk. `queried_dossier` only picks
    one when a motion is filed in several dossiers."""
    motion = Motion(_linked(raw))
    dossiers = [d for d in _related(motion, Dossier) if d.nummer]
    wanted = parse_dossier(queried_dossier) if queried_dossier else (None, None)
    dossiers.sort(key=lambda d: (d.nummer != wanted[0], (d.toevoeging or None) != wanted[1]))
    dossier = dossiers[0] if dossiers else None
    toevoeging = "".join(c for c in str(dossier.toevoeging or "") if c.isalnum()) if dossier else ""
    number = _volgnummer(raw.get("Volgnummer"))
    actors = [
        a
        for a in _related(motion, ZaakActor)
        if _enum(a, "Relatie", ZaakActorRelatieSoort) in SUBMITTERS
    ]
    actors.sort(key=lambda a: a.relatie is not ZaakActorRelatieSoort.INDIENER)
    decision, vote = decision_of(motion)
    appreciation = _enum(motion, "Kabinetsappreciatie", KabinetsAppreciatie)
    try:
        started = motion.gestart_op
    except (ValueError, OverflowError, TypeError):  # a date the portal garbled: no date
        started = None
    zaak_nummer = str(raw.get("Nummer") or "").strip()
    kst = kamerstuk_id(dossier.nummer, toevoeging, number) if dossier and number else ""
    title = str(raw.get("Onderwerp") or raw.get("Titel") or "").strip()
    return Item(
        code=f"motie-{kst}" if kst else unnumbered_code(zaak_nummer, str(raw["Id"])),
        kind=Kind.MOTION,
        title=title or f"Motie {zaak_nummer}".strip(),
        text=str(raw.get("Onderwerp") or "").strip(),
        date=started if started and started.year > 1 else None,
        dossier=_dossier(dossier.nummer, toevoeging) if dossier else "",
        number=number,
        tk_id=str(raw["Id"]),
        tk_number=zaak_nummer,
        submitters=tuple(
            Person(a.naam, a.get_property_or_empty_string("ActorFractie"), a.relatie.value)
            for a in actors
        ),
        decision=decision,
        vote=vote,
        appreciation=appreciation.value if isinstance(appreciation, Enum) else appreciation or "",
        state="open",
        source_url=f"https://zoek.officielebekendmakingen.nl/kst-{kst}.html" if kst else "",
        origin="sync",
    )
