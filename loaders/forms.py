"""The three reporting forms of spec/forms.md as data: one place for headers, types and labels.

The loaders validate against these definitions and the template writes them. The
enumerations' labels come from vocabulary.py, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The enumerations live in vocabulary.py (queries and pages use them too); re-exported here
# so a form's definition reads in one place.
from vocabulary import (
    AGENCY_KINDS,
    ASSET_PLANS,
    ASSET_STATUSES,
    ASSET_TYPES,
    CHANGE_PLANS,
    DONE_STATUSES,
    MIGRATED_STAGES,
    MIGRATION_STAGES,
    MIGRATION_TARGETS,
    NO_PLAN_LABEL,
    PLAN_STATUSES,
)

ColumnKind = Literal[
    "ignore", "text", "agency", "commune", "int", "year", "number", "date", "yesno", "enum"
]


__all__ = [
    "AGENCY_KINDS",
    "ASSET_PLANS",
    "ASSET_STATUSES",
    "ASSET_TYPES",
    "CHANGE_PLANS",
    "DONE_STATUSES",
    "MIGRATED_STAGES",
    "MIGRATION_STAGES",
    "MIGRATION_TARGETS",
    "NO_PLAN_LABEL",
    "PLAN_STATUSES",
    "FORMS",
    "FORMS_BY_KEY",
    "INVENTORY",
    "PLANS",
    "MIGRATIONS",
    "Column",
    "Form",
]


@dataclass(frozen=True)
class Column:
    """One column of a form: its canonical header, machine name, type and rule."""

    name: str
    header: str
    kind: ColumnKind
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: dict[str, str] | None = None
    hint: str = ""


@dataclass(frozen=True)
class Form:
    """One reporting form: the sheet it is written to, its table and its columns."""

    key: str  # inventory | plans | migrations, as in messages and JSON
    code: str  # "Biểu 01"
    title: str
    sheet_name: str  # the template's sheet name
    table: str
    key_headers: tuple[str, str]  # the two headers that identify the form's header row
    unique_code: str | None  # unique within one agency's snapshot
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        """The column with machine name `name`."""
        return next(c for c in self.columns if c.name == name)

    @property
    def data_columns(self) -> tuple[Column, ...]:
        """The columns stored in the database (all but STT)."""
        return tuple(c for c in self.columns if c.kind != "ignore")


INVENTORY = Form(
    key="inventory",
    code="Biểu 01",
    title="Danh mục máy chủ, hệ thống lưu trữ",
    sheet_name="Biểu 01 - Máy chủ",
    table="assets",
    key_headers=("Mã đơn vị", "Mã tài sản"),
    unique_code="asset_code",
    columns=(
        Column("stt", "STT", "ignore"),
        Column("agency_code", "Mã đơn vị", "agency", required=True),
        Column("asset_code", "Mã tài sản", "text", required=True, hint="duy nhất trong đơn vị"),
        Column("asset_type", "Loại thiết bị", "enum", required=True, choices=ASSET_TYPES),
        Column("model", "Hãng, model", "text"),
        Column("year_in_service", "Năm đưa vào sử dụng", "year", minimum=1990),
        Column(
            "commune_code",
            "Nơi đặt (mã xã/phường)",
            "commune",
            required=True,
            hint="ghi mã hoặc tên, có hoặc không có chữ “Xã”, “Phường”",
        ),
        Column("cpu_cores", "Số nhân CPU", "int", minimum=0),
        Column("ram_gb", "RAM (GB)", "number", minimum=0),
        Column("storage_tb", "Dung lượng lưu trữ (TB)", "number", minimum=0),
        Column("utilization_pct", "Hiệu suất sử dụng (%)", "number", minimum=0, maximum=100),
        Column(
            "annual_cost_vnd",
            "Chi phí vận hành/năm (VNĐ)",
            "number",
            minimum=0,
            hint="điện, bảo trì, bản quyền",
        ),
        Column("systems", "Hệ thống, ứng dụng đang chạy", "text"),
        Column(
            "security_level",
            "Cấp độ ATTT",
            "int",
            minimum=1,
            maximum=5,
            hint="1 … 5 (Nghị định 85/2016)",
        ),
        Column("soc_monitored", "Giám sát ATTT tập trung", "yesno"),
        Column("central_backup", "Sao lưu tập trung", "yesno"),
        Column("status", "Hiện trạng", "enum", required=True, choices=ASSET_STATUSES),
        Column(
            "plan", "Phương án", "enum", choices=ASSET_PLANS, hint="để trống = chưa có phương án"
        ),
        Column("target_date", "Thời hạn hoàn thành", "date"),
        Column("note", "Ghi chú", "text"),
    ),
)

PLANS = Form(
    key="plans",
    code="Biểu 02",
    title="Phương án loại bỏ, hợp nhất máy chủ",
    sheet_name="Biểu 02 - Phương án",
    table="plans",
    key_headers=("Mã đơn vị", "Tình trạng phương án"),
    unique_code=None,
    columns=(
        Column("agency_code", "Mã đơn vị", "agency", required=True, hint="một dòng mỗi đơn vị"),
        Column(
            "submitted_on", "Ngày gửi", "date", hint="bắt buộc, trừ khi tình trạng là “Chưa gửi”"
        ),
        Column("plan_status", "Tình trạng phương án", "enum", required=True, choices=PLAN_STATUSES),
        Column("servers_total", "Số máy chủ hiện có", "int", minimum=0),
        Column("servers_eliminate", "Số máy chủ loại bỏ", "int", minimum=0),
        Column("servers_consolidate", "Số máy chủ hợp nhất về TTTHDL", "int", minimum=0),
        Column("servers_cloud", "Số máy chủ chuyển lên đám mây", "int", minimum=0),
        Column(
            "servers_keep",
            "Số máy chủ giữ lại",
            "int",
            minimum=0,
            hint="bốn số cộng lại bằng số máy chủ hiện có",
        ),
        Column("budget_vnd", "Kinh phí thực hiện (VNĐ)", "number", minimum=0),
        Column("planned_savings_vnd", "Tiết kiệm dự kiến/năm (VNĐ)", "number", minimum=0),
        Column(
            "tslcd_connected",
            "Đã kết nối mạng TSLCD",
            "yesno",
            hint="Mạng truyền số liệu chuyên dùng",
        ),
        Column("note", "Ghi chú", "text"),
    ),
)

MIGRATIONS = Form(
    key="migrations",
    code="Biểu 03",
    title="Tiến độ chuyển đổi hệ thống thông tin",
    sheet_name="Biểu 03 - Hệ thống",
    table="migrations",
    key_headers=("Mã hệ thống", "Giai đoạn"),
    unique_code="system_code",
    columns=(
        Column("system_code", "Mã hệ thống", "text", required=True, hint="duy nhất trong đơn vị"),
        Column("system_name", "Tên hệ thống", "text", required=True),
        Column("agency_code", "Mã đơn vị", "agency", required=True),
        Column(
            "source_asset_code", "Mã tài sản nguồn", "text", hint="mã tài sản của đơn vị ở Biểu 01"
        ),
        Column("target", "Nơi chuyển đến", "enum", required=True, choices=MIGRATION_TARGETS),
        Column("stage", "Giai đoạn", "enum", required=True, choices=MIGRATION_STAGES),
        Column("planned_date", "Ngày kế hoạch", "date"),
        Column(
            "done_date",
            "Ngày hoàn thành",
            "date",
            hint="bắt buộc khi cột “Giai đoạn” từ “Đã chuyển đổi” trở đi",
        ),
        Column("ndxp_connected", "Kết nối NDXP/LGSP", "yesno"),
        Column("soc_monitored", "Giám sát ATTT tập trung", "yesno"),
        Column("security_level", "Cấp độ ATTT", "int", minimum=1, maximum=5),
        Column("note", "Ghi chú", "text"),
    ),
)

FORMS: tuple[Form, ...] = (INVENTORY, PLANS, MIGRATIONS)
FORMS_BY_KEY: dict[str, Form] = {f.key: f for f in FORMS}

# -- the template's own sheets (loaders/template.py writes them; here, without openpyxl, for the
# loader, which passes over them)

INSTRUCTIONS_SHEET = "Hướng dẫn"
INSTRUCTIONS_TITLE = (
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO MÁY CHỦ, HỆ THỐNG LƯU TRỮ VÀ CHUYỂN ĐỔI HỆ THỐNG THÔNG TIN"
)
# Hidden, not "very hidden": DST staff can unhide it in Excel to look a code up.
LISTS_SHEET = "Danh mục"
AGENCY_LIST_HEADING = "Danh sách mã đơn vị"  # the heading of its first list, in A1
# The template's own sheets, which hold no form, by name → the text of their A1. The loader
# passes over them without a warning only when both agree: an agency's own sheet that happens
# to bear one of these names is reported like any other sheet without a form.
TEMPLATE_SHEETS: dict[str, str] = {
    INSTRUCTIONS_SHEET: INSTRUCTIONS_TITLE,
    LISTS_SHEET: AGENCY_LIST_HEADING,
}
