"""The regions page: one regional indicator on one map layer, as a shaded map, its legend and
the table the map is a picture of."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact import i18n
from techniekpact.content import charts, maps
from techniekpact.monitor import content
from techniekpact.monitor.models import DimensionValue, Indicator, Observation
from techniekpact.monitor.periods import parse_period


@dataclass(frozen=True)
class RegionRow:
    """A line of the table: the region's code, its name in the reader's language, its figure."""

    code: str
    name: str
    row: content.ObservationOut


@dataclass(frozen=True)
class RegionsPage:
    candidates: list[content.IndicatorOut]
    """the indicators with figures per region"""
    chosen: content.IndicatorOut | None
    layer: str
    """the layer drawn: the one asked for when the indicator has figures for it"""
    asked_layer: str
    layers: list[str]
    """the layers the indicator has figures for (the only ones offered)"""
    svg: Markup
    table: list[RegionRow]
    subgroup: str
    """the series shown when the regional figures are split further ("" for the totals)"""
    period: str | None
    legend: list[maps.LegendEntry]


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


def build_regions_page(db: Session, code: str, layer: str, lang: str) -> RegionsPage:
    """The map, legend and table of one regional indicator (the first when `code` is none of
    them) on one layer.

    A layer is offered only where the indicator has figures for it, so the map never pretends
    to show arbeidsmarktregio's it has no figures for.
    """
    regional = regional_indicators(db)
    candidates = [i for i in content.indicators(db) if i.code in regional]
    chosen = next((i for i in candidates if i.code == code), candidates[0] if candidates else None)
    values: dict[str, float] = {}
    shown: dict[str, str] = {}
    subgroup = ""
    table: list[RegionRow] = []
    period = None
    available: list[str] = []
    asked = layer
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
            period = max((r.period for r in rows), key=parse_period)
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
            table.append(RegionRow(code=region, name=names.get(region, region), row=r))
            # a landsdeel's figure colours each of its provinces
            targets = [region]
            if region.startswith("tp-"):
                targets = [p for p, parent in parents.items() if parent == region]
            for target in targets:
                values[target] = r.value
                shown[target] = (
                    f"{i18n.quantity(r.value, r.unit, lang)} ({names.get(region, region)})"
                )
    svg = Markup("")
    if chosen is not None:
        no_data = i18n.gettext("geen gegevens", lang)
        title = i18n.text(chosen, "name", lang)
        svg = Markup(maps.choropleth_svg(layer, values, shown, title, no_data=no_data))
    return RegionsPage(
        candidates=candidates,
        chosen=chosen,
        layer=layer,
        asked_layer=asked,
        layers=available,
        svg=svg,
        table=table,
        subgroup=subgroup,
        period=period,
        legend=maps.legend(list(values.values()), chosen.unit if chosen else "", lang),
    )
