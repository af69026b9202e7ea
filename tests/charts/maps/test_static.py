"""The static Plotly map of the exports: the deck's classes and colours, nothing fetched."""

from __future__ import annotations

from charts.maps.classes import class_breaks
from charts.maps.static import static_map


def test_static_map_uses_the_same_classes(measures):
    classes = class_breaks("servers_remaining", [0, 1, 3, 12])
    figure = static_map(measures, "servers_remaining", classes, "Máy chủ riêng lẻ còn lại")
    fills = [t for t in figure.data if t.fill == "toself"]
    assert [t.fillcolor for t in fills] == [c.colour for c in classes]
    assert fills[0].name == "0 (98 xã, phường)"
    assert [t.name for t in fills if t.x != (None,)] == ["0 (98 xã, phường)", "2–3 (1 xã, phường)"]
    assert figure.layout.title.text == "Máy chủ riêng lẻ còn lại"
    assert figure.layout.separators == ",."
    assert figure.layout.xaxis.visible is False
    # plain SVG shapes: nothing to fetch (go.Choropleth would load cdn.plot.ly's world map)
    assert "http" not in figure.to_json()
