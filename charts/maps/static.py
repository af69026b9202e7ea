"""Charts layer, no Streamlit: the map as a static Plotly figure, for PNG and slide exports."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

import formats
from charts.maps.classes import MEASURES, MapClass, classify
from charts.maps.geometry import boundaries, ring_lines, rings
from charts.theme import apply_theme


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
        # outer rings only: "toself" would fill a hole (Bắc Ninh's communes have none)
        xs, ys = ring_lines([polygon[0] for code in codes for polygon in shapes.communes[code]])
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
    outline_x, outline_y = ring_lines(rings(shapes.province))
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
