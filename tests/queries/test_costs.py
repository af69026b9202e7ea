"""queries.costs: costs and savings per agency and group, worked out by hand on the indicator fixture.

The fixture is tests/queries/conftest.py (tariff 1.000.000 VNĐ per CPU core, 200.000 per GB
RAM, 1.500.000 per TB, per year), with budgets added here. Every figure below is in VNĐ.
"""

from __future__ import annotations

import datetime as dt

import pytest

import db
import queries
from queries import costs
from tests.queries.conftest import ASSETS, MIGRATIONS, PLANS, read_only

D = dt.date
JULY = D(2026, 7, 1)
M = 1_000_000
BUDGETS = {"SO-TC": 900 * M, "TTTHDL-BN": 300 * M, "SO-TP": 120 * M}  # the others blank


@pytest.fixture
def con(build_db):
    path = build_db("costs", ASSETS, PLANS, MIGRATIONS)
    writer = db.connect(path)
    for agency, budget in BUDGETS.items():
        writer.execute("update plans set budget_vnd = ? where agency_code = ?", [budget, agency])
    writer.close()
    with read_only(path) as connection:
        yield connection


def _by_code(frame):
    return {row["agency_code"]: row for row in frame.iter_rows(named=True)}


def test_costs_by_agency_on_1_july(con):
    rows = _by_code(costs.costs_by_agency(con, JULY))
    # every agency with an inventory or a plan by 1/7; SO-XD has only a plan
    assert set(rows) == {"SO-TC", "UBND-07210", "TTTHDL-BN", "SO-TP", "SO-XD", "CA-TINH"}

    so_tc = rows["SO-TC"]
    assert so_tc["baseline_date"] == D(2026, 1, 15)
    assert so_tc["inventory_date"] == JULY
    assert so_tc["baseline_cost_vnd"] == 180 * M  # 100 + 50 + blank + 30 on 15/01
    assert so_tc["remaining_cost_vnd"] == 50 * M  # TC-S2, still active
    assert so_tc["done_cost_vnd"] == 135 * M  # TC-S1 100 + TC-S3 blank + TC-ST 30 + TC-S4 5
    # TC-S1 8 + 6,4 + 3; TC-ST 30; TC-S4 2 + 0,8 + 0,75 (TC-S3 was eliminated: no hosting)
    assert so_tc["hosting_cost_vnd"] == pytest.approx(50.95 * M)
    assert so_tc["savings_realised_vnd"] == pytest.approx(84.05 * M)
    assert so_tc["plan_status"] == "approved"
    assert so_tc["planned_savings_vnd"] == 250 * M  # its 01/06 plan, not the 01/03 one
    assert so_tc["budget_vnd"] == 900 * M

    commune = rows["UBND-07210"]
    assert commune["baseline_cost_vnd"] == 30 * M
    # X-S3 consolidated with a blank cost: hosting 8 + 3,2 + 3 → a saving below zero
    assert commune["savings_realised_vnd"] == pytest.approx(-14.2 * M)
    assert commune["planned_savings_vnd"] is None  # blank in its plan
    assert commune["budget_vnd"] is None

    assert rows["SO-TP"]["savings_realised_vnd"] == pytest.approx(32.9 * M)  # 40 − 7,1
    assert rows["CA-TINH"]["savings_realised_vnd"] == 0

    # a data centre holds nothing standalone: not applicable, not 0
    centre = rows["TTTHDL-BN"]
    assert centre["baseline_cost_vnd"] is None
    assert centre["savings_realised_vnd"] is None
    assert centre["planned_savings_vnd"] == 100 * M

    plan_only = rows["SO-XD"]
    assert plan_only["inventory_date"] is None
    assert plan_only["baseline_cost_vnd"] is None
    assert plan_only["planned_savings_vnd"] == 0


def test_costs_by_group_on_1_july(con):
    groups = {row["kind"]: row for row in costs.costs_by_group(con, JULY).iter_rows(named=True)}
    assert set(groups) == {"department", "commune", "data_centre", "police"}
    department = groups["department"]  # SO-TC, SO-TP, SO-XD
    assert department["agencies"] == 3
    assert department["agencies_with_inventory"] == 2
    assert department["plans"] == 3
    assert department["baseline_cost_vnd"] == 280 * M
    assert department["savings_realised_vnd"] == pytest.approx(116.95 * M)
    assert department["planned_savings_vnd"] == 300 * M
    assert department["budget_vnd"] == 1020 * M
    assert groups["data_centre"]["baseline_cost_vnd"] is None
    assert groups["data_centre"]["savings_realised_vnd"] is None
    assert groups["data_centre"]["budget_vnd"] == 300 * M
    assert groups["commune"]["planned_savings_vnd"] == 0  # blank counts as 0 in a sum
    assert groups["police"]["budget_vnd"] == 0


def test_costs_summary_on_1_july(con):
    summary = costs.costs_summary(con, JULY)
    assert summary["agencies"] == 6
    assert summary["baseline_cost_vnd"] == 405 * M
    assert summary["savings_realised_vnd"] == pytest.approx(102.75 * M)
    assert summary["done_cost_vnd"] - summary["hosting_cost_vnd"] == pytest.approx(102.75 * M)
    assert summary["planned_savings_vnd"] == 400 * M
    assert summary["budget_vnd"] == 1320 * M
    assert summary["plans"] == 6
    assert summary["plans_with_budget"] == 3


SCOPES = {
    "toàn tỉnh": None,
    "một sở": ["SO-TC"],
    "xã và trung tâm": ["UBND-07210", "TTTHDL-BN"],
    "chỉ có phương án": ["SO-XD"],
    "không đơn vị nào": [],
}


@pytest.mark.parametrize("as_of", [D(2026, 1, 10), D(2026, 3, 1), JULY, D(2026, 12, 31)])
@pytest.mark.parametrize("codes", list(SCOPES.values()), ids=list(SCOPES))
def test_agencies_add_up_to_the_indicators(con, as_of, codes):
    # the same agencies, the same date: the rows of the page sum to the tiles of kpis.md
    expected = queries.compute_kpis(con, as_of, codes)
    agencies = costs.costs_by_agency(con, as_of, codes)
    groups = costs.costs_by_group(con, as_of, codes)
    for column, key in (
        ("baseline_cost_vnd", "annual_cost_baseline_vnd"),
        ("savings_realised_vnd", "savings_realised_vnd"),
        ("planned_savings_vnd", "savings_planned_vnd"),
    ):
        assert agencies[column].fill_null(0).sum() == pytest.approx(expected[key], abs=1e-6)
        assert groups[column].fill_null(0).sum() == pytest.approx(expected[key], abs=1e-6)


def test_before_any_snapshot_nothing_is_listed(con):
    assert costs.costs_by_agency(con, D(2026, 1, 1)).is_empty()
    summary = costs.costs_summary(con, D(2026, 1, 1))
    assert summary["agencies"] == 0
    assert summary["savings_realised_vnd"] == 0


def test_tariffs_in_resource_order(con):
    tariffs = queries.run(con, "costs_tariffs")
    assert tariffs.rows() == [
        ("cpu_core", "nhân CPU", 1_000_000.0),
        ("ram_gb", "GB RAM", 200_000.0),
        ("storage_tb", "TB lưu trữ", 1_500_000.0),
    ]
