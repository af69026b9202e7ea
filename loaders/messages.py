"""Errors and warnings about an uploaded file: where (sheet, Excel row, column), what, and why.

Every sentence the loaders say to a clerk or to DST staff lives here, once: the templates
below (str.format fields in braces), so the next change of wording is one edit. Each message
to a clerk says what is wrong and what to do ("Đề nghị …"); where (sheet, row, column as
written) travels beside it in `Message` and `describe()` puts it first. `ERRORS`, `WARNINGS`
and `NOTICES` list every template, so tests/loaders/test_wording.py checks each one.
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass
from typing import Any, Literal

import polars as pl

from vocabulary import (
    ASSET_PLANS,
    ASSET_STATUSES,
    DONE_STATUSES,
    MIGRATED_STAGES,
    MIGRATION_STAGES,
)

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Message:
    """One error or warning. `row` is the row number as Excel shows it; `message` is Vietnamese."""

    level: Level
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    agency_code: str | None = None

    @classmethod
    def error(cls, message: str, **where: Any) -> Message:
        """An error: the file will not be loaded."""
        return cls("error", message, **where)

    @classmethod
    def warning(cls, message: str, **where: Any) -> Message:
        """A warning: the file loads; the warning is kept with the upload."""
        return cls("warning", message, **where)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of interfaces.md: sheet, row, column, value, message."""
        data = asdict(self)
        data.pop("level")
        return data

    def describe(self) -> str:
        """One line for a terminal: trang “Biểu 01”, dòng 12, cột “RAM (GB)”: message (giá trị: …)."""
        where = []
        if self.sheet:
            where.append(f"trang “{self.sheet}”")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột “{self.column}”")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value not in (None, ""):
            text += f" (giá trị: “{self.value}”)"
        return text


def _quoted(labels: list[str], last: str = "hoặc") -> str:
    """“A”, “B” hoặc “C”: labels as the dropdowns show them, in document quotation marks."""
    quoted = [f"“{label}”" for label in labels]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"


_IN_USE = _quoted([ASSET_STATUSES["active"], ASSET_STATUSES["idle"]])
_DONE = _quoted([ASSET_STATUSES[s] for s in DONE_STATUSES])
_KEEP = f"“{ASSET_PLANS['keep']}”"
_MIGRATED = f"“{MIGRATION_STAGES[MIGRATED_STAGES[0]]}”"
# What every refusal of a damaged or foreign file suggests: the template, saved as .xlsx.
_RESAVE = (
    "Đề nghị mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dưới dạng .xlsx "
    "(trong Excel: Tệp > Lưu Như, chọn kiểu “Sổ làm việc Excel”) rồi tải lên lại"
)
_USE_TEMPLATE = (
    "Đề nghị dùng tệp mẫu biểu do Sở Khoa học và Công nghệ phát hành, điền số liệu rồi gửi lại"
)

# -- the file as a whole (loaders/workbook.py, loaders/reader.py, loaders/ingest.py) --------

