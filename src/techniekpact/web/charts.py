"""Vega-Lite specifications: one per figure, rendered by vega-embed in the browser and by
vl-convert on the server (SVG/PNG downloads, the yearly report), so both show the same chart.
"""

from __future__ import annotations

from typing import Any

from techniekpact.monitor.content import ObservationOut, TargetOut
from techniekpact.monitor.periods import parse_period

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
PALETTE = ["#01689b", "#e17000", "#39870c", "#a90061", "#8fcae7", "#673327", "#94710a"]


def series_label(breakdown: dict[str, str], labels: dict[str, dict[str, str]], total: str) -> str:
    if not breakdown:
        return total
    return ", ".join(labels.get(d, {}).get(v, v) for d, v in breakdown.items())


def indicator_spec(
    title: str,
    unit: str,
    rows: list[ObservationOut],
    labels: dict[str, dict[str, str]],
    *,
    targets: list[TargetOut] = (),  # type: ignore[assignment]
    lang: str = "nl",
    width: int | str = "container",
) -> dict[str, Any]:
    total = "Totaal" if lang == "nl" else "Total"
    values = [
        {
            "period": r.period,
            "year": parse_period(r.period).time,
            "value": r.value,
            "series": series_label(r.breakdown, labels, total),
        }
        for r in rows
    ]
    y_title = unit
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {
                    "field": "year",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": "d", "tickMinStep": 1},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
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
    target_values = []
    band_values = []
    for t in targets:
        target_values.append(
            {"year": t.year, "value": t.value, "label": f"{'Doel' if lang == 'nl' else 'Target'}"}
        )
        p = t.assessment.projection
        if p is not None and t.assessment.current_year is not None:
            band_values += [
                {
                    "year": t.assessment.current_year,
                    "low": t.assessment.current_value,
                    "high": t.assessment.current_value,
                },
                {"year": p.year, "low": p.low, "high": p.high},
            ]
    if band_values:
        layers.insert(
            0,
            {
                "data": {"values": band_values},
                "mark": {"type": "area", "opacity": 0.18, "color": "#01689b"},
                "encoding": {
                    "x": {"field": "year", "type": "quantitative"},
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
                    "x": {"field": "year", "type": "quantitative"},
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "label"},
                        {"field": "value", "format": ",.1f"},
                        {"field": "year"},
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
