"""The indicator page (and its embed, downloads and chart images): the figures shown, their
chart specification, the table's grid, the targets and the projection bands.

One object serves the page, the embed, the CSV/JSON downloads and the SVG/PNG chart, so what a
download holds is what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from techniekpact.content import charts, labels
from techniekpact.content.regions import regional_indicators
from techniekpact.i18n import text
from techniekpact.monitor import content
from techniekpact.monitor.figures import FigureFilters
from techniekpact.monitor.periods import parse_period


@dataclass(frozen=True)
class IndicatorPage:
    indicator: content.IndicatorOut
    theme: str
    """the indicator's theme in the reader's language"""
    split: str
    """the dimension the series are split by ("" for none), one the indicator has"""
    every_period: list[str]
    period_from: str
    period_to: str
    rows: list[content.ObservationOut]
    """the figures shown (in the chosen periods and split): chart, table and downloads"""
    series: list[str]
    periods: list[str]
    grid: dict[tuple[str, str], content.ObservationOut]
    """(period, series label) -> figure: the table under the chart"""
    targets: list[content.TargetOut]
    has_figures: bool
    regional: bool
    shown_targets: list[content.TargetOut]
    bands: list[charts.Band]
    spec: dict[str, Any]
    """the Vega-Lite specification of the chart"""
    sources: list[tuple[str, str]]
    breaks: list[content.ObservationOut]
    labels: dict[str, dict[str, str]]
    dimension_names: dict[str, str]


def _series_rows(rows: list[content.ObservationOut], split: str) -> list[content.ObservationOut]:
    if split:
        return [r for r in rows if split in r.breakdown]
    totals = [r for r in rows if not r.breakdown]
    return totals or rows


def build_indicator_page(
    db: Session,
    code: str,
    split: str,
    lang: str,
    width: int | str = "container",
    period_from: str = "",
    period_to: str = "",
) -> IndicatorPage:
    """The page of one indicator. `width` is the chart's: "container" on the page (the heading
    names the chart), a number of pixels for a download, which then carries its title and
    credits."""
    indicator = content.indicator(db, code)
    if split and split not in indicator.dimensions:
        split = ""
    names = content.dimension_labels(db, lang)
    every_period = sorted(content.periods(db, code), key=parse_period)
    window: FigureFilters = {"period_from": period_from or None, "period_to": period_to or None}
    # without a split the chart shows the totals (read alone), or every series if none exist
    rows = [] if split else content.observations(db, code, **(window | {"total_only": True}))
    if not rows:
        rows = _series_rows(content.observations(db, code, **window), split)
    targets = [t for t in content.targets(db) if t.indicator == code]
    shown_targets = [t for t in targets if (not split and not t.breakdown)]
    sources = sorted({(r.source_url, r.source_edition) for r in rows})
    title = ""
    credits = None
    if width != "container":
        title = text(indicator, "name", lang)
        credits = charts.chart_credits(indicator, sources, content.last_updated(db), lang)
    spec = charts.indicator_spec(
        title,
        indicator.unit,
        rows,
        names,
        targets=shown_targets,
        lang=lang,
        width=width,
        credits=credits,
    )
    kind = charts.axis_kind(rows)
    total = labels.total_label(lang)
    series = sorted({charts.series_label(r.breakdown, names, total) for r in rows})
    # by start and end; labels of the same span keep the order of their kinds
    periods = sorted(
        {r.period for r in rows},
        key=lambda p: min((r.period_kind, r.period) for r in rows if r.period == p),
    )
    periods.sort(key=parse_period)
    grid = {(r.period, charts.series_label(r.breakdown, names, total)): r for r in rows}
    return IndicatorPage(
        indicator=indicator,
        theme=labels.theme_name(indicator.theme, lang),
        split=split,
        every_period=every_period,
        period_from=period_from,
        period_to=period_to,
        rows=rows,
        series=series,
        periods=periods,
        grid=grid,
        targets=targets,
        has_figures=bool(every_period),
        regional=code in regional_indicators(db),
        shown_targets=shown_targets,
        bands=charts.projection_bands(shown_targets, kind) if rows else [],
        spec=spec,
        sources=sources,
        breaks=[r for r in rows if "break" in r.flags],
        labels=names,
        dimension_names=labels.dimension_names(lang),
    )
