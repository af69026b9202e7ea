"""Figures of the roadmap (Lộ trình, Tổng quan): milestones, indicators against targets, trends,
the servers burn-down, the merger of the data centres. Plotly only; no Streamlit.

Each builder takes a frame of queries/roadmap.py and returns a themed figure, so the pages
and the exports draw the same chart.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap

import plotly.graph_objects as go
import polars as pl

import formats
from charts.tables import Column, Table, count, table
from charts.theme import (
    ASSET_STATUS_COLOURS,
    PRIMARY,
    STATUS_COLOURS,
    TARGET,
    apply_theme,
    whole_number_ticks,
)
from queries.roadmap import LATE, MET, NOT_DUE, ON_TRACK
from vocabulary import ASSET_STATUSES, CONSOLIDATION_SHORT, FORMER_CENTRES

# st.badge colours of the milestone statuses (the nearest of Streamlit's named colours).
STATUS_BADGE_COLOURS = {MET: "green", ON_TRACK: "blue", LATE: "red", NOT_DUE: "gray"}
# the statuses' labels as a heading or legend writes them ("Chưa đến hạn"); their one home is
# queries.roadmap, in lower case as a sentence writes them
STATUS_LABELS = {status: status.capitalize() for status in STATUS_BADGE_COLOURS}
# the overview's agencies most behind (queries.progress.agencies_most_behind), as shown
MOST_BEHIND_COLUMNS: dict[str, Column] = {
    "agency": Column("Đơn vị"),
    "consolidation_pct": Column(CONSOLIDATION_SHORT, formats.format_pct, figure=True),
    "servers_remaining": Column("Còn lại", count, figure=True, width="small"),
    "late_reason": Column("Lý do"),
}
MS_PER_DAY = 86_400_000


def most_behind_table(behind: pl.DataFrame) -> Table:
    """The agencies most behind, in the query's order (most behind first)."""
    return table(behind, MOST_BEHIND_COLUMNS)


def wrap(text: str, width: int = 48) -> str:
    """Break a long Vietnamese text into lines for Plotly (<br>)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def _date_line(day: dt.date, text: str, colour: str, dash: str, side: str) -> tuple[dict, dict]:
    """A vertical line on a date (shape, annotation), labelled at the bottom on its `side`."""
    shape = {
        "type": "line", "x0": day.isoformat(), "x1": day.isoformat(), "y0": 0, "y1": 1,
        "xref": "x", "yref": "paper", "line": {"color": colour, "dash": dash, "width": 1.5},
    }  # fmt: skip
    label = {
        "x": day.isoformat(), "y": 0, "xref": "x", "yref": "paper", "text": text,
        "showarrow": False, "xanchor": "right" if side == "left" else "left",
        "yanchor": "bottom", "font": {"size": 11, "color": colour},
        "xshift": -3 if side == "left" else 3, "bgcolor": "rgba(255,255,255,0.8)",
    }  # fmt: skip
    return shape, label


def _axis_name(index: int, letter: str) -> str:
    """Plotly's name of the index-th axis (0-based): "x", "x2", … (layout keys: xaxis, xaxis2)."""
    return letter if index == 0 else f"{letter}{index + 1}"


def _panels(rows: int, columns: int, titles: list[str], h_gap: float, v_gap: float) -> dict:
    """A layout of rows × columns panels (domains and titles), built as one dict.

    make_subplots does the same but validates each axis in turn, several times slower; the
    overview and the roadmap must stay fast.
    """
    width = (1 - h_gap * (columns - 1)) / columns
    height = (1 - v_gap * (rows - 1)) / rows
    layout: dict = {"annotations": []}
    for index in range(rows * columns):
        row, col = divmod(index, columns)
        x0 = col * (width + h_gap)
        y1 = 1 - row * (height + v_gap)
        x, y = _axis_name(index, "x"), _axis_name(index, "y")
        layout[f"xaxis{x[1:]}"] = {"domain": [x0, x0 + width], "anchor": y}
        layout[f"yaxis{y[1:]}"] = {"domain": [y1 - height, y1], "anchor": x}
        if index < len(titles):
            layout["annotations"].append(
                {
                    "text": titles[index], "x": x0 + width / 2, "y": y1, "xref": "paper",
                    "yref": "paper", "xanchor": "center", "yanchor": "bottom",
                    "showarrow": False, "font": {"size": 12},
                }
            )  # fmt: skip
    return layout


