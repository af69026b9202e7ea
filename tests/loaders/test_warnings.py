"""Plausibility warnings of forms.md: the file loads, and each warning names its row and column.

Warnings are advisory (as OMB's data-centre validator separates them): they never block a
load, and they are kept with the upload so DST can send them back to the agency.
"""

from __future__ import annotations

from datetime import date

import pytest

from loaders.ingest import IngestResult
from tests.loaders.builders import (
    REPORT_DATE,
    add_form_sheet,
    build,
    describe,
    is_vietnamese,
    last_upload,
    load,
    new_workbook,
    query,
    valid_inventory_row,
    valid_migration_row,
    workbook_bytes,
)

COST = "Chi phí vận hành/năm (VNĐ)"
UTILISATION = "Hiệu suất sử dụng (%)"
CPU = "Số nhân CPU"
TARGET_DATE = "Thời hạn hoàn thành"
DONE_DATE = "Ngày hoàn thành"
SOURCE_ASSET = "Mã tài sản nguồn"


def one_warning(result: IngestResult, row: int, columns: str | set[str]):
    """The only warning of the file: at this Excel row, in (one of) these column headers."""
    allowed = {columns} if isinstance(columns, str) else columns
    assert len(result.warnings) == 1, describe(result)
    warning = result.warnings[0]
    assert warning.level == "warning"
    assert warning.row == row, describe(result)
    assert warning.column in allowed, describe(result)
    assert warning.sheet is not None
    assert is_vietnamese(warning.message), warning.message
    return warning


def inventory(rows, **options) -> tuple[bytes, list[int]]:
    """A Biểu 01 workbook with a title block, and the Excel rows of its data rows."""
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "inventory", rows, title_block=True, **options)
    return workbook_bytes(workbook), layout.data_rows


# -- yearly cost -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["Đang hoạt động", "Không sử dụng"], ids=["active", "idle"])
@pytest.mark.parametrize("cost", [None, 0, "0"], ids=["blank", "zero", "zero as text"])
def test_asset_in_use_without_yearly_cost(db_path, status, cost):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01"),
            valid_inventory_row(asset_code="TC-02", status=status, annual_cost_vnd=cost),
        ]
    )
    result = load(content, db_path)
    one_warning(result, rows[1], COST)
    assert query(db_path, "select count(*) from assets")[0][0] == 2


def test_done_asset_without_yearly_cost_is_no_warning(db_path):
    content, _ = inventory(
        [valid_inventory_row(status="Đã loại bỏ", plan="Loại bỏ", annual_cost_vnd=None)]
    )
    result = load(content, db_path)
    assert result.warnings == [], describe(result)


def test_cost_warning_names_the_header_as_written(db_path):
    content, rows = inventory(
        [valid_inventory_row(annual_cost_vnd=0)],
        headers={"annual_cost_vnd": "Chi phi van hanh hang nam (dong)"},
    )
    result = load(content, db_path)
    one_warning(result, rows[0], "Chi phi van hanh hang nam (dong)")


# -- servers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asset_type", ["Máy chủ vật lý", "Máy chủ ảo"], ids=["physical", "virtual"]
)
def test_active_server_at_zero_utilisation(db_path, asset_type):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01"),
            valid_inventory_row(asset_code="TC-02", asset_type=asset_type, utilization_pct=0),
        ]
    )
    result = load(content, db_path)
    one_warning(result, rows[1], UTILISATION)


@pytest.mark.parametrize(
    ("asset_type", "status", "plan"),
    [
        ("Hệ thống lưu trữ", "Đang hoạt động", "Hợp nhất về TTTHDL"),
        ("Máy chủ vật lý", "Không sử dụng", "Loại bỏ"),
    ],
    ids=["active storage", "idle server"],
)
def test_zero_utilisation_that_is_no_warning(db_path, asset_type, status, plan):
    content, _ = inventory(
        [valid_inventory_row(asset_type=asset_type, status=status, plan=plan, utilization_pct=0)]
    )
    result = load(content, db_path)
    assert result.warnings == [], describe(result)


