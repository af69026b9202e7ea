"""The six-monthly report: Decree 30 layout, the period's figures in its sentences and tables."""

from __future__ import annotations

import datetime as dt

import pytest

from exports import report
from tests.exports.documents import (
    all_text,
    assert_decree30_layout,
    open_docx,
    run_command,
    wording_problems,
)


@pytest.fixture(scope="module")
def h2_report(fixture_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "bao_cao.docx"
    assert run_command(report, ["report", "--period", "2026-H2", "--db", str(fixture_db),
                                "--out", str(out)]) == 0  # fmt: skip
    return open_docx(out)


def test_periods():
    assert report.parse_period("2026-H2") == report.Period(2026, 2)
    h2 = report.parse_period("2026-H2")
    assert (h2.start, h2.end, h2.name) == (
        dt.date(2026, 7, 1), dt.date(2026, 12, 31), "6 tháng cuối năm 2026"
    )  # fmt: skip
    assert report.parse_period("2026").name == "năm 2026"
    assert report.parse_period("2026-H1").end == dt.date(2026, 6, 30)


def test_report_follows_decree_30(h2_report):
    assert_decree30_layout(h2_report)
    text = all_text(h2_report)
    assert "Số:" in text and "/BC-SKHCN" in text
    assert "V/v báo cáo kết quả hợp nhất hạ tầng thông tin, hạ tầng số" in text
    assert "Kính gửi: Cục Chuyển đổi số quốc gia – Bộ Khoa học và Công nghệ." in text


def test_report_writes_the_period_figures_into_sentences(h2_report):
    text = " ".join(p.text for p in h2_report.paragraphs)
    # period 01/07–31/12/2026: its latest report date is 30/09/2026; the one before, 31/03
    assert "6 tháng cuối năm 2026 (từ ngày 01/07/2026 đến ngày 31/12/2026)" in text
    assert "số liệu đến ngày 30/09/2026" in text
    # 117 required agencies; SO-TC and TTTHDL-BN reported Biểu 01 on 30/09: 2/117 = 1,7%
    assert "do 117 đơn vị phải báo cáo" in text
    assert "1,7% số đơn vị đã báo cáo Biểu 01 trong 6 tháng cuối năm 2026" in text
    # SO-TC's plan only: 1/117 = 0,9%, as on 31/03
    assert "0,9% số đơn vị đã gửi phương án" in text and "không đổi so với ngày 31/03/2026" in text
    # TC-01, TC-02, KB-01 at baseline; TC-02 and KB-01 remain; TC-01 done: 1/3
    assert "Số máy chủ riêng lẻ ban đầu (rà soát hiện trạng) là 3 máy" in text
    assert "còn 2 máy chủ riêng lẻ" in text and "giảm 1 so với ngày 31/03/2026" in text
    assert "đạt 33,3%, tăng 33,3 điểm phần trăm so với ngày 31/03/2026" in text
    assert "so với kế hoạch 66,5% đến ngày này" in text  # 183 of 275 days
    assert "dung lượng lưu trữ đã chuyển là 22,0 TB" in text  # TC-01 2 + TC-03 20
    assert "ban đầu là 115,0 triệu đồng/năm" in text  # 50 + 20 + 30 + 15 million
    # HT-01 migrated and connected, HT-02 migrating: 1 of 2 systems
    assert "2 hệ thống thông tin" in text and "1 hệ thống đã kết nối" in text
    assert "chuyển đổi về TTTHDL, lên đám mây hoặc Trung tâm Dữ liệu quốc gia đạt 50,0%" in text
    assert "1 trên 117 đơn vị đã kết nối Mạng truyền số liệu chuyên dùng" in text
    # active servers on 30/09: TC-02 (monitored) and KB-01 (not)
    assert "1 trên 2 máy chủ đang hoạt động" in text and "đạt 50,0%" in text
    # every agency is late: 116 without a sent plan, 114 without Biểu 01, SO-TC and KB behind
    assert (
        "Có 117 đơn vị chậm tiến độ, trong đó 116 đơn vị chưa gửi phương án, 114 đơn vị "
        "chưa báo cáo Biểu 01, 2 đơn vị có tỷ lệ hợp nhất dưới kế hoạch"
    ) in text


def test_report_tables_hold_the_figures(h2_report):
    groups = next(t for t in h2_report.tables if t.cell(0, 0).text == "Nhóm đơn vị"
                  and t.cell(0, 1).text == "Số đơn vị")  # fmt: skip
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in groups.rows[1:]}
    assert rows["Sở, ban, ngành"][1:] == ["15", "2", "1", "2", "1", "50,0%", "15"]
    assert rows["UBND xã, phường"][1:] == ["99", "1", "1", "1", "0", "0,0%", "99"]
    milestones = next(t for t in h2_report.tables if t.cell(0, 0).text == "Hạn")
    consolidation = next(
        r for r in milestones.rows if r.cells[1].text == "Tiến độ hợp nhất máy chủ"
    )
    assert [c.text for c in consolidation.cells] == [
        "31/12/2026", "Tiến độ hợp nhất máy chủ", "33,3%", "100,0%", "Chậm"
    ]  # fmt: skip


def test_report_is_vietnamese(h2_report):
    assert wording_problems(all_text(h2_report)) == []


def test_annual_period_and_missing_period(fixture_db, tmp_path, capsys):
    out = tmp_path / "nam.docx"
    assert run_command(report, ["report", "--period", "2026", "--db", str(fixture_db),
                                "--out", str(out)]) == 0  # fmt: skip
    assert "số liệu đến ngày 30/09/2026" in all_text(open_docx(out))
    assert run_command(report, ["report", "--period", "2025", "--db", str(fixture_db),
                                "--out", str(tmp_path / "x.docx")]) == 1  # fmt: skip
    message = capsys.readouterr().err
    assert "Chưa có ngày số liệu nào trong kỳ báo cáo năm 2025" in message
    assert not (tmp_path / "x.docx").exists()


def test_first_half_has_no_late_agency(fixture_db, tmp_path):
    out = tmp_path / "h1.docx"
    assert run_command(report, ["report", "--period", "2026-H1", "--db", str(fixture_db),
                                "--out", str(out)]) == 0  # fmt: skip
    text = all_text(open_docx(out))
    assert "số liệu đến ngày 31/03/2026" in text
    assert "chưa đơn vị nào bị tính là chậm tiến độ" in text


def test_wrong_usage_is_vietnamese(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_command(report, ["report", "--period", "2026-H3", "--out", str(tmp_path / "x.docx")])
    assert exit_info.value.code == 2
    assert "kỳ báo cáo “2026-H3” không hợp lệ" in capsys.readouterr().err
    assert (
        run_command(report, ["report", "--period", "2026", "--out", str(tmp_path / "x.pdf")]) == 2
    )
    assert run_command(report, ["report", "--period", "2026", "--db", str(tmp_path / "none.duckdb"),
                                "--out", str(tmp_path / "x.docx")]) == 1  # fmt: skip
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
