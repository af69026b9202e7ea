"""Loaders layer: the demo's story written as the .xlsx files agencies really send; no Streamlit.

Each report date gives DST's compilations per agency group and a few communes' own files,
each laid out its own way (title blocks, totals rows, two-row headers, numbers typed as
text, headers without diacritics…), the variations spec/forms.md says the loader must take.
Files are saved with fixed timestamps, so the same story gives the same bytes every time.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from formats import format_number
from loaders.demo_data import REPORT_DATES, DemoAgency, DemoData
from loaders.forms import INVENTORY, MIGRATIONS, PLANS, Column, Form

VN_MONTH_STAMP = "Bắc Ninh, ngày {d:%d} tháng {d:%m} năm {d:%Y}"


@dataclass(frozen=True)
class SheetStyle:
    """How an agency lays out its sheets: the variations forms.md says the loader must take."""

    title: bool = False  # a title block (issuer, form name, date) above the header
    numbering: bool = False  # a (1), (2), … row under the header
    totals: bool = False  # a "Tổng cộng" row under the data
    signature: bool = False  # place-and-date line and signatures below the data
    two_row_header: bool = False  # Biểu 02 counts under one merged "Số máy chủ" heading
    plain_headers: bool = False  # headers typed without diacritics
    typed_as_text: bool = False  # numbers as "45.000.000", dates as "15/03/2026", yes as "x"


@dataclass(frozen=True)
class DemoWorkbook:
    """One file as DST receives it: which agencies and forms, laid out how, sent when."""

    path: Path
    report_date: date
    uploaded_at: datetime
    agencies: tuple[str, ...]
    forms: tuple[str, ...]


@dataclass(frozen=True)
class _FileSpec:
    name: str
    agencies: tuple[DemoAgency, ...]
    forms: tuple[str, ...]
    style: SheetStyle
    issuer: str
    generic_sheet_names: bool = False  # "Sheet1": the headers, not the name, say the form
    extra_sheet: str | None = None  # "notes" | "hidden": a sheet without a form


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _vn_number(value: float) -> str:
    """A number as an agency types it: Vietnamese notation, one decimal at most (1.234.567; 2,4)."""
    return format_number(value, 1).removesuffix(",0")


def _cell_value(column: Column, value: Any, style: SheetStyle) -> Any:
    """A machine value as an agency types it: labels for enumerations, 'Có'/'Không', dates."""
    if column.kind == "enum":
        return column.choices[value] if value is not None and column.choices else None
    if column.kind == "yesno":
        if style.typed_as_text:
            return "x" if value else None
        return "Có" if value else "Không"
    if value is None:
        if style.typed_as_text and column.name == "annual_cost_vnd":
            return "Chưa có dữ liệu"
        return None
    if style.typed_as_text:
        if column.kind == "date":
            return f"{value:%d/%m/%Y}"
        if column.kind in ("int", "number"):
            return _vn_number(float(value))
    return value


def _write_form(
    ws: Worksheet,
    form: Form,
    rows: list[dict[str, Any]],
    style: SheetStyle,
    when: date,
    issuer: str,
) -> None:
    """One form on one sheet: title block, header (one or two rows), data, totals, signature."""
    columns = form.columns
    width = len(columns)
    bold = Font(bold=True)
    r = 1
    if style.title:
        ws.cell(r, 1, issuer.upper()).font = bold
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=min(width, 4))
        title = f"{form.code.upper()} – {form.title.upper()}"
        ws.cell(r + 1, 1, title).font = Font(bold=True, size=13)
        ws.cell(r + 1, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=width)
        ws.cell(r + 2, 1, f"(Số liệu tính đến ngày {when:%d/%m/%Y})")
        ws.merge_cells(start_row=r + 2, start_column=1, end_row=r + 2, end_column=width)
        r += 4  # and a blank row, as agencies leave one
    headers = [_strip_diacritics(c.header) if style.plain_headers else c.header for c in columns]
    group = "Số máy chủ"
    if style.two_row_header and form is PLANS:
        grouped = [i for i, c in enumerate(columns, 1) if c.header.startswith(group + " ")]
        for i, (column, header) in enumerate(zip(columns, headers, strict=True), 1):
            if i in grouped:
                ws.cell(r + 1, i, column.header.removeprefix(group + " ")).font = bold
            else:
                ws.cell(r, i, header).font = bold
                ws.merge_cells(start_row=r, start_column=i, end_row=r + 1, end_column=i)
        ws.cell(r, grouped[0], group).font = bold
        ws.merge_cells(start_row=r, start_column=grouped[0], end_row=r, end_column=grouped[-1])
        r += 2
    else:
        for i, header in enumerate(headers, 1):
            ws.cell(r, i, header).font = bold
        r += 1
    if style.numbering:
        for i in range(1, width + 1):
            ws.cell(r, i, f"({i})")
        r += 1
    for n, row in enumerate(rows, 1):
        for i, column in enumerate(columns, 1):
            value = n if column.kind == "ignore" else _cell_value(column, row[column.name], style)
            if value is None:
                continue
            cell = ws.cell(r, i, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a note like "=> Đã chuyển…" is text, never a formula
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
        r += 1
    if style.totals:
        ws.cell(r, 1, "Tổng cộng").font = bold
        for i, column in enumerate(columns, 1):
            if column.kind in ("int", "number") and column.name not in (
                "utilization_pct",
                "security_level",
            ):
                total = sum(row[column.name] or 0 for row in rows)
                ws.cell(r, i, _vn_number(total) if style.typed_as_text else total).font = bold
        r += 1
    if style.signature:
        right = max(2, width - 3)
        ws.cell(r + 1, right, VN_MONTH_STAMP.format(d=when + timedelta(days=4)))
        ws.cell(r + 2, 2, "Người lập biểu").font = bold
        ws.cell(r + 2, right, "Thủ trưởng đơn vị").font = bold
        ws.cell(r + 3, 2, "(Ký, ghi rõ họ tên)")
        ws.cell(r + 3, right, "(Ký tên, đóng dấu)")


def _save_reproducibly(workbook: Workbook, path: Path, stamp: datetime) -> None:
    """Save with fixed timestamps: openpyxl writes 'now' into the zip and docProps/core.xml,
    which would give the same data a different SHA-256 (source_sha256) on every build."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    lambda m: m.group(1) + iso,
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            target.writestr(entry, content, compress_type=zipfile.ZIP_DEFLATED)


