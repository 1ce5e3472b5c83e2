"""Vega-Lite specifications: one per figure, rendered by vega-embed in the browser and by
vl-convert on the server (SVG/PNG downloads, the yearly report), so both show the same chart.

A downloaded image leaves the page behind, so it carries what the page says around the chart:
its title, its source and the date of the figures (`Credits`). School-year series keep their
school-year labels on the axis (2019/20, not 2019). The projection band runs from the latest
figure to the target year, and only forward: `projection_bands` says where, so the caption
under the chart can say the same.

The specifications are content, not web: the page hands them to vega-embed, the SVG/PNG
downloads to vl-convert, and the yearly report will render the same ones on the server. Every
text in them (titles, tooltips, credits) is made in the language asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from techniekpact import i18n
from techniekpact.monitor.content import IndicatorOut, ObservationOut, TargetOut
from techniekpact.monitor.periods import PeriodKind, parse_period
from techniekpact.monitor.updated import FiguresUpdated

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#8fcae7", "#673327", "#94710a"]
# "2019" on the axis of a school-year series reads as "2019/20" (the year starting 1 August).
SCHOOL_YEAR_LABEL = (
    "format(datum.value, 'd') + '/' + pad(format((datum.value + 1) % 100, 'd'), 2, '0', 'left')"
)


@dataclass(frozen=True)
class Credits:
    """What a chart outside its page must say: source line and date line, in the page's language."""

    source: str
    updated: str


@dataclass(frozen=True)
class Band:
    """A projection band from the latest figure (`start`) to the target year (`end`)."""

    target: str
    start: float
    start_label: str
    end: float
    end_label: str
    values: list[dict[str, float]]


def source_hosts(sources: Sequence[tuple[str, str]]) -> list[str]:
    """The sites behind a chart's figures, in order of first appearance, each once."""
    hosts: list[str] = []
    for url, _edition in sources:
        host = url.split("/")[2] if "//" in url else url
        host = host.removeprefix("www.")
        if host and host not in hosts:
            hosts.append(host)
    return hosts


def chart_credits(
    indicator: IndicatorOut,
    sources: Sequence[tuple[str, str]],
    updated: FiguresUpdated | None,
    lang: str,
) -> Credits:
    """The source and date lines a downloaded chart carries (it leaves the page behind)."""
    t = i18n.catalog(lang)
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
    if updated is not None and updated.precision == "day":
        date = i18n.long_date(updated.on, lang)
        line = t.gettext("Techniekpact Monitor, cijfers bijgewerkt op %(date)s") % {"date": date}
    elif updated is not None:
        line = t.gettext("Techniekpact Monitor, cijfers bijgewerkt in %(year)s") % {
            "year": updated.on.year
        }
    return Credits(source=source, updated=line)


def series_label(breakdown: dict[str, str], labels: dict[str, dict[str, str]], total: str) -> str:
    if not breakdown:
        return total
    return ", ".join(labels.get(d, {}).get(v, v) for d, v in breakdown.items())


def axis_kind(rows: list[ObservationOut]) -> str:
    """The period kind all rows share, or "" when they mix kinds (the axis then shows years)."""
    kinds = {r.period_kind for r in rows}
    return kinds.pop() if len(kinds) == 1 else ""


def year_label(time: float, kind: str) -> str:
    """How the axis names a position: 2019 -> "2019/20" on a school-year axis."""
    first = int(time)
    if kind == PeriodKind.SCHOOL_YEAR:
        return f"{first}/{(first + 1) % 100:02d}"
    return str(first)


