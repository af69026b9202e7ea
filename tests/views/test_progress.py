"""Tiến độ theo đơn vị: the rows shown are the fixture's (tests/conftest.py), worked out by hand."""

from __future__ import annotations

import json
import math

import polars as pl

from queries import compute_kpis, progress
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown
from ui import data

PAGE = "views/progress.py"


def _rows(app) -> dict[str, dict]:
    """The agency table's rows as shown, by agency code."""
    return {row["Mã đơn vị"]: row for row in shown.rows_as_shown(app.dataframe[0])}


def _counts(row: dict) -> tuple[str, str, str]:
    return row["Máy chủ ban đầu"], row["Còn lại"], row["Đã xử lý"]


def test_rows_equal_the_fixture(app_on, fixture_db):
    rows = _rows(app_on(fixture_db, PAGE))
    assert len(rows) == 117  # every agency, most with no data yet
    # SO-TC on 30/09/2026: baseline TC-01, TC-02; TC-01 consolidated, TC-02 still active
    tc = rows["SO-TC"]
    assert _counts(tc) == ("2", "1", "1")
    assert tc["Tiến độ hợp nhất máy chủ"] == "50,0%" and tc["Tiến độ"] == 50.0
    assert tc["Tình trạng"] == "Chậm"  # 50 % < 66,5 % due (183 of 275 days)
    assert tc["Lý do chậm"] == "dưới tiến độ kế hoạch"
    assert tc["Phương án"] == "Đã phê duyệt"
    assert tc["Hệ thống đã chuyển"] == "1 / 2"  # HT-01 migrated, HT-02 migrating
    # 1 done in the 183 days from 31/03 to 30/09, 1 left: 183 days after 30/09
    assert tc["Dự kiến hoàn thành"] == "01/04/2027"
    assert tc["Báo cáo gần nhất"] == "30/09/2026"
    assert tc["Báo cáo trong kỳ"] == "Có"
    assert tc["Cảnh báo lần nạp cuối"] == "0"
    # UBND-09187 reported only on 31/03: KB-01 to eliminate, still active; plan not sent
    ubnd = rows["UBND-09187"]
    assert _counts(ubnd) == ("1", "1", "0")
    assert ubnd["Tiến độ hợp nhất máy chủ"] == "0,0%"
    assert ubnd["Tình trạng"] == "Chậm"
    assert ubnd["Lý do chậm"] == "chưa gửi phương án; dưới tiến độ kế hoạch"
    assert ubnd["Phương án"] == "Chưa gửi"
    assert ubnd["Hệ thống đã chuyển"] == "–"
    assert ubnd["Dự kiến hoàn thành"] == "không xác định"  # one snapshot: no pace
    assert ubnd["Báo cáo gần nhất"] == "31/03/2026"
    assert ubnd["Báo cáo trong kỳ"] == "Chưa"
    # TTTHDL-BN: a data centre, no standalone server; late for having no plan
    dc = rows["TTTHDL-BN"]
    assert _counts(dc) == ("0", "0", "0")
    assert dc["Tiến độ hợp nhất máy chủ"] == "–" and math.isnan(dc["Tiến độ"])
    assert (dc["Phương án"], dc["Dự kiến hoàn thành"]) == ("Chưa có", "không áp dụng")
    assert dc["Tình trạng"] == "Chậm"
    # an agency that never reported: counts unknown, not 0
    nv = rows["SO-NV"]
    assert _counts(nv) == ("–", "–", "–") and nv["Phương án"] == "Chưa có"


def test_late_flags_equal_the_indicator(app_on, fixture_db, con):
    app = app_on(fixture_db, PAGE)
    late = sum(row["Tình trạng"] == "Chậm" for row in _rows(app).values())
    expected = compute_kpis(con, SECOND_DATE)["agencies_at_risk"]
    assert late == expected == 117
    metrics = shown.tiles(app)
    assert metrics["Đơn vị chậm tiến độ"] == "117"
    assert metrics["Số đơn vị"] == "117"
    assert metrics["Tiến độ hợp nhất máy chủ"] == "33,3%"  # TC-01 of TC-01, TC-02, KB-01
    assert metrics["Kế hoạch đến ngày này"] == "66,5%"


