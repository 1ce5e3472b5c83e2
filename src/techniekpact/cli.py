"""The `techniekpact` command: a thin shell over the library.

Commands parse options, open the database through `bootstrap.open_database` and call the same
functions the web app calls. Domain errors become one line on stderr and exit status 1.
The app object and the helpers the command modules share live in `console.py`; this module
mounts the capabilities' `commands` modules on it, translates the tree and runs it.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Iterator
from typing import Any

import typer
from sqlalchemy.exc import OperationalError
from typer import rich_utils

from techniekpact import i18n

# the shared app and helpers, here too for callers that knew them as `cli.*`
from techniekpact.console import (  # noqa: F401
    app,
    database,
    err,
    open_factory,
    out,
    print_json,
    to_jsonable,
    write,
)
from techniekpact.errors import DomainError
from techniekpact.i18n import N_, _
from techniekpact.problems import ImportRejected


def language_from(argv: list[str]) -> tuple[str, list[str]]:
    """The language asked for (`--lang en` or `--lang=en` anywhere, else the environment's
    LANG) and the arguments without that option: every command speaks one language, chosen
    in one place."""
    rest: list[str] = []
    lang = ""
    args = iter(argv)
    for arg in args:
        if arg == "--lang":
            lang = next(args, "")
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    if lang and lang not in i18n.LANGUAGES:
        with i18n.using(i18n.from_environment()):
            raise SystemExit(_("fout: --lang is nl of en, niet {lang!r}", lang=lang))
    return lang or i18n.from_environment(), rest


# Help texts written by click and Typer themselves, in English there: a Dutch key of our own
# each, so that the help of a Dutch run is Dutch too (click's "Usage:" stays click's word)
FRAMEWORK_HELP = {
    "Show this message and exit.": N_("Deze hulp tonen en stoppen."),
    "Install completion for the current shell.": N_("Aanvulling installeren voor deze shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Aanvulling voor deze shell tonen, om te kopiëren of de installatie aan te passen."
    ),
}


def _register_commands() -> None:
    from techniekpact.monitor import commands  # noqa: F401  (registers the monitor commands)
    from techniekpact.parliament import commands as parliament_commands  # noqa: F401
    from techniekpact.schemes import commands as scheme_commands  # noqa: F401
    from techniekpact.sources import commands as source_commands  # noqa: F401
    from techniekpact.web import commands as web_commands  # noqa: F401


def _walk(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _walk(sub)


def _help_owners(root: Any) -> Iterator[Any]:
    """Every command and parameter of the tree that has a help text, `--help` included.

    The tree is Typer's (which brings its own copy of click), hence `Any` for its types."""
    for command in _walk(root):
        yield command
        yield from command.params
        help_option = command.get_help_option(typer.Context(command))
        if help_option is not None:
            yield help_option


def help_texts() -> list[str]:
    """Every help text of the CLI as written (Dutch): the keys `build` looks up, which
    scripts/update_translations.py adds to the catalog (the extractor cannot see docstrings)."""
    _register_commands()
    texts = {
        text
        for owner in _help_owners(typer.main.get_command(app))
        for text in (owner.help, getattr(owner, "short_help", None))
        if text and text not in FRAMEWORK_HELP
    }
    return sorted(texts)


def build(lang: str | None = None) -> Any:
    """The whole command tree with every help text in `lang` (default: the run's language).

    Typer takes help texts from the code when a module defines its commands, before `--lang`
    is read; the tree is therefore built here, once the language is known, and each text
    (Dutch, the catalog's key) translated, Typer's panel titles included.
    """
    _register_commands()
    with i18n.using(lang or i18n.current()):
        rich_utils.ARGUMENTS_PANEL_TITLE = _("Argumenten")
        rich_utils.OPTIONS_PANEL_TITLE = _("Opties")
        rich_utils.COMMANDS_PANEL_TITLE = _("Opdrachten")
        rich_utils.REQUIRED_LONG_STRING = _("[verplicht]")
        rich_utils.DEFAULT_STRING = _("[standaard: {}]")
        root = typer.main.get_command(app)
        for owner in _help_owners(root):
            if owner.help:
                owner.help = _(FRAMEWORK_HELP.get(owner.help, owner.help))
            if getattr(owner, "short_help", None):
                owner.short_help = _(owner.short_help)
    return root


def run(argv: list[str]) -> int:
    """Run the command with these arguments and return its exit status.

    `main` (the installed script, `python -m techniekpact`) calls it, and so do the tests, in
    their own process (tests/cli_runner.py). Each run gets a context of its own, so the
    language it chose (a context variable) ends with it, and closes the database connections
    it opened. Errors that are no one's fault but the program's still propagate: a traceback.
    """
    from techniekpact.console import _opened

    opened = len(_opened)
    try:
        contextvars.copy_context().run(_run, list(argv))
    except SystemExit as exc:
        return _exit_status(exc.code)
    finally:
        while len(_opened) > opened:
            _opened.pop().kw["bind"].dispose()
    return 0


def _exit_status(code: object) -> int:
    """What the interpreter makes of `SystemExit(code)`: a message goes to stderr, status 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def main() -> None:
    sys.exit(run(sys.argv[1:]))


def _run(argv: list[str]) -> None:
    lang, args = language_from(argv)
    i18n.set_language(lang)
    command = build(lang)
    try:
        command.main(args=args, prog_name="techniekpact", standalone_mode=True)
    except ImportRejected as exc:
        for problem in exc.report.problems:
            err.print(str(problem), markup=False)
        if exc.report.suppressed:
            err.print(_("... en nog {n} problemen", n=exc.report.suppressed), markup=False)
        err.print(_("fout: {message}", message=exc), markup=False)
        raise SystemExit(1) from None
    except DomainError as exc:
        err.print(_("fout: {message}", message=exc), markup=False)
        raise SystemExit(1) from None
    except OperationalError as exc:
        message = _writer_message(exc) or _("database niet bereikbaar: {reason}", reason=exc.orig)
        err.print(_("fout: {message}", message=message), markup=False)
        raise SystemExit(1) from None


def _writer_message(exc: OperationalError) -> str | None:
    """A database that is there but busy with another writer says so, never "not reachable":
    a deadlock or serialization failure, or SQLite's "database is locked"."""
    from techniekpact.writers import SQLITE_WAIT, WriteConflict, WriterBusy, is_retryable

    if is_retryable(exc):
        return str(WriteConflict(1))
    if "database is locked" in str(exc.orig):
        return str(WriterBusy(SQLITE_WAIT))  # a wait outside writers.lock: pysqlite's default
    return None