def projection_bands(targets: Sequence[TargetOut], kind: str = "") -> list[Band]:
    """Bands for the targets whose projection looks forward from the latest figure.

    A target year already past (the latest figure is at or after it) has no projection to
    draw: a band running backwards from the latest figure would show the future in the past.
    """
    bands = []
    for t in targets:
        a = t.assessment
        p = a.projection
        if p is None or a.current_year is None or a.current_value is None:
            continue
        if p.year <= a.current_year:
            continue
        bands.append(
            Band(
                target=t.code,
                start=a.current_year,
                start_label=a.current_period or year_label(a.current_year, kind),
                end=p.year,
                end_label=str(int(p.year)),  # the target's year as its text writes it
                values=[
                    {"year": a.current_year, "low": a.current_value, "high": a.current_value},
                    {"year": p.year, "low": p.low, "high": p.high},
                ],
            )
        )
    return bands


def _x(kind: str, *, axis: bool) -> dict[str, Any]:
    x: dict[str, Any] = {"field": "year", "type": "quantitative"}
    if axis:
        x |= {"title": None, "axis": {"format": "d", "tickMinStep": 1}}
        if kind == PeriodKind.SCHOOL_YEAR:
            x["axis"]["labelExpr"] = SCHOOL_YEAR_LABEL
    return x


def indicator_spec(
    title: str,
    unit: str,
    rows: list[ObservationOut],
    labels: dict[str, dict[str, str]],
    *,
    targets: Sequence[TargetOut] = (),
    lang: str = "nl",
    width: int | str = "container",
    credits: Credits | None = None,
) -> dict[str, Any]:
    """The chart of one indicator. `title` and `credits` are for downloads (on the page the
    heading and caption say them); a chart without rows is never drawn (the page says so)."""
    total = "Totaal" if lang == "nl" else "Total"
    kind = axis_kind(rows)
    values = [
        {
            "period": r.period,
            "year": parse_period(r.period).time,
            "value": r.value,
            "series": series_label(r.breakdown, labels, total),
        }
        for r in rows
    ]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": _x(kind, axis=True),
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": unit,
                    "scale": {"zero": unit == "%"},
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"range": PALETTE},
                    "legend": {"orient": "bottom", "columns": 1, "labelLimit": 340},
                },
                "tooltip": [
                    {"field": "series", "title": "Reeks" if lang == "nl" else "Series"},
                    {"field": "period", "title": "Periode" if lang == "nl" else "Period"},
                    {"field": "value", "title": unit, "format": ",.1f"},
                ],
            },
        }
    ]
    word = "Doel" if lang == "nl" else "Target"
    target_values = [
        {"year": t.year, "value": t.value, "label": word, "period": str(t.year)} for t in targets
    ]
    for band in projection_bands(targets, kind):
        layers.insert(
            0,
            {
                "data": {"values": band.values},
                "mark": {"type": "area", "opacity": 0.18, "color": "#01689b"},
                "encoding": {
                    "x": _x(kind, axis=False),
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                },
            },
        )
    if target_values:
        layers.append(
            {
                "data": {"values": target_values},
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 120,
                    "filled": True,
                    "color": "#e17000",
                },
                "encoding": {
                    "x": _x(kind, axis=False),
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "label"},
                        {"field": "value", "format": ",.1f"},
                        {"field": "period"},
                    ],
                },
            }
        )
        layers.append(
            {
                "data": {"values": target_values},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#e17000"},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "width": width,
        "height": 320,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": "Fira Sans, Arial, sans-serif", "view": {"stroke": None}},
    }
    if title:  # downloads carry their title; on the page the heading above says it
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 16, "limit": 700}
        if credits is not None:
            spec["title"] |= {
                "subtitle": [credits.source, credits.updated],
                "subtitleFontSize": 11,
                "subtitleColor": "#444444",
                "subtitleLimit": 700,
                "subtitlePadding": 4,
            }
    return spec


def sparkline_svg(points: list[float], width: int = 120, height: int = 32) -> str:
    """A tiny inline SVG line, no script needed; decorative (the number beside it says it)."""
    if len(points) < 2:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    step = width / (len(points) - 1)
    coords = " ".join(
        f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}"
        for i, v in enumerate(points)
    )
    return (
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-hidden="true" focusable="false"><polyline fill="none" stroke="currentColor" '
        f'stroke-width="2" points="{coords}"/></svg>'
    )
