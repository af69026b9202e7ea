"""Exports layer, no Streamlit: the meeting pack, a 16:9 PowerPoint deck (`python -m exports deck`).

The slides show what the pages show, from the same functions: the figures of `queries`, drawn
by the builders of `charts`. A bar or line figure becomes a native, editable PowerPoint chart
(`native_chart` reads the Plotly figure's traces: its categories, series, colours and the
labels formats.py wrote); any other figure (the map, the milestones against their targets) is a
picture drawn by kaleido (exports.images). Every slide prints the scope (report date and
filters) and the source; the speaker notes hold each figure's definition (exports.definitions).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import polars as pl
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

import formats
import queries
from charts import costs as cost_charts
from charts import maps
from charts import progress as progress_charts
from charts import roadmap as roadmap_charts
from charts import systems as system_charts
from charts.tables import Table
from exports import images
from exports.command import add_scope_options, open_database, scope_from_args
from exports.definitions import DEFINITIONS, RULES, definition
from exports.scope import Scope
from queries import INDICATORS, costs, progress, roadmap, systems
from queries import map as map_queries

# 16:9 at PowerPoint's own widescreen size
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
CONTENT_TOP, CONTENT_BOTTOM = Inches(1.55), Inches(6.85)
FONT = "Arial"  # on every office machine, with every Vietnamese glyph
PRIMARY = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x54, 0x6E, 0x7A)
TITLE = "Tiến độ hợp nhất hạ tầng thông tin, hạ tầng số tỉnh Bắc Ninh"
ISSUER = "Sở Khoa học và Công nghệ tỉnh Bắc Ninh"
INDICATORS_PER_SLIDE = 9
PICTURE_WIDTH = 960  # pixels across a slide's body: the picture's words read at 11–12 pt
STACK_LABEL_SHARE = 0.03  # a stacked segment below 3% of the longest bar carries no number
AGENCIES_PER_SLIDE = 12
# value axes written the Vietnamese way whatever the viewer's locale: "1.234", "50%"
COUNT_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
PERCENT_FORMAT = '0"%"'
BLANK_LAYOUT = 6
STATUS_LABELS = roadmap_charts.STATUS_LABELS


@dataclass
class Deck:
    """A presentation being built: the python-pptx object and the scope every slide prints."""

    presentation: Presentation
    scope: Scope
    warnings: list[str] = field(default_factory=list)

    @property
    def slides(self):
        """The slides so far."""
        return self.presentation.slides


def _text(
    slide,
    text: str,
    left: int,
    top: int,
    width: int,
    height: int,
    *,
    size: int = 14,
    bold: bool = False,
    colour: RGBColor = PRIMARY,
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
):
    """A text box, one paragraph per line of `text`, in the deck's font."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        run.font.color.rgb = colour
    return box


def new_slide(deck: Deck, title: str, notes: str):
    """A content slide: its title, the scope line under it, the source and page number at the
    foot, and the speaker notes."""
    slide = deck.presentation.slides.add_slide(deck.presentation.slide_layouts[BLANK_LAYOUT])
    width = SLIDE_WIDTH - 2 * MARGIN
    _text(slide, title, MARGIN, Inches(0.3), width, Inches(0.75), size=24, bold=True)
    _text(
        slide,
        deck.scope.sentence() + ".",
        MARGIN,
        Inches(1.0),
        width,
        Inches(0.4),
        size=13,
        colour=GREY,
    )
    footer_top = SLIDE_HEIGHT - Inches(0.5)
    _text(slide, images.SOURCE, MARGIN, footer_top, Inches(8), Inches(0.35), size=10, colour=GREY)
    _text(
        slide,
        str(len(deck.slides)),
        SLIDE_WIDTH - MARGIN - Inches(1),
        footer_top,
        Inches(1),
        Inches(0.35),
        size=10,
        colour=GREY,
        align=PP_ALIGN.RIGHT,
    )
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def content_area() -> tuple[int, int, int, int]:
    """(left, top, width, height) of a slide's body, under the scope line."""
    return MARGIN, CONTENT_TOP, SLIDE_WIDTH - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP


def _plain(label: object) -> str:
    """A Plotly label as plain text: "<br>" a new line, tags dropped; ISO dates as 31/12/2026."""
    text = str(label)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return formats.format_date(dt.date.fromisoformat(text))
    text = re.sub(r"<br\s*/?>", "\n", text)
    return re.sub(r"<[^>]+>", "", text).strip()


