"""Figures and tables of "Tiến độ theo đơn vị": their data equal the query's, text in Vietnamese."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from charts import progress as charts
from queries import progress

# the small hand-checked database of the query tests
from tests.queries.conftest import build_db, kpi_con, kpi_db_path  # noqa: F401

D = dt.date


@pytest.fixture
def frame(kpi_con):  # noqa: F811
    return progress.agency_progress(kpi_con, D(2026, 7, 1))


def test_kind_chart_bars_equal_the_groups(kpi_con):  # noqa: F811
    groups = progress.progress_by_kind(kpi_con, D(2026, 7, 1))
    figure = charts.kind_chart(groups)
    done, remaining = figure.data
    assert (done.name, remaining.name) == ("Đã xử lý", "Còn lại")
    # the data centres hold no standalone server: no bar for them
    shown = groups.filter(pl.col("kind") != "data_centre")
    assert list(done.x) == shown["servers_done"].to_list()
    assert list(remaining.x) == shown["servers_remaining"].to_list()
    assert [label.split("<br>")[0] for label in done.y] == shown["kind_label"].to_list()
    assert done.y[0] == "Sở, ban, ngành<br><span style='font-size:11px'>13/15 đơn vị chậm</span>"
    # each bar ends with its group's %, Vietnamese format
    assert [a.text for a in figure.layout.annotations] == [
        "<b>60,0%</b>", "<b>–</b>", "<b>100,0%</b>",
    ]  # fmt: skip
    assert figure.layout.separators == ",."
    assert figure.layout.title.text.startswith("Máy chủ riêng lẻ theo nhóm đơn vị")
    assert figure.layout.xaxis.title.text == "Số máy chủ"


def test_kind_chart_of_nothing(kpi_con):  # noqa: F811
    groups = progress.progress_by_kind(kpi_con, D(2026, 7, 1))
    assert charts.has_standalone_servers(groups)
    data_centres = groups.filter(pl.col("kind") == "data_centre")
    assert not charts.has_standalone_servers(data_centres)
    assert all(len(bar.x) == 0 for bar in charts.kind_chart(data_centres).data)


def test_history_chart(kpi_con):  # noqa: F811
    history = progress.agency_detail(kpi_con, "SO-TC", D(2026, 7, 1))["history"]
    figure = charts.history_chart(history, "Sở Tài chính")
    done, remaining = figure.data
    assert list(done.x) == ["15/01/2026", "01/07/2026"]
    assert list(done.y) == [0, 3] and list(remaining.y) == [3, 1]
    assert "Sở Tài chính" in figure.layout.title.text
    assert figure.layout.yaxis.title.text == "Số máy chủ"


def test_agency_table_shows_vietnamese_text(frame):
    table = charts.agency_table(frame.filter(pl.col("agency_code").is_in(["SO-TC", "SO-XD"])))
    assert table.text().columns == [c.header for c in charts.AGENCY_COLUMNS.values()]
    rows = {row["Mã đơn vị"]: row for row in table.text().rows(named=True)}
    tc = rows["SO-TC"]
    assert (tc["Máy chủ ban đầu"], tc["Còn lại"], tc["Tiến độ hợp nhất máy chủ"]) == (
        "3",
        "1",
        "66,7%",
    )
    assert (tc["Báo cáo gần nhất"], tc["Báo cáo trong kỳ"]) == ("01/07/2026", "Có")
    # the bar keeps its number: it is drawn from it, and sorts by it
    assert tc["Tiến độ"] == 66.7
    # SO-XD has no inventory: its counts are unknown, not 0
    xd = rows["SO-XD"]
    assert (xd["Máy chủ ban đầu"], xd["Tiến độ hợp nhất máy chủ"], xd["Tiến độ"]) == (
        "–",
        "–",
        None,
    )


def test_detail_tables(kpi_con):  # noqa: F811
    detail = progress.agency_detail(kpi_con, "SO-TC", D(2026, 7, 1))
    assets = charts.asset_table(detail["assets"]).text()
    assert assets.columns == [c.header for c in charts.ASSET_COLUMNS.values()]
    assert "100,0 triệu đồng" in assets["Chi phí/năm"].to_list()
    assert "Đã hợp nhất về TTTHDL" in assets["Hiện trạng"].to_list()
    systems = charts.system_table(detail["systems"]).text()
    assert systems.columns == [c.header for c in charts.SYSTEM_COLUMNS.values()]
    snapshots = charts.snapshot_table(detail["snapshots"]).text()
    assert snapshots.columns == [c.header for c in charts.SNAPSHOT_COLUMNS.values()]
    # rows loaded without an upload (this fixture) read "–" for the file, never "None"
    assert snapshots.row(0, named=True) == {
        "Ngày số liệu": "01/07/2026",
        "Biểu": "Biểu 01 – Danh mục máy chủ, hệ thống lưu trữ",
        "Số dòng": "5",
        "Tệp": "–",
        "Người nạp": "–",
        "Thời điểm nạp": "–",
        "Trang tính": "Biểu 01",
    }
    assert snapshots["Ngày số liệu"].to_list()[-1] == "15/01/2026"


def test_labels_are_vietnamese():
    for columns in (
        charts.AGENCY_COLUMNS,
        charts.SNAPSHOT_COLUMNS,
        charts.ASSET_COLUMNS,
        charts.SYSTEM_COLUMNS,
    ):
        assert all(c.header and c.header[0].isupper() for c in columns.values())
    assert set(charts.STATUS_BADGES) == {progress.LATE, progress.ON_SCHEDULE, progress.NOT_DUE}
