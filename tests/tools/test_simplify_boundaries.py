"""tools/simplify_boundaries.py: shared borders stay shared, and the shipped file is what it makes."""

from __future__ import annotations

import json
from itertools import pairwise

from charts.maps import geometry
from settings import DATA_DIR
from tools import simplify_boundaries as tool


def test_shipped_file_is_what_the_tool_makes_from_the_sources():
    # fails when a source changed and the tool was not run again (or the file was edited)
    assert geometry.BOUNDARIES_PATH.read_text("utf-8") == tool.shipped_text()


def test_shipped_file_is_small():
    sources = sum((DATA_DIR / name).stat().st_size for name in tool.SOURCES)
    size = geometry.BOUNDARIES_PATH.stat().st_size
    assert size < 300_000 and size < sources / 4  # 1,27 MB of sources
    head = json.loads(geometry.BOUNDARIES_PATH.read_text("utf-8"))["simplification"]
    assert head["tolerance_degrees"] == 0.0005 and head["coordinate_decimals"] == 4


def test_simplify_shared_keeps_a_common_border():
    # two squares sharing a wiggly border; the wiggles (0,001) are under the tolerance
    border = [(1.0, 0.0), (1.001, 0.25), (0.999, 0.5), (1.001, 0.75), (1.0, 1.0)]
    left = [(0.0, 0.0), *border, (0.0, 1.0), (0.0, 0.0)]
    right = [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), *border[::-1]]
    simplified = tool.simplify_shared({"a": [left], "b": [right]}, tolerance=0.01)
    edges_a = {frozenset(e) for e in pairwise(simplified["a"][0])}
    edges_b = {frozenset(e) for e in pairwise(simplified["b"][0])}
    assert edges_a & edges_b == {frozenset({(1.0, 0.0), (1.0, 1.0)})}


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
    simplified = tool.simplified_boundaries(tmp_path / "c.geojson", tmp_path / "p.geojson")
    (tmp_path / "simplified.geojson").write_text(tool.to_text(simplified), "utf-8")
    shapes = geometry.boundaries(tmp_path / "simplified.geojson")
    assert geometry.geojson_geometry(shapes.communes["A"])["type"] == "Polygon"
    assert len(shapes.communes["A"][0]) == 2  # outer ring and hole
    assert geometry.geojson_geometry(shapes.communes["C"])["type"] == "MultiPolygon"
    assert shapes.province == [[outer, hole]]
    assert shapes.bounds == (0, 0, 8, 4)


def test_check_says_whether_the_file_is_up_to_date(tmp_path, monkeypatch, capsys):
    target = tmp_path / "boundaries_simplified.geojson"
    square = [[[0, 0], [1, 0], [1, 1], [0, 0]]]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"level": "province"},
                "geometry": {"type": "Polygon", "coordinates": square},
            }
        ],
    }
    monkeypatch.setattr(tool, "shipped_text", lambda: tool.to_text(collection))
    monkeypatch.setattr(tool, "BOUNDARIES_PATH", target)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1  # no file yet
    assert "đã cũ" in capsys.readouterr().out
    assert tool.main([]) == 0
    # 27 bytes of head, 14 of ',"features":[', 124 of the feature, 4 of its end
    assert capsys.readouterr().out == "Đã ghi boundaries_simplified.geojson: 4 đỉnh, 169 byte.\n"
    assert json.loads(target.read_text("utf-8")) == collection
    assert tool.main(["--check"]) == 0
    target.write_text(target.read_text("utf-8").replace("[1,1]", "[1,2]"), "utf-8")
    assert tool.main(["--check"]) == 1
