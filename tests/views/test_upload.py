"""Cập nhật dữ liệu: who may upload, the check and the preview before anything is written, the
load on an explicit confirm (once), the history and a roll-back."""

from __future__ import annotations

import pytest

from accounts import store
from queries.indicators import INDICATORS_BY_KEY
from tests.conftest import SECOND_DATE
from tests.loaders.builders import (
    build,
    copy_database,
    query,
    table_contents,
    valid_inventory_row,
)
from tests.views import helpers as shown
from tests.wording import problems

PAGE = "views/upload.py"
PASSWORD = "mat-khau-dai-1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REMAINING = INDICATORS_BY_KEY["servers_remaining"].label


@pytest.fixture
def live(fixture_db, tmp_path):
    """The fixture's data with an editor, an agency account (SO-TC) and a viewer."""
    path = copy_database(fixture_db, tmp_path / "dashboard.duckdb")
    store.add_user("bien.tap", "editor", PASSWORD, created_by="pytest", db_path=path)
    store.add_user(
        "so.tc", "agency", PASSWORD, agency_code="SO-TC", created_by="pytest", db_path=path
    )
    store.add_user("nguoi.xem", "viewer", PASSWORD, created_by="pytest", db_path=path)
    return path


def _signed_in(app_on, db_path, name):
    app = app_on(db_path, "views/sign_in.py")
    app.text_input(key="sign_in_name").input(name)
    app.text_input(key="sign_in_password").input(PASSWORD)
    next(b for b in app.button if b.label == "Đăng nhập").click()
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _texts(app):
    return [
        e.value
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(app, kind)
    ]


def _upload(app, *files):
    app.date_input[0].set_value(SECOND_DATE)
    app.file_uploader[0].set_value([(name, content, XLSX) for name, content in files])
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _confirm(app):
    return next(b for b in app.button if b.label.startswith("Nạp vào cơ sở dữ liệu"))


def test_with_no_account_the_page_says_how_to_create_the_first_admin(app_on, fixture_db, tmp_path):
    path = copy_database(fixture_db, tmp_path / "dashboard.duckdb")
    app = app_on(path, PAGE)
    assert any("tài khoản quản trị đầu tiên" in t for t in _texts(app))
    assert not app.get("file_uploader")


def test_a_viewer_reads_only(app_on, live):
    app = _signed_in(app_on, live, "nguoi.xem")
    assert any("chỉ được xem" in w.value for w in app.warning)
    assert not app.get("file_uploader")


def test_the_picker_sends_no_file_larger_than_the_loader_takes(app_on, live, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "7")
    app = _signed_in(app_on, live, "bien.tap")
    assert app.file_uploader[0].proto.max_upload_size_mb == 7
    styles = [e.proto.body for e in app.get("html") if "stFileUploader" in e.proto.body]
    assert len(styles) == 1 and "Mỗi tệp tối đa 7 MB" in styles[0]


def test_check_and_preview_write_nothing_then_confirm_loads_once(app_on, live):
    before = table_contents(live)
    app = _signed_in(app_on, live, "bien.tap")
    rows = [valid_inventory_row(agency_code="SO-TC", asset_code=f"MOI-{n}") for n in range(4)]
    content = build("inventory", rows)
    app = _upload(app, ("so_tc.xlsx", content))

    assert table_contents(live) == before  # checking and previewing wrote nothing
    expanders = [e.label for e in app.expander]
    assert any("so\\_tc.xlsx" in label and "sẵn sàng nạp" in label for label in expanders)
    changes = shown.table(app, "Thiết bị thêm")
    assert [r["Đơn vị"] for r in changes] and changes[0]["Thiết bị thêm"] == "4"
    headline = {r["Chỉ tiêu"]: r for r in shown.table(app, "Trước khi nạp")}
    assert REMAINING in headline
    app.run()  # a rerun never loads
    assert table_contents(live) == before

    _confirm(app).click().run()

    assert not app.exception
    assert query(
        live, "select uploaded_by, status from uploads order by upload_id desc limit 1"
    ) == [("bien.tap", "loaded")]
    assert query(live, "select count(*) from assets where asset_code like 'MOI-%'") == [(4,)]
    assert any(s.value.startswith("Đã nạp 1 tệp, 4 dòng") for s in app.success)
    assert not app.file_uploader[0].value  # the uploader cleared
    # the same content again: nothing to load
    app = _upload(app, ("so_tc.xlsx", content))
    assert any("không có gì để nạp" in i.value for i in app.info)
    assert not [b for b in app.button if b.label.startswith("Nạp vào cơ sở dữ liệu")]


