"""Lộ trình: the milestones, indicators against targets, trends and the centres' merger shown
on the fixture database equal the queries, worked out by hand where it matters."""

from __future__ import annotations

import queries
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown

PAGE = "views/roadmap.py"


def test_every_chart_is_shown(app_on, fixture_db):
    charts = shown.charts(app_on(fixture_db, PAGE))
    assert set(charts) == {
        "Các mốc lộ trình 2026–2030",
        "Chỉ tiêu so với mục tiêu",
        "Diễn biến các chỉ tiêu qua các ngày số liệu",
        "Hợp nhất hai Trung tâm tích hợp dữ liệu (Bắc Ninh cũ, Bắc Giang cũ)",
    }


# The fixture on 30/09/2026, by hand (tests/conftest.py): plans sent 1 of the 117 required
# agencies (SO-TC; UBND-09187's says "Chưa gửi") = 0,9 %; consolidation TC-01 of TC-01,
# TC-02, KB-01 = 33,3 %; systems migrated and on NDXP HT-01 of HT-01, HT-02 = 50 %; TSLCD
# SO-TC of 117 = 0,9 %; SOC and central backup TC-02 of the active TC-02, KB-01 = 50 %; on
# the cloud or the NDC: no system migrated there = 0 %. M2026B runs from 31/03/2026 (M2026A's
# due date) to 31/12/2026: on 30/09, 183 of its 275 days, 100 % × 183/275 = 66,5 % is due.
# M2028 and M2030 start on 01/01/2027 and 01/01/2029: nothing is due yet.
MILESTONES_ON_30_09_2026 = [
    # milestone, due, indicator, value, target, due by 30/09/2026, status
    ("M2026A", "31/03/2026", "Tỷ lệ đơn vị đã gửi phương án", "0,9%", "100,0%", "100,0%", "Chậm"),
    ("M2026B", "31/12/2026", "Tiến độ hợp nhất máy chủ", "33,3%", "100,0%", "66,5%", "Chậm"),
    ("M2026B", "31/12/2026", "Tỷ lệ hệ thống đã chuyển đổi", "50,0%", "100,0%", "66,5%", "Chậm"),
    ("M2026B", "31/12/2026", "Tỷ lệ hệ thống kết nối NDXP/LGSP", "50,0%", "100,0%", "66,5%", "Chậm"),
    ("M2028", "31/12/2028", "Tỷ lệ đơn vị kết nối mạng TSLCD", "0,9%", "100,0%", "0,0%", "Chưa đến hạn"),
    ("M2028", "31/12/2028", "Tỷ lệ máy chủ được giám sát ATTT tập trung", "50,0%", "100,0%", "0,0%", "Chưa đến hạn"),
    ("M2028", "31/12/2028", "Tỷ lệ sao lưu tập trung", "50,0%", "100,0%", "0,0%", "Chưa đến hạn"),
    ("M2030", "31/12/2030", "Tỷ lệ hệ thống trên đám mây, Trung tâm Dữ liệu quốc gia", "0,0%", "60,0%", "0,0%", "Chưa đến hạn"),
]  # fmt: skip


def test_milestones_on_30_09_2026(app_on, fixture_db):
    rows = shown.table(app_on(fixture_db, PAGE), "Mốc")
    columns = ("Mốc", "Hạn", "Chỉ tiêu", "Giá trị", "Mục tiêu", "Cần đạt đến 30/09/2026")
    assert [(*(r[c] for c in columns), r["Trạng thái"]) for r in rows] == MILESTONES_ON_30_09_2026


def test_milestone_timeline_on_30_09_2026(app_on, fixture_db):
    timeline = shown.chart(app_on(fixture_db, PAGE), "Các mốc lộ trình 2026–2030")
    # each milestone a bar from its start to its due date, coloured by its worst indicator:
    # M2026A (plans, due 31/03) and M2026B (33,3 % < 66,5 %) late; 2028 and 2030 not due
    spans = {
        trace["name"]: [(start, due) for start, due, _status in trace["customdata"]]
        for trace in timeline["data"]
        if trace["type"] == "bar"
    }
    assert spans == {
        "Chậm": [("01/01/2026", "31/03/2026"), ("31/03/2026", "31/12/2026")],
        "Chưa đến hạn": [("01/01/2027", "31/12/2028"), ("01/01/2029", "31/12/2030")],
    }


def test_milestone_statuses_on_31_03_2026(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"ngay": FIRST_DATE.isoformat()})
    table = shown.as_shown(app.dataframe[0])
    # plans due that day and not all sent; the end-2026 milestone starts that day
    assert table["Trạng thái"].tolist()[:4] == [
        "Chậm",
        "Đúng tiến độ",
        "Đúng tiến độ",
        "Đúng tiến độ",
    ]


def test_targets_chart_shows_each_indicator_against_its_target(app_on, fixture_db):
    spec = shown.chart(app_on(fixture_db, PAGE), "Chỉ tiêu so với mục tiêu")
    values = [value for *_, value, _target, _due, _status in MILESTONES_ON_30_09_2026]
    assert shown.trace(spec, "Chậm")["text"] == values[:4]
    assert shown.trace(spec, "Chưa đến hạn")["text"] == values[4:]
    assert shown.trace(spec, "Mục tiêu")["customdata"] == ["100,0%"] * 7 + ["60,0%"]
    # the straight line's due value, for the milestone under way (M2026B) only
    assert shown.trace(spec, "Mức cần đạt theo tiến độ")["customdata"] == ["66,5%"] * 3


def test_trend_equals_kpi_trend(app_on, fixture_db, con):
    spec = shown.charts(app_on(fixture_db, PAGE))["Diễn biến các chỉ tiêu qua các ngày số liệu"]
    trend = queries.kpi_trend(con, [FIRST_DATE, SECOND_DATE])
    consolidation = trend.filter(trend["key"] == "consolidation_pct")["value"].to_list()
    values = [t for t in spec["data"] if t["name"] == "Giá trị"]
    assert len(values) == 8  # one panel per milestone indicator
    assert values[1]["y"] == consolidation == [0.0, 33.3]


def test_centre_merger_table_and_chart(app_on, fixture_db):
    app = app_on(fixture_db, PAGE)
    table = shown.as_shown(app.dataframe[1]).set_index("Chỉ tiêu")
    assert table.loc["Máy chủ"].tolist() == ["–", "1"]  # BG never reported; BN-01
    assert table.loc["Máy chủ đã hợp nhất về TTTHDL"].tolist() == ["–", "1"]
    assert table.loc["Lưu trữ (TB)"].tolist() == ["–", "4,0"]
    spec = shown.charts(app)["Hợp nhất hai Trung tâm tích hợp dữ liệu (Bắc Ninh cũ, Bắc Giang cũ)"]
    assert shown.trace(spec, "Đã hợp nhất về TTTHDL")["x"] == ["TTTHDL-BG", "TTTHDL-BN"]
    captions = " ".join(c.value for c in app.caption)
    assert "Chưa báo cáo Biểu 01: Trung tâm tích hợp dữ liệu (Bắc Giang trước hợp nhất)" in captions


def test_agencies_without_a_centre_say_so(app_on, fixture_db):
    app = app_on(fixture_db, PAGE, query={"don_vi": "SO-TC"})
    assert "không gồm Trung tâm tích hợp dữ liệu" in " ".join(i.value for i in app.info)
    table = shown.as_shown(app.dataframe[0])
    assert table["Giá trị"].tolist()[1] == "50,0%"  # SO-TC alone: TC-01 of TC-01, TC-02


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, PAGE)
    assert not app.get("plotly_chart")
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value