# what to do with a file above the upload limit: also the upload page's words for a file its
# picker would not send (ui/file_picker.py)
SPLIT_LARGE_FILE = (
    "tách số liệu thành nhiều tệp nhỏ hơn (ví dụ mỗi biểu một tệp) rồi tải lên lần lượt"
)
FILE_TOO_LARGE = (
    "Tệp có dung lượng {size} MB, vượt giới hạn {limit} MB của một lần tải lên. Đề nghị "
    + SPLIT_LARGE_FILE
    + "."
)
FILE_PASSWORD = (
    "Tệp được đặt mật khẩu nên hệ thống không đọc được. Đề nghị gỡ mật khẩu (trong Excel: "
    "Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu rồi lưu) và "
    "tải lên lại."
)
_INTO_TEMPLATE = (
    "Đề nghị chép các dòng số liệu vào tệp mẫu biểu (tải ở trang “Cập nhật dữ liệu”), lưu "
    "dưới dạng .xlsx rồi tải lên tệp đó"
)
_SEND_WORKBOOK = "Đề nghị gửi sổ làm việc Excel (.xlsx) mà đơn vị đã điền"
# what a file is when it is no workbook we read (loaders/kinds.py judges by content)
FILE_NOT_A_WORKBOOK = (
    f"Tệp không phải là bảng tính (.xlsx, .ods hoặc .xls), dù tên tệp có thể là .xlsx. {_RESAVE}."
)
FILE_PLAIN_TEXT = (
    f"Tệp là văn bản thuần (dạng CSV hoặc TXT), không phải bảng tính. {_INTO_TEMPLATE}."
)
FILE_EXCEL_LOCK = (
    "Tệp “{name}” không phải là sổ làm việc của đơn vị: đó là tệp tạm Excel tự tạo khi sổ làm "
    "việc đang mở. Đề nghị chọn tệp cùng tên nhưng không có “~$” ở đầu."
)
FILE_PDF = (
    f"Tệp là tài liệu PDF, không đọc được số liệu từ đó. {_SEND_WORKBOOK}, không gửi bản in ra PDF."
)
FILE_PICTURE = (
    "Tệp là ảnh ({picture}), không đọc được số liệu từ ảnh. "
    f"{_SEND_WORKBOOK}, không gửi ảnh chụp hay ảnh quét."
)
FILE_WORD = f"Tệp là văn bản Word, không phải bảng tính. {_INTO_TEMPLATE}."
FILE_POWERPOINT = f"Tệp là bản trình chiếu PowerPoint, không phải bảng tính. {_INTO_TEMPLATE}."
FILE_NO_WORKBOOK = (
    "Tệp không chứa bảng tính Excel (có thể là tệp Word hoặc tệp nén khác được đổi tên thành "
    ".xlsx). Đề nghị tải lên đúng tệp biểu mẫu .xlsx của đơn vị."
)
FILE_DAMAGED = (
    "Tệp bị hỏng nên không đọc được (có thể tệp chưa tải về hết hoặc bị lỗi khi sao chép). "
    f"{_RESAVE}; nếu Excel cũng không mở được tệp, đề nghị lấy lại tệp gốc."
)
FILE_COMPRESSION = f"Tệp được nén theo cách mà hệ thống không đọc được. {_RESAVE}."
FILE_TOO_MANY_PARTS = (
    f"Tệp chứa quá nhiều thành phần, có dấu hiệu là tệp độc hại nên bị từ chối. {_USE_TEMPLATE}."
)
FILE_BOMB = (
    "Tệp khi giải nén vượt quá {limit} MB (có dấu hiệu là tệp độc hại dạng “bom nén”) nên bị "
    f"từ chối. {_USE_TEMPLATE}."
)
FILE_XML_ENTITIES = (
    "Tệp chứa khai báo thực thể XML (ENTITY), thứ mà Excel và LibreOffice không bao giờ ghi "
    "vào bảng tính: đây là dấu hiệu của tệp độc hại (dạng “bom thực thể”) nên tệp bị từ chối. "
    f"{_USE_TEMPLATE}."
)
FILE_NO_FORM = (
    "Tệp không chứa biểu mẫu nào. Đề nghị điền số liệu vào tệp mẫu biểu: cần ít nhất một trang "
    "có dòng tiêu đề của {forms} và số liệu ở các dòng bên dưới."
)
FILE_NO_DATA_ROWS = (
    "Tệp không có dòng số liệu nào. Đề nghị điền số liệu từ dòng ngay dưới dòng tiêu đề của "
    "{forms} rồi gửi lại."
)
FORM_KEY_HEADERS = "{form} ({headers})"  # one item of {forms} above
FORM_NO_DATA_ROWS = (
    "{form} không có dòng số liệu nào. Nếu đơn vị có số liệu của biểu này, đề nghị điền từ "
    "dòng ngay dưới dòng tiêu đề."
)
UNEXPECTED_FAILURE = (
    "Hệ thống gặp lỗi không mong đợi khi xử lý tệp; không có số liệu nào được ghi. Đề nghị gửi "
    "tệp cho Sở Khoa học và Công nghệ (bộ phận quản trị hệ thống) để kiểm tra."
)
OTHER_AGENCY_ROW = (
    "Dòng này là số liệu của đơn vị {agency}; tài khoản của bạn chỉ được nạp số liệu của đơn "
    "vị {own}. Đề nghị bỏ dòng này khỏi tệp, hoặc gửi tệp cho Sở Khoa học và Công nghệ nạp."
)

