"""Server-rendered pages. Each handler builds its content objects and renders one template;
the same objects feed the CSV/JSON downloads, so page and download cannot disagree."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from techniekpact import __version__
from techniekpact import i18n as shared
from techniekpact.i18n import N_
from techniekpact.monitor import content
from techniekpact.monitor.catalogue import FLAG_LABELS
from techniekpact.monitor.export import figure_cells, figures_csv
from techniekpact.monitor.queries import GOAL_KINDS, LINK_KINDS
from techniekpact.sources.lineage import indicator_lineage
from techniekpact.urls import host as url_host
from techniekpact.urls import is_safe_url
from techniekpact.web import i18n
from techniekpact.web.caching import cached, cached_json
from techniekpact.web.links import here, public_url
from techniekpact.web.security import EMBEDDABLE
from techniekpact.web.sessions import session
from techniekpact.web.views import (
    KEY_FIGURES,
    THEMES,
    home_view,
    indicator_view,
    regions_view,
    search_view,
)

router = APIRouter(include_in_schema=False)
DB = Annotated[Session, Depends(session)]
Lang = Annotated[str | None, Query(max_length=5)]


@cache
def environment(lang: str) -> Environment:
    from pathlib import Path

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        # the templates are files of the installed package: no stat() of each one per render
        # (1.8% of a worker's time under the mixed load of bench/web_bench.py)
        auto_reload=False,
    )
    # added to Environment by the i18n extension at run time, so unknown to jinja2's types
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda v, d=1: i18n.number(v, lang, d)
    env.filters["qty"] = lambda v, unit: i18n.quantity(v, unit, lang)
    env.filters["period"] = i18n.period_label
    env.filters["note_parts"] = i18n.note_parts
    env.filters["date"] = lambda v: i18n.long_date(v, lang)
    env.filters["unit"] = lambda unit: shared.unit_label(unit, lang)

    def flag_label(flag: str) -> str:
        return shared.gettext(FLAG_LABELS.get(flag, flag), lang)

    def link_kind_label(kind: str) -> str:
        return shared.gettext(LINK_KINDS.get(kind, kind), lang)

    env.filters["flag"] = flag_label
    env.filters["link_kind"] = link_kind_label
    # a content field in the page's language: tr(goal, "description") -> description_en/_nl
    env.globals["tr"] = lambda obj, field: shared.text(obj, field, lang)
    # a Dutch label from a code table (marked with N_), in the page's language
    env.filters["t"] = lambda label: shared.gettext(label, lang)
    env.globals["version"] = __version__
    # stored addresses become links only when they pass the one URL check (techniekpact.urls)
    env.tests["safe_url"] = is_safe_url
    env.filters["url_host"] = url_host
    return env


def language(request: Request, lang: str | None = None) -> str:
    return i18n.pick(lang or request.query_params.get("lang") or cookie_language(request.cookies))


def cookie_language(cookies: Mapping[str, str]) -> str:
    """The language the visitor's cookie chose, or "" for none (absent or not a language)."""
    value = cookies.get("lang", "")
    return value if value in i18n.LOCALES else ""


LANGUAGE_VARY = "Cookie"
"""Besides its URL (`?lang=`), a response varies on the language cookie and nothing else."""


def language_variant(headers: list[tuple[bytes, bytes]]) -> str:
    """The part of a request's headers a response varies on, for the response cache's key: the
    language cookie as `language` reads it (the first Cookie header, as Starlette does), so a
    key is a few bytes however large the headers are."""
    from starlette.requests import cookie_parser

    raw = next((value for name, value in headers if name == b"cookie"), b"")
    return cookie_language(cookie_parser(raw.decode("latin-1"))) if raw else ""


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    other = "en" if lang == "nl" else "nl"
    page = (
        environment(lang)
        .get_template(template)
        .render(
            request=request,
            lang=lang,
            other_lang=other,
            switch_url=here(request, lang=other),
            public_url=lambda relative: public_url(request, relative),
            name=lambda obj: getattr(obj, f"name_{lang}", "") or getattr(obj, "name_nl", ""),
            **context,
        )
    )
    response = HTMLResponse(page, status_code=status)
    # remember a language chosen with ?lang= (only when it changes: a response with a cookie is
    # never cached, web/caching.py)
    asked = request.query_params.get("lang")
    if asked in i18n.LOCALES and asked != cookie_language(request.cookies):
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
    response.headers["Content-Language"] = lang
    return response


def render_error(request: Request, status: int, detail: str) -> HTMLResponse:
    """The error page; the server's English reason phrase ('Not Found') becomes a sentence in
    the page's language (the app's own messages already are in it)."""
    from http import HTTPStatus

    if detail == HTTPStatus(status).phrase:
        detail = shared.gettext(ERROR_DETAILS.get(status, ERROR_DEFAULT), language(request))
    return render(request, "error.html", status=status, status_code=status, detail=detail)


ERROR_DEFAULT = N_("Er ging iets mis.")
ERROR_DETAILS = {
    404: N_("Deze pagina bestaat niet (meer)."),
    405: N_("Deze pagina kan zo niet worden opgevraagd."),
}


@router.get("/")
def home(request: Request, db: DB) -> HTMLResponse:
    return render(request, "home.html", **home_view(db, language(request)))


