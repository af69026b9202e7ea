"""The appendix workbook: sheets, the mapped indicators' cells, the forms by agency, escaping."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest

from exports import appendix, report
from exports.report import ExportError
from tests.conftest import SECOND_DATE
from tests.exports.documents import run_command, wording_problems
from tests.loaders.builders import build, copy_database, ingest, valid_migration_row

CODE = re.compile(r"[A-Z0-9Đ-]+")
HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def workbook(fixture_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("appendix") / "phu_luc.xlsx"
    assert run_command(report, ["report", "--period", "2026-H2", "--db", str(fixture_db),
                                "--out", str(out)]) == 0  # fmt: skip
    return openpyxl.load_workbook(out)


def test_sheets(workbook):
    assert workbook.sheetnames == [
        "Bìa", "Chỉ tiêu", "Lộ trình", "Biểu 01 - Máy chủ", "Biểu 02 - Phương án",
        "Biểu 03 - Hệ thống", "Đơn vị chậm tiến độ",
    ]  # fmt: skip
    cover = [c.value for c in workbook["Bìa"]["A"] if c.value]
    assert "Kỳ báo cáo 6 tháng cuối năm 2026 (từ 01/07/2026 đến 31/12/2026)" in cover
    assert "Số liệu đến ngày 30/09/2026" in cover


def test_indicator_cells_follow_the_mapping(workbook):
    sheet = workbook["Chỉ tiêu"]
    mapping = {r.kpi: r.row for r in appendix.read_mapping() if r.kpi}
    row = mapping["consolidation_pct"]
    # 31/03: 0 of 3 servers to change done; 30/09: 1 of 3; target 100, milestone late
    assert [sheet.cell(row, c).value for c in range(2, 8)] == [
        "Tiến độ hợp nhất máy chủ", "%", 0.0, 33.3, 100.0, "Chậm"
    ]  # fmt: skip
    assert sheet.cell(row, 5).number_format == '0.0"%"'
    row = mapping["servers_remaining"]
    assert (sheet.cell(row, 4).value, sheet.cell(row, 5).value) == (3, 2)
    assert sheet.cell(mapping["agencies_at_risk"], 5).value == 117
    assert sheet.cell(mapping["annual_cost_baseline_vnd"], 5).value == 115_000_000
    assert sheet.cell(mapping["storage_moved_tb"], 5).value == 22.0
    assert sheet.cell(mapping["plans_submitted_pct"], 5).value == 0.9


def test_forms_by_agency(workbook):
    inventory = {
        r[1]: r for r in workbook["Biểu 01 - Máy chủ"].iter_rows(min_row=5, values_only=True)
    }
    assert set(inventory) == {"SO-TC", "TTTHDL-BN", "UBND-09187"}
    # SO-TC: 2 servers at baseline, 1 left, 1 of 2 done; TC-02 active and monitored
    assert inventory["SO-TC"][5:15] == ("Có", 2, 1, 2, 1, 50.0, 1, 1, 1, 1)
    assert inventory["UBND-09187"][5] == "Không"  # its Biểu 01 is of 31/03
    plans = {
        r[1]: r for r in workbook["Biểu 02 - Phương án"].iter_rows(min_row=5, values_only=True)
    }
    assert plans["SO-TC"][5:9] == ("Đã phê duyệt", 500_000_000, 60_000_000, "Có")
    assert plans["UBND-09187"][5] == "Chưa gửi"
    systems = [r for r in workbook["Biểu 03 - Hệ thống"].iter_rows(min_row=5, values_only=True)]
    assert [(r[4], r[7]) for r in systems] == [
        ("HT-01", "Đã chuyển đổi"),
        ("HT-02", "Đang chuyển đổi"),
    ]
    late = [r for r in workbook["Đơn vị chậm tiến độ"].iter_rows(min_row=5, values_only=True)]
    assert len(late) == 117


def test_text_is_vietnamese(workbook):
    texts = [
        c.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and not CODE.fullmatch(c.value)  # codes are not words
    ]
    assert wording_problems("\n".join(texts)) == []


def test_agency_text_like_a_formula_is_text(fixture_db, tmp_path):
    path = copy_database(fixture_db, tmp_path / "hostile.duckdb")
    row = valid_migration_row(agency_code="UBND-09187", system_code="HT-09", system_name=HOSTILE)
    assert ingest(build("migrations", [row]), path, report_date=SECOND_DATE).loaded
    out = tmp_path / "phu_luc.xlsx"
    assert run_command(report, ["report", "--period", "2026-H2", "--db", str(path),
                                "--out", str(out)]) == 0  # fmt: skip
    sheet = openpyxl.load_workbook(out)["Biểu 03 - Hệ thống"]
    cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if c.value == HOSTILE)
    assert cell.data_type == "s"  # a string, never a formula


def test_a_broken_mapping_is_named(tmp_path):
    path = tmp_path / "report_mapping.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(appendix.MAPPING_COLUMNS)
        writer.writerow(["Chỉ tiêu", "6", "1", "", "khong_co"])
    with pytest.raises(ExportError, match="dòng 2: không có chỉ tiêu “khong_co”"):
        appendix.read_mapping(path)
    path.write_text("sheet,row,stt,label_vi,kpi\nChỉ tiêu,2,1,,consolidation_pct\n", "utf-8")
    with pytest.raises(ExportError, match="dòng “2” không hợp lệ"):
        appendix.read_mapping(path)