def test_vietnamese_labels_on_the_table(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    table = app.dataframe[0]
    assert list(table.value.columns)[:7] == [
        "Đơn vị", "Nhóm", "Máy chủ ban đầu", "Còn lại", "Đã xử lý", "Tiến độ hợp nhất máy chủ", "Tiến độ",
    ]  # fmt: skip
    config = json.loads(table.proto.columns)
    assert config["Đơn vị"]["pinned"] is True
    assert config["Tiến độ hợp nhất máy chủ"]["alignment"] == "right"  # a figure, though text
    assert config["Tiến độ"]["type_config"]["type"] == "progress"
    assert config["Dự kiến hoàn thành"]["help"].startswith("Theo tốc độ")


def test_chart_by_group_equals_the_query(app_on, fixture_db, con):
    app = app_on(fixture_db, PAGE)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    groups = progress.progress_by_kind(con, SECOND_DATE)
    drawn = groups.filter(groups["servers_done"] + groups["servers_remaining"] > 0)
    done, remaining = spec["data"]
    assert done["x"] == drawn["servers_done"].to_list() == [1, 0]  # departments, communes
    assert remaining["x"] == drawn["servers_remaining"].to_list() == [1, 1]
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
    metrics = shown.tiles(app)
    assert (metrics["Máy chủ ban đầu"], metrics["Còn lại"], metrics["Đã xử lý"]) == ("2", "1", "1")
    assert metrics["Tiến độ hợp nhất máy chủ"] == "50,0%"
    assert ":red-badge[Chậm]" in " ".join(m.value for m in app.markdown)
    # the first panel: each snapshot and the upload it came from
    assert app.button_group(key="progress_panel").value == "Các lần báo cáo"
    snapshots = shown.as_shown(app.dataframe[1])
    assert len(snapshots) == 6  # 2 report dates × 3 forms
    latest = snapshots.iloc[0]
    assert (latest["Ngày số liệu"], latest["Tệp"]) == ("30/09/2026", "bao_cao_2026-09-30.xlsx")
    assert latest["Người nạp"] == "dst.test"
    assert set(snapshots["Tệp"]) == {"bao_cao_2026-03-31.xlsx", "bao_cao_2026-09-30.xlsx"}
    assert app.query_params["don_vi_chi_tiet"] == "SO-TC"
    assert len(app.get("plotly_chart")) == 2  # by group, and this agency over time


def test_detail_panels(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi_chi_tiet": "SO-TC"})
    assets = shown.as_shown(_panel(app, "Máy chủ, lưu trữ").dataframe[1])
    assert list(assets["Mã tài sản"]) == ["TC-01", "TC-03", "TC-02"]
    assert list(assets["Hiện trạng"]) == [
        "Đã hợp nhất về TTTHDL", "Đã hợp nhất về TTTHDL", "Đang hoạt động",
    ]  # fmt: skip
    metrics = shown.tiles(_panel(app, "Phương án"))
    assert metrics["Trạng thái"] == "Đã phê duyệt"
    assert metrics["Ngày gửi"] == "20/03/2026"
    assert metrics["Kinh phí"] == "500,0 triệu đồng"
    assert metrics["Tiết kiệm dự kiến/năm"] == "60,0 triệu đồng"
    assert (metrics["Hợp nhất về TTTHDL"], metrics["Lên đám mây"]) == ("1", "1")
    systems = shown.as_shown(_panel(app, "Hệ thống").dataframe[1])
    assert list(systems["Bước chuyển đổi"]) == ["Đã chuyển đổi", "Đang chuyển đổi"]
    assert list(systems["Nơi chuyển đến"]) == ["TTTHDL tỉnh", "Đám mây"]


def test_choosing_an_agency_updates_the_link(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    assert app.selectbox(key="progress_detail").value is None
    assert len(app.dataframe) == 1  # no detail yet
    app.selectbox(key="progress_detail").select("UBND-09187").run()
    assert not app.exception
    assert app.query_params["don_vi_chi_tiet"] == "UBND-09187"
    snapshots = shown.as_shown(app.dataframe[1])
    assert list(snapshots["Tệp"]) == ["bao_cao_2026-03-31.xlsx"] * 2  # Biểu 01 and 02
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
    assert {row["Tình trạng"] for row in rows.values()} == {"Chưa đến hạn"}
    assert shown.tiles(app)["Đơn vị chậm tiến độ"] == "0"
    assert rows["SO-TC"]["Còn lại"] == "2"


def test_agency_filter_narrows_the_rows(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi": "SO-TC,UBND-09187"})
    assert set(_rows(app)) == {"SO-TC", "UBND-09187"}
    assert shown.tiles(app)["Đơn vị chậm tiến độ"] == "2"


def test_data_centres_alone_have_no_chart(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"nhom": "data_centre"})
    assert set(_rows(app)) == {"TTTHDL-BN", "TTTHDL-BG"}
    assert not app.get("plotly_chart")


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, PAGE)
    assert not app.dataframe
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value


def test_more_agencies_than_a_styler_can_take(app_on, fixture_db, monkeypatch, con):
    # pandas refuses to style more than 262,144 cells: 16,384 agencies × 16 columns. Text
    # cells have no such cap: 20.007 agencies (the fixture's 117, 171 times over) show.
    agencies = progress.agency_progress(con, SECOND_DATE)
    many = pl.concat([agencies] * 171).with_columns(
        agency_code=pl.col("agency_code") + "-" + pl.int_range(pl.len()).cast(pl.String)
    )
    monkeypatch.setattr(data, "agency_progress", lambda view: many)
    app = app_on(fixture_db, PAGE)
    assert shown.tiles(app)["Số đơn vị"] == "20.007"
    rows = shown.as_shown(app.dataframe[0])
    assert len(rows) == 20_007 > 16_384
    assert rows.iloc[-1]["Mã đơn vị"] == f"{agencies['agency_code'][-1]}-20006"
    # SO-TC's last copy reads as SO-TC does (see test_rows_equal_the_fixture)
    tc = rows.iloc[20_007 - 117 + agencies["agency_code"].to_list().index("SO-TC")]
    assert (tc["Còn lại"], tc["Tiến độ hợp nhất máy chủ"], tc["Tiến độ"]) == ("1", "50,0%", 50.0)
