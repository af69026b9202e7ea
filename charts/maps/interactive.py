"""Charts layer, no Streamlit: the page's map, a Plotly figure drawn in SVG, with no tiles
unless a basemap is configured.

Why SVG and not WebGL: deck.gl (pydeck) drew the same map in Chromium's software WebGL, as a
PC or a virtual desktop without a graphics card runs it, in 2.5–3.7 s a visit, nearly all of
it drawing the outlines; this figure is drawn in 0.3–1.0 s, median 0.46 s (README,
Benchmarks). A configured basemap needs tiles, and tiles need WebGL: then the same
communes are drawn by Plotly's MapLibre traces on that basemap.
"""

from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import plotly.graph_objects as go
import polars as pl

from charts.maps.classes import MEASURES, MapClass, classify
from charts.maps.commune import commune_summary
from charts.maps.geometry import (
    Polygons,
    boundaries,
    clockwise,
    geojson_geometry,
    ring_lines,
    rings,
)
from charts.theme import FONT_FAMILY
from vocabulary import FORMER_PROVINCE

MAP_HEIGHT = 500  # pixels, on screen
OUTLINE_COLOUR = "#37474f"
BORDER_COLOUR = "#ffffff"
SELECTED_COLOUR = "#111111"
CIRCLE_COLOUR = "rgba(31, 78, 121, 0.6)"
CIRCLE_PIXELS = 7  # diameter of one server's circle; the area grows with the count
CIRCLE_MAX_PIXELS = 48
TOOLTIP_LINE = 64  # characters: Plotly does not wrap a label, which the map's edge would cut

# The world map plotly.js would look for (scope "world", resolution 110): the page gives it an
# empty one (ui/widgets.map_chart), so nothing is fetched whatever plotly.js decides
WORLD_MAP = "world_110m"
# The traces' names, which the page's selection reports (picked_commune)
COMMUNES, CIRCLES = "xa", "may_chu"

AGENCIES_FIELD = "Đơn vị còn máy chủ: "
TOOLTIP_HTML = (
    f"<b>{{name}}</b><br>{{kind}} · {FORMER_PROVINCE.lower()}: {{province}}<br>"
    "Máy chủ riêng lẻ còn lại / ban đầu: <b>{remaining}</b> / {baseline}<br>"
    f"{MEASURES['consolidation_pct'].label}: <b>{{pct}}</b><br>"
    f"{MEASURES['cost_remaining_vnd'].label}: {{cost}}<br>"
    f"{AGENCIES_FIELD}{{agencies}}"
)


def tooltip_text(row: dict[str, Any]) -> str:
    """A commune's tooltip: its figures as text, names from the database escaped (Plotly
    reads <b> and <br> in it, and the entities), the agencies' names over several lines."""
    summary = commune_summary(row)
    fields = {key: html.escape(value) for key, value in summary.items()}
    agencies = summary["agencies"]
    # the first line follows the field's name
    indent = " " * len(AGENCIES_FIELD)
    lines = textwrap.wrap(agencies, TOOLTIP_LINE, initial_indent=indent) or [agencies]
    fields["agencies"] = "<br>".join(html.escape(line.strip()) for line in lines)
    return TOOLTIP_HTML.format(**fields)


def _communes_geojson(codes: list[str]) -> dict[str, Any]:
    # each feature's id is its code: the trace's `locations` name them
    shapes = boundaries()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "geometry": geojson_geometry(clockwise(shapes.communes[code])),
                "properties": {},
            }
            for code in codes
            if code in shapes.communes
        ],
    }


def _class_colours(classes: list[MapClass]) -> list[list[Any]]:
    # a stepped colour scale: class i is the z value i, in a band of its own colour
    count = len(classes)
    scale: list[list[Any]] = []
    for index, map_class in enumerate(classes):
        scale += [[index / count, map_class.colour], [(index + 1) / count, map_class.colour]]
    return scale


def initial_view(width: int = 700, height: int = MAP_HEIGHT, margin: float = 0.92) -> dict:
    """Centre and zoom (a 512-pixel world at zoom 0, as MapLibre counts) that fit the province
    into a map of about `width` × `height` pixels: the view on a basemap."""
    west, south, east, north = boundaries().bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    zoom_x = math.log2(width * margin * 360 / (512 * (east - west)))
    zoom_y = math.log2(
        height * margin * 2 * math.pi / (512 * (mercator_y(north) - mercator_y(south)))
    )
    return {
        "center": {"lat": (south + north) / 2, "lon": (west + east) / 2},
        "zoom": round(min(zoom_x, zoom_y), 2),
    }


