"""The demo database built through the real loader (loaders/demo.py): every generated row, as generated."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import duckdb
import pytest

from loaders.demo import build_demo
from loaders.demo_data import REPORT_DATES, SCHEDULE_DAYS
from loaders.demo_workbooks import write_workbooks
from loaders.forms import (
    ASSET_STATUSES,
    FORMS,
    MIGRATION_STAGES,
    PLAN_STATUSES,
)
from vocabulary import SCHEDULE_END, SCHEDULE_START

FIRST, LAST = REPORT_DATES[0], REPORT_DATES[-1]
ORDER_BY = {
    "assets": "agency_code, report_date, asset_code",
    "plans": "agency_code, report_date",
    "migrations": "agency_code, report_date, system_code",
    "uploads": "upload_id",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("demo")
    summary = build_demo(folder / "demo.duckdb", work_dir=folder / "workbooks")
    return folder, summary


@pytest.fixture(scope="module")
def con(built):
    folder, _ = built
    connection = duckdb.connect(str(folder / "demo.duckdb"), read_only=True)
    yield connection
    connection.close()


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.sql(f"select * from {table} order by {ORDER_BY[table]}").fetchall()


def test_workbooks_are_byte_identical_across_builds(demo, built, tmp_path):
    """Fixed zip and document timestamps: the same data gives the same SHA-256 on every build."""
    folder, summary = built
    again = write_workbooks(demo, tmp_path)
    assert [w.path.name for w in again] == list(summary.files)
    for workbook in again:
        assert (
            workbook.path.read_bytes() == (folder / "workbooks" / workbook.path.name).read_bytes()
        )
    assert {w.report_date for w in again} == set(REPORT_DATES)


def test_build_is_deterministic(built, con, tmp_path):
    other = tmp_path / "other.duckdb"
    build_demo(other)
    second = duckdb.connect(str(other), read_only=True)
    try:
        for table in ORDER_BY:
            assert table_rows(second, table) == table_rows(con, table), table
    finally:
        second.close()


def test_database_holds_exactly_the_generated_rows(demo, con):
    """The loader read every variation of the workbooks back to the values generated."""
    for form in FORMS:
        names = [c.name for c in form.data_columns]
        stored = {
            tuple(row)
            for row in con.sql(
                f"select report_date, {', '.join(names)} from {form.table}"
            ).fetchall()
        }
        expected = set()
        for when in REPORT_DATES:
            for row in demo.form_rows(form.key, demo.reporting(when), when):
                values = [row[n] for n in names]
                if form.key == "plans":  # blank counts are stored as 0
                    values = [
                        0 if v is None and n.startswith("servers_") else v
                        for n, v in zip(names, values, strict=True)
                    ]
                expected.add((when, *values))
        assert stored == expected, form.key


def test_database_scale(built, con):
    _, summary = built
    first = con.sql("select count(*) from assets where report_date = $d", params={"d": FIRST})
    assert 1300 <= first.fetchall()[0][0] <= 1700
    present = con.sql(
        "select count(distinct agency_code) from"
        " (select agency_code from assets union all select agency_code from plans"
        "  union all select agency_code from migrations)"
    ).fetchall()
    assert present == [(117,)]
    dates = [d for (d,) in con.sql("select distinct report_date from assets order by 1").fetchall()]
    assert dates == list(REPORT_DATES)
    assert {s for (s,) in con.sql("select distinct status from assets").fetchall()} == set(
        ASSET_STATUSES
    )
    assert {s for (s,) in con.sql("select distinct stage from migrations").fetchall()} == set(
        MIGRATION_STAGES
    )
    assert {s for (s,) in con.sql("select distinct plan_status from plans").fetchall()} == set(
        PLAN_STATUSES
    )
    empty = con.sql(
        "select count(*) from communes where code not in (select commune_code from assets)"
    ).fetchall()[0][0]
    assert empty >= 1
    assert con.sql("select count(*) from uploads where status <> 'loaded'").fetchall() == [(0,)]
    assert summary.rows["assets"] == sum(summary.assets_per_date.values())
    assert list(summary.assets_per_date) == list(REPORT_DATES)
    assert len(summary.files) == len(list((built[0] / "workbooks").glob("*.xlsx")))
    assert 0 < summary.warnings < 200  # plausibility warnings, as real files have
    for when, count in summary.servers_remaining.items():
        assert servers_remaining(con, when) == count, when
    remaining = list(summary.servers_remaining.values())
    assert remaining == sorted(remaining, reverse=True) and remaining[-1] > 0


def servers_remaining(con: duckdb.DuckDBPyConnection, as_of: date) -> int:
    """spec/kpis.md servers_remaining, from the database: latest inventory snapshot per agency."""
    return con.sql(
        """
        with latest as (
            select agency_code, max(report_date) as report_date
            from assets where report_date <= $as_of group by 1
        )
        select count(*) from assets join latest using (agency_code, report_date)
        join agencies using (agency_code)
        where kind <> 'data_centre' and asset_type in ('physical_server', 'virtual_server')
          and status in ('active', 'idle')
        """,
        params={"as_of": as_of},
    ).fetchall()[0][0]


def test_data_centres_hold_more_servers_than_the_median_department(con):
    servers = dict(
        con.sql(
            "select agency_code, count(*) from assets join agencies using (agency_code)"
            " where report_date = $d and asset_type in ('physical_server', 'virtual_server')"
            " and kind in ('department', 'data_centre') group by 1",
            params={"d": FIRST},
        ).fetchall()
    )
    kinds = dict(con.sql("select agency_code, kind from agencies").fetchall())
    median = statistics.median(n for a, n in servers.items() if kinds[a] == "department")
    assert all(n > median for a, n in servers.items() if kinds[a] == "data_centre")


def test_at_the_last_date_some_agencies_are_done_and_some_are_late(con):
    """agencies_done and the straight line of spec/kpis.md, as of the last report date."""
    progress = con.sql(
        """
        with latest as (
            select agency_code, max(report_date) as report_date
            from assets where report_date <= $d group by 1
        )
        select agency_code,
               count(*) filter (where plan in ('consolidate', 'cloud', 'eliminate')) as to_change,
               count(*) filter (where plan in ('consolidate', 'cloud', 'eliminate')
                                and status in ('consolidated', 'cloud', 'decommissioned')) as done
        from assets join latest using (agency_code, report_date) join agencies using (agency_code)
        where kind <> 'data_centre' and asset_type in ('physical_server', 'virtual_server')
        group by 1
        """,
        params={"d": LAST},
    ).fetchall()
    line = (LAST - SCHEDULE_START).days / SCHEDULE_DAYS
    finished = [a for a, total, done in progress if done == total]
    behind = [a for a, total, done in progress if total and done / total < line]
    assert len(finished) >= 10
    assert len(behind) >= 10
    assert len(finished) + len(behind) < len(progress)  # and the rest are on the way
    assert LAST < SCHEDULE_END


def test_data_centre_servers_move_into_the_provincial_centre(con):
    shares = con.sql(
        "select report_date, avg((status = 'consolidated')::int) from assets"
        " join agencies using (agency_code) where kind = 'data_centre'"
        " and asset_type in ('physical_server', 'virtual_server') group by 1 order by 1"
    ).fetchall()
    values = [share for _, share in shares]
    assert values == sorted(values) and values[0] < 0.1 and values[-1] > 0.6


def test_demo_refuses_an_existing_database(tmp_path):
    existing = tmp_path / "there.duckdb"
    existing.write_bytes(b"")
    with pytest.raises(FileExistsError):
        build_demo(existing)
