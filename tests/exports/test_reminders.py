"""Reminder letters: one per late agency naming what it misses, a summary table, and a zip."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from exports import reminders
from tests.exports.documents import (
    all_text,
    assert_decree30_layout,
    open_docx,
    run_command,
    wording_problems,
)


@pytest.fixture(scope="module")
def written(fixture_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("reminders")
    status = run_command(
        reminders,
        ["reminders", "--as-of", "2026-09-30", "--db", str(fixture_db), "--out", str(out)],
    )
    assert status == 0
    return out


def _letter(folder, agency_code):
    (path,) = folder.glob(f"cong_van_*_{agency_code}.docx")
    return open_docx(path)


def test_one_letter_per_late_agency_and_a_zip(written):
    letters = sorted(written.glob("cong_van_*.docx"))
    # on 30/09/2026 all 117 required agencies are late (the fixture's three and 114 silent ones)
    assert len(letters) == 117
    with zipfile.ZipFile(written / "cong_van_don_doc_2026-09-30.zip") as archive:
        names = archive.namelist()
    assert len(names) == 118 and reminders.SUMMARY_NAME in names


def test_letter_layout_and_addressee(written):
    letter = _letter(written, "SO-TC")
    assert_decree30_layout(letter)
    text = all_text(letter)
    assert "V/v đôn đốc hợp nhất hạ tầng thông tin, hạ tầng số" in text
    assert "Kính gửi: Sở Tài chính." in text
    assert "trước ngày 31/12/2026" in text
    assert wording_problems(text) == []


def test_letters_name_what_is_missing(written):
    # SO-TC: plan approved, Biểu 01 on 30/09, 1 of its 2 servers to change done: behind only
    so_tc = all_text(_letter(written, "SO-TC"))
    assert "Chưa gửi phương án" not in so_tc and "Chưa báo cáo Biểu 01" not in so_tc
    assert (
        "Tiến độ hợp nhất máy chủ của đơn vị đạt 50,0% (1 trên 2 máy chủ phải xử lý theo "
        "phương án), thấp hơn kế hoạch 66,5% đến ngày 30/09/2026; còn 1 máy chủ riêng lẻ"
    ) in so_tc
    # UBND-09187: its plan says "Chưa gửi", last Biểu 01 on 31/03, KB-01 still active
    kinh_bac = all_text(_letter(written, "UBND-09187"))
    assert "Kính gửi: UBND phường Kinh Bắc." in kinh_bac
    assert "Chưa gửi phương án" in kinh_bac and "ghi “Chưa gửi”" in kinh_bac
    assert (
        "Chưa báo cáo Biểu 01 trong kỳ báo cáo 6 tháng cuối năm 2026 (Biểu 01 gần nhất là "
        "của ngày 31/03/2026)"
    ) in kinh_bac
    assert "đạt 0,0% (0 trên 1 máy chủ" in kinh_bac
    # VP-UBND sent nothing; TTTHDL-BN (a data centre) reported Biểu 01 but no plan
    office = all_text(_letter(written, "VP-UBND"))
    assert "Chưa gửi phương án" in office and "Chưa báo cáo Biểu 01 – Danh mục" in office
    assert "Tiến độ hợp nhất máy chủ của đơn vị" not in office
    centre = all_text(_letter(written, "TTTHDL-BN"))
    assert "Chưa gửi phương án" in centre
    assert "Biểu 01" not in centre.split("cụ thể:")[1].split("Đề nghị")[0]


def test_summary_table(written):
    sheet = openpyxl.load_workbook(written / reminders.SUMMARY_NAME).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert len(rows) == 117
    so_tc = rows["SO-TC"]
    assert so_tc[2] == "Sở Tài chính" and so_tc[4] == "Đã phê duyệt"
    assert (so_tc[6], so_tc[7], so_tc[8]) == (50.0, 66.5, 1)  # numbers stay numbers
    assert rows["VP-UBND"][5] is None and rows["VP-UBND"][4] == "Chưa có"


def test_zip_for_the_button(fixture_db):
    content = reminders.reminders_zip(fixture_db, None)  # the latest report date: 30/09/2026
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(n.endswith(".docx") for n in archive.namelist()) == 117


def test_no_letter_before_the_plans_deadline(fixture_db, tmp_path):
    status = run_command(
        reminders,
        ["reminders", "--as-of", "2026-03-31", "--db", str(fixture_db), "--out", str(tmp_path)],
    )
    assert status == 0
    assert not list(tmp_path.glob("cong_van_*.docx"))
    assert (tmp_path / reminders.SUMMARY_NAME).exists()
