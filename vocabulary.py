"""The vocabulary of the forms: each enumeration's machine values and Vietnamese labels.

The one place for these labels. The loaders read spreadsheets with them, the queries label
their results with them, the pages and charts show them. Below them, the names the glossary
(../shared/spec/glossary.md) fixes for the product, the centres, the platforms and the terms
every page uses, so the next change of wording is one edit. Plain data, imports nothing of
the project.
"""

from datetime import date

ASSET_TYPES: dict[str, str] = {
    "physical_server": "Máy chủ vật lý",
    "virtual_server": "Máy chủ ảo",
    "storage": "Hệ thống lưu trữ",
}
ASSET_STATUSES: dict[str, str] = {
    "active": "Đang hoạt động",
    "idle": "Không sử dụng",
    "consolidated": "Đã hợp nhất về TTTHDL",
    "cloud": "Đã chuyển lên đám mây",
    "decommissioned": "Đã loại bỏ",
}
ASSET_PLANS: dict[str, str] = {
    "keep": "Giữ lại",
    "consolidate": "Hợp nhất về TTTHDL",
    "cloud": "Chuyển lên đám mây",
    "eliminate": "Loại bỏ",
}
NO_PLAN_LABEL = "Chưa có phương án"
PLAN_STATUSES: dict[str, str] = {
    "not_submitted": "Chưa gửi",
    "submitted": "Đã gửi",
    "revise": "Yêu cầu bổ sung",
    "approved": "Đã phê duyệt",
}
MIGRATION_TARGETS: dict[str, str] = {
    "ttthdl": "TTTHDL tỉnh",
    "cloud": "Đám mây",
    "ndc": "Trung tâm Dữ liệu quốc gia",
}
MIGRATION_STAGES: dict[str, str] = {
    "planned": "Kế hoạch",
    "migrating": "Đang chuyển đổi",
    "migrated": "Đã chuyển đổi",
    "accepted": "Đã nghiệm thu",
    "legacy_off": "Đã tắt hệ thống cũ",
}
# In the order every page lists the agency groups (SQL: db/schema.sql's agency_kind_rank).
AGENCY_KINDS: dict[str, str] = {
    "department": "Sở, ban, ngành",
    "police": "Công an tỉnh",
    "data_centre": "Trung tâm tích hợp dữ liệu",
    "commune": "UBND xã, phường",
}

# Statuses and plans the indicators group (spec/kpis.md "Terms").
DONE_STATUSES = ("consolidated", "cloud", "decommissioned")
CHANGE_PLANS = ("consolidate", "cloud", "eliminate")
MIGRATED_STAGES = ("migrated", "accepted", "legacy_off")
COMMUNE_TYPES: dict[str, str] = {"xa": "Xã", "phuong": "Phường"}

# An asset that is a server (spec/kpis.md "Terms"): what the indicators count.
SERVER_TYPES = ("physical_server", "virtual_server")

# The straight-line consolidation schedule of spec/kpis.md (agencies_at_risk): 0 % due on
# 31/03/2026, which is also the plans' deadline, 100 % on 31/12/2026. The queries measure
# against it and the demo paces its agencies by it.
SCHEDULE_START = date(2026, 3, 31)
SCHEDULE_END = date(2026, 12, 31)

# The names glossary.md fixes, as the provincial directive writes them. A long name is spelled
# out once per page where it is first used, then its abbreviation.
PRODUCT = "hợp nhất hạ tầng thông tin, hạ tầng số"  # what the dashboard tracks
PRODUCT_SHORT = "hạ tầng số"  # where the full name does not fit (the browser's tab)
PROVINCIAL_CENTRE_NAME = "Trung tâm tích hợp dữ liệu tỉnh"
PROVINCIAL_CENTRE = f"{PROVINCIAL_CENTRE_NAME} (TTTHDL)"
FORMER_CENTRES = "Trung tâm tích hợp dữ liệu"  # the two former centres, as an agency group
NATIONAL_CENTRE = MIGRATION_TARGETS["ndc"]
NDXP = "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)"
LGSP = "Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh (LGSP)"
NDOP = "Nền tảng chia sẻ, điều phối, tích hợp dữ liệu quốc gia (NDOP)"
TSLCD = "Mạng truyền số liệu chuyên dùng (TSLCD)"
DST = "Sở Khoa học và Công nghệ"
CHART_SOURCE = "Nguồn: Sở Khoa học và Công nghệ tỉnh Bắc Ninh"
# The 2025 merger of the provinces ("hợp nhất" is kept for the IT consolidation).
FORMER_PROVINCE = "Tỉnh cũ (trước sắp xếp)"
# The denominator of "Tiến độ hợp nhất máy chủ" (plan consolidate, cloud or eliminate).
SERVERS_TO_CHANGE = "máy chủ phải xử lý theo phương án"
# "Tiến độ hợp nhất máy chủ" (the indicator's label, queries/indicators.py) where it does not fit.
CONSOLIDATION_SHORT = "Tiến độ hợp nhất"
MIGRATION_STAGE = "Bước chuyển đổi"  # a system's stage (MIGRATION_STAGES); "giai đoạn" is a phase
REPORT_DATE = "Ngày số liệu"
# Biểu 01's "Hãng, model" as the screen shows it: "model" is an English word.
ASSET_MODEL = "Hãng, kiểu máy"
# The page on which DST loads the agencies' forms (what an empty page points leadership to).
UPDATE_PAGE = "Cập nhật dữ liệu"
FORM_TITLES: dict[str, str] = {  # the headings of spec/forms.md
    "inventory": "Biểu 01 – Danh mục máy chủ, hệ thống lưu trữ",
    "plans": "Biểu 02 – Phương án loại bỏ, hợp nhất máy chủ",
    "migrations": "Biểu 03 – Tiến độ chuyển đổi hệ thống thông tin",
}