def milestone_timeline(
    milestones: pl.DataFrame, as_of: dt.date, today: dt.date | None = None
) -> go.Figure:
    """The milestones on a timeline 2026–2030: a bar from each milestone's start to its due date.

    `milestones` is queries.roadmap.roadmap_milestones (one row per milestone × indicator);
    each milestone is one row of the chart, coloured by its status, with a diamond on its
    due date; the phases are shaded; vertical lines mark the report date and today.
    """
    figure = go.Figure()
    rows = milestones.unique("milestone_id", keep="first", maintain_order=True)
    labels = [
        f"<b>{r['phase']} · hạn {formats.format_date(r['due_date'])}</b><br>"
        + wrap(r["milestone_title"], 52)
        for r in rows.iter_rows(named=True)
    ]
    rows = rows.with_columns(pl.Series("row_label", labels))
    for status, colour in STATUS_COLOURS.items():
        part = rows.filter(pl.col("milestone_status") == status)
        if part.is_empty():
            continue
        days = [(r["due_date"] - r["start_date"]).days for r in part.iter_rows(named=True)]
        figure.add_trace(
            go.Bar(
                name=STATUS_LABELS[status],
                y=part["row_label"].to_list(),
                base=[d.isoformat() for d in part["start_date"]],
                x=[max(d, 1) * MS_PER_DAY for d in days],
                orientation="h",
                marker={"color": colour, "opacity": 0.85},
                customdata=[
                    [formats.format_date(s), formats.format_date(d), STATUS_LABELS[status]]
                    for s, d in zip(part["start_date"], part["due_date"], strict=True)
                ],
                hovertemplate="%{customdata[0]} – %{customdata[1]}<br>%{customdata[2]}"
                "<extra></extra>",
                width=0.5,
            )
        )
        figure.add_trace(
            go.Scatter(
                y=part["row_label"].to_list(),
                x=[d.isoformat() for d in part["due_date"]],
                mode="markers",
                marker={"symbol": "diamond", "size": 14, "color": colour,
                        "line": {"color": "white", "width": 1}},
                showlegend=False,
                hoverinfo="skip",
            )
        )  # fmt: skip
    phases = rows.group_by("phase", maintain_order=True).agg(
        pl.col("start_date").min(), pl.col("due_date").max()
    )
    # shapes and annotations set in one update: add_vrect and add_annotation validate each call
    shapes, annotations = [], []
    for index, phase in enumerate(phases.iter_rows(named=True)):
        first_year = phase["start_date"].replace(month=1, day=1).isoformat()
        shapes.append(
            {
                "type": "rect", "x0": first_year, "x1": phase["due_date"].isoformat(),
                "y0": 0, "y1": 1, "xref": "x", "yref": "paper", "line": {"width": 0},
                "fillcolor": "#eef2f7" if index % 2 == 0 else "#f7f9fb", "layer": "below",
            }
        )  # fmt: skip
        annotations.append(
            {
                "x": first_year, "y": 1.0, "xref": "x", "yref": "paper", "showarrow": False,
                "text": f"Giai đoạn {phase['phase']}", "xanchor": "left", "yanchor": "bottom",
                "font": {"size": 12, "color": PRIMARY},
            }
        )  # fmt: skip
    # the report date's label left of its line, today's right of its own (today is later)
    lines = [
        _date_line(as_of, f"Số liệu đến {formats.format_date(as_of)}", PRIMARY, "solid", "left")
    ]
    if today is not None and today != as_of:
        lines.append(
            _date_line(today, f"Hôm nay {formats.format_date(today)}", "#546e7a", "dot", "right")
        )
    shapes += [shape for shape, _ in lines]
    annotations += [label for _, label in lines]
    figure.update_layout(shapes=shapes, annotations=annotations)
    apply_theme(
        figure, "Các mốc lộ trình 2026–2030", None, None, height=140 + 95 * max(len(rows), 1)
    )
    figure.update_layout(barmode="overlay", legend={"y": 1.08}, margin={"t": 90})
    figure.update_xaxes(
        type="date", tickformat="%Y", dtick="M12", showgrid=True, gridcolor="#eceff1"
    )
    # rows by due date whatever the order of the status traces; 1 January of the first phase
    # to the last due date, with a little room for the last diamond
    figure.update_yaxes(
        categoryorder="array", categoryarray=labels, autorange="reversed",
        gridcolor="rgba(0,0,0,0)",
    )  # fmt: skip
    if not rows.is_empty():
        first = rows["start_date"].min().replace(month=1, day=1)
        last = rows["due_date"].max() + dt.timedelta(days=45)
        figure.update_xaxes(range=[first.isoformat(), last.isoformat()])
    return figure


