"""`python -m exports`: exit codes and Vietnamese messages, help included."""

from __future__ import annotations

import re

import pytest

from exports.__main__ import main
from tests.wording import english_words
from vocabulary import FORMER_PROVINCE


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's usage errors and --help
        status = exit_.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_help_is_vietnamese(capsys):
    status, out, _ = _run(capsys, "deck", "--help")
    assert status == 0
    assert out.startswith("Cách dùng: python -m exports deck")
    assert "--out TỆP.pptx" in out and "--kinds" in out
    # what a user types stays as typed: options, the command, paths, the filters' keys
    typed = r"--?[\w-]+|python -m exports deck|data/dashboard\.duckdb|DASHBOARD_DB|\.pptx|"
    typed += "|".join(["department", "police", "data_centre", "commune", "bac-ninh", "bac-giang"])
    assert english_words(re.sub(typed, " ", out)) == []


def test_written_deck_exits_0(capsys, fixture_db, tmp_path):
    out = tmp_path / "hop" / "tai-lieu.pptx"
    status, printed, _ = _run(capsys, "deck", "--db", str(fixture_db), "--out", str(out))
    assert status == 0 and out.stat().st_size > 30_000
    assert printed.startswith(f"Đã ghi tài liệu họp {out}: ")
    assert "Số liệu đến ngày 30/09/2026 — toàn tỉnh" in printed


def test_an_earlier_date_and_filters(capsys, fixture_db, tmp_path):
    out = tmp_path / "d.pptx"
    status, printed, _ = _run(
        capsys, "deck", "--db", str(fixture_db), "--as-of", "2026-03-31",
        "--provinces", "bac-giang", "--agencies", "SO-TC", "--out", str(out),
    )  # fmt: skip
    assert status == 0, printed
    assert (
        f"Số liệu đến ngày 31/03/2026 — {FORMER_PROVINCE.lower()}: Bắc Giang; 1 đơn vị được chọn"
        in printed
    )


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["deck", "--out", "x.pptx", "--db", "/khong/co.duckdb"], 1,
         "Không tìm thấy cơ sở dữ liệu tại /khong/co.duckdb"),
        (["deck", "--out", "x.docx"], 2, "phải có đuôi .pptx"),
        (["deck"], 2, "Lệnh không đúng cú pháp: thiếu --out"),
        (["deck", "--out", "x.pptx", "--as-of", "30/09/2026"], 2, "ngày “30/09/2026” không hợp lệ"),
        (["deck", "--out", "x.pptx", "--kinds", "school"], 2, "không có nhóm đơn vị “school”"),
        (["deck", "--out", "x.pptx", "--agencies", "SO-KHONG"], 1,
         "Không có đơn vị mã “SO-KHONG” trong danh mục đơn vị"),
        (["slides"], 2, "không có lệnh 'slides'"),
    ],
    ids=["no-database", "not-pptx", "no-out", "bad-date", "bad-kind", "bad-agency", "bad-command"],
)  # fmt: skip
def test_failures_are_said_in_vietnamese(
    capsys, fixture_db, monkeypatch, tmp_path, argv, status, message
):
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, *argv)
    assert code == status
    assert message in err
    assert "Traceback" not in err and out == ""


def test_a_database_without_data_exits_1(capsys, empty_db, tmp_path):
    status, _, err = _run(capsys, "deck", "--db", str(empty_db), "--out", str(tmp_path / "d.pptx"))
    assert status == 1
    assert err.strip() == "Cơ sở dữ liệu chưa có số liệu nào: đề nghị nạp biểu mẫu trước."
