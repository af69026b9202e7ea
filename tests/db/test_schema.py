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