def indicator_targets(milestones: pl.DataFrame) -> go.Figure:
    """Each milestone indicator against its target: a bar coloured by status, the target as a red
    tick and the straight-line expectation at the report date as a grey diamond.
    """
    rows = milestones.with_columns(
        pl.Series(
            "row_label",
            [
                f"{r['label']}<br><span style='font-size:11px;color:#607d8b'>"
                f"{r['milestone_id']} · hạn {formats.format_date(r['due_date'])}</span>"
                for r in milestones.iter_rows(named=True)
            ],
        )
    )
    figure = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        part = rows.filter(pl.col("status") == status)
        if part.is_empty():
            continue
        figure.add_trace(
            go.Bar(
                name=STATUS_LABELS[status],
                y=part["row_label"].to_list(),
                x=[v if v is not None else 0 for v in part["value"]],
                orientation="h",
                marker={"color": colour},
                text=[formats.format_kpi(v, u) for v, u in zip(part["value"], part["unit"], strict=True)],
                textposition="auto",
                insidetextanchor="end",
                textfont={"size": 12},
                cliponaxis=False,
                hovertemplate="%{y}<br>Giá trị: %{text}<extra></extra>",
                width=0.55,
            )
        )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            name="Mục tiêu",
            y=rows["row_label"].to_list(),
            x=rows["target"].to_list(),
            mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": TARGET}},
            customdata=[formats.format_kpi(t, u) for t, u in zip(rows["target"], rows["unit"], strict=True)],
            hovertemplate="Mục tiêu: %{customdata}<extra></extra>",
        )
    )  # fmt: skip
    # the straight line's value only while it says something: after the start, before the due date
    expected = rows.filter((pl.col("expected") > 0) & (pl.col("expected") < pl.col("target")))
    figure.add_trace(
        go.Scatter(
            name="Mức cần đạt theo tiến độ",
            y=expected["row_label"].to_list(),
            x=expected["expected"].to_list(),
            mode="markers",
            marker={"symbol": "diamond", "size": 10, "color": "#37474f"},
            customdata=[formats.format_kpi(e, u) for e, u in zip(expected["expected"], expected["unit"], strict=True)],
            hovertemplate="Mức cần đạt đến ngày số liệu: %{customdata}<extra></extra>",
        )
    )  # fmt: skip
    all_pct = set(rows["unit"].to_list()) <= {"pct"}
    apply_theme(
        figure,
        "Chỉ tiêu so với mục tiêu",
        "Tỷ lệ (%)" if all_pct else "Giá trị",
        None,
        height=120 + 58 * max(len(rows), 1),
    )
    top = max([100.0, *[t for t in rows["target"] if t is not None]]) if all_pct else None
    figure.update_layout(barmode="overlay", legend={"y": 1.04})
    figure.update_xaxes(range=[0, top * 1.08] if top else None, showgrid=True, gridcolor="#eceff1")
    figure.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    return figure