def _file_specs(data: DemoData, when: date) -> list[_FileSpec]:
    """The files of one report date: DST's compilations per agency group, and a few communes
    that send their own workbook, each typed its own way."""
    reporting = data.reporting(when)
    communes = [a for a in data.agencies if a.kind == "commune"]
    # Communes that send their own files: full reporters with a few assets and systems.
    own = [
        a
        for a in communes
        if a.report_dates == REPORT_DATES
        and a.profile == "on_track"
        and len(data.assets_of(a.code)) >= 3
        and data.systems_of(a.code)
    ][:3]
    own_codes = [a.code for a in own]

    def members(test: Callable[[DemoAgency], bool]) -> tuple[DemoAgency, ...]:
        return tuple(a for a in reporting if test(a) and a.code not in own_codes)

    stamp = f"{when:%Y%m%d}"
    all_forms = ("inventory", "plans", "migrations")
    titled = SheetStyle(title=True, numbering=True, totals=True, signature=True)
    specs = [
        _FileSpec(
            f"{stamp}_So_nganh_tong_hop.xlsx",
            members(lambda a: a.kind == "department"),
            all_forms,
            SheetStyle(),
            "Sở Khoa học và Công nghệ",
            extra_sheet="hidden",
        ),
        _FileSpec(
            f"{stamp}_Cong_an_tinh.xlsx",
            members(lambda a: a.kind == "police"),
            all_forms,
            titled,
            "Công an tỉnh Bắc Ninh",
        ),
        _FileSpec(
            f"{stamp}_TTTHDL_hai_trung_tam.xlsx",
            members(lambda a: a.kind == "data_centre"),
            all_forms,
            SheetStyle(title=True, two_row_header=True),
            "Sở Khoa học và Công nghệ",
            extra_sheet="notes",
        ),
        _FileSpec(
            f"{stamp}_UBND_xa_phuong_BacNinh_cu.xlsx",
            members(lambda a: a.kind == "commune" and a.former_province == "Bắc Ninh"),
            all_forms,
            SheetStyle(title=True, numbering=True, totals=True),
            "Sở Khoa học và Công nghệ",
        ),
        _FileSpec(
            f"{stamp}_UBND_xa_phuong_BacGiang_cu.xlsx",
            members(lambda a: a.kind == "commune" and a.former_province == "Bắc Giang"),
            all_forms,
            SheetStyle(),
            "Sở Khoa học và Công nghệ",
        ),
    ]
    if len(own) == 3:
        typed, unaccented, split = own
        specs += [
            _FileSpec(
                f"{stamp}_{typed.code}.xlsx",
                (typed,),
                all_forms,
                SheetStyle(title=True, totals=True, signature=True, typed_as_text=True),
                typed.name,
            ),
            _FileSpec(
                f"{stamp}_{unaccented.code}.xlsx",
                (unaccented,),
                all_forms,
                SheetStyle(plain_headers=True),
                unaccented.name,
            ),
        ]
        specs += [
            _FileSpec(
                f"{stamp}_{split.code}_Bieu0{i}.xlsx",
                (split,),
                (form,),
                SheetStyle(title=True),
                split.name,
                generic_sheet_names=True,
            )
            for i, form in enumerate(all_forms, 1)
        ]
    return [s for s in specs if s.agencies]


