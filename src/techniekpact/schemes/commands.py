"""`techniekpact schemes ...`: the Regelingenwijzer on the command line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techniekpact import changes
from techniekpact.console import (
    ActorOption,
    CommentOption,
    JsonOption,
    TodayOption,
    app,
    database,
    origin,
    out,
    print_json,
    write,
)
from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.regions import province_names, resolve_province
from techniekpact.schemes import checks
from techniekpact.schemes.catalogue import KINDS, PURPOSES
from techniekpact.schemes.eligibility import LEGAL_FORMS, VERDICT_LABELS, Company
from techniekpact.schemes.finder import Query, find
from techniekpact.schemes.results import SchemeResult
from techniekpact.schemes.store import apply_catalogue, catalogue

schemes_app = typer.Typer(help="Regelingenwijzer: regelingen voor mkb'ers in de techniek.")
app.add_typer(schemes_app, name="schemes")


def parse_today(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise DomainError(_("--today {text!r} is geen datum (JJJJ-MM-DD)", text=text)) from None


def company_from(
    province: str | None,
    sector: str | None,
    employees: int | None,
    turnover: float | None,
    age: float | None,
    purposes: list[str],
) -> Company:
    for purpose in purposes:
        if purpose not in PURPOSES:
            raise DomainError(
                _(
                    "onbekend doel {purpose!r}; kies uit {purposes}",
                    purpose=purpose,
                    purposes=", ".join(PURPOSES),
                )
            )
    return Company(
        province=resolve_province(province),
        sector=sector.upper() if sector else None,
        employees=employees,
        turnover_meur=turnover,
        age_years=age,
        purposes=tuple(purposes),
    )


@schemes_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Zoektekst, bv. 'scholingssubsidie'.")] = "",
    province: Annotated[str | None, typer.Option("--province", help="Provincie.")] = None,
    purpose: Annotated[
        list[str] | None, typer.Option("--purpose", help=f"Doel: {', '.join(PURPOSES)}.")
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help=f"Soort: {', '.join(KINDS)}.")
    ] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="SBI-sectie, bv. F.")] = None,
    employees: Annotated[int | None, typer.Option("--employees", help="Aantal werknemers.")] = None,
    turnover: Annotated[float | None, typer.Option("--turnover", help="Omzet in mln euro.")] = None,
    age: Annotated[float | None, typer.Option("--age", help="Leeftijd bedrijf in jaren.")] = None,
    legal_form: Annotated[
        str | None, typer.Option("--legal-form", help="Rechtsvorm: bv, nv, eenmanszaak, vof, ...")
    ] = None,
    open_now: Annotated[bool, typer.Option("--open-now", help="Alleen nu open.")] = False,
    include_all: Annotated[
        bool, typer.Option("--all", help="Ook gesloten, beëindigde en niet passende.")
    ] = False,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Regelingen zoeken die bij uw bedrijf passen, met uitleg waarom.

    Voorbeeld: techniekpact schemes search scholing --province Gelderland --employees 12 --sector F
    """
    company = company_from(province, sector, employees, turnover, age, purpose or [])
    if legal_form:
        if legal_form not in LEGAL_FORMS:
            raise DomainError(
                _(
                    "onbekende rechtsvorm {form!r}; kies uit {forms}",
                    form=legal_form,
                    forms=", ".join(LEGAL_FORMS),
                )
            )
        company = replace(company, legal_form=legal_form)
    query = Query(
        text=text,
        kinds=tuple(kind or ()),
        open_now=open_now,
        include_closed=include_all,
        include_unfit=include_all,
        company=company,
    )
    with database() as session:
        schemes = catalogue(session)
    results = find(schemes, query, parse_today(today), province_names=province_names())
    if as_json:
        # the items of GET /api/v1/schemes with the same questions
        print_json([SchemeResult.of(r).model_dump(mode="json") for r in results])
        return
    table = Table(
        _("regeling"),
        "status",
        _("past?"),
        _("uitleg"),
        _("aanvragen"),
        title=_("Regelingenwijzer"),
    )
    for r in results:
        status = r.status_label + (f" ({r.deadline})" if r.deadline else "")
        verdict = _(VERDICT_LABELS[r.fit.verdict])
        table.add_row(r.scheme.name, status, verdict, r.explanation, r.applicant)
    out.print(table)
    out.print(_("{n} regelingen. Controleer bedragen en data altijd bij de bron.", n=len(results)))


