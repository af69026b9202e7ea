"""charts.costs: Vietnamese labels and units, the bars equal the frame, tables formatted as shown."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from charts import costs as charts

M = 1_000_000
GROUPS = pl.DataFrame(
    {
        "kind": ["commune", "data_centre", "department"],
        "agencies": [2, 1, 3],
        "agencies_with_inventory": [2, 1, 2],
        "plans": [1, 1, 3],
        "baseline_cost_vnd": [30 * M, None, 2_800 * M],
        "remaining_cost_vnd": [30 * M, None, 110 * M],
        "done_cost_vnd": [0.0, None, 175 * M],
        "hosting_cost_vnd": [14.2 * M, None, 58.05 * M],
        "savings_realised_vnd": [-14.2 * M, None, 116.95 * M],
        "planned_savings_vnd": [0.0, 100 * M, 300 * M],
        "budget_vnd": [0.0, 300 * M, 1_020 * M],
    }
)
AGENCIES = pl.DataFrame(
    {
        "agency_code": [f"A{i}" for i in range(20)],
        "name": [f"Đơn vị {i}" for i in range(20)],
        "kind": ["department"] * 20,
        "baseline_cost_vnd": [float(i * M) for i in range(20)],
        "remaining_cost_vnd": [0.0] * 20,
        "savings_realised_vnd": [float(i * M) for i in range(20)],
        "planned_savings_vnd": [None] + [float(i * 10 * M) for i in range(1, 20)],
        "budget_vnd": [None] * 20,
        "plan_status": [None] + ["approved"] * 19,
        "plan_date": [None] + [dt.date(2026, 9, 30)] * 19,
    }
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([999_940_000.0], (1e6, "triệu đồng")),
        ([999_960_000.0], (1e9, "tỷ đồng")),
        ([-2e9, 1.0], (1e9, "tỷ đồng")),
        ([None, None], (1e6, "triệu đồng")),
        ([], (1e6, "triệu đồng")),
    ],
    ids=["under-1-ty", "rounds-to-1-ty", "negative", "all-missing", "nothing"],
)
def test_money_unit_follows_format_vnd(values, expected):
    assert charts.money_unit(values) == expected


def test_costs_by_group_chart():
    figure = charts.costs_by_group_chart(GROUPS)
    assert figure.layout.title.text == "Chi phí vận hành riêng lẻ và tiết kiệm/năm theo nhóm đơn vị"
    assert figure.layout.yaxis.title.text == "tỷ đồng/năm"  # 2.800 triệu is 2,8 tỷ
    assert figure.layout.separators == ",."
    names = [trace.name for trace in figure.data]
    assert names == [
        "Chi phí vận hành riêng lẻ ban đầu/năm",
        "Tiết kiệm dự kiến/năm",
        "Tiết kiệm thực tế/năm",
    ]
    baseline, planned, realised = figure.data
    # groups in the sidebar's order: departments first
    assert list(baseline.x) == ["Sở, ban, ngành", "Trung tâm tích hợp dữ liệu", "UBND xã, phường"]
    assert list(baseline.y) == [2.8, None, 0.03]  # a data centre: no bar, not 0
    assert list(realised.text) == ["0,1", "", "0,0"]  # -0,0142 tỷ rounds to no sign
    assert list(realised.customdata) == ["117,0 triệu đồng", "–", "-14,2 triệu đồng"]
    assert list(planned.y) == [0.3, 0.1, 0.0]


def test_savings_by_agency_chart_shows_the_top_agencies():
    figure = charts.savings_by_agency_chart(AGENCIES, top=5)
    planned, realised = figure.data
    assert planned.name == "Tiết kiệm dự kiến/năm"
    # the five largest planned savings, the largest at the top (Plotly draws bottom-up)
    assert list(planned.y) == [f"Đơn vị {i}" for i in (15, 16, 17, 18, 19)]
    assert list(planned.x) == [150.0, 160.0, 170.0, 180.0, 190.0]  # triệu đồng
    assert list(realised.x) == [15.0, 16.0, 17.0, 18.0, 19.0]
    assert figure.layout.xaxis.title.text == "triệu đồng/năm"
    assert figure.layout.title.text == "Tiết kiệm/năm của 5 đơn vị có tiết kiệm dự kiến lớn nhất"


def test_savings_by_agency_chart_few_agencies():
    figure = charts.savings_by_agency_chart(AGENCIES.head(3))
    assert figure.layout.title.text == "Tiết kiệm/năm theo đơn vị"
    assert list(figure.data[0].y) == ["Đơn vị 0", "Đơn vị 1", "Đơn vị 2"]  # no plan at the bottom


def test_budget_by_group_chart():
    figure = charts.budget_by_group_chart(GROUPS)
    (bar,) = figure.data
    assert list(bar.x) == ["Sở, ban, ngành", "Trung tâm tích hợp dữ liệu", "UBND xã, phường"]
    assert list(bar.y) == [1.02, 0.3, 0.0]
    assert list(bar.customdata) == ["1,0 tỷ đồng", "300,0 triệu đồng", "0,0 triệu đồng"]
    assert figure.layout.yaxis.title.text == "tỷ đồng"


def test_costs_table():
    table = charts.costs_table(AGENCIES.head(2))
    assert table.text().columns == [
        "Đơn vị", "Chi phí ban đầu", "Chi phí còn lại", "Tiết kiệm thực tế", "Tiết kiệm dự kiến",
        "Kinh phí", "Phương án", "Ngày phương án",
    ]  # fmt: skip
    # the amounts are figures: right-aligned; the agency stays in view when scrolling
    assert [c.figure for c in table.columns] == [False] + [True] * 5 + [False] * 2
    assert table.columns[0].pinned
    first, second = table.text().rows(named=True)
    assert first["Đơn vị"] == "Đơn vị 1"  # largest planned savings first
    assert first["Tiết kiệm dự kiến"] == "10,0"
    assert first["Phương án"] == "Đã phê duyệt"
    assert first["Ngày phương án"] == "30/09/2026"
    assert second["Tiết kiệm dự kiến"] == "–"
    assert second["Phương án"] == "Chưa có"
    assert second["Ngày phương án"] == "–"


def test_groups_table():
    table = charts.groups_table(GROUPS).text()
    assert table["Nhóm đơn vị"].to_list() == [
        "Sở, ban, ngành",
        "Trung tâm tích hợp dữ liệu",
        "UBND xã, phường",
    ]
    assert table["Chi phí ban đầu/năm"].to_list() == ["2,8 tỷ đồng", "–", "30,0 triệu đồng"]
    assert table["Kinh phí thực hiện"].to_list()[0] == "1,0 tỷ đồng"


def test_tariff_table():
    tariffs = pl.DataFrame(
        {
            "resource": ["cpu_core", "ram_gb", "storage_tb"],
            "unit_vi": ["nhân CPU", "GB RAM", "TB lưu trữ"],
            "vnd_per_year": [1_000_000.0, 200_000.0, 1_500_000.0],
        }
    )
    assert charts.tariff_table(tariffs).text().rows() == [
        ("CPU", "nhân CPU", "1.000.000"),
        ("Bộ nhớ (RAM)", "GB RAM", "200.000"),
        ("Lưu trữ", "TB lưu trữ", "1.500.000"),
    ]


def test_realised_formula_in_millions():
    text = charts.realised_formula(80 * M, 61.8 * M, 18.2 * M)
    assert "| 80,0\u00a0triệu\u00a0đồng |" in text
    assert "| 61,8\u00a0triệu\u00a0đồng |" in text
    assert "**18,2\u00a0triệu\u00a0đồng**" in text
    assert charts.in_millions(None) == "–"
    assert charts.in_millions(49_443_300_000.0) == "49.443,3 triệu đồng"
