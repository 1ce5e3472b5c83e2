"""CLI commands of the monitor. Each one: options in, one library call, output out."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact import i18n
from techniekpact.console import JsonOption, app, database, err, open_factory, out, print_json
from techniekpact.db import transaction
from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.monitor import assessments, content, datapackage, queries
from techniekpact.monitor import export as exporting
from techniekpact.monitor.explain import explain, format_number, format_value
from techniekpact.monitor.progress import Assessment, Method, assess
from techniekpact.monitor.progress import Goal as ProgressGoal
from techniekpact.monitor.series_file import read_series
from techniekpact.writers import run_writer

MethodOption = Annotated[
    Method, typer.Option("--method", help="Voortgangsmethode (docs/progress-method.md).")
]


def print_models(obj: BaseModel | Sequence[BaseModel]) -> None:
    """Content objects as the API sends them (`model_dump(mode="json")`, field names and order
    unchanged), so a script written against one reads the other."""
    if isinstance(obj, BaseModel):
        print_json(obj.model_dump(mode="json"))
        return
    print_json([item.model_dump(mode="json") for item in obj])


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Decimal(StrEnum):
    COMMA = "comma"
    POINT = "point"


class Direction(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    DATAPACKAGE = "datapackage"


@app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="CSV- of Excel-bestand in het tidy-formaat.")],
    file_format: Annotated[
        Format | None, typer.Option("--format", help="Formaat; standaard naar de extensie.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Alleen tonen wat er zou veranderen.")
    ] = False,
    decimal: Annotated[
        Decimal | None,
        typer.Option("--decimal", help="Decimaalteken als het bestand dat niet zelf verraadt."),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Excel: dit werkblad lezen (standaard het eerste zichtbare)."),
    ] = None,
    accept_warnings: Annotated[
        bool,
        typer.Option(
            "--accept-warnings",
            help="Toch inlezen bij waarschuwingen (fractie, jaarsoort, ver buiten de reeks).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Cijfers inlezen uit een CSV- of Excel-bestand (alles of niets).

    Elk probleem wordt gemeld met bestand, rij, kolom, wat verwacht werd en wat er stond; een
    bestand met een fout verandert niets. Formaat: docs/import-format.md.

    Voorbeeld: techniekpact import cijfers.csv --dry-run
    """
    from techniekpact.monitor.importers import ReadOptions, parse_file
    from techniekpact.monitor.importers.archive import WorkbookLimits
    from techniekpact.monitor.store import ImportSummary, apply_import, load_catalogue
    from techniekpact.problems import ImportRejected
    from techniekpact.settings import Settings

    limits = WorkbookLimits(max_bytes=Settings().max_workbook_bytes)

    settings = Settings()
    lang = i18n.current()
    try:
        # a million rows take seconds: say which step is running (on a terminal only)
        reading = _("{file}: lezen en controleren...", file=path.name)
        with err.status(reading) as step:
            factory = open_factory()
            with transaction(factory) as session:
                catalogue = load_catalogue(session)
            parsed = parse_file(
                path,
                catalogue,
                file_format=file_format.value if file_format else None,
                decimal=decimal.value if decimal else None,
                options=ReadOptions(sheet=sheet, limits=limits, max_rows=settings.max_import_rows),
                max_bytes=settings.max_import_bytes,
            )
            rows = parsed.observations.height
            step.update(
                _(
                    "{file}: {rows} rijen vergelijken en schrijven...",
                    file=path.name,
                    rows=format_number(rows, 0, lang),
                )
            )
            checked = copy.deepcopy(parsed.report)

            def compare_and_write(session: Session) -> ImportSummary:
                # a rerun (after a deadlock) starts from the report as validation left it
                return apply_import(
                    session,
                    dataclasses.replace(parsed, report=copy.deepcopy(checked)),
                    source_name=str(path),
                    dry_run=dry_run,
                    accept_warnings=accept_warnings,
                )

            summary = run_writer(factory, compare_and_write)
    except ImportRejected as exc:
        if not as_json:
            raise  # the CLI prints every problem on stderr
        print_json(exc.report.to_dict())
        raise typer.Exit(1) from None
    if as_json:
        print_json(summary.to_dict() | {"notes": parsed.report.notes})
        return
    for note in parsed.report.notes:  # how the file was read: its sheet, separator, encoding
        err.print(f"{summary.file}: {note}", markup=False)
    for warning in summary.warnings:
        err.print(str(warning), markup=False)
    if summary.warnings and not accept_warnings:
        err.print(
            _(
                "{n} waarschuwing(en): de import stopt zonder --accept-warnings",
                n=len(summary.warnings),
            ),
            markup=False,
        )
    n = {
        k: format_number(getattr(summary, k), 0, lang)
        for k in ("rows", "new", "revised", "unchanged")
    }
    if dry_run:
        message = _(
            "{file}: {rows} rijen gecontroleerd (proef, niets gewijzigd): {new} nieuw, "
            "{revised} herzien, {unchanged} ongewijzigd",
            file=summary.file,
            **n,
        )
    else:
        message = _(
            "{file}: {rows} rijen ingelezen: {new} nieuw, {revised} herzien, "
            "{unchanged} ongewijzigd",
            file=summary.file,
            **n,
        )
    out.print(message)


