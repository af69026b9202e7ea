"""Figures and tables of the page "Tiến độ theo đơn vị"; no Streamlit (exports reuse them).

Tables are pandas Stylers: the cells keep their numbers (so a column sorts as numbers)
and show the Vietnamese text of formats.py ("1.234", "50,0 %", "31/12/2026").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import plotly.graph_objects as go
import polars as pl
from pandas.io.formats.style import Styler

import formats
from charts.theme import ASSET_STATUS_COLOURS, apply_theme

DONE_COLOUR = ASSET_STATUS_COLOURS["consolidated"]
REMAINING_COLOUR = ASSET_STATUS_COLOURS["active"]

# The agency table: column → Vietnamese header, in the order shown.
AGENCY_TABLE_LABELS: dict[str, str] = {
    "name": "Đơn vị",
    "kind_label": "Nhóm",
    "servers_baseline": "Máy chủ ban đầu",
    "servers_remaining": "Còn lại",
    "servers_done": "Đã xử lý",
    "consolidation_pct": "Tỷ lệ hợp nhất",
    "progress_bar": "Tiến độ",
    "status_label": "Tình trạng",
    "late_reason": "Lý do chậm",
    "plan_status_label": "Phương án",
    "systems_label": "Hệ thống đã chuyển",
    "projected_label": "Dự kiến hoàn thành",
    "last_report_date": "Báo cáo gần nhất",
    "reported_this_half": "Báo cáo trong kỳ",
    "last_upload_warnings": "Cảnh báo lần nạp cuối",
    "agency_code": "Mã đơn vị",
}
SNAPSHOT_TABLE_LABELS: dict[str, str] = {
    "report_date": "Ngày số liệu",
    "form_label": "Biểu",
    "rows": "Số dòng",
    "file_name": "Tệp",
    "uploaded_by": "Người nạp",
    "uploaded_at": "Thời điểm nạp",
    "source_sheet": "Trang tính",
}
ASSET_TABLE_LABELS: dict[str, str] = {
    "asset_code": "Mã tài sản",
    "asset_type_label": "Loại thiết bị",
    "model": "Hãng, model",
    "status_label": "Hiện trạng",
    "plan_label": "Phương án",
    "target_date": "Thời hạn",
    "cpu_cores": "CPU (nhân)",
    "ram_gb": "RAM (GB)",
    "storage_tb": "Lưu trữ (TB)",
    "annual_cost_vnd": "Chi phí/năm",
    "systems": "Hệ thống đang chạy",
    "soc_monitored": "Giám sát ATTT",
    "central_backup": "Sao lưu tập trung",
    "source_row": "Dòng trong tệp",
}
SYSTEM_TABLE_LABELS: dict[str, str] = {
    "system_code": "Mã hệ thống",
    "system_name": "Tên hệ thống",
    "source_asset_code": "Máy chủ nguồn",
    "target_label": "Nơi chuyển đến",
    "stage_label": "Giai đoạn",
    "planned_date": "Kế hoạch",
    "done_date": "Hoàn thành",
    "ndxp_connected": "Kết nối NDXP/LGSP",
    "soc_monitored": "Giám sát ATTT",
    "security_level": "Cấp độ ATTT",
}
# The counts heading an agency's detail, then the colour of its status badge.
SUMMARY_LABELS: dict[str, str] = {
    "servers_baseline": "Máy chủ ban đầu",
    "servers_remaining": "Còn lại",
    "servers_done": "Đã xử lý",
}
STATUS_BADGES: dict[str, str] = {"Chậm": "red", "Đúng tiến độ": "green", "Chưa đến hạn": "gray"}
PLAN_SERVER_LABELS: dict[str, str] = {
    "servers_total": "Tổng số máy chủ",
    "servers_eliminate": "Loại bỏ",
    "servers_consolidate": "Hợp nhất về TTTHDL",
    "servers_cloud": "Lên đám mây",
    "servers_keep": "Giữ lại",
}


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _yes_no(value: object) -> str:
    return "Có" if value else "Chưa"


def _date_time(value: object) -> str:
    return f"{value:%H:%M} {formats.format_date(value)}"


def _count(value: object) -> str:
    return formats.format_number(value, 0)


def styled(frame: pl.DataFrame, formatters: Mapping[str, Callable[[object], str]]) -> Styler:
    """A table whose cells keep their values and show them formatted ("–" for a blank)."""
    table = frame.to_pandas()
    present = {column: f for column, f in formatters.items() if column in table.columns}

    def safe(formatter: Callable[[object], str]) -> Callable[[object], str]:
        return lambda value: formats.MISSING if _is_missing(value) else formatter(value)

    return table.style.format(
        {column: safe(f) for column, f in present.items()}, na_rep=formats.MISSING
    )


def agency_table(frame: pl.DataFrame) -> Styler:
    """The agencies' rows of `queries.progress.agency_progress`, columns as AGENCY_TABLE_LABELS.

    progress_bar repeats consolidation_pct for a bar beside the figure (the bar's own
    label cannot show a decimal comma).
    """
    shown = frame.with_columns(pl.col("consolidation_pct").alias("progress_bar")).select(
        list(AGENCY_TABLE_LABELS)
    )
    return styled(
        shown,
        {
            "servers_baseline": _count,
            "servers_remaining": _count,
            "servers_done": _count,
            "consolidation_pct": formats.format_pct,
            "last_report_date": formats.format_date,
            "reported_this_half": _yes_no,
            "last_upload_warnings": _count,
        },
    )


def snapshot_table(snapshots: pl.DataFrame) -> Styler:
    """An agency's snapshots: form, report date, rows and the upload they came from."""
    shown = snapshots.select(list(SNAPSHOT_TABLE_LABELS))
    return styled(
        shown,
        {"report_date": formats.format_date, "rows": _count, "uploaded_at": _date_time},
    )


