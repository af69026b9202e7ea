"""First start: with no database, the app builds the demo through the loaders, then shows it."""

from __future__ import annotations

import datetime as dt

from tests.views import helpers as shown


def test_first_start_builds_the_demo_database(app_on, tmp_path):
    db_path = tmp_path / "new" / "dashboard.duckdb"
    app = app_on(db_path)
    assert db_path.exists()
    # all 117 agencies, four report dates, the latest shown
    agencies = next(m for m in app.sidebar.multiselect if m.label == "Đơn vị")
    assert len(agencies.options) == 117
    dates = app.sidebar.selectbox[0]
    assert dates.options == ["31/03/2026", "30/06/2026", "30/09/2026", "15/11/2026"]
    assert dates.value == dt.date(2026, 11, 15)
    # the demo's figures on 15/11/2026, as `python -m queries kpis` prints them
    tiles = shown.tiles(app)
    assert tiles["Máy chủ riêng lẻ ban đầu"] == "1.123"
    assert tiles["Máy chủ riêng lẻ còn lại"] == "221"
    assert tiles["Tiến độ hợp nhất máy chủ"] == "82,1%"
    assert tiles["Đơn vị đã hoàn thành hợp nhất"] == "60"
    assert tiles["Đơn vị chậm tiến độ"] == "42"
    assert tiles["Tiết kiệm thực tế/năm"] == "32,9 tỷ đồng"
