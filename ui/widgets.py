"""Widgets the pages share: the page header (title, freshness, scope), indicator tiles, charts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

import formats
import vocabulary
from charts import maps, tables, theme
from exports import images
from exports.scope import scope_sentence
from queries import INDICATORS_BY_KEY, KpiValue
from ui import auth, data, exports, filters, text
from ui.hidden_script import hidden_script, js_value

# Tiles of the overview, grouped as leadership reads them.
TILE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Máy chủ riêng lẻ",
        (
            "servers_baseline",
            "servers_remaining",
            "consolidation_pct",
            "agencies_done",
            "agencies_at_risk",
            "storage_moved_tb",
        ),
    ),
    (
        "Phương án và báo cáo",
        (
            "plans_submitted_pct",
            "plans_approved_pct",
            "reported_this_half_pct",
            "tslcd_connected_pct",
        ),
    ),
    ("Hệ thống thông tin", ("systems_migrated_pct", "ndxp_connected_pct", "cloud_share_pct")),
    ("An toàn thông tin", ("soc_monitored_pct", "backup_central_pct")),
    (
        "Chi phí và tiết kiệm",
        (
            "annual_cost_baseline_vnd",
            "savings_realised_vnd",
            "savings_planned_vnd",
        ),
    ),
)
# An indicator's label is kpis.md's, whole: Streamlit cuts a tile's label to one line with "…"
# ("Tỷ lệ hệ thống trên đám mây, Trung tâm D…"), so tiles' labels wrap instead. Style only:
# st.html with nothing but a <style> takes no room on the page.
WRAP_TILE_LABELS = (
    "<style>[data-testid='stMetricLabel'], [data-testid='stMetricLabel'] * "
    "{white-space: normal !important; overflow: visible !important; "
    "text-overflow: clip !important; height: auto !important}</style>"
)
# st.dataframe's header and row heights (px), to fit the frame to a short list
TABLE_HEADER_PX, TABLE_ROW_PX = 38, 35
# Indicators where a fall is good news (Streamlit then shows a fall in green).
LOWER_IS_BETTER = frozenset({"servers_remaining", "agencies_at_risk"})


def freshness_line() -> None:
    """ "Cập nhật lần cuối lúc …": the latest accepted upload, so no one presents stale figures."""
    upload = data.latest_upload()
    if upload is None:
        st.caption("Chưa có tệp số liệu nào được nạp.")
        return
    st.caption(
        f"Cập nhật lần cuối lúc {upload['uploaded_at']:%H:%M} ngày "
        f"{formats.format_date(upload['uploaded_at'].date())} "
        f"(tệp “{text.plain(upload['file_name'])}”, ngày số liệu "
        f"{formats.format_date(upload['report_date'])})."
    )


def metric_with_change(
    container,
    label: str,
    value: float | int | None,
    previous: float | int | None,
    unit: str,
    *,
    compared: bool,
    lower_is_better: bool = False,
    help: str | None = None,
) -> None:
    """A bordered st.metric with its change since an earlier date ("không đổi" when none).

    `compared` is False when there is no earlier date: then no change is shown at all.
    """
    delta, colour = None, "inverse" if lower_is_better else "normal"
    if compared and value is not None and value == previous:
        delta, colour = "không đổi", "off"
    elif compared:
        delta = formats.format_delta(value, previous, unit)
    container.metric(
        label,
        formats.format_kpi(value, unit),
        delta=delta,
        delta_color=colour,
        delta_arrow="off" if colour == "off" else "auto",
        help=help,
        border=True,
    )


def kpi_tiles(
    values: dict[str, KpiValue],
    previous: dict[str, KpiValue] | None,
    previous_date: dt.date | None,
    keys: tuple[str, ...],
    columns: int = 3,
) -> None:
    """One tile per indicator: its label from kpis.md, value and change since `previous`."""
    cells = st.columns(columns)
    for index, key in enumerate(keys):
        indicator = INDICATORS_BY_KEY[key]
        metric_with_change(
            cells[index % columns],
            indicator.label,
            values[key],
            previous[key] if previous is not None else None,
            indicator.unit,
            compared=previous is not None,
            lower_is_better=key in LOWER_IS_BETTER,
            help=(
                f"So với ngày số liệu {formats.format_date(previous_date)}."
                if previous_date
                else None
            ),
        )


def scope_line(view: filters.Filters) -> None:
    """Say which date and which agencies the figures are for, so no one misreads a slice."""
    st.caption(scope_sentence(view.as_of, view.describe()) + ".")


def page_header(title: str) -> filters.Filters:
    """Every page's opening: its title, the freshness line, then the scope line; the view.

    With no data at all the page says so, and who updates it where, and stops there: what
    leadership sees never names a command (glossary.md). With DASHBOARD_REQUIRE_SIGN_IN, a
    session not signed in sees only the sign-in (auth.page_guard).
    """
    auth.page_guard()
    st.html(WRAP_TILE_LABELS)
    st.title(title)
    freshness_line()
    view = filters.current()
    if view.as_of is None:
        st.info(
            f"Chưa có số liệu. {vocabulary.DST} cập nhật số liệu từ biểu mẫu của các đơn vị "
            f"trên trang “{vocabulary.UPDATE_PAGE}”; số liệu sẽ hiện ở đây sau khi cập nhật."
        )
        st.stop()
    scope_line(view)
    exports.deck_button(view)
    return view


# How many built figures the process keeps (every session shares them): a page's rerun on the
# same data, which every click on the page is, shows the figures it built before, since
# building a Plotly figure, not the query, was most of a warm page's run.
FIGURES_KEPT = 200


def _frame_fingerprint(frame: pl.DataFrame) -> bytes:
    """A frame's content as a cache key part: its schema and a hash of every row (Streamlit's
    own hash samples large frames; a file dump's bytes differ with the frame's chunks)."""
    key = hashlib.sha256(repr(frame.schema).encode())
    key.update(frame.hash_rows(seed=0).to_numpy().tobytes())
    return key.digest()


@st.cache_resource(
    max_entries=FIGURES_KEPT,
    show_spinner=False,
    hash_funcs={pl.DataFrame: _frame_fingerprint},
)
def _decorated(
    builder_name: str,
    _builder: Callable[..., go.Figure],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    as_of: dt.date | None,
    scope: str,
) -> go.Figure:
    # cached on the builder's full name and everything it is given (never on the function
    # object, which Streamlit would key by its bare name); the figure is shared, never changed
    return images.decorate(_builder(*args, **kwargs), as_of, scope)


def chart(
    builder: Callable[..., go.Figure],
    *args: Any,
    file_name: str | None = None,
    key: str | None = None,
    **kwargs: Any,
) -> None:
    """Show the Plotly figure `builder(*args, **kwargs)` (a function of charts/) ready for a
    meeting: under its title the report date, the scope and the source
    (exports.images.decorate), so the toolbar's PNG stands on its own; the PNG is named after
    the title and date (`file_name` only for a figure without a title), 2x scale. The figure
    is built once for the same arguments and view, then kept (FIGURES_KEPT)."""
    view = filters.current()
    shown = _decorated(
        f"{builder.__module__}.{builder.__qualname__}",
        builder,
        args,
        kwargs,
        view.as_of,
        view.describe(),
    )
    st.plotly_chart(
        shown,
        width="stretch",
        key=key,
        config=images.toolbar_config(shown, view.as_of, file_name or "bieu-do"),
    )


# How many maps the process keeps: each holds every commune's outline and tooltip (a few MiB
# of Python objects), and a page shows one per measure, date, scope and chosen commune
MAPS_KEPT = 8


@st.cache_resource(
    max_entries=MAPS_KEPT,
    show_spinner=False,
    hash_funcs={pl.DataFrame: _frame_fingerprint},
)
def _built(
    builder_name: str, _builder: Callable[..., go.Figure], args: tuple[Any, ...], kwargs: dict
) -> go.Figure:
    # as _decorated, without the title block: kept on the builder's name and its arguments
    return _builder(*args, **kwargs)


# plotly.js fetches a world map from cdn.plot.ly for a geo chart whose first trace names its
# places by a `locationmode`, and draws nothing when that fails. The page's map draws only its
# own outlines (charts/maps/interactive.py) and today's plotly.js asks for nothing, but a later
# one that looked at every trace would. The block gives plotly.js an empty world map, under
# the name it looks for (charts.maps.WORLD_MAP), before the chart is drawn: nothing to fetch.
# Hidden, in no place.
_EMPTY_WORLD_MAP = hidden_script(
    "data-empty-world-map",
    "window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };\n"
    f"window.PlotlyGeoAssets.topojson[{js_value(maps.WORLD_MAP)}] ??= "
    '{ type: "Topology", objects: {}, arcs: [] };',
)


def map_chart(
    builder: Callable[..., go.Figure],
    *args: Any,
    key: str,
    on_pick: Callable[[], None],
    **kwargs: Any,
) -> None:
    """Show the page's map `builder(*args, **kwargs)` (charts.maps.build_map), built once for
    the same arguments and kept (MAPS_KEPT): zoomed with the mouse wheel, dragged with the
    mouse, a click on a commune calling `on_pick` (its selection is then in
    st.session_state[key]). No PNG button in its toolbar: the page's own button gives the
    map with its legend, title and date."""
    figure = _built(f"{builder.__module__}.{builder.__qualname__}", builder, args, kwargs)
    st.html(_EMPTY_WORLD_MAP, unsafe_allow_javascript=True)
    st.plotly_chart(
        figure,
        width="stretch",
        key=key,
        on_select=on_pick,
        selection_mode="points",
        config=theme.plotly_config(scrollZoom=True, modeBarButtonsToRemove=["toImage"]),
    )


def _column_config(column: tables.Column):
    settings = {"help": column.help, "width": column.width, "pinned": column.pinned or None}
    if column.bar:
        return st.column_config.ProgressColumn(
            column.header, min_value=0, max_value=100, format=" ", color=column.bar, **settings
        )
    if column.keeps == "whole":
        return st.column_config.NumberColumn(
            column.header, format=formats.WHOLE_NUMBER_CELL, alignment="right", **settings
        )
    if column.keeps == "date":
        return st.column_config.DateColumn(column.header, format=formats.DATE_CELL, **settings)
    alignment = "right" if column.figure else None
    if not any(settings.values()) and alignment is None:
        return None
    return st.column_config.TextColumn(column.header, alignment=alignment, **settings)


def table(
    shown: tables.Table | pl.DataFrame,
    *,
    key: str | None = None,
    max_height: int | None = None,
    **selection,
):
    """Draw a table of charts.tables (or a frame already written out) the one way tables are drawn.

    Cells are formats.py's text, or keep their value where the browser writes it the same way
    (whole numbers, dates); figures right-aligned; "–" for a blank. With
    `max_height`, a short table is no taller than its rows. `selection` (on_select,
    selection_mode, selection_default) passes to st.dataframe, whose state is returned.
    """
    if isinstance(shown, pl.DataFrame):
        shown = tables.text_table(shown)
    config = {column.header: _column_config(column) for column in shown.columns}
    height = "auto"
    if max_height is not None:
        height = min(TABLE_HEADER_PX + TABLE_ROW_PX * shown.frame.height, max_height)
    drawn = st.dataframe(
        shown.frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config={header: c for header, c in config.items() if c is not None},
        key=key,
        placeholder=formats.MISSING,
        **selection,
    )
    exports.table_csv_button(shown, filters.current().as_of, key=key)
    return drawn
