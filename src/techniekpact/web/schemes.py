"""Regelingenwijzer on the web: the finder page (a questionnaire of at most seven questions
whose answer is a shareable URL), a page per scheme, and /api/v1/schemes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from techniekpact import i18n
from techniekpact.changes import data_version
from techniekpact.db import bound_url
from techniekpact.errors import DomainError
from techniekpact.i18n import N_, _
from techniekpact.monitor.content import NotFound
from techniekpact.regions import province_names
from techniekpact.schemes.catalogue import (
    APPLICANTS,
    KINDS,
    PURPOSES,
    STATUS_LABELS,
    Scheme,
    status,
)
from techniekpact.schemes.eligibility import LEGAL_FORMS, VERDICT_LABELS, Company
from techniekpact.schemes.finder import QUESTIONS, find
from techniekpact.schemes.finder import Query as FinderQuery
from techniekpact.schemes.results import SchemeResult
from techniekpact.schemes.search import Index
from techniekpact.schemes.sources import OFFICIAL, host, source_kind
from techniekpact.schemes.store import catalogue
from techniekpact.web.caching import cached_json
from techniekpact.web.links import here, public_url
from techniekpact.web.sessions import session

router = APIRouter()
DB = Annotated[Session, Depends(session)]
SBI = {
    "A": N_("Landbouw"),
    "B": N_("Delfstoffen"),
    "C": N_("Industrie"),
    "D": N_("Energie"),
    "E": N_("Water en afval"),
    "F": N_("Bouw en installatie"),
    "G": N_("Handel"),
    "H": N_("Vervoer"),
    "J": N_("Informatie en communicatie"),
    "M": N_("Specialistische zakelijke diensten"),
    "N": N_("Overige zakelijke diensten"),
    "P": N_("Onderwijs"),
    "Q": N_("Zorg"),
}
_indexes: dict[tuple[str, tuple[object, ...]], tuple[tuple[Scheme, ...], Index]] = {}


def current(db: Session) -> tuple[tuple[Scheme, ...], Index]:
    """The catalogue and its search index, rebuilt only when an import changed the catalogue.

    Keyed by the database as well as its catalogue version: two databases in one process (tests,
    a second app) must never share a catalogue."""
    key = (bound_url(db), data_version(db))
    found = _indexes.get(key)
    if found is None:
        # pages render in a thread pool: the answer is held here, not looked up again after
        # the shared dict was written (another thread may have cleared it in between)
        schemes = catalogue(db)
        found = (schemes, Index(schemes))
        _indexes.clear()
        _indexes[key] = found
    return found


Text = Annotated[str, Query(max_length=100)]
Num = Annotated[int | None, Query(ge=0, le=1_000_000)]
Amount = Annotated[float | None, Query(ge=0, le=1_000_000)]
Many = Annotated[list[str] | None, Query(max_length=40)]


@dataclass(frozen=True)
class Asked:
    """What the owner asked, as query parameters: the page and the API read the same ones."""

    form: dict[str, Any]
    query: FinderQuery

    @property
    def anything(self) -> bool:
        """Whether the owner asked anything, "show everything" included: a form sent with
        only that box ticked lists the whole catalogue, and 0 employees is an answer."""
        return any(
            v is not None and v is not False and v != "" and v != [] for v in self.form.values()
        )


def asked(
    q: Text = "",
    province: Text = "",
    sector: Text = "",
    employees: Num = None,
    turnover: Amount = None,
    age: Amount = None,
    legal_form: Text = "",
    purpose: Many = None,
    kind: Many = None,
    open_now: bool = False,
    show_all: Annotated[bool, Query(alias="all")] = False,
) -> Asked:
    from techniekpact.regions import resolve_province

    purpose, kind = purpose or [], kind or []
    bad = [p for p in purpose if p not in PURPOSES] + [k for k in kind if k not in KINDS]
    if legal_form and legal_form not in LEGAL_FORMS:
        bad.append(legal_form)
    if bad:
        raise DomainError(_("onbekende waarde(n): {value}", value=", ".join(bad)))
    company = Company(
        province=resolve_province(province) if province else None,
        sector=sector.upper() if sector else None,
        employees=employees,
        turnover_meur=turnover,
        age_years=age,
        legal_form=legal_form or None,
        purposes=tuple(purpose),
    )
    query = FinderQuery(
        text=q,
        kinds=tuple(kind),
        open_now=open_now,
        include_closed=show_all,
        include_unfit=show_all,
        company=company,
    )
    form = {
        "q": q,
        "province": company.province or "",
        "sector": sector,
        "employees": employees,
        "turnover": turnover,
        "age": age,
        "legal_form": legal_form,
        "purpose": purpose,
        "kind": kind,
        "open_now": open_now,
        "all": show_all,
    }
    return Asked(form, query)


AskedDep = Annotated[Asked, Depends(asked)]


class SchemePage(BaseModel):
    items: list[SchemeResult]
    total: int
    today: date


@router.get(
    "/api/v1/schemes",
    response_model=SchemePage,
    tags=["regelingen"],
    summary="Regelingenwijzer: regelingen die passen, met uitleg",
    description=(
        "Regelingen voor een mkb-bedrijf, met status en uitleg waarom ze (niet) passen; "
        "dezelfde vragen als de pagina /schemes. Schemes that fit a company, explained."
    ),
)
def api_schemes(request: Request, db: DB, ask: AskedDep) -> Response:
    schemes, index = current(db)
    results = find(schemes, ask.query, date.today(), index=index, province_names=province_names())
    body = SchemePage(
        items=[SchemeResult.of(r) for r in results], total=len(results), today=date.today()
    )
    return cached_json(request, body)


@router.get("/schemes", include_in_schema=False)
def schemes_page(request: Request, db: DB, ask: AskedDep) -> HTMLResponse:
    from techniekpact.web.pages import render

    schemes, index = current(db)
    results = find(schemes, ask.query, date.today(), index=index, province_names=province_names())
    return render(
        request,
        "schemes.html",
        results=results if ask.anything else [],
        asked=ask.anything,
        form=ask.form,
        provinces=province_names(),
        sbi=SBI,
        purposes=PURPOSES,
        kinds=KINDS,
        legal_forms=LEGAL_FORMS,
        questions=QUESTIONS,
        verdicts=VERDICT_LABELS,
        share_url=public_url(request, here(request)),
        total=len(schemes),
        official=sum(source_kind(s) == OFFICIAL for s in schemes),
        source_kind=source_kind,
        source_host=host,
    )


@router.get("/schemes/{code}", include_in_schema=False)
def scheme_page(request: Request, db: DB, code: str) -> HTMLResponse:
    from techniekpact.web.pages import render

    scheme = next((s for s in current(db)[0] if s.code == code), None)
    if scheme is None:
        raise NotFound(_("onbekende regeling {code!r}", code=code))
    now = status(scheme, date.today())
    names = province_names()
    return render(
        request,
        "scheme.html",
        scheme=scheme,
        status_label=STATUS_LABELS[now][i18n.current()],
        scheme_status=now.value,
        applicant=_(APPLICANTS.get(scheme.applicant, scheme.applicant)),
        purposes=PURPOSES,
        provinces=[names.get(p, p) for p in scheme.provinces],
        source_kind=source_kind(scheme),
        source_host=host(scheme.source_url),
    )


@dataclass(frozen=True)
class SchemeDetail(Scheme):
    """What /api/v1/schemes/{code} sends: the catalogue entry with today's status."""

    status: str = ""


@router.get(
    "/api/v1/schemes/{code}",
    response_model=SchemeDetail,
    tags=["regelingen"],
    summary="Eén regeling",
    description="Eén regeling uit de catalogus met haar status van vandaag. One scheme.",
)
def api_scheme(request: Request, db: DB, code: str) -> Response:
    scheme = next((s for s in current(db)[0] if s.code == code), None)
    if scheme is None:
        raise NotFound(_("onbekende regeling {code!r}", code=code))
    body = scheme.__dict__ | {"source_kind": source_kind(scheme)}
    return cached_json(request, body | {"status": status(scheme, date.today()).value})
