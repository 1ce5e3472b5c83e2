"""The web app: `create_app(settings)` builds it; nothing happens at import time.

Workers are stateless: every request opens a session on the configured database, so several
uvicorn workers can run behind any reverse proxy against one PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session

from techniekpact import __version__
from techniekpact.settings import Settings

STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    from techniekpact.bootstrap import open_database
    from techniekpact.web import api, errors, pages

    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        app.state.sessions = open_database(settings)
        yield
        app.state.sessions.kw["bind"].dispose()

    app = FastAPI(
        title="Techniekpact Monitor API",
        version=__version__,
        description=(
            "Doelen, indicatoren, cijfers, streefcijfers en voortgang van het Techniekpact. "
            "Alle cijfers met bron. Goals, indicators, figures, targets and progress of the "
            "Dutch Technology Pact, every figure with its source."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["If-None-Match"],
        expose_headers=["ETag", "Link", "X-Total-Count"],
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    errors.install(app)
    return app


def session(request: Request) -> Iterator[Session]:
    """A read-only unit of work per request."""
    with request.app.state.sessions() as db:
        yield db
