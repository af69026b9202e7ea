"""Charts layer, no Streamlit: the map's boundaries, read once per process from the simplified file.

`data/boundaries_simplified.geojson` is made from `data/communes.geojson` and
`data/province.geojson` by `tools/simplify_boundaries.py`; the app only reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import settings

BOUNDARIES_PATH = settings.DATA_DIR / "boundaries_simplified.geojson"

Ring = list[list[float]]  # closed: [[lon, lat], …, first point again]
Polygons = list[list[Ring]]  # each polygon: its outer ring, then its holes


@dataclass(frozen=True)
class Boundaries:
    """The simplified boundaries: commune polygons by code, the province's, the extent."""

    communes: dict[str, Polygons]
    province: Polygons
    bounds: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=4)
def boundaries(path: Path | None = None) -> Boundaries:
    """The communes and the province outline of the simplified file, read once per process."""
    collection = json.loads(Path(path or BOUNDARIES_PATH).read_text("utf-8"))
    communes: dict[str, Polygons] = {}
    province: Polygons = []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["level"] == "province":
            province += polygons_of(feature["geometry"])
        else:
            communes[properties["code"]] = polygons_of(feature["geometry"])
    xs = [p[0] for polygons in communes.values() for ring in rings(polygons) for p in ring]
    ys = [p[1] for polygons in communes.values() for ring in rings(polygons) for p in ring]
    return Boundaries(communes, province, (min(xs), min(ys), max(xs), max(ys)))


def polygons_of(geometry: dict[str, Any]) -> list:
    """The polygons of a GeoJSON Polygon or MultiPolygon, each a list of closed rings."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def geojson_geometry(polygons: Polygons) -> dict[str, Any]:
    """The GeoJSON geometry of polygons: a Polygon when there is one, else a MultiPolygon."""
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def rings(polygons: Polygons) -> list[Ring]:
    """Every ring of the polygons, outer rings and holes alike."""
    return [ring for polygon in polygons for ring in polygon]


def ring_lines(closed_rings: list[Ring]) -> tuple[list[float | None], list[float | None]]:
    """The rings as one line for Plotly: their longitudes and latitudes, a gap (None) after
    each ring."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for ring in closed_rings:
        lons += [point[0] for point in ring] + [None]
        lats += [point[1] for point in ring] + [None]
    return lons, lats


def _signed_area(ring: Ring) -> float:
    # the shoelace formula on longitude and latitude: positive when the ring turns left
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False)) / 2


def clockwise(polygons: Polygons) -> Polygons:
    """The polygons with outer rings clockwise and holes counter-clockwise, as d3-geo (Plotly's
    geo maps) reads them: it takes the inside of a ring to be on its right, the opposite of
    GeoJSON's order, and fills the whole globe but the commune for a ring the other way."""
    return [
        [
            ring[::-1] if (_signed_area(ring) > 0) == (index == 0) else ring
            for index, ring in enumerate(polygon)
        ]
        for polygon in polygons
    ]
