"""The map's builders: simplified boundaries that still meet, fixed classes, a deck with no tiles."""

from __future__ import annotations

import collections
import csv
import json
import math
import re
from itertools import pairwise

import polars as pl
import pytest

from charts import maps
from settings import DATA_DIR


def _measures(values: dict[str, dict]) -> pl.DataFrame:
    """A frame like queries.map.commune_measures: every commune, zero unless `values` says."""
    with open(DATA_DIR / "communes.csv", encoding="utf-8") as handle:
        communes = list(csv.DictReader(handle))
    rows = []
    for commune in communes:
        row = {
            "code": commune["code"],
            "name": commune["name"],
            "full_name": commune["full_name"],
            "commune_type": commune["type"],
            "former_province": commune["former_province"],
            "lat": float(commune["lat"]),
            "lon": float(commune["lon"]),
            "assets_placed": 0,
            "servers_baseline": 0,
            "servers_remaining": 0,
            "servers_changed": 0,
            "servers_to_change": 0,
            "cost_remaining_vnd": 0.0,
            "agencies_with_servers": [],
            "consolidation_pct": None,
        }
        rows.append(row | values.get(commune["code"], {}))
    return pl.DataFrame(rows, schema_overrides={"consolidation_pct": pl.Float64})


# ---------------------------------------------------------------- boundaries


def test_boundaries_are_the_99_communes():
    shapes = maps.boundaries()
    with open(DATA_DIR / "communes.csv", encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(shapes.communes) == codes
    for polygons in [*shapes.communes.values(), shapes.province]:
        for ring in (ring for polygon in polygons for ring in polygon):
            assert ring[0] == ring[-1] and len(ring) >= 4
    west, south, east, north = shapes.bounds
    assert 105.5 < west < east < 107.5 and 20.5 < south < north < 22


def test_simplified_communes_still_meet():
    # every edge is shared by two communes or lies on the province's edge: no gap, no overlap
    edges = collections.Counter()
    vertices = 0
    for polygons in maps.boundaries().communes.values():
        for ring in (ring for polygon in polygons for ring in polygon):
            vertices += len(ring)
            edges.update(frozenset((tuple(a), tuple(b))) for a, b in pairwise(ring))
    assert set(edges.values()) <= {1, 2}
    assert vertices < 15_000  # from 52.129 in data/communes.geojson


def test_simplify_shared_keeps_a_common_border():
    # two squares sharing a wiggly border; the wiggles (0,001) are under the tolerance
    border = [(1.0, 0.0), (1.001, 0.25), (0.999, 0.5), (1.001, 0.75), (1.0, 1.0)]
    left = [(0.0, 0.0), *border, (0.0, 1.0), (0.0, 0.0)]
    right = [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), *border[::-1]]
    simplified = maps.simplify_shared({"a": [left], "b": [right]}, tolerance=0.01)
    edges_a = {frozenset(e) for e in pairwise(simplified["a"][0])}
    edges_b = {frozenset(e) for e in pairwise(simplified["b"][0])}
    assert edges_a & edges_b == {frozenset({(1.0, 0.0), (1.0, 1.0)})}


# ---------------------------------------------------------------- classes and legend


@pytest.mark.parametrize(
    ("value", "nice"),
    [(1, 1), (1.5, 2), (2.5, 3), (4, 5), (7, 10), (11, 20), (380, 500), (15e6, 20e6)],
    ids=str,
)
def test_nice_ceiling(value, nice):
    assert maps._nice_ceiling(value) == nice


def test_percentages_have_fixed_classes():
    classes = maps.class_breaks("consolidation_pct", [12.0, None])
    assert [c.label for c in classes] == [
        "Dưới 20 %",
        "20 – dưới 40 %",
        "40 – dưới 60 %",
        "60 – dưới 80 %",
        "80 – dưới 100 %",
        "100 %",
        "Không xác định (–)",
    ]
    assert classes == maps.class_breaks("consolidation_pct", [])  # whatever the data
    labels = {v: classes[maps.classify(v, classes)].label for v in (0, 19.9, 20, 99.9, 100, None)}
    assert labels == {
        0: "Dưới 20 %",
        19.9: "Dưới 20 %",
        20: "20 – dưới 40 %",
        99.9: "80 – dưới 100 %",
        100: "100 %",
        None: "Không xác định (–)",
    }


def test_count_classes_from_quantiles_of_every_date():
    values = [0, 0, 1, 1, 2, 3, 4, 6, 9, 40, 380]
    classes = maps.class_breaks("servers_remaining", values)
    # positive values 1 1 2 3 4 6 9 40 380: quantiles 1, 3, 6, 40 and the maximum, rounded up
    assert [c.label for c in classes] == ["0", "1", "2–3", "4–10", "11–50", "51 trở lên"]
    assert [maps.classify(v, classes) for v in (0, 1, 3, 4, 50, 51, 10_000)] == [
        0,
        1,
        2,
        3,
        4,
        5,
        5,
    ]
    # light to dark, "0" in its own pale grey
    assert classes[0].colour == maps.ZERO_COLOUR
    assert [c.colour for c in classes[1:]] == list(maps.REDS)


