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
        "<b>60,0 %</b>", "<b>–</b>", "<b>100,0 %</b>",
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


def test_agency_table_keeps_numbers_and_shows_vietnamese_text(frame):
    styler = charts.agency_table(frame.filter(pl.col("agency_code").is_in(["SO-TC", "SO-XD"])))
    data = styler.data
    assert list(data.columns) == list(charts.AGENCY_TABLE_LABELS)
    tc = data[data["agency_code"] == "SO-TC"].iloc[0]
    # the cells hold numbers (they sort as numbers) …
    assert tc["consolidation_pct"] == 66.7 and tc["progress_bar"] == 66.7
    assert tc["servers_baseline"] == 3
    # … and show Vietnamese text
    html = styler.to_html()
    assert "66,7 %" in html and "01/07/2026" in html and ">Có<" in html
    xd = data[data["agency_code"] == "SO-XD"].iloc[0]
    assert xd["servers_baseline"] != xd["servers_baseline"]  # NaN: unknown, not 0
    assert "–" in html


def test_styled_formats_blank_as_dash():
    styler = charts.styled(
        pl.DataFrame({"n": [1234567, None], "s": ["a", None]}),
        {"n": lambda v: f"[{v:.0f}]", "missing": str},
    )
    html = styler.to_html()
    assert "[1234567]" in html and html.count("–") == 2


def test_detail_tables(kpi_con):  # noqa: F811
    detail = progress.agency_detail(kpi_con, "SO-TC", D(2026, 7, 1))
    assets = charts.asset_table(detail["assets"])
    assert list(assets.data.columns) == list(charts.ASSET_TABLE_LABELS)
    html = assets.to_html()
    assert "100,0 triệu đồng" in html and "Đã hợp nhất về TTTHDL" in html
    systems = charts.system_table(detail["systems"])
    assert list(systems.data.columns) == list(charts.SYSTEM_TABLE_LABELS)
    snapshots = charts.snapshot_table(detail["snapshots"])
    assert list(snapshots.data.columns) == list(charts.SNAPSHOT_TABLE_LABELS)
    assert "15/01/2026" in snapshots.to_html()


def test_labels_are_vietnamese():
    for labels in (
        charts.AGENCY_TABLE_LABELS,
        charts.SNAPSHOT_TABLE_LABELS,
        charts.ASSET_TABLE_LABELS,
        charts.SYSTEM_TABLE_LABELS,
    ):
        assert all(label and label[0].isupper() for label in labels.values())
    assert set(charts.STATUS_BADGES) == {progress.LATE, progress.ON_SCHEDULE, progress.NOT_DUE}