def indicator_trends(trend: pl.DataFrame, columns: int = 4) -> go.Figure:
    """Small multiples: each milestone indicator over the report dates, its target dashed.

    `trend` is queries.roadmap.milestone_trend (as_of, key, label, unit, value, target).
    """
    keys = trend["key"].unique(maintain_order=True).to_list()
    rows = max(math.ceil(len(keys) / columns), 1)
    titles = [wrap(trend.filter(pl.col("key") == k)["label"][0], 30) for k in keys]
    traces = []
    for index, part in enumerate(trend.partition_by("key", maintain_order=True)):
        axes = {"xaxis": _axis_name(index, "x"), "yaxis": _axis_name(index, "y")}
        dates = [d.isoformat() for d in part["as_of"]]
        traces.append(
            go.Scatter(
                x=dates, y=part["value"].to_list(), mode="lines+markers",
                line={"color": PRIMARY, "width": 2}, marker={"size": 7},
                name="Giá trị", legendgroup="value", showlegend=index == 0,
                customdata=[[formats.format_date(d), formats.format_kpi(v, u)]
                            for d, v, u in zip(part["as_of"], part["value"], part["unit"], strict=True)],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>", **axes,
            )
        )  # fmt: skip
        target = part["target"][0]
        if target is not None:
            # one report date: a dash marker, since a line from a date to itself is invisible
            single = len(set(dates)) == 1
            traces.append(
                go.Scatter(
                    x=[dates[0], dates[-1]], y=[target, target],
                    mode="markers" if single else "lines",
                    marker={"symbol": "line-ew", "size": 40, "line": {"color": TARGET, "width": 2}},
                    line={"color": TARGET, "dash": "dash", "width": 1.5},
                    name="Mục tiêu", legendgroup="target", showlegend=index == 0,
                    hovertemplate=f"Mục tiêu: {formats.format_kpi(target, part['unit'][0])}"
                    "<extra></extra>", **axes,
                )
            )  # fmt: skip
    layout = _panels(rows, columns, titles, h_gap=0.05, v_gap=0.22 / rows + 0.08)
    report_dates = sorted(set(trend["as_of"].to_list()))
    all_pct = set(trend["unit"].to_list()) <= {"pct"}
    for name in [k for k in layout if k.startswith("xaxis")]:
        layout[name].update(
            type="date", tickvals=[d.isoformat() for d in report_dates],
            ticktext=[f"{d:%d/%m}<br>{d:%Y}" for d in report_dates], tickfont={"size": 10},
        )  # fmt: skip
    for index, name in enumerate(k for k in layout if k.startswith("yaxis")):
        # one scale for every panel, its labels on the first column only
        layout[name].update(
            range=[0, 105] if all_pct else None, ticksuffix=formats.PERCENT if all_pct else ""
        )
        if index % columns and all_pct:
            layout[name].update(showticklabels=False, matches="y")
    figure = go.Figure(data=traces, layout=layout)
    apply_theme(
        figure, "Diễn biến các chỉ tiêu qua các ngày số liệu", None, None, height=80 + 250 * rows
    )
    figure.update_layout(
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "yref": "container",
                "x": 1, "xanchor": "right"},
        margin={"t": 110},
    )  # fmt: skip
    return figure


