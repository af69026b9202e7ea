"""ui/prefetch.py: the elements' code is named as this Streamlit's bundle names it, and a
process's first run sends the script that fetches it before anything else (in a real
browser: tests/views/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import prefetch, preload

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _prefetch_blocks(app: AppTest) -> list:
    """The st.html blocks of a run that hold the prefetching script (the page has others)."""
    return [block for block in app.get("html") if "data-element-code" in block.proto.body]


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


def test_the_routers_first_run_sends_it_first_and_hidden_and_later_runs_not(
    fixture_db, monkeypatch
):
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    monkeypatch.setattr(preload, "_DONE", False)  # a process whose first run this is
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    html = _prefetch_blocks(app)
    assert len(html) == 1
    body = html[0].proto.body
    assert all(f'"{name}"' in body for name in prefetch.bundle_files())
    assert "script[data-element-code]) { display: none; }" in body
    assert html[0].proto.unsafe_allow_javascript
    # the first block of the main area, before the page's heading
    first = app.main.children[0]
    assert first.type == "html" and first.proto.body == body

    # a later run, of this session or another, is quick: no code to fetch ahead
    assert preload.loaded()
    assert not _prefetch_blocks(app.run())
    assert not _prefetch_blocks(AppTest.from_file(APP, default_timeout=30).run())
    st.cache_resource.clear()  # the fixture's live file, for the next test's own