def test_classes_of_a_single_value():
    assert [c.label for c in maps.class_breaks("servers_baseline", [0, 3, 3])] == ["0", "1 trở lên"]
    assert [c.label for c in maps.class_breaks("servers_baseline", [0, 0])] == ["0"]


def test_money_classes_in_millions():
    values = [0.0, 15e6, 15e6, 20e6, 100e6]
    classes = maps.class_breaks("cost_remaining_vnd", values)
    assert [c.label for c in classes] == ["0", "Đến 20", "Trên 20"]
    assert [maps.classify(v, classes) for v in (0, 1, 20e6, 20e6 + 1, 1e12)] == [0, 1, 1, 2, 2]
    small = maps.class_breaks("cost_remaining_vnd", [400_000.0, 2_500_000.0])
    assert [c.label for c in small] == ["0", "Đến 0,5", "Trên 0,5"]


def test_legend_counts_communes_per_class():
    classes = maps.class_breaks("servers_remaining", [0, 1, 5])
    rows = maps.legend_rows([0, 0, 1, 5, 5, 5], classes)
    assert [(r["label"], r["communes"]) for r in rows] == [("0", 2), ("1", 1), ("2 trở lên", 3)]
    html = maps.legend_html("Máy chủ <còn lại>", rows, note="Ghi chú")
    assert "Máy chủ &lt;còn lại&gt;" in html and "Ghi chú" in html
    assert "xã, phường" in html


# ---------------------------------------------------------------- the deck


@pytest.fixture
def measures():
    return _measures(
        {
            "07210": {
                "servers_remaining": 3,
                "servers_baseline": 1234,
                "servers_changed": 1,
                "servers_to_change": 3,
                "consolidation_pct": 33.3,
                "cost_remaining_vnd": 1_250_000_000.0,
                "agencies_with_servers": ["Sở A", "Sở B", "Sở C", "Sở D", "Sở <E>", "Sở F"],
            }
        }
    )


def _spec(deck) -> dict:
    return json.loads(deck.to_json())


def test_deck_has_no_basemap_and_no_outside_address(measures):
    classes = maps.class_breaks("servers_remaining", measures["servers_remaining"])
    text = maps.build_deck(measures, "servers_remaining", classes).to_json()
    spec = json.loads(text)
    # pydeck's sentinel: Streamlit's front end then draws no basemap and fetches no style
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in spec
    assert "http" not in text
    assert "\n" not in text  # compact: pydeck's indentation would double the payload
    assert [layer["id"] for layer in spec["layers"]] == ["xa", "tinh"]


def test_features_carry_flat_formatted_properties(measures):
    classes = maps.class_breaks("servers_remaining", measures["servers_remaining"])
    spec = _spec(maps.build_deck(measures, "servers_remaining", classes))
    features = spec["layers"][0]["data"]["features"]
    assert len(features) == 99
    bac_giang = next(f["properties"] for f in features if f["properties"]["code"] == "07210")
    assert bac_giang == {
        "code": "07210",
        "name": "Phường Bắc Giang",
        "kind": "Phường",
        "province": "Bắc Giang",
        "remaining": "3",
        "baseline": "1.234",
        "pct": "33,3 %",
        "cost": "1,3 tỷ đồng",
        "agencies": "Sở A, Sở B, Sở C, Sở D và 2 đơn vị khác",
        "value": 3,
        "fill": maps._rgba(classes[maps.classify(3, classes)].colour),
    }
    assert all(isinstance(v, str) for k, v in bac_giang.items() if k not in {"value", "fill"})
    # every field the tooltip names is a property of every feature
    fields = set(re.findall(r"{(\w+)}", maps.TOOLTIP_HTML))
    assert fields <= set(bac_giang)


def test_tooltip_text_is_escaped():
    frame = _measures({"07210": {"agencies_with_servers": ["Sở <b>X</b>"], "servers_remaining": 1}})
    classes = maps.class_breaks("servers_remaining", frame["servers_remaining"])
    spec = _spec(maps.build_deck(frame, "servers_remaining", classes))
    props = next(
        f["properties"]
        for f in spec["layers"][0]["data"]["features"]
        if f["properties"]["code"] == "07210"
    )
    assert props["agencies"] == "Sở &lt;b&gt;X&lt;/b&gt;"


