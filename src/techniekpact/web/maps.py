"""Choropleth maps as server-rendered SVG from the bundled CBS/PDOK TopoJSON (no tile server,
nothing fetched from another site, readable without JavaScript)."""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any

from techniekpact.i18n import _

GEO = resources.files("techniekpact") / "data" / "geo"
LAYERS = {"province": "provincie_2026", "arbeidsmarktregio": "arbeidsmarktregio_2025"}
# Light to dark blue, readable with dark text on the first three and white on the rest.
SCALE = ["#dcedf5", "#a6cfe3", "#6cb0d2", "#2f8dbf", "#01689b", "#154273"]
NO_DATA = "#f3f3f3"


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


def classes(values: list[float]) -> list[float]:
    """Equal-interval class breaks over the values shown (documented on the page)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [low]
    step = (high - low) / len(SCALE)
    return [low + step * i for i in range(1, len(SCALE))]


def colour(value: float | None, breaks: list[float]) -> str:
    if value is None:
        return NO_DATA
    for i, edge in enumerate(breaks):
        if value < edge:
            return SCALE[i]
    return SCALE[min(len(breaks), len(SCALE) - 1)]


def choropleth_svg(
    layer: str, values: dict[str, float], labels: dict[str, str], title: str, width: int = 520
) -> str:
    """An SVG map; each region has a <title> with its name and value for pointer users.

    The map is a picture of the table next to it (which screen readers use), so it is marked
    as an image with a short label.
    """
    breaks = classes(list(values.values()))
    paths = []
    for code, name, rings in shapes(layer):
        d = " ".join(
            "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (_project(*p, width) for p in ring)) + "Z"
            for ring in rings
        )
        value = values.get(code)
        shown = labels.get(code, _("geen gegevens"))
        paths.append(
            f'<path d="{d}" fill="{colour(value, breaks)}" stroke="#ffffff" stroke-width="0.8">'
            f"<title>{name}: {shown}</title></path>"
        )
    height = int(_project(3.3, 50.7, width)[1]) + 2
    return (
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" aria-label="{title}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(paths)}</svg>'
    )
