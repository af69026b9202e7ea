"""The report's appendix workbook (openpyxl): cover, indicators, milestones, one sheet per form, late agencies.

No Streamlit. The figures are the report's (exports.report.gather, from `queries/`). Where
each indicator goes on the indicators sheet is read from data/report_mapping.csv, which DST
edits to follow the ministry's Appendix 01 (columns: sheet, row, stt, label_vi, kpi; a row
without kpi is a heading). Numbers stay numbers with Vietnamese-readable formats; every
cell that comes from an agency goes through exports.cells, so a text starting with "="
is never run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

import formats
from exports import decree30
from exports.cells import sheet_name, write_xlsx_cell
from exports.report import (
    REPORT_NUMBER,
    ExportError,
    Period,
    ReportFigures,
    gather,
    late_counts,
    read_only_database,
)
from queries.indicators import INDICATORS_BY_KEY
from vocabulary import MIGRATION_STAGES, MIGRATION_TARGETS, PLAN_STATUSES

MAPPING_FILE = Path(__file__).resolve().parents[1] / "data" / "report_mapping.csv"
MAPPING_COLUMNS = ("sheet", "row", "stt", "label_vi", "kpi")
FIRST_MAPPED_ROW = 5  # rows 1–4 of a mapped sheet: its title, the period and the header
INDICATOR_HEADER = (
    "STT", "Chỉ tiêu", "Đơn vị tính", "Ngày số liệu trước kỳ báo cáo",
    "Ngày số liệu của kỳ báo cáo", "Mục tiêu", "Trạng thái",
)  # fmt: skip
UNIT_NAMES = {"pct": "%", "count": "số lượng", "vnd": "đồng/năm", "tb": "TB"}
COUNT_UNITS = {
    "servers_baseline": "máy chủ",
    "servers_remaining": "máy chủ",
    "agencies_done": "đơn vị",
    "agencies_at_risk": "đơn vị",
}
NUMBER_FORMATS = {"pct": '0.0"%"', "count": "#,##0", "vnd": "#,##0", "tb": "#,##0.0"}
DATE_FORMAT = "DD/MM/YYYY"
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class MappedRow:
    """One line of data/report_mapping.csv: where an indicator (or a heading) goes."""

    sheet: str
    row: int
    stt: str
    label: str
    kpi: str | None


def read_mapping(path: Path = MAPPING_FILE) -> list[MappedRow]:
    """The mapping file, checked; ExportError naming the line and what to fix."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ExportError(f"Không đọc được tệp ánh xạ phụ lục {path}: {exc.strerror}.") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in MAPPING_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ExportError(
            f"Tệp ánh xạ phụ lục {path.name} thiếu cột {', '.join(missing)}; đề nghị giữ dòng "
            f"tiêu đề {','.join(MAPPING_COLUMNS)}."
        )
    rows, seen = [], set()
    for line, record in enumerate(reader, start=2):
        where = f"Tệp ánh xạ phụ lục {path.name}, dòng {line}"
        kpi = (record["kpi"] or "").strip() or None
        if kpi and kpi not in INDICATORS_BY_KEY:
            raise ExportError(
                f"{where}: không có chỉ tiêu “{kpi}”; đề nghị dùng một mã chỉ tiêu của "
                "spec/kpis.md (ví dụ consolidation_pct) hoặc để trống cho dòng tiêu đề mục."
            )
        row_text = (record["row"] or "").strip()
        if not row_text.isdigit() or int(row_text) < FIRST_MAPPED_ROW:
            raise ExportError(
                f"{where}: dòng “{row_text}” không hợp lệ; đề nghị ghi số dòng từ "
                f"{FIRST_MAPPED_ROW} trở đi (dòng 1–4 là tiêu đề của trang)."
            )
        sheet = (record["sheet"] or "").strip()
        if not sheet:
            raise ExportError(f"{where}: thiếu tên trang tính; đề nghị ghi cột sheet.")
        if (sheet, int(row_text)) in seen:
            raise ExportError(
                f"{where}: dòng {row_text} của trang “{sheet}” đã được dùng ở dòng trên; "
                "đề nghị chọn dòng khác."
            )
        seen.add((sheet, int(row_text)))
        label = (record["label_vi"] or "").strip() or (INDICATORS_BY_KEY[kpi].label if kpi else "")
        rows.append(MappedRow(sheet, int(row_text), (record["stt"] or "").strip(), label, kpi))
    return rows


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None,
         bold: bool = False, wrap: bool = False, border: bool = True):  # fmt: skip
    """One cell through exports.cells, in Times New Roman; undefined values shown as "–"."""
    cell = write_xlsx_cell(sheet, row, column, formats.MISSING if value is None else value)
    cell.font = Font(name=decree30.FONT, size=12, bold=bold)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif number_format and isinstance(value, int | float):
        cell.number_format = number_format
    horizontal = "right" if value is None else None  # "–" stands where a number would
    cell.alignment = Alignment(wrap_text=wrap, vertical="center", horizontal=horizontal)
    if border:
        cell.border = GRID
    return cell


