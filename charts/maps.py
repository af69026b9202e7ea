"""The province map: boundaries, class breaks and legend, the pydeck deck and a static Plotly map.

No Streamlit here: the page draws the deck, and the exports reuse `static_map` and the
legend. The map needs no tiles: the 99 commune and ward boundaries and the province
outline are the map, drawn from `data/*.geojson`, loaded and simplified once per process.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

import formats
import settings
from charts.theme import FONT_FAMILY, apply_theme
from vocabulary import (
    AGENCY_KINDS,
    ASSET_PLANS,
    ASSET_STATUSES,
    ASSET_TYPES,
    COMMUNE_TYPES,
    NO_PLAN_LABEL,
)

# Douglas–Peucker tolerance in degrees (about 55 m): under half a pixel at the province's
# zoom, and it cuts the boundaries from 52.000 to about 11.600 vertices (≈ 220 kB of JSON).
SIMPLIFY_DEGREES = 0.0005
COORDINATE_DECIMALS = 4  # about 11 m

MAP_HEIGHT = 500  # pixels, on screen
OUTLINE_COLOUR = [55, 71, 79, 255]
BORDER_COLOUR = [255, 255, 255, 255]
ZERO_COLOUR = "#eceff1"
UNDEFINED_COLOUR = "#c9ced3"
SELECTED_COLOUR = [17, 17, 17, 255]
CIRCLE_COLOUR = [31, 78, 121, 150]
CIRCLE_METRES = 600  # radius of one server; the area grows with the count (at least 3 px)

# Light to dark; the number of classes decides which of them are used.
REDS = ("#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# Consolidation: red (little done) to green (all done), one colour per fixed class.
PROGRESS = ("#d73027", "#fc8d59", "#fee08b", "#d9ef8b", "#91cf60", "#1a9850")


@dataclass(frozen=True)
class Measure:
    """What the map can be coloured by: a column of `queries.map.commune_measures`."""

    key: str
    label: str
    short: str  # on the measure's button
    unit: str  # count | pct | vnd
    legend_title: str
    colours: tuple[str, ...]
    help: str


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "servers_remaining",
            "Máy chủ riêng lẻ còn lại",
            "Máy chủ còn lại",
            "count",
            "Máy chủ riêng lẻ còn lại (máy)",
            REDS,
            "Máy chủ (vật lý, ảo) của các đơn vị không phải trung tâm dữ liệu, đang hoạt động "
            "hoặc không sử dụng, đặt tại xã, phường.",
        ),
        Measure(
            "servers_baseline",
            "Máy chủ riêng lẻ ban đầu",
            "Máy chủ ban đầu",
            "count",
            "Máy chủ riêng lẻ ban đầu (máy)",
            BLUES,
            "Máy chủ riêng lẻ trong lần báo cáo đầu tiên của mỗi đơn vị (rà soát hiện trạng).",
        ),
        Measure(
            "consolidation_pct",
            "Tiến độ hợp nhất máy chủ",
            "Tiến độ hợp nhất",
            "pct",
            "Tiến độ hợp nhất máy chủ (%)",
            PROGRESS,
            "Máy chủ riêng lẻ có phương án hợp nhất, chuyển lên đám mây hoặc loại bỏ đã hoàn "
            "thành, trên tổng số máy chủ riêng lẻ có phương án đó, đặt tại xã, phường.",
        ),
        Measure(
            "cost_remaining_vnd",
            "Chi phí vận hành riêng lẻ còn lại/năm",
            "Chi phí còn lại/năm",
            "vnd",
            "Chi phí vận hành riêng lẻ còn lại (triệu đồng/năm)",
            REDS,
            "Chi phí vận hành/năm của thiết bị riêng lẻ (máy chủ, lưu trữ) còn hoạt động hoặc "
            "không sử dụng, đặt tại xã, phường.",
        ),
    )
}

# What each button means, for the help of the measure's control.
MEASURES_HELP = "\n\n".join(f"**{m.short}**: {m.help}" for m in MEASURES.values())

# ---------------------------------------------------------------- boundaries


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list:
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
    rings: dict[str, list[list[tuple[float, float]]]], tolerance: float
) -> dict[str, list[list[tuple[float, float]]]]:
    """Simplify polygons that share borders so that neighbours still meet exactly.

    Each ring is cut at its nodes (vertices where the set of polygons sharing the border
    changes); every piece between two nodes is simplified on its own, in one canonical
    direction, so the two polygons on either side of a border get the same vertices.
    Input and output rings are closed (first point repeated last).
    """
    owners: dict[tuple[float, float], set[str]] = {}
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
            result: list[tuple[float, float]] = []
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


def _rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, COORDINATE_DECIMALS), round(y, COORDINATE_DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


Ring = list[list[float]]  # closed: [[lon, lat], …, first point again]
Polygons = list[list[Ring]]  # each polygon: its outer ring, then its holes


@dataclass(frozen=True)
class Boundaries:
    """The simplified boundaries: commune polygons by code, the province's, the extent."""

    communes: dict[str, Polygons]
    province: Polygons
    bounds: tuple[float, float, float, float]  # west, south, east, north


