"""`techniekpact parliament ...`: the register of motions and commitments, and the annex."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techniekpact import changes, i18n
from techniekpact.console import (
    ActorOption,
    CommentOption,
    JsonOption,
    TodayOption,
    app,
    database,
    err,
    origin,
    out,
    print_json,
    write,
)
from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.parliament import annex
from techniekpact.parliament.items import KIND_LABELS, STATUS_LABELS, ItemStatus
from techniekpact.parliament.register import Filters, item_json, register
from techniekpact.parliament.store import items

# the actor a Kamer sync records: the connector, the Tweede Kamer's open data
SYNC_ACTOR = "tweedekamer"
parliament_app = typer.Typer(help="Kamer: moties en toezeggingen over het Techniekpact.")
app.add_typer(parliament_app, name="parliament")


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DomainError(
            _("{option} {text!r} is geen datum (JJJJ-MM-DD)", option=option, text=text)
        ) from None


@parliament_app.command("list")
def list_command(
    state: Annotated[
        ItemStatus | None, typer.Option("--status", help="open, voldaan, afgedaan of overdue.")
    ] = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Moties en toezeggingen met hun status, termijn en antwoord.

    Voorbeeld: techniekpact parliament list --status overdue
    """
    day = _date(today, "--today") or date.today()
    with database() as session:
        rows = register(session, Filters(state=state), day)
    if as_json:  # the items of GET /api/v1/parliament/items?status=...
        print_json([item_json(i, s) for i, s in rows])
        return
    table = Table(_("soort"), "kamerstuk", _("titel"), "status", _("termijn"), _("antwoord"))
    for item, current in rows:
        table.add_row(
            _(KIND_LABELS[item.kind]),
            item.kamerstuk or item.debate[:30] or item.tk_number,
            i18n.text(item, "title"),
            _(STATUS_LABELS[current]),
            str(item.due_date or "-"),
            item.answer_kamerstuk or "-",
        )
    out.print(table)


class AnnexFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"


@parliament_app.command("annex")
def annex_command(
    start: Annotated[str, typer.Option("--from", help="Beantwoord vanaf (JJJJ-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="Beantwoord tot en met (JJJJ-MM-DD).")],
    fmt: Annotated[AnnexFormat, typer.Option("--format", help="md, html of pdf.")] = AnnexFormat.MD,
    output: Annotated[Path | None, typer.Option("--output", help="Bestand; anders stdout.")] = None,
) -> None:
    """De bijlage "Reactie op enkele moties en toezeggingen" voor de jaarlijkse brief.

    Voorbeeld: techniekpact parliament annex --from 2020-01-01 --to 2020-12-31 --format html
    """
    first, last = _date(start, "--from"), _date(end, "--to")
    assert first is not None and last is not None
    with database() as session:
        register = items(session)
    if fmt is AnnexFormat.PDF:
        if output is None:
            raise DomainError(_("--output BESTAND.pdf is nodig voor --format pdf"))
        output.write_bytes(annex.pdf_document(register, first, last))
        out.print(_("geschreven: {path}", path=output))
        return
    render = annex.markdown if fmt is AnnexFormat.MD else annex.html_document
    text = render(register, first, last)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(_("geschreven: {path}", path=output))


@parliament_app.command("sync")
def sync_command(
    dossier: Annotated[
        str, typer.Option("--dossier", help="Kamerstukdossier, bv. 32637 of 36800-IV.")
    ] = "32637",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Alleen gewijzigd sinds (JJJJ-MM-DD); standaard een dag voor de vorige sync.",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Alles ophalen, ook wat sinds de vorige sync gelijk bleef."),
    ] = False,
    api_root: Annotated[
        str | None, typer.Option("--api-root", help="OData-root (spiegel of test).")
    ] = None,
    actor: ActorOption = None,
    comment: CommentOption = "",
    as_json: JsonOption = False,
) -> None:
    """Moties en toezeggingen ophalen uit de Open Data van de Tweede Kamer.

    Alles wordt eerst opgehaald en dan in één keer verwerkt: bij een fout verandert er niets.
    Met de hand bewerkte velden worden nooit overschreven; er wordt niets verwijderd.
    Zonder --since haalt de sync alleen op wat sinds de vorige sync (min een dag) veranderde.

    Een motie is één item per Zaak van de Kamer; een motie zonder nummer (nog niet genummerd)
    krijgt een code naar haar zaaknummer en houdt haar item als ze later een nummer krijgt.

    Voorbeeld: techniekpact parliament sync --dossier 32637 --since 2024-01-01
    """
    from datetime import timedelta

    import httpx

    from techniekpact.parliament.motions import parse_dossier
    from techniekpact.parliament.store import apply_sync, last_sync
    from techniekpact.parliament.sync import DEFAULT_ROOT, Client, fetch

    number, toevoeging = parse_dossier(dossier)  # a bad dossier is an error before any request
    dossier = f"{number}-{toevoeging}" if toevoeging else str(number)
    root = api_root or DEFAULT_ROOT
    source = f"{root} dossier {dossier}"
    start = _date(since, "--since")
    if start is None and not full:
        with database() as session:
            previous = last_sync(session, source)
        # a day's overlap: changes made while the previous sync ran are fetched again
        start = previous - timedelta(days=1) if previous else None
    agent = {"User-Agent": "techniekpact-monitor"}
    with (
        err.status("Tweede Kamer: moties en toezeggingen ophalen..."),
        httpx.Client(timeout=30, headers=agent) as http,
    ):
        incoming, deleted = fetch(Client(root, http), dossier, start)
    # a connector's run: its actor is the connector unless --actor names who ran it
    who = origin(actor, comment, channel=changes.SYNC_CHANNEL, automatic=SYNC_ACTOR)
    result = write(lambda session: apply_sync(session, incoming, deleted, source, origin=who))
    if as_json:
        print_json(
            {
                "new": result.new,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped_deleted": result.skipped_deleted,
                "since": start.isoformat() if start else None,
            }
        )
        return
    window = f" (gewijzigd sinds {start.isoformat()})" if start else ""
    out.print(
        f"{len(incoming)} items opgehaald{window}: {result.new} nieuw, "
        f"{result.updated} bijgewerkt, {result.unchanged} ongewijzigd, "
        f"{result.skipped_deleted} verwijderd in de bron"
    )


@parliament_app.command("import")
def import_command(
    path: Annotated[
        Path, typer.Argument(help="YAML- of JSON-bestand met items (zoals data/parliament.yaml).")
    ],
    actor: ActorOption = None,
    comment: CommentOption = "",
    as_json: JsonOption = False,
) -> None:
    """Moties en toezeggingen met de hand invoeren of bijwerken (bv. oudere toezeggingen).

    Elk veld in het bestand geldt als handmatig: een latere sync overschrijft het niet.

    Voorbeeld: techniekpact parliament import toezeggingen.yaml
    """
    from techniekpact.parliament.store import apply_manual, read_manual
    from techniekpact.settings import Settings

    entries = read_manual(path, Settings().max_import_bytes)
    who = origin(actor, comment)
    new, updated = write(lambda session: apply_manual(session, entries, path.name, origin=who))
    result = {"items": len(entries), "new": new, "updated": updated}
    if as_json:
        print_json(result)
        return
    out.print(
        _(
            "{file}: {n} items, {new} nieuw, {updated} bijgewerkt",
            file=path.name,
            n=result["items"],
            new=new,
            updated=result["updated"],
        )
    )
