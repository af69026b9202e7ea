"""Local accounts in the `users` table: only hashes kept, sign-in right and wrong, disabling,
every change a write, and the accounts kept across `rebuild`."""

from __future__ import annotations

import duckdb
import pytest

import db
from accounts import passwords, store
from accounts.roles import User
from tests.accounts.helpers import wording_problems
from tests.conftest import FIRST_DATE, write_fixture_workbook

PASSWORD = "mat-khau-dai-1"


def users_table(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from users order by name").fetchall()
    finally:
        con.close()


def test_the_password_is_kept_only_as_an_argon2_hash(db_path):
    store.add_user("Nguyen.Van.A", "editor", PASSWORD, created_by="pytest", db_path=db_path)
    (row,) = users_table(db_path)
    assert PASSWORD not in repr(row)
    name, role, agency, password_hash, disabled, _, created_by, email = row
    assert (name, role, agency, disabled, created_by, email) == (
        "nguyen.van.a", "editor", None, False, "pytest", None,
    )  # fmt: skip
    assert password_hash.startswith("$argon2id$")
    assert passwords.verify_password(password_hash, PASSWORD)
    # the database file holds no plain password either
    assert PASSWORD.encode() not in db_path.read_bytes()


def test_authenticate_right_and_wrong(db_path):
    store.add_user(
        "so.tc", "agency", PASSWORD, agency_code="SO-TC", created_by="pytest", db_path=db_path
    )
    assert store.authenticate("SO.TC ", PASSWORD, db_path=db_path) == User(
        "so.tc", "agency", "SO-TC"
    )
    assert store.authenticate("so.tc", PASSWORD + "x", db_path=db_path) is None
    assert store.authenticate("khong.co", PASSWORD, db_path=db_path) is None


def test_a_new_password_replaces_the_old(db_path):
    store.add_user("a.b", "viewer", PASSWORD, created_by="pytest", db_path=db_path)
    store.set_password("a.b", "mat-khau-moi-2", db_path=db_path)
    assert store.authenticate("a.b", PASSWORD, db_path=db_path) is None
    assert store.authenticate("a.b", "mat-khau-moi-2", db_path=db_path) is not None


def test_a_disabled_account_cannot_sign_in_and_stays_listed(db_path):
    store.add_user("quan.tri", "admin", PASSWORD, created_by="pytest", db_path=db_path)
    assert store.any_admin(db_path=db_path)
    store.disable_user("quan.tri", db_path=db_path)
    assert store.authenticate("quan.tri", PASSWORD, db_path=db_path) is None
    assert store.get_user("quan.tri", db_path=db_path) is None
    assert not store.any_admin(db_path=db_path)
    assert [(a.name, a.disabled) for a in store.list_users(db_path=db_path)] == [("quan.tri", True)]


def test_every_change_is_a_write_that_swaps_the_file(db_path):
    before = db_path.stat().st_ino
    store.add_user("a.b", "viewer", PASSWORD, created_by="pytest", db_path=db_path)
    assert db_path.stat().st_ino != before  # a new file went live, the old one untouched


@pytest.mark.parametrize(
    ("name", "role", "agency", "message"),
    [
        ("a.b", "viewer", None, "Đã có tài khoản tên “a.b”; đề nghị chọn tên khác."),
        ("A.B", "editor", None, "Đã có tài khoản tên “a.b”; đề nghị chọn tên khác."),
        ("c.d", "agency", None, "Tài khoản vai trò Đơn vị cần mã đơn vị của mình."),
        (
            "c.d",
            "agency",
            "SO-XX",
            "Không có đơn vị mã “SO-XX” trong danh mục đơn vị (data/agencies.csv); đề nghị "
            "kiểm tra lại mã.",
        ),
        (
            "c.d",
            "editor",
            "SO-TC",
            "Chỉ tài khoản vai trò Đơn vị mới gắn với một mã đơn vị.",
        ),
        ("c.d", "boss", None, "Vai trò “boss” không có; đề nghị chọn một trong: viewer, agency, editor, admin."),
        (
            "Nguyễn",
            "viewer",
            None,
            "Tên tài khoản “Nguyễn” không dùng được: đề nghị dùng 2 đến 64 ký tự gồm chữ cái "
            "không dấu, chữ số và các dấu . _ @ - (ví dụ “nguyen.van.a”).",
        ),
    ],
    ids=["taken", "taken in another case", "agency without code", "unknown agency",
         "code on another role", "unknown role", "accented name"],
)  # fmt: skip
def test_refusals_are_vietnamese_and_change_nothing(db_path, name, role, agency, message):
    store.add_user("a.b", "viewer", PASSWORD, created_by="pytest", db_path=db_path)
    before = users_table(db_path)
    with pytest.raises(store.AccountError) as refused:
        store.add_user(
            name, role, PASSWORD, agency_code=agency, created_by="pytest", db_path=db_path
        )
    assert str(refused.value) == message
    assert not wording_problems(message), wording_problems(message)
    assert users_table(db_path) == before


def test_a_short_password_is_refused(db_path):
    with pytest.raises(passwords.PasswordError, match="ít nhất 8 ký tự"):
        store.add_user("a.b", "viewer", "ngan", created_by="pytest", db_path=db_path)
    assert users_table(db_path) == []


def test_no_database_means_no_accounts(tmp_path):
    assert store.list_users(db_path=tmp_path / "none.duckdb") == []
    assert not store.any_admin(db_path=tmp_path / "none.duckdb")
    assert store.authenticate("a", "b", db_path=tmp_path / "none.duckdb") is None


def test_no_account_is_made_where_there_is_no_database(tmp_path):
    # the first start must still rebuild the archive or build the demo there
    with pytest.raises(store.AccountError, match="Chưa có cơ sở dữ liệu tại"):
        store.add_user("a.b", "admin", PASSWORD, created_by="pytest",
                       db_path=tmp_path / "none.duckdb")  # fmt: skip
    assert not (tmp_path / "none.duckdb").exists()


def test_accounts_are_kept_across_rebuild(tmp_path, monkeypatch):
    from loaders.ingest import ingest_file, rebuild

    monkeypatch.delenv("DASHBOARD_ARCHIVE", raising=False)
    path = tmp_path / "dashboard.duckdb"
    workbook = write_fixture_workbook(tmp_path / "bao_cao.xlsx", FIRST_DATE)
    assert ingest_file(workbook, report_date=FIRST_DATE, db_path=path, uploaded_by="pytest").loaded
    store.add_user("quan.tri", "admin", PASSWORD, created_by="pytest", db_path=path)
    store.add_user(
        "so.tc", "agency", PASSWORD, agency_code="SO-TC", created_by="pytest", db_path=path
    )
    store.disable_user("so.tc", db_path=path)
    before = users_table(path)
    assert "users" in db.KEPT_ACROSS_REBUILD

    assert len(rebuild(path)) == 1
    assert users_table(path) == before
    assert store.authenticate("quan.tri", PASSWORD, db_path=path) == User("quan.tri", "admin", None)