@lru_cache(maxsize=4)
def boundaries(
    communes_path: Path | None = None,
    province_path: Path | None = None,
    tolerance: float = SIMPLIFY_DEGREES,
) -> Boundaries:
    """Load both GeoJSON files once per process and simplify them together.

    The province outline is simplified with the communes, so it follows their edges exactly.
    """
    communes = json.loads(
        Path(communes_path or settings.DATA_DIR / "communes.geojson").read_text("utf-8")
    )
    province = json.loads(
        Path(province_path or settings.DATA_DIR / "province.geojson").read_text("utf-8")
    )
    shapes = {f["properties"]["code"]: _polygons(f["geometry"]) for f in communes["features"]}
    shapes["__province__"] = [p for f in province["features"] for p in _polygons(f["geometry"])]
    # simplified ring by ring, then put back into their polygons
    simplified = simplify_shared(
        {
            key: [ring for polygon in polygons for ring in polygon]
            for key, polygons in shapes.items()
        },
        tolerance,
    )
    regrouped: dict[str, Polygons] = {}
    for key, polygons in shapes.items():
        rings = iter(simplified[key])
        regrouped[key] = [[_rounded(next(rings)) for _ in polygon] for polygon in polygons]
    outline = regrouped.pop("__province__")
    xs = [p[0] for polygons in regrouped.values() for ring in _rings(polygons) for p in ring]
    ys = [p[1] for polygons in regrouped.values() for ring in _rings(polygons) for p in ring]
    return Boundaries(regrouped, outline, (min(xs), min(ys), max(xs), max(ys)))


def _polygons(geometry: dict[str, Any]) -> list[list[list[tuple[float, float]]]]:
    # Polygon or MultiPolygon, as polygons of closed rings of (lon, lat) tuples
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [[[(p[0], p[1]) for p in ring] for ring in polygon] for polygon in polygons]


def _rings(polygons: Polygons) -> list[Ring]:
    return [ring for polygon in polygons for ring in polygon]


def _geometry(polygons: Polygons) -> dict[str, Any]:
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


# ---------------------------------------------------------------- classes and legend


