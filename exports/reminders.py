"""Reminder letters (công văn đôn đốc) to the late agencies, their summary table and a zip; no Streamlit.

    python -m exports reminders [--as-of YYYY-MM-DD] [--db PATH] --out DIR

One Word letter per late agency (the agencies_at_risk test of spec/kpis.md, as the
progress page shows it), in the Decree 30 layout, naming what is missing: no plan, no
Biểu 01 (or none this half-year), consolidation behind the straight-line schedule with its
figures, and the deadline 31/12/2026; plus one workbook listing them all. The command
writes them into DIR with a zip of everything; the progress page downloads the zip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

import formats
from exports import decree30
from exports.cells import write_xlsx_cell
from exports.command import add_database_option
from exports.decree30 import percent
from exports.periods import reminders_zip_name
from exports.report import ExportError, half_year, read_only_database
from queries import progress as progress_queries
from queries import report_dates
from vocabulary import SCHEDULE_END, SCHEDULE_START

LETTER_SUBJECT = "V/v đôn đốc hợp nhất hạ tầng thông tin, hạ tầng số"
LETTER_NUMBER = "/SKHCN-CĐS"  # ký hiệu: the department's abbreviation - the drafting unit's
LETTER_RECIPIENTS = ("Như trên", "UBND tỉnh (để báo cáo)", "Lưu: VT, CĐS")
SUMMARY_NAME = "danh_sach_don_vi_cham_tien_do.xlsx"
SUMMARY_HEADER = (
    "STT", "Mã đơn vị", "Tên đơn vị", "Nhóm đơn vị", "Phương án", "Biểu 01 gần nhất",
    "Tiến độ hợp nhất (%)", "Kế hoạch (%)", "Máy chủ riêng lẻ còn lại", "Nội dung đôn đốc",
)  # fmt: skip


@dataclass(frozen=True)
class Reminder:
    """One late agency's letter: who, and the sentences naming what is missing."""

    agency_code: str
    name: str
    items: tuple[str, ...]
    row: dict  # its row of queries.progress.agency_progress


def missing_items(row: dict, as_of: dt.date) -> list[str]:
    """What a late agency has to do, one sentence each, with its figures (kpis.md's tests)."""
    reasons = (row["late_reason"] or "").split("; ")
    items = []
    if progress_queries.REASON_NO_PLAN in reasons:
        state = (
            f" (Biểu 02 gần nhất ghi “{row['plan_status_label']}”)" if row["plan_status"] else ""
        )
        items.append(
            "Chưa gửi phương án loại bỏ, hợp nhất máy chủ riêng lẻ (Biểu 02 – Phương án loại "
            f"bỏ, hợp nhất máy chủ){state}; hạn gửi là ngày "
            f"{formats.format_date(SCHEDULE_START)}."
        )
    if progress_queries.REASON_NO_INVENTORY in reasons:
        items.append(
            "Chưa báo cáo Biểu 01 – Danh mục máy chủ, hệ thống lưu trữ lần nào đến ngày "
            f"{formats.format_date(as_of)}."
        )
    elif not row["reported_this_half"]:
        items.append(
            f"Chưa báo cáo Biểu 01 trong kỳ báo cáo {half_year(as_of).name} (Biểu 01 gần "
            f"nhất là của ngày {formats.format_date(row['inventory_date'])})."
        )
    if progress_queries.REASON_BEHIND in reasons:
        items.append(
            f"Tiến độ hợp nhất máy chủ của đơn vị đạt {percent(row['consolidation_pct'])} "
            f"({formats.format_number(row['servers_changed'])} trên "
            f"{formats.format_number(row['servers_to_change'])} máy chủ phải xử lý theo "
            f"phương án), thấp hơn kế hoạch {percent(row['scheduled_pct'])} đến ngày "
            f"{formats.format_date(as_of)}; còn {formats.format_number(row['servers_remaining'])}"
            " máy chủ riêng lẻ đang hoạt động hoặc không sử dụng."
        )
    return items


