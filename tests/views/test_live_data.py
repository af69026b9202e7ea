"""A load shows on the pages at once: the next rerun reads the new file, with no cache to clear."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

import db
import formats
import queries
from queries.indicators import INDICATORS_BY_KEY
from tests.loaders.builders import build, load, two_agencies_file, valid_inventory_row
from tests.views.conftest import APP
from tests.views.helpers import tiles
from ui import data

REMAINING = INDICATORS_BY_KEY["servers_remaining"].label


def _servers_remaining(db_path, as_of):
    con = db.connect(db_path, read_only=True)
    try:
        return queries.compute_kpis(con, as_of)["servers_remaining"]
    finally:
        con.close()


def test_the_overview_shows_a_load_at_the_next_rerun(app_on, db_path):
    day = date(2026, 6, 30)
    load(two_agencies_file(tc_assets=("TC-01", "TC-02", "TC-03")), db_path, report_date=day)
    app = app_on(db_path, "views/overview.py")
    shown_before = tiles(app)[REMAINING]
    assert shown_before == formats.format_number(_servers_remaining(db_path, day))

    # SO-TC sends its inventory again for the same date, with more servers
    more = [valid_inventory_row(agency_code="SO-TC", asset_code=f"TC-{n:02}") for n in range(10)]
    load(build("inventory", more), db_path, report_date=day)
    app.run()  # the caches are not cleared: the live file's version is in their keys

    assert not app.exception
    expected = _servers_remaining(db_path, day)
    assert tiles(app)[REMAINING] == formats.format_number(expected)
    assert tiles(app)[REMAINING] != shown_before


def test_the_sessions_share_one_read_only_list_of_agency_labels(app_on, fixture_db):
    first = app_on(fixture_db)  # clears the caches, then runs the first session
    second = AppTest.from_file(APP, default_timeout=30)
    second.run()
    assert not second.exception, [e.message for e in second.exception]

    labels = data.agency_labels()
    assert labels is data.agency_labels()  # one mapping per live file, not a copy per call
    assert labels["SO-TC"] == "Sở Tài chính (SO-TC)"
    for app in (first, second):
        picker = next(m for m in app.sidebar.multiselect if m.label == "Đơn vị")
        assert picker.options == list(labels.values())
        assert picker.format_func.__self__ is labels  # the shared mapping's own .get
    with pytest.raises(TypeError):  # shared by every session, so nobody may change it
        labels["SO-TC"] = "?"  # type: ignore[index]