def _rgb(colour: object) -> RGBColor | None:
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return RGBColor.from_string(colour[1:])
    return None


def _chart_type(figure: go.Figure) -> XL_CHART_TYPE | None:
    """The native chart type of a figure of bars (one orientation) or of lines; None otherwise."""
    kinds = {trace.type for trace in figure.data}
    if kinds == {"bar"}:
        horizontal = {trace.orientation == "h" for trace in figure.data}
        if len(horizontal) != 1 or any(trace.base is not None for trace in figure.data):
            return None
        stacked = figure.layout.barmode == "stack"
        if horizontal.pop():
            return XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
        return XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    if kinds == {"scatter"} and all("lines" in (t.mode or "lines") for t in figure.data):
        return XL_CHART_TYPE.LINE_MARKERS
    return None


def _series(trace) -> tuple[list, list]:
    """A trace's (categories, values), whatever its orientation."""
    if trace.type == "bar" and trace.orientation == "h":
        return list(trace.y or []), list(trace.x or [])
    return list(trace.x or []), list(trace.y or [])


def _largest(traces: list, chart_type) -> float:
    """The longest bar: the largest stack (stacked bars) or value."""
    if chart_type in (XL_CHART_TYPE.BAR_STACKED, XL_CHART_TYPE.COLUMN_STACKED):
        totals: dict = {}
        for trace in traces:
            for key, value in zip(*_series(trace), strict=False):
                totals[key] = totals.get(key, 0) + (value or 0)
        return max(totals.values(), default=0)
    return max((v or 0 for t in traces for v in _series(t)[1]), default=0)


def native_chart(slide, figure: go.Figure, area: tuple[int, int, int, int]):
    """Draw a bar or line figure of `charts` as a native PowerPoint chart; None when its kind
    of figure has no native equivalent (then draw it as a picture).

    The categories, series, colours and the labels on the bars are the figure's own, so the
    slide says what the page says; the value axis is written the Vietnamese way.
    """
    chart_type = _chart_type(figure)
    if chart_type is None:
        return None
    traces = list(figure.data)
    categories: list = []
    for trace in traces:
        categories += [c for c in _series(trace)[0] if c not in categories]
    horizontal = chart_type in (XL_CHART_TYPE.BAR_STACKED, XL_CHART_TYPE.BAR_CLUSTERED)
    value_axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    category_axis = figure.layout.yaxis if horizontal else figure.layout.xaxis
    if chart_type == XL_CHART_TYPE.LINE_MARKERS:
        categories.sort()
    elif horizontal and category_axis.autorange == "reversed":
        # the figure lists its first bar at the top; PowerPoint draws the first at the foot
        categories.reverse()
    data = CategoryChartData()
    data.categories = [_plain(c) for c in categories]
    for trace in traces:
        keys, values = _series(trace)
        by_category = dict(zip(keys, values, strict=False))
        data.add_series(_plain(trace.name or ""), [by_category.get(c) for c in categories])
    chart = slide.shapes.add_chart(chart_type, *area, data).chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_legend = len(traces) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    percent = "%" in (value_axis.ticksuffix or "")
    axis = chart.value_axis
    axis.tick_labels.number_format = PERCENT_FORMAT if percent else COUNT_FORMAT
    axis.tick_labels.number_format_is_linked = False
    unit = value_axis.title.text if value_axis.title is not None else None
    if unit:  # the axis title says the unit ("tỷ đồng/năm", "Số máy chủ")
        axis.has_title = True
        axis.axis_title.text_frame.text = _plain(unit)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xEC, 0xEF, 0xF1)
    if percent:
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 110, 25
    largest = _largest(traces, chart_type)
    for trace, series in zip(traces, chart.plots[0].series, strict=True):
        _style_series(series, trace, categories, chart_type, largest)
    if chart.plots[0].has_data_labels is False and chart_type != XL_CHART_TYPE.LINE_MARKERS:
        chart.plots[0].gap_width = 60
    return chart


