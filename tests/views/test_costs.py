"""Chi phí và tiết kiệm: the tiles, tables and charts shown for the fixture, and the empty cases.

tests/conftest.py as of 30/09/2026: SO-TC (baseline 100 M; TC-01 and TC-03 done, TC-02
still active), UBND-09187 (its 31/03 inventory: KB-01, 15 M, and a plan not sent), and the
former data centre TTTHDL-BN (nothing standalone, no plan). Amounts in triệu đồng.
"""

from __future__ import annotations

import formats
import queries
from queries import INDICATORS_BY_KEY, costs
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown

PAGE = "views/costs.py"
MONEY_KEYS = ("annual_cost_baseline_vnd", "savings_realised_vnd", "savings_planned_vnd")


def test_money_tiles_are_the_indicators(app_on, fixture_db, con):
    app = app_on(fixture_db, page=PAGE)
    expected = queries.compute_kpis(con, SECOND_DATE)
    tiles = shown.tiles(app)
    for key in MONEY_KEYS:
        label = INDICATORS_BY_KEY[key].label
        assert tiles[label] == formats.format_vnd(expected[key])


def test_tiles_worked_out_by_hand(app_on, fixture_db):
    tiles = shown.tiles(app_on(fixture_db, page=PAGE))
    assert tiles["Chi phí vận hành riêng lẻ ban đầu/năm"] == "115,0 triệu đồng"  # 100 + 15
    # done TC-01 50 + TC-03 30; hosting TC-01 16 + 12,8 + 3, TC-03 30
    assert tiles["Tiết kiệm thực tế/năm"] == "18,2 triệu đồng"
    assert tiles["Tiết kiệm dự kiến/năm"] == "60,0 triệu đồng"  # SO-TC's plan
    assert tiles["Kinh phí thực hiện các phương án"] == "500,0 triệu đồng"  # SO-TC 500, UBND 0


def test_change_since_previous_report_date(app_on, fixture_db):
    deltas = shown.deltas(app_on(fixture_db, page=PAGE))
    assert deltas["Tiết kiệm thực tế/năm"] == "+18,2 triệu đồng"  # nothing done on 31/03
    assert deltas["Tiết kiệm dự kiến/năm"] == "không đổi"
    assert deltas["Kinh phí thực hiện các phương án"] == "không đổi"


def test_agency_table(app_on, fixture_db):
    rows = shown.table(app_on(fixture_db, page=PAGE), "Đơn vị")
    assert rows == [
        {
            "Đơn vị": "Sở Tài chính",
            "Chi phí ban đầu": "100,0",
            "Chi phí còn lại": "20,0",  # TC-02
            "Tiết kiệm thực tế": "18,2",
            "Tiết kiệm dự kiến": "60,0",
            "Kinh phí": "500,0",
            "Phương án": "Đã phê duyệt",
            "Ngày phương án": "30/09/2026",
        },
        {
            "Đơn vị": "UBND phường Kinh Bắc",
            "Chi phí ban đầu": "15,0",
            "Chi phí còn lại": "15,0",
            "Tiết kiệm thực tế": "0,0",
            "Tiết kiệm dự kiến": "0,0",
            "Kinh phí": "0,0",
            "Phương án": "Chưa gửi",
            "Ngày phương án": "31/03/2026",
        },
        {
            "Đơn vị": "Trung tâm tích hợp dữ liệu (Bắc Ninh trước hợp nhất)",
            "Chi phí ban đầu": "–",  # a data centre holds nothing standalone
            "Chi phí còn lại": "–",
            "Tiết kiệm thực tế": "–",
            "Tiết kiệm dự kiến": "–",  # no plan
            "Kinh phí": "–",
            "Phương án": "Chưa có",
            "Ngày phương án": "–",
        },
    ]


def test_group_table_and_chart(app_on, fixture_db, con):
    app = app_on(fixture_db, page=PAGE)
    rows = shown.table(app, "Nhóm đơn vị")
    assert [r["Nhóm đơn vị"] for r in rows] == [
        "Sở, ban, ngành",
        "Trung tâm tích hợp dữ liệu",
        "UBND xã, phường",
    ]
    assert rows[0]["Tiết kiệm thực tế/năm"] == "18,2 triệu đồng"
    assert rows[0]["Kinh phí thực hiện"] == "500,0 triệu đồng"
    assert rows[1]["Chi phí ban đầu/năm"] == "–"

    chart = shown.chart(app, "Chi phí vận hành riêng lẻ và tiết kiệm/năm theo nhóm đơn vị")
    groups = costs.costs_by_group(con, SECOND_DATE)
    by_kind = {r["kind"]: r for r in groups.iter_rows(named=True)}
    realised = next(t for t in chart["data"] if t["name"] == "Tiết kiệm thực tế/năm")
    assert realised["y"] == [
        by_kind["department"]["savings_realised_vnd"] / 1e6,
        None,  # the data centres: nothing standalone, no bar
        by_kind["commune"]["savings_realised_vnd"] / 1e6,
    ]
    assert chart["layout"]["yaxis"]["title"]["text"] == "triệu đồng/năm"


def test_tariff_table(app_on, fixture_db):
    rows = shown.table(app_on(fixture_db, page=PAGE), "Tài nguyên")
    assert [tuple(r.values()) for r in rows] == [
        ("CPU", "nhân CPU", "1.000.000"),
        ("Bộ nhớ (RAM)", "GB RAM", "200.000"),
        ("Lưu trữ", "TB lưu trữ", "1.500.000"),
    ]


def test_realised_savings_explained(app_on, fixture_db):
    text = " ".join(md.value for md in app_on(fixture_db, page=PAGE).markdown)
    assert "80,0\u00a0triệu\u00a0đồng" in text  # TC-01 50 + TC-03 30
    assert "61,8\u00a0triệu\u00a0đồng" in text  # 31,8 + 30
    assert "**18,2\u00a0triệu\u00a0đồng**" in text


def test_first_report_date(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"ngay": FIRST_DATE.isoformat()})
    tiles = shown.tiles(app)
    assert tiles["Tiết kiệm thực tế/năm"] == "0,0 triệu đồng"  # nothing done yet
    assert tiles["Chi phí vận hành riêng lẻ ban đầu/năm"] == "115,0 triệu đồng"
    assert all(metric.proto.delta == "" for metric in app.metric)  # nothing before 31/03


def test_one_agency_chosen(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"don_vi": "SO-TC"})
    tiles = shown.tiles(app)
    assert tiles["Chi phí vận hành riêng lẻ ban đầu/năm"] == "100,0 triệu đồng"
    assert tiles["Tiết kiệm thực tế/năm"] == "18,2 triệu đồng"
    assert [r["Đơn vị"] for r in shown.table(app, "Đơn vị")] == ["Sở Tài chính"]


def test_agency_with_no_data_says_so(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"don_vi": "SO-TP"})
    assert not app.metric
    assert "chưa gửi Biểu 01" in app.info[0].value
    assert "30/09/2026" in app.info[0].value


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, page=PAGE)
    assert not app.metric
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value
