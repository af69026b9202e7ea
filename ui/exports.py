"""The pages' download buttons for the files of `exports`: built only when clicked.

Each button hands Streamlit a callable (st.download_button builds the file on the click, since
1.52), never the bytes, so no page builds a file on every rerun. The callable receives what it
needs as arguments: it cannot read st.session_state (streamlit #13409). A failure reaches
the user as the Vietnamese sentence of the export's error, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

import polars as pl
import streamlit as st

from charts import maps
from charts.tables import Table
from db import store
from exports import cells, images
from exports.scope import Scope
from ui import data
from ui.filters import Filters

PNG, CSV = "image/png", "text/csv"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def scope_of(view: Filters) -> Scope:
    """The sidebar's choice as the exports take it."""
    return Scope(view.as_of, view.kinds, view.provinces, view.agencies, view.agency_codes)


def _deck_pptx(live: store.LiveDatabase, scope: Scope) -> bytes:
    from exports import deck  # python-pptx on the click, not with every page

    with live.cursor() as cursor:  # the newest file when the button is clicked
        return deck.deck_bytes(deck.build_deck(cursor, scope))


def deck_button(view: Filters) -> None:
    """The sidebar's button: the meeting pack (PowerPoint) of the date and filters in view."""
    st.sidebar.download_button(
        "Tải tài liệu họp (PowerPoint)",
        data=functools.partial(_deck_pptx, data.live_database(), scope_of(view)),
        file_name=f"tai-lieu-hop_{view.as_of:%d-%m-%Y}.pptx",
        mime=PPTX,
        on_click="ignore",
        icon=":material/slideshow:",
        key="deck_pptx",
        help="Các chỉ tiêu chính, biểu đồ, bản đồ và các đơn vị chậm tiến độ, theo ngày số "
        "liệu và bộ lọc đang chọn; tệp được lập khi bấm nút.",
        width="stretch",
    )


def _table_csv(shown: Table) -> bytes:
    frame = shown.text()
    return cells.csv_bytes(frame.columns, frame.iter_rows())


def table_csv_button(shown: Table, as_of: dt.date | None, key: str | None = None) -> None:
    """Under a table: its cells as shown, as CSV, agency text that looks like a formula
    guarded (exports.cells); built when clicked."""
    # one key per table on a page: its own key, else its headers and size
    fingerprint = (
        key
        or hashlib.sha1(
            repr((shown.frame.columns, shown.frame.height, shown.frame.head(2).rows())).encode()
        ).hexdigest()[:12]
    )
    stamp = f"_{as_of:%d-%m-%Y}" if as_of else ""
    st.download_button(
        "Tải bảng (CSV)",
        data=functools.partial(_table_csv, shown),
        file_name=f"{images.slug(shown.frame.columns[0] if shown.frame.columns else 'bang')}"
        f"-bang{stamp}.csv",
        mime=CSV,
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
        key=f"csv_{fingerprint}",
    )


def map_title(measure: str) -> str:
    """The static map's title: what it is coloured by, commune by commune."""
    return f"{maps.MEASURES[measure].label} theo xã, phường"


def _map_png(measures: pl.DataFrame, measure: str, classes: list, as_of, scope: str) -> bytes:
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