@app.command("progress")
def progress_command(
    series_csv: Annotated[Path, typer.Argument(help="CSV met de kolommen period,value.")],
    target: Annotated[float | None, typer.Option("--target", help="Streefwaarde.")] = None,
    target_year: Annotated[int | None, typer.Option("--target-year", help="Doeljaar.")] = None,
    direction: Annotated[
        Direction, typer.Option("--direction", help="Welke kant is goed.")
    ] = Direction.INCREASE,
    limit: Annotated[
        float | None, typer.Option("--limit", help="Natuurlijke grens, zoals 100 voor een aandeel.")
    ] = None,
    base_year: Annotated[int | None, typer.Option("--base-year", help="Basisjaar.")] = None,
    method: MethodOption = Method.OPENSDG,
    as_json: JsonOption = False,
) -> None:
    """Voortgang van een willekeurige reeks beoordelen, los van de database.

    Voorbeeld: techniekpact progress reeks.csv --target 30 --target-year 2025 --json
    """
    if (target is None) != (target_year is None):
        raise DomainError(_("--target en --target-year horen bij elkaar"))
    points = read_series(series_csv)
    sign = 1 if direction is Direction.INCREASE else -1
    goal = ProgressGoal(sign, target, None if target_year is None else float(target_year), limit)
    result = assess(points, goal, method=method, base_year=base_year)
    if as_json:
        print_json(_assessment_json(result))
        return
    lang = i18n.current()
    out.print(explain(result, "", lang))
    if result.score is not None:
        out.print(_("score: {score} (van -5 tot 5)", score=format_number(result.score, 2, lang)))


def _assessment_json(result: Assessment) -> dict[str, object]:
    from techniekpact.console import to_jsonable

    data = to_jsonable(result)
    data["label_nl"] = result.label_nl
    data["label_en"] = result.label_en
    return data


@app.command("assess")
def assess_command(method: MethodOption = Method.OPENSDG, as_json: JsonOption = False) -> None:
    """Alle streefcijfers in de database met hun status: liggen ze op koers?

    Voorbeeld: techniekpact assess --method eurostat-short
    """
    with database() as session:
        if as_json:  # the items of GET /api/v1/assessments?method=...
            print_models(content.target_assessments(session, method))
            return
        results = assessments.assess_targets(session, method)
        summary = content.summary(session, method)
    lang = i18n.current()
    table = Table(
        _("streefcijfer"),
        "indicator",
        _("doel"),
        _("laatste"),
        "status",
        "score",
        title=_("Streefcijfers ({method})", method=method.value),
    )
    for r in results:
        a = r.assessment
        last = "-" if a.current_value is None else format_value(a.current_value, r.unit, lang)
        table.add_row(
            r.target_code,
            r.indicator_code,
            f"{format_value(r.target_value, r.unit, lang)} in {r.target_year}",
            last if a.current_year is None else f"{last} ({a.current_period})",
            f"{a.label_nl if lang == 'nl' else a.label_en} [{a.status.value}]",
            "-" if a.score is None else format_number(a.score, 2, lang),
        )
    out.print(table)
    for line in summary.text_nl if lang == "nl" else summary.text_en:
        out.print(line)


@app.command("summary")
def summary_command(method: MethodOption = Method.OPENSDG, as_json: JsonOption = False) -> None:
    """Ligt het pact op koers? De streefcijfers en thema's geteld, in gewone woorden.

    Dezelfde telling als bovenaan de homepagina en GET /api/v1/summary.

    Voorbeeld: techniekpact summary --lang en
    """
    with database() as session:
        result = content.summary(session, method)
        updated = content.last_updated(session)
    if as_json:
        print_json({"summary": result, "figures_updated": updated})
        return
    # the language of every command: --lang (anywhere on the line) or LANG
    for line in result.text_nl if i18n.current() == "nl" else result.text_en:
        out.print(line)


