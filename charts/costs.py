"""Figures and tables of the page Chi phí và tiết kiệm: money by agency group and by agency. No Streamlit.

Amounts arrive in VNĐ from queries.costs; a chart shows them in "tỷ đồng" or "triệu
đồng" (whichever reads better for its largest bar), its hover text in formats.format_vnd.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

import formats
from charts.theme import AGENCY_KIND_COLOURS, MUTED, PRIMARY, apply_theme
from queries import INDICATORS_BY_KEY, in_agency_kind_order
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
# the text columns of costs_table that hold amounts (a page right-aligns them)
AMOUNT_COLUMNS = (
    "Chi phí ban đầu",
    "Chi phí còn lại",
    "Tiết kiệm thực tế",
    "Tiết kiệm dự kiến",
    "Kinh phí",
)
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


def _millions(values: pl.Series) -> list[str]:
    return [formats.format_number(None if v is None else v / 1e6, 1) for v in values]


def costs_table(agencies: pl.DataFrame) -> pl.DataFrame:
    """The agencies of queries.costs.costs_by_agency as shown: Vietnamese headers, amounts in
    triệu đồng, costs and savings per year (the page says so above the table: short headers
    fit the screen).

    Sorted by planned savings, largest first; a missing amount reads "–".
    """
    rows = agencies.sort(
        [pl.col("planned_savings_vnd").fill_null(-1), "name"], descending=[True, False]
    )
    columns: dict[str, list[str]] = {
        "Đơn vị": rows["name"].to_list(),
        "Chi phí ban đầu": _millions(rows["baseline_cost_vnd"]),
        "Chi phí còn lại": _millions(rows["remaining_cost_vnd"]),
        "Tiết kiệm thực tế": _millions(rows["savings_realised_vnd"]),
        "Tiết kiệm dự kiến": _millions(rows["planned_savings_vnd"]),
        "Kinh phí": _millions(rows["budget_vnd"]),
        "Phương án": [
            PLAN_STATUSES.get(status, status) if status else "Chưa có"
            for status in rows["plan_status"]
        ],
        "Ngày phương án": [formats.format_date(d) for d in rows["plan_date"]],
    }
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def groups_table(groups: pl.DataFrame) -> pl.DataFrame:
    """The agency groups of queries.costs.costs_by_group as shown, amounts in format_vnd."""
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    vnd = {
        "Chi phí ban đầu/năm": "baseline_cost_vnd",
        "Tiết kiệm thực tế/năm": "savings_realised_vnd",
        "Tiết kiệm dự kiến/năm": "planned_savings_vnd",
        "Kinh phí thực hiện": "budget_vnd",
    }
    columns: dict[str, list[str]] = {
        "Nhóm đơn vị": [AGENCY_KINDS.get(kind, kind) for kind in groups["kind"]],
        "Số đơn vị có số liệu": [formats.format_number(n) for n in groups["agencies"]],
        "Số phương án": [formats.format_number(n) for n in groups["plans"]],
    }
    for header, column in vnd.items():
        columns[header] = [formats.format_vnd(v) for v in groups[column]]
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


def tariff_table(tariffs: pl.DataFrame) -> pl.DataFrame:
    """The hosting tariff (queries/costs_tariffs.sql) as shown: resource, unit, VNĐ per unit per year."""
    return pl.DataFrame(
        {
            "Tài nguyên": [RESOURCES.get(r, r) for r in tariffs["resource"]],
            "Đơn vị tính": tariffs["unit_vi"].to_list(),
            "Đơn giá (VNĐ/năm)": [formats.format_number(v) for v in tariffs["vnd_per_year"]],
        },
        schema={"Tài nguyên": pl.String, "Đơn vị tính": pl.String, "Đơn giá (VNĐ/năm)": pl.String},
    )
