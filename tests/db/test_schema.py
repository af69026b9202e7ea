"""db/schema.sql's macros: the terms of spec/kpis.md as DST can call them, and their upkeep."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

import db
from vocabulary import AGENCY_KINDS

D = dt.date


@pytest.fixture(scope="module")
def con():
    """An in-memory database with the schema and its macros, no rows."""
    connection = duckdb.connect()
    db.ensure_schema(connection)
    yield connection
    connection.close()


def _value(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0]


@pytest.mark.parametrize(
    ("day", "as_of", "same"),
    [
        (D(2026, 6, 30), D(2026, 1, 1), True),
        (D(2026, 6, 30), D(2026, 7, 1), False),
        (D(2026, 7, 1), D(2026, 12, 31), True),
        (D(2025, 9, 30), D(2026, 9, 30), False),
        (None, D(2026, 9, 30), False),  # no inventory: not reported this half-year
    ],
    ids=str,
)
def test_in_half_year_of(con, day, as_of, same):
    assert _value(con, "select in_half_year_of(?::date, ?)", [day, as_of]) is same


def test_an_iso_string_is_a_date_too(con):
    assert _value(con, "select in_half_year_of(date '2026-02-01', '2026-06-30')") is True


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("is_to_change(null)", False),  # a blank plan is "no plan yet"
        ("is_to_change('keep')", False),
        ("is_to_change('eliminate')", True),
        ("is_plan_sent(null)", False),  # no plan at all
        ("is_plan_sent('not_submitted')", False),
        ("is_plan_sent('revise')", True),
        ("is_done('idle')", False),
        ("is_done('decommissioned')", True),
        ("is_hosted('decommissioned')", False),  # eliminated, hosted nowhere
        ("is_remaining('idle')", True),
        ("is_standalone('data_centre')", False),
        ("is_standalone('police')", True),
        ("is_server('storage')", False),
        ("is_in_cloud('ttthdl')", False),
    ],
)
def test_terms(con, sql, expected):
    assert _value(con, f"select {sql}") is expected


def test_agency_groups_sort_in_the_vocabulary_order(con):
    shuffled = sorted(AGENCY_KINDS, reverse=True)
    ranked = con.execute(
        "select kind from unnest(?::varchar[]) as t (kind) order by agency_kind_rank(kind)",
        [shuffled],
    ).fetchall()
    assert [kind for (kind,) in ranked] == list(AGENCY_KINDS)


def test_each_read_write_connect_brings_the_macros_up_to_date(tmp_path):
    # a database made by an older version: a macro missing, another with an older body
    path = tmp_path / "older.duckdb"
    con = db.connect(path)
    con.execute("drop macro table agency_risk")
    con.execute("create or replace macro is_done(status) as status = 'consolidated'")
    con.close()
    con = db.connect(path)
    assert _value(con, "select is_done('decommissioned')") is True
    assert _value(con, "select count(*) from agency_risk('2026-07-01', null, 1, 2)") == 117
    con.close()


def _groups(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.sql("select * from inventory_groups order by all").fetchall()


def test_inventory_groups_sum_the_assets_and_follow_their_definition(tmp_path):
    path = tmp_path / "groups.duckdb"
    con = db.connect(path)
    con.execute(
        """
        insert into assets (agency_code, report_date, asset_code, asset_type, commune_code,
            cpu_cores, ram_gb, storage_tb, annual_cost_vnd, soc_monitored, central_backup,
            status, plan, source_sha256, source_sheet, source_row)
        values
            ('SO-TC', '2026-06-30', 'A', 'physical_server', '07210', 8, 32, 1.5, 100e6,
                true, false, 'active', 'cloud', 'x', 'Biểu 01', 1),
            ('SO-TC', '2026-06-30', 'B', 'physical_server', '07210', 4, null, 0.25, null,
                true, false, 'active', 'consolidate', 'x', 'Biểu 01', 2),
            ('SO-TC', '2026-06-30', 'C', 'physical_server', '07210', null, 8, null, 5e6,
                true, false, 'active', null, 'x', 'Biểu 01', 3)
        """
    )
    db.refresh_inventory_groups(con, ["SO-TC"])
    # A and B differ only in what the indicators do not tell apart (both plans change): one group
    day = dt.date(2026, 6, 30)
    assert [row[:9] for row in _groups(con)] == [
        ("SO-TC", day, "07210", "physical_server", "active", False, True, False, 1),
        ("SO-TC", day, "07210", "physical_server", "active", True, True, False, 2),
    ]
    assert [tuple(float(v) for v in row[9:]) for row in _groups(con)] == [
        (0.0, 8.0, 0.0, 5e6),
        (12.0, 32.0, 1.75, 100e6),
    ]
    # a database set up by another schema.sql gets the table made again on connect, in the
    # shape of the definition now (here an older table of another shape, emptied)
    columns = [row[0] for row in con.sql("describe inventory_groups").fetchall()]
    con.execute("create or replace table inventory_groups as select 'older' as agency_code")
    con.execute("update db_meta set value = 'older' where key = 'schema_sha256'")
    con.close()
    con = db.connect(path)
    assert [row[0] for row in con.sql("describe inventory_groups").fetchall()] == columns
    assert len(_groups(con)) == 2
    # the same schema keeps them as they are: the write path alone keeps them right
    con.execute("delete from inventory_groups")
    con.close()
    con = db.connect(path)
    assert _groups(con) == []
    con.close()
