"""Đăng nhập: a local account signs in (the sidebar then names it) and out; wrong name and wrong
password get one message; DASHBOARD_REQUIRE_SIGN_IN shows the sign-in and nothing else."""

from __future__ import annotations

import pytest

from accounts import store
from accounts.throttle import WRONG_SIGN_IN
from tests.loaders.builders import copy_database
from tests.views import helpers as shown

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def accounts_db(fixture_db, tmp_path):
    """The fixture's data with an admin, an editor and a viewer."""
    path = copy_database(fixture_db, tmp_path / "dashboard.duckdb")
    for name, role in (("quan.tri", "admin"), ("bien.tap", "editor"), ("nguoi.xem", "viewer")):
        store.add_user(name, role, PASSWORD, created_by="pytest", db_path=path)
    return path


def sign_in(app, name: str, password: str, key: str = "sign_in"):
    app.text_input(key=f"{key}_name").input(name)
    app.text_input(key=f"{key}_password").input(password)
    next(b for b in app.button if b.label == "Đăng nhập").click()
    return app.run()


def sidebar_text(app) -> str:
    return " ".join(
        [m.value for m in app.sidebar.markdown] + [c.value for c in app.sidebar.caption]
    )


def test_sign_in_then_the_sidebar_names_the_account(app_on, accounts_db):
    app = app_on(accounts_db, "views/sign_in.py")
    assert "bien.tap" not in sidebar_text(app)
    app = sign_in(app, "Bien.Tap", PASSWORD)
    assert not app.exception and not app.error
    assert "**bien.tap**" in [m.value for m in app.sidebar.markdown]
    assert "Biên tập viên (Sở KH&CN)" in [c.value for c in app.sidebar.caption]
    assert app.success[0].value == "Đã đăng nhập: bien.tap (Biên tập viên (Sở KH&CN))."
    # another page keeps the session signed in
    app.switch_page("views/overview.py").run()
    assert "**bien.tap**" in [m.value for m in app.sidebar.markdown]
    # sign out from the sidebar
    next(b for b in app.sidebar.button if b.label == "Đăng xuất").click().run()
    assert "**bien.tap**" not in [m.value for m in app.sidebar.markdown]


def test_wrong_name_and_wrong_password_get_one_message(app_on, accounts_db):
    app = sign_in(app_on(accounts_db, "views/sign_in.py"), "bien.tap", "sai-mat-khau")
    assert [e.value for e in app.error] == [WRONG_SIGN_IN]
    # the name stays for a second try, the password field is emptied
    assert app.text_input(key="sign_in_name").value == "bien.tap"
    assert app.text_input(key="sign_in_password").value == ""
    app = sign_in(app, "khong.co.ai", PASSWORD)
    assert [e.value for e in app.error] == [WRONG_SIGN_IN]
    assert "signed_in_account" not in app.session_state


def test_the_sixth_try_waits(app_on, accounts_db):
    app = app_on(accounts_db, "views/sign_in.py")
    for _ in range(4):
        app = sign_in(app, "bien.tap", "sai-mat-khau")
    app = sign_in(app, "bien.tap", "sai-mat-khau")
    assert [e.value for e in app.error] == [
        "Đã đăng nhập sai quá nhiều lần. Đề nghị chờ 15 phút rồi thử lại."
    ]
    app = sign_in(app, "bien.tap", PASSWORD)  # the right password waits too
    assert "signed_in_account" not in app.session_state


def test_a_disabled_account_is_signed_out_at_its_next_run(app_on, accounts_db):
    app = sign_in(app_on(accounts_db, "views/sign_in.py"), "nguoi.xem", PASSWORD)
    assert "**nguoi.xem**" in [m.value for m in app.sidebar.markdown]
    store.disable_user("nguoi.xem", db_path=accounts_db)
    app.run()
    assert "**nguoi.xem**" not in [m.value for m in app.sidebar.markdown]


def test_with_no_account_the_sign_in_says_how_to_make_the_first_admin(app_on, fixture_db):
    app = app_on(fixture_db, "views/sign_in.py")
    (info,) = app.info
    assert "uv run python -m loaders user add TÊN --role admin" in info.value
    assert info.value.startswith("Chưa có tài khoản nào nên bảng điều khiển hiện chỉ để xem")


