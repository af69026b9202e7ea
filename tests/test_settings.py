"""Settings: the app and every command agree on the database path."""

from pathlib import Path

import settings


def test_database_path_defaults_to_data_dir(monkeypatch):
    monkeypatch.delenv("DASHBOARD_DB", raising=False)
    assert settings.database_path() == settings.DATA_DIR / "dashboard.duckdb"


def test_database_path_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "x.duckdb"))
    assert settings.database_path() == tmp_path / "x.duckdb"
    assert settings.archive_dir() == Path(tmp_path / "x_archive")
