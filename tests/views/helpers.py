"""What a page shows, read from an AppTest run: its tiles, tables and charts."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def tiles(app: AppTest) -> dict[str, str]:
    """Every st.metric on the page: label → value as shown."""
    return {metric.label: metric.value for metric in app.metric}


def deltas(app: AppTest) -> dict[str, str]:
    """Every st.metric on the page: label → its change as shown ("" when none)."""
    return {metric.label: metric.proto.delta for metric in app.metric}


def table(app: AppTest, header: str) -> list[dict]:
    """The rows of the first table with a column headed `header`, cells as shown."""
    for frame in app.dataframe:
        if header in frame.value.columns:
            return frame.value.to_dict("records")
    raise AssertionError(f"no table with a column {header!r}")


def charts(app: AppTest) -> dict[str, dict]:
    """The page's Plotly figures (their JSON spec) by title."""
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def chart(app: AppTest, title: str) -> dict:
    """The Plotly figure titled `title`."""
    shown = charts(app)
    assert title in shown, f"no chart titled {title!r}: {sorted(shown)}"
    return shown[title]


def trace(spec: dict, name: str) -> dict:
    """The trace named `name` of a figure."""
    return next(t for t in spec["data"] if t.get("name") == name)
