"""Fixtures of the exports' tests: the app run on a database (for the pages' buttons)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app_on(monkeypatch):
    """Return a function that runs the app (optionally a page) on a database file."""

    def run(db_path: Path, page: str | None = None, query: dict | None = None) -> AppTest:
        monkeypatch.setenv("DASHBOARD_DB", str(db_path))
        st.cache_data.clear()  # caches outlive an AppTest within one pytest process
        st.cache_resource.clear()
        app = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            app.query_params[key] = value
        app.run()
        if page:
            app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    yield run
    st.cache_resource.clear()