@app.command("goals")
def goals_command(
    framework: Annotated[
        str | None, typer.Option("--framework", help="Alleen dit kader, bv. tp2016.")
    ] = None,
    trace: Annotated[
        str | None, typer.Option("--trace", help="Geschiedenis van één doel, bv. 2013-AL1-WT.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """De doelenkaders van het pact, of de geschiedenis van één doel door de kaders heen.

    Voorbeeld: techniekpact goals --trace 2013-AL2-MBO30
    """
    from techniekpact.monitor.models import Framework

    with database() as session:
        if trace:
            if as_json:  # what GET /api/v1/goals/{code} sends
                print_models(content.goal_detail(session, trace))
                return
            goal, back, forward = queries.trace(session, trace)
            english = i18n.current() == "en"
            out.print(f"[bold]{goal.code}[/bold] {i18n.text(goal, 'name')}")
            for title, steps in ((_("komt voort uit"), back), (_("gaat verder als"), forward)):
                out.print(f"\n{title}:")
                if not steps:
                    out.print(_("  (geen bekende koppeling)"))
                for s in steps:
                    name = s.to_name_en if english and s.to_name_en else s.to_name
                    other = f"{s.to_code} {name} [{s.to_framework}]" if s.to_code else "-"
                    start = f"{s.from_code} [{s.from_framework}]"
                    out.print(f"{'  ' * s.depth}{start} --{s.kind}--> {other}", markup=False)
                    note = s.note_en if english and s.note_en else s.note
                    if note:
                        out.print(f"{'  ' * s.depth}  {note}", markup=False)
            return
        query = select(Framework).order_by(Framework.year_start)
        if framework:
            query = query.where(Framework.code == framework)
        frameworks = list(session.scalars(query))
        if framework and not frameworks:
            raise DomainError(_("onbekend kader {framework!r}", framework=framework))
        if as_json:  # the items of GET /api/v1/frameworks
            codes = {f.code for f in frameworks}
            print_models([f for f in content.frameworks(session) if f.code in codes])
            return
        for f in frameworks:
            out.print(f"\n[bold]{f.code}[/bold] {i18n.text(f, 'name')} (Kamerstuk {f.kamerstuk})")
            for g in f.goals:
                indent = "    " if g.parent_id else "  "
                out.print(f"{indent}{g.code:<16} {i18n.text(g, 'name')}")


@app.command("indicators")
def indicators_command(as_json: JsonOption = False) -> None:
    """De indicatoren met eenheid, bron en aantal cijfers.

    Voorbeeld: techniekpact indicators --json
    """
    with database() as session:
        rows = content.indicators(session)
    if as_json:  # the items of GET /api/v1/indicators
        print_models(rows)
        return
    english = i18n.current() == "en"
    table = Table("code", _("naam"), _("eenheid"), _("bron"))
    for r in rows:
        name = r.name_en if english and r.name_en else r.name_nl
        table.add_row(r.code, name, i18n.unit_label(r.unit), r.source_org)
    out.print(table)


@app.command("stats")
def stats_command(as_json: JsonOption = False) -> None:
    """Aantallen: kaders, doelen, indicatoren, cijfers, streefcijfers, imports.

    Voorbeeld: techniekpact stats
    """
    with database() as session:
        counts = queries.stats(session)
    if as_json:
        print_json(counts)
        return
    for name, value in counts.items():
        out.print(f"{name:<14} {value:>8}")


@app.command("check")
def check_command(as_json: JsonOption = False) -> None:
    """Consistentie: streefcijfers zonder cijfers, verouderde reeksen, losse indicatoren.

    Voorbeeld: techniekpact check --json
    """
    from techniekpact.sources import lineage
    from techniekpact.sources.registry import connectors

    with database() as session:
        findings = queries.check(session) + lineage.check(session, set(connectors()))
    if as_json:
        print_json(findings)
        return
    for f in findings:
        out.print(f"{f.code:<24} {f.subject:<36} {f.message}", markup=False)
    out.print(_("{n} bevindingen", n=len(findings)))


@app.command("export")
def export_command(
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="csv, json of datapackage.")
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Bestand (of map voor datapackage); standaard stdout."),
    ] = None,
) -> None:
    """Alle gegevens exporteren. CSV heeft precies het importformaat.

    Voorbeeld: techniekpact export --format datapackage --output export/
    """
    import json
    import sys

    with database() as session:
        if export_format is ExportFormat.DATAPACKAGE:
            if output is None:
                raise DomainError(_("--output MAP is nodig voor een datapackage"))
            path = datapackage.write_datapackage(session, output)
            out.print(_("geschreven: {path}", path=path))
            return
        if export_format is ExportFormat.CSV:
            text = exporting.to_csv(session)
        else:
            from techniekpact.console import to_jsonable

            text = (
                json.dumps(to_jsonable(exporting.to_json(session)), ensure_ascii=False, indent=2)
                + "\n"
            )
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        out.print(_("geschreven: {path}", path=output))
