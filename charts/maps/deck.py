"""Charts layer, no Streamlit: the pydeck map of the page, with no tiles unless a basemap is configured."""

from __future__ import annotations

import html
import json
import math
from typing import Any

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from charts.maps.classes import MEASURES, MapClass, classify
from charts.maps.commune import commune_summary
from charts.maps.geometry import Polygons, boundaries, geojson_geometry
from charts.theme import FONT_FAMILY
from vocabulary import FORMER_PROVINCE

MAP_HEIGHT = 500  # pixels, on screen
OUTLINE_COLOUR = [55, 71, 79, 255]
BORDER_COLOUR = [255, 255, 255, 255]
SELECTED_COLOUR = [17, 17, 17, 255]
CIRCLE_COLOUR = [31, 78, 121, 150]
CIRCLE_METRES = 600  # radius of one server; the area grows with the count (at least 3 px)


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


def _tooltip_fields(row: dict[str, Any]) -> dict[str, str]:
    # the tooltip is set as innerHTML: names from the database are escaped
    return {key: html.escape(value) for key, value in commune_summary(row).items()}


TOOLTIP_HTML = (
    f"<b>{{name}}</b><br/>{{kind}} · {FORMER_PROVINCE.lower()}: {{province}}<br/>"
    "Máy chủ riêng lẻ còn lại / ban đầu: <b>{remaining}</b> / {baseline}<br/>"
    f"{MEASURES['consolidation_pct'].label}: <b>{{pct}}</b><br/>"
    f"{MEASURES['cost_remaining_vnd'].label}: {{cost}}<br/>"
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
                "geometry": geojson_geometry(shapes.communes[row["code"]]),
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


def _outline_layer(layer_id: str, polygons: Polygons, colour: list[int], width: int) -> pdk.Layer:
    # a line around polygons that catches no click: the province's edge, the chosen commune
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data={"type": "Feature", "geometry": geojson_geometry(polygons), "properties": {}},
        filled=False,
        stroked=True,
        get_line_color=colour,
        line_width_min_pixels=width,
        pickable=False,
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
        _outline_layer("tinh", boundaries().province, OUTLINE_COLOUR, 2),
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
        layers.append(_outline_layer("chon", boundaries().communes[selected], SELECTED_COLOUR, 3))
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
