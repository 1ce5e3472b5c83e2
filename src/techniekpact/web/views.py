"""What each page shows, built from the content models (no HTML here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.i18n import N_
from techniekpact.monitor import content
from techniekpact.monitor.figures import FigureFilters
from techniekpact.monitor.models import DimensionValue, Indicator, Observation
from techniekpact.monitor.summary import build_summary
from techniekpact.web import charts, i18n, maps

# Headline figures on the home page: the pact's intake shares and its partnerships.
KEY_FIGURES = [
    "vmbo_tech_share_y3",
    "havovwo_nprofile_share",
    "mbo_beta_share_intake",
    "ho_beta_share_intake",
    "pps_companies",
    "am_vacancies_tech",
]
# the indicators' themes as a page names them (Dutch; the catalog translates)
THEMES = {
    "po": N_("Primair onderwijs"),
    "vmbo": N_("Vmbo"),
    "havo-vwo": N_("Havo en vwo"),
    "mbo": N_("Mbo"),
    "ho": N_("Hoger onderwijs"),
    "docenten": N_("Docenten"),
    "pps": N_("Publiek-private samenwerking"),
    "arbeidsmarkt": N_("Arbeidsmarkt"),
    "governance": N_("Sturing en samenwerking"),
}
STATUS_ORDER = [
    "deterioration",
    "limited_progress",
    "moderate_progress",
    "substantial_progress",
    "target_achieved",
    "not_available",
]


@dataclass
class KeyFigure:
    indicator: content.IndicatorOut
    latest: content.ObservationOut
    previous: content.ObservationOut | None
    sparkline: Markup


def home_view(db: Session, lang: str) -> dict[str, Any]:
    framework = content.current_framework(db)
    targets = content.targets(db)
    by_code = {t.code: t for t in targets}
    indicators = {i.code: i for i in content.indicators(db)}
    cards = []
    for goal in framework.goals:
        goal_targets = [by_code[c] for c in goal.targets if c in by_code]
        cards.append(
            {
                "goal": goal,
                "targets": goal_targets,
                "indicators": [indicators[c] for c in goal.indicators if c in indicators],
            }
        )
    figures = []
    for code in KEY_FIGURES:
        rows = [r for r in content.observations(db, code, total_only=True)]
        kind = rows[-1].period_kind if rows else ""
        rows = [r for r in rows if r.period_kind == kind]
        if rows:
            figures.append(
                KeyFigure(
                    indicators[code],
                    rows[-1],
                    rows[-2] if len(rows) > 1 else None,
                    Markup(charts.sparkline_svg([r.value for r in rows])),
                )
            )
    summary = build_summary(targets, framework)
    targets.sort(key=lambda t: STATUS_ORDER.index(t.assessment.status))
    return {
        "summary": summary,
        "labels": content.dimension_labels(db, lang),
        "framework": framework,
        "cards": cards,
        "figures": figures,
        "targets": targets,
        "updated": content.last_updated(db),
    }


def _series_rows(rows: list[content.ObservationOut], split: str) -> list[content.ObservationOut]:
    if split:
        return [r for r in rows if split in r.breakdown]
    totals = [r for r in rows if not r.breakdown]
    return totals or rows


def indicator_view(
    db: Session,
    code: str,
    split: str,
    lang: str,
    width: int | str = "container",
    period_from: str = "",
    period_to: str = "",
) -> dict[str, Any]:
    indicator = content.indicator(db, code)
    if split and split not in indicator.dimensions:
        split = ""
    labels = content.dimension_labels(db, lang)
    every_period = sorted(content.periods(db, code), key=_period_key)
    window: FigureFilters = {"period_from": period_from or None, "period_to": period_to or None}
    # without a split the chart shows the totals (read alone), or every series if none exist
    rows = [] if split else content.observations(db, code, **(window | {"total_only": True}))
    if not rows:
        rows = _series_rows(content.observations(db, code, **window), split)
    targets = [t for t in content.targets(db) if t.indicator == code]
    shown_targets = [t for t in targets if (not split and not t.breakdown)]
    title = indicator.name_en if lang == "en" and indicator.name_en else indicator.name_nl
    sources = sorted({(r.source_url, r.source_edition) for r in rows})
    credits = None
    if width == "container":
        title = ""
    else:
        credits = chart_credits(indicator, sources, content.last_updated(db), lang)
    spec = charts.indicator_spec(
        title,
        indicator.unit,
        rows,
        labels,
        targets=shown_targets,
        lang=lang,
        width=width,
        credits=credits,
    )
    kind = charts.axis_kind(rows)
    total = "Totaal" if lang == "nl" else "Total"
    series = sorted({charts.series_label(r.breakdown, labels, total) for r in rows})
    periods = sorted(
        {r.period for r in rows},
        key=lambda p: min((r.period_kind, r.period) for r in rows if r.period == p),
    )
    from techniekpact.monitor.periods import parse_period

    periods.sort(key=parse_period)
    grid = {(r.period, charts.series_label(r.breakdown, labels, total)): r for r in rows}
    breaks = [r for r in rows if "break" in r.flags]
    return {
        "indicator": indicator,
        "split": split,
        "every_period": every_period,
        "period_from": period_from,
        "period_to": period_to,
        "rows": rows,
        "series": series,
        "periods": periods,
        "grid": grid,
        "targets": targets,
        "has_figures": bool(every_period),
        "regional": code in regional_indicators(db),
        "shown_targets": shown_targets,
        "bands": charts.projection_bands(shown_targets, kind) if rows else [],
        "spec": spec,
        "sources": sources,
        "breaks": breaks,
        "labels": labels,
        "dimension_names": _dimension_names(lang),
        "themes_named": THEMES,
    }


def source_hosts(sources: list[tuple[str, str]]) -> list[str]:
    """The sites behind a chart's figures, in order of first appearance, each once."""
    hosts: list[str] = []
    for url, _edition in sources:
        host = url.split("/")[2] if "//" in url else url
        host = host.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def chart_credits(
    indicator: content.IndicatorOut,
    sources: list[tuple[str, str]],
    updated: Any,
    lang: str,
) -> charts.Credits:
    """The source and date lines a downloaded chart carries (it leaves the page behind)."""
    t = i18n.translations(lang)
    hosts = source_hosts(sources)
    shown = ", ".join(hosts[:3])
    if len(hosts) > 3:
        shown += " " + t.gettext("en %(count)s meer") % {"count": len(hosts) - 3}
    source = f"{t.gettext('Bron')}: {indicator.source_org}"
    if shown:
        source += f" ({shown})"
    # `updated` says when the figures last changed (monitor/updated.py), to the day or, when
    # only a source edition's year is known, to the year: the chart says no more than that
    line = "Techniekpact Monitor"
    on = getattr(updated, "on", updated)
    if on is not None and getattr(updated, "precision", "day") == "day":
        date = i18n.long_date(on, lang)
        line = t.gettext("Techniekpact Monitor, cijfers bijgewerkt op %(date)s") % {"date": date}
    elif on is not None:
        line = t.gettext("Techniekpact Monitor, cijfers bijgewerkt in %(year)s") % {"year": on.year}
    return charts.Credits(source=source, updated=line)


