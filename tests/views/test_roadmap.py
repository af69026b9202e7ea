"""Lộ trình: the milestones, indicators against targets, trends and the centres' merger shown
on the fixture database equal the queries, worked out by hand where it matters."""

from __future__ import annotations

import db
import queries
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown

PAGE = "views/roadmap.py"


def test_every_chart_is_shown(app_on, fixture_db):
    charts = shown.charts(app_on(fixture_db, PAGE))
    assert set(charts) == {
        "Các mốc lộ trình 2026–2030",
        "Chỉ tiêu so với mục tiêu",
        "Diễn biến các chỉ tiêu qua các kỳ báo cáo",
        "Hợp nhất hai trung tâm tích hợp dữ liệu",
    }


def test_milestone_statuses_on_30_09_2026(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    timeline = shown.charts(app)["Các mốc lộ trình 2026–2030"]
    bars = {t["name"]: len(t["y"]) for t in timeline["data"] if t["type"] == "bar"}
    # M2026A (0,9 % of plans, due 31/03) and M2026B (33,3 % < 66,5 %) late; 2028 and 2030 not due
    assert bars == {"Chậm": 2, "Chưa đến hạn": 2}
    table = app.dataframe[0].value
    assert table["Trạng thái"].tolist() == ["Chậm"] * 4 + ["Chưa đến hạn"] * 4
    assert table["Giá trị"].tolist() == [
        "0,9 %", "33,3 %", "50,0 %", "50,0 %", "0,9 %", "50,0 %", "50,0 %", "0,0 %",
    ]  # fmt: skip
    assert table["Cần đạt đến 30/09/2026"].tolist()[1] == "66,5 %"


def test_milestone_statuses_on_31_03_2026(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"ngay": FIRST_DATE.isoformat()})
    table = app.dataframe[0].value
    # plans due that day and not all sent; the end-2026 milestone starts that day
    assert table["Trạng thái"].tolist()[:4] == [
        "Chậm",
        "Đúng tiến độ",
        "Đúng tiến độ",
        "Đúng tiến độ",
    ]


def test_targets_chart_shows_each_indicator_against_its_target(app_on, fixture_db):
    spec = shown.charts(app_on(fixture_db, PAGE))["Chỉ tiêu so với mục tiêu"]
    assert shown.trace(spec, "Mục tiêu")["x"] == [100.0] * 7 + [60.0]
    assert shown.trace(spec, "Chậm")["text"] == ["0,9 %", "33,3 %", "50,0 %", "50,0 %"]


def test_trend_equals_kpi_trend(app_on, fixture_db):
    spec = shown.charts(app_on(fixture_db, PAGE))["Diễn biến các chỉ tiêu qua các kỳ báo cáo"]
    con = db.connect(fixture_db, read_only=True)
    trend = queries.kpi_trend(con, [FIRST_DATE, SECOND_DATE])
    con.close()
    consolidation = trend.filter(trend["key"] == "consolidation_pct")["value"].to_list()
    values = [t for t in spec["data"] if t["name"] == "Giá trị"]
    assert len(values) == 8  # one panel per milestone indicator
    assert values[1]["y"] == consolidation == [0.0, 33.3]


def test_centre_merger_table_and_chart(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    table = app.dataframe[1].value.set_index("Chỉ tiêu")
    assert table.loc["Máy chủ"].tolist() == ["–", "1"]  # BG never reported; BN-01
    assert table.loc["Máy chủ đã hợp nhất về TTTHDL"].tolist() == ["–", "1"]
    assert table.loc["Lưu trữ (TB)"].tolist() == ["–", "4,0"]
    spec = shown.charts(app)["Hợp nhất hai trung tâm tích hợp dữ liệu"]
    assert shown.trace(spec, "Đã hợp nhất về TTTHDL")["x"] == ["TTTHDL-BG", "TTTHDL-BN"]
    captions = " ".join(c.value for c in app.caption)
    assert "Chưa báo cáo kiểm kê: Trung tâm tích hợp dữ liệu (Bắc Giang trước hợp nhất)" in captions


def test_agencies_without_a_centre_say_so(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi": "SO-TC"})
    assert "không gồm trung tâm tích hợp dữ liệu" in " ".join(i.value for i in app.info)
    table = app.dataframe[0].value
    assert table["Giá trị"].tolist()[1] == "50,0 %"  # SO-TC alone: TC-01 of TC-01, TC-02


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, PAGE)
    assert not app.get("plotly_chart")
    assert "Chưa có số liệu nào" in app.info[0].value
