"""queries.systems: systems, NDXP/LGSP, TSLCD, SOC, backup and security levels, worked out by hand.

The fixture is tests/queries/conftest.py, with security levels added here; as of 1/7/2026
each agency counts with its latest snapshot of each form up to then.
"""

from __future__ import annotations

import datetime as dt

import pytest

import db
import queries
from queries import systems
from tests.queries.conftest import ASSETS, MIGRATIONS, PLANS, read_only

D = dt.date
JULY = D(2026, 7, 1)
# (table, agency, report_date, code column, code, level)
LEVELS = [
    ("assets", "SO-TC", JULY, "asset_code", "TC-S2", 3),
    ("assets", "SO-TC", D(2026, 1, 15), "asset_code", "TC-S2", 1),  # an older snapshot
    ("assets", "SO-TC", JULY, "asset_code", "TC-S1", 5),  # consolidated, not active
    ("assets", "UBND-07210", D(2026, 2, 1), "asset_code", "X-S1", 2),
    ("assets", "TTTHDL-BN", D(2026, 1, 20), "asset_code", "DC-S1", 3),
    ("migrations", "SO-TC", JULY, "system_code", "SYS-1", 2),
    ("migrations", "UBND-07210", D(2026, 2, 1), "system_code", "SYS-A", 4),
]


@pytest.fixture
def con(build_db):
    path = build_db("systems", ASSETS, PLANS, MIGRATIONS)
    writer = db.connect(path)
    for table, agency, report_date, column, code, level in LEVELS:
        writer.execute(
            f"update {table} set security_level = ? "  # table and column from the list above
            f"where agency_code = ? and report_date = ? and {column} = ?",
            [level, agency, report_date, code],
        )
    writer.close()
    with read_only(path) as connection:
        yield connection


def test_systems_by_stage_on_1_july(con):
    frame = systems.systems_by_stage(con, JULY)
    assert frame.height == 15  # 3 destinations × 5 stages, zeros included
    counts = {(r["target"], r["stage"]): r["systems"] for r in frame.iter_rows(named=True)}
    # SO-TC's 01/07 snapshot (SYS-1, SYS-2, SYS-3) and UBND-07210's 01/02 (SYS-A, SYS-B)
    assert {key: n for key, n in counts.items() if n} == {
        ("ttthdl", "migrated"): 1,
        ("cloud", "accepted"): 1,
        ("cloud", "planned"): 1,
        ("ndc", "legacy_off"): 1,
        ("ndc", "migrated"): 1,
    }
    assert list(frame["target"].unique(maintain_order=True)) == ["ttthdl", "cloud", "ndc"]


def test_systems_by_stage_add_up_to_every_system(con):
    for as_of in (D(2026, 3, 1), JULY):
        inputs = queries.run(con, "kpi_migrations", as_of=as_of, agency_codes=None)
        assert systems.systems_by_stage(con, as_of)["systems"].sum() == inputs["systems_total"][0]


def test_systems_not_connected_on_1_july(con):
    frame = systems.systems_not_connected(con, JULY)
    assert sorted(frame["system_code"]) == ["SYS-1", "SYS-3", "SYS-B"]
    summary = systems.systems_summary(con, JULY)
    assert summary["systems"] == 5
    assert summary["systems_ndxp_connected"] == 2  # SYS-2, SYS-A: 40,0 % as kpis.md says
    assert queries.compute_kpis(con, JULY)["ndxp_connected_pct"] == 40.0


def test_tslcd_by_group_on_1_july(con):
    groups = {r["kind"]: r for r in systems.tslcd_by_group(con, JULY).iter_rows(named=True)}
    # SO-TC (01/06 plan), TTTHDL-BN, CA-TINH say connected; every other required agency not
    assert (groups["department"]["connected"], groups["department"]["required_agencies"]) == (1, 15)
    assert groups["department"]["tslcd_connected_pct"] == 6.7
    assert (groups["police"]["connected"], groups["police"]["tslcd_connected_pct"]) == (1, 100.0)
    assert (groups["data_centre"]["connected"], groups["data_centre"]["tslcd_connected_pct"]) == (
        1,
        50.0,
    )
    assert (groups["commune"]["connected"], groups["commune"]["tslcd_connected_pct"]) == (0, 0.0)
    connected = sum(g["connected"] for g in groups.values())
    required = sum(g["required_agencies"] for g in groups.values())
    assert (
        queries.percentage(connected, required)
        == queries.compute_kpis(con, JULY)["tslcd_connected_pct"]
    )


