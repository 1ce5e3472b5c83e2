"""Kamer on the web: the register with filters and overdue warnings, an item page with its
history, /api/v1/parliament/items and an item's /history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from techniekpact.i18n import _
from techniekpact.monitor.content import NotFound
from techniekpact.parliament.items import KIND_LABELS, STATUS_LABELS, ItemStatus, Kind, status
from techniekpact.parliament.register import (
    Filters,
    ItemOut,
    RevisionOut,
    item_json,
    register,
    revision_out,
)
from techniekpact.parliament.revisions import changed_labels, kind_label, parliament_history
from techniekpact.parliament.store import items
from techniekpact.web.caching import cached_json
from techniekpact.web.sessions import session

router = APIRouter()
DB = Annotated[Session, Depends(session)]
Text = Annotated[str, Query(max_length=80)]


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
    rows = register(db, f, date.today())
    body: dict[str, Any] = {
        "items": [item_json(i, s) for i, s in rows],
        "total": len(rows),
    }
    return cached_json(request, body)


class HistoryPage(BaseModel):
    """What /api/v1/parliament/items/{code}/history sends: the item's revisions, newest
    first, as its page lists them."""

    items: list[RevisionOut]
    total: int


@router.get(
    "/api/v1/parliament/items/{code}/history",
    response_model=HistoryPage,
    tags=["kamer"],
    summary="De geschiedenis van een motie of toezegging",
    description=(
        "Elke versie van het item, nieuwste eerst: wanneer, door welke wijziging (sync, "
        "import), en welke velden veranderden, met de namen die de itempagina gebruikt. "
        "Every revision of the item, newest first, with the fields it changed."
    ),
)
def api_item_history(request: Request, db: DB, code: str) -> Response:
    history = parliament_history(db, code)
    if not history:
        raise NotFound(_("onbekend item {code!r}", code=code))
    body = {"items": [revision_out(r) for r in history], "total": len(history)}
    return cached_json(request, body)


@router.get("/parliament", include_in_schema=False)
def parliament_page(request: Request, db: DB, f: FiltersDep) -> HTMLResponse:
    from techniekpact.web.pages import render

    rows = register(db, f, date.today())
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
        history=parliament_history(db, item.code),
        changed_labels=changed_labels,
        change_label=kind_label,
    )