def reminders_as_of(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[Reminder]:
    """One Reminder per late agency as of `as_of`, in the progress page's order."""
    late = progress_queries.agency_progress(con, as_of).filter(pl.col("late"))
    return [
        Reminder(row["agency_code"], row["name"], tuple(missing_items(row, as_of)), row)
        for row in late.iter_rows(named=True)
    ]


def build_letter(reminder: Reminder, as_of: dt.date, year: int | None = None):
    """The letter to one late agency as a python-docx Document (Decree 30 layout)."""
    document = decree30.new_document()
    decree30.letterhead(document, LETTER_NUMBER, LETTER_SUBJECT, year or dt.date.today().year)
    decree30.addressees(document, [reminder.name])
    decree30.body(
        document,
        "Theo số liệu các đơn vị báo cáo Sở Khoa học và Công nghệ đến ngày "
        f"{formats.format_date(as_of)}, {reminder.name} chậm tiến độ hợp nhất hạ tầng thông "
        "tin, hạ tầng số theo lộ trình của tỉnh, cụ thể:",
    )
    for item in reminder.items:
        decree30.body(document, f"- {item}")
    decree30.body(
        document,
        f"Đề nghị {reminder.name} khẩn trương hoàn thành các nội dung trên, gửi Biểu 01, "
        "Biểu 02, Biểu 03 cập nhật về Sở Khoa học và Công nghệ và hoàn thành hợp nhất máy "
        f"chủ riêng lẻ theo phương án trước ngày {formats.format_date(SCHEDULE_END)}./.",
    )
    decree30.closing(document, LETTER_RECIPIENTS)
    return document


def summary_workbook(reminders: list[Reminder], as_of: dt.date) -> bytes:
    """The late agencies in one sheet: numbers stay numbers, agency text is never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị chậm tiến độ"
    title = write_xlsx_cell(
        sheet, 1, 1, f"DANH SÁCH ĐƠN VỊ CHẬM TIẾN ĐỘ ĐẾN NGÀY {formats.format_date(as_of)}"
    )
    title.font = Font(name=decree30.FONT, bold=True, size=13)
    for column, header in enumerate(SUMMARY_HEADER, start=1):
        cell = write_xlsx_cell(sheet, 3, column, header)
        cell.font = Font(name=decree30.FONT, bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for index, reminder in enumerate(reminders, start=1):
        row = reminder.row
        values = (
            index, reminder.agency_code, reminder.name, row["kind_label"],
            row["plan_status_label"], row["inventory_date"], row["consolidation_pct"],
            row["scheduled_pct"], row["servers_remaining"], " ".join(reminder.items),
        )  # fmt: skip
        # LibreOffice and Excel do not grow a row for wrapped text written by openpyxl
        sheet.row_dimensions[3 + index].height = 16 * max(1, -(-len(values[-1]) // 85))
        for column, value in enumerate(values, start=1):
            cell = write_xlsx_cell(sheet, 3 + index, column, value)
            cell.font = Font(name=decree30.FONT)
            cell.alignment = Alignment(vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif column in (7, 8):
                cell.number_format = "0.0"
            elif isinstance(value, int):
                cell.number_format = "#,##0"
            if column in (3, 10):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJ", (6, 14, 36, 18, 16, 14, 12, 12, 12, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    # printed on A4 landscape, every column on one page's width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def letter_file_name(index: int, agency_code: str) -> str:
    """cong_van_001_UBND-09187.docx: numbered in the summary's order, the code kept safe."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", agency_code)
    return f"cong_van_{index:03d}_{safe}.docx"


def reminder_files(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, year: int | None = None
) -> dict[str, bytes]:
    """Every file of the reminders as of `as_of`: each letter and the summary, by file name."""
    reminders = reminders_as_of(con, as_of)
    files = {
        letter_file_name(index, r.agency_code): decree30.to_bytes(build_letter(r, as_of, year))
        for index, r in enumerate(reminders, start=1)
    }
    files[SUMMARY_NAME] = summary_workbook(reminders, as_of)
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files as one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def resolve_as_of(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> dt.date:
    """`as_of`, or the latest report date; ExportError when there is none."""
    if as_of is not None:
        return as_of
    dates = report_dates(con)
    if not dates:
        raise ExportError(
            "Chưa có số liệu nào của các đơn vị: chưa lập được công văn đôn đốc. Đề nghị tải "
            "biểu mẫu của các đơn vị lên trước."
        )
    return dates[-1]


def reminders_zip_bytes(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> bytes:
    """The zip of the letters and the summary as of `as_of`, from an open connection (the app's)."""
    return zip_bytes(reminder_files(con, as_of))


def reminders_zip(db_path: Path | None, as_of: dt.date | None) -> bytes:
    """The zip of the letters and the summary as of `as_of` (None: the latest report date)."""
    with read_only_database(db_path) as con:
        return reminders_zip_bytes(con, resolve_as_of(con, as_of))


def _as_of(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise argparse.ArgumentTypeError(
            f"ngày “{text}” không hợp lệ, hãy viết theo dạng YYYY-MM-DD (ví dụ 2026-09-30)"
        )
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” không tồn tại") from None


def add_command(subparsers) -> None:
    """Register `reminders` on the subparsers of `python -m exports`."""
    command = subparsers.add_parser(
        "reminders",
        help="công văn đôn đốc các đơn vị chậm tiến độ (Word) và danh sách (Excel)",
        description="Lập công văn đôn đốc cho từng đơn vị chậm tiến độ, danh sách tổng hợp và "
        "một tệp .zip chứa tất cả, ghi vào THƯ_MỤC.",
    )
    command.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        metavar="YYYY-MM-DD",
        help="tính đến ngày này (mặc định: ngày số liệu mới nhất)",
    )
    add_database_option(command)  # the one --db of every export command
    command.add_argument(
        "--out", type=Path, required=True, metavar="THƯ_MỤC", help="thư mục sẽ ghi các tệp"
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the letters, the summary and the zip into args.out; 0 written, 1 failed."""
    try:
        with read_only_database(args.db) as con:
            as_of = resolve_as_of(con, args.as_of)
            files = reminder_files(con, as_of)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (args.out / name).write_bytes(content)
        (args.out / reminders_zip_name(as_of)).write_bytes(zip_bytes(files))
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"Không đọc được cơ sở dữ liệu: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không ghi được vào thư mục {args.out}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    letters = len(files) - 1
    print(
        f"Đã ghi {formats.format_number(letters)} công văn đôn đốc (số liệu đến ngày "
        f"{formats.format_date(as_of)}), danh sách {SUMMARY_NAME} và tệp {reminders_zip_name(as_of)} "
        f"vào {args.out}"
    )
    return 0