# -- sheets, header rows and rows that are not data (loaders/reader.py) ---------------------

SHEET_EMPTY = (
    "Trang tính “{sheet}” trống nên được bỏ qua. Nếu đơn vị định báo cáo ở trang này, đề nghị "
    "điền số liệu rồi gửi lại tệp."
)
SHEET_WITHOUT_FORM = (
    "Trang tính “{sheet}” không có dòng tiêu đề của biểu mẫu nào nên được bỏ qua. Nếu trang "
    "này có số liệu cần báo cáo, đề nghị chép số liệu vào trang của biểu tương ứng trong tệp "
    "mẫu biểu, giữ nguyên dòng tiêu đề cột."
)
SHEET_HIDDEN = (
    "Trang tính “{sheet}” đang bị ẩn nhưng chứa {form}; số liệu của trang vẫn được đọc. Đề nghị "
    "kiểm tra số liệu của trang này trước khi gửi."
)
COLUMN_NOT_IN_FORM = (
    "Cột “{column}” không thuộc {form} nên không được đọc. Nếu đây là một cột của biểu, đề nghị "
    "ghi tiêu đề đúng như tệp mẫu biểu."
)
COLUMN_REPEATED = (
    "Cột “{column}” trùng với cột “{first}” đã có nên không được đọc. Đề nghị giữ một cột và "
    "xóa cột còn lại."
)
ROW_BELOW_SIGNATURE = (
    "Dòng nằm dưới khối chữ ký (từ dòng {end_row}) nên không được đọc. Nếu đây là số liệu, đề "
    "nghị chuyển dòng này lên trên khối chữ ký."
)
ROW_TOTALS = "Dòng tổng cộng không được đọc: hệ thống tự cộng số liệu, không cần dòng này."

FORMULA_NOT_COMPUTED = (
    "Ô {cell} có công thức “={formula}” nhưng chưa có giá trị đã tính (tệp được tạo bằng phần "
    "mềm không tính công thức), nên không biết giá trị của ô. Đề nghị mở tệp bằng Excel hoặc "
    "LibreOffice Calc, lưu lại (để công thức được tính) rồi tải lên lại."
)

# -- cells (loaders/validate.py) -------------------------------------------------------------

COLUMN_MISSING = (
    "Thiếu cột bắt buộc “{column}” ở dòng tiêu đề của {form}. Đề nghị thêm cột này, ghi tiêu đề "
    "đúng như tệp mẫu biểu, rồi gửi lại."
)
AGENCY_UNKNOWN = (
    "Mã đơn vị không có trong danh mục đơn vị. Đề nghị chọn mã trong danh sách thả xuống, hoặc "
    "tra mã ở mục “Danh mục mã đơn vị” của trang Hướng dẫn."
)
COMMUNE_UNKNOWN = (
    "Không tìm thấy xã, phường theo mã hoặc tên này. Đề nghị ghi mã 5 chữ số (ví dụ 09187) "
    "hoặc tên xã, phường theo mục “Danh mục mã xã, phường” của trang Hướng dẫn."
)
COMMUNE_SHARED = (
    "Có nhiều xã, phường mang tên này: {communes}. Đề nghị ghi mã xã, phường thay cho tên."
)
CHOICE_UNKNOWN = "Giá trị không thuộc danh sách cho phép. Đề nghị chọn một trong: {choices}."
DATE_UNREADABLE = (
    "Không đọc được ngày. Đề nghị ghi ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
)
YES_NO_UNREADABLE = "Không đọc được giá trị. Đề nghị ghi “Có” hoặc “Không”."
NUMBER_UNREADABLE = "Không đọc được số. Đề nghị ghi một số, ví dụ 1.234.567 hoặc 12,5."
REQUIRED_BLANK = "Thiếu giá trị bắt buộc ở cột “{column}”. Đề nghị điền giá trị vào ô này."
NOT_KNOWN_AS_BLANK = "Giá trị chưa có nên được coi là để trống. Đề nghị điền số liệu khi đã có."
NOT_KNOWN_AS_NO = "Giá trị chưa có nên được coi là “Không”. Đề nghị ghi “Có” hoặc “Không”."
DOT_AS_DECIMAL = (
    "Dấu chấm được hiểu là dấu thập phân. Đề nghị dùng dấu phẩy thập phân theo cách viết Việt "
    "Nam (ví dụ 12,5) để tránh hiểu nhầm."
)
NOT_WHOLE = "Giá trị phải là số nguyên. Đề nghị ghi số nguyên, không có phần thập phân."
OUT_OF_RANGE = "Giá trị phải từ {low} đến {high}. Đề nghị kiểm tra lại số liệu."
BELOW_MINIMUM = "Giá trị không được nhỏ hơn {low}. Đề nghị kiểm tra lại số liệu."
NUMBER_TOO_LARGE = "Số quá lớn: không được lớn hơn {high}. Đề nghị kiểm tra lại số liệu."
CODE_REPEATED = (
    "{label} bị trùng trong cùng đơn vị (đã có ở trang “{first_sheet}”, dòng {first_row}). Đề "
    "nghị đặt mã khác cho một trong hai dòng, hoặc xóa dòng bị lặp."
)

