"""Tổng quan: the tiles show every indicator of the fixture, labelled and formatted in Vietnamese."""

from __future__ import annotations

import formats
import queries
from queries import INDICATORS
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown
from tests.views.test_roadmap import MILESTONES_ON_30_09_2026
from ui.text import plain


def test_tiles_equal_the_indicators_of_the_latest_date(app_on, fixture_db, con):
    app = app_on(fixture_db)
    expected = queries.compute_kpis(con, SECOND_DATE)
    tiles = shown.tiles(app)
    assert set(tiles) == {indicator.label for indicator in INDICATORS}
    for indicator in INDICATORS:
        assert tiles[indicator.label] == formats.format_kpi(expected[indicator.key], indicator.unit)


def test_tile_values_worked_out_by_hand(app_on, fixture_db):
    # tests/conftest.py, as of 30/09/2026 (each agency's latest snapshot up to then):
    tiles = shown.tiles(app_on(fixture_db))
    assert tiles["Máy chủ riêng lẻ ban đầu"] == "3"  # TC-01, TC-02, KB-01; BN-01 is a data centre's
    assert tiles["Máy chủ riêng lẻ còn lại"] == "2"  # TC-02 active; KB-01 from the 31/03 snapshot
    assert tiles["Tiến độ hợp nhất máy chủ"] == "33,3%"  # TC-01 done of TC-01, TC-02, KB-01
    assert tiles["Tỷ lệ đơn vị đã gửi phương án"] == "0,9%"  # SO-TC of 117 required agencies
    assert tiles["Tỷ lệ đơn vị đã báo cáo trong kỳ"] == "1,7%"  # SO-TC, TTTHDL-BN of 117
    assert tiles["Dung lượng lưu trữ đã chuyển (TB)"] == "22,0"  # TC-01 2 TB + TC-03 20 TB
    assert tiles["Tỷ lệ hệ thống đã chuyển đổi"] == "50,0%"  # HT-01 of HT-01, HT-02
    assert tiles["Tỷ lệ hệ thống trên đám mây, Trung tâm Dữ liệu quốc gia"] == "0,0%"
    assert tiles["Chi phí vận hành riêng lẻ ban đầu/năm"] == "115,0 triệu đồng"
    # done: TC-01 50 M + TC-03 30 M; hosting TC-01 16×1 M + 64×0,2 M + 2×1,5 M, TC-03 20×1,5 M
    assert tiles["Tiết kiệm thực tế/năm"] == "18,2 triệu đồng"
    assert tiles["Tiết kiệm dự kiến/năm"] == "60,0 triệu đồng"
    assert tiles["Đơn vị chậm tiến độ"] == "117"  # 116 without a plan; SO-TC at 50 % < 66,5 %


def test_change_since_previous_report_date(app_on, fixture_db):
    app = app_on(fixture_db)
    deltas = shown.deltas(app)
    assert deltas["Máy chủ riêng lẻ còn lại"] == "-1"  # 3 on 31/03, 2 on 30/09
    assert deltas["Tiến độ hợp nhất máy chủ"] == "+33,3 điểm phần trăm"  # 0 % on 31/03


def test_report_date_from_the_link(app_on, fixture_db):
    app = app_on(fixture_db, query={"ngay": FIRST_DATE.isoformat()})
    assert app.sidebar.selectbox[0].value == FIRST_DATE
    assert shown.tiles(app)["Máy chủ riêng lẻ còn lại"] == "3"
    assert all(metric.proto.delta == "" for metric in app.metric)  # nothing before 31/03


def test_choosing_an_earlier_date_updates_tiles_and_link(app_on, fixture_db):
    app = app_on(fixture_db)
    app.sidebar.selectbox[0].select(FIRST_DATE).run()
    assert shown.tiles(app)["Máy chủ riêng lẻ còn lại"] == "3"
    assert app.query_params["ngay"] == FIRST_DATE.isoformat()


def test_freshness_line_names_the_latest_upload(app_on, fixture_db):
    captions = " ".join(c.value for c in app_on(fixture_db).caption)
    assert "Cập nhật lần cuối lúc" in captions
    # the file name is the agency's text: shown as typed (its Markdown characters escaped)
    assert plain(f"bao_cao_{SECOND_DATE}.xlsx") in captions
    assert "30/09/2026" in captions


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db)
    assert not app.metric
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value