def servers_burndown(burndown: pl.DataFrame) -> go.Figure:
    """Standalone servers remaining at each report date against the straight-line schedule to 0.

    `burndown` is queries.roadmap.servers_burndown (date, servers_remaining, scheduled).
    """
    actual = burndown.filter(pl.col("servers_remaining").is_not_null())
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            name="Theo lộ trình",
            x=[d.isoformat() for d in burndown["date"]],
            y=burndown["scheduled"].to_list(),
            mode="lines",
            line={"color": TARGET, "dash": "dash", "width": 2},
            customdata=[[formats.format_date(d), formats.format_number(v)]
                        for d, v in zip(burndown["date"], burndown["scheduled"], strict=True)],
            hovertemplate="%{customdata[0]}: cần còn %{customdata[1]}<extra>Theo lộ trình</extra>",
        )
    )  # fmt: skip
    figure.add_trace(
        go.Scatter(
            name="Thực tế",
            x=[d.isoformat() for d in actual["date"]],
            y=actual["servers_remaining"].to_list(),
            mode="lines+markers+text",
            line={"color": PRIMARY, "width": 3},
            marker={"size": 9},
            text=[formats.format_number(v) for v in actual["servers_remaining"]],
            textposition="top right",
            customdata=[formats.format_date(d) for d in actual["date"]],
            hovertemplate="%{customdata}: còn %{text}<extra>Thực tế</extra>",
        )
    )  # fmt: skip
    apply_theme(figure, "Máy chủ riêng lẻ còn lại so với lộ trình", None, "Số máy chủ", height=380)
    # a little room either side, or the end date's tick label falls off the plot
    days = burndown["date"].to_list()
    padding = dt.timedelta(days=12)
    figure.update_xaxes(
        type="date", tickvals=[d.isoformat() for d in days],
        ticktext=[f"{d:%d/%m}<br>{d:%Y}" for d in days],
        range=[(min(days) - padding).isoformat(), (max(days) + padding).isoformat()] if days else None,
    )  # fmt: skip
    highest = burndown.select(pl.max_horizontal("servers_remaining", "scheduled").max()).item()
    figure.update_yaxes(**whole_number_ticks(highest))
    return figure


# where a centre's servers and storage are: (column suffix, label, colour)
WHERE_MOVED = [
    (status, ASSET_STATUSES[status], ASSET_STATUS_COLOURS[status])
    for status in ("consolidated", "cloud", "decommissioned")
] + [("not_moved", "Chưa chuyển", ASSET_STATUS_COLOURS["active"])]
CENTRE_PANELS = (
    # (title, column prefix, [(suffix, label, colour)])
    ("Máy chủ", "servers", WHERE_MOVED),
    ("Dung lượng lưu trữ (TB)", "storage_tb", WHERE_MOVED),
    (
        "Hệ thống thông tin",
        "systems",
        [
            ("migrated", "Hệ thống đã chuyển đổi", "#1b5e20"),
            ("not_migrated", "Hệ thống chưa chuyển đổi", "#ef9a9a"),
        ],
    ),
)


def centre_merger(centres: pl.DataFrame) -> go.Figure:
    """The two former data integration centres side by side: servers, storage and systems by
    where they are (moved into the provincial centre, to the cloud, eliminated, not yet).

    `centres` is queries.roadmap.centre_merger (one row per centre).
    """
    x = centres["agency_code"].to_list()
    traces = []
    shown: set[str] = set()
    for index, (_title, prefix, parts) in enumerate(CENTRE_PANELS):
        decimals = 1 if prefix == "storage_tb" else 0
        for suffix, label, colour in parts:
            values = centres[f"{prefix}_{suffix}"].to_list()
            traces.append(
                go.Bar(
                    x=x, y=values, name=label, marker={"color": colour},
                    legendgroup=label, showlegend=label not in shown,
                    text=[formats.format_number(v, decimals) if v else "" for v in values],
                    textposition="inside", insidetextanchor="middle", textangle=0,
                    customdata=[formats.format_number(v, decimals) for v in values],
                    hovertemplate=f"%{{x}}<br>{label}: %{{customdata}}<extra></extra>",
                    xaxis=_axis_name(index, "x"), yaxis=_axis_name(index, "y"),
                )
            )  # fmt: skip
            shown.add(label)
    layout = _panels(1, 3, [p[0] for p in CENTRE_PANELS], h_gap=0.07, v_gap=0)
    figure = go.Figure(data=traces, layout=layout)
    apply_theme(
        figure, f"Hợp nhất hai {FORMER_CENTRES} (Bắc Ninh cũ, Bắc Giang cũ)", None, None, height=460
    )
    figure.update_layout(
        barmode="stack",
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "xanchor": "left"},
        uniformtext={"minsize": 10, "mode": "hide"},
        margin={"t": 90},
    )
    figure.update_yaxes(rangemode="tozero")
    return figure