def test_physical_server_with_zero_cpu_cores(db_path):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01", cpu_cores=0),
            valid_inventory_row(asset_code="TC-02"),
        ]
    )
    result = load(content, db_path)
    one_warning(result, rows[0], CPU)
    assert query(db_path, "select cpu_cores from assets order by asset_code") == [(0,), (16,)]


@pytest.mark.parametrize(
    "asset_type", ["Máy chủ ảo", "Hệ thống lưu trữ"], ids=["virtual", "storage"]
)
def test_zero_cpu_cores_on_other_assets_is_no_warning(db_path, asset_type):
    content, _ = inventory([valid_inventory_row(asset_type=asset_type, cpu_cores=0)])
    result = load(content, db_path)
    assert result.warnings == [], describe(result)


# -- plans -----------------------------------------------------------------------------------------


def test_keep_without_a_reason_in_the_notes(db_path):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01", plan="Giữ lại", note=None),
            valid_inventory_row(
                asset_code="TC-02", plan="Giữ lại", note="Máy chủ an ninh, giữ lại"
            ),
        ]
    )
    result = load(content, db_path)
    one_warning(result, rows[0], {"Phương án", "Ghi chú"})


def test_keep_with_a_blank_looking_note_still_warns(db_path):
    content, rows = inventory([valid_inventory_row(plan="giu lai", note="   ")])
    result = load(content, db_path)
    one_warning(result, rows[0], {"Phương án", "Ghi chú"})


@pytest.mark.parametrize(
    ("status", "plan", "note"),
    [
        ("Đã hợp nhất về TTTHDL", None, None),
        ("Đã chuyển lên đám mây", "Giữ lại", "Đã chuyển theo yêu cầu của Bộ"),
        ("Đã loại bỏ", None, None),
    ],
    ids=["consolidated with blank plan", "cloud with keep plan", "decommissioned with blank plan"],
)
def test_done_status_with_a_blank_or_keep_plan(db_path, status, plan, note):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01"),
            valid_inventory_row(asset_code="TC-02", status=status, plan=plan, note=note),
        ]
    )
    result = load(content, db_path)
    one_warning(result, rows[1], {"Hiện trạng", "Phương án"})


@pytest.mark.parametrize(
    ("status", "plan"),
    [
        ("Đã hợp nhất về TTTHDL", "Hợp nhất về TTTHDL"),
        ("Đã chuyển lên đám mây", "Chuyển lên đám mây"),
        ("Đã loại bỏ", "Loại bỏ"),
        ("Đã hợp nhất về TTTHDL", "Chuyển lên đám mây"),
    ],
    ids=["consolidated as planned", "cloud as planned", "eliminated as planned", "other change"],
)
def test_done_status_with_a_change_plan_is_no_warning(db_path, status, plan):
    content, _ = inventory([valid_inventory_row(status=status, plan=plan)])
    result = load(content, db_path)
    assert result.warnings == [], describe(result)


@pytest.mark.parametrize("status", ["Đang hoạt động", "Không sử dụng"], ids=["active", "idle"])
def test_target_date_passed_while_still_in_use(db_path, status):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01", status=status, target_date="31/03/2026"),
            valid_inventory_row(asset_code="TC-02", status=status, target_date="30/06/2026"),
        ]
    )
    result = load(content, db_path)
    # 31/03 is before the report date 30/06; the report date itself is not overdue
    one_warning(result, rows[0], TARGET_DATE)


def test_target_date_passed_when_done_is_no_warning(db_path):
    content, _ = inventory(
        [valid_inventory_row(status="Đã hợp nhất về TTTHDL", target_date="31/03/2026")]
    )
    result = load(content, db_path)
    assert result.warnings == [], describe(result)


def test_overdue_depends_on_the_report_date(db_path):
    content, rows = inventory([valid_inventory_row(target_date="31/03/2026")])
    early = load(content, db_path, report_date=date(2026, 3, 1))
    assert early.warnings == [], describe(early)
    late = load(content, db_path, report_date=date(2026, 4, 1))
    one_warning(late, rows[0], TARGET_DATE)