@dataclass(frozen=True)
class MapClass:
    """One colour of the map: the values from `low` to `high` and how the legend names them.

    `low_open` / `high_open` leave that bound out. `low` None is the class of undefined values
    (a percentage with nothing to change).
    """

    label: str
    colour: str
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def holds(self, value: float | None) -> bool:
        """True when `value` falls in this class."""
        if self.low is None or value is None:
            return self.low is None and value is None
        if value < self.low or (self.low_open and value == self.low):
            return False
        return not (value > self.high or (self.high_open and value == self.high))


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 3, 5 × 10^k that is ≥ value (value > 0)."""
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 3, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10 ** (exponent + 1))


def _quantile(sorted_values: list[float], q: float) -> float:
    # nearest rank: a value that occurs, so a break never falls between identical counts
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


def _pick_colours(ramp: tuple[str, ...], n: int) -> list[str]:
    if n == 1:
        return [ramp[len(ramp) // 2]]
    return [ramp[round(i * (len(ramp) - 1) / (n - 1))] for i in range(n)]


def class_breaks(measure: str, values: list[float | None]) -> list[MapClass]:
    """The map's classes for a measure, from its values at EVERY report date.

    Drawn once from all dates, so a colour means the same thing whichever date is shown.
    Percentages have fixed classes (dưới 20 %, …, 100 %, undefined). Counts and money get a
    "0" class, then up to five classes whose upper bounds are the 20/40/60/80 % quantiles
    and the maximum of the positive values, rounded up to 1, 2, 3 or 5 × 10^k.
    """
    spec = MEASURES[measure]
    if spec.unit == "pct":
        lows = (0, 20, 40, 60, 80)
        classes = [
            MapClass(
                f"Dưới {high} %" if low == 0 else f"{low} – dưới {high} %",
                colour,
                low,
                high,
                high_open=True,
            )
            for low, high, colour in zip(lows, (*lows[1:], 100), spec.colours, strict=False)
        ]
        classes.append(MapClass("100 %", spec.colours[5], 100, 100))
        classes.append(MapClass("Không xác định (–)", UNDEFINED_COLOUR, None, None))
        return classes
    positive = sorted(v for v in values if v is not None and v > 0)
    classes = [MapClass("0", ZERO_COLOUR, 0, 0)]
    if not positive:
        return classes
    uppers = sorted(
        {_nice_ceiling(_quantile(positive, q)) for q in (0.2, 0.4, 0.6, 0.8)}
        | {_nice_ceiling(positive[-1])}
    )
    colours = _pick_colours(spec.colours, len(uppers))
    decimals = _decimals_in_millions(uppers)
    low = 0.0
    for index, (high, colour) in enumerate(zip(uppers, colours, strict=True)):
        top = index == len(uppers) - 1  # open-ended: the maximum rounded up is no real bound
        if spec.unit == "count":  # whole servers: "1–2", "3", "4–5", "6 trở lên"
            first = int(low) + 1
            label = formats.format_number(first)
            if top and high > first:
                label += " trở lên"
            elif high > first:
                label += f"–{formats.format_number(high)}"
            classes.append(MapClass(label, colour, first, math.inf if top else high))
        else:  # money, from just above one bound to the next, in millions
            low_text = formats.format_number(low / 1_000_000, decimals)
            high_text = formats.format_number(high / 1_000_000, decimals)
            if low == 0:
                label = "Trên 0" if top else f"Đến {high_text}"
            else:
                label = f"Trên {low_text}" if top else f"{low_text}–{high_text}"
            classes.append(MapClass(label, colour, low, math.inf if top else high, low_open=True))
        low = high
    return classes


def _decimals_in_millions(uppers: list[float]) -> int:
    # enough decimals that the smallest bound reads right in millions (0,5 rather than 1)
    smallest = min(uppers) / 1_000_000
    return 0 if smallest >= 1 else min(3, -math.floor(math.log10(smallest)))


def classify(value: float | None, classes: list[MapClass]) -> int:
    """The index of the class that holds `value` (the classes cover every value)."""
    for index, map_class in enumerate(classes):
        if map_class.holds(value):
            return index
    raise ValueError(f"Giá trị {value!r} nằm ngoài các lớp của bản đồ")


def legend_rows(values: list[float | None], classes: list[MapClass]) -> list[dict[str, Any]]:
    """One row per class: label, colour (hex) and how many communes it holds now."""
    counts = [0] * len(classes)
    for value in values:
        counts[classify(value, classes)] += 1
    return [
        {"label": c.label, "colour": c.colour, "communes": n}
        for c, n in zip(classes, counts, strict=True)
    ]


def legend_html(title: str, rows: list[dict[str, Any]], note: str = "") -> str:
    """The legend as a small HTML block (pydeck draws none): a swatch, a range, a count."""
    items = "".join(
        "<div style='display:flex;align-items:center;gap:.5rem;margin:.2rem 0'>"
        f"<span style='display:inline-block;width:1.6rem;height:1rem;background:{row['colour']};"
        "border:1px solid #90a4ae'></span>"
        f"<span style='flex:1'>{html.escape(row['label'])}</span>"
        f"<span style='color:#607d8b'>{formats.format_number(row['communes'])} xã, phường</span>"
        "</div>"
        for row in rows
    )
    caption = (
        f"<div style='color:#607d8b;font-size:.8rem;margin-top:.4rem'>{html.escape(note)}</div>"
        if note
        else ""
    )
    return (
        f"<div style='font-size:.9rem'><div style='font-weight:600;margin-bottom:.3rem'>"
        f"{html.escape(title)}</div>{items}{caption}</div>"
    )


def legend_note(measure: str) -> str:
    """The line under the legend: why the classes do not move, and what "–" means."""
    note = "Các ngưỡng giữ nguyên ở mọi ngày số liệu để so sánh được giữa các ngày."
    if MEASURES[measure].unit == "pct":
        note += " Không xác định: không có máy chủ nào cần chuyển."
    return note


def totals_text(totals: dict[str, Any]) -> str:
    """The map's totals in one sentence (`queries.map.totals`), under the legend."""
    return (
        f"Trên bản đồ: {formats.format_number(totals['servers_remaining'])} máy chủ riêng lẻ "
        f"còn lại / {formats.format_number(totals['servers_baseline'])} ban đầu, ở "
        f"{formats.format_number(totals['communes_with_servers'])} xã, phường; tiến độ hợp "
        f"nhất {formats.format_pct(totals['consolidation_pct'])}; chi phí vận hành riêng lẻ "
        f"còn lại {formats.format_vnd(totals['cost_remaining_vnd'])}/năm."
    )


