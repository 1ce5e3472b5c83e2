"""Kamer on the web: the register with filters and overdue warnings, an item page, and
/api/v1/parliament/items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from techniekpact.i18n import _
from techniekpact.monitor.content import NotFound
from techniekpact.parliament.items import KIND_LABELS, STATUS_LABELS, Item, ItemStatus, Kind, status
from techniekpact.parliament.store import item_to_dict, items
from techniekpact.web.caching import cached_json
from techniekpact.web.sessions import session

router = APIRouter()
DB = Annotated[Session, Depends(session)]
Text = Annotated[str, Query(max_length=80)]


@dataclass(frozen=True)
class Filters:
    kind: Kind | None
    state: ItemStatus | None
    dossier: str
    ministry: str
    due_before: date | None


def filters(
    kind: Kind | None = None,
    state: Annotated[ItemStatus | None, Query(alias="status")] = None,
    dossier: Text = "",
    ministry: Text = "",
    due_before: date | None = None,
) -> Filters:
    """The register's filters, read the same way by the page and the API."""
    return Filters(kind, state, dossier, ministry, due_before)


FiltersDep = Annotated[Filters, Depends(filters)]


def _dossier_key(text: str) -> str:
    """ "36 800 IV", "36800-IV" and "36800iv" name one dossier; 36800 is another."""
    return "".join(c for c in text if c.isalnum()).upper()


def _filtered(db: Session, f: Filters) -> list[tuple[Item, ItemStatus]]:
    today = date.today()
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


class ItemPage(BaseModel):
    """What /api/v1/parliament/items sends."""

    items: list[ItemOut]
    total: int


@router.get(
    "/api/v1/parliament/items",
    response_model=ItemPage,
    tags=["kamer"],
    summary="Moties en toezeggingen met status, termijn en antwoord",
    description=(
        "Het register van moties en toezeggingen over het Techniekpact, te laat eerst. "
        "Motions and commitments on the pact, overdue first."
    ),
)
def api_items(request: Request, db: DB, f: FiltersDep) -> Response:
    rows = _filtered(db, f)
    body: dict[str, Any] = {
        "items": [item_to_dict(i) | {"status": s.value} for i, s in rows],
        "total": len(rows),
    }
    return cached_json(request, body)


@router.get("/parliament", include_in_schema=False)
def parliament_page(request: Request, db: DB, f: FiltersDep) -> HTMLResponse:
    from techniekpact.web.pages import render

    rows = _filtered(db, f)
    overdue = [i for i, s in rows if s is ItemStatus.OVERDUE]
    form = {
        "kind": f.kind.value if f.kind else "",
        "status": f.state.value if f.state else "",
        "dossier": f.dossier,
        "ministry": f.ministry,
    }
    return render(
        request,
        "parliament.html",
        rows=rows,
        overdue=overdue,
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        form=form,
    )


@router.get("/parliament/{code}", include_in_schema=False)
def item_page(request: Request, db: DB, code: str) -> Response:
    from techniekpact.web.pages import render

    register = items(db)
    item = next((i for i in register if i.code == code), None)
    if item is None:
        renamed = next((i for i in register if code in i.aliases), None)
        if renamed is not None:  # e.g. a motion numbered since: the old address moves on
            return RedirectResponse(f"/parliament/{renamed.code}", status_code=301)
        raise NotFound(_("onbekend item {code!r}", code=code))
    current = status(item, date.today())
    return render(
        request,
        "parliament_item.html",
        item=item,
        item_status=current.value,
        status_label=STATUS_LABELS[current],
        kind_label=KIND_LABELS[item.kind],
    )
