"""Figures and tables of the page "Tiến độ theo đơn vị"; no Streamlit (exports reuse them).

Tables are charts.tables specs: every cell the Vietnamese text of formats.py ("1.234",
"50,0%", "31/12/2026"); the agency table's progress bar keeps its number, so clicking its
header sorts the agencies by their consolidation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import polars as pl

import formats
from charts.tables import Column, Table, count, plain, table, tenths, yes_no
from charts.theme import ASSET_STATUS_COLOURS, apply_theme, whole_number_ticks
from queries.indicators import INDICATORS_BY_KEY
from queries.progress import LATE, NOT_DUE, ON_SCHEDULE
from vocabulary import ASSET_MODEL, MIGRATION_STAGE, REPORT_DATE, SERVERS_TO_CHANGE

# One label for the consolidation, on every page: the indicator's (spec/kpis.md).
CONSOLIDATION_LABEL = INDICATORS_BY_KEY["consolidation_pct"].label

DONE_COLOUR = ASSET_STATUS_COLOURS["consolidated"]
REMAINING_COLOUR = ASSET_STATUS_COLOURS["active"]


def _date_time(value: object) -> str:
    return formats.MISSING if value is None else f"{value:%H:%M} {formats.format_date(value)}"


def _figure(header: str, text: Callable[[Any], str] = count, **settings: Any) -> Column:
    return Column(header, text, figure=True, **settings)


# The agency table, in the order shown. progress_bar repeats consolidation_pct as a bar
# beside the figure (a bar's own label cannot show a decimal comma).
AGENCY_COLUMNS: dict[str, Column] = {
    "name": Column("Đơn vị", pinned=True, width="large"),
    "kind_label": Column("Nhóm"),
    "servers_baseline": _figure("Máy chủ ban đầu"),
    "servers_remaining": _figure("Còn lại"),
    "servers_done": _figure("Đã xử lý"),
    "consolidation_pct": _figure(
        CONSOLIDATION_LABEL,
        formats.format_pct,
        help=f"Máy chủ riêng lẻ đã xử lý ÷ {SERVERS_TO_CHANGE}; “–” khi không có máy chủ nào "
        "phải xử lý.",
    ),
    "progress_bar": Column("Tiến độ", bar=DONE_COLOUR),
    "status_label": Column("Tình trạng"),
    "late_reason": Column("Lý do chậm"),
    "plan_status_label": Column("Phương án"),
    "systems_label": Column("Hệ thống đã chuyển"),
    "projected_label": Column(
        "Dự kiến hoàn thành", help="Theo tốc độ từ lần báo cáo Biểu 01 đầu tiên đến lần gần nhất."
    ),
    "last_report_date": Column("Báo cáo gần nhất", formats.format_date),
    "reported_this_half": Column(
        "Báo cáo trong kỳ", yes_no, help="Biểu 01 gần nhất thuộc cùng nửa năm với ngày số liệu."
    ),
    "last_upload_warnings": _figure(
        "Cảnh báo lần nạp cuối",
        help="Số cảnh báo về đơn vị trong tệp gần nhất có số liệu của đơn vị.",
    ),
    "agency_code": Column("Mã đơn vị"),
}
SNAPSHOT_COLUMNS: dict[str, Column] = {
    "report_date": Column(REPORT_DATE, formats.format_date),
    "form_label": Column("Biểu"),
    "rows": _figure("Số dòng"),
    "file_name": Column("Tệp"),
    "uploaded_by": Column("Người nạp"),
    "uploaded_at": Column("Thời điểm nạp", _date_time),
    "source_sheet": Column("Trang tính"),
}
ASSET_COLUMNS: dict[str, Column] = {
    "asset_code": Column("Mã tài sản"),
    "asset_type_label": Column("Loại thiết bị"),
    "model": Column(ASSET_MODEL),
    "status_label": Column("Hiện trạng"),
    "plan_label": Column("Phương án"),
    "target_date": Column("Thời hạn", formats.format_date),
    "cpu_cores": _figure("CPU (nhân)"),
    "ram_gb": _figure("RAM (GB)"),
    "storage_tb": _figure("Lưu trữ (TB)", tenths),
    "annual_cost_vnd": _figure("Chi phí/năm", formats.format_vnd),
    "systems": Column("Hệ thống đang chạy"),
    "soc_monitored": Column("Giám sát ATTT", yes_no),
    "central_backup": Column("Sao lưu tập trung", yes_no),
    "source_row": _figure("Dòng trong tệp", plain),  # as Excel numbers it: no separator
}
SYSTEM_COLUMNS: dict[str, Column] = {
    "system_code": Column("Mã hệ thống"),
    "system_name": Column("Tên hệ thống"),
    "source_asset_code": Column("Máy chủ nguồn"),
    "target_label": Column("Nơi chuyển đến"),
    "stage_label": Column(MIGRATION_STAGE),
    "planned_date": Column("Kế hoạch", formats.format_date),
    "done_date": Column("Hoàn thành", formats.format_date),
    "ndxp_connected": Column("Kết nối NDXP/LGSP", yes_no),
    "soc_monitored": Column("Giám sát ATTT", yes_no),
    "security_level": _figure("Cấp độ ATTT", plain),
}
# The counts heading an agency's detail, then the colour of its status badge.
SUMMARY_LABELS: dict[str, str] = {
    key: AGENCY_COLUMNS[key].header
    for key in ("servers_baseline", "servers_remaining", "servers_done")
}
STATUS_BADGES: dict[str, str] = {LATE: "red", ON_SCHEDULE: "green", NOT_DUE: "gray"}
PLAN_SERVER_LABELS: dict[str, str] = {
    "servers_total": "Tổng số máy chủ",
    "servers_eliminate": "Loại bỏ",
    "servers_consolidate": "Hợp nhất về TTTHDL",
    "servers_cloud": "Lên đám mây",
    "servers_keep": "Giữ lại",
}


def agency_table(frame: pl.DataFrame) -> Table:
    """The agencies' rows of `queries.progress.agency_progress`, as AGENCY_COLUMNS, in its order."""
    return table(frame.with_columns(progress_bar=pl.col("consolidation_pct")), AGENCY_COLUMNS)