def test_an_error_is_listed_where_it_is_with_its_feedback(app_on, live):
    app = _signed_in(app_on, live, "bien.tap")
    bad = build("inventory", [valid_inventory_row(asset_code="TC-1", ram_gb=-8)])
    app = _upload(app, ("loi.xlsx", bad))
    errors = shown.table(app, "Nội dung, cách sửa")
    assert [e["Mức"] for e in errors] == ["Lỗi"]
    assert any(s.label.startswith("Xem chi tiết") for s in app.selectbox)
    assert errors[0]["Cột"] and errors[0]["Dòng"] not in ("", "–")
    assert any(b.label.startswith("Tải phiếu phản hồi") for b in app.get("download_button"))
    assert not [b for b in app.button if b.label.startswith("Nạp vào cơ sở dữ liệu")]
    # this page's own words (the shared freshness line is checked with the other pages)
    own = [t for t in _texts(app) if "bien.tap" not in t and "loi.xlsx" not in t]
    own = [t for t in own if not t.startswith(("Số liệu cập nhật", "Cập nhật lần cuối"))]
    own = [t for t in own if not t.startswith("Danh mục đang áp dụng")]  # file names
    for text in own + [e["Nội dung, cách sửa"] for e in errors]:
        assert problems(text) == [], text


def test_an_agency_account_loads_only_its_own_agency(app_on, live):
    app = _signed_in(app_on, live, "so.tc")
    other = build("inventory", [valid_inventory_row(agency_code="SO-TP", asset_code="TP-9")])
    app = _upload(app, ("so_tp.xlsx", other))
    errors = shown.table(app, "Nội dung, cách sửa")
    assert errors and all("SO-TC" in e["Nội dung, cách sửa"] for e in errors)
    assert not [b for b in app.button if b.label.startswith("Nạp vào cơ sở dữ liệu")]


def _remaining_shown(app):
    app.switch_page("views/overview.py").run()
    value = shown.tiles(app)[REMAINING]
    app.switch_page(PAGE).run()
    return value


def test_an_agency_account_loads_its_own_workbook(app_on, live):
    app = _signed_in(app_on, live, "so.tc")
    own = build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-OWN")])
    app = _upload(app, ("so_tc.xlsx", own))
    _confirm(app).click().run()
    assert query(
        live, "select uploaded_by, agencies from uploads order by upload_id desc limit 1"
    ) == [("so.tc", ["SO-TC"])]
    # its history shows its own agency's uploads only
    history = shown.table(app, "Kết quả")
    assert history and all("SO-TC" in row["Đơn vị"] for row in history)


def test_the_history_and_a_roll_back(app_on, live):
    app = _signed_in(app_on, live, "bien.tap")
    before = _remaining_shown(app)
    rows = [valid_inventory_row(agency_code="SO-TC", asset_code=f"MOI-{n}") for n in range(6)]
    app = _upload(app, ("so_tc.xlsx", build("inventory", rows)))
    _confirm(app).click().run()
    loaded = _remaining_shown(app)
    assert loaded != before  # the overview shows the load at once
    newest = query(live, "select max(upload_id) from uploads")[0][0]
    history = shown.table(app, "Kết quả")
    assert history[0]["Số"] == str(newest) and history[0]["Người nạp"] == "bien.tap"
    # the archived file of the newest upload, and the reference files in force
    assert any(b.label == "Tải tệp đã lưu trong kho" for b in app.get("download_button"))
    assert any(c.value.startswith("Danh mục đang áp dụng: agencies.csv") for c in app.caption)

    app.selectbox(key=f"rollback-choice-{newest}").set_value(newest)
    app.checkbox(key="rollback-sure").check()
    app.run()
    next(b for b in app.button if b.label == "Hoàn tác").click().run()

    assert not app.exception
    assert query(live, "select status from uploads where upload_id = ?", [newest]) == [
        ("rolled_back",)
    ]
    assert query(live, "select count(*) from assets where asset_code like 'MOI-%'") == [(0,)]
    assert any(s.value.startswith(f"Đã hoàn tác lần nạp số {newest}") for s in app.success)
    assert _remaining_shown(app) == before  # and the old figures are back