@schemes_app.command("check")
def check_command(
    online: Annotated[bool, typer.Option("--online", help="Ook de bronlinks controleren.")] = False,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Verouderde regelingen: einddatum voorbij, lang niet gecontroleerd, kapotte links.

    Voorbeeld: techniekpact schemes check --online
    """
    with database() as session:
        schemes = catalogue(session)
    findings = checks.staleness(schemes, parse_today(today))
    if online:
        findings += checks.links(schemes)
    if as_json:
        print_json(findings)
        return
    for f in findings:
        out.print(f"{f.code:<22} {f.scheme:<34} {f.message}", markup=False)
    out.print(_("{n} bevindingen", n=len(findings)))


@schemes_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="JSON- of CSV-bestand met regelingen.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen tonen wat verandert.")] = False,
    actor: ActorOption = None,
    comment: CommentOption = "",
    as_json: JsonOption = False,
) -> None:
    """Regelingen inlezen of bijwerken (alles of niets; elk probleem met positie).

    Voorbeeld: techniekpact schemes import regelingen.json --dry-run
    """
    from techniekpact.schemes.records import read
    from techniekpact.settings import Settings

    if not path.exists():
        raise DomainError(_("{path}: bestand niet gevonden", path=path))
    schemes = read(path, Settings().max_import_bytes)
    who = origin(actor, comment)
    summary = write(
        lambda session: apply_catalogue(
            session,
            schemes,
            source_name=str(path),
            origin=who,
            file_format=changes.format_of(path.name),
            dry_run=dry_run,
        )
    )
    if as_json:
        print_json(summary)
        return
    counts = {
        "file": path.name,
        "n": summary.schemes,
        "new": summary.new,
        "changed": summary.changed,
        "unchanged": summary.unchanged,
    }
    if dry_run:
        message = _(
            "{file}: {n} regelingen zou inlezen: {new} nieuw, {changed} gewijzigd, "
            "{unchanged} ongewijzigd",
            **counts,
        )
    else:
        message = _(
            "{file}: {n} regelingen ingelezen: {new} nieuw, {changed} gewijzigd, "
            "{unchanged} ongewijzigd",
            **counts,
        )
    out.print(message)


@schemes_app.command("sync")
def sync_command(
    source: Annotated[str, typer.Option("--source", help="Bron; nu alleen 'rvo'.")] = "rvo",
    url: Annotated[
        str | None, typer.Option("--url", help="Andere feed-URL (tests, spiegel).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", help="Schrijf nieuwe regelingen als concept-JSON om aan te vullen."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Vergelijk de catalogus met de open-datafeed van RVO en stel wijzigingen voor.

    Er wordt niets automatisch gewijzigd: nieuwe regelingen komen als concept in --output, om
    aan te vullen en met `schemes import` in te lezen.

    Voorbeeld: techniekpact schemes sync --source rvo --output voorstel.json
    """
    import json

    import httpx

    from techniekpact.schemes import sync

    if source != "rvo":
        raise DomainError(_("onbekende bron {source!r}; alleen 'rvo'", source=source))
    with httpx.Client(
        timeout=20, follow_redirects=True, headers={"User-Agent": "techniekpact-monitor"}
    ) as client:
        feed = sync.fetch(url or sync.DEFAULT_URL, client)
    with database() as session:
        proposal = sync.compare(feed, catalogue(session))
    if output is not None:
        output.write_text(
            json.dumps(sync.as_catalogue_entries(proposal), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    if as_json:
        print_json(proposal)
        return
    out.print(
        _(
            "{n} regelingen in de feed: {new} nieuw, {changed} wijzigingen, {gone} verdwenen",
            n=proposal.items,
            new=len(proposal.new),
            changed=len(proposal.changed),
            gone=len(proposal.disappeared),
        )
    )
    for item in proposal.new:
        out.print(_("  nieuw: {title} ({url})", title=item.title, url=item.url), markup=False)
    for change in proposal.changed:
        out.print(
            f"  {change['code']}: {change['field']} {change['old']!r} -> {change['new']!r}",
            markup=False,
        )
    for code in proposal.disappeared:
        out.print(_("  niet meer in de feed: {code}", code=code), markup=False)
