"""The pages' download buttons for the files of `exports`: built only when clicked.

Each button hands Streamlit a callable (st.download_button builds the file on the click, since
1.52), never the bytes, so no page builds a file on every rerun. The callable receives what it
needs as arguments: it cannot read st.session_state (streamlit #13409). A failure reaches
the user as the Vietnamese sentence of the export's error, never as a traceback.
"""

from __future__ import annotations

import functools

import polars as pl
import streamlit as st

from charts import maps
from exports import images
from ui.filters import Filters

PNG, PPTX = "image/png", "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def map_title(measure: str) -> str:
    """The static map's title: what it is coloured by, commune by commune."""
    return f"{maps.MEASURES[measure].label} theo xã, phường"


def _map_png(
    measures: pl.DataFrame, measure: str, classes: list, as_of, scope: str
) -> bytes:
    figure = maps.static_map(measures, measure, classes, map_title(measure))
    return images.render_png(images.export_figure(figure, as_of, scope))


def map_image_button(
    view: Filters, measures: pl.DataFrame, measure: str, classes: list, *, key: str = "map_png"
) -> None:
    """A button that downloads the map as a meeting-ready PNG (charts.maps.static_map)."""
    if images.browser_path() is None:
        st.caption(str(images.BrowserMissingError()))
        return
    st.download_button(
        "Tải ảnh bản đồ (PNG)",
        data=functools.partial(_map_png, measures, measure, classes, view.as_of, view.describe()),
        file_name=images.file_stem(map_title(measure), view.as_of) + ".png",
        mime=PNG,
        on_click="ignore",
        icon=":material/download:",
        key=key,
        help="Bản đồ tĩnh kèm ngày số liệu, phạm vi và nguồn, để đưa vào tài liệu họp.",
    )
