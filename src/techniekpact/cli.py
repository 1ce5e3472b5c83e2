"""The `techniekpact` command: a thin shell over the library.

Commands parse options, open the database through `bootstrap.open_database` and call the same
functions the web app calls. Domain errors become one line on stderr and exit status 1.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from techniekpact.errors import DomainError
from techniekpact.monitor.validation import ImportRejected

app = typer.Typer(
    name="techniekpact",
    help="Techniekpact Monitor: doelen, indicatoren, cijfers en voortgang van het Techniekpact.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)


@contextmanager
def database() -> Iterator[Session]:
    """A session in one transaction on the configured database, migrated and seeded."""
    from techniekpact.bootstrap import open_database
    from techniekpact.db import transaction
    from techniekpact.settings import Settings

    factory = open_database(Settings())
    with transaction(factory) as session:
        yield session


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n")


def main() -> None:
    from techniekpact.monitor import commands  # noqa: F401  (registers the monitor commands)
    from techniekpact.parliament import commands as parliament_commands  # noqa: F401
    from techniekpact.schemes import commands as scheme_commands  # noqa: F401
    from techniekpact.web import commands as web_commands  # noqa: F401

    try:
        app(prog_name="techniekpact")
    except ImportRejected as exc:
        for problem in exc.report.problems:
            err.print(str(problem), markup=False)
        if exc.report.suppressed:
            err.print(f"... en nog {exc.report.suppressed} problemen", markup=False)
        err.print(f"fout: {exc}", markup=False)
        raise SystemExit(1) from None
    except DomainError as exc:
        err.print(f"fout: {exc}", markup=False)
        raise SystemExit(1) from None
    except OperationalError as exc:
        err.print(f"fout: database niet bereikbaar: {exc.orig}", markup=False)
        raise SystemExit(1) from None