def _title(sheet: Worksheet, title: str, figures: ReportFigures) -> None:
    _put(sheet, 1, 1, title, bold=True, border=False)
    _put(
        sheet, 2, 1,
        f"Kỳ báo cáo: {figures.period.name} (từ {formats.format_date(figures.period.start)} "
        f"đến {formats.format_date(figures.period.end)}); số liệu đến ngày "
        f"{formats.format_date(figures.as_of)}",
        border=False,
    )  # fmt: skip


def _table(
    sheet: Worksheet,
    header: tuple[str, ...],
    rows: list[tuple],
    widths: tuple[float, ...],
    formats_by_column: dict[int, str] | None = None,
    start: int = 4,
) -> None:
    """A header row at `start` and the rows under it; column widths; frozen header."""
    for column, text in enumerate(header, start=1):
        cell = _put(sheet, start, column, text, bold=True, wrap=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[start].height = 64  # headers wrap over up to four lines
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            number_format = (formats_by_column or {}).get(column)
            _put(sheet, start + offset, column, value, number_format=number_format, wrap=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = sheet.cell(start + 1, 1)


def _cover(sheet: Worksheet, figures: ReportFigures, sheets: list[str]) -> None:
    sheet.column_dimensions["A"].width = 100
    lines = [
        (decree30.PARENT_AGENCY, False),
        (decree30.ISSUING_AGENCY, True),
        ("", False),
        ("PHỤ LỤC", True),
        ("SỐ LIỆU HỢP NHẤT HẠ TẦNG THÔNG TIN, HẠ TẦNG SỐ TỈNH BẮC NINH", True),
        (
            f"Kỳ báo cáo {figures.period.name} (từ {formats.format_date(figures.period.start)} "
            f"đến {formats.format_date(figures.period.end)})",
            False,
        ),
        (f"Số liệu đến ngày {formats.format_date(figures.as_of)}", False),
        (
            f"(Kèm theo Báo cáo số{decree30.GAP}{REPORT_NUMBER} của Sở Khoa học và Công nghệ)",
            False,
        ),
        ("", False),
        ("Các trang của phụ lục:", True),
        *((f"- {name}", False) for name in sheets),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = _put(sheet, row, 1, text, bold=bold, border=False)
        cell.alignment = Alignment(horizontal="center" if row <= 8 else "left")


def _value_cell(sheet: Worksheet, row: int, column: int, value: Any, unit: str) -> None:
    _put(sheet, row, column, value, number_format=NUMBER_FORMATS[unit])


def _indicator_sheets(
    workbook: Workbook, figures: ReportFigures, mapping: list[MappedRow], taken: list[str]
) -> list[str]:
    """The mapped sheets: each mapped row's label, unit, values before and in the period, target."""
    targets: dict[str, tuple[float, str]] = {}
    for record in figures.milestones.iter_rows(named=True):
        targets.setdefault(record["kpi"], (record["target"], record["status"]))
    names: dict[str, Worksheet] = {}
    previous = (
        f"Ngày {formats.format_date(figures.previous_date)}" if figures.previous_date else "–"
    )
    for entry in mapping:
        if entry.sheet not in names:
            title = sheet_name(entry.sheet, taken)
            taken.append(title)
            sheet = workbook.create_sheet(title)
            names[entry.sheet] = sheet
            _title(sheet, "CÁC CHỈ TIÊU HỢP NHẤT HẠ TẦNG THÔNG TIN, HẠ TẦNG SỐ", figures)
            header = list(INDICATOR_HEADER)
            header[3] = f"{header[3]} ({previous})"
            header[4] = f"{header[4]} (ngày {formats.format_date(figures.as_of)})"
            _table(sheet, tuple(header), [], (7, 60, 14, 20, 20, 12, 16))
        sheet = names[entry.sheet]
        _put(sheet, entry.row, 1, entry.stt, bold=entry.kpi is None)
        _put(sheet, entry.row, 2, entry.label, bold=entry.kpi is None, wrap=True)
        if entry.kpi is None:
            for column in range(3, 8):
                _put(sheet, entry.row, column, "")
            continue
        unit = INDICATORS_BY_KEY[entry.kpi].unit
        _put(sheet, entry.row, 3, COUNT_UNITS.get(entry.kpi, UNIT_NAMES[unit]))
        _value_cell(
            sheet, entry.row, 4, figures.previous[entry.kpi] if figures.previous else None, unit
        )
        _value_cell(sheet, entry.row, 5, figures.values[entry.kpi], unit)
        target, status = targets.get(entry.kpi, (None, None))
        _value_cell(sheet, entry.row, 6, target, unit)
        _put(sheet, entry.row, 7, status.capitalize() if status else None)
    return [s.title for s in names.values()]


def _milestone_sheet(sheet: Worksheet, figures: ReportFigures) -> None:
    _title(sheet, "CÁC MỐC LỘ TRÌNH VÀ CHỈ TIÊU SO VỚI MỤC TIÊU", figures)
    rows, formats_of = [], {}
    for index, r in enumerate(figures.milestones.iter_rows(named=True), start=1):
        rows.append(
            (index, r["phase"], r["due_date"], r["title_vi"], r["label"], r["value"],
             r["target"], r["expected"], r["status"].capitalize())
        )  # fmt: skip
    for column in (6, 7, 8):
        formats_of[column] = '0.0"%"'  # every milestone indicator of kpis.md is a percentage
    header = (
        "STT", "Giai đoạn", "Hạn", "Mốc", "Chỉ tiêu", "Giá trị", "Mục tiêu",
        f"Cần đạt đến ngày {formats.format_date(figures.as_of)}", "Trạng thái",
    )  # fmt: skip
    _table(sheet, header, rows, (6, 12, 12, 60, 36, 10, 10, 14, 14), formats_of)


def _inventory_sheet(sheet: Worksheet, figures: ReportFigures) -> None:
    _title(sheet, "BIỂU 01 – MÁY CHỦ, HỆ THỐNG LƯU TRỮ THEO ĐƠN VỊ", figures)
    security = {r["agency_code"]: r for r in figures.security_by_agency.iter_rows(named=True)}
    reported = figures.agencies.filter(pl.col("inventory_date").is_not_null())
    rows = []
    for index, r in enumerate(reported.iter_rows(named=True), start=1):
        s = security.get(r["agency_code"], {})
        rows.append(
            (index, r["agency_code"], r["name"], r["kind_label"], r["inventory_date"],
             YES if r["reported_this_half"] else NO, r["servers_baseline"],
             r["servers_remaining"], r["servers_to_change"], r["servers_changed"],
             r["consolidation_pct"], s.get("servers_active"), s.get("servers_active_monitored"),
             s.get("assets_active"), s.get("assets_active_backed_up"))
        )  # fmt: skip
    header = (
        "STT", "Mã đơn vị", "Tên đơn vị", "Nhóm đơn vị", "Ngày số liệu Biểu 01",
        "Báo cáo trong kỳ", "Máy chủ riêng lẻ ban đầu", "Máy chủ riêng lẻ còn lại",
        "Máy chủ phải xử lý theo phương án", "Đã xử lý", "Tiến độ hợp nhất",
        "Máy chủ đang hoạt động", "Được giám sát ATTT tập trung",
        "Máy chủ, hệ thống lưu trữ đang hoạt động", "Được sao lưu tập trung",
    )  # fmt: skip
    counts = dict.fromkeys((7, 8, 9, 10, 12, 13, 14, 15), "#,##0")
    widths = (6, 14, 36, 18, 13, 10, 11, 11, 13, 9, 11, 11, 12, 14, 11)
    _table(sheet, header, rows, widths, {**counts, 11: '0.0"%"'})


def _plans_sheet(sheet: Worksheet, figures: ReportFigures) -> None:
    _title(sheet, "BIỂU 02 – PHƯƠNG ÁN LOẠI BỎ, HỢP NHẤT MÁY CHỦ THEO ĐƠN VỊ", figures)
    tslcd = dict(figures.tslcd_by_agency.select("agency_code", "tslcd_connected").iter_rows())
    with_plan = figures.costs_by_agency.filter(pl.col("plan_date").is_not_null())
    kinds = dict(figures.agencies.select("agency_code", "kind_label").iter_rows())
    rows = []
    for index, r in enumerate(with_plan.iter_rows(named=True), start=1):
        rows.append(
            (index, r["agency_code"], r["name"], kinds.get(r["agency_code"]), r["plan_date"],
             PLAN_STATUSES.get(r["plan_status"], r["plan_status"]), r["budget_vnd"],
             r["planned_savings_vnd"], YES if tslcd.get(r["agency_code"]) else NO)
        )  # fmt: skip
    header = (
        "STT", "Mã đơn vị", "Tên đơn vị", "Nhóm đơn vị", "Ngày số liệu Biểu 02",
        "Tình trạng phương án", "Kinh phí thực hiện (đồng)", "Tiết kiệm dự kiến/năm (đồng)",
        "Kết nối TSLCD",
    )  # fmt: skip
    _table(sheet, header, rows, (6, 14, 36, 18, 13, 18, 18, 18, 10), {7: "#,##0", 8: "#,##0"})


def _systems_sheet(sheet: Worksheet, figures: ReportFigures) -> None:
    _title(sheet, "BIỂU 03 – TIẾN ĐỘ CHUYỂN ĐỔI HỆ THỐNG THÔNG TIN THEO ĐƠN VỊ", figures)
    rows = []
    for index, r in enumerate(figures.systems.iter_rows(named=True), start=1):
        rows.append(
            (index, r["agency_code"], r["agency_name"], r["report_date"], r["system_code"],
             r["system_name"], MIGRATION_TARGETS.get(r["target"], r["target"]),
             MIGRATION_STAGES.get(r["stage"], r["stage"]), r["planned_date"], r["done_date"],
             YES if r["ndxp_connected"] else NO, YES if r["soc_monitored"] else NO,
             r["security_level"])
        )  # fmt: skip
    header = (
        "STT", "Mã đơn vị", "Tên đơn vị", "Ngày số liệu Biểu 03", "Mã hệ thống", "Tên hệ thống",
        "Nơi chuyển đến", "Bước chuyển đổi", "Ngày dự kiến", "Ngày hoàn thành",
        "Kết nối NDXP/LGSP", "Giám sát ATTT tập trung", "Cấp độ ATTT",
    )  # fmt: skip
    widths = (6, 14, 32, 13, 12, 36, 18, 16, 12, 12, 11, 11, 9)
    _table(sheet, header, rows, widths, {13: "0"})


def _late_sheet(sheet: Worksheet, figures: ReportFigures) -> None:
    _title(sheet, "CÁC ĐƠN VỊ CHẬM TIẾN ĐỘ", figures)
    late = figures.agencies.filter(pl.col("late"))
    rows = [
        (index, r["agency_code"], r["name"], r["kind_label"], r["plan_status_label"],
         r["inventory_date"], r["consolidation_pct"], r["scheduled_pct"], r["servers_remaining"],
         r["late_reason"])
        for index, r in enumerate(late.iter_rows(named=True), start=1)
    ]  # fmt: skip
    header = (
        "STT", "Mã đơn vị", "Tên đơn vị", "Nhóm đơn vị", "Phương án", "Biểu 01 gần nhất",
        "Tiến độ hợp nhất", "Kế hoạch", "Máy chủ riêng lẻ còn lại", "Lý do chậm",
    )  # fmt: skip
    widths = (6, 14, 36, 18, 14, 13, 11, 11, 11, 44)
    _table(sheet, header, rows, widths, {7: '0.0"%"', 8: '0.0"%"', 9: "#,##0"})
    counts = late_counts(figures.agencies)
    _put(
        sheet, 3, 1,
        f"Tổng số: {formats.format_number(counts['late'])} đơn vị chậm tiến độ.",
        border=False,
    )  # fmt: skip


SHEETS = (
    ("Lộ trình", _milestone_sheet),
    ("Biểu 01 - Máy chủ", _inventory_sheet),
    ("Biểu 02 - Phương án", _plans_sheet),
    ("Biểu 03 - Hệ thống", _systems_sheet),
    ("Đơn vị chậm tiến độ", _late_sheet),
)


def build_appendix(figures: ReportFigures, mapping: list[MappedRow] | None = None) -> Workbook:
    """The appendix workbook of the report's figures."""
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Bìa"
    taken = [cover.title]
    mapped = _indicator_sheets(workbook, figures, mapping or read_mapping(), taken)
    for title, fill in SHEETS:
        name = sheet_name(title, taken)
        taken.append(name)
        fill(workbook.create_sheet(name), figures)
    _cover(cover, figures, [*mapped, *taken[1 + len(mapped) :]])
    for sheet in workbook.worksheets:
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return workbook


def appendix_bytes(con: duckdb.DuckDBPyConnection, period: Period) -> bytes:
    """The appendix of `period` as .xlsx bytes, from an open connection (the app's)."""
    mapping = read_mapping()
    buffer = io.BytesIO()
    build_appendix(gather(con, period), mapping).save(buffer)
    return buffer.getvalue()


def appendix_xlsx(db_path: Path | None, period: Period) -> bytes:
    """The appendix of `period` as .xlsx bytes, from the database at `db_path` (None: the app's)."""
    read_mapping()  # a broken mapping is reported before the database is opened
    with read_only_database(db_path) as con:
        return appendix_bytes(con, period)
