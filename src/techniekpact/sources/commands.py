"""`techniekpact sources ...`: the source connectors on the command line.

`sources list` shows what each connector reads and produces; `sources import NAME INPUT...`
runs one through the monitor's import path (`sources.run`). Options a connector declares
(`--api-root` for a connector with "api_root" among its options) are passed on; one it does
not declare is refused before anything is read.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from techniekpact import i18n
from techniekpact.console import JsonOption, app, err, open_factory, out, print_json
from techniekpact.i18n import _
from techniekpact.problems import ImportRejected

sources_app = typer.Typer(help="Bronkoppelingen: cijfers berekend uit open data (DUO, CBS).")
app.add_typer(sources_app, name="sources")


@sources_app.command("list")
def list_command(as_json: JsonOption = False) -> None:
    """De bronkoppelingen: wat ze lezen en welke indicatoren ze maken.

    Voorbeeld: techniekpact sources list --json
    """
    from techniekpact.sources import describe
    from techniekpact.sources.registry import connectors, rejected

    infos = [describe(r.connector, r.origin) for r in connectors().values()]
    skipped = rejected()
    if as_json:
        print_json({"connectors": infos, "rejected": skipped})
        return
    lang = i18n.current()
    table = Table(_("naam"), _("versie"), _("bron"), _("leest"), _("indicatoren"))
    for info in infos:
        table.add_row(
            info.name,
            info.version,
            info.title_en if lang == "en" else info.title_nl,
            info.reads_en if lang == "en" else info.reads_nl,
            "\n".join(info.indicators),
        )
    out.print(table)
    for item in skipped:
        err.print(
            _("overgeslagen: {name} ({origin}): {reason}", **item.__dict__),
            markup=False,
        )


@sources_app.command("import")
def import_command(
    name: Annotated[str, typer.Argument(help="De bron: duo, cbs, ... (zie sources list).")],
    inputs: Annotated[list[str], typer.Argument(help="Bestanden of tabellen van de bron.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Alleen tonen wat er zou veranderen.")
    ] = False,
    api_root: Annotated[
        str | None,
        typer.Option("--api-root", help="Adres van de API (alleen bronnen die dat kennen)."),
    ] = None,
    accept_warnings: Annotated[
        bool, typer.Option("--accept-warnings", help="Toch inlezen bij waarschuwingen.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Cijfers berekenen uit een bron en inlezen (alles of niets, herzieningen bewaard).

    Elk probleem wordt gemeld met bestand, rij, kolom, wat verwacht werd en wat er stond; een
    run met een fout verandert niets, en dezelfde bestanden nog eens veranderen niets.

    Voorbeeld: techniekpact sources import duo mbo-deelnemers.csv --dry-run
    """
    from techniekpact.monitor.explain import format_number
    from techniekpact.sources.registry import get
    from techniekpact.sources.run import run_connector

    connector = get(name)
    options = {} if api_root is None else {"api_root": api_root}
    lang = i18n.current()
    try:
        with err.status(_("{name}: berekenen en controleren...", name=name)):
            result = run_connector(
                open_factory(),
                connector,
                inputs,
                options,
                dry_run=dry_run,
                accept_warnings=accept_warnings,
            )
    except ImportRejected as exc:
        if not as_json:
            raise
        print_json(exc.report.to_dict())
        raise typer.Exit(1) from None
    if as_json:
        print_json(result.to_dict())
        return
    for note in result.notes:
        err.print(f"{name}: {note}", markup=False)
    for warning in result.summary.warnings:
        err.print(str(warning), markup=False)
    s = result.summary
    n = {k: format_number(getattr(s, k), 0, lang) for k in ("rows", "new", "revised", "unchanged")}
    if dry_run:
        message = _(
            "{name}: {rows} cijfers berekend (proef, niets gewijzigd): {new} nieuw, "
            "{revised} herzien, {unchanged} ongewijzigd",
            name=name,
            **n,
        )
    else:
        message = _(
            "{name}: {rows} cijfers berekend en ingelezen: {new} nieuw, {revised} herzien, "
            "{unchanged} ongewijzigd",
            name=name,
            **n,
        )
    out.print(message, markup=False)