# A selected commune's tiles: label, field of `commune_summary`, help.
DETAIL_TILES = (
    ("Máy chủ riêng lẻ còn lại", "remaining", MEASURES["servers_remaining"].help),
    ("Máy chủ riêng lẻ ban đầu", "baseline", MEASURES["servers_baseline"].help),
    ("Tiến độ hợp nhất máy chủ", "pct", MEASURES["consolidation_pct"].help),
    ("Chi phí còn lại/năm", "cost", MEASURES["cost_remaining_vnd"].help),
)


# ---------------------------------------------------------------- the deck


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which more than
    doubles the size of coordinate arrays and forces Python's slow pure-Python encoder."""

    def to_json(self) -> str:
        return json.dumps(
            self, default=default_serialize, separators=(",", ":"), ensure_ascii=False
        )


def _rgba(colour: str, alpha: int = 235) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _agencies_text(names: list[str], limit: int = 4) -> str:
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} và {len(names) - limit} đơn vị khác"


def commune_summary(row: dict[str, Any]) -> dict[str, str]:
    """A commune's measures as text: the tooltip's fields and the page's tiles.

    Flat (nested properties do not work in pydeck tooltips) and formatted in Vietnamese.
    """
    return {
        "code": row["code"],
        "name": row["full_name"],
        # not "type": the tooltip looks on the feature itself first, whose type is "Feature"
        "kind": COMMUNE_TYPES.get(row["commune_type"], row["commune_type"]),
        "province": row["former_province"],
        "remaining": formats.format_number(row["servers_remaining"]),
        "baseline": formats.format_number(row["servers_baseline"]),
        "pct": formats.format_pct(row["consolidation_pct"]),
        "cost": formats.format_vnd(row["cost_remaining_vnd"]),
        "agencies": _agencies_text(list(row["agencies_with_servers"] or [])),
    }


def commune_details(measures: pl.DataFrame, code: str) -> dict[str, str]:
    """`commune_summary` of one commune of the frame of `queries.map.commune_measures`."""
    return commune_summary(measures.row(by_predicate=pl.col("code") == code, named=True))


def _tooltip_fields(row: dict[str, Any]) -> dict[str, str]:
    # the tooltip is set as innerHTML: names from the database are escaped
    return {key: html.escape(value) for key, value in commune_summary(row).items()}


TOOLTIP_HTML = (
    "<b>{name}</b><br/>{kind} · trước hợp nhất: tỉnh {province}<br/>"
    "Máy chủ riêng lẻ còn lại / ban đầu: <b>{remaining}</b> / {baseline}<br/>"
    "Tiến độ hợp nhất máy chủ: <b>{pct}</b><br/>"
    "Chi phí vận hành riêng lẻ còn lại/năm: {cost}<br/>"
    "Đơn vị còn máy chủ: {agencies}"
)


def commune_features(
    measures: pl.DataFrame, measure: str, classes: list[MapClass]
) -> list[dict[str, Any]]:
    """The GeoJSON features of the communes: geometry, tooltip text, the value and its colour."""
    shapes = boundaries()
    features = []
    for row in measures.iter_rows(named=True):
        value = row[measure]
        properties: dict[str, Any] = _tooltip_fields(row)
        properties["value"] = value
        properties["fill"] = _rgba(classes[classify(value, classes)].colour)
        features.append(
            {
                "type": "Feature",
                "geometry": _geometry(shapes.communes[row["code"]]),
                "properties": properties,
            }
        )
    return features


