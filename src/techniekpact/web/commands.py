"""`techniekpact serve`: the public site and API on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from techniekpact.console import app, out

# Connection bounds per worker (docs/decisions.md "Load bounds"): an idle keep-alive connection
# is closed after KEEP_ALIVE seconds; past CONCURRENCY open connections and tasks uvicorn
# answers 503 at once rather than queueing; BACKLOG connections may wait for accept().
KEEP_ALIVE = 5
CONCURRENCY = 1000
BACKLOG = 2048


def database_location(url: str) -> str:
    """Where the data lives, safe to print: the file of an SQLite database, else the URL
    without its password (a log is no place for one)."""
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite-bestand {parsed.database or ':memory:'}"
    bare = URL.create(
        parsed.drivername,
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return bare.render_as_string(hide_password=False)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Poort.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="Aantal processen (stateless; deel één PostgreSQL).")
    ] = 1,
) -> None:
    """De website en de API starten (standaard op http://127.0.0.1:8000).

    Voorbeeld: techniekpact serve --host 0.0.0.0 --port 8080 --workers 4
    """
    import uvicorn

    from techniekpact.bootstrap import open_database
    from techniekpact.settings import Settings
    from techniekpact.web.connections import HeaderDeadline

    settings = Settings()
    out.print(f"Database: {database_location(settings.database_url)}", markup=False)
    # Migrate and seed once, before the workers start, so they never race to do it.
    open_database(settings).kw["bind"].dispose()
    out.print(f"Techniekpact Monitor op http://{host}:{port}/ (Ctrl+C om te stoppen)")
    uvicorn.run(
        "techniekpact.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
        # no version banner; HeaderDeadline bounds the time and the bytes of a request head
        # (web/connections.py), and the app itself answers 431 well below it (web/security.py)
        server_header=False,
        http=HeaderDeadline,
        timeout_keep_alive=KEEP_ALIVE,
        limit_concurrency=CONCURRENCY,
        backlog=BACKLOG,
    )
