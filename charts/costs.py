"""Figures and tables of the page Chi phí và tiết kiệm: money by agency group and by agency. No Streamlit.

Amounts arrive in VNĐ from queries.costs; a chart shows them in "tỷ đồng" or "triệu
đồng" (whichever reads better for its largest bar), its hover text in formats.format_vnd.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

import formats
from charts.tables import Column, Table, count, table
from charts.theme import AGENCY_KIND_COLOURS, MUTED, PRIMARY, apply_theme
from queries import INDICATORS_BY_KEY, in_agency_kind_order
from queries.progress import NO_PLAN
from vocabulary import AGENCY_KINDS, PLAN_STATUSES

REALISED_COLOUR = "#2e7d32"
PLANNED_COLOUR = "#90caf9"
BASELINE_COLOUR = MUTED

# the series of the money charts: column → (legend, colour)
SERIES = {
    "baseline_cost_vnd": (INDICATORS_BY_KEY["annual_cost_baseline_vnd"].label, BASELINE_COLOUR),
    "planned_savings_vnd": (INDICATORS_BY_KEY["savings_planned_vnd"].label, PLANNED_COLOUR),
    "savings_realised_vnd": (INDICATORS_BY_KEY["savings_realised_vnd"].label, REALISED_COLOUR),
}
RESOURCES = {"cpu_core": "CPU", "ram_gb": "Bộ nhớ (RAM)", "storage_tb": "Lưu trữ"}


def money_unit(values: list[float | None]) -> tuple[float, str]:
    """(divisor, unit) for an axis of VNĐ amounts: "tỷ đồng" from 1 tỷ up, else "triệu đồng".

    The same threshold as formats.format_vnd, so a bar's label and its hover text agree.
    """
    largest = max((abs(v) for v in values if v is not None), default=0)
    if largest >= 999_950_000:
        return 1e9, "tỷ đồng"
    return 1e6, "triệu đồng"


def _money_bar(
    labels: list[str],
    values: list[float | None],
    divisor: float,
    name: str,
    colour: str,
    *,
    horizontal: bool = False,
) -> go.Bar:
    scaled = [None if v is None else v / divisor for v in values]
    text = [formats.format_number(v, 1) if v is not None else "" for v in scaled]
    hover = [formats.format_vnd(v) for v in values]
    axes = (
        {"y": labels, "x": scaled, "orientation": "h"} if horizontal else {"x": labels, "y": scaled}
    )
    return go.Bar(
        **axes,
        name=name,
        marker_color=colour,
        text=text,
        textposition="outside",
        cliponaxis=False,
        customdata=hover,
        hovertemplate=f"%{{{'y' if horizontal else 'x'}}}<br>{name}: %{{customdata}}<extra></extra>",
    )


def costs_by_group_chart(groups: pl.DataFrame) -> go.Figure:
    """Grouped bars per agency group: baseline yearly cost, planned and realised yearly savings.

    `groups` is queries.costs.costs_by_group (VNĐ); a null amount draws no bar.
    """
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    labels = [AGENCY_KINDS.get(kind, kind) for kind in groups["kind"]]
    divisor, unit = money_unit([v for column in SERIES for v in groups[column]])
    figure = go.Figure(
        [
            _money_bar(labels, groups[column].to_list(), divisor, name, colour)
            for column, (name, colour) in SERIES.items()
        ]
    )
    figure.update_layout(barmode="group", bargap=0.25)
    return apply_theme(
        figure,
        "Chi phí vận hành riêng lẻ và tiết kiệm/năm theo nhóm đơn vị",
        None,
        f"{unit}/năm",
    )


def savings_by_agency_chart(agencies: pl.DataFrame, top: int = 15) -> go.Figure:
    """Horizontal bars of the `top` agencies by planned savings: planned beside realised savings.

    `agencies` is queries.costs.costs_by_agency (VNĐ); ties are broken by realised savings.
    """
    chosen = (
        agencies.with_columns(
            pl.col("planned_savings_vnd").fill_null(0).alias("_planned"),
            pl.col("savings_realised_vnd").fill_null(0).alias("_realised"),
        )
        .sort(["_planned", "_realised", "name"], descending=[True, True, False])
        .head(top)
        .reverse()  # Plotly draws the first category at the bottom
    )
    columns = ("planned_savings_vnd", "savings_realised_vnd")
    divisor, unit = money_unit([v for column in columns for v in chosen[column]])
    labels = chosen["name"].to_list()
    figure = go.Figure(
        [
            _money_bar(labels, chosen[column].to_list(), divisor, *SERIES[column], horizontal=True)
            for column in columns
        ]
    )
    figure.update_layout(barmode="group", bargap=0.2, legend={"traceorder": "reversed"})
    shown = len(labels)
    title = (
        f"Tiết kiệm/năm của {shown} đơn vị có tiết kiệm dự kiến lớn nhất"
        if len(agencies) > shown
        else "Tiết kiệm/năm theo đơn vị"
    )
    return apply_theme(figure, title, f"{unit}/năm", None, height=max(320, 110 + 44 * shown))


def budget_by_group_chart(groups: pl.DataFrame) -> go.Figure:
    """Bars of Σ budget_vnd of the latest plans per agency group (VNĐ, once, not per year)."""
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    labels = [AGENCY_KINDS.get(kind, kind) for kind in groups["kind"]]
    values = groups["budget_vnd"].to_list()
    divisor, unit = money_unit(values)
    bar = _money_bar(labels, values, divisor, "Kinh phí thực hiện", PRIMARY)
    bar.marker.color = [AGENCY_KIND_COLOURS.get(kind, PRIMARY) for kind in groups["kind"]]
    figure = go.Figure([bar])
    figure.update_layout(showlegend=False)
    return apply_theme(
        figure, "Kinh phí thực hiện phương án theo nhóm đơn vị", None, unit, height=360
    )


def in_millions(value: float | None) -> str:
    """An amount of VNĐ in "triệu đồng" whatever its size, for figures read side by side."""
    if value is None:
        return formats.MISSING
    return f"{formats.format_number(value / 1e6, 1)} triệu đồng"


def realised_formula(done_cost: float, hosting_cost: float, realised: float) -> str:
    """Markdown: how savings_realised_vnd is made, its two terms and the result, in triệu đồng."""

    def amount(value: float) -> str:
        return in_millions(value).replace(" ", "\u00a0")  # never wrap inside an amount

    return (
        "| Cách tính tiết kiệm thực tế | Số tiền/năm |\n|---|---:|\n"
        "| Chi phí vận hành của máy chủ, thiết bị đã hợp nhất, chuyển lên đám mây hoặc loại bỏ "
        f"| {amount(done_cost)} |\n"
        "| − Chi phí thuê hạ tầng tập trung của thiết bị đã hợp nhất hoặc chuyển lên đám mây "
        f"| {amount(hosting_cost)} |\n"
        f"| **= Tiết kiệm thực tế/năm** | **{amount(realised)}** |\n"
    )


def _millions(value: float | None) -> str:
    return formats.format_number(None if value is None else value / 1e6, 1)


def _kind(kind: str) -> str:
    return AGENCY_KINDS.get(kind, kind)


def _plan(status: str | None) -> str:
    return PLAN_STATUSES.get(status, status) if status else NO_PLAN


# costs_table: amounts in triệu đồng, costs and savings per year (the page says so above the
# table: short headers fit the screen)
COSTS_COLUMNS: dict[str, Column] = {
    "name": Column("Đơn vị", pinned=True, width="medium"),
    "baseline_cost_vnd": Column("Chi phí ban đầu", _millions, figure=True),
    "remaining_cost_vnd": Column("Chi phí còn lại", _millions, figure=True),
    "savings_realised_vnd": Column("Tiết kiệm thực tế", _millions, figure=True),
    "planned_savings_vnd": Column("Tiết kiệm dự kiến", _millions, figure=True),
    "budget_vnd": Column("Kinh phí", _millions, figure=True),
    "plan_status": Column("Phương án", _plan),
    "plan_date": Column("Ngày phương án", formats.format_date),
}
GROUPS_COLUMNS: dict[str, Column] = {
    "kind": Column("Nhóm đơn vị", _kind),
    "agencies": Column("Số đơn vị có số liệu", count, figure=True),
    "plans": Column("Số phương án", count, figure=True),
    "baseline_cost_vnd": Column("Chi phí ban đầu/năm", formats.format_vnd, figure=True),
    "savings_realised_vnd": Column("Tiết kiệm thực tế/năm", formats.format_vnd, figure=True),
    "planned_savings_vnd": Column("Tiết kiệm dự kiến/năm", formats.format_vnd, figure=True),
    "budget_vnd": Column("Kinh phí thực hiện", formats.format_vnd, figure=True),
}
TARIFF_COLUMNS: dict[str, Column] = {
    "resource": Column("Tài nguyên", lambda resource: RESOURCES.get(resource, resource)),
    "unit_vi": Column("Đơn vị tính"),
    "vnd_per_year": Column("Đơn giá (VNĐ/năm)", count, figure=True),
}


def costs_table(agencies: pl.DataFrame) -> Table:
    """The agencies of queries.costs.costs_by_agency as shown (COSTS_COLUMNS).

    Sorted by planned savings, largest first; a missing amount reads "–".
    """
    rows = agencies.sort(
        [pl.col("planned_savings_vnd").fill_null(-1), "name"], descending=[True, False]
    )
    return table(rows, COSTS_COLUMNS)


def groups_table(groups: pl.DataFrame) -> Table:
    """The agency groups of queries.costs.costs_by_group as shown, amounts in format_vnd."""
    return table(in_agency_kind_order(groups), GROUPS_COLUMNS)  # the sidebar's order


def tariff_table(tariffs: pl.DataFrame) -> Table:
    """The hosting tariff (queries/costs_tariffs.sql) as shown: resource, unit, VNĐ per unit per year."""
    return table(tariffs, TARIFF_COLUMNS)
