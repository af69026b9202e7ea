"""benchmarks/scale.py at a tiny factor: a database consistent with its agencies table, whose
figures are the demo's scaled, and on which every page runs (no timing here)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import db
import queries
from benchmarks import scale
from ui.pages import PAGES

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LAST_DATE = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def demo_frames():
    return scale.demo_frames()


@pytest.fixture(scope="module")
def one(tmp_path_factory, demo_frames):
    """The demo province once, written by the generator (factor 1, depth 1)."""
    path = tmp_path_factory.mktemp("scale") / "x1.duckdb"
    scale.write_scaled(path, factor=1, depth=1)
    return path


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    """Three copies of the province, each agency with twice the demo's assets."""
    path = tmp_path_factory.mktemp("scale") / "x3.duckdb"
    summary = scale.write_scaled(path, factor=3, depth=2)
    return path, summary


def _rows(path: Path, sql: str) -> list[tuple]:
    con = db.connect(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_agency_named_has_its_row_in_the_same_commune(scaled):
    path, summary = scaled
    reference = db.read_reference("agencies")
    assert summary.agencies == 3 * reference.height
    for table in db.DATA_TABLES:
        assert _rows(
            path, f"select count(*) from {table} anti join agencies using (agency_code)"
        ) == [(0,)]
    # a copy sits where its original sits: SO-TC-002 in SO-TC's commune, named "… – bản sao 2"
    copies = _rows(
        path,
        "select copy.agency_code, copy.name, copy.commune_code = original.commune_code "
        "from agencies as copy join agencies as original "
        "on copy.agency_code = original.agency_code || '-002' where original.agency_code = 'SO-TC'",
    )
    assert copies == [("SO-TC-002", "Sở Tài chính – bản sao 2", True)]
    assert _rows(
        path, "select count(*) from agencies anti join communes on commune_code = code"
    ) == [(0,)]


def test_rows_are_the_demo_times_factor_and_depth(scaled, demo_frames):
    path, summary = scaled
    assert summary.rows == {
        "assets": demo_frames["assets"].height * 6,
        "plans": demo_frames["plans"].height * 3,
        "migrations": demo_frames["migrations"].height * 6,
    }
    # each asset once per agency and date, as the loader requires
    assert _rows(
        path,
        "select count(*) from (select agency_code, report_date, asset_code from assets "
        "group by all having count(*) > 1)",
    ) == [(0,)]
    # Biểu 02 still adds up: servers_total is the sum of the four plans
    assert _rows(
        path,
        "select count(*) from plans where servers_total != servers_eliminate "
        "+ servers_consolidate + servers_cloud + servers_keep",
    ) == [(0,)]


def test_every_row_names_an_upload_that_carried_it(scaled):
    path, summary = scaled
    assert summary.uploads == 3 * 4  # one per copy and report date
    assert _rows(
        path,
        "select count(*) from assets left join uploads using (upload_id) "
        "where uploads.upload_id is null or uploads.sha256 != assets.source_sha256 "
        "or uploads.report_date != assets.report_date",
    ) == [(0,)]
    # rows_loaded counts the upload's rows of the three forms; agencies lists its plans'
    mismatched = _rows(
        path,
        "with carried as (select upload_id, count(*) as n from (select upload_id from assets "
        "union all select upload_id from plans union all select upload_id from migrations) "
        "group by 1), named as (select upload_id, list_sort(list(agency_code)) as codes "
        "from plans group by 1) select count(*) from uploads join carried using (upload_id) "
        "join named using (upload_id) where rows_loaded != n or agencies != codes "
        "or status != 'loaded'",
    )
    assert mismatched == [(0,)]
    # a real upload after them numbers on from 13
    last = "select last_value from duckdb_sequences() where sequence_name = 'upload_id_seq'"
    assert _rows(path, last) == [(12,)]


def test_indicators_scale_with_the_copies(one, scaled):
    path, _ = scaled
    base, big = (db.connect(p, read_only=True) for p in (one, path))
    try:
        before, after = queries.compute_kpis(base, LAST_DATE), queries.compute_kpis(big, LAST_DATE)
    finally:
        base.close()
        big.close()
    # shares are the same; servers six times (3 copies × depth 2), agencies three times
    for key in ("plans_submitted_pct", "consolidation_pct", "systems_migrated_pct"):
        assert after[key] == before[key] is not None
    assert after["servers_baseline"] == 6 * before["servers_baseline"] > 0
    assert after["agencies_at_risk"] == 3 * before["agencies_at_risk"] > 0
    assert after["agencies_done"] == 3 * before["agencies_done"]


@pytest.mark.parametrize("page", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_runs_on_the_scaled_database(scaled, page, monkeypatch):
    path, _ = scaled
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    if not page.default:
        app.switch_page(page.path).run()
    assert not app.exception, [e.message for e in app.exception]
    # the page drew (the accounts page, signed out, draws only its refusal)
    assert app.title or app.header or app.warning or app.info
    st.cache_resource.clear()