def initial_view(width: int = 700, height: int = MAP_HEIGHT, margin: float = 0.92) -> pdk.ViewState:
    """Centre and zoom that fit the province into a map of about `width` × `height` pixels."""
    west, south, east, north = boundaries().bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # deck.gl's world is 512 pixels wide at zoom 0
    zoom_x = math.log2(width * margin * 360 / (512 * (east - west)))
    zoom_y = math.log2(
        height * margin * 2 * math.pi / (512 * (mercator_y(north) - mercator_y(south)))
    )
    return pdk.ViewState(
        latitude=(south + north) / 2,
        longitude=(west + east) / 2,
        zoom=round(min(zoom_x, zoom_y), 2),
        min_zoom=7,
        max_zoom=14,
    )


def build_deck(
    measures: pl.DataFrame,
    measure: str,
    classes: list[MapClass],
    *,
    selected: str | None = None,
    circles: bool = False,
    basemap: dict[str, str] | None = None,
) -> CompactDeck:
    """The pydeck map: communes coloured by `measure`, the province outline, optionally
    circles of the servers remaining at the communes' centres and the selected commune
    outlined.

    No basemap unless `basemap` = {"style": URL, "key": …} is given: `map_provider=None`
    writes mapStyle "__MAP_STYLE__", which Streamlit's front end reads as "no basemap"
    (with map_style=None it would fetch CARTO's style from the internet).
    """
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="xa",
            data={
                "type": "FeatureCollection",
                "features": commune_features(measures, measure, classes),
            },
            get_fill_color="properties.fill",
            get_line_color=BORDER_COLOUR,
            line_width_min_pixels=1,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 90],
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="tinh",
            data={
                "type": "Feature",
                "geometry": _geometry(boundaries().province),
                "properties": {},
            },
            filled=False,
            stroked=True,
            get_line_color=OUTLINE_COLOUR,
            line_width_min_pixels=2,
            pickable=False,
        ),
    ]
    if circles:
        points = [
            {
                **_tooltip_fields(row),
                "lon": row["lon"],
                "lat": row["lat"],
                "radius": CIRCLE_METRES * math.sqrt(row["servers_remaining"]),
            }
            for row in measures.iter_rows(named=True)
            if row["servers_remaining"] > 0
        ]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="may_chu",
                data=points,
                get_position=["lon", "lat"],
                get_radius="radius",
                radius_min_pixels=3,
                radius_max_pixels=60,
                get_fill_color=CIRCLE_COLOUR,
                get_line_color=[255, 255, 255, 255],
                line_width_min_pixels=1,
                stroked=True,
                pickable=True,
            )
        )
    if selected and selected in boundaries().communes:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="chon",
                data={
                    "type": "Feature",
                    "geometry": _geometry(boundaries().communes[selected]),
                    "properties": {},
                },
                filled=False,
                stroked=True,
                get_line_color=SELECTED_COLOUR,
                line_width_min_pixels=3,
                pickable=False,
            )
        )
    options: dict[str, Any] = {"map_provider": None}
    if basemap and basemap.get("style"):
        provider = "mapbox" if basemap["style"].startswith("mapbox://") else "carto"
        options = {"map_provider": provider, "map_style": basemap["style"]}
        if basemap.get("key"):
            options["api_keys"] = {provider: basemap["key"]}
    return CompactDeck(
        layers=layers,
        initial_view_state=initial_view(),
        tooltip={
            "html": TOOLTIP_HTML,
            "style": {
                "backgroundColor": "#ffffff",
                "color": "#263238",
                "fontFamily": FONT_FAMILY,
                "fontSize": "13px",
                "border": "1px solid #b0bec5",
                "maxWidth": "360px",
                # drawn at the pointer: it must never catch the click that selects a commune
                "pointerEvents": "none",
            },
        },
        **options,
    )


# ---------------------------------------------------------------- static map (exports)


