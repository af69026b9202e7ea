"""The map's boundaries as the app reads them: the 99 communes, closed rings, borders that still meet."""

from __future__ import annotations

import collections
import csv
from itertools import pairwise

from charts.maps import geometry
from settings import DATA_DIR


def test_boundaries_are_the_99_communes():
    shapes = geometry.boundaries()
    with open(DATA_DIR / "communes.csv", encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(shapes.communes) == codes
    for polygons in [*shapes.communes.values(), shapes.province]:
        for ring in geometry.rings(polygons):
            assert ring[0] == ring[-1] and len(ring) >= 4
    west, south, east, north = shapes.bounds
    assert 105.5 < west < east < 107.5 and 20.5 < south < north < 22


def test_simplified_communes_still_meet():
    # every edge is shared by two communes or lies on the province's edge: no gap, no overlap
    edges = collections.Counter()
    vertices = 0
    for polygons in geometry.boundaries().communes.values():
        for ring in geometry.rings(polygons):
            vertices += len(ring)
            edges.update(frozenset((tuple(a), tuple(b))) for a, b in pairwise(ring))
    assert set(edges.values()) <= {1, 2}
    assert vertices < 15_000  # from 52.129 in data/communes.geojson


def test_geometry_of_one_or_several_polygons():
    square = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    assert geometry.geojson_geometry([square]) == {"type": "Polygon", "coordinates": square}
    both = geometry.geojson_geometry([square, square])
    assert both == {"type": "MultiPolygon", "coordinates": [square, square]}
    assert geometry.polygons_of(both) == [square, square]
    assert geometry.polygons_of(geometry.geojson_geometry([square])) == [square]


def test_clockwise_rings_for_plotly_geo():
    # a square turning left (GeoJSON's order for an outer ring) and a hole turning left too
    outer = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    hole = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]
    turned = geometry.clockwise([[outer, hole]])
    assert turned == [[outer[::-1], hole]]
    assert geometry.clockwise(turned) == turned  # already d3-geo's order: unchanged
    for polygons in geometry.boundaries().communes.values():
        for polygon in geometry.clockwise(polygons):
            assert geometry._signed_area(polygon[0]) < 0


def test_ring_lines_join_the_rings_with_a_gap():
    square = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    lons, lats = geometry.ring_lines([square, square[::-1]])
    assert lons == [0.0, 1.0, 1.0, 0.0, None, 0.0, 1.0, 1.0, 0.0, None]
    assert lats == [0.0, 0.0, 1.0, 0.0, None, 0.0, 1.0, 0.0, 0.0, None]
    assert geometry.ring_lines([]) == ([], [])
