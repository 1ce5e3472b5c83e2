"""Parliamentary items as plain data, and the rules for their status on a given day.

The Tweede Kamer's `Afgedaan` only says the Kamer handled a motion; whether the government
answered it is recorded here (`answer_kamerstuk`, `answer_date`). A commitment is overdue when
its due date has passed and it is neither fulfilled (voldaan) nor closed (afgedaan).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    MOTION = "motion"
    COMMITMENT = "commitment"


class ItemStatus(StrEnum):
    OPEN = "open"
    FULFILLED = "voldaan"
    CLOSED = "afgedaan"
    OVERDUE = "overdue"


STATUS_LABELS = {
    ItemStatus.OPEN: "open",
    ItemStatus.FULFILLED: "voldaan",
    ItemStatus.CLOSED: "afgedaan",
    ItemStatus.OVERDUE: "te laat",
}
KIND_LABELS = {Kind.MOTION: "motie", Kind.COMMITMENT: "toezegging"}


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
    due_date: date | None = None
    answer_kamerstuk: str = ""
    answer_date: date | None = None
    answer_summary: str = ""
    goals: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    source_url: str = ""
    origin: str = "manual"  # manual, bundled, sync
    edited: tuple[str, ...] = field(default_factory=tuple)  # fields a person changed by hand
    aliases: tuple[str, ...] = ()  # earlier codes (e.g. before a motion was numbered): old links

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
