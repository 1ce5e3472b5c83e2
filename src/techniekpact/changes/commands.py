"""`techniekpact changes`: the change records, newest first, with who made each one.

The CLI runs on the server, for its operators, so it shows the actor's name, where the public
API does not (`changes.content`); `--json` prints the API's object with that one difference.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from techniekpact.changes.content import (
    CAPABILITY_LABELS,
    CHANNEL_LABELS,
    KIND_LABELS,
    Capability,
    change_list,
)
from techniekpact.console import JsonOption, app, database, out, print_json
from techniekpact.i18n import _


def _label(labels: dict[str, str], value: str) -> str:
    return _(labels[value]) if value in labels else value


@app.command("changes")
def changes_command(
    capability: Annotated[
        Capability | None,
        typer.Option(
            "--capability",
            help="Alleen wijzigingen van figures, indicators, schemes of parliament.",
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", min=1, max=10_000, help="Hoeveel (nieuwste eerst)."),
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """Het wijzigingslogboek: elke import, sync en seed, nieuwste eerst.

    Per wijziging: wat (cijfers, regelingen, Kamer), wie, wanneer, via welk kanaal, de aantallen
    en de toelichting (--comment).

    Voorbeeld: techniekpact changes --capability figures --limit 5
    """
    with database() as session:
        rows = change_list(session, capability, limit=limit, public=False)
    if as_json:  # the items of GET /api/v1/changes, with the actor's name
        print_json([row.model_dump(mode="json") for row in rows])
        return
    table = Table(
        "id",
        _("wanneer"),
        _("wat"),
        _("wie"),
        _("kanaal"),
        _("nieuw/herzien/ongewijzigd"),
        _("bron"),
        _("toelichting"),
        title=_("Wijzigingen"),
    )
    for row in rows:
        counts = f"{row.new}/{row.revised}/{row.unchanged}"
        table.add_row(
            str(row.id),
            row.created_at.strftime("%Y-%m-%d %H:%M"),
            f"{_label(CAPABILITY_LABELS, row.capability)}: {_label(KIND_LABELS, row.kind)}",
            row.actor or "-",
            _label(CHANNEL_LABELS, row.channel),
            counts,
            row.source,
            row.comment,
        )
    out.print(table)
    if not rows:
        out.print(_("geen wijzigingen"))