def asset_table(assets: pl.DataFrame) -> Styler:
    """An agency's assets in its latest inventory snapshot, labels in Vietnamese."""
    shown = assets.select(list(ASSET_TABLE_LABELS))
    return styled(
        shown,
        {
            "target_date": formats.format_date,
            "cpu_cores": _count,
            "ram_gb": _count,
            "storage_tb": lambda v: formats.format_number(v, 1),
            "annual_cost_vnd": formats.format_vnd,
            "soc_monitored": _yes_no,
            "central_backup": _yes_no,
        },
    )


def system_table(systems: pl.DataFrame) -> Styler:
    """An agency's systems in its latest migration snapshot, labels in Vietnamese."""
    shown = systems.select(list(SYSTEM_TABLE_LABELS))
    return styled(
        shown,
        {
            "planned_date": formats.format_date,
            "done_date": formats.format_date,
            "ndxp_connected": _yes_no,
            "soc_monitored": _yes_no,
        },
    )


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
    height = 140 + 60 * max(len(labels), 1)
    return apply_theme(
        figure,
        "Máy chủ riêng lẻ theo nhóm đơn vị (tỷ lệ hợp nhất ở cuối mỗi thanh)",
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
    figure.update_yaxes(rangemode="tozero")
    return apply_theme(
        figure,
        f"Máy chủ riêng lẻ của {agency_name} qua các kỳ báo cáo",
        "Ngày số liệu",
        "Số máy chủ",
        height=340,
    )


__all__ = [
    "AGENCY_TABLE_LABELS",
    "ASSET_TABLE_LABELS",
    "PLAN_SERVER_LABELS",
    "SNAPSHOT_TABLE_LABELS",
    "STATUS_BADGES",
    "SUMMARY_LABELS",
    "SYSTEM_TABLE_LABELS",
    "agency_table",
    "has_standalone_servers",
    "asset_table",
    "history_chart",
    "kind_chart",
    "snapshot_table",
    "styled",
    "system_table",
]
