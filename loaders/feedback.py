"""Phiếu phản hồi: the agency's own workbook handed back with every error and warning marked.

Each cell an error names is filled red with a comment saying what is wrong and what to do
(warnings in yellow), and a first sheet lists them all with a link to each cell: what DST sends
back to the agency instead of retyping errors into an e-mail. A file that cannot be opened as
a workbook (a PDF, a CSV, a damaged file) gets the list sheet alone. No Streamlit.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

import formats
from exports.cells import sheet_name, write_xlsx_cell
from loaders.ingest import IngestResult
from loaders.messages import Message

LIST_SHEET = "Phiếu phản hồi"
AUTHOR = "Sở Khoa học và Công nghệ"
ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
LEVEL_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
LIST_HEADERS = ("STT", "Mức", "Trang tính", "Dòng", "Cột", "Giá trị", "Nội dung, cách sửa")
LIST_WIDTHS = (6, 11, 22, 8, 26, 24, 90)
HEADER_SEARCH_ROWS = 60  # a header sits in the first rows of its sheet


def _fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def _open(content: bytes) -> Workbook | None:
    """The agency's workbook, or None when openpyxl cannot open it (not an xlsx, damaged)."""
    try:
        return load_workbook(io.BytesIO(content), rich_text=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError):
        return None
    except Exception:  # openpyxl raises many kinds on unusual parts: the list sheet still helps
        return None


def _column_of(sheet: Worksheet, header: str, above_row: int | None) -> int | None:
    """The column whose header reads `header`, searching the rows above the message's row."""
    wanted = _fold(header)
    last = min(HEADER_SEARCH_ROWS, (above_row - 1) if above_row else HEADER_SEARCH_ROWS)
    found = None
    for row in sheet.iter_rows(min_row=1, max_row=max(last, 1)):
        for cell in row:
            if cell.value is not None and _fold(cell.value) == wanted:
                found = cell.column  # the lowest match: the header row nearest the data
    return found


def _mark(book: Workbook, message: Message) -> str | None:
    """Fill and comment the cell a message names; return its reference, or None."""
    if not message.sheet or message.sheet not in book.sheetnames or message.row is None:
        return None
    sheet = book[message.sheet]
    column = _column_of(sheet, message.column, message.row) if message.column else None
    cell = sheet.cell(row=message.row, column=column or 1)
    stronger = message.level == "error" or cell.fill != ERROR_FILL
    if stronger:
        cell.fill = ERROR_FILL if message.level == "error" else WARNING_FILL
    note = f"{LEVEL_LABELS[message.level]}: {message.message}"
    if cell.comment is not None:
        note = cell.comment.text + "\n" + note
    cell.comment = Comment(note, AUTHOR, width=320, height=140)
    return f"{quote_sheetname(sheet.title)}!{cell.coordinate}"


def _write_list(
    sheet: Worksheet, result: IngestResult, marked: Iterable[tuple[Message, str | None]]
) -> None:
    sheet["A1"] = "PHIẾU PHẢN HỒI KẾT QUẢ KIỂM TRA BIỂU MẪU"
    sheet["A1"].font = Font(bold=True, size=14)
    outcome = (
        "Tệp đạt yêu cầu và được nạp."
        if result.loaded
        else "Tệp chưa được nạp: đề nghị sửa các lỗi dưới đây (ô tô đỏ trong các trang tính) "
        "rồi gửi lại."
    )
    facts = [
        ("Tệp", result.file_name),
        ("Ngày số liệu", formats.format_date(result.report_date)),
        ("Kết quả", outcome),
        (
            "Số lỗi, cảnh báo",
            f"{formats.format_number(len(result.errors))} lỗi, "
            f"{formats.format_number(len(result.warnings))} cảnh báo (ô tô vàng: nên kiểm tra "
            "lại, tệp vẫn nạp được)",
        ),
        ("Mã SHA-256", result.sha256),
    ]
    for offset, (label, value) in enumerate(facts, start=3):
        sheet.cell(row=offset, column=1, value=label).font = Font(bold=True)
        write_xlsx_cell(sheet, offset, 3, value)
    first = len(facts) + 4
    for index, header in enumerate(LIST_HEADERS, start=1):
        cell = sheet.cell(row=first, column=index, value=header)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = LIST_WIDTHS[index - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, (message, reference) in enumerate(marked, start=1):
        row = first + number
        values = (
            number,
            LEVEL_LABELS[message.level],
            message.sheet,
            message.row,
            message.column,
            message.value,
            message.message,
        )
        for index, value in enumerate(values, start=1):
            cell = write_xlsx_cell(sheet, row, index, value)
            cell.alignment = wrap
        sheet.cell(row=row, column=2).fill = (
            ERROR_FILL if message.level == "error" else WARNING_FILL
        )
        if reference:
            link = sheet.cell(row=row, column=4)
            link.hyperlink = f"#{reference}"
            link.font = Font(color="0563C1", underline="single")
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.sheet_view.zoomScale = 100


def feedback_workbook(content: bytes, result: IngestResult) -> bytes:
    """The feedback workbook for one checked file: its own sheets marked, a list sheet first."""
    book = _open(content)
    messages = result.errors + result.warnings
    if book is None:
        book = Workbook()
        book.remove(book.active)
        marked = [(m, None) for m in messages]
    else:
        marked = [(m, _mark(book, m)) for m in messages]
    sheet = book.create_sheet(sheet_name(LIST_SHEET, book.sheetnames), 0)
    _write_list(sheet, result, marked)
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