def test_require_sign_in_shows_the_sign_in_and_nothing_else(app_on, accounts_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_REQUIRE_SIGN_IN", "1")
    app = app_on(accounts_db, "views/overview.py")
    assert [t.value for t in app.title] == ["Đăng nhập"]
    assert not app.metric and not app.get("plotly_chart") and not app.dataframe
    assert not app.sidebar.selectbox and not app.sidebar.multiselect  # no filter either
    assert app.text_input(key="guard_sign_in_name") is not None
    app = sign_in(app, "nguoi.xem", PASSWORD, key="guard_sign_in")
    assert app.title[0].value.startswith("Tổng quan") and app.metric


def test_pages_read_without_signing_in_by_default(app_on, accounts_db):
    app = app_on(accounts_db, "views/overview.py")
    assert app.title[0].value.startswith("Tổng quan") and app.metric


def test_messages_follow_the_glossary():
    import re

    from tests.accounts.helpers import wording_problems
    from ui import auth

    # the command is quoted as it is typed
    text = re.sub(r"`[^`]*`", "", auth.no_accounts_message())
    assert not wording_problems(text), wording_problems(text)


ROLES_CSV = (
    "email,role,agency_code\n"
    "so.tc@bacninh.gov.vn,agency,SO-TC\n"
    "quan.tri@bacninh.gov.vn,admin,\n"
    "sai@bacninh.gov.vn,boss,\n"
)


@pytest.fixture
def single_sign_on(fixture_db, tmp_path, monkeypatch):
    """Run the app in a single sign-on mode with a roles file, st.user as given."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.views.conftest import APP

    roles_file = tmp_path / "roles.csv"
    roles_file.write_text(ROLES_CSV, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    monkeypatch.setenv("DASHBOARD_ROLES_FILE", str(roles_file))

    def run(mode: str, user: dict, page: str | None = None):
        monkeypatch.setenv("DASHBOARD_SIGN_IN", mode)
        st.cache_data.clear()
        st.cache_resource.clear()
        app = AppTest.from_file(APP, default_timeout=30)
        app.user = user
        app.run()
        if page:
            app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    yield run
    st.cache_resource.clear()


def test_proxy_mode_takes_the_user_from_the_trusted_header(single_sign_on):
    # server.trustedUserHeaders maps the proxy's header to st.user["email"]
    app = single_sign_on("proxy", {"email": "SO.TC@bacninh.gov.vn", "name": "Sở Tài chính"})
    assert "**Sở Tài chính**" in [m.value for m in app.sidebar.markdown]
    assert "Đơn vị, đơn vị SO-TC" in [c.value for c in app.sidebar.caption]
    assert not [b for b in app.sidebar.button if b.label == "Đăng xuất"]  # the proxy signs out
    app.switch_page("views/accounts.py").run()
    assert app.error[0].value.startswith(
        "Tài khoản “so.tc@bacninh.gov.vn” (vai trò Đơn vị) không có quyền quản lý tài khoản."
    )


def test_proxy_mode_admin_sees_the_roles_file(single_sign_on):
    app = single_sign_on("proxy", {"email": "quan.tri@bacninh.gov.vn"}, "views/accounts.py")
    rows = shown.table(app, "Thư điện tử")
    assert [(r["Thư điện tử"], r["Vai trò"], r["Đơn vị"]) for r in rows] == [
        ("so.tc@bacninh.gov.vn", "Đơn vị", "SO-TC"),
        ("quan.tri@bacninh.gov.vn", "Quản trị", "–"),
    ]
    assert [w.value for w in app.warning] == [
        "Dòng 4 của tệp roles.csv: vai trò “boss” không hợp lệ; đề nghị ghi một trong: "
        "viewer, agency, editor, admin."
    ]


def test_proxy_mode_without_the_header_is_nobody_and_an_unlisted_address_a_viewer(
    single_sign_on,
):
    app = single_sign_on("proxy", {}, "views/accounts.py")
    assert [w.value for w in app.warning] == ["Đề nghị đăng nhập để quản lý tài khoản."]
    app = single_sign_on("proxy", {"email": "ai.do@bacninh.gov.vn"})
    assert "Người xem" in [c.value for c in app.sidebar.caption]


def test_oidc_mode_without_an_auth_section_says_so(single_sign_on):
    app = single_sign_on("oidc", {"is_logged_in": False}, "views/sign_in.py")
    assert app.error[0].value.startswith("Chưa cấu hình đăng nhập một lần")


def test_an_unknown_mode_is_told_and_stops(single_sign_on):
    app = single_sign_on("ldap", {}, "views/sign_in.py")
    assert app.error[0].value == (
        "DASHBOARD_SIGN_IN = “ldap” không hợp lệ; đề nghị đặt một trong: local, oidc, proxy."
    )
