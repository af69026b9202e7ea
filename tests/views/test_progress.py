"""Tiến độ theo đơn vị: the rows shown are the fixture's (tests/conftest.py), worked out by hand."""

from __future__ import annotations

import json
import math

import db
from queries import compute_kpis, progress
from tests.conftest import FIRST_DATE, SECOND_DATE

PAGE = "views/progress.py"


def _rows(app) -> dict[str, dict]:
    table = app.dataframe[0].value
    return {row["agency_code"]: row for row in table.to_dict("records")}


def _metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_rows_equal_the_fixture(app_on, fixture_db):
    rows = _rows(app_on(fixture_db, PAGE))
    assert len(rows) == 117  # every agency, most with no data yet
    # SO-TC on 30/09/2026: baseline TC-01, TC-02; TC-01 consolidated, TC-02 still active
    tc = rows["SO-TC"]
    assert (tc["servers_baseline"], tc["servers_remaining"], tc["servers_done"]) == (2, 1, 1)
    assert tc["consolidation_pct"] == 50.0 and tc["progress_bar"] == 50.0
    assert tc["status_label"] == "Chậm"  # 50 % < 66,5 % due (183 of 275 days)
    assert tc["late_reason"] == "dưới tiến độ kế hoạch"
    assert tc["plan_status_label"] == "Đã phê duyệt"
    assert tc["systems_label"] == "1 / 2"  # HT-01 migrated, HT-02 migrating
    # 1 done in the 183 days from 31/03 to 30/09, 1 left: 183 days after 30/09
    assert tc["projected_label"] == "01/04/2027"
    assert str(tc["last_report_date"])[:10] == "2026-09-30"
    assert tc["reported_this_half"]
    assert tc["last_upload_warnings"] == 0
    # UBND-09187 reported only on 31/03: KB-01 to eliminate, still active; plan not sent
    ubnd = rows["UBND-09187"]
    assert (ubnd["servers_baseline"], ubnd["servers_remaining"], ubnd["servers_done"]) == (1, 1, 0)
    assert ubnd["consolidation_pct"] == 0.0
    assert ubnd["status_label"] == "Chậm"
    assert ubnd["late_reason"] == "chưa gửi phương án; dưới tiến độ kế hoạch"
    assert ubnd["plan_status_label"] == "Chưa gửi"
    assert ubnd["systems_label"] == "–"
    assert ubnd["projected_label"] == "không xác định"  # one snapshot: no pace
    assert str(ubnd["last_report_date"])[:10] == "2026-03-31"
    assert not ubnd["reported_this_half"]
    # TTTHDL-BN: a data centre, no standalone server; late for having no plan
    dc = rows["TTTHDL-BN"]
    assert (dc["servers_baseline"], dc["servers_remaining"]) == (0, 0)
    assert math.isnan(dc["consolidation_pct"])
    assert (dc["plan_status_label"], dc["projected_label"]) == ("Chưa có", "không áp dụng")
    assert dc["status_label"] == "Chậm"
    # an agency that never reported: counts unknown, not 0
    nv = rows["SO-NV"]
    assert math.isnan(nv["servers_baseline"]) and nv["plan_status_label"] == "Chưa có"


