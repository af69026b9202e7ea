"""The vocabulary of the forms: each enumeration's machine values and Vietnamese labels.

The one place for these labels. The loaders read spreadsheets with them, the queries label
their results with them, the pages and charts show them. Plain data, imports nothing of the
project.
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
    "ndc": "Trung tâm dữ liệu quốc gia",
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
    "data_centre": "Trung tâm dữ liệu",
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
