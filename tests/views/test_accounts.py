"""Tài khoản: only an admin sees the accounts and their forms, even by URL; an admin adds an
account, gives it a new password and disables it, each a write through accounts/store."""

from __future__ import annotations

import pytest

from accounts import store
from accounts.roles import User
from tests.loaders.builders import copy_database
from tests.views import helpers as shown
from tests.views.test_sign_in import PASSWORD, sign_in

REFUSAL = "Tài khoản “nguoi.xem” (vai trò Người xem) không có quyền quản lý tài khoản."


@pytest.fixture
def accounts_db(fixture_db, tmp_path):
    path = copy_database(fixture_db, tmp_path / "dashboard.duckdb")
    for name, role in (("quan.tri", "admin"), ("nguoi.xem", "viewer")):
        store.add_user(name, role, PASSWORD, created_by="pytest", db_path=path)
    return path


def signed_in_on_accounts(app_on, path, name):
    app = sign_in(app_on(path, "views/sign_in.py"), name, PASSWORD)
    return app.switch_page("views/accounts.py").run()


def test_a_viewer_opening_the_page_by_url_is_refused_and_sees_no_form(app_on, accounts_db):
    app = signed_in_on_accounts(app_on, accounts_db, "nguoi.xem")
    assert [e.value for e in app.error] == [
        REFUSAL + " Nếu cần, đề nghị liên hệ người quản trị bảng điều khiển tại Sở KH&CN."
    ]
    assert not app.dataframe  # nothing of the accounts shows
    assert [t.value for t in app.title] == ["Tài khoản"]  # the page still says which it is
    assert not [b for b in app.button if b.label in {"Thêm tài khoản", "Khóa tài khoản"}]


def test_nobody_signed_in_is_asked_to_sign_in(app_on, accounts_db):
    app = app_on(accounts_db, "views/accounts.py")
    assert [w.value for w in app.warning] == ["Đề nghị đăng nhập để quản lý tài khoản."]
    assert not app.dataframe  # nothing of the accounts shows
    assert [t.value for t in app.title] == ["Tài khoản"]  # the page still says which it is
    assert app.text_input(key="require_sign_in_name") is not None


def test_the_menu_lists_the_page_only_for_an_admin(app_on, accounts_db):
    from ui import auth
    from ui.pages import PAGES

    accounts_page = next(p for p in PAGES if p.path == "views/accounts.py")
    assert accounts_page.shown_to == "can_manage_accounts"
    assert getattr(auth, accounts_page.shown_to)(User("a", "admin", None))
    assert not getattr(auth, accounts_page.shown_to)(User("a", "editor", None))


def test_an_admin_adds_resets_and_disables(app_on, accounts_db):
    app = signed_in_on_accounts(app_on, accounts_db, "quan.tri")
    assert [t.value for t in app.title] == ["Tài khoản"]
    rows = shown.table(app, "Tên đăng nhập")
    assert [(r["Tên đăng nhập"], r["Vai trò"], r["Trạng thái"]) for r in rows] == [
        ("nguoi.xem", "Người xem", "Đang dùng"),
        ("quan.tri", "Quản trị", "Đang dùng"),
    ]

    # add an agency account
    form = [t for t in app.text_input if t.label == "Tên đăng nhập"][0]
    form.input("So.TC")
    next(s for s in app.selectbox if s.label == "Vai trò").set_value("agency")
    next(s for s in app.selectbox if s.label.startswith("Đơn vị")).set_value("SO-TC")
    next(t for t in app.text_input if t.label == "Mật khẩu").input(PASSWORD)
    next(t for t in app.text_input if t.label == "Nhập lại mật khẩu").input(PASSWORD)
    next(b for b in app.button if b.label == "Thêm tài khoản").click()
    app.run()
    assert [s.value for s in app.success] == ["Đã thêm tài khoản “so.tc”."]
    assert store.authenticate("so.tc", PASSWORD, db_path=accounts_db) == User(
        "so.tc", "agency", "SO-TC"
    )
    (added,) = [a for a in store.list_users(db_path=accounts_db) if a.name == "so.tc"]
    assert added.created_by == "quan.tri"
    assert ("so.tc", "Đơn vị", "SO-TC") in [
        (r["Tên đăng nhập"], r["Vai trò"], r["Đơn vị"]) for r in shown.table(app, "Tên đăng nhập")
    ]

    # the same name again is refused, in Vietnamese
    next(t for t in app.text_input if t.label == "Tên đăng nhập").input("so.tc")
    next(t for t in app.text_input if t.label == "Mật khẩu").input(PASSWORD)
    next(t for t in app.text_input if t.label == "Nhập lại mật khẩu").input(PASSWORD)
    next(b for b in app.button if b.label == "Thêm tài khoản").click()
    app.run()
    assert [e.value for e in app.error] == ["Đã có tài khoản tên “so.tc”; đề nghị chọn tên khác."]

    # a new password
    next(s for s in app.selectbox if s.label == "Tài khoản").set_value("so.tc")
    next(t for t in app.text_input if t.label == "Mật khẩu mới").input("mat-khau-moi-2")
    next(t for t in app.text_input if t.label == "Nhập lại mật khẩu mới").input("mat-khau-moi-2")
    next(b for b in app.button if b.label == "Đặt mật khẩu mới").click()
    app.run()
    assert [s.value for s in app.success] == ["Đã đặt mật khẩu mới cho tài khoản “so.tc”."]
    assert store.authenticate("so.tc", "mat-khau-moi-2", db_path=accounts_db) is not None

    # disable it (never one's own account: it is not offered)
    target = next(s for s in app.selectbox if s.label == "Tài khoản cần khóa")
    assert "quan.tri" not in target.options
    target.set_value("so.tc")
    next(c for c in app.checkbox if c.label.startswith("Tôi chắc chắn")).check()
    next(b for b in app.button if b.label == "Khóa tài khoản").click()
    app.run()
    assert [s.value for s in app.success] == ["Đã khóa tài khoản “so.tc”."]
    assert store.get_user("so.tc", db_path=accounts_db) is None
    rows = {r["Tên đăng nhập"]: r["Trạng thái"] for r in shown.table(app, "Tên đăng nhập")}
    assert rows["so.tc"] == "Đã khóa"


def test_what_was_typed_is_shown_as_text_never_as_markdown(app_on, accounts_db):
    from ui import auth

    assert auth.plain("![](http://x/a.png)") == "\\!\\[\\](http://x/a.png)"
    assert auth.plain("a_b_c@bacninh.gov.vn") == "a\\_b\\_c@bacninh.gov.vn"
    app = signed_in_on_accounts(app_on, accounts_db, "quan.tri")
    next(t for t in app.text_input if t.label == "Tên đăng nhập").input("![](http://x/a.png)")
    next(t for t in app.text_input if t.label == "Mật khẩu").input(PASSWORD)
    next(t for t in app.text_input if t.label == "Nhập lại mật khẩu").input(PASSWORD)
    next(b for b in app.button if b.label == "Thêm tài khoản").click()
    app.run()
    assert app.error[0].value.startswith("Tên tài khoản “\\!\\[\\](http://x/a.png)” không dùng")