def test_burndown_points_are_servers_remaining_at_each_report_date(app_on, fixture_db, con):
    spec = shown.chart(app_on(fixture_db), "Máy chủ riêng lẻ còn lại so với lộ trình")
    actual, schedule = shown.trace(spec, "Thực tế"), shown.trace(spec, "Theo lộ trình")
    expected = [
        queries.compute_kpis(con, d)["servers_remaining"] for d in (FIRST_DATE, SECOND_DATE)
    ]
    assert actual["x"] == [FIRST_DATE.isoformat(), SECOND_DATE.isoformat()]
    assert actual["y"] == expected == [3, 2]
    # the straight line from the baseline (3 servers) on 31/03/2026 to 0 on 31/12/2026
    assert (schedule["x"][0], schedule["y"][0]) == ("2026-03-31", 3.0)
    assert (schedule["x"][-1], schedule["y"][-1]) == ("2026-12-31", 0.0)


def test_roadmap_strip_shows_each_milestone_status(app_on, fixture_db):
    texts = [m.value for m in app_on(fixture_db).markdown]
    headers = [t for t in texts if t.startswith("**Giai đoạn")]
    # 30/09/2026: plans (0,9 %) and consolidation (33,3 % < 66,5 %) late; later phases not due
    assert headers == [
        "**Giai đoạn 2026**  \n:red-badge[Chậm] hạn 31/03/2026",
        "**Giai đoạn 2026**  \n:red-badge[Chậm] hạn 31/12/2026",
        "**Giai đoạn 2027–2028**  \n:gray-badge[Chưa đến hạn] hạn 31/12/2028",
        "**Giai đoạn 2029–2030**  \n:gray-badge[Chưa đến hạn] hạn 31/12/2030",
    ]
    # each card lists its indicators: value / target and status, as worked out for Lộ trình
    cards: dict[str, list[str]] = {}
    for milestone, _due, label, value, target, _due_now, status in MILESTONES_ON_30_09_2026:
        colour = {"Chậm": "red", "Chưa đến hạn": "gray"}[status]
        line = f"- {label}: **{value}** / {target} :{colour}[{status.lower()}]"
        cards.setdefault(milestone, []).append(line)
    assert [t for t in texts if t.startswith("- ")] == ["\n".join(c) for c in cards.values()]


def test_agencies_most_behind(app_on, fixture_db, con):
    from queries import progress

    app = app_on(fixture_db)
    behind = progress.agencies_most_behind(con, SECOND_DATE)
    table = shown.as_shown(app.dataframe[0])
    assert table["Đơn vị"].tolist() == behind["agency"].to_list()
    assert len(table) == 10
    assert "10 đơn vị chậm nhất trong 117 đơn vị chậm tiến độ" in " ".join(
        c.value for c in app.caption
    )


def test_nobody_is_late_up_to_the_plans_deadline(app_on, fixture_db):
    app = app_on(fixture_db, query={"ngay": FIRST_DATE.isoformat()})
    assert "chưa đơn vị nào bị tính là chậm" in " ".join(i.value for i in app.info)
    assert not app.dataframe


def test_an_agency_with_no_inventory_has_no_burndown(app_on, fixture_db):
    app = app_on(fixture_db, query={"don_vi": "SO-XD"})  # a department with no data at all
    assert "chưa báo cáo máy chủ riêng lẻ nào" in " ".join(i.value for i in app.info)
    assert "Máy chủ riêng lẻ còn lại so với lộ trình" not in shown.charts(app)


def test_a_link_to_a_date_before_any_data_says_so(app_on, fixture_db):
    app = app_on(fixture_db, query={"ngay": "2025-12-31"})
    assert "Chưa có số liệu nào đến ngày 31/12/2025" in app.sidebar.warning[0].value
    assert app.sidebar.selectbox[0].value == FIRST_DATE  # the first data, said, not a 0 %


def test_a_link_between_report_dates_shows_the_one_before(app_on, fixture_db):
    app = app_on(fixture_db, query={"ngay": "2026-08-01"})
    assert app.sidebar.selectbox[0].value == FIRST_DATE
    assert "31/03/2026" in app.sidebar.info[0].value


def test_a_broken_date_in_the_link_falls_back_to_the_latest(app_on, fixture_db):
    app = app_on(fixture_db, query={"ngay": "31-12-2026"})
    assert app.sidebar.selectbox[0].value == SECOND_DATE
    assert "không hợp lệ" in app.sidebar.warning[0].value
