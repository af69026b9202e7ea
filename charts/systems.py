"""Figures and tables of the page Hệ thống và an toàn thông tin. No Streamlit.

Inputs are the frames of queries.systems; every label comes from loaders.forms (stages,
destinations, agency groups) so a chart reads as the forms do.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

import formats
from charts.tables import Column, Table, count, table
from charts.theme import (
    AGENCY_KIND_COLOURS,
    MIGRATION_STAGE_COLOURS,
    MUTED,
    PRIMARY,
    apply_theme,
    whole_number_ticks,
)
from queries import in_agency_kind_order
from vocabulary import (
    AGENCY_KINDS,
    MIGRATION_STAGE,
    MIGRATION_STAGES,
    MIGRATION_TARGETS,
    REPORT_DATE,
)

UNKNOWN_LEVEL = "Chưa xác định"
SUBJECT_TITLES = {
    "servers": "Cấp độ ATTT của máy chủ đang hoạt động",
    "systems": "Cấp độ ATTT của hệ thống thông tin",
}
SOC_COLOUR = "#1f4e79"
BACKUP_COLOUR = "#00838f"
# the two shares of queries.systems.security_by_group: (label, share, numerator, denominator, colour)
SECURITY_SHARES = (
    (
        "Máy chủ được giám sát ATTT tập trung",
        "soc_monitored_pct",
        "servers_active_monitored",
        "servers_active",
        SOC_COLOUR,
    ),
    (
        "Thiết bị được sao lưu tập trung",
        "backup_central_pct",
        "assets_active_backed_up",
        "assets_active",
        BACKUP_COLOUR,
    ),
)


def level_label(level: int | None) -> str:
    """A security level as shown: 3 → "Cấp độ 3", blank → "Chưa xác định"."""
    return UNKNOWN_LEVEL if level is None else f"Cấp độ {level}"


def stage_destination_chart(by_stage: pl.DataFrame) -> go.Figure:
    """Stacked horizontal bars: systems per destination, one colour per stage (form order).

    `by_stage` is queries.systems.systems_by_stage (target, stage, systems).
    """
    targets = list(MIGRATION_TARGETS)[::-1]  # Plotly draws the first category at the bottom
    labels = [MIGRATION_TARGETS[t] for t in targets]
    figure = go.Figure()
    for stage, stage_label in MIGRATION_STAGES.items():
        rows = by_stage.filter(pl.col("stage") == stage)
        counts = dict(zip(rows["target"], rows["systems"], strict=True))
        values = [int(counts.get(t, 0)) for t in targets]
        figure.add_bar(
            y=labels,
            x=values,
            orientation="h",
            name=stage_label,
            marker_color=MIGRATION_STAGE_COLOURS[stage],
            text=[formats.format_number(v) if v else "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=f"%{{y}}<br>{stage_label}: %{{x:,d}} hệ thống<extra></extra>",
        )
    # a segment too narrow for its number hides it (the hover still tells)
    figure.update_layout(
        barmode="stack",
        bargap=0.35,
        uniformtext={"minsize": 11, "mode": "hide"},
        legend={"traceorder": "normal"},  # stages in form order, not reversed as stacks are
    )
    widest = by_stage.group_by("target").agg(pl.col("systems").sum())["systems"].max()
    figure.update_xaxes(**whole_number_ticks(widest))
    return apply_theme(
        figure,
        f"Hệ thống thông tin theo nơi chuyển đến và {MIGRATION_STAGE.lower()}",
        "Số hệ thống",
        None,
        height=340,
    )


def share_text(share: float | None, numerator: int, denominator: int) -> str:
    """A share with what it counts: "50,0% (1/2)", "– (0/0)"."""
    return (
        f"{formats.format_pct(share)} "
        f"({formats.format_number(numerator)}/{formats.format_number(denominator)})"
    )


def _share_bar(
    labels: list[str],
    shares: list[float | None],
    numerators: list[int],
    denominators: list[int],
    name: str,
    colour: str | list[str],
) -> go.Bar:
    text = [share_text(*values) for values in zip(shares, numerators, denominators, strict=True)]
    return go.Bar(
        x=labels,
        y=shares,
        name=name,
        marker_color=colour,
        text=[formats.format_pct(s) if s is not None else "–" for s in shares],
        textposition="outside",
        cliponaxis=False,
        customdata=text,
        hovertemplate=f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>",
    )


def _percent_axis(figure: go.Figure) -> None:
    figure.update_yaxes(range=[0, 112], tickvals=[0, 25, 50, 75, 100], ticksuffix=formats.PERCENT)


def tslcd_by_group_chart(groups: pl.DataFrame) -> go.Figure:
    """Bars: the share of required agencies on the TSLCD network per agency group.

    `groups` is queries.systems.tslcd_by_group; an undefined share ("–") draws no bar.
    """
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    bar = _share_bar(
        [AGENCY_KINDS.get(k, k) for k in groups["kind"]],
        groups["tslcd_connected_pct"].to_list(),
        groups["connected"].to_list(),
        groups["required_agencies"].to_list(),
        "Đã kết nối TSLCD",
        [AGENCY_KIND_COLOURS.get(k, PRIMARY) for k in groups["kind"]],
    )
    figure = go.Figure([bar])
    figure.update_layout(showlegend=False)
    _percent_axis(figure)
    return apply_theme(
        figure, "Đơn vị kết nối mạng TSLCD theo nhóm đơn vị", None, "Tỷ lệ đơn vị", height=360
    )


def security_coverage_chart(groups: pl.DataFrame) -> go.Figure:
    """Grouped bars per agency group: SOC monitoring of active servers, central backup of active assets.

    `groups` is queries.systems.security_by_group.
    """
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    labels = [AGENCY_KINDS.get(k, k) for k in groups["kind"]]
    figure = go.Figure(
        [
            _share_bar(
                labels,
                groups[share].to_list(),
                groups[numerator].to_list(),
                groups[denominator].to_list(),
                name,
                colour,
            )
            for name, share, numerator, denominator, colour in SECURITY_SHARES
        ]
    )
    figure.update_layout(barmode="group", bargap=0.25)
    _percent_axis(figure)
    return apply_theme(
        figure,
        "Giám sát ATTT và sao lưu tập trung theo nhóm đơn vị (đang hoạt động)",
        None,
        "Tỷ lệ",
        height=380,
    )


def security_levels_chart(levels: pl.DataFrame, subject: str) -> go.Figure:
    """Bars: how many active servers ('servers') or systems ('systems') are at each security level.

    `levels` is queries.systems.security_levels; the blank level reads "Chưa xác định".
    """
    rows = levels.filter(pl.col("subject") == subject).reverse()  # level 1 on top
    labels = [level_label(level) for level in rows["security_level"]]
    counts = rows["count"].to_list()
    colours = [MUTED if level is None else PRIMARY for level in rows["security_level"]]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=counts,
            orientation="h",
            marker_color=colours,
            text=[formats.format_number(c) for c in counts],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    figure.update_layout(showlegend=False, bargap=0.3)
    figure.update_xaxes(**whole_number_ticks(max(counts, default=None)))
    unit = "Số máy chủ" if subject == "servers" else "Số hệ thống"
    return apply_theme(figure, SUBJECT_TITLES[subject], unit, None, height=320)


def _kind(kind: str) -> str:
    return AGENCY_KINDS.get(kind, kind)


def _plan_date(day: dt.date | None) -> str:
    return formats.format_date(day) if day is not None else "Chưa gửi Biểu 02"


UNCONNECTED_SYSTEMS_COLUMNS: dict[str, Column] = {
    "agency_name": Column("Đơn vị"),
    "system_code": Column("Mã hệ thống"),
    "system_name": Column("Tên hệ thống"),
    "target": Column("Nơi chuyển đến", lambda target: MIGRATION_TARGETS.get(target, target)),
    "stage": Column(MIGRATION_STAGE, lambda stage: MIGRATION_STAGES.get(stage, stage)),
    "report_date": Column(REPORT_DATE, formats.format_date),
}
UNCONNECTED_AGENCIES_COLUMNS: dict[str, Column] = {
    "name": Column("Đơn vị"),
    "kind": Column("Nhóm", _kind),
    "plan_date": Column("Phương án mới nhất", _plan_date),
}


def unconnected_systems_table(systems: pl.DataFrame) -> Table:
    """The systems not connected to NDXP/LGSP (queries.systems.systems_not_connected) as shown."""
    return table(systems, UNCONNECTED_SYSTEMS_COLUMNS)


def unconnected_agencies_table(agencies: pl.DataFrame) -> Table:
    """The required agencies not on the TSLCD network (queries.systems.tslcd_not_connected) as shown."""
    return table(agencies, UNCONNECTED_AGENCIES_COLUMNS)


def security_groups_table(groups: pl.DataFrame) -> Table:
    """queries.systems.security_by_group as shown: counts and shares per agency group."""
    groups = in_agency_kind_order(groups)  # the sidebar's order of the groups
    columns = {
        "kind": Column("Nhóm đơn vị", _kind),
        "agencies": Column("Số đơn vị có Biểu 01", count, figure=True),
    }
    for name, share, numerator, denominator, _colour in SECURITY_SHARES:
        texts = [
            share_text(*values)
            for values in zip(groups[share], groups[numerator], groups[denominator], strict=True)
        ]
        groups = groups.with_columns(pl.Series(f"{share}_text", texts, dtype=pl.String))
        columns[f"{share}_text"] = Column(name, figure=True)
    return table(groups, columns)
