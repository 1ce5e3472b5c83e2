"""The Kamer register as a reader sees it: the filters, the order and the item object that the
page, /api/v1/parliament/items and `parliament list --json` share (content models live outside
web/, issue 12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from techniekpact.parliament.items import Item, ItemStatus, Kind, status
from techniekpact.parliament.revisions import Revision, changed_labels, kind_label
from techniekpact.parliament.store import item_to_dict, items


@dataclass(frozen=True)
class Filters:
    kind: Kind | None = None
    state: ItemStatus | None = None
    dossier: str = ""
    ministry: str = ""
    due_before: date | None = None


def _dossier_key(text: str) -> str:
    """ "36 800 IV", "36800-IV" and "36800iv" name one dossier; 36800 is another."""
    return "".join(c for c in text if c.isalnum()).upper()


def register(db: Session, f: Filters, today: date) -> list[tuple[Item, ItemStatus]]:
    """The items that pass the filters with their status on `today`, overdue first, then by
    due date and code: the order of the page, the API and `parliament list`."""
    out = []
    for item in items(db):
        current = status(item, today)
        if f.kind and item.kind is not f.kind:
            continue
        if f.state and current is not f.state:
            continue
        if f.dossier and _dossier_key(f.dossier) != _dossier_key(item.dossier):
            continue
        if f.ministry and f.ministry.lower() not in item.ministry.lower():
            continue
        if f.due_before and (item.due_date is None or item.due_date > f.due_before):
            continue
        out.append((item, current))
    out.sort(key=lambda p: (p[1] is not ItemStatus.OVERDUE, p[0].due_date or date.max, p[0].code))
    return out


class Link(BaseModel):
    href: str


class ItemLinks(BaseModel):
    """HAL-style links of an item: its history of revisions."""

    history: Link


class PersonOut(BaseModel):
    name: str
    party: str
    role: str


class ItemOut(BaseModel):
    """An item as the API sends it (`store.item_to_dict`), with today's `status`."""

    code: str
    kind: Kind
    title: str
    text: str
    date: dt.date | None
    dossier: str
    number: str
    tk_id: str
    tk_number: str
    submitters: list[PersonOut]
    minister: str
    ministry: str
    debate: str
    decision: str
    vote: str
    appreciation: str
    state: str
    due_date: dt.date | None
    answer_kamerstuk: str
    answer_date: dt.date | None
    answer_summary: str
    goals: list[str]
    indicators: list[str]
    source_url: str
    origin: str
    edited: list[str]
    aliases: list[str]
    status: ItemStatus
    links: ItemLinks = Field(alias="_links")


def history_path(code: str) -> str:
    """The address of an item's history, relative to the site (as the CLI prints it too)."""
    return f"/api/v1/parliament/items/{quote(code, safe='')}/history"


def item_json(item: Item, current: ItemStatus) -> dict[str, Any]:
    """An item as the API sends it and `parliament list --json` prints it (`ItemOut`)."""
    links = {"history": {"href": history_path(item.code)}}
    return item_to_dict(item) | {"status": current.value, "_links": links}


class RevisionOut(BaseModel):
    """One revision in an item's history, as the item page lists it: when, by which change
    (`kind`, with the page's name for it in both languages), from which source, and which
    fields it changed (their names, and the page's labels in both languages)."""

    model_config = ConfigDict(populate_by_name=True)
    revision: int
    stored_at: dt.datetime
    code: str
    kind: str
    kind_nl: str
    kind_en: str
    channel: str
    source: str
    comment: str
    changed: list[str]
    changed_nl: list[str]
    changed_en: list[str]


def revision_out(revision: Revision) -> RevisionOut:
    return RevisionOut(
        revision=revision.revision,
        stored_at=revision.stored_at.replace(tzinfo=UTC),  # stored as UTC without a zone
        code=revision.code,
        kind=revision.kind,
        kind_nl=kind_label(revision.kind, "nl"),
        kind_en=kind_label(revision.kind, "en"),
        channel=revision.channel,
        source=revision.source_name,
        comment=revision.comment,
        changed=list(revision.changed),
        changed_nl=changed_labels(revision.changed, "nl"),
        changed_en=changed_labels(revision.changed, "en"),
    )
