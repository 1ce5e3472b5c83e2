"""JSON API under /api/v1, following the Dutch government API Design Rules where they apply:
version in the path, no trailing slashes, problem details for errors, HAL-style `_links`."""

from __future__ import annotations

from typing import Annotated, Any, Generic, NotRequired, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from typing_extensions import TypedDict

from techniekpact.errors import DomainError
from techniekpact.monitor import content
from techniekpact.monitor.progress import Method
from techniekpact.sources.lineage import IndicatorLineage, indicator_lineage
from techniekpact.web.caching import cached_json
from techniekpact.web.links import here, public_url
from techniekpact.web.openapi import PERIOD_PATTERN, dimensions
from techniekpact.web.sessions import session

router = APIRouter()
T = TypeVar("T")
DB = Annotated[Session, Depends(session)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Aantal per pagina (1-1000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Aantal over te slaan items.")]
# 400 and 404 problem details are documented by web/openapi.py, on every operation
ERRORS: dict[int | str, dict[str, Any]] = {}


class Link(TypedDict):
    href: str


class Links(TypedDict):
    """HAL-style links: this page, and the next and previous one where they exist."""

    self: Link
    next: NotRequired[Link]
    prev: NotRequired[Link]


class Page(BaseModel, Generic[T]):
    """A page of items; only documents the shape that `paged` writes."""

    model_config = ConfigDict(populate_by_name=True)
    items: list[T]
    total: int
    limit: int
    offset: int
    links: Links = Field(alias="_links")


class FrameworkPage(Page[content.FrameworkOut]):
    pass


class GoalPage(Page[content.GoalOut]):
    pass


class IndicatorPage(Page[content.IndicatorOut]):
    pass


class ObservationPage(Page[content.ObservationOut]):
    pass


class TargetPage(Page[content.TargetOut]):
    pass


def paged(
    request: Request, items: list[Any], limit: int, offset: int, total: int | None = None
) -> Response:
    """A page of `items`; with `total`, `items` already is the page (read with limit/offset)."""
    chunk = items[offset : offset + limit] if total is None else items
    total = len(items) if total is None else total
    # on the public address or relative, never from the Host header (web/links.py)
    links = {"self": {"href": public_url(request, here(request))}}
    headers = {"X-Total-Count": str(total)}
    if offset + limit < total:
        nxt = public_url(request, here(request, offset=offset + limit, limit=limit))
        links["next"] = {"href": nxt}
        headers["Link"] = f'<{nxt}>; rel="next"'
    if offset > 0:
        prev = here(request, offset=max(0, offset - limit), limit=limit)
        links["prev"] = {"href": public_url(request, prev)}
    body = {"items": chunk, "total": total, "limit": limit, "offset": offset, "_links": links}
    return cached_json(request, body, headers)


API_DOCS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Techniekpact Monitor API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui-dist/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<div id="swagger-ui" data-openapi-url="/api/v1/openapi.json"></div>
<script src="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""


@router.get("/api/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    """Swagger UI, started by a script file rather than FastAPI's inline one: the site's
    Content-Security-Policy allows no inline script (web/security.py)."""
    return HTMLResponse(API_DOCS)


@router.get(
    "/api/v1/frameworks",
    response_model=FrameworkPage,
    responses=ERRORS,
    summary="Doelenkaders met hun doelen",
    description=(
        "Alle doelenkaders (2013-2023) met de codes van hun doelen. All goal frameworks with "
        "their goals' codes."
    ),
    tags=["doelen"],
)
def list_frameworks(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.frameworks(db), limit, offset)


@router.get(
    "/api/v1/goals",
    response_model=GoalPage,
    responses=ERRORS,
    summary="Doelen, ambities en thema's",
    description=(
        "Doelen met status; `framework` beperkt tot één kader. Goals with their status; "
        "`framework` keeps one framework."
    ),
    tags=["doelen"],
)
def list_goals(
    request: Request,
    db: DB,
    limit: Limit = 100,
    offset: Offset = 0,
    framework: Annotated[str | None, Query(max_length=40, description="Kader, bv. tp2016")] = None,
) -> Response:
    return paged(request, content.goals(db, framework), limit, offset)


@router.get(
    "/api/v1/goals/{code}",
    response_model=content.GoalDetail,
    responses=ERRORS,
    summary="Eén doel met zijn geschiedenis door de kaders",
    description=(
        "Een doel met de doelen waaruit het voortkomt en die het voortzetten. A goal with the "
        "goals it continues and that continue it."
    ),
    tags=["doelen"],
)
def get_goal(request: Request, db: DB, code: str) -> Response:
    return cached_json(request, content.goal_detail(db, code))


@router.get(
    "/api/v1/indicators",
    response_model=IndicatorPage,
    responses=ERRORS,
    summary="Indicatoren",
    description=(
        "Alle indicatoren met eenheid, bron en uitsplitsingen. Every indicator with unit, source "
        "and breakdown dimensions."
    ),
    tags=["indicatoren"],
)
def list_indicators(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.indicators(db), limit, offset)


@router.get(
    "/api/v1/indicators/{code}",
    response_model=content.IndicatorOut,
    responses=ERRORS,
    summary="Eén indicator",
    description="Eén indicator met eenheid, bron en uitsplitsingen. One indicator.",
    tags=["indicatoren"],
)
def get_indicator(request: Request, db: DB, code: str) -> Response:
    return cached_json(request, content.indicator(db, code))


@router.get(
    "/api/v1/indicators/{code}/lineage",
    response_model=IndicatorLineage,
    responses=ERRORS,
    summary="Herkomst van de berekende cijfers van een indicator",
    description=(
        "Uit welk bronbestand (naam van de bron, SHA-256), met welke koppeling en indeling (met "
        "versies) en wanneer elk huidig cijfer is berekend; `copied_figures` telt de cijfers "
        "die uit een publicatie zijn overgenomen. Where each current figure was computed from: "
        "source file, checksum, connector and classification versions, date computed."
    ),
    tags=["indicatoren"],
)
def get_indicator_lineage(request: Request, db: DB, code: str) -> Response:
    return cached_json(request, indicator_lineage(db, code))


Period = Annotated[str | None, Query(max_length=20, pattern=PERIOD_PATTERN)]


@router.get(
    "/api/v1/indicators/{code}/observations",
    response_model=ObservationPage,
    responses=ERRORS,
    summary="Cijfers van een indicator",
    description=(
        "De actuele cijfers van een indicator, oudste eerst, elk met bron. Elke uitsplitsing "
        "(region, sex, network, subject, ...) is een filter. The current figures of an indicator,"
        " each with its source; every breakdown dimension is a filter."
    ),
    tags=["indicatoren"],
)
def list_observations(
    request: Request,
    db: DB,
    code: str,
    limit: Limit = 1000,
    offset: Offset = 0,
    period_from: Annotated[
        Period, Query(alias="from", description="Vanaf periode (2019, 2015/16 of 2019-Q1)")
    ] = None,
    period_to: Annotated[Period, Query(alias="to", description="Tot en met periode")] = None,
    total: Annotated[bool, Query(description="Alleen totalen (geen uitsplitsing)")] = False,
) -> Response:
    """The current figures of one indicator, oldest first. Every breakdown dimension of the
    catalogue (region, sex, network, subject, ...) is a filter: `?sex=female` keeps the
    figures for women, whatever their other dimensions."""
    breakdown = {}
    for dimension, _ in dimensions(request.app):
        value = request.query_params.get(dimension)
        if value and len(value) > 80:
            raise DomainError(f"{dimension}: hoogstens 80 tekens")
        if value:
            breakdown[dimension] = value
    # paged in SQL: an indicator may hold tens of thousands of figures
    query = content.FigureFilters(
        period_from=period_from, period_to=period_to, total_only=total, breakdown=breakdown
    )
    rows = content.observations(db, code, limit=limit, offset=offset, **query)
    total_rows = content.count_observations(db, code, **query)
    return paged(request, rows, limit, offset, total=total_rows)


@router.get(
    "/api/v1/targets",
    response_model=TargetPage,
    responses=ERRORS,
    summary="Streefcijfers met hun beoordeling",
    description=(
        "Alle streefcijfers met hun voortgangsbeoordeling (Open SDG). Every target with its "
        "progress assessment."
    ),
    tags=["voortgang"],
)
def list_targets(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.targets(db), limit, offset)


class AssessmentPage(Page[content.AssessmentItem]):
    pass


@router.get(
    "/api/v1/assessments",
    response_model=AssessmentPage,
    responses=ERRORS,
    summary="Voortgangsbeoordeling van alle streefcijfers",
    description=(
        "De beoordeling van elk streefcijfer volgens de gekozen methode, met uitleg. Each "
        "target's assessment by the chosen method, with explanation."
    ),
    tags=["voortgang"],
)
def list_assessments(
    request: Request,
    db: DB,
    limit: Limit = 100,
    offset: Offset = 0,
    method: Annotated[Method, Query(description="opensdg, eurostat-short of eurostat-long")] = (
        Method.OPENSDG
    ),
) -> Response:
    return paged(request, content.target_assessments(db, method), limit, offset)
