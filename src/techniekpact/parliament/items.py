"""Parliamentary items as plain data, and the rules for their status on a given day.

The Tweede Kamer's `Afgedaan` only says the Kamer handled a motion; whether the government
answered it is recorded here (`answer_kamerstuk`, `answer_date`). A commitment is overdue when
its due date has passed and it is neither fulfilled (voldaan) nor closed (afgedaan).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from techniekpact.i18n import N_


class Kind(StrEnum):
    MOTION = "motion"
    COMMITMENT = "commitment"


class ItemStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "voldaan"
    CLOSED = "afgedaan"
    OVERDUE = "overdue"


# labels are Dutch and marked for the catalog; pages translate them
STATUS_LABELS = {
    ItemStatus.OPEN: N_("open"),
    ItemStatus.FULFILLED: N_("voldaan"),
    ItemStatus.CLOSED: N_("afgedaan"),
    ItemStatus.OVERDUE: N_("te laat"),
}
KIND_LABELS = {Kind.MOTION: N_("motie"), Kind.COMMITMENT: N_("toezegging")}
# the Kamer's own words for a decision, as a page names them
DECISION_LABELS = {
    "aangenomen": N_("aangenomen"),
    "verworpen": N_("verworpen"),
    "aangehouden": N_("aangehouden"),
    "ingetrokken": N_("ingetrokken"),
}


@dataclass(frozen=True)
class Person:
    name: str
    party: str = ""
    role: str = ""  # Indiener, Medeindiener, or the minister's function


@dataclass(frozen=True)
class Item:
    code: str
    kind: Kind
    title: str
    text: str
    date: date | None = None
    dossier: str = ""
    number: str = ""  # nr. within the dossier
    tk_id: str = ""  # Zaak or Toezegging Id in the open data
    tk_number: str = ""  # Zaak Nummer (2019Z…) or Toezegging Nummer (TZ…)
    submitters: tuple[Person, ...] = ()
    minister: str = ""
    ministry: str = ""
    debate: str = ""
    decision: str = ""  # aangenomen, verworpen, aangehouden, ingetrokken
    vote: str = ""
    appreciation: str = ""  # Kabinetsappreciatie: the cabinet's advice on a motion
    state: str = "open"  # open, voldaan, afgedaan (the stored status)
    # datetime.date: inside the class `date` names the field above, not the type
    due_date: datetime.date | None = None
    answer_kamerstuk: str = ""
    answer_date: datetime.date | None = None
    answer_summary: str = ""
    goals: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    source_url: str = ""
    origin: str = "manual"  # manual, bundled, sync
    edited: tuple[str, ...] = field(default_factory=tuple)  # fields a person changed by hand
    aliases: tuple[str, ...] = ()  # earlier codes (e.g. before a motion was numbered): old links
    # English beside the Dutch texts where an editor wrote it (the bundled items have it)
    title_en: str = ""
    text_en: str = ""
    debate_en: str = ""
    minister_en: str = ""
    answer_summary_en: str = ""

    @property
    def kamerstuk(self) -> str:
        return f"{self.dossier}, nr. {self.number}" if self.dossier and self.number else ""


def status(item: Item, today: date) -> ItemStatus:
    if item.state == "voldaan" or (item.answer_kamerstuk and item.state != "afgedaan"):
        return ItemStatus.FULFILLED
    if item.state == "afgedaan":
        return ItemStatus.CLOSED
    if item.due_date is not None and item.due_date < today:
        return ItemStatus.OVERDUE
    return ItemStatus.OPEN


def days_overdue(item: Item, today: date) -> int | None:
    if status(item, today) is not ItemStatus.OVERDUE or item.due_date is None:
        return None
    return (today - item.due_date).days
