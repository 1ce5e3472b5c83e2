"""JSON API under /api/v1, following the Dutch government API Design Rules where they apply:
version in the path, no trailing slashes, problem details for errors, HAL-style `_links`."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from techniekpact.monitor import content, queries
from techniekpact.monitor.progress import Method
from techniekpact.web.app import session
from techniekpact.web.caching import cached_json

router = APIRouter()
T = TypeVar("T")
DB = Annotated[Session, Depends(session)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Aantal per pagina (1-1000).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Aantal over te slaan items.")]
PROBLEM = {"content": {"application/problem+json": {}}, "description": "Probleem (RFC 9457)"}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 404: PROBLEM}


class Link(BaseModel):
    href: str


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    _links: dict[str, Link]


def paged(
    request: Request, items: list[Any], limit: int, offset: int, total: int | None = None
) -> Response:
    """A page of `items`; with `total`, `items` already is the page (read with limit/offset)."""
    chunk = items[offset : offset + limit] if total is None else items
    total = len(items) if total is None else total
    links = {"self": {"href": str(request.url)}}
    headers = {"X-Total-Count": str(total)}
    if offset + limit < total:
        nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
        links["next"] = {"href": nxt}
        headers["Link"] = f'<{nxt}>; rel="next"'
    if offset > 0:
        links["prev"] = {
            "href": str(
                request.url.include_query_params(offset=max(0, offset - limit), limit=limit)
            )
        }
    body = {"items": chunk, "total": total, "limit": limit, "offset": offset, "_links": links}
    return cached_json(request, body, headers)


@router.get("/api/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title="Techniekpact Monitor API",
        swagger_js_url="/static/vendor/swagger-ui-dist/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui-dist/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )


@router.get(
    "/api/v1/frameworks",
    response_model=Page[content.FrameworkOut],
    responses=ERRORS,
    summary="Doelenkaders met hun doelen",
    tags=["doelen"],
)
def list_frameworks(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.frameworks(db), limit, offset)


@router.get(
    "/api/v1/goals",
    response_model=Page[content.GoalOut],
    responses=ERRORS,
    summary="Doelen, ambities en thema's",
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


class GoalDetail(BaseModel):
    goal: content.GoalOut
    backward: list[queries.TraceStep]
    forward: list[queries.TraceStep]


@router.get(
    "/api/v1/goals/{code}",
    response_model=GoalDetail,
    responses=ERRORS,
    summary="Eén doel met zijn geschiedenis door de kaders",
    tags=["doelen"],
)
def get_goal(request: Request, db: DB, code: str) -> Response:
    goal, back, forward = content.trace(db, code)
    return cached_json(request, GoalDetail(goal=goal, backward=back, forward=forward))


@router.get(
    "/api/v1/indicators",
    response_model=Page[content.IndicatorOut],
    responses=ERRORS,
    summary="Indicatoren",
    tags=["indicatoren"],
)
def list_indicators(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.indicators(db), limit, offset)


@router.get(
    "/api/v1/indicators/{code}",
    response_model=content.IndicatorOut,
    responses=ERRORS,
    summary="Eén indicator",
    tags=["indicatoren"],
)
def get_indicator(request: Request, db: DB, code: str) -> Response:
    return cached_json(request, content.indicator(db, code))


Dim = Annotated[str | None, Query(max_length=80)]


@router.get(
    "/api/v1/indicators/{code}/observations",
    response_model=Page[content.ObservationOut],
    responses=ERRORS,
    summary="Cijfers van een indicator",
    tags=["indicatoren"],
)
def list_observations(
    request: Request,
    db: DB,
    code: str,
    limit: Limit = 1000,
    offset: Offset = 0,
    period_from: Annotated[
        str | None, Query(alias="from", max_length=20, description="Vanaf periode, bv. 2015/16")
    ] = None,
    period_to: Annotated[
        str | None, Query(alias="to", max_length=20, description="Tot en met periode")
    ] = None,
    total: Annotated[bool, Query(description="Alleen totalen (geen uitsplitsing)")] = False,
    region: Dim = None,
    education_level: Dim = None,
    sex: Dim = None,
    sector: Dim = None,
    field: Dim = None,
    teacher_training: Dim = None,
    occupation_level: Dim = None,
    company_size: Dim = None,
) -> Response:
    filters = {
        "region": region,
        "education_level": education_level,
        "sex": sex,
        "sector": sector,
        "field": field,
        "teacher_training": teacher_training,
        "occupation_level": occupation_level,
        "company_size": company_size,
    }
    # paged in SQL: an indicator may hold tens of thousands of figures
    query = content.FigureFilters(
        period_from=period_from,
        period_to=period_to,
        total_only=total,
        breakdown={k: v for k, v in filters.items() if v},
    )
    rows = content.observations(db, code, limit=limit, offset=offset, **query)
    total_rows = content.count_observations(db, code, **query)
    return paged(request, rows, limit, offset, total=total_rows)


@router.get(
    "/api/v1/targets",
    response_model=Page[content.TargetOut],
    responses=ERRORS,
    summary="Streefcijfers met hun beoordeling",
    tags=["voortgang"],
)
def list_targets(request: Request, db: DB, limit: Limit = 100, offset: Offset = 0) -> Response:
    return paged(request, content.targets(db), limit, offset)


class AssessmentItem(BaseModel):
    target: str
    indicator: str
    breakdown: dict[str, str]
    assessment: content.AssessmentOut
    explanation_nl: str


@router.get(
    "/api/v1/assessments",
    response_model=Page[AssessmentItem],
    responses=ERRORS,
    summary="Voortgangsbeoordeling van alle streefcijfers",
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
    items = [
        AssessmentItem(
            target=t.code,
            indicator=t.indicator,
            breakdown=t.breakdown,
            assessment=t.assessment,
            explanation_nl=t.explanation_nl,
        )
        for t in content.targets(db, method)
    ]
    return paged(request, items, limit, offset)
