"""Loaders layer: the blank workbook agencies fill in (instructions, the three forms, lists); no Streamlit.

Everything about a column (header, type, bounds, labels, hint) comes from `loaders.forms`, so
the template, the loader and the pages cannot drift apart. The workbook guides typing with
data validation, but the loader stays the judge: it re-checks every value and accepts more
than the dropdowns offer (machine values, commune names, numbers typed as text).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import db
from formats import format_date
from loaders.forms import (
    AGENCY_LIST_HEADING,
    FORMS,
    INSTRUCTIONS_SHEET,
    INSTRUCTIONS_TITLE,
    LISTS_SHEET,
    Column,
    Form,
)
from vocabulary import SCHEDULE_START

YES, NO = "Có", "Không"
REQUIRED_LEGEND = "Ô tiêu đề màu cam: cột bắt buộc"

# Layout of a form sheet: title, a blank row (as in the paper forms), the header row.
TITLE_ROW = 1
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
DATA_ROWS = 500

# Bounds for columns the form leaves open, so Excel still catches a typo like 20266.
MAX_YEAR = 2100
FIRST_DATE, LAST_DATE = date(1990, 1, 1), date(2100, 12, 31)

# Why each form exists, in one sentence for the instruction sheet.
FORM_PURPOSES: dict[str, str] = {
    "inventory": (
        "Mỗi dòng một máy chủ vật lý, máy chủ ảo hoặc hệ thống lưu trữ của đơn vị, kể cả "
        "thiết bị không sử dụng, đã hợp nhất hoặc đã loại bỏ; kèm hiện trạng, phương án xử lý "
        "và thời hạn hoàn thành."
    ),
    "plans": (
        "Mỗi đơn vị một dòng: phương án loại bỏ, hợp nhất máy chủ gửi Sở Khoa học và Công nghệ "
        f"(hạn {format_date(SCHEDULE_START)}). Số máy chủ loại bỏ, hợp nhất về TTTHDL, chuyển "
        "lên đám mây và giữ lại cộng lại phải bằng số máy chủ hiện có."
    ),
    "migrations": (
        "Mỗi dòng một hệ thống thông tin đang hoặc sẽ chuyển về Trung tâm tích hợp dữ liệu "
        "tỉnh (TTTHDL), lên đám mây hoặc về Trung tâm Dữ liệu quốc gia, với bước chuyển đổi "
        "(cột “Giai đoạn”) và các ngày kế hoạch, hoàn thành."
    ),
}

GENERAL_RULES: tuple[str, ...] = (
    "Mỗi biểu nằm trên một trang tính riêng; chỉ cần điền các biểu đơn vị phải báo cáo. Không "
    "sửa, không xóa dòng tiêu đề cột; điền số liệu từ dòng ngay dưới dòng tiêu đề, mỗi dòng một "
    "thiết bị, một đơn vị hoặc một hệ thống. Dòng trống được bỏ qua.",
    "Một tệp có thể chứa số liệu của nhiều đơn vị: mỗi dòng ghi mã của đơn vị ở cột "
    "“Mã đơn vị” (chọn trong danh sách thả xuống; danh mục mã ở cuối trang này).",
    "Ngày số liệu (số liệu tính đến ngày nào) không ghi trong tệp: người tải tệp lên chọn ngày "
    "số liệu khi tải lên (mặc định là ngày tải). Tải lại một biểu của cùng đơn vị với cùng ngày "
    "số liệu sẽ thay thế số liệu đã gửi của biểu đó.",
    "Xã, phường: ghi mã 5 chữ số theo danh mục, ví dụ 09187 (giữ nguyên số 0 ở đầu; các ô mã đã "
    "được định dạng văn bản), hoặc ghi tên xã, phường, có hoặc không có chữ “Xã”, “Phường”, ví "
    "dụ “Phường Kinh Bắc” hoặc “Kinh Bắc”.",
    "Số: nhập số vào ô. Nếu gõ số dạng văn bản thì dùng dấu chấm phân cách hàng nghìn và dấu "
    "phẩy thập phân, ví dụ 1.234.567,5. Số tiền ghi bằng đồng (VNĐ), không ghi đơn vị vào ô.",
    "Ngày: ghi theo dạng ngày/tháng/năm (dd/mm/yyyy), ngày và tháng đủ hai chữ số, ví dụ "
    "15/03/2026.",
    f"Cột Có/Không: chọn “{YES}” hoặc “{NO}”; để trống được hiểu là “{NO}”.",
    "Cột có danh sách thả xuống: chọn một giá trị trong danh sách.",
    "Lưu và gửi tệp ở dạng .xlsx, không đặt mật khẩu. Trong Excel: chọn Tệp > Lưu Như, chọn "
    "kiểu “Sổ làm việc Excel (*.xlsx)”; trong LibreOffice Calc: chọn kiểu “Excel 2007-365 "
    "(.xlsx)” khi lưu, rồi chọn “Giữ định dạng hiện tại” nếu được hỏi.",
    "Tệp có lỗi (thiếu cột bắt buộc, mã đơn vị hoặc xã, phường không có trong danh mục, giá "
    "trị ngoài phạm vi, mã trùng, số máy chủ ở Biểu 02 cộng lại không khớp) bị từ chối toàn "
    "bộ, kèm danh sách lỗi theo trang tính, dòng, cột để đơn vị sửa và gửi lại. Các cảnh báo "
    "(ví dụ thiếu chi phí vận hành) không chặn việc tải lên nhưng được gửi lại để đơn vị rà "
    "soát.",
)

KIND_TEXT: dict[str, str] = {
    "ignore": "Số thứ tự (không được đọc)",
    "text": "Văn bản",
    "agency": "Mã theo danh mục đơn vị",
    "commune": "Mã 5 chữ số (ví dụ 09187) hoặc tên xã, phường",
    "int": "Số nguyên",
    "year": "Năm (4 chữ số)",
    "number": "Số",
    "date": "Ngày (ngày/tháng/năm)",
    "yesno": f"{YES} / {NO} (để trống = {NO})",
}

# Styles. Orange marks a required header; the legend on every sheet says so.
REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
HAIR = Side(style="thin", color="D0D0D0")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CELL_BORDER = Border(left=HAIR, right=HAIR, top=HAIR, bottom=HAIR)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
BOLD = Font(bold=True)

TEXT_FORMAT = "@"  # keeps leading zeros: a commune typed 09187 stays '09187'
DATE_FORMAT = "dd/mm/yyyy"


def form_title(form: Form) -> str:
    """The title row of a form sheet, e.g. 'BIỂU 01 – DANH MỤC MÁY CHỦ, HỆ THỐNG LƯU TRỮ'."""
    return f"{form.code.upper()} – {form.title.upper()}"


def write_template(path: Path, *, data_rows: int = DATA_ROWS) -> None:
    """Write the blank workbook (instructions, one sheet per form, hidden lists) to `path`."""
    build_template(data_rows=data_rows).save(Path(path))


def build_template(*, data_rows: int = DATA_ROWS) -> Workbook:
    """The blank workbook as an openpyxl Workbook (not saved)."""
    # Agencies in the CSV's order (departments, police, centres, then communes): how DST lists them.
    agencies = db.read_reference("agencies")
    communes = db.read_reference("communes").sort("code")
    wb = Workbook()
    instructions = wb.active
    instructions.title = INSTRUCTIONS_SHEET
    form_sheets = [wb.create_sheet(form.sheet_name) for form in FORMS]
    lists = _ListSheet(wb.create_sheet(LISTS_SHEET))
    lists.add("agency_codes", AGENCY_LIST_HEADING, agencies["agency_code"].to_list())
    lists.add("agency_names", "Tên đơn vị", agencies["name"].to_list(), width=50)
    lists.add("commune_codes", "Danh sách mã xã, phường", communes["code"].to_list())
    lists.add("commune_names", "Tên xã, phường", communes["full_name"].to_list(), width=30)
    lists.add("yesno", "Danh sách Có/Không", [YES, NO])
    for form in FORMS:
        for column in form.columns:
            if column.choices:
                # Headed "Danh sách – <header>", never the bare header: a sheet whose row
                # holds a form's key headers would be read as that form by the loader.
                lists.add(
                    _enum_key(column), f"Danh sách – {column.header}", list(column.choices.values())
                )
    lists.sheet.sheet_state = "hidden"

    _write_instructions(
        instructions,
        agencies=list(zip(agencies["agency_code"], agencies["name"], strict=True)),
        communes=list(zip(communes["code"], communes["full_name"], strict=True)),
    )
    for sheet, form in zip(form_sheets, FORMS, strict=True):
        _write_form_sheet(sheet, form, lists, data_rows)

    wb.active = 0
    wb.properties.title = "Biểu mẫu báo cáo máy chủ, hệ thống lưu trữ, chuyển đổi hệ thống"
    wb.properties.creator = "Sở Khoa học và Công nghệ tỉnh Bắc Ninh"
    return wb


def column_type_text(column: Column) -> str:
    """What a cell of `column` holds, in Vietnamese: its type or its allowed labels."""
    if column.kind == "enum" and column.choices:
        return "Chọn một trong: " + "; ".join(column.choices.values())
    return KIND_TEXT[column.kind]


def column_rule_text(column: Column) -> str:
    """The rule of `column`, in Vietnamese: its bounds, its hint, and what it must match."""
    parts: list[str] = []
    if column.kind == "agency":
        parts.append("phải có trong danh mục đơn vị")
    elif column.kind == "commune":
        parts.append("phải có trong danh mục xã, phường")
    elif column.kind == "ignore":
        parts.append("có thể để trống")
    elif column.kind in ("enum", "yesno"):
        parts.append("chọn trong danh sách thả xuống")
    bounds = _bounds_text(column)
    if bounds and not _hint_states_bounds(column):
        parts.append(bounds)
    if column.hint:
        parts.append(column.hint)
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if text else ""


class _ListSheet:
    """The hidden lists: one column per list, remembered as an absolute range for validations."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.ranges: dict[str, str] = {}
        self._next_column = 1

    def add(self, key: str, heading: str, values: Iterable[str], *, width: float = 24) -> None:
        """Write `values` under `heading` in the next free column; one identical list is kept once."""
        if key in self.ranges:
            return
        values = list(values)
        col = self._next_column
        letter = get_column_letter(col)
        heading_cell = self.sheet.cell(row=1, column=col, value=heading)
        heading_cell.font = BOLD
        for offset, value in enumerate(values, start=2):
            cell = self.sheet.cell(row=offset, column=col, value=value)
            cell.number_format = TEXT_FORMAT
        self.sheet.column_dimensions[letter].width = width
        last = len(values) + 1
        # A range, not an inline list: Excel limits inline lists to 255 characters.
        self.ranges[key] = f"{quote_sheetname(self.sheet.title)}!${letter}$2:${letter}${last}"
        self._next_column += 1


