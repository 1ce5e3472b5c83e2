"""The web app: `create_app(settings)` builds it; nothing happens at import time.

Workers are stateless: every request opens a session on the configured database, so several
uvicorn workers can run behind any reverse proxy against one PostgreSQL.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from techniekpact import i18n
from techniekpact.settings import Settings
from techniekpact.web.caching import ResponseCache
from techniekpact.web.limits import RenderLimit
from techniekpact.web.query import EmptyMeansAbsent
from techniekpact.web.sessions import data_version, sessions

STATIC = Path(__file__).parent / "static"

log = logging.getLogger(__name__)


class App(FastAPI):
    """FastAPI with `PublicReads` (web/protocol.py) outside everything, even Starlette's
    server-error layer, so that a 500 carries the CORS, API-Version and security headers too."""

    def build_middleware_stack(self) -> ASGIApp:
        from techniekpact.web.protocol import PublicReads
        from techniekpact.web.security import over_tls

        return PublicReads(super().build_middleware_stack(), over_tls(self.state.settings))


class ReaderLanguage:
    """Messages made while answering (errors, explanations) are in the page's language. A plain
    ASGI layer, like errors.RefuseNul: the language is set in the request's own task."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            from techniekpact.web import pages

            i18n.set_language(pages.language(Request(scope)))
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    from techniekpact.web import api, errors, info, openapi, pages, parliament, schemes, summary_api
    from techniekpact.web.protocol import API_VERSION

    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from techniekpact.monitor import figure_search

        with sessions(app)() as db:
            # built before the first request: with a million figures the build takes seconds
            # and holds the interpreter, so during a first flood of searches even cached pages
            # waited (bench/web_bench.py --scenario flood --database ...: p95 2.3 s, not 7 ms).
            # A build that fails here (the statement limit, a busy database) is left to the
            # first search, as before: the site starts either way.
            try:
                figure_search.index(db)
            except Exception:
                log.warning("figure search index not built at start-up", exc_info=True)
        yield
        if getattr(app.state, "sessions", None) is not None:
            app.state.sessions.kw["bind"].dispose()

    app = App(
        title="Techniekpact Monitor API",
        version=API_VERSION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(openapi.known_parameters)],
        generate_unique_id_function=lambda route: route.name,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.settings = settings
    app.state.sessions = None
    app.include_router(api.router)
    app.include_router(summary_api.router)
    app.include_router(schemes.router)
    app.include_router(parliament.router)
    app.include_router(pages.router)
    app.include_router(info.router)
    errors.install(app)

    app.add_middleware(ReaderLanguage)

    openapi.install(app)
    # inside the cache: cached pages are served without waiting for a render slot
    app.add_middleware(RenderLimit, limit=settings.render_limit, wait=settings.render_wait)
    app.add_middleware(
        ResponseCache,
        version=lambda: data_version(app),
        variant=pages.language_variant,
        vary=pages.LANGUAGE_VARY,
        max_bytes=settings.cache_bytes,
    )
    # the cache and every page see a form's empty fields as absent
    app.add_middleware(EmptyMeansAbsent)
    guard_hosts(app, settings)
    # PublicReads wraps all of this (App.build_middleware_stack), cached responses too
    return app


def guard_hosts(app: FastAPI, settings: Settings) -> None:
    """Refuse a Host header the site does not own (web/security.py says which), before the
    cache or any page sees the request."""
    from techniekpact.web.hosts import HostGuard
    from techniekpact.web.security import allowed_hosts

    hosts = allowed_hosts(settings)
    if hosts is not None:
        app.add_middleware(HostGuard, allowed_hosts=hosts)
