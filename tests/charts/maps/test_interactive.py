"""The page's map: no tiles and no outside address, the communes coloured by class, escaped
tooltips, the optional traces, and a click read back as a commune."""

from __future__ import annotations

import json
import math

import pytest

from charts.maps import interactive
from charts.maps.classes import class_breaks, classify
from charts.maps.geometry import boundaries


def _traces(figure) -> dict:
    return {trace.name: trace for trace in figure.data}


def test_no_basemap_and_no_outside_address(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    figure = interactive.build_map(measures, "servers_remaining", classes)
    text = figure.to_json()
    assert "http" not in text
    assert [trace.type for trace in figure.data] == ["scattergeo", "choropleth"]
    # plotly.js fetches its world map only when the first trace has a locationmode
    assert figure.data[0].locationmode is None and figure.data[0].locations is None
    assert figure.layout.geo.visible is False
    west, south, east, north = boundaries().bounds
    assert figure.layout.geo.lonaxis.range[0] < west < east < figure.layout.geo.lonaxis.range[1]
    assert figure.layout.geo.lataxis.range[0] < south < north < figure.layout.geo.lataxis.range[1]
    assert "map" not in json.loads(text)["layout"]


def test_communes_coloured_by_their_class(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    communes = _traces(interactive.build_map(measures, "servers_remaining", classes))["xa"]
    assert len(communes.locations) == 99
    assert {f["id"] for f in communes.geojson["features"]} == set(communes.locations)
    at = list(communes.locations).index("07210")
    assert communes.z[at] == classify(3, classes) and list(communes.customdata[at]) == ["07210"]
    # class i has z = i, and the stepped scale paints z = i in class i's colour
    for index, map_class in enumerate(classes):
        position = (index - communes.zmin) / (communes.zmax - communes.zmin)
        band = [colour for stop, colour in communes.colorscale if stop <= position][-1]
        assert band == map_class.colour
    assert communes.marker.opacity == 1 and communes.unselected.marker.opacity == 1


def test_tooltip_of_a_commune_is_its_text_escaped(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    communes = _traces(interactive.build_map(measures, "servers_remaining", classes))["xa"]
    text = communes.text[list(communes.locations).index("07210")]
    assert text == (
        "<b>Phường Bắc Giang</b><br>Phường · tỉnh cũ (trước sắp xếp): Bắc Giang<br>"
        "Máy chủ riêng lẻ còn lại / ban đầu: <b>3</b> / 1.234<br>"
        "Tiến độ hợp nhất máy chủ: <b>33,3%</b><br>"
        "Chi phí vận hành riêng lẻ còn lại/năm: 1,3 tỷ đồng<br>"
        "Đơn vị còn máy chủ: Sở A, Sở B, Sở C, Sở D và 2 đơn vị khác"
    )
    assert communes.hoverinfo == "text"


def test_names_from_the_database_are_escaped(commune_measures):
    frame = commune_measures(
        {"07210": {"agencies_with_servers": ["Sở <b>X</b>"], "servers_remaining": 1}}
    )
    assert "Sở &lt;b&gt;X&lt;/b&gt;" in interactive.tooltip_text(
        frame.filter(frame["code"] == "07210").row(0, named=True)
    )


def test_selected_commune_and_circles(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    figure = interactive.build_map(
        measures, "servers_remaining", classes, selected="07210", circles=True
    )
    traces = _traces(figure)
    assert list(traces) == ["tinh", "xa", "may_chu", "chon"]
    circles = traces["may_chu"]
    assert [list(d) for d in circles.customdata] == [["07210"]]  # only communes with servers left
    assert circles.marker.size == (pytest.approx(interactive.CIRCLE_PIXELS * math.sqrt(3)),)
    # the province's edge and the chosen commune: lines that catch no hover and no click
    for name, colour, width in (
        ("tinh", interactive.OUTLINE_COLOUR, 2),
        ("chon", interactive.SELECTED_COLOUR, 3),
    ):
        line = traces[name]
        assert (line.mode, line.hoverinfo, line.line.color, line.line.width) == (
            "lines",
            "skip",
            colour,
            width,
        )
    ring = boundaries().communes["07210"][0][0]
    assert list(traces["chon"].lon) == [p[0] for p in ring] + [None]


def test_basemap_when_configured(measures):
    classes = class_breaks("servers_remaining", measures["servers_remaining"])
    style = "https://ban-do.bacninh.gov.vn/styles/positron/style.json"
    figure = interactive.build_map(
        measures, "servers_remaining", classes, circles=True, basemap={"style": style}
    )
    assert [trace.type for trace in figure.data] == ["scattermap", "choroplethmap", "scattermap"]
    assert figure.layout.map.style == style
    west, south, east, north = boundaries().bounds
    assert west < figure.layout.map.center.lon < east
    assert south < figure.layout.map.center.lat < north


def test_view_on_a_basemap_fits_the_province():
    view = interactive.initial_view()
    west, south, east, north = boundaries().bounds
    assert west < view["center"]["lon"] < east and south < view["center"]["lat"] < north
    # the province's width at that zoom (512-pixel world) fits in the map
    assert (east - west) * 512 * 2 ** view["zoom"] / 360 <= 700


@pytest.mark.parametrize(
    ("selection", "code"),
    [
        ({"points": [{"curve_number": 1, "location": "07210", "customdata": ["07210"]}]}, "07210"),
        ({"points": [{"curve_number": 2, "customdata": ["09187"]}]}, "09187"),
        ({"points": [], "point_indices": [], "box": [], "lasso": []}, None),
        (None, None),
    ],
    ids=["commune", "circle", "nothing", "none"],
)
def test_picked_commune(selection, code):
    assert interactive.picked_commune(selection) == code


def test_a_long_list_of_agencies_is_wrapped(commune_measures):
    names = [f"Sở Khoa học và Công nghệ số {n}" for n in range(4)]
    frame = commune_measures({"07210": {"agencies_with_servers": names, "servers_remaining": 4}})
    text = interactive.tooltip_text(frame.filter(frame["code"] == "07210").row(0, named=True))
    agencies = text.split(interactive.AGENCIES_FIELD)[1].split("<br>")
    assert " ".join(agencies) == ", ".join(names)
    assert len(agencies) > 1
    lines = [interactive.AGENCIES_FIELD + agencies[0], *agencies[1:]]
    assert all(len(line) <= interactive.TOOLTIP_LINE for line in lines)
