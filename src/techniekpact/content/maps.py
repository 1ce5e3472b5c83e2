"""Choropleth maps as server-rendered SVG from the bundled CBS/PDOK TopoJSON (no tile server,
nothing fetched from another site, readable without JavaScript).

Content, not web: the regions page shows the map and its legend, and the yearly report will
print the same SVG and the same classes. The legend's text is made in the language asked for.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import escape

from techniekpact import i18n

GEO = resources.files("techniekpact") / "data" / "geo"
LAYERS = {"province": "provincie_2026", "arbeidsmarktregio": "arbeidsmarktregio_2025"}
# Light to dark blue, at most five classes: more cannot be told apart on a small map.
SCALE = ["#dcedf5", "#a6cfe3", "#6cb0d2", "#01689b", "#154273"]
NO_DATA = "#f3f3f3"
# Regions without figures are hatched as well as grey, so "no data" is not told by colour alone.
NO_DATA_FILL = "url(#geen-gegevens)"
NO_DATA_PATTERN = (
    '<pattern id="geen-gegevens" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f3f3"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.5"/></pattern>'
)


@dataclass(frozen=True)
class MapClass:
    """One legend class: values from `low` to `high` (the last class includes its top)."""

    low: float
    high: float
    colour: str


@dataclass(frozen=True)
class LegendEntry:
    """One line of a map's legend: the class's colour and its range in the reader's words."""

    colour: str
    text: str


@cache
def _topology(layer: str) -> dict[str, Any]:
    return json.loads((GEO / f"{LAYERS[layer]}.topojson").read_text(encoding="utf-8"))


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


@cache
def shapes(layer: str) -> list[tuple[str, str, list[list[tuple[float, float]]]]]:
    """(code, name, rings in lon/lat) for every region of a layer."""
    topology = _topology(layer)
    arcs = _arcs(topology)
    out = []
    for geometry in topology["objects"][LAYERS[layer]]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        props = geometry["properties"]
        out.append((props["statcode"], props["statnaam"], rings))
    return out


def _project(lon: float, lat: float, width: float) -> tuple[float, float]:
    west, east, north = 3.3, 7.25, 53.6
    kx = math.cos(math.radians(52.1))
    scale = width / ((east - west) * kx)
    return (lon - west) * kx * scale, (north - lat) * scale


def layer_codes(layer: str) -> set[str]:
    """The region codes a layer can draw (its map's regions)."""
    return {code for code, _name, _rings in shapes(layer)}


def classes(values: list[float], count: int = len(SCALE)) -> list[MapClass]:
    """Equal-interval classes over the values shown, no more classes than distinct values.

    Equal intervals keep the legend readable as plain ranges ("25 – 30%"); with the few
    regions of a Dutch map, quantiles would put one or two regions in each class.
    """
    distinct = sorted(set(values))
    if not distinct:
        return []
    k = min(count, len(distinct))
    low, high = distinct[0], distinct[-1]
    if k == 1:
        return [MapClass(low, high, SCALE[len(SCALE) // 2])]
    step = (high - low) / k
    picks = [round(i * (len(SCALE) - 1) / (k - 1)) for i in range(k)]
    edges = [low + step * i for i in range(k)] + [high]
    return [MapClass(edges[i], edges[i + 1], SCALE[picks[i]]) for i in range(k)]


def colour(value: float | None, breaks: list[MapClass]) -> str:
    if value is None or not breaks:
        return NO_DATA_FILL
    for item in breaks:
        if value < item.high:
            return item.colour
    return breaks[-1].colour


def choropleth_svg(
    layer: str,
    values: dict[str, float],
    labels: dict[str, str],
    title: str,
    width: int = 520,
    *,
    no_data: str = "geen gegevens",
) -> str:
    """An SVG map; each region has a <title> with its name and value for pointer users.

    The map is a picture of the table next to it (which screen readers use), so it is marked
    as an image with a short label.
    """
    breaks = classes(list(values.values()))
    title = escape(title)
    paths = []
    for code, name, rings in shapes(layer):
        d = " ".join(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (_project(*p, width) for p in ring)) + "Z"
            for ring in rings
        )
        value = values.get(code)
        shown = labels.get(code, no_data)
        paths.append(
            f'<path d="{d}" fill="{colour(value, breaks)}" stroke="#ffffff" stroke-width="0.8">'
            f"<title>{escape(name)}: {escape(shown)}</title></path>"
        )
    height = int(_project(3.3, 50.7, width)[1]) + 2
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
        f'xmlns="http://www.w3.org/2000/svg"><defs>{NO_DATA_PATTERN}</defs>{"".join(paths)}</svg>'
    )


def legend(values: list[float], unit: str, lang: str) -> list[LegendEntry]:
    """The map's classes as text in the reader's number format: "4.711 – 9.958 leerlingen".

    Whole-number series (counts) get whole-number bounds; others one decimal.
    """
    decimals = 0 if all(float(v).is_integer() for v in values) else 1

    def show(v: float) -> str:
        return i18n.number(v, lang, decimals)

    # the unit as the reader's language names it ('leerlingen' -> 'pupils')
    suffix = "%" if unit == "%" else f" {i18n.unit_label(unit, lang)}" if unit else ""
    return [
        LegendEntry(
            colour=c.colour,
            text=(show(c.high) if c.low == c.high else f"{show(c.low)} – {show(c.high)}") + suffix,
        )
        for c in classes(values)
    ]