def _period_key(label: str) -> Any:
    from techniekpact.monitor.periods import parse_period

    return parse_period(label)


def _dimension_names(lang: str) -> dict[str, str]:
    nl = {
        "region": "regio",
        "education_level": "onderwijsniveau",
        "mbo_track": "leerweg mbo",
        "sex": "geslacht",
        "sector": "sector",
        "field": "opleidingsrichting",
        "teacher_training": "lerarenopleiding",
        "occupation_level": "beroepsniveau",
        "company_size": "bedrijfsgrootte",
        "network": "netwerk",
        "subject": "vak",
    }
    en = {k: k.replace("_", " ") for k in nl} | {
        "sex": "sex",
        "education_level": "education level",
        "mbo_track": "mbo learning pathway",
    }
    return nl if lang == "nl" else en


def regional_indicators(db: Session) -> set[str]:
    """Codes of the indicators with current figures per region, read from the figures.

    `region` is the first dimension, so a regional figure's breakdown key starts with
    "region=": one index seek per indicator, whatever the import recorded as dimensions.
    """
    found = db.scalars(
        select(Indicator.code).where(
            select(Observation.id)
            .where(
                Observation.indicator_id == Indicator.id,
                Observation.is_current.is_(True),
                Observation.breakdown >= "region=",
                Observation.breakdown < "region>",
            )
            .exists()
        )
    )
    return set(found)


def _layer_of(region: str, layers: dict[str, set[str]]) -> str:
    """The map layer a region code is drawn on: a landsdeel colours its provinces."""
    if region.startswith("tp-"):
        return "province"
    return next((name for name, codes in layers.items() if region in codes), "")


