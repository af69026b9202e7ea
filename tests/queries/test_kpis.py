"""Query layer: every indicator of spec/kpis.md on the fixture database (conftest.py), by hand.

Required agencies are the 117 of data/agencies.csv, so every percentage over required
agencies has 117 as its denominator. Tariff: 1.000.000 VNĐ/core, 200.000/GB RAM,
1.500.000/TB, per year. Hosting cost of an asset = cores·1e6 + GB·2e5 + TB·1,5e6.
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest

import db
from loaders.forms import CHANGE_PLANS, DONE_STATUSES, MIGRATED_STAGES
from queries import (
    INDICATORS,
    QUERIES_DIR,
    compute_kpis,
    kpi_trend,
    percentage,
    report_dates,
    run,
)
from queries.indicators import scheduled_fraction
from tests.queries.conftest import read_only
from vocabulary import AGENCY_KINDS, SERVER_TYPES

D = dt.date

# Before any data: nothing reported. Ratios over the 117 required agencies are 0 %;
# ratios over servers, systems or assets are undefined (nothing to divide by).
EXPECTED_BEFORE_DATA = {
    "plans_submitted_pct": 0.0,
    "plans_approved_pct": 0.0,
    "reported_this_half_pct": 0.0,
    "servers_baseline": 0,
    "servers_remaining": 0,
    "consolidation_pct": None,
    "agencies_done": 0,
    "storage_moved_tb": 0.0,
    "systems_migrated_pct": None,
    "ndxp_connected_pct": None,
    "cloud_share_pct": None,
    "tslcd_connected_pct": 0.0,
    "soc_monitored_pct": None,
    "backup_central_pct": None,
    "annual_cost_baseline_vnd": 0.0,
    "savings_realised_vnd": 0.0,
    "savings_planned_vnd": 0.0,
    "agencies_at_risk": 0,  # before 31/03/2026: 0 by definition
}

# As of 15/03/2026 (first half; before the plans deadline).
# Inventory snapshots ≤ D: SO-TC 15/01 (TC-S1..S3, TC-ST), UBND-07210 01/02 (X-S1..S3),
# TTTHDL-BN 20/01 (data centre). Each is also its agency's baseline. SO-TP (20/03) and
# CA-TINH (01/05) have not reported yet.
# Plans ≤ D: SO-TC submitted (200 tr, no TSLCD), UBND-07210 not_submitted (blank, no),
# TTTHDL-BN approved (100 tr, TSLCD).
# Systems ≤ D: SO-TC 01/03 (SYS-1 planned, SYS-2 migrating+NDXP),
# UBND-07210 (SYS-A ndc migrated+NDXP, SYS-B planned).
EXPECTED_MID_MARCH = {
    # SO-TC, TTTHDL-BN = 2 / 117 = 1,709 %
    "plans_submitted_pct": 1.7,
    # TTTHDL-BN = 1 / 117 = 0,855 %
    "plans_approved_pct": 0.9,
    # latest inventory in H1 2026: SO-TC, UBND-07210, TTTHDL-BN = 3 / 117 = 2,564 %
    "reported_this_half_pct": 2.6,
    # standalone servers in baselines: TC-S1, S2, S3 + X-S1, S2, S3 = 6 (DC-* not standalone,
    # TC-ST is storage)
    "servers_baseline": 6,
    # active/idle: TC-S1, TC-S2, TC-S3 (idle), X-S1, X-S2 = 5 (X-S3 consolidated)
    "servers_remaining": 5,
    # to change: TC-S1, TC-S2, TC-S3, X-S3 (X-S1 blank plan, X-S2 keep, DC-S1 not standalone);
    # done: X-S3 → 1 / 4 = 25 %
    "consolidation_pct": 25.0,
    # SO-TC 0 of 3 done: no; UBND-07210 1 of 1: yes; TTTHDL-BN is a data centre → 1
    "agencies_done": 1,
    # standalone, consolidated or cloud: X-S3 2,0 TB (DC-ST is a data centre's)
    "storage_moved_tb": 2.0,
    # 4 systems; migrated or later: SYS-A → 1 / 4
    "systems_migrated_pct": 25.0,
    # NDXP: SYS-2, SYS-A → 2 / 4
    "ndxp_connected_pct": 50.0,
    # cloud or ndc and migrated: SYS-A (ndc, migrated) → 1 / 4
    "cloud_share_pct": 25.0,
    # TSLCD in the latest plan: TTTHDL-BN = 1 / 117
    "tslcd_connected_pct": 0.9,
    # active servers of all agencies: TC-S1 (SOC), TC-S2, X-S1, X-S2 (SOC), DC-S1 (SOC), DC-S2
    # → 3 / 6
    "soc_monitored_pct": 50.0,
    # active assets: TC-S1 (backup), TC-S2, TC-ST (backup), X-S1, X-S2 (backup),
    # DC-S1 (backup), DC-S2 (backup) → 5 / 7 = 71,43 %
    "backup_central_pct": 71.4,
    # standalone baseline costs: SO-TC 100 + 50 + blank + 30 = 180 tr; UBND 20 + 10 + blank = 30 tr
    "annual_cost_baseline_vnd": 210_000_000.0,
    # done standalone: X-S3, cost blank (0); hosting X-S3 (consolidated): 8 cores 8 tr +
    # 16 GB 3,2 tr + 2 TB 3 tr = 14,2 tr → 0 − 14,2 tr: negative
    "savings_realised_vnd": -14_200_000.0,
    # latest plans: 200 tr + blank + 100 tr
    "savings_planned_vnd": 300_000_000.0,
    # D is not after 31/03/2026
    "agencies_at_risk": 0,
}

# As of 15/08/2026 (second half; schedule 137/275 = 49,8 %).
# Inventory: SO-TC latest 01/07 (TC-S1 consolidated, TC-S2 active, TC-S3 decommissioned,
# TC-ST cloud, TC-S4 cloud with plan keep), baseline 15/01; UBND-07210, TTTHDL-BN as above;
# SO-TP 20/03 (TP-S1 consolidated, TP-S2 active, both to change); CA-TINH 01/05 (CA-S1 keep,
# CA-ST storage). Plans: SO-TC approved (250 tr, TSLCD), UBND-07210 not_submitted,
# TTTHDL-BN approved (100 tr, TSLCD), SO-TP submitted (50 tr), SO-XD submitted (0, no
# inventory ever), CA-TINH revise (blank, TSLCD). Systems: SO-TC 01/07 (SYS-1 ttthdl migrated,
# SYS-2 cloud accepted+NDXP, SYS-3 ndc legacy_off), UBND-07210 (SYS-A, SYS-B as above).
EXPECTED_MID_AUGUST = {
    # SO-TC, TTTHDL-BN, SO-TP, SO-XD, CA-TINH = 5 / 117 = 4,274 %
    "plans_submitted_pct": 4.3,
    # SO-TC, TTTHDL-BN = 2 / 117 = 1,709 %
    "plans_approved_pct": 1.7,
    # latest inventory in H2 2026: SO-TC (01/07) only = 1 / 117 = 0,855 %
    "reported_this_half_pct": 0.9,
    # baselines: SO-TC 15/01 3 + UBND-07210 3 + SO-TP 2 (TP-S1 counted whatever its status)
    # + CA-TINH 1 = 9; TC-S4 (new on 01/07) is not in a baseline
    "servers_baseline": 9,
    # active/idle: TC-S2, X-S1, X-S2, TP-S2, CA-S1 = 5
    "servers_remaining": 5,
    # to change: TC-S1, TC-S2, TC-S3, X-S3, TP-S1, TP-S2 = 6 (TC-S4 keep);
    # done: TC-S1, TC-S3, X-S3, TP-S1 = 4 → 4 / 6 = 66,67 %
    "consolidation_pct": 66.7,
    # SO-TC 2/3 no; UBND-07210 1/1 yes; SO-TP 1/2 no; CA-TINH none to change: yes → 2
    "agencies_done": 2,
    # consolidated/cloud standalone: TC-S1 2 + TC-ST 20 + TC-S4 0,5 + X-S3 2 + TP-S1 1 = 25,5
    # (TC-S3 decommissioned, DC-ST a data centre's)
    "storage_moved_tb": 25.5,
    # 5 systems; migrated or later: SYS-1, SYS-2, SYS-3, SYS-A → 4 / 5
    "systems_migrated_pct": 80.0,
    # NDXP: SYS-2, SYS-A → 2 / 5
    "ndxp_connected_pct": 40.0,
    # cloud/ndc and migrated: SYS-2, SYS-3, SYS-A (SYS-1 targets ttthdl) → 3 / 5
    "cloud_share_pct": 60.0,
    # TSLCD: SO-TC, TTTHDL-BN, CA-TINH = 3 / 117 = 2,564 %
    "tslcd_connected_pct": 2.6,
    # active servers: TC-S2 (SOC), X-S1, X-S2 (SOC), DC-S1 (SOC), DC-S2, TP-S2, CA-S1 (SOC)
    # → 4 / 7 = 57,14 %
    "soc_monitored_pct": 57.1,
    # active assets: TC-S2, X-S1, X-S2 (b), DC-S1 (b), DC-S2 (b), TP-S2, CA-S1 (b), CA-ST (b)
    # → 5 / 8 = 62,5 %
    "backup_central_pct": 62.5,
    # baselines: SO-TC 180 tr + UBND 30 tr + SO-TP 40 + 60 = 100 tr + CA-TINH 80 + 15 = 95 tr
    "annual_cost_baseline_vnd": 405_000_000.0,
    # done standalone costs: TC-S1 100 + TC-S3 blank + TC-ST 30 + TC-S4 5 + X-S3 blank
    # + TP-S1 40 = 175 tr. Hosting (consolidated/cloud; TC-S3 decommissioned costs nothing):
    # TC-S1 8 + 6,4 + 3 = 17,4; TC-ST 20 TB = 30; TC-S4 2 + 0,8 + 0,75 = 3,55; X-S3 14,2;
    # TP-S1 4 + 1,6 + 1,5 = 7,1 → 72,25 tr. 175 − 72,25 = 102,75 tr
    "savings_realised_vnd": 102_750_000.0,
    # 250 + blank + 100 + 50 + 0 + blank
    "savings_planned_vnd": 400_000_000.0,
    # no submitted/revise/approved plan: 117 − 5 = 112; SO-XD has no inventory: 113.
    # SO-TC 2/3 and SO-TP 1/2 are not below 137/275; TTTHDL-BN is a data centre and
    # CA-TINH has no server to change: on schedule → 113
    "agencies_at_risk": 113,
}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(D(2025, 12, 31), EXPECTED_BEFORE_DATA, id="before-any-data"),
        pytest.param(D(2026, 3, 15), EXPECTED_MID_MARCH, id="2026-03-15-before-deadline"),
        pytest.param(D(2026, 8, 15), EXPECTED_MID_AUGUST, id="2026-08-15-second-half"),
    ],
)
def test_every_indicator_by_hand(kpi_con, as_of, expected):
    assert compute_kpis(kpi_con, as_of) == expected


def test_new_database_percentages_over_required_agencies_are_zero(empty_con):
    # No rows at all, whatever the date: 0 of 117 is 0 %, nothing over nothing is undefined.
    values = compute_kpis(empty_con, D(2026, 6, 30))
    assert values == {**EXPECTED_BEFORE_DATA, "agencies_at_risk": 117}


def test_required_agencies_are_the_117_of_the_shipped_file(empty_con):
    required = run(empty_con, "kpi_plans", as_of=D(2026, 6, 30), agency_codes=None)[
        "required_agencies"
    ]
    assert required.to_list() == [117]


def test_keys_and_types_follow_kpis_md(kpi_con):
    values = compute_kpis(kpi_con, D(2026, 8, 15))
    assert list(values) == [indicator.key for indicator in INDICATORS]
    for indicator in INDICATORS:
        value = values[indicator.key]
        expected_type = int if indicator.unit == "count" else float
        assert type(value) is expected_type, indicator.key


@pytest.mark.parametrize(
    ("as_of", "at_risk"),
    [
        # the plans deadline itself: not after it, so 0
        pytest.param(D(2026, 3, 31), 0, id="deadline-day-is-zero"),
        # schedule 1/275. Valid plans: SO-TC, TTTHDL-BN, SO-TP, SO-XD (CA-TINH's comes 10/04)
        # → 113 without; SO-XD no inventory; SO-TC 0 of 3 done < 1/275 → 115
        pytest.param(D(2026, 4, 1), 115, id="day-after-deadline"),
        # schedule 137/275 < 1/2: SO-TP (1 of 2) on schedule → 113
        pytest.param(D(2026, 8, 15), 113, id="half-done-on-schedule"),
        # schedule 138/275 > 1/2: SO-TP behind, by the exact comparison → 114
        pytest.param(D(2026, 8, 16), 114, id="half-done-just-behind"),
        # after 31/12/2026 the schedule is 100 %: SO-TC (2/3) and SO-TP behind → 115
        pytest.param(D(2027, 1, 10), 115, id="after-end-of-schedule"),
    ],
)
def test_agencies_at_risk_follows_the_straight_line(kpi_con, as_of, at_risk):
    assert compute_kpis(kpi_con, as_of)["agencies_at_risk"] == at_risk


@pytest.mark.parametrize(
    ("as_of", "at_risk"),
    [
        # 25/05/2026 is day 55 of 275: schedule exactly 1/5, and 1 of 5 done is not below it
        pytest.param(D(2026, 5, 25), 116, id="exactly-on-schedule"),
        pytest.param(D(2026, 5, 26), 117, id="one-day-later-behind"),
    ],
)
def test_at_risk_means_strictly_below_schedule(build_db, as_of, at_risk):
    # SO-NV alone has a plan and an inventory: 5 servers to eliminate, 1 done. The other
    # 116 required agencies have no plan, so they are at risk whatever the date.
    servers = [
        ("SO-NV", D(2026, 3, 1), f"NV-{i}", "physical_server", 2, 4, None, 1e6, False, False,
         "decommissioned" if i == 0 else "active", "eliminate")
        for i in range(5)
    ]  # fmt: skip
    plans = [("SO-NV", D(2026, 3, 1), "approved", 0.0, False)]
    with read_only(build_db("schedule", assets=servers, plans=plans)) as con:
        assert compute_kpis(con, as_of)["agencies_at_risk"] == at_risk


@pytest.mark.parametrize(
    ("as_of", "fraction"),
    [
        pytest.param(D(2026, 1, 1), Fraction(0), id="before-start"),
        pytest.param(D(2026, 3, 31), Fraction(0), id="start"),
        pytest.param(D(2026, 4, 1), Fraction(1, 275), id="first-day"),
        pytest.param(D(2026, 8, 15), Fraction(137, 275), id="mid-august"),
        pytest.param(D(2026, 12, 31), Fraction(1), id="end"),
        pytest.param(D(2027, 6, 30), Fraction(1), id="after-end"),
    ],
)
def test_scheduled_fraction(as_of, fraction):
    assert scheduled_fraction(as_of) == fraction


@pytest.mark.parametrize(
    ("numerator", "denominator", "pct"),
    [
        pytest.param(1, 16, 6.3, id="6.25-rounds-half-up"),
        pytest.param(5, 16, 31.3, id="31.25-rounds-half-up"),
        pytest.param(1, 3, 33.3, id="one-third"),
        pytest.param(2, 3, 66.7, id="two-thirds"),
        pytest.param(1, 117, 0.9, id="one-of-117"),
        pytest.param(0, 117, 0.0, id="zero-of-117"),
        pytest.param(117, 117, 100.0, id="all"),
        pytest.param(0, 0, None, id="undefined"),
    ],
)
def test_percentage_rounds_half_up_from_exact_ratio(numerator, denominator, pct):
    assert percentage(numerator, denominator) == pct


def test_half_up_rounding_through_the_database(build_db):
    # 16 systems, 1 migrated: 6,25 % → 6,3 (a float round() would give 6,2)
    systems = [("SO-NV", D(2026, 5, 1), f"S{i:02d}", "ttthdl", "planned", False) for i in range(15)]
    systems.append(("SO-NV", D(2026, 5, 1), "S15", "ttthdl", "migrated", False))
    with read_only(build_db("rounding", migrations=systems)) as con:
        assert compute_kpis(con, D(2026, 6, 1))["systems_migrated_pct"] == 6.3


def test_sums_are_exact_not_float_drift(build_db):
    # 0,1 + 0,2 TB is 0,3 TB (a float sum gives 0,30000000000000004, whatever order)
    assets = [
        ("SO-NV", D(2026, 5, 1), code, "storage", None, None, tb, None, False, False, "cloud", "cloud")
        for code, tb in (("NV-A", 0.1), ("NV-B", 0.2))
    ]  # fmt: skip
    with read_only(build_db("exact", assets=assets)) as con:
        values = compute_kpis(con, D(2026, 6, 1))
    assert values["storage_moved_tb"] == 0.3
    # hosting 0,3 TB × 1.500.000 = 450.000 against blank costs: −450.000
    assert values["savings_realised_vnd"] == -450_000.0


def test_baseline_is_the_first_snapshot_latest_is_the_last(kpi_con):
    # SO-TC's baseline is still 15/01 after its 01/07 snapshot: servers_baseline keeps its
    # 3 servers, while its latest snapshot decides what remains.
    before, after = (compute_kpis(kpi_con, d) for d in (D(2026, 6, 30), D(2026, 7, 1)))
    assert before["servers_baseline"] == after["servers_baseline"] == 9
    # 30/06: TC-S1, S2, S3 (idle), X-S1, X-S2, TP-S2, CA-S1 = 7; 01/07: TC-S1, S3 done → 5
    assert (before["servers_remaining"], after["servers_remaining"]) == (7, 5)


def test_report_dates_are_distinct_and_ascending(kpi_con):
    assert report_dates(kpi_con) == [
        D(2026, 1, 15),
        D(2026, 1, 20),
        D(2026, 2, 1),
        D(2026, 3, 1),
        D(2026, 3, 10),
        D(2026, 3, 20),
        D(2026, 3, 25),
        D(2026, 4, 10),
        D(2026, 5, 1),
        D(2026, 6, 1),
        D(2026, 7, 1),
    ]


def test_report_dates_of_an_empty_database(empty_con):
    assert report_dates(empty_con) == []


def test_kpi_trend_has_one_row_per_date_and_indicator(kpi_con):
    dates = [D(2026, 3, 15), D(2026, 8, 15)]
    trend = kpi_trend(kpi_con, dates)
    assert trend.columns == ["as_of", "key", "value"]
    assert trend.height == len(dates) * len(INDICATORS)
    for as_of, expected in zip(dates, (EXPECTED_MID_MARCH, EXPECTED_MID_AUGUST), strict=True):
        rows = trend.filter(trend["as_of"] == as_of)
        assert dict(zip(rows["key"], rows["value"], strict=True)) == expected


def test_queries_run_from_many_threads(kpi_con):
    # Streamlit serves sessions in threads: a cursor per query makes one connection safe.
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: compute_kpis(kpi_con, D(2026, 8, 15)), range(24)))
    assert all(result == EXPECTED_MID_AUGUST for result in results)


# The terms of spec/kpis.md that are lists of values, and the order of the agency groups: the
# macro of db/schema.sql that spells each out, and the values, as the forms define them.
TERM_MACROS = {
    "is_server": SERVER_TYPES,
    "is_remaining": ("active", "idle"),
    "is_done": DONE_STATUSES,
    "is_hosted": ("consolidated", "cloud"),
    "is_to_change": CHANGE_PLANS,
    "is_plan_sent": ("submitted", "revise", "approved"),
    "is_migrated": MIGRATED_STAGES,
    "is_in_cloud": ("cloud", "ndc"),
    "agency_kind_rank": tuple(AGENCY_KINDS),
}
# a list of two or more quoted values, in parentheses or brackets: ('a', 'b') or ['a', 'b']
QUOTED_LIST = re.compile(r"[(\[]\s*'[^']*'(?:\s*,\s*'[^']*')+\s*[)\]]")


def _quoted_lists(sql: str) -> list[tuple[str, ...]]:
    code = re.sub(r"--[^\n]*", "", sql)  # what a comment quotes defines nothing
    return [tuple(re.findall(r"'([^']*)'", found)) for found in QUOTED_LIST.findall(code)]


def test_each_term_is_spelt_out_once_in_its_macro():
    # DST runs the macros by hand, so they spell the terms out; each in one macro, as forms.py has it
    found: dict[str, list[tuple[str, ...]]] = {}
    for statement in db.SCHEMA_SQL.read_text("utf-8").split(";"):
        name = re.search(r"create or replace macro (\w+)", statement)
        lists = _quoted_lists(statement)
        if lists:
            assert name, f"a list of values outside a macro: {lists}"
            found.setdefault(name.group(1), []).extend(lists)
    assert found == {name: [values] for name, values in TERM_MACROS.items()}


@pytest.mark.parametrize("path", sorted(QUERIES_DIR.glob("*.sql")), ids=lambda p: p.name)
def test_no_query_spells_a_term_out_again(path):
    # every list of values the queries test is a macro of db/schema.sql (is_done(status), …)
    text = path.read_text(encoding="utf-8")
    assert _quoted_lists(text) == []
    # the data-centre rule too: is_standalone(kind), is_data_centre(kind)
    assert "'data_centre'" not in text


def test_parameters_are_bound_never_formatted():
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert "{" not in text, path.name  # no str.format placeholders
        assert re.search(r"\bselect \* from final\s*$", text), path.name


def test_query_layer_imports_no_streamlit():
    # queries/ and formats.py serve the exports and the command line too: no UI below ui/.
    sources = [*QUERIES_DIR.glob("*.py"), QUERIES_DIR.parent / "formats.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+streamlit\b", text, re.M), path.name
