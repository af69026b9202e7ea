"""The page's pydeck map: no tiles and no outside address, flat escaped tooltips, the optional layers."""

from __future__ import annotations

import json
import math
import re

import pytest

from charts.maps import deck
from charts.maps.classes import class_breaks, classify
from charts.maps.commune import commune_details
from charts.maps.geometry import boundaries


def _spec(built) -> dict:
    return json.loads(built.to_json())


def test_deck_has_no_basemap_and_no_outside_address(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    text = deck.build_deck(measures, "servers_remaining", classes).to_json()
    spec = json.loads(text)
    # pydeck's sentinel: Streamlit's front end then draws no basemap and fetches no style
    assert spec["mapStyle"] == "__MAP_STYLE__"
    assert "mapProvider" not in spec
    assert "http" not in text
    assert "\n" not in text  # compact: pydeck's indentation would double the payload
    assert [layer["id"] for layer in spec["layers"]] == ["xa", "tinh"]


def test_features_carry_flat_formatted_properties(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    spec = _spec(deck.build_deck(measures, "servers_remaining", classes))
    features = spec["layers"][0]["data"]["features"]
    assert len(features) == 99
    bac_giang = next(f["properties"] for f in features if f["properties"]["code"] == "07210")
    # the commune's text (test_commune.py: nothing there to escape), its value and colour
    assert bac_giang == {
        **commune_details(measures, "07210"),
        "value": 3,
        "fill": deck._rgba(classes[classify(3, classes)].colour),
    }
    assert bac_giang["fill"] == [253, 141, 60, 235]  # "#fd8d3c", the one class "1 trở lên"
    assert all(isinstance(v, str) for k, v in bac_giang.items() if k not in {"value", "fill"})
    # every field the tooltip names is a property of every feature
    fields = set(re.findall(r"{(\w+)}", deck.TOOLTIP_HTML))
    assert fields <= set(bac_giang)


def test_tooltip_text_is_escaped(commune_measures):
    frame = commune_measures(
        {"07210": {"agencies_with_servers": ["Sở <b>X</b>"], "servers_remaining": 1}}
    )
    classes = class_breaks("servers_remaining", frame["servers_remaining"])
    spec = _spec(deck.build_deck(frame, "servers_remaining", classes))
    props = next(
        f["properties"]
        for f in spec["layers"][0]["data"]["features"]
        if f["properties"]["code"] == "07210"
    )
    assert props["agencies"] == "Sở &lt;b&gt;X&lt;/b&gt;"


def test_selected_commune_and_circles(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    spec = _spec(
        deck.build_deck(measures, "servers_remaining", classes, selected="07210", circles=True)
    )
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"xa", "tinh", "may_chu", "chon"}
    circles = layers["may_chu"]["data"]
    assert [c["code"] for c in circles] == ["07210"]  # only communes with servers left
    assert isinstance(circles[0]["lon"], float) and circles[0]["radius"] == pytest.approx(
        deck.CIRCLE_METRES * math.sqrt(3)
    )
    assert layers["may_chu"]["radiusMinPixels"] == 3
    # the province's edge and the chosen commune: lines that catch no click
    for layer_id, colour, width in (
        ("tinh", deck.OUTLINE_COLOUR, 2),
        ("chon", deck.SELECTED_COLOUR, 3),
    ):
        layer = layers[layer_id]
        assert (layer["filled"], layer["pickable"], layer["lineWidthMinPixels"]) == (
            False,
            False,
            width,
        )
        assert layer["getLineColor"] == colour
    assert layers["chon"]["data"]["geometry"]["coordinates"] == boundaries().communes["07210"][0]


def test_basemap_when_configured(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    style = "https://ban-do.bacninh.gov.vn/styles/positron/style.json"
    spec = _spec(
        deck.build_deck(
            measures, "servers_remaining", classes, basemap={"style": style, "key": "k-123"}
        )
    )
    assert spec["mapStyle"] == style
    assert spec["mapProvider"] == "carto"


def test_view_fits_the_province():
    view = deck.initial_view()
    west, south, east, north = boundaries().bounds
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
    assert deck.picked_commune(selection) == code