# text typed in a legacy Vietnamese encoding (loaders/encodings.py names it: TCVN3 or VNI)
_CONVERT = (
    "Đề nghị chuyển chữ sang Unicode (ví dụ bằng chức năng chuyển mã của bộ gõ tiếng Việt: "
    "bảng mã nguồn {encoding}, bảng mã đích Unicode) rồi gửi lại"
)
LEGACY_ENCODING_VALUE = (
    "Chữ trong ô có vẻ được gõ bằng bảng mã {encoding}, không phải Unicode, nên "
    f"không đọc được; đọc theo bảng mã đó là “{{reading}}”. {_CONVERT}."
)
LEGACY_ENCODING_TEXT = (
    "Chữ trong ô có vẻ được gõ bằng bảng mã {encoding}, không phải Unicode; đọc "
    f"theo bảng mã đó là “{{reading}}”. Ô vẫn được nạp đúng như đã gõ. {_CONVERT}."
)
ENCODING_NAMES = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI"}

# -- rules of each form (loaders/validate.py) ------------------------------------------------

NO_OPERATING_COST = (
    f"Hiện trạng là {_IN_USE} nhưng chưa có chi phí vận hành/năm. Đề nghị ghi chi phí vận "
    "hành hằng năm (điện, bảo trì, bản quyền) để tính được khoản tiết kiệm khi hợp nhất."
)
ZERO_UTILIZATION = (
    "Máy chủ đang hoạt động nhưng hiệu suất sử dụng là 0%. Đề nghị ghi hiệu suất sử dụng thực tế."
)
ZERO_CPU_CORES = "Máy chủ vật lý có 0 nhân CPU. Đề nghị ghi số nhân CPU thực tế."
KEEP_WITHOUT_REASON = f"Phương án {_KEEP} cần nêu lý do. Đề nghị ghi lý do giữ lại ở cột “Ghi chú”."
DONE_WITHOUT_PLAN = (
    f"Hiện trạng là {_DONE} nhưng cột “Phương án” để trống hoặc ghi {_KEEP}. Đề nghị ghi "
    "phương án đã thực hiện."
)
PAST_TARGET_DATE = (
    "Đã quá thời hạn hoàn thành mà thiết bị vẫn chưa được xử lý. Đề nghị cập nhật hiện trạng "
    "hoặc ghi thời hạn hoàn thành mới."
)
PLAN_ROW_REPEATED = (
    "Đơn vị đã có một dòng phương án trong tệp (trang “{first_sheet}”, dòng {first_row}); mỗi "
    "đơn vị chỉ có một dòng ở Biểu 02. Đề nghị gộp thành một dòng."
)
SUBMITTED_ON_MISSING = (
    "Thiếu ngày gửi phương án (bắt buộc khi phương án đã gửi). Đề nghị ghi ngày gửi, ví dụ "
    "31/03/2026."
)
SERVER_COUNTS_MISMATCH = (
    "Tổng số máy chủ loại bỏ, hợp nhất về TTTHDL, chuyển lên đám mây và giữ lại ({parts}) khác "
    "số máy chủ hiện có ({total}). Đề nghị sửa để bốn số cộng lại bằng số máy chủ hiện có."
)
DONE_DATE_MISSING = (
    f"Thiếu ngày hoàn thành (bắt buộc khi cột “Giai đoạn” từ {_MIGRATED} trở đi). Đề nghị ghi "
    "ngày hoàn thành."
)
DONE_AFTER_REPORT_DATE = "Ngày hoàn thành sau ngày số liệu. Đề nghị kiểm tra lại ngày hoàn thành."
SOURCE_ASSET_UNKNOWN = (
    "Đơn vị chưa từng báo cáo tài sản có mã này ở Biểu 01. Đề nghị kiểm tra lại mã tài sản "
    "nguồn, hoặc báo cáo tài sản này ở Biểu 01."
)