def _style_series(series, trace, categories: list, chart_type, largest: float) -> None:
    """A series in the trace's colour (per bar where the trace colours each bar), dashed where
    the trace is, each point labelled with the trace's own text."""
    marker_colour = trace.marker.color if trace.marker is not None else None
    line_colour = trace.line.color if chart_type == XL_CHART_TYPE.LINE_MARKERS else None
    colour = _rgb(line_colour or marker_colour)
    if chart_type == XL_CHART_TYPE.LINE_MARKERS:
        series.smooth = False
        if colour:
            series.format.line.color.rgb = colour
        series.format.line.width = Pt(2.5)
        if trace.line.dash in ("dash", "dot"):
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        if "markers" not in (trace.mode or ""):
            from pptx.enum.chart import XL_MARKER_STYLE

            series.marker.style = XL_MARKER_STYLE.NONE
        elif colour:
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
    elif colour:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
    keys, _ = _series(trace)
    if isinstance(marker_colour, list | tuple):  # one colour per bar (the agency groups)
        for key, each in zip(keys, marker_colour, strict=False):
            point_colour = _rgb(each)
            if point_colour and key in categories:
                fill = series.points[categories.index(key)].format.fill
                fill.solid()
                fill.fore_color.rgb = point_colour
    texts = list(trace.text) if isinstance(trace.text, list | tuple) else []
    if chart_type in (XL_CHART_TYPE.BAR_STACKED, XL_CHART_TYPE.COLUMN_STACKED):
        # a segment too narrow for its number shows none, as on the page
        _, values = _series(trace)
        texts = [
            t if v is not None and v >= STACK_LABEL_SHARE * largest else ""
            for t, v in zip(texts, values, strict=False)
        ]
    position = {
        XL_CHART_TYPE.LINE_MARKERS: XL_LABEL_POSITION.ABOVE,
        XL_CHART_TYPE.BAR_STACKED: XL_LABEL_POSITION.CENTER,
        XL_CHART_TYPE.COLUMN_STACKED: XL_LABEL_POSITION.CENTER,
    }.get(chart_type, XL_LABEL_POSITION.OUTSIDE_END)
    for key, text in zip(keys, texts, strict=False):
        if text and key in categories:
            label = series.points[categories.index(key)].data_label
            label.text_frame.text = _plain(text)
            label.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
            label.position = position


def picture_slide_body(deck: Deck, slide, figure: go.Figure) -> bool:
    """Draw `figure` as a picture (kaleido) fitted into the slide's body; on failure, say why on
    the slide and in `deck.warnings`. True when the picture is there."""
    left, top, width, height = content_area()
    shown = go.Figure(figure)
    # the slide's title says what the figure is: no second title inside the picture
    shown.update_layout(title={"text": ""}, margin={"t": 30}, font={"family": images.EXPORT_FONT})
    pixels_high = int(PICTURE_WIDTH * height / width)
    try:
        png = images.render_png(shown, width=PICTURE_WIDTH, height=pixels_high)
    except images.ImageError as exc:
        deck.warnings.append(str(exc))
        _text(slide, str(exc), left, top, width, Inches(1.2), size=14, colour=GREY)
        return False
    slide.shapes.add_picture(io.BytesIO(png), left, top, width, height)
    return True


def chart_slide(deck: Deck, figure: go.Figure, notes: str, *, title: str | None = None):
    """One slide for one figure of `charts`: native where it can be, else a picture."""
    slide = new_slide(deck, title or images.figure_title(figure), notes)
    if native_chart(slide, figure, content_area()) is None:
        picture_slide_body(deck, slide, figure)
    return slide


def empty_slide(deck: Deck, title: str, message: str, notes: str):
    """A slide that says why there is nothing to draw."""
    slide = new_slide(deck, title, notes)
    left, top, width, _ = content_area()
    _text(slide, message, left, top, width, Inches(1), size=16, colour=GREY)
    return slide


def table_slide(
    deck: Deck,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    notes: str,
    *,
    widths: Sequence[float],
    right: Sequence[int] = (),
    size: int = 14,
):
    """A slide with a native table: `widths` relative, `right` the figure columns' indexes."""
    slide = new_slide(deck, title, notes)
    left, top, width, _ = content_area()
    row_height = Inches(0.4 if size <= 13 else 0.48)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), left, top, width, row_height * (len(rows) + 1)
    )
    grid = shape.table
    total = sum(widths)
    for index, share in enumerate(widths):
        grid.columns[index].width = Emu(int(width * share / total))
    for r, values in enumerate([list(header), *[list(row) for row in rows]]):
        grid.rows[r].height = row_height
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            for paragraph in cell.text_frame.paragraphs:
                paragraph.alignment = PP_ALIGN.RIGHT if c in right and r else PP_ALIGN.LEFT
                for run in paragraph.runs:
                    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), r == 0
    return slide