def static_map(
    measures: pl.DataFrame,
    measure: str,
    classes: list[MapClass],
    title: str,
    *,
    height: int = 620,
) -> go.Figure:
    """The same map as a Plotly figure, for PNG and slide exports: same boundaries, classes
    and colours, with the legend beside it.

    Drawn as filled SVG shapes on hidden axes, one trace per class: go.Choropleth would
    fetch its world map from cdn.plot.ly even with the base map hidden (and draw nothing
    offline), and go.Choroplethmap needs WebGL. Longitude is scaled by cos(latitude), so
    the province keeps its shape.
    """
    shapes = boundaries()
    members: list[list[str]] = [[] for _ in classes]
    for row in measures.select("code", measure).iter_rows():
        members[classify(row[1], classes)].append(row[0])
    figure = go.Figure()
    for map_class, codes in zip(classes, members, strict=True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for code in codes:
            # outer rings only: "toself" would fill a hole (Bắc Ninh's communes have none)
            for polygon in shapes.communes[code]:
                xs += [p[0] for p in polygon[0]] + [None]
                ys += [p[1] for p in polygon[0]] + [None]
        figure.add_trace(
            go.Scatter(
                x=xs or [None],  # an empty class keeps its place in the legend
                y=ys or [None],
                mode="lines",
                fill="toself",
                fillcolor=map_class.colour,
                line={"color": "white", "width": 0.6},
                name=f"{map_class.label} ({formats.format_number(len(codes))} xã, phường)",
                hoverinfo="name",
                hoveron="fills",
            )
        )
    outline_x: list[float | None] = []
    outline_y: list[float | None] = []
    for ring in _rings(shapes.province):
        outline_x += [p[0] for p in ring] + [None]
        outline_y += [p[1] for p in ring] + [None]
    figure.add_trace(
        go.Scatter(
            x=outline_x,
            y=outline_y,
            mode="lines",
            line={"color": "#37474f", "width": 1.6},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    apply_theme(figure, title, height=height)
    west, south, east, north = shapes.bounds
    figure.update_xaxes(visible=False, range=[west - 0.01, east + 0.01])
    figure.update_yaxes(
        visible=False,
        range=[south - 0.01, north + 0.01],
        scaleanchor="x",
        scaleratio=1 / math.cos(math.radians((south + north) / 2)),
    )
    figure.update_layout(
        legend={
            "title": {"text": MEASURES[measure].legend_title},
            "orientation": "v",
            "yanchor": "top",
            "y": 1,
            "xanchor": "left",
            "x": 1.01,
            "traceorder": "normal",
        },
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
    )
    return figure


# ---------------------------------------------------------------- tables of one commune


def agencies_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The agencies of a commune (`queries.map.commune_agencies`): Vietnamese headers, text."""
    columns = {
        "Đơn vị": [
            f"{name} ({code})"
            for name, code in zip(frame["name"], frame["agency_code"], strict=True)
        ],
        "Nhóm": [AGENCY_KINDS.get(k, k) for k in frame["kind"]],
        "Trụ sở tại đây": ["Có" if s else "Không" for s in frame["seated_here"]],
        "Thiết bị": [formats.format_number(v) for v in frame["assets_here"]],
        "Máy chủ": [formats.format_number(v) for v in frame["servers_here"]],
        "Máy chủ còn hoạt động": [formats.format_number(v) for v in frame["servers_running_here"]],
        "Chi phí còn lại/năm": [formats.format_vnd(v) for v in frame["cost_running_vnd"]],
        "Báo cáo gần nhất": [
            formats.format_date(d) if d else "Chưa báo cáo" for d in frame["latest_inventory_date"]
        ],
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def assets_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The assets placed in a commune, with Vietnamese headers and labels."""
    columns = {
        "Đơn vị": frame["agency_name"].to_list(),
        "Mã tài sản": frame["asset_code"].to_list(),
        "Loại thiết bị": [ASSET_TYPES.get(t, t) for t in frame["asset_type"]],
        "Hãng, model": [m or "–" for m in frame["model"]],
        "Nhân CPU": [formats.format_number(v) for v in frame["cpu_cores"]],
        "RAM (GB)": [formats.format_number(v) for v in frame["ram_gb"]],
        "Lưu trữ (TB)": [formats.format_number(v, 1) for v in frame["storage_tb"]],
        "Chi phí/năm": [formats.format_vnd(v) for v in frame["annual_cost_vnd"]],
        "Hiện trạng": [ASSET_STATUSES.get(s, s) for s in frame["status"]],
        "Phương án": [ASSET_PLANS.get(p, p) if p else NO_PLAN_LABEL for p in frame["plan"]],
        "Thời hạn": [formats.format_date(d) for d in frame["target_date"]],
        "Ngày số liệu": [formats.format_date(d) for d in frame["report_date"]],
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def picked_commune(selection: dict[str, Any] | None) -> str | None:
    """The commune code of an object clicked on the map (a commune or its circle), or None.

    `selection` is Streamlit's pydeck selection: {"objects": {layer id: [object, …]}, …}.
    """
    objects = (selection or {}).get("objects") or {}
    for layer in ("xa", "may_chu"):
        for picked in objects.get(layer) or []:
            code = (picked.get("properties") or picked).get("code")
            if code:
                return str(code)
    return None