def test_late_flags_equal_the_indicator(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    late = sum(row["status_label"] == "Chậm" for row in _rows(app).values())
    con = db.connect(fixture_db, read_only=True)
    expected = compute_kpis(con, SECOND_DATE)["agencies_at_risk"]
    con.close()
    assert late == expected == 117
    metrics = _metrics(app)
    assert metrics["Đơn vị chậm tiến độ"] == "117"
    assert metrics["Số đơn vị"] == "117"
    assert metrics["Tiến độ hợp nhất máy chủ"] == "33,3 %"  # TC-01 of TC-01, TC-02, KB-01
    assert metrics["Kế hoạch đến ngày này"] == "66,5 %"


def test_vietnamese_labels_on_the_table(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    table = app.dataframe[0]
    config = json.loads(table.proto.columns)
    assert config["name"]["label"] == "Đơn vị"
    assert config["consolidation_pct"]["label"] == "Tỷ lệ hợp nhất"
    assert config["progress_bar"]["type_config"]["type"] == "progress"
    assert config["projected_label"]["label"] == "Dự kiến hoàn thành"


def test_chart_by_group_equals_the_query(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    con = db.connect(fixture_db, read_only=True)
    groups = progress.progress_by_kind(con, SECOND_DATE)
    con.close()
    shown = groups.filter(groups["servers_done"] + groups["servers_remaining"] > 0)
    done, remaining = spec["data"]
    assert done["x"] == shown["servers_done"].to_list() == [1, 0]  # departments, communes
    assert remaining["x"] == shown["servers_remaining"].to_list() == [1, 1]
    assert spec["layout"]["separators"] == ",."


def _panel(app, name: str):
    """Show one panel of the agency's detail."""
    app.button_group(key="progress_panel").set_value(name).run()
    assert not app.exception
    return app


def test_detail_from_the_link_traces_each_snapshot_to_its_upload(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi_chi_tiet": "SO-TC"})
    assert app.selectbox(key="progress_detail").value == "SO-TC"
    assert any(h.value == "Sở Tài chính (SO-TC)" for h in app.subheader)
    metrics = _metrics(app)
    assert (metrics["Máy chủ ban đầu"], metrics["Còn lại"], metrics["Đã xử lý"]) == ("2", "1", "1")
    assert metrics["Tỷ lệ hợp nhất"] == "50,0 %"
    assert ":red-badge[Chậm]" in " ".join(m.value for m in app.markdown)
    # the first panel: each snapshot and the upload it came from
    assert app.button_group(key="progress_panel").value == "Các lần báo cáo"
    snapshots = app.dataframe[1].value
    assert len(snapshots) == 6  # 2 report dates × 3 forms
    latest = snapshots.iloc[0]
    assert latest["file_name"] == "bao_cao_2026-09-30.xlsx"
    assert latest["uploaded_by"] == "dst.test"
    assert set(snapshots["file_name"]) == {"bao_cao_2026-03-31.xlsx", "bao_cao_2026-09-30.xlsx"}
    assert app.query_params["don_vi_chi_tiet"] == "SO-TC"
    assert len(app.get("plotly_chart")) == 2  # by group, and this agency over time


def test_detail_panels(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi_chi_tiet": "SO-TC"})
    assets = _panel(app, "Máy chủ, lưu trữ").dataframe[1].value
    assert list(assets["asset_code"]) == ["TC-01", "TC-03", "TC-02"]
    assert list(assets["status_label"]) == [
        "Đã hợp nhất về TTTHDL", "Đã hợp nhất về TTTHDL", "Đang hoạt động",
    ]  # fmt: skip
    metrics = _metrics(_panel(app, "Phương án"))
    assert metrics["Trạng thái"] == "Đã phê duyệt"
    assert metrics["Ngày gửi"] == "20/03/2026"
    assert metrics["Kinh phí"] == "500,0 triệu đồng"
    assert metrics["Tiết kiệm dự kiến/năm"] == "60,0 triệu đồng"
    assert (metrics["Hợp nhất về TTTHDL"], metrics["Lên đám mây"]) == ("1", "1")
    systems = _panel(app, "Hệ thống").dataframe[1].value
    assert list(systems["stage_label"]) == ["Đã chuyển đổi", "Đang chuyển đổi"]
    assert list(systems["target_label"]) == ["TTTHDL tỉnh", "Đám mây"]


def test_choosing_an_agency_updates_the_link(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    assert app.selectbox(key="progress_detail").value is None
    assert len(app.dataframe) == 1  # no detail yet
    app.selectbox(key="progress_detail").select("UBND-09187").run()
    assert not app.exception
    assert app.query_params["don_vi_chi_tiet"] == "UBND-09187"
    snapshots = app.dataframe[1].value
    assert list(snapshots["file_name"]) == ["bao_cao_2026-03-31.xlsx"] * 2  # Biểu 01 and 02
    infos = " ".join(i.value for i in _panel(app, "Hệ thống").info)
    assert "chưa báo cáo hệ thống thông tin" in infos  # no Biểu 03


def test_agency_with_no_data(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi_chi_tiet": "SO-NV"})
    assert any("chưa gửi số liệu nào" in i.value for i in app.info)


def test_unknown_agency_in_the_link_is_ignored(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi_chi_tiet": "KHONG-CO"})
    assert app.selectbox(key="progress_detail").value is None
    assert "don_vi_chi_tiet" not in app.query_params


def test_before_the_deadline_nobody_is_late(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"ngay": FIRST_DATE.isoformat()})
    rows = _rows(app)
    assert {row["status_label"] for row in rows.values()} == {"Chưa đến hạn"}
    assert _metrics(app)["Đơn vị chậm tiến độ"] == "0"
    assert rows["SO-TC"]["servers_remaining"] == 2


def test_agency_filter_narrows_the_rows(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi": "SO-TC,UBND-09187"})
    assert set(_rows(app)) == {"SO-TC", "UBND-09187"}
    assert _metrics(app)["Đơn vị chậm tiến độ"] == "2"


def test_data_centres_alone_have_no_chart(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"nhom": "data_centre"})
    assert set(_rows(app)) == {"TTTHDL-BN", "TTTHDL-BG"}
    assert not app.get("plotly_chart")


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, PAGE)
    assert not app.dataframe
    assert "Chưa có số liệu nào" in app.info[0].value