def test_tslcd_not_connected_counts_agencies_without_a_plan(con):
    frame = systems.tslcd_not_connected(con, JULY)
    assert frame.height == 117 - 3
    rows = {r["agency_code"]: r for r in frame.iter_rows(named=True)}
    assert rows["SO-TP"]["plan_date"] == D(2026, 3, 20)  # its plan says not connected
    assert rows["VP-UBND"]["plan_date"] is None  # no plan at all
    assert "SO-TC" not in rows


def test_security_by_group_on_1_july(con):
    groups = {r["kind"]: r for r in systems.security_by_group(con, JULY).iter_rows(named=True)}
    # active servers, monitored; active assets, backed up (latest inventory of each agency)
    expected = {
        "department": (2, 1, 2, 0, 50.0, 0.0),  # SO-TC: TC-S2; SO-TP: TP-S2
        "commune": (2, 1, 2, 1, 50.0, 50.0),  # X-S1, X-S2
        "data_centre": (2, 1, 2, 2, 50.0, 100.0),  # DC-S1, DC-S2 (DC-ST moved to the cloud)
        "police": (1, 1, 2, 2, 100.0, 100.0),  # CA-S1; CA-S1 and the storage CA-ST
    }
    for kind, values in expected.items():
        row = groups[kind]
        assert (
            row["servers_active"],
            row["servers_active_monitored"],
            row["assets_active"],
            row["assets_active_backed_up"],
            row["soc_monitored_pct"],
            row["backup_central_pct"],
        ) == values, kind
    kpis = queries.compute_kpis(con, JULY)
    columns = (
        "servers_active",
        "servers_active_monitored",
        "assets_active",
        "assets_active_backed_up",
    )
    totals = {c: sum(g[c] for g in groups.values()) for c in columns}
    assert (
        queries.percentage(totals["servers_active_monitored"], totals["servers_active"])
        == (kpis["soc_monitored_pct"])
    )
    assert (
        queries.percentage(totals["assets_active_backed_up"], totals["assets_active"])
        == (kpis["backup_central_pct"])
    )


def test_security_share_undefined_when_nothing_is_active(con, build_db):
    # TTTHDL-BN before its first snapshot (20/01): no group at all
    assert systems.security_by_group(con, D(2026, 1, 15), ["TTTHDL-BN"]).is_empty()
    # a snapshot with nothing active: a share of nothing is undefined, never 0 %
    moved = (
        "SO-TC",
        JULY,
        "A-1",
        "physical_server",
        4,
        8,
        1.0,
        10e6,
        False,
        False,
        "cloud",
        "cloud",
    )
    path = build_db("none_active", [moved])
    with read_only(path) as other:
        groups = systems.security_by_group(other, JULY)
    assert groups.select("servers_active", "soc_monitored_pct", "backup_central_pct").rows() == [
        (0, None, None)
    ]


def test_security_levels_on_1_july(con):
    frame = systems.security_levels(con, JULY)
    levels = {(r["subject"], r["security_level"]): r["count"] for r in frame.iter_rows(named=True)}
    assert frame.height == 12  # levels 1–5 and blank, for servers and systems
    # 7 active servers: TC-S2 3, X-S1 2, DC-S1 3, the others blank; TC-S1 (5) is consolidated
    assert {level: levels[("servers", level)] for level in (1, 2, 3, 4, 5, None)} == {
        1: 0,
        2: 1,
        3: 2,
        4: 0,
        5: 0,
        None: 4,
    }
    # 5 systems: SYS-1 2, SYS-A 4, SYS-2, SYS-3, SYS-B blank
    assert {level: levels[("systems", level)] for level in (1, 2, 3, 4, 5, None)} == {
        1: 0,
        2: 1,
        3: 0,
        4: 1,
        5: 0,
        None: 3,
    }
    assert list(frame["security_level"][:6]) == [1, 2, 3, 4, 5, None]


def test_narrowed_to_one_agency(con):
    assert systems.systems_by_stage(con, JULY, ["UBND-07210"])["systems"].sum() == 2
    assert systems.tslcd_by_agency(con, JULY, ["UBND-07210"]).rows() == [
        ("UBND-07210", "UBND phường Bắc Giang", "commune", D(2026, 3, 1), False)
    ]
    summary = systems.systems_summary(con, JULY, [])
    assert summary == {
        "systems": 0,
        "systems_ndxp_connected": 0,
        "agencies_with_inventory": 0,
        "required_agencies": 0,
        "agencies_with_plan": 0,
        "tslcd_connected": 0,
    }