def snapshot_table(snapshots: pl.DataFrame) -> Table:
    """An agency's snapshots: form, report date, rows and the upload they came from."""
    return table(snapshots, SNAPSHOT_COLUMNS)


def asset_table(assets: pl.DataFrame) -> Table:
    """An agency's assets in its latest inventory snapshot, labels in Vietnamese."""
    return table(assets, ASSET_COLUMNS)


def system_table(systems: pl.DataFrame) -> Table:
    """An agency's systems in its latest migration snapshot, labels in Vietnamese."""
    return table(systems, SYSTEM_COLUMNS)


def _with_servers(groups: pl.DataFrame) -> pl.DataFrame:
    total = pl.col("servers_remaining").fill_null(0) + pl.col("servers_done").fill_null(0)
    return groups.filter(total > 0)


def has_standalone_servers(groups: pl.DataFrame) -> bool:
    """True when some group of `progress_by_kind` has a standalone server to draw."""
    return not _with_servers(groups).is_empty()


def kind_chart(groups: pl.DataFrame) -> go.Figure:
    """Standalone servers remaining and done per agency group, each bar labelled with its %.

    `groups` is `queries.progress.progress_by_kind`; groups without a standalone server
    (the data centres) are left out.
    """
    shown = _with_servers(groups)
    labels = [
        f"{label}<br><span style='font-size:11px'>{late}/{total} đơn vị chậm</span>"
        for label, late, total in zip(
            shown["kind_label"], shown["agencies_late"], shown["agencies"], strict=True
        )
    ]
    figure = go.Figure()
    for column, name, colour in (
        ("servers_done", "Đã xử lý", DONE_COLOUR),
        ("servers_remaining", "Còn lại", REMAINING_COLOUR),
    ):
        values = shown[column].to_list()
        figure.add_bar(
            name=name,
            y=labels,
            x=values,
            orientation="h",
            marker_color=colour,
            text=[formats.format_number(v) for v in values],
            textposition="inside",
            customdata=shown["kind_label"].to_list(),
            hovertemplate="%{customdata}: %{x:,d} máy chủ " + name.lower() + "<extra></extra>",
        )
    # the group's consolidation % at the end of its bar
    for label, pct, remaining, done in zip(
        labels,
        shown["consolidation_pct"].to_list(),
        shown["servers_remaining"].to_list(),
        shown["servers_done"].to_list(),
        strict=True,
    ):
        figure.add_annotation(
            y=label,
            x=(remaining or 0) + (done or 0),
            text=f"<b>{formats.format_pct(pct)}</b>",
            showarrow=False,
            xanchor="left",
            xshift=6,
        )
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_yaxes(autorange="reversed")
    widest = shown.select(pl.sum_horizontal("servers_done", "servers_remaining").max()).item()
    figure.update_xaxes(**whole_number_ticks(widest))
    height = 140 + 60 * max(len(labels), 1)
    return apply_theme(
        figure,
        "Máy chủ riêng lẻ theo nhóm đơn vị (tiến độ hợp nhất máy chủ ở cuối mỗi thanh)",
        "Số máy chủ",
        None,
        height=height,
    )


def history_chart(history: pl.DataFrame, agency_name: str) -> go.Figure:
    """One agency's standalone servers remaining and done at each of its inventory snapshots."""
    dates = history["report_date"].to_list()
    ticks = [formats.format_date(d) for d in dates]
    figure = go.Figure()
    for column, name, colour in (
        ("servers_done", "Đã xử lý", DONE_COLOUR),
        ("servers_remaining", "Còn lại", REMAINING_COLOUR),
    ):
        figure.add_bar(
            name=name,
            x=ticks,
            y=history[column].to_list(),
            marker_color=colour,
            hovertemplate="%{x}: %{y:,d} máy chủ " + name.lower() + "<extra></extra>",
        )
    figure.update_layout(barmode="stack", bargap=0.5, legend_traceorder="normal")
    figure.update_xaxes(type="category")
    tallest = history.select(pl.sum_horizontal("servers_done", "servers_remaining").max()).item()
    figure.update_yaxes(**whole_number_ticks(tallest))
    return apply_theme(
        figure,
        f"Máy chủ riêng lẻ của {agency_name} qua các ngày số liệu",
        REPORT_DATE,
        "Số máy chủ",
        height=340,
    )


__all__ = [
    "AGENCY_COLUMNS",
    "CONSOLIDATION_LABEL",
    "ASSET_COLUMNS",
    "PLAN_SERVER_LABELS",
    "SNAPSHOT_COLUMNS",
    "STATUS_BADGES",
    "SUMMARY_LABELS",
    "SYSTEM_COLUMNS",
    "agency_table",
    "asset_table",
    "has_standalone_servers",
    "history_chart",
    "kind_chart",
    "snapshot_table",
    "system_table",
]