# -- migrations ------------------------------------------------------------------------------------


def test_migration_done_date_after_the_report_date(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(system_code="HT-01", stage="Đã chuyển đổi", done_date="15/07/2026"),
            valid_migration_row(system_code="HT-02", stage="Đã chuyển đổi", done_date="30/06/2026"),
        ],
        title_block=True,
    )
    result = load(workbook_bytes(workbook), db_path)
    warning = one_warning(result, layout.data_rows[0], DONE_DATE)
    assert warning.value == "15/07/2026"


def test_source_asset_the_agency_never_reported(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "migrations",
        [valid_migration_row(source_asset_code="TC-404")],
        headers={"source_asset_code": "Mã tài sản nguồn (Biểu 01)"},
    )
    result = load(workbook_bytes(workbook), db_path)
    warning = one_warning(result, layout.data_rows[0], "Mã tài sản nguồn (Biểu 01)")
    assert warning.value == "TC-404"
    assert warning.agency_code == "SO-TC"


def test_source_asset_reported_in_the_same_file_is_fine(db_path):
    workbook = new_workbook()
    add_form_sheet(workbook, "migrations", [valid_migration_row(source_asset_code="TC-07")])
    add_form_sheet(workbook, "inventory", [valid_inventory_row(asset_code="TC-07")])
    result = load(workbook_bytes(workbook), db_path)
    assert result.warnings == [], describe(result)


def test_source_asset_reported_in_an_earlier_upload_is_fine(db_path):
    load(
        build("inventory", [valid_inventory_row(asset_code="TC-07")]),
        db_path,
        report_date=date(2026, 1, 15),
    )
    result = load(build("migrations", [valid_migration_row(source_asset_code="TC-07")]), db_path)
    assert result.warnings == [], describe(result)


def test_source_asset_reported_only_by_another_agency_warns(db_path):
    load(
        build("inventory", [valid_inventory_row(agency_code="SO-TP", asset_code="TC-07")]), db_path
    )
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "migrations",
        [valid_migration_row(agency_code="SO-TC", source_asset_code="TC-07")],
    )
    result = load(workbook_bytes(workbook), db_path)
    one_warning(result, layout.data_rows[0], SOURCE_ASSET)


# -- kept with the upload --------------------------------------------------------------------------


def test_warnings_are_kept_with_the_upload(db_path):
    content, rows = inventory(
        [
            valid_inventory_row(asset_code="TC-01", annual_cost_vnd=0),
            valid_inventory_row(asset_code="TC-02", cpu_cores=0),
        ]
    )
    result = load(content, db_path)
    assert sorted((w.row, w.column) for w in result.warnings) == [(rows[0], COST), (rows[1], CPU)]
    upload = last_upload(db_path)
    assert upload["status"] == "loaded"
    assert upload["warning_count"] == 2
    assert upload["error_count"] == 0
    assert upload["report_date"] == REPORT_DATE
    kept = sorted(
        (m["level"], m["sheet"], m["row"], m["column"], m["agency_code"])
        for m in upload["messages"]
    )
    assert kept == [
        ("warning", "Biểu 01 - Máy chủ", rows[0], COST, "SO-TC"),
        ("warning", "Biểu 01 - Máy chủ", rows[1], CPU, "SO-TC"),
    ]


def test_many_warnings_on_one_row_are_all_listed(db_path):
    content, rows = inventory(
        [
            valid_inventory_row(
                cpu_cores=0,
                utilization_pct=0,
                annual_cost_vnd=None,
                target_date="01/01/2026",
                plan="Giữ lại",
            )
        ]
    )
    result = load(content, db_path)
    assert {w.row for w in result.warnings} == {rows[0]}
    assert len(result.warnings) == 5, describe(result)
    assert {COST, UTILISATION, CPU, TARGET_DATE} <= {w.column for w in result.warnings}
