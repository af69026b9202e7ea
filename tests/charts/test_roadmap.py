"""charts/roadmap.py: the figures draw the frames they are given, in Vietnamese, themed."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from charts import roadmap as charts
from charts.theme import STATUS_COLOURS, TARGET
from queries.roadmap import LATE, MET, NOT_DUE, ON_TRACK

D = dt.date


def _milestones() -> pl.DataFrame:
    rows = [
        # id, phase, due, start, kpi, label, value, expected, status, milestone status
        ("A", "2026", D(2026, 3, 31), D(2026, 1, 1), "k1", "Chỉ tiêu 1", 100.0, 100.0, MET, MET),
        ("B", "2026", D(2026, 12, 31), D(2026, 3, 31), "k2", "Chỉ tiêu 2", 30.0, 66.5, LATE, LATE),
        ("B", "2026", D(2026, 12, 31), D(2026, 3, 31), "k3", "Chỉ tiêu 3", 70.0, 66.5, ON_TRACK,
         LATE),
        ("C", "2027–2028", D(2028, 12, 31), D(2027, 1, 1), "k4", "Chỉ tiêu 4", None, 0.0, NOT_DUE,
         NOT_DUE),
    ]  # fmt: skip
    columns = [
        "milestone_id", "phase", "due_date", "start_date", "kpi", "label", "value", "expected",
        "status", "milestone_status",
    ]  # fmt: skip
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    return frame.with_columns(
        pl.lit("Nội dung của mốc").alias("title_vi"),
        pl.lit("Nội dung của mốc").alias("milestone_title"),
        pl.lit("pct").alias("unit"),
        pl.lit(100.0).alias("target"),
    )


def _trace(figure, name):
    return next(t for t in figure.data if t.name == name)


def test_burndown_draws_the_points_and_the_schedule_to_zero():
    burndown = pl.DataFrame(
        {
            "date": [D(2026, 3, 31), D(2026, 9, 30), D(2026, 12, 31)],
            "servers_remaining": [1103, 312, None],
            "scheduled": [1123.0, 375.7, 0.0],
        }
    )
    figure = charts.servers_burndown(burndown)
    actual = _trace(figure, "Thực tế")
    assert list(actual.x) == ["2026-03-31", "2026-09-30"]
    assert list(actual.y) == [1103, 312]
    assert list(actual.text) == ["1.103", "312"]
    schedule = _trace(figure, "Theo lộ trình")
    assert (schedule.x[-1], schedule.y[-1]) == ("2026-12-31", 0.0)
    assert schedule.line.color == TARGET
    assert figure.layout.separators == ",."
    assert figure.layout.title.text == "Máy chủ riêng lẻ còn lại so với lộ trình"
    assert list(figure.layout.xaxis.ticktext) == ["31/03<br>2026", "30/09<br>2026", "31/12<br>2026"]


def test_timeline_one_bar_per_milestone_coloured_by_status():
    figure = charts.milestone_timeline(_milestones(), D(2026, 9, 30), D(2026, 10, 5))
    bars = [t for t in figure.data if t.type == "bar"]
    assert {t.name: len(t.y) for t in bars} == {"Đạt": 1, "Chậm": 1, "Chưa đến hạn": 1}
    late = _trace(figure, "Chậm")
    assert late.marker.color == STATUS_COLOURS[LATE]
    assert late.base == ("2026-03-31",)
    assert late.x == (275 * charts.MS_PER_DAY,)  # 31/03 → 31/12/2026
    texts = [a.text for a in figure.layout.annotations]
    assert "Số liệu đến 30/09/2026" in texts
    assert "Hôm nay 05/10/2026" in texts
    assert {"Giai đoạn 2026", "Giai đoạn 2027–2028"} <= set(texts)


def test_targets_chart_value_target_and_expectation():
    figure = charts.indicator_targets(_milestones())
    late = _trace(figure, "Chậm")
    assert list(late.x) == [30.0]
    assert list(late.text) == ["30,0%"]
    assert list(_trace(figure, "Chưa đến hạn").text) == ["–"]  # undefined: no bar, a dash
    assert list(_trace(figure, "Mục tiêu").x) == [100.0] * 4
    # the straight line's value only while it is between 0 and the target
    assert list(_trace(figure, "Mức cần đạt theo tiến độ").x) == [66.5, 66.5]
    assert figure.layout.xaxis.title.text == "Tỷ lệ (%)"


def test_trends_small_multiples_with_targets():
    trend = pl.DataFrame(
        {
            "as_of": [D(2026, 3, 31), D(2026, 9, 30)] * 2,
            "key": ["a", "a", "b", "b"],
            "label": ["Chỉ tiêu A", "Chỉ tiêu A", "Chỉ tiêu B", "Chỉ tiêu B"],
            "unit": ["pct"] * 4,
            "value": [10.0, 20.0, None, 50.0],
            "target": [100.0, 100.0, 60.0, 60.0],
        }
    )
    figure = charts.indicator_trends(trend)
    values = [t for t in figure.data if t.name == "Giá trị"]
    targets = [t for t in figure.data if t.name == "Mục tiêu"]
    assert [list(t.y) for t in values] == [[10.0, 20.0], [None, 50.0]]
    assert [t.y[0] for t in targets] == [100.0, 60.0]
    assert [a.text for a in figure.layout.annotations] == ["Chỉ tiêu A", "Chỉ tiêu B"]
    assert list(figure.layout.xaxis.ticktext) == ["31/03<br>2026", "30/09<br>2026"]


@pytest.mark.parametrize("column", ["servers", "storage_tb"])
def test_centre_merger_stacks_add_up_to_the_totals(column):
    centres = pl.DataFrame(
        {
            "agency_code": ["TTTHDL-BG", "TTTHDL-BN"],
            f"{column}_total": [10.0, 6.0],
            f"{column}_consolidated": [5.0, 1.0],
            f"{column}_cloud": [1.0, 0.0],
            f"{column}_decommissioned": [2.0, 0.0],
            f"{column}_not_moved": [2.0, 5.0],
        }
    )
    other = "storage_tb" if column == "servers" else "servers"
    for suffix in ("consolidated", "cloud", "decommissioned", "not_moved"):
        centres = centres.with_columns(pl.lit(0.0).alias(f"{other}_{suffix}"))
    centres = centres.with_columns(
        pl.lit(3).alias("systems_migrated"), pl.lit(1).alias("systems_not_migrated")
    )
    figure = charts.centre_merger(centres)
    axis = "x" if column == "servers" else "x2"
    bars = [t for t in figure.data if t.xaxis == axis]
    totals = [sum(t.y[i] for t in bars) for i in range(2)]
    assert totals == centres[f"{column}_total"].to_list()
    assert [t.name for t in bars] == [
        "Đã hợp nhất về TTTHDL",
        "Đã chuyển lên đám mây",
        "Đã loại bỏ",
        "Chưa chuyển",
    ]
    assert figure.layout.barmode == "stack"
