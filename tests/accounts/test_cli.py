"""`python -m loaders user add|list|passwd|disable` as DST runs it: the password from stdin,
Vietnamese refusals, exit status 0/1/2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from accounts import store
from accounts.roles import User
from tests.accounts.helpers import wording_problems
from tests.commands import run_module

PASSWORD = "mat-khau-dai-1"


def user(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `python -m loaders user ARGS --db db`."""
    return run_module("loaders", "user", *args, "--db", str(db), stdin=stdin,
                      env={"DASHBOARD_ARCHIVE": None})  # fmt: skip


def test_add_list_passwd_disable(db_path):
    added = user("add", "Quan.Tri", "--role", "admin", db=db_path, stdin=PASSWORD + "\n")
    assert (added.returncode, added.stdout, added.stderr) == (
        0, "Đã thêm tài khoản “quan.tri” (Quản trị).\n", "",
    )  # fmt: skip
    added = user("add", "so.tc", "--role", "agency", "--agency", "SO-TC", "--email",
                 "so.tc@bacninh.gov.vn", db=db_path, stdin=PASSWORD + "\n")  # fmt: skip
    assert added.stdout == "Đã thêm tài khoản “so.tc” (Đơn vị, đơn vị SO-TC).\n"
    assert store.authenticate("quan.tri", PASSWORD, db_path=db_path) == User(
        "quan.tri", "admin", None
    )

    listed = user("list", db=db_path)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["Tên", "Vai", "trò", "Đơn", "vị", "Trạng", "thái", "Ngày", "tạo",
                                "Người", "tạo", "Thư", "điện", "tử"]  # fmt: skip
    assert lines[1].startswith("quan.tri  Quản trị  –       đang dùng")
    assert lines[2].startswith("so.tc     Đơn vị    SO-TC   đang dùng")
    assert lines[2].endswith("so.tc@bacninh.gov.vn")
    assert PASSWORD not in listed.stdout and "argon2" not in listed.stdout

    changed = user("passwd", "so.tc", db=db_path, stdin="mat-khau-moi-2\n")
    assert (changed.returncode, changed.stdout) == (
        0, "Đã đặt mật khẩu mới cho tài khoản “so.tc”.\n",
    )  # fmt: skip
    assert store.authenticate("so.tc", "mat-khau-moi-2", db_path=db_path) is not None
    assert store.authenticate("so.tc", PASSWORD, db_path=db_path) is None

    disabled = user("disable", "so.tc", db=db_path)
    assert (disabled.returncode, disabled.stdout) == (0, "Đã khóa tài khoản “so.tc”.\n")
    assert store.authenticate("so.tc", "mat-khau-moi-2", db_path=db_path) is None
    assert "so.tc     Đơn vị    SO-TC   đã khóa" in user("list", db=db_path).stdout


def test_list_with_no_account_says_how_to_make_the_first_admin(db_path):
    listed = user("list", db=db_path)
    assert listed.stdout == (
        "Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: "
        "uv run python -m loaders user add TÊN --role admin\n"
    )


@pytest.mark.parametrize(
    ("args", "stdin", "status", "message"),
    [
        (("add", "a.b", "--role", "agency"), PASSWORD, 2,
         "Lệnh không đúng cú pháp: vai trò agency cần --agency MÃ_ĐƠN_VỊ."),
        (("add", "a.b", "--role", "viewer", "--agency", "SO-TC"), PASSWORD, 2,
         "Lệnh không đúng cú pháp: --agency chỉ dùng với vai trò agency."),
        (("add", "a.b", "--role", "agency", "--agency", "SO-XX"), PASSWORD, 1,
         "Không có đơn vị mã “SO-XX” trong danh mục đơn vị (data/agencies.csv); đề nghị kiểm "
         "tra lại mã. Chưa thay đổi gì."),
        (("add", "co.san", "--role", "viewer"), PASSWORD, 1,
         "Đã có tài khoản tên “co.san”; đề nghị chọn tên khác. Chưa thay đổi gì."),
        (("add", "a.b", "--role", "viewer"), "ngan", 1,
         "Mật khẩu cần ít nhất 8 ký tự. Chưa thay đổi gì."),
        (("passwd", "khong.co"), PASSWORD, 1,
         "Không có tài khoản tên “khong.co”. Chưa thay đổi gì."),
        (("disable", "khong.co"), "", 1, "Không có tài khoản tên “khong.co”. Chưa thay đổi gì."),
    ],
    ids=["agency without code", "code on a viewer", "unknown agency", "name taken",
         "short password", "passwd unknown", "disable unknown"],
)  # fmt: skip
def test_refusals_are_vietnamese_with_their_status(db_path, args, stdin, status, message):
    store.add_user("co.san", "viewer", PASSWORD, created_by="pytest", db_path=db_path)
    before = store.list_users(db_path=db_path)
    process = user(*args, db=db_path, stdin=stdin + "\n")
    assert (process.returncode, process.stderr.strip(), process.stdout) == (status, message, "")
    assert "Traceback" not in process.stderr
    assert not wording_problems(message.replace("MÃ_ĐƠN_VỊ", "")), wording_problems(message)
    assert store.list_users(db_path=db_path) == before


def test_an_unknown_role_is_a_usage_error_with_the_help(db_path):
    process = user("add", "a.b", "--role", "boss", db=db_path, stdin=PASSWORD + "\n")
    assert process.returncode == 2
    first, _, help_text = process.stderr.partition("\n\n")
    assert first == (
        "Lệnh không đúng cú pháp: không có lệnh 'boss'; hãy chọn một trong 'viewer', 'agency', "
        "'editor', 'admin'. Đề nghị sửa lệnh theo cách dùng dưới đây."
    )
    assert help_text.startswith("Cách dùng: python -m loaders user add")
    assert "editor: Biên tập viên (Sở KH&CN)" in " ".join(help_text.split())
