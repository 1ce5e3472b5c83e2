"""Check a table as CBS serves it against its mapping, and turn its observations into figures.

`resolve` runs on the metadata alone (Dimensions, MeasureCodes, the code lists): it finds each
mapped dimension, measure and value, reports every one it cannot find (all of them, not only
the first), and yields the OData filter that asks CBS for just the selected observations.
`tidy_rows` then reads the observations into the figures-import layout; an observation with a
code the table's own code list does not hold is an `unknown-code` at its position
(`<table>/Observations`, row n, column = the dimension), never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.sources.cbs.client import TableData
from techniekpact.sources.cbs.mapping import TableMapping, same_title
from techniekpact.sources.cbs.periods import PeriodCodeError, cbs_period

# CBS's period status for figures that may still change (the vignette's PeriodenCodes)
PROVISIONAL = "voorlopig"


@dataclass
class Resolved:
    """The mapping's names bound to the table's identifiers."""

    measures: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> indicator, unit
    # dimension identifier -> (our dimension or None, {CBS code -> our value code})
    selected: dict[str, tuple[str | None, dict[str, str]]] = field(default_factory=dict)
    time_dimension: str = ""
    # every code of every dimension, and of the measures: what an observation may hold
    known: dict[str, set[str]] = field(default_factory=dict)

    def odata_filter(self) -> str:
        """`Measure eq 'A' and (Geslacht eq 'x' or ...)`: only the observations mapped."""
        parts = [_any_of("Measure", self.measures)]
        parts += [_any_of(dim, codes) for dim, (_b, codes) in self.selected.items()]
        return " and ".join(parts)


def _any_of(column: str, codes: Iterable[str]) -> str:
    terms = [f"{column} eq '{c.replace(chr(39), chr(39) * 2)}'" for c in sorted(codes)]
    return terms[0] if len(terms) == 1 else "(" + " or ".join(terms) + ")"


def _titles(rows: list[dict[str, Any]]) -> str:
    shown = [str(r.get("Title", r.get("Identifier", ""))) for r in rows[:12]]
    return ", ".join(shown) + (", ..." if len(rows) > 12 else "")


def _find(rows: list[dict[str, Any]], code: str | None, title: str | None) -> dict[str, Any] | None:
    for row in rows:
        if code is not None and str(row.get("Identifier", "")).strip() == code:
            return row
        if code is None and title is not None and same_title(row.get("Title", ""), title):
            return row
    return None


def resolve(mapping: TableMapping, table: TableData, report: Report) -> Resolved | None:
    """Bind the mapping to the table; None (with every problem in `report`) when it does not
    fit: a changed structure or unknown codes."""
    resolved = Resolved()
    where = f"{table.table_id}/MeasureCodes"
    resolved.known["Measure"] = {str(m.get("Identifier", "")) for m in table.measure_codes}
    for measure in mapping.measures:
        found = _find(table.measure_codes, measure.code, measure.title)
        if found is None:
            report.add(
                Problem(
                    Code.TABLE_CHANGED,
                    _("meetwaarde {title!r} staat niet (meer) in de tabel", title=measure.title),
                    where,
                    column="Measure",
                    expected=measure.code or measure.title,
                    found=_titles(table.measure_codes),
                )
            )
            continue
        resolved.measures[str(found["Identifier"])] = (measure.indicator, measure.unit)

    where = f"{table.table_id}/Dimensions"
    mapped: set[str] = set()
    for rule in mapping.dimensions:
        dim = _find(table.dimensions, None, rule.title)
        if dim is None:
            report.add(
                Problem(
                    Code.TABLE_CHANGED,
                    _("dimensie {title!r} ontbreekt in de tabel", title=rule.title),
                    where,
                    column=rule.title,
                    expected=rule.title,
                    found=_titles(table.dimensions),
                )
            )
            continue
        identifier = str(dim["Identifier"])
        mapped.add(identifier)
        codes = table.codes.get(identifier, [])
        resolved.known[identifier] = {str(c.get("Identifier", "")) for c in codes}
        if rule.time:
            resolved.time_dimension = identifier
            continue
        chosen: dict[str, str] = {}
        for value in rule.values:
            code = _find(codes, value.code, value.title)
            if code is None:
                report.add(
                    Problem(
                        Code.UNKNOWN_CODE,
                        _(
                            "waarde {name!r} van dimensie {dim!r} staat niet in de tabel",
                            name=value.name,
                            dim=rule.title,
                        ),
                        f"{table.table_id}/{identifier}Codes",
                        column=identifier,
                        expected=value.name,
                        found=_titles(codes),
                    )
                )
                continue
            chosen[str(code["Identifier"])] = value.ours
        resolved.selected[identifier] = (rule.breakdown, chosen)
    for dim in table.dimensions:
        if str(dim.get("Identifier")) not in mapped:
            report.add(
                Problem(
                    Code.TABLE_CHANGED,
                    _(
                        "nieuwe dimensie {title!r}: de koppeltabel kent haar niet, de cijfers "
                        "zouden dubbel tellen",
                        title=dim.get("Title", dim.get("Identifier")),
                    ),
                    where,
                    column=str(dim.get("Identifier")),
                    expected=", ".join(d.title for d in mapping.dimensions),
                )
            )
    if not resolved.time_dimension and report.ok:
        report.add(
            Problem(Code.TABLE_CHANGED, _("geen tijddimensie in de koppeltabel"), mapping.file)
        )
    return resolved if report.ok else None


def tidy_rows(
    resolved: Resolved, table: TableData, source_url: str, edition: str, report: Report
) -> pl.DataFrame | None:
    """The selected observations in the figures-import layout (strings, decimal point), in the
    order CBS served them; None with every problem in `report`."""
    where = f"{table.table_id}/Observations"
    periods = {
        str(c.get("Identifier", "")): c for c in table.codes.get(resolved.time_dimension, [])
    }
    columns: dict[str, list[Any]] = {
        "indicator": [],
        "period": [],
        "value": [],
        "unit": [],
        "flags": [],
        "source_url": [],
        "source_edition": [],
        "note": [],
    }
    breakdowns = sorted({b for b, _c in resolved.selected.values() if b})
    for name in breakdowns:
        columns[name] = []
    skipped = 0
    for position, obs in enumerate(table.observations, start=1):
        measure = str(obs.get("Measure", ""))
        if measure not in resolved.known["Measure"]:
            report.add(_unknown(where, position, "Measure", measure))
            continue
        values: dict[str, str] = {}
        keep = measure in resolved.measures
        for dim, known in resolved.known.items():
            if dim == "Measure":
                continue
            if dim not in obs:
                report.add(
                    Problem(
                        Code.TABLE_CHANGED,
                        _("waarneming zonder dimensie {dim!r}", dim=dim),
                        where,
                        row=position,
                        column=dim,
                    )
                )
                keep = False
                continue
            code = str(obs[dim])
            if code not in known:
                report.add(_unknown(where, position, dim, code))
                keep = False
            elif dim != resolved.time_dimension:
                breakdown, chosen = resolved.selected[dim]
                if code not in chosen:
                    keep = False
                elif breakdown and chosen[code]:
                    values[breakdown] = chosen[code]
        if not keep or not report.ok:
            continue
        raw = obs.get("Value")
        if raw is None:  # not published (CBS's ValueAttribute says why)
            skipped += 1
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            report.add(
                Problem(
                    Code.NOT_A_NUMBER,
                    _("geen getal"),
                    where,
                    row=position,
                    column="Value",
                    found=str(raw),
                )
            )
            continue
        period_code = str(obs[resolved.time_dimension])
        period_row = periods[period_code]
        try:
            period = cbs_period(period_code, str(period_row.get("Title", "")))
        except PeriodCodeError:
            report.add(
                Problem(
                    Code.BAD_PERIOD,
                    _("CBS-periode die de monitor niet kent"),
                    where,
                    row=position,
                    column=resolved.time_dimension,
                    expected=_("een jaar (2019JJ00), kwartaal (2019KW01) of schooljaar (2019/'20)"),
                    found=f"{period_code} ({period_row.get('Title', '')})",
                )
            )
            continue
        indicator, unit = resolved.measures[measure]
        status = str(period_row.get("Status") or "").strip().casefold()
        attribute = str(obs.get("ValueAttribute") or "None")
        columns["indicator"].append(indicator)
        columns["period"].append(period.label)
        columns["value"].append(repr(float(raw)))
        columns["unit"].append(unit)
        columns["flags"].append("provisional" if status == PROVISIONAL else "")
        columns["source_url"].append(source_url)
        columns["source_edition"].append(edition)
        columns["note"].append("" if attribute == "None" else f"CBS: {attribute}")
        for name in breakdowns:
            columns[name].append(values.get(name, ""))
    if not report.ok:
        return None
    if skipped:
        report.notes.append(
            _("{n} waarnemingen zonder waarde (niet gepubliceerd) overgeslagen", n=skipped)
        )
    return pl.DataFrame(columns, schema={c: pl.String for c in columns})


def _unknown(where: str, position: int, column: str, code: str) -> Problem:
    return Problem(
        Code.UNKNOWN_CODE,
        _("code die de tabel zelf niet kent ({column})", column=column),
        where,
        row=position,
        column=column,
        found=code,
    )
