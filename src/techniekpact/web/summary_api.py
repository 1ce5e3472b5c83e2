"""GET /api/v1/summary: "is the pact on track?" as counts and sentences (nl and en).

A router of its own beside `api.py`: the same `content.summary` object the home page shows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from techniekpact.monitor import content
from techniekpact.monitor.summary import Summary
from techniekpact.monitor.updated import FiguresUpdated
from techniekpact.web.caching import cached_json
from techniekpact.web.sessions import session

router = APIRouter()
DB = Annotated[Session, Depends(session)]
PROBLEM = {"content": {"application/problem+json": {}}, "description": "Probleem (RFC 9457)"}


class SummaryResponse(BaseModel):
    summary: Summary
    figures_updated: FiguresUpdated | None


@router.get(
    "/api/v1/summary",
    response_model=SummaryResponse,
    responses={400: PROBLEM},
    summary="Ligt het pact op koers? Telling van de streefcijfers en thema's, met zinnen (nl, en)",
    description=(
        "Hoeveel streefcijfers gehaald, op koers of achter zijn en hoeveel niet te beoordelen "
        "(en waarom), met de datum waarop de cijfers het laatst veranderden. How many targets "
        "are reached, on track, behind or cannot be assessed, and when the figures last changed."
    ),
    tags=["voortgang"],
)
def get_summary(request: Request, db: DB) -> Response:
    body = SummaryResponse(summary=content.summary(db), figures_updated=content.last_updated(db))
    return cached_json(request, body)