# -- DST's commands: rebuild, roll-back, archive, demo (what DST staff read) ----------------

REBUILD_BAD_ENTRIES = (
    "Không dựng lại được cơ sở dữ liệu: kho lưu tệp có {count} mục không dùng được "
    "({problems}). Cơ sở dữ liệu và kho lưu được giữ nguyên. Đề nghị khôi phục các tệp đó từ "
    "bản sao lưu của kho lưu rồi chạy lại."
)
REBUILD_FILE_REFUSED = (
    "Không dựng lại được cơ sở dữ liệu: tệp “{file_name}” không nạp lại được ({reasons}). Cơ "
    "sở dữ liệu và kho lưu được giữ nguyên. Đề nghị gửi tệp này cho bộ phận quản trị hệ thống."
)
MANIFEST_PROBLEM = "dòng {line}: {problem}"
MANIFEST_UNREADABLE = "dòng không đọc được (không phải JSON)"
MANIFEST_BAD_SHA = "mã SHA-256 “{sha}” không hợp lệ"
MANIFEST_FILE_MISSING = "không có tệp {name} trong kho lưu"
MANIFEST_FILE_CHANGED = "tệp {name} đã bị thay đổi (mã SHA-256 không khớp)"
ARCHIVE_HOLDS_REAL_FILES = (
    "Kho lưu tệp {folder} đang giữ các tệp thật do các đơn vị gửi; dữ liệu mẫu không ghi vào "
    "đó và không xóa chúng. Đề nghị đặt DASHBOARD_ARCHIVE sang một thư mục khác cho dữ liệu mẫu."
)
ARCHIVE_OF_ANOTHER_DATABASE = (
    "Kho lưu tệp {folder} thuộc về cơ sở dữ liệu {owner}, không phải {here}. Đề nghị đặt "
    "DASHBOARD_ARCHIVE sang thư mục riêng cho cơ sở dữ liệu này."
)
ARCHIVE_DEMO_MARK = "Kho lưu tệp của dữ liệu mẫu.\n"
UPLOAD_NAMED = "Lần nạp số {upload_id} (tệp “{file_name}”, {uploaded_at})"
ROLLBACK_NO_SUCH_UPLOAD = (
    "Không có lần nạp số {upload_id}. Đề nghị kiểm tra lại số của lần nạp trong nhật ký tải lên."
)
ROLLBACK_ALREADY_DONE = "{upload} đã được hoàn tác trước đó; không cần hoàn tác lại."
ROLLBACK_OF_REJECTED = (
    "{upload} đã bị từ chối nên không có số liệu nào để hoàn tác; không cần hoàn tác."
)
ROLLBACK_BEFORE_KEPT_ROWS = (
    "{upload} được nạp trước khi hệ thống lưu các dòng bị thay thế, nên không hoàn tác được. Đề "
    "nghị nạp lại tệp đúng thay cho tệp này."
)
ROLLBACK_REPLACED_LATER = (
    "{upload} đã bị lần nạp {later} thay thế một phần. Đề nghị hoàn tác lần nạp đó trước."
)
LATER_UPLOAD = "số {upload_id}"
DEMO_DATABASE_EXISTS = (
    "Cơ sở dữ liệu {path} đã tồn tại. Đề nghị xóa tệp đó trước khi tạo dữ liệu mẫu."
)
DEMO_FILE_REFUSED = "Tệp mẫu {name} bị từ chối ({count} lỗi):\n{details}"
DEMO_SUMMARY = (
    "{files} tệp; {assets} dòng Biểu 01, {plans} dòng Biểu 02, {migrations} dòng Biểu 03; thiết "
    "bị theo ngày số liệu ({per_date}); {warnings} cảnh báo; {seconds} giây"
)

