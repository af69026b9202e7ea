"""Indicators narrowed to some agencies (the dashboard's filters): the same definitions."""

from __future__ import annotations

from queries import compute_kpis
from tests.conftest import SECOND_DATE


def test_one_department_worked_out_by_hand(fixture_con):
    # tests/conftest.py, SO-TC alone as of 30/09/2026: it is the only required agency in view
    values = compute_kpis(fixture_con, SECOND_DATE, ["SO-TC"])
    assert values == {
        "plans_submitted_pct": 100.0,  # approved
        "plans_approved_pct": 100.0,
        "reported_this_half_pct": 100.0,  # its 30/09 inventory is in the second half-year
        "servers_baseline": 2,  # TC-01, TC-02 on 31/03 (TC-03 is storage)
        "servers_remaining": 1,  # TC-02
        "consolidation_pct": 50.0,  # TC-01 done of TC-01, TC-02
        "agencies_done": 0,
        "storage_moved_tb": 22.0,  # TC-01 2 TB + TC-03 20 TB
        "systems_migrated_pct": 50.0,  # HT-01 of HT-01, HT-02
        "ndxp_connected_pct": 50.0,
        "cloud_share_pct": 0.0,
        "tslcd_connected_pct": 100.0,
        "soc_monitored_pct": 100.0,  # TC-02 is its only active server, monitored
        "backup_central_pct": 100.0,
        "annual_cost_baseline_vnd": 100_000_000.0,
        "savings_realised_vnd": 18_200_000.0,
        "savings_planned_vnd": 60_000_000.0,
        "agencies_at_risk": 1,  # 50 % done < 183/275 of the straight line on 30/09
    }


def test_no_agency_in_view_gives_undefined_ratios(fixture_con):
    values = compute_kpis(fixture_con, SECOND_DATE, [])
    assert values["plans_submitted_pct"] is None  # 0 required agencies in view: undefined
    assert values["servers_remaining"] == 0


def test_none_is_the_whole_province(fixture_con):
    assert compute_kpis(fixture_con, SECOND_DATE, None) == compute_kpis(fixture_con, SECOND_DATE)