def build_map(
    measures: pl.DataFrame,
    measure: str,
    classes: list[MapClass],
    *,
    selected: str | None = None,
    circles: bool = False,
    basemap: dict[str, str] | None = None,
) -> go.Figure:
    """The page's map: communes coloured by `measure`, the province outline, optionally
    circles of the servers remaining at the communes' centres and the selected commune
    outlined. A click on a commune or its circle selects it (picked_commune).

    With no basemap (the default) a geo subplot with nothing of its own drawn: plotly.js
    fetches a world map (WORLD_MAP, from cdn.plot.ly) when the first trace names its places by
    a `locationmode` (the communes' trace has "geojson-id"), so the province outline comes
    first, and the page hands plotly.js an empty world map under that name in case a later
    plotly.js looks at every trace. With `basemap` = {"style": URL} the MapLibre traces, on
    that style.
    """
    on_tiles = bool(basemap and basemap.get("style"))
    rows = list(measures.iter_rows(named=True))
    codes = [row["code"] for row in rows]
    line_trace = go.Scattermap if on_tiles else go.Scattergeo
    area_trace = go.Choroplethmap if on_tiles else go.Choropleth
    no_fade = {"marker": {"opacity": 1}}  # a selection must not dim the other communes

    def outline(polygons: Polygons, colour: str, width: int, name: str) -> Any:
        # a line around polygons that catches no hover and no click
        lons, lats = ring_lines(rings(polygons))
        return line_trace(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": colour, "width": width},
            hoverinfo="skip",
            name=name,
        )

    traces: list[Any] = [
        outline(boundaries().province, OUTLINE_COLOUR, 2, "tinh"),
        area_trace(
            geojson=_communes_geojson(codes),
            locations=codes,
            z=[classify(row[measure], classes) for row in rows],
            zmin=-0.5,
            zmax=len(classes) - 0.5,
            colorscale=_class_colours(classes),
            showscale=False,
            marker={"line": {"color": BORDER_COLOUR, "width": 1}, "opacity": 1},
            customdata=[[code] for code in codes],
            text=[tooltip_text(row) for row in rows],
            hoverinfo="text",
            selected=no_fade,
            unselected=no_fade,
            name=COMMUNES,
        ),
    ]
    if circles:
        placed = [row for row in rows if row["servers_remaining"] > 0]
        traces.append(
            line_trace(
                lon=[row["lon"] for row in placed],
                lat=[row["lat"] for row in placed],
                mode="markers",
                marker={
                    "size": [
                        min(CIRCLE_MAX_PIXELS, CIRCLE_PIXELS * math.sqrt(row["servers_remaining"]))
                        for row in placed
                    ],
                    "color": CIRCLE_COLOUR,
                    **({} if on_tiles else {"line": {"color": BORDER_COLOUR, "width": 1}}),
                },
                customdata=[[row["code"]] for row in placed],
                text=[tooltip_text(row) for row in placed],
                hoverinfo="text",
                selected=no_fade,
                unselected=no_fade,
                name=CIRCLES,
            )
        )
    if selected and selected in boundaries().communes:
        traces.append(outline(boundaries().communes[selected], SELECTED_COLOUR, 3, "chon"))
    figure = go.Figure(traces)
    figure.update_layout(
        height=MAP_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        paper_bgcolor="#ffffff",
        font={"family": FONT_FAMILY, "size": 13},
        hoverlabel={
            "bgcolor": "#ffffff",
            "bordercolor": "#b0bec5",
            "font": {"family": FONT_FAMILY, "size": 13, "color": "#263238"},
            "align": "left",
        },
        dragmode="pan",
        clickmode="event+select",
    )
    if on_tiles:
        figure.update_layout(map={"style": basemap["style"], **initial_view()})
    else:
        west, south, east, north = boundaries().bounds
        pad = 0.02
        figure.update_geos(
            scope="world",
            resolution=110,  # WORLD_MAP's name
            visible=False,
            projection_type="mercator",
            lonaxis_range=[west - pad, east + pad],
            lataxis_range=[south - pad, north + pad],
            bgcolor="#ffffff",
        )
    return figure


def picked_commune(selection: dict[str, Any] | None) -> str | None:
    """The commune code of what was clicked on the map (a commune or its circle), or None.

    `selection` is Streamlit's Plotly selection: {"points": [{"customdata": [code], …}], …}.
    """
    for point in (selection or {}).get("points") or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and data and data[0]:
            return str(data[0])
    return None
