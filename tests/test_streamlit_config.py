"""Streamlit's settings the deployment relies on (.streamlit/config.toml)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))


def test_no_file_watcher_in_the_served_app():
    # a changed source file must not bring Streamlit's English "File change. Rerun" prompt
    assert _config()["server"]["fileWatcherType"] == "none"


def test_no_usage_statistics_and_loopback_only():
    config = _config()
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"