# -- python -m loaders (loaders/__main__.py) -------------------------------------------------

CLI_BAD_DATE = "ngày “{text}” không hợp lệ, đề nghị viết theo dạng YYYY-MM-DD (ví dụ 2026-06-30)"
CLI_FILE_NOT_FOUND = "Không tìm thấy tệp “{path}”. Đề nghị kiểm tra lại đường dẫn."
CLI_OS_FAILURE = "Không thực hiện được với “{path}”: {reason}. Đề nghị {action}."
CLI_TEMPLATE_WRITTEN = "Đã ghi tệp mẫu biểu: {path}"
CLI_REAL_DATA = (
    "Cơ sở dữ liệu {path} đang có số liệu thật. Nếu thật sự muốn thay bằng số liệu mẫu, đề nghị "
    "chạy lại lệnh với --force."
)
CLI_DEMO_BUILT = "Đã tạo cơ sở dữ liệu mẫu {path}: {summary}"
CLI_REBUILT = "Đã nạp lại {count} tệp từ kho lưu."
CLI_INGEST_SUMMARY = (
    "{verdict}: {file_name}, ngày số liệu {report_date}, {rows_read} dòng đọc được, "
    "{rows_loaded} dòng đã nạp."
)
CLI_LOADED = "Đã nạp"
CLI_WOULD_LOAD = "Hợp lệ, có thể nạp (chạy thử, chưa ghi gì)"
CLI_REFUSED = "Bị từ chối, không nạp dòng nào"
CLI_WOULD_REFUSE = "Không hợp lệ (chạy thử)"
CLI_ERRORS = "Lỗi ({count}):"
CLI_WARNINGS = "Cảnh báo ({count}):"
# reasons of an OSError by errno name, then what to do; other errors get the last pair
OS_REASONS: dict[str, tuple[str, str]] = {
    "ENOENT": ("không có tệp hoặc thư mục này", "kiểm tra lại đường dẫn"),
    "EACCES": ("không có quyền đọc hoặc ghi", "chọn thư mục được phép ghi"),
    "EPERM": ("không có quyền đọc hoặc ghi", "chọn thư mục được phép ghi"),
    "ENOSPC": ("ổ đĩa đã đầy", "giải phóng dung lượng ổ đĩa rồi chạy lại"),
    "EISDIR": ("đây là một thư mục, không phải tệp", "ghi đường dẫn đến một tệp"),
    "EROFS": ("ổ đĩa chỉ cho phép đọc", "chọn thư mục được phép ghi"),
    "": ("lỗi của hệ điều hành khi đọc hoặc ghi tệp", "kiểm tra đường dẫn và quyền ghi"),
}