@router.get("/goals/{code}")
def goal_page(request: Request, db: DB, code: str) -> HTMLResponse:
    goal, back, forward = content.trace(db, code)
    targets = [t for t in content.targets(db) if t.code in goal.targets]
    indicators = [i for i in content.indicators(db) if i.code in goal.indicators]
    return render(
        request,
        "goal.html",
        goal_kinds=GOAL_KINDS,
        goal=goal,
        backward=back,
        forward=forward,
        targets=targets,
        indicators=indicators,
        labels=content.dimension_labels(db, language(request)),
    )


@router.get("/indicators")
def indicator_list(request: Request, db: DB) -> HTMLResponse:
    items = content.indicators(db)
    themes: dict[str, list[content.IndicatorOut]] = {}
    for item in items:
        themes.setdefault(item.theme, []).append(item)
    return render(request, "indicators.html", themes=themes, themes_named=THEMES)


Split = Annotated[str, Query(max_length=40)]


Period = Annotated[str, Query(alias="from", max_length=20)]
PeriodTo = Annotated[str, Query(alias="to", max_length=20)]


@router.get("/indicators/{code}")
def indicator_page(
    request: Request,
    db: DB,
    code: str,
    split: Split = "",
    period_from: Period = "",
    period_to: PeriodTo = "",
) -> HTMLResponse:
    view = indicator_view(
        db, code, split, language(request), period_from=period_from, period_to=period_to
    )
    return render(
        request,
        "indicator.html",
        **view,
        spec_json=Markup(_script_json(view["spec"])),
        lineage=indicator_lineage(db, code),
    )


@router.get("/indicators/{code}/embed")
def indicator_embed(request: Request, db: DB, code: str, split: Split = "") -> HTMLResponse:
    view = indicator_view(db, code, split, language(request))
    response = render(request, "embed.html", **view, spec_json=Markup(_script_json(view["spec"])))
    # the one page other sites may frame: the site's policy with frame-ancestors * (and no
    # X-Frame-Options, web/security.py)
    response.headers["Content-Security-Policy"] = EMBEDDABLE
    return response


@router.get("/indicators/{code}/data.csv")
def indicator_csv(request: Request, db: DB, code: str, split: Split = "") -> Response:
    view = indicator_view(db, code, split, language(request))
    # the export's writer: the import layout, numbers as the export writes them
    rows = (figure_cells(row) for row in view["rows"])
    text = figures_csv(view["indicator"].dimensions, rows)
    return cached(
        request,
        text.encode("utf-8"),
        "text/csv; charset=utf-8",
        {"Content-Disposition": f'attachment; filename="{code}.csv"'},
    )


@router.get("/indicators/{code}/data.json")
def indicator_json(request: Request, db: DB, code: str, split: Split = "") -> Response:
    view = indicator_view(db, code, split, language(request))
    return cached_json(
        request,
        {"indicator": view["indicator"], "observations": view["rows"], "targets": view["targets"]},
    )


def _chart_view(request: Request, db: Session, code: str, split: str) -> dict[str, Any]:
    """The view behind a chart download; an indicator without figures has no chart to give."""
    view = indicator_view(db, code, split, language(request), width=720)
    if not view["rows"]:
        raise content.NotFound(f"indicator {code} heeft nog geen cijfers, dus geen grafiek")
    return view


@router.get("/indicators/{code}/chart.svg")
def indicator_svg(request: Request, db: DB, code: str, split: Split = "") -> Response:
    import vl_convert

    view = _chart_view(request, db, code, split)
    svg = vl_convert.vegalite_to_svg(view["spec"], vl_version="6.4", format_locale=_locale(request))
    return cached(request, svg.encode("utf-8"), "image/svg+xml")


@router.get("/indicators/{code}/chart.png")
def indicator_png(request: Request, db: DB, code: str, split: Split = "") -> Response:
    import vl_convert

    view = _chart_view(request, db, code, split)
    png = vl_convert.vegalite_to_png(
        view["spec"], vl_version="6.4", scale=2, format_locale=_locale(request)
    )
    return cached(request, png, "image/png")


def _locale(request: Request) -> Literal["nl-NL", "en-GB"]:
    return "nl-NL" if language(request) == "nl" else "en-GB"


def _script_json(spec: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` from the data at all (as
    \\u escapes, which JSON reads back the same), so neither `</script>` nor `<!--` in a stored
    text can end or bend the element."""
    text = json.dumps(spec, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@router.get("/regions")
def regions_page(
    request: Request,
    db: DB,
    indicator: Annotated[str, Query(max_length=80)] = "",
    layer: Annotated[str, Query(pattern="^(province|arbeidsmarktregio)$")] = "province",
) -> HTMLResponse:
    return render(request, "regions.html", **regions_view(db, indicator, layer, language(request)))


@router.get("/search")
def search_page(
    request: Request, db: DB, q: Annotated[str, Query(max_length=100)] = ""
) -> HTMLResponse:
    return render(request, "search.html", q=q, **search_view(db, q, language(request)))


@router.get("/about")
def about_page(request: Request, db: DB) -> HTMLResponse:
    return render(request, "about.html", updated=content.last_updated(db), key_figures=KEY_FIGURES)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)
