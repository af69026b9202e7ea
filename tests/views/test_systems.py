"""Hệ thống và an toàn thông tin: tiles, charts and lists shown for the fixture, and the empty cases.

tests/conftest.py as of 30/09/2026: SO-TC's systems HT-01 (TTTHDL tỉnh, migrated, on NDXP)
and HT-02 (cloud, migrating, not on NDXP); active servers TC-02 (SO-TC, monitored, backed
up) and KB-01 (UBND-09187's 31/03 inventory, neither); TTTHDL-BN's BN-01 is consolidated.
Only SO-TC's plan says TSLCD. No security level is filled in.
"""

from __future__ import annotations

import formats
import queries
from queries import INDICATORS_BY_KEY, systems
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown

PAGE = "views/systems.py"
KEYS = (
    "systems_migrated_pct",
    "cloud_share_pct",
    "ndxp_connected_pct",
    "tslcd_connected_pct",
    "soc_monitored_pct",
    "backup_central_pct",
)


def test_tiles_are_the_indicators(app_on, fixture_db, con):
    expected = queries.compute_kpis(con, SECOND_DATE)
    tiles = shown.tiles(app_on(fixture_db, page=PAGE))
    assert set(tiles) == {INDICATORS_BY_KEY[key].label for key in KEYS}
    for key in KEYS:
        assert tiles[INDICATORS_BY_KEY[key].label] == formats.format_pct(expected[key])


def test_tiles_worked_out_by_hand(app_on, fixture_db):
    tiles = shown.tiles(app_on(fixture_db, page=PAGE))
    assert tiles["Tỷ lệ hệ thống đã chuyển đổi"] == "50,0%"  # HT-01 of 2
    assert tiles["Tỷ lệ hệ thống kết nối NDXP/LGSP"] == "50,0%"  # HT-01 of 2
    assert tiles["Tỷ lệ đơn vị kết nối mạng TSLCD"] == "0,9%"  # SO-TC of 117
    assert tiles["Tỷ lệ máy chủ được giám sát ATTT tập trung"] == "50,0%"  # TC-02 of TC-02, KB-01
    assert tiles["Tỷ lệ sao lưu tập trung"] == "50,0%"  # TC-02 of TC-02, KB-01


def test_systems_by_stage_and_destination(app_on, fixture_db, con):
    chart = shown.chart(
        app_on(fixture_db, page=PAGE), "Hệ thống thông tin theo nơi chuyển đến và bước chuyển đổi"
    )
    counts = {
        (label, trace["name"]): count
        for trace in chart["data"]
        for label, count in zip(trace["y"], trace["x"], strict=True)
        if count
    }
    assert counts == {("TTTHDL tỉnh", "Đã chuyển đổi"): 1, ("Đám mây", "Đang chuyển đổi"): 1}
    assert sum(sum(trace["x"]) for trace in chart["data"]) == (
        systems.systems_by_stage(con, SECOND_DATE)["systems"].sum()
    )


def test_systems_not_on_ndxp(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    # HT-02 alone (HT-01 is on NDXP); tests/charts/test_systems.py checks every cell's text
    (row,) = shown.table(app, "Mã hệ thống")
    assert (row["Đơn vị"], row["Mã hệ thống"], row["Bước chuyển đổi"]) == (
        "Sở Tài chính",
        "HT-02",
        "Đang chuyển đổi",
    )
    captions = " ".join(c.value for c in app.caption)
    assert "1 trong 2 hệ thống đã kết nối" in captions


def test_agencies_not_on_tslcd(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    rows = shown.table(app, "Phương án mới nhất")
    assert len(rows) == 116  # every required agency but SO-TC
    by_name = {r["Đơn vị"]: r for r in rows}
    assert "Sở Tài chính" not in by_name
    assert by_name["UBND phường Kinh Bắc"]["Phương án mới nhất"] == "31/03/2026"
    assert by_name["Sở Tư pháp"]["Phương án mới nhất"] == "Chưa gửi Biểu 02"
    assert "Đơn vị chưa kết nối TSLCD (116)" in " ".join(md.value for md in app.markdown)
    chart = shown.chart(app, "Đơn vị kết nối mạng TSLCD theo nhóm đơn vị")
    assert chart["data"][0]["customdata"] == [
        "6,7% (1/15)", "0,0% (0/1)", "0,0% (0/2)", "0,0% (0/99)",
    ]  # fmt: skip


def test_monitoring_and_backup_by_group(app_on, fixture_db):
    rows = shown.table(app_on(fixture_db, page=PAGE), "Nhóm đơn vị")
    assert [tuple(r.values()) for r in rows] == [
        ("Sở, ban, ngành", "1", "100,0% (1/1)", "100,0% (1/1)"),
        # TTTHDL-BN's only server is consolidated: nothing active, undefined, not 0 %
        ("Trung tâm tích hợp dữ liệu", "1", "– (0/0)", "– (0/0)"),
        ("UBND xã, phường", "1", "0,0% (0/1)", "0,0% (0/1)"),
    ]


def test_security_levels_blank_reads_not_determined(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    for title in ("Cấp độ ATTT của máy chủ đang hoạt động", "Cấp độ ATTT của hệ thống thông tin"):
        (bar,) = shown.chart(app, title)["data"]
        counts = dict(zip(bar["y"], bar["x"], strict=True))
        assert counts == {
            "Cấp độ 1": 0,
            "Cấp độ 2": 0,
            "Cấp độ 3": 0,
            "Cấp độ 4": 0,
            "Cấp độ 5": 0,
            "Chưa xác định": 2,  # TC-02, KB-01; HT-01, HT-02
        }


def test_first_report_date(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"ngay": FIRST_DATE.isoformat()})
    tiles = shown.tiles(app)
    assert tiles["Tỷ lệ hệ thống đã chuyển đổi"] == "0,0%"  # HT-01 planned
    # TC-01 and BN-01 monitored of the servers TC-01, TC-02, KB-01, BN-01 (TC-03 is storage)
    assert tiles["Tỷ lệ máy chủ được giám sát ATTT tập trung"] == "50,0%"


def test_agency_without_systems(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"don_vi": "UBND-09187"})
    assert "chưa báo cáo hệ thống nào (Biểu 03)" in app.info[0].value
    tiles = shown.tiles(app)
    assert tiles["Tỷ lệ máy chủ được giám sát ATTT tập trung"] == "0,0%"  # KB-01
    assert tiles["Tỷ lệ đơn vị kết nối mạng TSLCD"] == "0,0%"
    assert "Tỷ lệ hệ thống đã chuyển đổi" not in tiles  # no "0%" for systems it never had


def test_agency_with_no_data_says_so(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"don_vi": "SO-TP"})
    assert not app.metric
    assert not app.get("plotly_chart")
    assert "chưa gửi biểu mẫu nào" in app.info[0].value


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, page=PAGE)
    assert not app.metric
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value


def test_a_rerun_shows_the_figures_built_before(app_on, fixture_db, monkeypatch):
    # every click on a page reruns it: the figures of the same data are built once
    import functools

    from charts import systems as system_charts

    built = []
    original = system_charts.security_levels_chart

    @functools.wraps(original)
    def counted(*args, **kwargs):
        built.append(args[1:])
        return original(*args, **kwargs)

    monkeypatch.setattr(system_charts, "security_levels_chart", counted)
    app = app_on(fixture_db, page=PAGE)
    first = shown.charts(app)
    assert built == [("servers",), ("systems",)]
    app.run()
    assert not app.exception
    assert built == [("servers",), ("systems",)]  # not built again
    assert shown.charts(app) == first