def title_slide(deck: Deck, today: dt.date) -> None:
    """The opening slide: what, which date and scope, who, when."""
    slide = deck.presentation.slides.add_slide(deck.presentation.slide_layouts[BLANK_LAYOUT])
    width = SLIDE_WIDTH - 2 * Inches(1)
    _text(
        slide,
        ISSUER.upper(),
        Inches(1),
        Inches(0.9),
        width,
        Inches(0.5),
        size=16,
        bold=True,
        align=PP_ALIGN.CENTER,
    )
    _text(
        slide,
        "TÀI LIỆU HỌP",
        Inches(1),
        Inches(2.0),
        width,
        Inches(0.5),
        size=18,
        colour=GREY,
        align=PP_ALIGN.CENTER,
    )
    _text(
        slide,
        TITLE,
        Inches(1),
        Inches(2.6),
        width,
        Inches(1.4),
        size=34,
        bold=True,
        align=PP_ALIGN.CENTER,
        anchor=MSO_ANCHOR.MIDDLE,
    )
    _text(
        slide,
        deck.scope.sentence() + ".",
        Inches(1),
        Inches(4.3),
        width,
        Inches(0.6),
        size=20,
        align=PP_ALIGN.CENTER,
    )
    _text(
        slide,
        f"Bắc Ninh, ngày {formats.format_date(today)}",
        Inches(1),
        Inches(5.6),
        width,
        Inches(0.5),
        size=16,
        colour=GREY,
        align=PP_ALIGN.CENTER,
    )
    slide.notes_slide.notes_text_frame.text = (
        f"Tài liệu họp lập ngày {formats.format_date(today)} từ cơ sở dữ liệu của bảng điều khiển. "
        f"{deck.scope.sentence()}. {RULES}"
    )  # fmt: skip


def previous_date(dates: list[dt.date], as_of: dt.date) -> dt.date | None:
    """The report date before `as_of` (the last period the indicators are compared with)."""
    earlier = [d for d in dates if d < as_of]
    return earlier[-1] if earlier else None


def indicator_rows(
    values: dict, previous: dict | None, milestones: pl.DataFrame
) -> list[tuple[str, list[str]]]:
    """(key, cells) per indicator of kpis.md: label, last period, now, change, target, status."""
    targets = {
        r["kpi"]: r for r in milestones.unique("kpi", keep="first", maintain_order=True).iter_rows(named=True)
    }  # fmt: skip
    rows = []
    for indicator in INDICATORS:
        key, unit = indicator.key, indicator.unit
        before = previous[key] if previous is not None else None
        milestone = targets.get(key)
        target, status = formats.MISSING, formats.MISSING
        if milestone is not None:
            target = (
                f"{formats.format_kpi(milestone['target'], unit)} "
                f"(hạn {formats.format_date(milestone['due_date'])})"
            )
            status = STATUS_LABELS.get(milestone["status"], milestone["status"])
        change = formats.format_delta(values[key], before, unit) if previous is not None else None
        rows.append(
            (
                key,
                [
                    indicator.label,
                    formats.format_kpi(before, unit) if previous is not None else formats.MISSING,
                    formats.format_kpi(values[key], unit),
                    change or formats.MISSING,
                    target,
                    status,
                ],
            )
        )
    return rows


def _pages(rows: Sequence, size: int) -> list[Sequence]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [rows]


def _numbered(title: str, index: int, count: int) -> str:
    return f"{title} ({index}/{count})" if count > 1 else title


def _table_rows(shown: Table) -> tuple[list[str], list[list[str]]]:
    frame = shown.text()
    return list(frame.columns), [
        [str(v) if v is not None else formats.MISSING for v in row] for row in frame.iter_rows()
    ]