def regions_view(db: Session, code: str, layer: str, lang: str) -> dict[str, Any]:
    """The map, legend and table of one regional indicator on one layer.

    A layer is offered only where the indicator has figures for it, so the map never pretends
    to show arbeidsmarktregio's it has no figures for.
    """
    t = i18n.translations(lang)
    regional = regional_indicators(db)
    candidates = [i for i in content.indicators(db) if i.code in regional]
    chosen = next((i for i in candidates if i.code == code), candidates[0] if candidates else None)
    values: dict[str, float] = {}
    shown: dict[str, str] = {}
    subgroup = ""
    table = []
    period = None
    available: list[str] = []
    asked = layer
    no_data = t.gettext("geen gegevens")
    if chosen is not None:
        layers = {name: maps.layer_codes(name) for name in maps.LAYERS}
        every = [r for r in content.observations(db, chosen.code) if "region" in r.breakdown]
        by_layer = {r.breakdown["region"]: _layer_of(r.breakdown["region"], layers) for r in every}
        available = [name for name in maps.LAYERS if name in by_layer.values()]
        if layer not in available and available:
            layer = available[0]
        rows = [r for r in every if by_layer[r.breakdown["region"]] == layer]
        labels = content.dimension_labels(db, lang)
        groups: dict[str, list[content.ObservationOut]] = {}
        for r in rows:
            rest = {k: v for k, v in r.breakdown.items() if k != "region"}
            groups.setdefault(charts.series_label(rest, labels, ""), []).append(r)
        subgroup = "" if "" in groups else (sorted(groups)[0] if groups else "")
        rows = groups.get(subgroup, [])
        if rows:
            period = max((r.period for r in rows), key=_period_key)
            rows = [r for r in rows if r.period == period]
        parents = {
            v.code: v.parent_code
            for v in db.scalars(
                select(DimensionValue).where(DimensionValue.dimension_code == "region")
            )
        }
        names = labels.get("region", {})
        for r in rows:
            region = r.breakdown["region"]
            table.append({"code": region, "name": names.get(region, region), "row": r})
            targets = [region]
            if region.startswith("tp-"):
                targets = [p for p, parent in parents.items() if parent == region]
            for target in targets:
                values[target] = r.value
                shown[target] = (
                    f"{i18n.quantity(r.value, r.unit, lang)} ({names.get(region, region)})"
                )
    title = name_in(chosen, lang) if chosen else ""
    svg = Markup("")
    if chosen is not None:
        svg = Markup(maps.choropleth_svg(layer, values, shown, title, no_data=no_data))
    legend = map_legend(list(values.values()), chosen.unit if chosen else "", lang)
    return {
        "candidates": candidates,
        "chosen": chosen,
        "layer": layer,
        "asked_layer": asked,
        "layers": available,
        "svg": svg,
        "table": table,
        "subgroup": subgroup,
        "period": period,
        "legend": legend,
    }


def map_legend(values: list[float], unit: str, lang: str) -> list[dict[str, str]]:
    """The map's classes as text in the page's number format: "4.711 – 9.958 leerlingen".

    Whole-number series (counts) get whole-number bounds; others one decimal.
    """
    decimals = 0 if all(float(v).is_integer() for v in values) else 1

    def show(v: float) -> str:
        return i18n.number(v, lang, decimals)

    suffix = "%" if unit == "%" else f" {unit}" if unit else ""
    return [
        {
            "colour": c.colour,
            "text": (show(c.high) if c.low == c.high else f"{show(c.low)} – {show(c.high)}")
            + suffix,
        }
        for c in maps.classes(values)
    ]


def name_in(item: Any, lang: str) -> str:
    """An item's name in the page's language, Dutch where no English name exists."""
    return (getattr(item, "name_en", "") if lang == "en" else "") or item.name_nl


def search_view(db: Session, q: str, lang: str) -> dict[str, Any]:
    needle = q.strip().lower()
    if not needle:
        return {"goals": [], "indicators": [], "figures": []}

    def hit(*texts: str) -> bool:
        return any(needle in (t or "").lower() for t in texts)

    goals = [g for g in content.goals(db) if hit(g.code, g.name_nl, g.name_en, g.description_nl)]
    indicators = [
        i
        for i in content.indicators(db)
        if hit(i.code, i.name_nl, i.name_en, i.definition_nl, i.source_org)
    ]
    by_code = {i.code: i for i in content.indicators(db)}
    figures = [(by_code[row.indicator], row) for row in content.search_figures(db, needle)]
    return {"goals": goals, "indicators": indicators, "figures": figures}
