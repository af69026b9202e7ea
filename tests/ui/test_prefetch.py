"""ui/prefetch.py: the elements' code is named as this Streamlit's bundle names it, and the
router sends the script that fetches it before anything else (in a real browser:
tests/views/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import prefetch

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_every_element_has_its_file_in_this_streamlits_bundle():
    # a Streamlit that renames them fails here: ELEMENTS is to be brought in step
    files = prefetch.bundle_files()
    assert [name.split(".", 1)[0] for name in files] == list(prefetch.ELEMENTS)
    for name in files:
        assert (prefetch.BUNDLE / name).stat().st_size > 0


def test_names_come_in_the_elements_order_and_a_missing_one_is_left_out(tmp_path):
    for name in ("Selectbox.b2.js", "PlotlyChart.a1.js", "DataFrame.c3.css", "Other.d4.js"):
        (tmp_path / name).write_text("export {};")
    # DataFrame has only its style sheet here, the rest no file at all
    assert prefetch.bundle_files(tmp_path) == ("PlotlyChart.a1.js", "Selectbox.b2.js")


def test_the_router_sends_it_first_and_hidden(fixture_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    html = app.get("html")
    assert html, "no st.html block"
    body = html[0].proto.body
    assert all(f'"{name}"' in body for name in prefetch.bundle_files())
    assert "script[data-element-code]) { display: none; }" in body
    assert html[0].proto.unsafe_allow_javascript
    # the first block of the main area, before the page's heading
    first = app.main.children[0]
    assert first.type == "html" and first.proto.body == body
    st.cache_resource.clear()  # the fixture's live file, for the next test's own
