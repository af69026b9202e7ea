"""charts.systems: labels from loaders.forms, bars equal the frames, undefined shares draw nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl

from charts import systems as charts
from loaders.forms import MIGRATION_STAGES

BY_STAGE = pl.DataFrame(
    {
        "target": [t for t in ("ttthdl", "cloud", "ndc") for _ in range(5)],
        "stage": list(MIGRATION_STAGES) * 3,
        "systems": [19, 17, 6, 10, 150, 3, 3, 5, 1, 30, 1, 2, 1, 1, 11],
    }
)


def test_stage_destination_chart():
    figure = charts.stage_destination_chart(BY_STAGE)
    assert figure.layout.title.text == "Hệ thống thông tin theo nơi chuyển đến và bước chuyển đổi"
    assert figure.layout.xaxis.title.text == "Số hệ thống"
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == list(MIGRATION_STAGES.values())
    planned = figure.data[0]
    # the first destination at the top: Plotly draws the first category at the bottom
    assert list(planned.y) == ["Trung tâm Dữ liệu quốc gia", "Đám mây", "TTTHDL tỉnh"]
    assert list(planned.x) == [1, 3, 19]
    legacy_off = figure.data[-1]
    assert list(legacy_off.x) == [11, 30, 150]
    assert list(legacy_off.text) == ["11", "30", "150"]


def test_stage_destination_chart_zero_has_no_label():
    empty = BY_STAGE.with_columns(pl.lit(0).alias("systems"))
    figure = charts.stage_destination_chart(empty)
    assert all(list(trace.text) == ["", "", ""] for trace in figure.data)


def test_a_count_axis_ticks_whole_numbers_only():
    # with 2 systems at most Plotly would tick 0; 0,5; 1; … and ",d" print "0, 0, 1, 1"
    few = pl.DataFrame(
        {"target": ["ttthdl", "cloud"], "stage": ["migrated"] * 2, "systems": [1, 1]}
    )
    axis = charts.stage_destination_chart(few).layout.xaxis
    assert (axis.tickformat, axis.tick0, axis.dtick, axis.rangemode) == (",d", 0, 1, "tozero")
    # above ten, Plotly's own ticks are whole numbers already
    axis = charts.stage_destination_chart(BY_STAGE).layout.xaxis
    assert (axis.tickformat, axis.dtick) == (",d", None)


TSLCD = pl.DataFrame(
    {
        "kind": ["commune", "department", "police"],
        "required_agencies": [99, 15, 0],
        "connected": [84, 15, 0],
        "tslcd_connected_pct": [84.8, 100.0, None],
    }
)


def test_tslcd_by_group_chart():
    figure = charts.tslcd_by_group_chart(TSLCD)
    (bar,) = figure.data
    assert list(bar.x) == ["Sở, ban, ngành", "Công an tỉnh", "UBND xã, phường"]
    assert list(bar.y) == [100.0, None, 84.8]
    assert list(bar.text) == ["100,0%", "–", "84,8%"]
    assert list(bar.customdata) == ["100,0% (15/15)", "– (0/0)", "84,8% (84/99)"]
    assert figure.layout.yaxis.ticksuffix == "%"


SECURITY = pl.DataFrame(
    {
        "kind": ["data_centre", "department"],
        "agencies": [2, 15],
        "servers_active": [32, 94],
        "servers_active_monitored": [30, 61],
        "assets_active": [0, 100],
        "assets_active_backed_up": [0, 66],
        "soc_monitored_pct": [93.8, 64.9],
        "backup_central_pct": [None, 66.0],
    }
)


def test_security_coverage_chart():
    figure = charts.security_coverage_chart(SECURITY)
    soc, backup = figure.data
    assert soc.name == "Máy chủ được giám sát ATTT tập trung"
    assert backup.name == "Thiết bị được sao lưu tập trung"
    assert list(soc.x) == ["Sở, ban, ngành", "Trung tâm tích hợp dữ liệu"]
    assert list(soc.y) == [64.9, 93.8]
    assert list(backup.y) == [66.0, None]


def test_security_groups_table():
    table = charts.security_groups_table(SECURITY).text()
    assert table.rows() == [
        ("Sở, ban, ngành", "15", "64,9% (61/94)", "66,0% (66/100)"),
        ("Trung tâm tích hợp dữ liệu", "2", "93,8% (30/32)", "– (0/0)"),
    ]


LEVELS = pl.DataFrame(
    {
        "subject": ["servers"] * 6 + ["systems"] * 6,
        "security_level": [1, 2, 3, 4, 5, None] * 2,
        "count": [23, 86, 70, 25, 0, 48, 0, 71, 133, 56, 0, 0],
    },
    schema_overrides={"security_level": pl.Int32},
)


def test_security_levels_chart():
    figure = charts.security_levels_chart(LEVELS, "servers")
    (bar,) = figure.data
    assert figure.layout.title.text == "Cấp độ ATTT của máy chủ đang hoạt động"
    assert figure.layout.xaxis.title.text == "Số máy chủ"
    # level 1 at the top, "Chưa xác định" (blank) at the bottom
    assert list(bar.y) == [
        "Chưa xác định",
        "Cấp độ 5",
        "Cấp độ 4",
        "Cấp độ 3",
        "Cấp độ 2",
        "Cấp độ 1",
    ]
    assert list(bar.x) == [48, 0, 25, 70, 86, 23]
    systems_figure = charts.security_levels_chart(LEVELS, "systems")
    assert systems_figure.layout.title.text == "Cấp độ ATTT của hệ thống thông tin"
    assert list(systems_figure.data[0].x) == [0, 0, 56, 133, 71, 0]


def test_unconnected_systems_table():
    systems = pl.DataFrame(
        {
            "agency_name": ["Sở Tài chính"],
            "system_code": ["HT-02"],
            "system_name": ["Cổng thông tin điện tử"],
            "target": ["cloud"],
            "stage": ["migrating"],
            "report_date": [dt.date(2026, 9, 30)],
        }
    )
    assert charts.unconnected_systems_table(systems).text().rows(named=True) == [
        {
            "Đơn vị": "Sở Tài chính",
            "Mã hệ thống": "HT-02",
            "Tên hệ thống": "Cổng thông tin điện tử",
            "Nơi chuyển đến": "Đám mây",
            "Bước chuyển đổi": "Đang chuyển đổi",
            "Ngày số liệu": "30/09/2026",
        }
    ]


def test_unconnected_agencies_table():
    agencies = pl.DataFrame(
        {
            "name": ["Sở Tư pháp", "Văn phòng UBND tỉnh"],
            "kind": ["department", "department"],
            "plan_date": [dt.date(2026, 3, 20), None],
        }
    )
    assert charts.unconnected_agencies_table(agencies).text().rows() == [
        ("Sở Tư pháp", "Sở, ban, ngành", "20/03/2026"),
        ("Văn phòng UBND tỉnh", "Sở, ban, ngành", "Chưa gửi Biểu 02"),
    ]
