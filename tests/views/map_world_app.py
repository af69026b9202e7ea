"""For tests/views/test_map_browser.py: the page's map with the communes' trace first, as a
plotly.js that looked at every trace for a `locationmode` would see it (it would then fetch
its world map). Drawn through ui.widgets.map_chart, which gives plotly.js an empty one; with
`?bare=1` by st.plotly_chart alone, to show that the order makes this plotly.js fetch it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st  # noqa: E402

from charts import maps  # noqa: E402
from tests.charts.maps.conftest import _commune_measures  # noqa: E402
from ui import widgets  # noqa: E402


def communes_first(*args, **kwargs):
    """The page's map with its traces in the opposite order: the communes' first."""
    figure = maps.build_map(*args, **kwargs)
    figure.data = figure.data[::-1]
    return figure


measures = _commune_measures({"07210": {"servers_remaining": 3}})
classes = maps.class_breaks("servers_remaining", measures["servers_remaining"])
st.title("Bản đồ thử")
if st.query_params.get("bare"):
    st.plotly_chart(communes_first(measures, "servers_remaining", classes))
else:
    widgets.map_chart(
        communes_first, measures, "servers_remaining", classes, key="ban_do", on_pick=lambda: None
    )
