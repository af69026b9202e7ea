"""Developer tool: simplify the communes' and the province's boundaries once, into the file the map reads.

    uv run python tools/simplify_boundaries.py            # writes data/boundaries_simplified.geojson
    uv run python tools/simplify_boundaries.py --check    # exit 1 if the shipped file is stale

Reads `data/communes.geojson` and `data/province.geojson` (59.722 vertices), simplifies them
together with Douglas–Peucker so that neighbours still meet exactly, rounds to 4 decimals and
writes a GeoJSON FeatureCollection, one feature a line, the same bytes on every run. Run it
after changing either source; `tests/tools/test_simplify_boundaries.py` fails until then.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project's modules are one folder up
    sys.path.insert(0, str(ROOT))

import formats  # noqa: E402
import settings  # noqa: E402
from charts.maps.geometry import BOUNDARIES_PATH, geojson_geometry, polygons_of  # noqa: E402

# Douglas–Peucker tolerance in degrees (about 55 m): under half a pixel at the province's
# zoom, and it cuts the communes from 52.129 to 11.691 vertices (≈ 220 kB of JSON).
SIMPLIFY_DEGREES = 0.0005
COORDINATE_DECIMALS = 4  # about 11 m

SOURCES = ("communes.geojson", "province.geojson")  # in data/: the communes, the province

Point = tuple[float, float]
PROVINCE_KEY = "__province__"  # simplified with the communes, so it follows their edges


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of a line that stay within `tolerance` of it; both ends are kept."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length2 = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for k in range(first + 1, last):
            px, py = points[k]
            t = 0.0 if length2 == 0 else ((px - x0) * dx + (py - y0) * dy) / length2
            t = min(1.0, max(0.0, t))
            distance2 = (px - x0 - t * dx) ** 2 + (py - y0 - t * dy) ** 2
            if distance2 > farthest:
                farthest, index = distance2, k
        if farthest > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_shared(
    rings: dict[str, list[list[Point]]], tolerance: float
) -> dict[str, list[list[Point]]]:
    """Simplify polygons that share borders so that neighbours still meet exactly.

    Each ring is cut at its nodes (vertices where the set of polygons sharing the border
    changes); every piece between two nodes is simplified on its own, in one canonical
    direction, so the two polygons on either side of a border get the same vertices.
    Input and output rings are closed (first point repeated last).
    """
    owners: dict[Point, set[str]] = {}
    for key, polygon in rings.items():
        for ring in polygon:
            for point in ring[:-1]:
                owners.setdefault(point, set()).add(key)
    simplified = {}
    for key, polygon in rings.items():
        new_polygon = []
        for ring in polygon:
            points = ring[:-1]
            n = len(points)
            nodes = [
                i
                for i in range(n)
                if owners[points[i]] != owners[points[i - 1]]
                or owners[points[i]] != owners[points[(i + 1) % n]]
            ]
            if len(nodes) < 2:  # a ring with no neighbour change: two fixed extreme points
                nodes = sorted({points.index(min(points)), points.index(max(points))})
            result: list[Point] = []
            for start, end in zip(nodes, nodes[1:] + [nodes[0] + n], strict=True):
                piece = [points[k % n] for k in range(start, end + 1)]
                flip = piece[0] > piece[-1]
                piece = _douglas_peucker(piece[::-1] if flip else piece, tolerance)
                result += (piece[::-1] if flip else piece)[:-1]
            if len(result) < 3:  # too small to simplify: keep as it was
                result = points
            new_polygon.append([*result, result[0]])
        simplified[key] = new_polygon
    return simplified


def _rounded(ring: list[Point]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def _read_polygons(path: Path) -> list[tuple[str, list[list[list[Point]]]]]:
    # each feature's code and polygons, as closed rings of (lon, lat) tuples
    collection = json.loads(path.read_text("utf-8"))
    return [
        (
            feature["properties"]["code"],
            [
                [[(p[0], p[1]) for p in ring] for ring in polygon]
                for polygon in polygons_of(feature["geometry"])
            ],
        )
        for feature in collection["features"]
    ]


def simplified_boundaries(
    communes_path: Path, province_path: Path, tolerance: float = SIMPLIFY_DEGREES
) -> dict[str, Any]:
    """The communes and the province outline simplified together, as a FeatureCollection.

    Each commune is a feature with properties {"level": "commune", "code"}; the province,
    last, has {"level": "province"}.
    """
    shapes = dict(_read_polygons(communes_path))
    shapes[PROVINCE_KEY] = [p for _, ps in _read_polygons(province_path) for p in ps]
    # simplified ring by ring, then put back into their polygons
    simplified = simplify_shared(
        {
            key: [ring for polygon in polygons for ring in polygon]
            for key, polygons in shapes.items()
        },
        tolerance,
    )
    features = []
    for key, polygons in shapes.items():
        rings = iter(simplified[key])
        properties = (
            {"level": "province"} if key == PROVINCE_KEY else {"level": "commune", "code": key}
        )
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": geojson_geometry(
                    [[_rounded(next(rings)) for _ in p] for p in polygons]
                ),
            }
        )
    return {
        "type": "FeatureCollection",
        # a foreign member (RFC 7946 §6.1): how the file was made
        "simplification": {
            "tool": "tools/simplify_boundaries.py",
            "sources": [communes_path.name, province_path.name],
            "tolerance_degrees": tolerance,
            "coordinate_decimals": COORDINATE_DECIMALS,
        },
        "features": features,
    }


def to_text(collection: dict[str, Any]) -> str:
    """The collection as compact JSON, one feature a line, so a change to one commune is one line."""
    head = {key: value for key, value in collection.items() if key != "features"}
    features = ",\n".join(
        json.dumps(feature, separators=(",", ":"), ensure_ascii=False)
        for feature in collection["features"]
    )
    return json.dumps(head, separators=(",", ":"), ensure_ascii=False)[:-1] + (
        f',"features":[\n{features}\n]}}\n'
    )


def shipped_text() -> str:
    """What the shipped sources simplify to: the text `data/boundaries_simplified.geojson` holds."""
    communes, province = (settings.DATA_DIR / name for name in SOURCES)
    return to_text(simplified_boundaries(communes, province))


def main(argv: list[str] | None = None) -> int:
    """Write the simplified file, or with --check say whether the shipped one is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi tệp")
    args = parser.parse_args(argv)
    text = shipped_text()
    name = BOUNDARIES_PATH.relative_to(ROOT)
    if args.check:
        current = BOUNDARIES_PATH.read_text("utf-8") if BOUNDARIES_PATH.exists() else ""
        if current != text:
            print(f"{name} đã cũ: hãy chạy lại uv run python tools/simplify_boundaries.py")
            return 1
        print(f"{name} khớp với các tệp nguồn.")
        return 0
    BOUNDARIES_PATH.write_text(text, "utf-8")
    vertices = sum(
        len(ring)
        for feature in json.loads(text)["features"]
        for polygon in polygons_of(feature["geometry"])
        for ring in polygon
    )
    size = formats.format_number(len(text.encode()))
    print(f"Đã ghi {name}: {formats.format_number(vertices)} đỉnh, {size} byte.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