def write_workbooks(data: DemoData, work_dir: Path) -> list[DemoWorkbook]:
    """Write every report date's workbooks into `work_dir`, in the order they are to be loaded."""
    work_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for when in REPORT_DATES:
        for k, spec in enumerate(_file_specs(data, when)):
            workbook = Workbook()
            workbook.remove(workbook.active)
            forms = []
            for form in (f for f in (INVENTORY, PLANS, MIGRATIONS) if f.key in spec.forms):
                rows = data.form_rows(form.key, spec.agencies, when)
                if not rows:  # a form sheet without rows says nothing: leave it out
                    continue
                ws = workbook.create_sheet(
                    "Sheet1" if spec.generic_sheet_names else form.sheet_name
                )
                _write_form(ws, form, rows, spec.style, when, spec.issuer)
                forms.append(form.key)
            if not forms:
                continue
            if spec.extra_sheet == "notes":
                notes = workbook.create_sheet("Hướng dẫn")
                notes["A1"] = (
                    "Số liệu tổng hợp từ báo cáo của hai trung tâm; mã đơn vị theo danh mục của Sở."
                )
            elif spec.extra_sheet == "hidden":
                scratch = workbook.create_sheet("Tính toán")
                scratch.append(["Đơn vị", "Số máy chủ"])
                for agency in spec.agencies:
                    scratch.append([agency.code, len(data.assets_of(agency.code))])
                scratch.sheet_state = "hidden"
            # Files arrive over the week after the report date, in the order they are loaded.
            uploaded_at = datetime.combine(when + timedelta(days=3), datetime.min.time())
            uploaded_at += timedelta(hours=8, minutes=17 * k)
            workbook.properties.creator = spec.issuer
            path = work_dir / spec.name
            _save_reproducibly(workbook, path, uploaded_at - timedelta(hours=2))
            written.append(
                DemoWorkbook(
                    path=path,
                    report_date=when,
                    uploaded_at=uploaded_at,
                    agencies=tuple(a.code for a in spec.agencies),
                    forms=tuple(forms),
                )
            )
    return written
