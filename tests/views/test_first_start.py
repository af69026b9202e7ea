"""First start: with no database, the app builds the demo through the loaders, then shows it."""

from __future__ import annotations


def test_first_start_builds_the_demo_database(app_on, tmp_path):
    db_path = tmp_path / "new" / "dashboard.duckdb"
    app = app_on(db_path)
    assert db_path.exists()
    tiles = {metric.label: metric.value for metric in app.metric}
    assert tiles["Máy chủ riêng lẻ ban đầu"] != "0"
    assert app.sidebar.selectbox[0].value.isoformat() == "2026-11-15"  # the demo's last date
