"""`techniekpact schemes ...`: the Regelingenwijzer on the command line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techniekpact.cli import app, database, out, print_json
from techniekpact.errors import DomainError
from techniekpact.schemes import checks
from techniekpact.schemes.catalogue import KINDS, PURPOSES
from techniekpact.schemes.eligibility import LEGAL_FORMS, VERDICT_LABELS, Company
from techniekpact.schemes.finder import Query, find
from techniekpact.schemes.loader import province_names
from techniekpact.schemes.sources import source_kind
from techniekpact.schemes.store import apply_catalogue, catalogue

schemes_app = typer.Typer(help="Regelingenwijzer: regelingen voor mkb'ers in de techniek.")
app.add_typer(schemes_app, name="schemes")

Today = Annotated[
    str | None, typer.Option("--today", help="Doe alsof het deze datum is (JJJJ-MM-DD).")
]


def resolve_province(text: str | None) -> str | None:
    if not text:
        return None
    names = province_names()
    if text.upper() in names:
        return text.upper()
    for code, name in names.items():
        if name.lower() == text.lower() or (text.lower() == "friesland" and code == "PV21"):
            return code
    raise DomainError(f"onbekende provincie {text!r}; bijvoorbeeld Gelderland of PV25")


def parse_today(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise DomainError(f"--today {text!r} is geen datum (JJJJ-MM-DD)") from None


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
            raise DomainError(f"onbekend doel {purpose!r}; kies uit {', '.join(PURPOSES)}")
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
    today: Today = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON-uitvoer.")] = False,
) -> None:
    """Regelingen zoeken die bij uw bedrijf passen, met uitleg waarom.

    Example: techniekpact schemes search scholing --province Gelderland --employees 12 --sector F
    """
    company = company_from(province, sector, employees, turnover, age, purpose or [])
    if legal_form:
        if legal_form not in LEGAL_FORMS:
            raise DomainError(
                f"onbekende rechtsvorm {legal_form!r}; kies uit {', '.join(LEGAL_FORMS)}"
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
        print_json(
            [
                {
                    "code": r.scheme.code,
                    "name": r.scheme.name,
                    "status": r.status.value,
                    "status_label": r.status_label,
                    "deadline": r.deadline,
                    "verdict": r.fit.verdict.value,
                    "explanation": r.explanation,
                    "applicant": r.applicant,
                    "kinds": list(r.scheme.kinds),
                    "purposes": list(r.scheme.purposes),
                    "max_amount": r.scheme.max_amount,
                    "source_url": r.scheme.source_url,
                    "source_kind": source_kind(r.scheme),
                }
                for r in results
            ]
        )
        return
    table = Table("regeling", "status", "past?", "uitleg", "aanvragen", title="Regelingenwijzer")
    for r in results:
        status = r.status_label + (f" ({r.deadline})" if r.deadline else "")
        verdict = VERDICT_LABELS[r.fit.verdict]
        table.add_row(r.scheme.name, status, verdict, r.explanation, r.applicant)
    out.print(table)
    out.print(f"{len(results)} regelingen. Controleer bedragen en data altijd bij de bron.")


@schemes_app.command("check")
def check_command(
    online: Annotated[bool, typer.Option("--online", help="Ook de bronlinks controleren.")] = False,
    today: Today = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON-uitvoer.")] = False,
) -> None:
    """Verouderde regelingen: einddatum voorbij, lang niet gecontroleerd, kapotte links.

    Example: techniekpact schemes check --online
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
    out.print(f"{len(findings)} bevindingen")


@schemes_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="JSON- of CSV-bestand met regelingen.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Alleen tonen wat verandert.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON-uitvoer.")] = False,
) -> None:
    """Regelingen inlezen of bijwerken (alles of niets; elk probleem met positie).

    Example: techniekpact schemes import regelingen.json --dry-run
    """
    from techniekpact.schemes.records import read

    if not path.exists():
        raise DomainError(f"{path}: bestand niet gevonden")
    schemes = read(path)
    with database() as session:
        summary = apply_catalogue(session, schemes, source_name=str(path), dry_run=dry_run)
    if as_json:
        print_json(summary)
        return
    verb = "zou inlezen" if dry_run else "ingelezen"
    out.print(
        f"{path.name}: {summary.schemes} regelingen {verb}: {summary.new} nieuw, "
        f"{summary.changed} gewijzigd, {summary.unchanged} ongewijzigd"
    )


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
    as_json: Annotated[bool, typer.Option("--json", help="JSON-uitvoer.")] = False,
) -> None:
    """Vergelijk de catalogus met de open-datafeed van RVO en stel wijzigingen voor.

    Er wordt niets automatisch gewijzigd: nieuwe regelingen komen als concept in --output, om
    aan te vullen en met `schemes import` in te lezen.

    Example: techniekpact schemes sync --source rvo --output voorstel.json
    """
    import json

    import httpx

    from techniekpact.schemes import sync

    if source != "rvo":
        raise DomainError(f"onbekende bron {source!r}; alleen 'rvo'")
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
        f"{proposal.items} regelingen in de feed: {len(proposal.new)} nieuw, "
        f"{len(proposal.changed)} wijzigingen, {len(proposal.disappeared)} verdwenen"
    )
    for item in proposal.new:
        out.print(f"  nieuw: {item.title} ({item.url})", markup=False)
    for change in proposal.changed:
        out.print(
            f"  {change['code']}: {change['field']} {change['old']!r} -> {change['new']!r}",
            markup=False,
        )
    for code in proposal.disappeared:
        out.print(f"  niet meer in de feed: {code}", markup=False)
