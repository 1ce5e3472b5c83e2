"""What every command module shares: the Typer app, the consoles, JSON output and the database.

The capabilities' `commands` modules register their commands on `app` and use these helpers;
`cli.py` mounts them and runs the tree. Keeping the shared part here, below both, means a
`commands` module never imports `cli` and `cli` never has to be half-imported when a command
module loads (they imported each other before).
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from techniekpact import i18n

if TYPE_CHECKING:
    from techniekpact.changes import Origin

app = typer.Typer(
    name="techniekpact",
    help="Techniekpact Monitor: doelen, indicatoren, cijfers en voortgang van het Techniekpact.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)
T = TypeVar("T")
# the session factories a run opened, their engines disposed of when it ends (`cli.run`)
_opened: list[sessionmaker[Session]] = []


def open_factory() -> sessionmaker[Session]:
    """Sessions on the configured database, migrated and seeded; settings read now, so that
    each run (in-process ones in the tests included) sees the environment it was given."""
    from techniekpact.bootstrap import open_database
    from techniekpact.settings import Settings

    factory = open_database(Settings())
    _opened.append(factory)
    return factory


@contextmanager
def database() -> Iterator[Session]:
    """A session in one transaction on the configured database, migrated and seeded."""
    from techniekpact.db import transaction

    with transaction(open_factory()) as session:
        yield session


def write(work: Callable[[Session], T]) -> T:
    """Run a writing command's work in a transaction of its own on the configured database,
    rerun when the database breaks it off for a deadlock (`writers.run_writer`)."""
    from techniekpact.writers import run_writer

    return run_writer(open_factory(), work)


# Options that several commands share, declared once: the same flag, the same help text (one
# catalog entry) and the same type everywhere; a command takes one as its parameter's type,
# e.g. `as_json: JsonOption = False`.
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-leesbare JSON-uitvoer.")]
# a date as typed; each command parses it itself and says which option was wrong
TodayOption = Annotated[
    str | None, typer.Option("--today", help="Doe alsof het deze datum is (JJJJ-MM-DD).")
]
# who makes a change and why, recorded in its change record (`techniekpact changes`)
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--actor", help="Wie de wijziging maakt (standaard: de gebruiker van het systeem)."
    ),
]
CommentOption = Annotated[
    str,
    typer.Option("--comment", help="Waarom: een toelichting die bij de wijziging wordt bewaard."),
]
LangOption = Annotated[
    str,
    typer.Option(
        "--lang", help="Taal van de meldingen: nl of en (standaard: LANG, anders nl). Mag overal."
    ),
]


@app.callback()
def options(lang: LangOption = "") -> None:
    """Techniekpact Monitor: doelen, indicatoren, cijfers en voortgang van het Techniekpact."""
    if lang:
        i18n.set_language(lang)


def origin(actor: str | None, comment: str, *, channel: str = "cli", automatic: str = "") -> Origin:
    """Who makes a command's change (`changes.Origin`): `--actor`, else the connector's name for
    a sync (`automatic`), else the operating system's user; and `--comment`, why."""
    from techniekpact import changes

    name = (actor or "").strip() or automatic or changes.os_user()
    return changes.Origin(name, channel, comment.strip())


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