# Every template, by what it is: the tests check each, errors also for a word saying what to do.
ERRORS: tuple[str, ...] = (
    FILE_TOO_LARGE,
    FILE_PASSWORD,
    FILE_NOT_A_WORKBOOK,
    FILE_PLAIN_TEXT,
    FILE_EXCEL_LOCK,
    FILE_PDF,
    FILE_PICTURE,
    FILE_WORD,
    FILE_POWERPOINT,
    FILE_NO_WORKBOOK,
    FILE_DAMAGED,
    FILE_COMPRESSION,
    FILE_TOO_MANY_PARTS,
    FILE_BOMB,
    FILE_XML_ENTITIES,
    FILE_NO_FORM,
    FILE_NO_DATA_ROWS,
    UNEXPECTED_FAILURE,
    OTHER_AGENCY_ROW,
    FORMULA_NOT_COMPUTED,
    COLUMN_MISSING,
    AGENCY_UNKNOWN,
    LEGACY_ENCODING_VALUE,
    COMMUNE_UNKNOWN,
    COMMUNE_SHARED,
    CHOICE_UNKNOWN,
    DATE_UNREADABLE,
    YES_NO_UNREADABLE,
    NUMBER_UNREADABLE,
    REQUIRED_BLANK,
    NOT_WHOLE,
    OUT_OF_RANGE,
    BELOW_MINIMUM,
    NUMBER_TOO_LARGE,
    CODE_REPEATED,
    PLAN_ROW_REPEATED,
    SUBMITTED_ON_MISSING,
    SERVER_COUNTS_MISMATCH,
    DONE_DATE_MISSING,
    REBUILD_BAD_ENTRIES,
    REBUILD_FILE_REFUSED,
    ARCHIVE_HOLDS_REAL_FILES,
    ARCHIVE_OF_ANOTHER_DATABASE,
    ROLLBACK_NO_SUCH_UPLOAD,
    ROLLBACK_ALREADY_DONE,
    ROLLBACK_OF_REJECTED,
    ROLLBACK_BEFORE_KEPT_ROWS,
    ROLLBACK_REPLACED_LATER,
    DEMO_DATABASE_EXISTS,
    CLI_BAD_DATE,
    CLI_FILE_NOT_FOUND,
    CLI_OS_FAILURE,
    CLI_REAL_DATA,
)
WARNINGS: tuple[str, ...] = (
    FORM_NO_DATA_ROWS,
    SHEET_EMPTY,
    SHEET_WITHOUT_FORM,
    SHEET_HIDDEN,
    COLUMN_NOT_IN_FORM,
    COLUMN_REPEATED,
    ROW_BELOW_SIGNATURE,
    ROW_TOTALS,
    NOT_KNOWN_AS_BLANK,
    NOT_KNOWN_AS_NO,
    DOT_AS_DECIMAL,
    LEGACY_ENCODING_TEXT,
    NO_OPERATING_COST,
    ZERO_UTILIZATION,
    ZERO_CPU_CORES,
    KEEP_WITHOUT_REASON,
    DONE_WITHOUT_PLAN,
    PAST_TARGET_DATE,
    DONE_AFTER_REPORT_DATE,
    SOURCE_ASSET_UNKNOWN,
)
# Parts of messages, reports of what was done, and the demo's own texts.
NOTICES: tuple[str, ...] = (
    FORM_KEY_HEADERS,
    MANIFEST_PROBLEM,
    MANIFEST_UNREADABLE,
    MANIFEST_BAD_SHA,
    MANIFEST_FILE_MISSING,
    MANIFEST_FILE_CHANGED,
    ARCHIVE_DEMO_MARK,
    UPLOAD_NAMED,
    LATER_UPLOAD,
    DEMO_FILE_REFUSED,
    DEMO_SUMMARY,
    CLI_TEMPLATE_WRITTEN,
    CLI_DEMO_BUILT,
    CLI_REBUILT,
    CLI_INGEST_SUMMARY,
    CLI_LOADED,
    CLI_WOULD_LOAD,
    CLI_REFUSED,
    CLI_WOULD_REFUSE,
    CLI_ERRORS,
    CLI_WARNINGS,
    *(text for pair in OS_REASONS.values() for text in pair),
)
# Pieces that messages here and on the upload page are made of (checked with the templates).
FRAGMENTS: tuple[str, ...] = (SPLIT_LARGE_FILE,)


def fields(template: str) -> list[str]:
    """The names of a template's fields, in order: "{form} có {count}" → ["form", "count"]."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def as_expr(template: str, **values: pl.Expr | str) -> pl.Expr:
    """A template filled per row: each field from an expression (or one text for all rows)."""
    pieces: list[str] = []
    exprs: list[pl.Expr] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        pieces.append(literal)
        if name is None:
            continue
        value = values[name]
        if isinstance(value, str):
            pieces.append(value)
        else:
            pieces.append("{}")
            exprs.append(value)
    return pl.format("".join(pieces), *exprs) if exprs else pl.lit("".join(pieces))