def _enum_key(column: Column) -> str:
    """The list key of an enumeration: columns sharing the same labels share one list."""
    assert column.choices is not None
    return "enum:" + "|".join(column.choices.values())


def _number_text(value: float) -> str:
    """A bound as Vietnamese readers write it: 1990, 0, 100, 2,5."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _bounds_text(column: Column) -> str:
    low, high = column.minimum, column.maximum
    if column.kind == "year":
        return f"từ {_number_text(low or 1990)} đến năm của ngày số liệu"
    if low is not None and high is not None:
        return f"từ {_number_text(low)} đến {_number_text(high)}"
    if low is not None:
        return f"từ {_number_text(low)} trở lên"
    if high is not None:
        return f"không quá {_number_text(high)}"
    return ""


def _hint_states_bounds(column: Column) -> bool:
    """True when the hint already spells the bounds out ('1 … 5 (Nghị định 85/2016)')."""
    bounds = [b for b in (column.minimum, column.maximum) if b is not None]
    return bool(bounds) and all(_number_text(b) in column.hint for b in bounds)


def _column_width(column: Column) -> float:
    """Wide enough for the longest word of the header and for typical values of the kind."""
    longest_word = max(len(word) for word in column.header.split())
    by_kind = {
        "ignore": 6,
        "text": 16,
        "agency": 14,
        "commune": 14,
        "int": 11,
        "year": 11,
        "number": 15,
        "date": 13,
        "yesno": 11,
    }
    if column.choices:
        base = max(len(label) for label in column.choices.values()) + 3
    elif column.name in ("note", "systems", "system_name", "model"):
        base = 30 if column.name != "model" else 20
    else:
        base = by_kind[column.kind]
    return float(max(base, longest_word + 3, 9))


def _number_format(column: Column) -> str | None:
    """Display format of a data cell. Excel shows separators in the reader's locale (1.234.567)."""
    if column.kind in ("text", "agency", "commune"):
        return TEXT_FORMAT
    if column.kind == "date":
        return DATE_FORMAT
    if column.kind == "year" or column.name == "security_level":
        return "0"  # a year or a level, never "2.019"
    if column.kind == "int" or column.name.endswith("_vnd"):
        return "#,##0"
    return None  # General: 4,5 TB or 35,5 % shows as typed