def test_selected_commune_and_circles(measures):
    classes = maps.class_breaks("servers_remaining", measures["servers_remaining"])
    spec = _spec(
        maps.build_deck(measures, "servers_remaining", classes, selected="07210", circles=True)
    )
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"xa", "tinh", "may_chu", "chon"}
    circles = layers["may_chu"]["data"]
    assert [c["code"] for c in circles] == ["07210"]  # only communes with servers left
    assert isinstance(circles[0]["lon"], float) and circles[0]["radius"] == pytest.approx(
        maps.CIRCLE_METRES * math.sqrt(3)
    )
    assert layers["may_chu"]["radiusMinPixels"] == 3


def test_basemap_when_configured(measures):
    classes = maps.class_breaks("servers_remaining", measures["servers_remaining"])
    style = "https://ban-do.bacninh.gov.vn/styles/positron/style.json"
    spec = _spec(
        maps.build_deck(
            measures, "servers_remaining", classes, basemap={"style": style, "key": "k-123"}
        )
    )
    assert spec["mapStyle"] == style
    assert spec["mapProvider"] == "carto"


def test_view_fits_the_province():
    view = maps.initial_view()
    west, south, east, north = maps.boundaries().bounds
    assert west < view.longitude < east and south < view.latitude < north
    # the province's width at that zoom (512-pixel world) fits in the map
    assert (east - west) * 512 * 2**view.zoom / 360 <= 700


@pytest.mark.parametrize(
    ("selection", "code"),
    [
        ({"objects": {"xa": [{"type": "Feature", "properties": {"code": "07210"}}]}}, "07210"),
        ({"objects": {"may_chu": [{"code": "09187", "lon": 106.0}]}}, "09187"),
        ({"indices": {}, "objects": {}}, None),
        (None, None),
    ],
    ids=["commune", "circle", "nothing", "none"],
)
def test_picked_commune(selection, code):
    assert maps.picked_commune(selection) == code


# ---------------------------------------------------------------- static map and tables


def test_static_map_uses_the_same_classes(measures):
    classes = maps.class_breaks("servers_remaining", [0, 1, 3, 12])
    figure = maps.static_map(measures, "servers_remaining", classes, "Máy chủ riêng lẻ còn lại")
    fills = [t for t in figure.data if t.fill == "toself"]
    assert [t.fillcolor for t in fills] == [c.colour for c in classes]
    assert fills[0].name == "0 (98 xã, phường)"
    assert [t.name for t in fills if t.x != (None,)] == ["0 (98 xã, phường)", "2–3 (1 xã, phường)"]
    assert figure.layout.title.text == "Máy chủ riêng lẻ còn lại"
    assert figure.layout.separators == ",."
    assert figure.layout.xaxis.visible is False
    # plain SVG shapes: nothing to fetch (go.Choropleth would load cdn.plot.ly's world map)
    assert "http" not in figure.to_json()


def test_tables_of_a_commune():
    agencies = pl.DataFrame(
        {
            "agency_code": ["SO-TC"],
            "name": ["Sở Tài chính"],
            "kind": ["department"],
            "seated_here": [True],
            "latest_inventory_date": [None],
            "assets_here": [3],
            "servers_here": [2],
            "servers_running_here": [1],
            "cost_running_vnd": [20_000_000.0],
        }
    )
    assert maps.agencies_table(agencies).row(0) == (
        "Sở Tài chính (SO-TC)",
        "Sở, ban, ngành",
        "Có",
        "3",
        "2",
        "1",
        "20,0 triệu đồng",
        "Chưa báo cáo",
    )


def test_holes_and_islands_survive(tmp_path):
    # a commune with an enclave (a hole filled by another commune) and one on two islands
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]
    island = [[5, 0], [6, 0], [6, 1], [5, 1], [5, 0]]
    communes = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": "A"},
             "geometry": {"type": "Polygon", "coordinates": [outer, hole]}},
            {"type": "Feature", "properties": {"code": "B"},
             "geometry": {"type": "Polygon", "coordinates": [hole[::-1]]}},
            {"type": "Feature", "properties": {"code": "C"},
             "geometry": {"type": "MultiPolygon", "coordinates": [[island], [[[x + 2, y] for x, y in island]]]}},
        ],
    }  # fmt: skip
    province = {"type": "FeatureCollection", "features": [communes["features"][0]]}
    (tmp_path / "c.geojson").write_text(json.dumps(communes))
    (tmp_path / "p.geojson").write_text(json.dumps(province))
    shapes = maps.boundaries(tmp_path / "c.geojson", tmp_path / "p.geojson")
    assert maps._geometry(shapes.communes["A"])["type"] == "Polygon"
    assert len(maps._geometry(shapes.communes["A"])["coordinates"]) == 2  # outer ring and hole
    assert maps._geometry(shapes.communes["C"])["type"] == "MultiPolygon"
    assert shapes.bounds == (0, 0, 8, 4)
