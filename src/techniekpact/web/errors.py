"""Errors: RFC 9457 problem details on the API, a readable page on the site."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.monitor.content import NotFound
from techniekpact.statements import is_timeout
from techniekpact.web.openapi import UnknownParameters
from techniekpact.web.protocol import ALLOWED_METHODS

PROBLEM = "application/problem+json"
# seconds a refused reader is asked to wait: the render limit's (web/limits.py) and a busy
# database's 503 alike
RETRY_AFTER = 5

TITLES = {
    400: "Ongeldige aanvraag",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    422: "Ongeldige parameters",
    500: "Interne fout",
    503: "Tijdelijk niet beschikbaar",
}


def problem(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: object,
) -> Response:
    if request.url.path.startswith("/api/"):
        body = {
            "type": "about:blank",
            "title": TITLES.get(status, "Fout"),
            "status": status,
            "detail": detail,
            "instance": request.url.path,
        } | extra
        return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)
    from techniekpact.web.pages import render_error

    page = render_error(request, status, detail)
    page.headers.update(headers or {})
    return page


class RefuseNul:
    """No text a user can send contains a NUL character, and PostgreSQL cannot even compare
    one: refused here, once, rather than failing as a server error in some query. A plain ASGI
    layer: Starlette's `@app.middleware("http")` runs every request in a task of its own with
    streams between, a cost each uncached render paid twice (this and the language)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            texts = [request.url.path, *request.query_params.keys()]
            if any("\x00" in text for text in [*texts, *request.query_params.values()]):
                response = problem(request, 400, "ongeldig teken (NUL) in de aanvraag")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_middleware(RefuseNul)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return problem(request, 404, str(exc))

    @app.exception_handler(UnknownParameters)
    async def unknown(request: Request, exc: UnknownParameters) -> Response:
        return problem(request, 400, str(exc), invalid_params=exc.params)

    @app.exception_handler(DomainError)
    async def domain(request: Request, exc: DomainError) -> Response:
        return problem(request, 400, str(exc))

    @app.exception_handler(DBAPIError)
    async def database(request: Request, exc: DBAPIError) -> Response:
        """A statement cut off by the time limit (techniekpact/statements.py) is the server
        being too busy for this request, not a fault: 503, try again later."""
        if not is_timeout(exc):
            raise exc
        detail = _("Deze aanvraag duurde te lang en is afgebroken. Probeer het later opnieuw.")
        return problem(request, 503, detail, headers={"Retry-After": str(RETRY_AFTER)})

    @app.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # HEAD is answered wherever GET is (web/protocol.py), OPTIONS as a CORS preflight
            headers["Allow"] = ALLOWED_METHODS
        return problem(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        """A bug: the problem or error page (Starlette's layer still logs the traceback), with
        every header a response has (PublicReads wraps that layer, web/app.py)."""
        from techniekpact.i18n import using
        from techniekpact.web.pages import language

        with using(language(request)):
            detail = _("er ging iets mis aan onze kant; probeer het later opnieuw")
            return problem(request, 500, detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"name": ".".join(str(p) for p in e["loc"][1:]), "reason": e["msg"]}
            for e in exc.errors()
        ]
        return problem(request, 400, "ongeldige parameters", invalid_params=errors)
