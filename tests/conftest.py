"""Shared fixtures: a tiny real database built by the real loaders from workbooks made in code,
and the empty database (reference tables only) that tests copy to write in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import db
from loaders.ingest import ingest_file
from tests.loaders.builders import add_form_sheet, copy_database, new_workbook

FIRST_DATE = date(2026, 3, 31)
SECOND_DATE = date(2026, 9, 30)
D = date

# Two report dates of three agencies: a department that consolidates, a commune that is
# late, and a former data centre (not standalone). Values are chosen so every indicator
# can be worked out by hand (see tests/views/test_overview.py). Each form's columns are
# named once; its rows follow them, one row a line.
INVENTORY_COLUMNS = (
    "agency_code", "asset_code", "asset_type", "commune_code", "cpu_cores", "ram_gb",
    "storage_tb", "utilization_pct", "annual_cost_vnd", "soc_monitored", "central_backup",
    "status", "plan", "note",
)  # fmt: skip
PLAN_COLUMNS = (
    "agency_code", "submitted_on", "plan_status", "servers_total", "servers_eliminate",
    "servers_consolidate", "servers_cloud", "servers_keep", "budget_vnd", "planned_savings_vnd",
    "tslcd_connected",
)  # fmt: skip
MIGRATION_COLUMNS = (
    "system_code", "system_name", "agency_code", "source_asset_code", "target", "stage",
    "planned_date", "done_date", "ndxp_connected", "soc_monitored",
)  # fmt: skip

# fmt: off
INVENTORY_ROWS = {
    FIRST_DATE: [
        ("SO-TC", "TC-01", "Máy chủ vật lý", "07210", 16, 64, 2, 40, 50_000_000, "Có", "Có", "Đang hoạt động", "Hợp nhất về TTTHDL", None),
        ("SO-TC", "TC-02", "Máy chủ ảo", "07210", 4, 16, 1, 30, 20_000_000, "Không", "Có", "Đang hoạt động", "Chuyển lên đám mây", None),
        ("SO-TC", "TC-03", "Hệ thống lưu trữ", "07210", 0, 0, 20, 50, 30_000_000, "Không", "Không", "Đang hoạt động", "Hợp nhất về TTTHDL", None),
        ("UBND-09187", "KB-01", "Máy chủ vật lý", "09187", 8, 32, 1, 20, 15_000_000, "Không", "Không", "Đang hoạt động", "Loại bỏ", None),
        ("TTTHDL-BN", "BN-01", "Máy chủ ảo", "09187", 8, 32, 4, 60, 40_000_000, "Có", "Có", "Đang hoạt động", "Hợp nhất về TTTHDL", None),
    ],
    SECOND_DATE: [
        ("SO-TC", "TC-01", "Máy chủ vật lý", "07210", 16, 64, 2, 40, 50_000_000, "Có", "Có", "Đã hợp nhất về TTTHDL", "Hợp nhất về TTTHDL", None),
        ("SO-TC", "TC-02", "Máy chủ ảo", "07210", 4, 16, 1, 30, 20_000_000, "Có", "Có", "Đang hoạt động", "Chuyển lên đám mây", None),
        ("SO-TC", "TC-03", "Hệ thống lưu trữ", "07210", 0, 0, 20, 50, 30_000_000, "Không", "Không", "Đã hợp nhất về TTTHDL", "Hợp nhất về TTTHDL", None),
        ("TTTHDL-BN", "BN-01", "Máy chủ ảo", "09187", 8, 32, 4, 60, 40_000_000, "Có", "Có", "Đã hợp nhất về TTTHDL", "Hợp nhất về TTTHDL", None),
    ],
}
PLAN_ROWS = {
    FIRST_DATE: [
        ("SO-TC", D(2026, 3, 20), "Đã gửi", 2, 0, 1, 1, 0, 500_000_000, 60_000_000, "Có"),
        ("UBND-09187", None, "Chưa gửi", 1, 1, 0, 0, 0, 0, 0, "Không"),
    ],
    SECOND_DATE: [
        ("SO-TC", D(2026, 3, 20), "Đã phê duyệt", 2, 0, 1, 1, 0, 500_000_000, 60_000_000, "Có"),
    ],
}
MIGRATION_ROWS = {
    FIRST_DATE: [
        ("HT-01", "Hệ thống quản lý văn bản", "SO-TC", "TC-01", "TTTHDL tỉnh", "Kế hoạch", D(2026, 8, 1), None, "Không", "Không"),
    ],
    SECOND_DATE: [
        ("HT-01", "Hệ thống quản lý văn bản", "SO-TC", "TC-01", "TTTHDL tỉnh", "Đã chuyển đổi", D(2026, 8, 1), D(2026, 8, 20), "Có", "Có"),
        ("HT-02", "Cổng thông tin điện tử", "SO-TC", "TC-02", "Đám mây", "Đang chuyển đổi", D(2026, 12, 1), None, "Không", "Có"),
    ],
}
# fmt: on


def write_fixture_workbook(path: Path, report_date: date) -> Path:
    """The fixture's workbook for one report date: the three forms, canonical headers."""
    workbook = new_workbook()
    for form_key, columns, rows in (
        ("inventory", INVENTORY_COLUMNS, INVENTORY_ROWS),
        ("plans", PLAN_COLUMNS, PLAN_ROWS),
        ("migrations", MIGRATION_COLUMNS, MIGRATION_ROWS),
    ):
        add_form_sheet(workbook, form_key, rows[report_date], columns=columns)
    workbook.save(path)
    return path


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A database loaded through `ingest` with the fixture's two report dates."""
    folder = tmp_path_factory.mktemp("fixture_db")
    db_path = folder / "fixture.duckdb"
    for report_date in (FIRST_DATE, SECOND_DATE):
        workbook = write_fixture_workbook(folder / f"bao_cao_{report_date}.xlsx", report_date)
        result = ingest_file(
            workbook, report_date=report_date, db_path=db_path, uploaded_by="dst.test"
        )
        assert result.loaded, [m.describe() for m in result.errors]
    return db_path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    """A database with its reference tables and no data (created once: never write to it)."""
    path = tmp_path_factory.mktemp("empty_db") / "empty.duckdb"
    db.connect(path).close()
    return path


@pytest.fixture
def db_path(empty_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of `empty_db` to write in: cheaper than creating a database per test."""
    return copy_database(empty_db, tmp_path / "dashboard.duckdb")