def _validation(column: Column, lists: _ListSheet) -> DataValidation | None:
    """The data validation that guides typing in `column`, with its Vietnamese prompt."""
    title = column.header[:32]  # Excel's limit on a prompt title
    prompt = f"{'Bắt buộc. ' if column.required else ''}{column_type_text(column)}"
    rule = column_rule_text(column)
    if rule and column.kind != "ignore":
        prompt += f". {rule}"
    prompt = prompt[:255]  # Excel's limit on a prompt
    common = {
        "allow_blank": True,  # required-ness is checked per row by the loader, not per cell
        "showInputMessage": True,
        "showErrorMessage": True,
        "promptTitle": title,
        "prompt": prompt,
        "errorTitle": "Giá trị không hợp lệ",
    }
    low, high = column.minimum, column.maximum
    if column.kind == "agency":
        return DataValidation(
            type="list",
            formula1=lists.ranges["agency_codes"],
            error=f"Đề nghị chọn mã đơn vị trong danh sách (danh mục ở cuối trang “{INSTRUCTIONS_SHEET}”).",
            **common,
        )
    if column.kind == "commune":
        # Warning, not stop: the loader also takes a commune's name ("Kinh Bắc").
        return DataValidation(
            type="list",
            formula1=lists.ranges["commune_codes"],
            errorStyle="warning",
            error=(
                "Không phải mã xã, phường trong danh mục. Nếu đây là tên xã, phường, bấm “Có” "
                "để giữ; nếu không, bấm “Không” rồi chọn mã trong danh sách."
            ),
            **common,
        )
    if column.kind == "yesno":
        return DataValidation(
            type="list",
            formula1=lists.ranges["yesno"],
            error=f"Đề nghị chọn “{YES}” hoặc “{NO}”.",
            **common,
        )
    if column.kind == "enum":
        return DataValidation(
            type="list",
            formula1=lists.ranges[_enum_key(column)],
            error="Đề nghị chọn một giá trị trong danh sách.",
            **common,
        )
    if column.kind == "year":
        low = low if low is not None else 1990
        return DataValidation(
            type="whole",
            operator="between",
            formula1=_number_text(low),
            formula2=str(MAX_YEAR),
            error=f"Đề nghị nhập năm có 4 chữ số, từ {_number_text(low)} trở đi.",
            **common,
        )
    if column.kind in ("int", "number"):
        kind_word = "số nguyên" if column.kind == "int" else "số"
        excel_type = "whole" if column.kind == "int" else "decimal"
        if low is not None and high is not None:
            return DataValidation(
                type=excel_type,
                operator="between",
                formula1=_number_text(low).replace(",", "."),
                formula2=_number_text(high).replace(",", "."),
                error=f"Đề nghị nhập {kind_word} từ {_number_text(low)} đến {_number_text(high)}.",
                **common,
            )
        if low is not None:
            return DataValidation(
                type=excel_type,
                operator="greaterThanOrEqual",
                formula1=_number_text(low).replace(",", "."),
                error=f"Đề nghị nhập {kind_word} từ {_number_text(low)} trở lên.",
                **common,
            )
        return DataValidation(type=excel_type, error=f"Đề nghị nhập {kind_word}.", **common)
    if column.kind == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1=str(int(to_excel(FIRST_DATE))),
            formula2=str(int(to_excel(LAST_DATE))),
            error="Đề nghị nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2026.",
            **common,
        )
    if column.kind == "text":
        # No restriction, only the prompt: free text, codes and notes.
        return DataValidation(**common)
    return None  # STT: nothing to guide