def build_deck(
    con: duckdb.DuckDBPyConnection, scope: Scope, *, today: dt.date | None = None
) -> Deck:
    """The meeting pack for `scope`, from the same queries and chart builders as the pages."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck = Deck(presentation, scope)
    view = {"as_of": scope.as_of, "agency_codes": scope.codes}
    title_slide(deck, today or dt.date.today())

    values = queries.compute_kpis(con, **view)
    before = previous_date(queries.report_dates(con), scope.as_of)
    previous = queries.compute_kpis(con, before, scope.codes) if before else None
    milestones = roadmap.roadmap_milestones(con, **view)
    rows = indicator_rows(values, previous, milestones)
    header = [
        "Chỉ tiêu",
        f"Ngày {formats.format_date(before)}" if before else "Lần trước",
        f"Ngày {formats.format_date(scope.as_of)}",
        "Thay đổi",
        "Mục tiêu",
        "Trạng thái",
    ]
    pages = _pages(rows, INDICATORS_PER_SLIDE)
    for index, page in enumerate(pages, start=1):
        notes = "\n".join(definition(key) for key, _ in page)
        notes += "\n" + (
            f"So sánh với ngày số liệu trước: {formats.format_date(before)}. " if before else
            "Chưa có ngày số liệu trước để so sánh. "
        ) + "Mục tiêu và trạng thái theo các mốc lộ trình (Kế hoạch của tỉnh). " + RULES  # fmt: skip
        table_slide(
            deck, _numbered("Các chỉ tiêu chính", index, len(pages)), header,
            [cells for _, cells in page], notes, widths=(3.4, 1.75, 1.75, 1.75, 2.5, 1.5),
            right=(1, 2, 3), size=13,
        )  # fmt: skip

    for add in SLIDES:
        add(deck, con, view)
    _late_agencies(deck, con, view)
    return deck


def _burndown(deck: Deck, con, view: dict) -> None:
    notes = (
        f"{definition('servers_remaining')}\nĐường lộ trình: từ số máy chủ riêng lẻ ban đầu "
        "giảm đều về 0 vào ngày 31/12/2026 (Kế hoạch của tỉnh).\n" + definition("servers_baseline")
    )
    frame = roadmap.servers_burndown(con, **view)
    if frame.filter(pl.col("servers_remaining").is_not_null()).is_empty():
        empty_slide(
            deck,
            "Máy chủ riêng lẻ còn lại so với lộ trình",
            "Các đơn vị đang xem chưa báo cáo máy chủ riêng lẻ nào.",
            notes,
        )
        return
    chart_slide(deck, roadmap_charts.servers_burndown(frame), notes)


def _progress_by_group(deck: Deck, con, view: dict) -> None:
    notes = f"{definition('consolidation_pct')}\n{definition('agencies_at_risk')}"
    groups = progress.progress_by_kind(con, **view)
    title = "Tiến độ hợp nhất máy chủ riêng lẻ theo nhóm đơn vị"
    if not progress_charts.has_standalone_servers(groups):
        empty_slide(deck, title, "Các đơn vị đang xem không có máy chủ riêng lẻ.", notes)
        return
    shares = "; ".join(
        f"{r['kind_label']}: {formats.format_pct(r['consolidation_pct'])}"
        for r in groups.iter_rows(named=True)
        if r["consolidation_pct"] is not None
    )
    chart_slide(
        deck,
        progress_charts.kind_chart(groups),
        notes + f"\nTỷ lệ hợp nhất theo nhóm: {shares}.",
        title=title,
    )


def _milestones(deck: Deck, con, view: dict) -> None:
    frame = roadmap.roadmap_milestones(con, **view)
    keys = frame["kpi"].unique(maintain_order=True).to_list()
    notes = "\n".join(definition(k) for k in keys if k in DEFINITIONS)
    notes += f"\n{roadmap.STATUS_RULE_VI}"
    if frame.is_empty():
        empty_slide(deck, "Các mốc lộ trình", "Chưa có mốc lộ trình nào.", notes)
        return
    chart_slide(
        deck,
        roadmap_charts.indicator_targets(frame),
        notes,
        title="Các mốc lộ trình: chỉ tiêu so với mục tiêu",
    )


def _savings(deck: Deck, con, view: dict) -> None:
    notes = "\n".join(
        definition(k)
        for k in ("annual_cost_baseline_vnd", "savings_realised_vnd", "savings_planned_vnd")
    )
    groups = costs.costs_by_group(con, **view)
    if groups.is_empty():
        empty_slide(
            deck,
            "Chi phí và tiết kiệm",
            "Các đơn vị đang xem chưa gửi Biểu 01 hay Biểu 02 nào.",
            notes,
        )
        return
    chart_slide(deck, cost_charts.costs_by_group_chart(groups), notes)


def _systems(deck: Deck, con, view: dict) -> None:
    notes = "\n".join(
        definition(k) for k in ("systems_migrated_pct", "cloud_share_pct", "ndxp_connected_pct")
    )
    by_stage = systems.systems_by_stage(con, **view)
    if by_stage.is_empty():
        empty_slide(
            deck,
            "Hệ thống thông tin",
            "Các đơn vị đang xem chưa báo cáo hệ thống nào (Biểu 03).",
            notes,
        )
        return
    chart_slide(deck, system_charts.stage_destination_chart(by_stage), notes)


def _security(deck: Deck, con, view: dict) -> None:
    notes = f"{definition('soc_monitored_pct')}\n{definition('backup_central_pct')}"
    groups = systems.security_by_group(con, **view)
    if groups.is_empty():
        empty_slide(deck, "An toàn thông tin", "Các đơn vị đang xem chưa báo cáo Biểu 01.", notes)
        return
    chart_slide(deck, system_charts.security_coverage_chart(groups), notes)


MAP_MEASURE = "servers_remaining"


def _map(deck: Deck, con, view: dict) -> None:
    measure = maps.MEASURES[MAP_MEASURE]
    notes = f"{definition('servers_remaining')}\nBản đồ: {measure.help} Các lớp màu lấy từ mọi ngày số liệu, nên hai ngày đọc cùng một chú giải."
    measures = map_queries.commune_measures(con, **view)
    history = map_queries.commune_measures_by_date(con, agency_codes=view["agency_codes"])
    classes = maps.class_breaks(MAP_MEASURE, history[MAP_MEASURE])
    title = f"{measure.label} theo xã, phường"
    figure = maps.static_map(measures, MAP_MEASURE, classes, title)
    slide = new_slide(deck, title, notes)
    picture_slide_body(deck, slide, figure)


def _late_agencies(deck: Deck, con, view: dict) -> None:
    notes = (
        definition("agencies_at_risk") + " Thứ tự: đơn vị chậm nhiều nhất so với lộ trình trước."
    )
    agencies = progress.agency_progress(con, **view)
    behind = progress.agencies_most_behind(con, **view, limit=max(agencies.height, 1))
    title = "Đơn vị chậm tiến độ"
    if behind.is_empty():
        empty_slide(deck, title, "Không có đơn vị nào chậm tiến độ.", notes)
        return
    header, rows = _table_rows(roadmap_charts.most_behind_table(behind))
    pages = _pages(rows, AGENCIES_PER_SLIDE)
    for index, page in enumerate(pages, start=1):
        table_slide(
            deck, _numbered(f"{title}: {formats.format_number(len(rows))} đơn vị", index, len(pages)),
            header, page, notes, widths=(4.6, 1.3, 1.3, 5.0), right=(1, 2), size=13,
        )  # fmt: skip


# the key charts, one slide each, in the order leadership reads them
SLIDES: tuple[Callable[[Deck, duckdb.DuckDBPyConnection, dict], None], ...] = (
    _burndown,
    _progress_by_group,
    _milestones,
    _savings,
    _systems,
    _security,
    _map,
)


def deck_bytes(deck: Deck) -> bytes:
    """The deck as the bytes of a .pptx file."""
    buffer = io.BytesIO()
    deck.presentation.save(buffer)
    return buffer.getvalue()


# ---- the command: python -m exports deck -------------------------------------------------


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `deck` on the subcommands of `python -m exports`."""
    parser = commands.add_parser(
        "deck",
        help="lập tài liệu họp (PowerPoint 16:9)",
        description="Lập tài liệu họp (PowerPoint 16:9): các chỉ tiêu chính, biểu đồ, bản đồ "
        "và các đơn vị chậm tiến độ, theo ngày số liệu và bộ lọc.",
    )
    add_scope_options(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="TỆP.pptx", help="tệp sẽ ghi")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """`python -m exports deck`: write the deck; 0 written, 1 it could not be, 2 a wrong name."""
    if args.out.suffix.lower() != ".pptx":
        print(f"Lệnh không đúng cú pháp: tệp “{args.out}” phải có đuôi .pptx.", file=sys.stderr)
        return 2
    with open_database(args.db) as con:
        scope = scope_from_args(con, args)
        deck = build_deck(con, scope)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(deck_bytes(deck))
    for warning in deck.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    print(f"Đã ghi tài liệu họp {args.out}: {len(deck.slides)} trang; {scope.sentence()}.")
    return 0