def _write_form_sheet(sheet: Worksheet, form: Form, lists: _ListSheet, data_rows: int) -> None:
    """Title, blank row, header row, then `data_rows` formatted and validated empty rows."""
    sheet.cell(row=TITLE_ROW, column=1, value=form_title(form)).font = Font(bold=True, size=14)
    legend = sheet.cell(row=TITLE_ROW, column=len(form.columns), value=REQUIRED_LEGEND)
    legend.fill = REQUIRED_FILL
    legend.alignment = Alignment(wrap_text=True, vertical="center")
    legend.font = Font(italic=True)
    sheet.row_dimensions[TITLE_ROW].height = 30

    last_row = FIRST_DATA_ROW + data_rows - 1
    for index, column in enumerate(form.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        header.font = BOLD
        header.alignment = HEADER_ALIGN
        header.border = HEADER_BORDER
        header.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        sheet.column_dimensions[letter].width = _column_width(column)

        number_format = _number_format(column)
        alignment = Alignment(vertical="top", wrap_text=column.name in ("note", "systems"))
        for row in range(FIRST_DATA_ROW, last_row + 1):
            cell = sheet.cell(row=row, column=index)
            cell.border = CELL_BORDER
            cell.alignment = alignment
            if number_format:
                cell.number_format = number_format

        validation = _validation(column, lists)
        if validation is not None:
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
            sheet.add_data_validation(validation)

    sheet.row_dimensions[HEADER_ROW].height = 62  # four lines of a wrapped header
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_instructions(
    sheet: Worksheet, *, agencies: list[tuple[str, str]], communes: list[tuple[str, str]]
) -> None:
    """The instruction sheet: general rules, a table of columns per form, then the code lists."""
    widths = {"A": 34, "B": 16, "C": 48, "D": 60}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    row = 1

    def line(text: str, *, font: Font | None = None) -> None:
        nonlocal row
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = WRAP_TOP
        if font is not None:
            cell.font = font
        # Merged across the table so a long sentence wraps over the sheet's width.
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        # about 175 characters fit on a line of the merged width; a heading's larger font fewer
        per_line = 175 * 11 / (font.size or 11) if font is not None else 175
        lines = max(1, -(-len(text) // int(per_line)))
        sheet.row_dimensions[row].height = (
            16 * lines * (font.size or 11) / 11 if font else 16 * lines
        )
        row += 1

    def table_header(*headings: str) -> None:
        nonlocal row
        for col, heading in enumerate(headings, start=1):
            cell = sheet.cell(row=row, column=col, value=heading)
            cell.font = BOLD
            cell.fill = SECTION_FILL
            cell.border = HEADER_BORDER
            cell.alignment = WRAP_TOP
        row += 1

    line(INSTRUCTIONS_TITLE, font=Font(bold=True, size=14))
    line(
        "Các sở, ban, ngành, UBND các xã, phường, Công an tỉnh và các Trung tâm tích hợp dữ liệu "
        "điền và gửi tệp này về Sở Khoa học và Công nghệ tỉnh Bắc Ninh.",
    )
    row += 1
    line("QUY ĐỊNH CHUNG", font=BOLD)
    for number, rule in enumerate(GENERAL_RULES, start=1):
        line(f"{number}. {rule}")
    legend = sheet.cell(row=row, column=1, value="Cột bắt buộc")
    legend.fill = REQUIRED_FILL
    legend.border = HEADER_BORDER
    sheet.cell(row=row, column=2, value="ô tiêu đề màu cam")
    row += 1
    legend = sheet.cell(row=row, column=1, value="Cột không bắt buộc")
    legend.fill = OPTIONAL_FILL
    legend.border = HEADER_BORDER
    sheet.cell(row=row, column=2, value="ô tiêu đề màu xanh")
    row += 2

    for form in FORMS:
        line(f"{form_title(form)} (trang “{form.sheet_name}”)", font=Font(bold=True, size=12))
        line(FORM_PURPOSES[form.key])
        table_header("Cột", "Bắt buộc", "Kiểu dữ liệu / giá trị cho phép", "Quy tắc")
        for column in form.columns:
            required = "Bắt buộc" if column.required else "Không bắt buộc"
            values = (column.header, required, column_type_text(column), column_rule_text(column))
            # LibreOffice and Excel keep a row's stored height: make room for the wrapped lines
            lines = max(
                -(-len(value) // int(widths[letter] * 1.15)) if value else 1
                for letter, value in zip("ABCD", values, strict=True)
            )
            sheet.row_dimensions[row].height = 15 * max(1, lines)
            for col, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=col, value=value)
                cell.alignment = WRAP_TOP
                cell.border = CELL_BORDER
                if col == 1:
                    cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
            row += 1
        row += 1

    # Visible copies of the code lists: the dropdowns show codes only, and the list sheet
    # is hidden. Headed "Mã" rather than a form's header, so this is never read as a form.
    for title, name_heading, codes in (
        ("DANH MỤC MÃ ĐƠN VỊ", "Tên đơn vị", agencies),
        ("DANH MỤC MÃ XÃ, PHƯỜNG", "Tên xã, phường", communes),
    ):
        line(title, font=Font(bold=True, size=12))
        table_header("Mã", name_heading)
        for code, name in codes:
            sheet.cell(row=row, column=1, value=code).number_format = TEXT_FORMAT
            sheet.cell(row=row, column=2, value=name)
            row += 1
        row += 1
    sheet.freeze_panes = None
    # Printed on landscape pages one sheet wide, headings of the column tables repeated.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
