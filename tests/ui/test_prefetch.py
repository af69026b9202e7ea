"""ui/prefetch.py: the elements' code is named as this Streamlit's bundle names it, a
process's first run sends the script that fetches it before anything else, and later runs an
empty block in its place (in a real browser: tests/views/test_browser.py)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import prefetch, preload

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _prefetch_blocks(app: AppTest) -> list:
    """The st.html blocks of a run that hold the prefetching script (the page has others)."""
    return [block for block in app.get("html") if prefetch.MARKER in block.proto.body]


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


def test_names_are_written_into_the_script_and_none_makes_an_empty_one():
    html = prefetch.block(("PlotlyChart.a1.js", "x</script>.js"))
    assert 'for (const name of ["PlotlyChart.a1.js", "x\\u003c/script>.js"])' in html
    assert html.count("</script>") == 1  # a name cannot close the script
    assert "for (const name of [])" in prefetch.block(())


def test_a_first_run_sends_the_files_first_and_hidden_and_later_runs_an_empty_block(
    fixture_db, monkeypatch
):
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    monkeypatch.setattr(preload, "_DONE", False)  # a process whose first run this is
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    (first_run,) = _prefetch_blocks(app)
    assert first_run.proto.body == prefetch.block(prefetch.bundle_files())
    assert all(f'"{name}"' in first_run.proto.body for name in prefetch.bundle_files())
    assert f"script[{prefetch.MARKER}]) {{ display: none; }}" in first_run.proto.body
    assert first_run.proto.unsafe_allow_javascript
    # the first block of the main area, before the page's heading
    assert app.main.children[0].proto.body == first_run.proto.body

    # a later run, of this session or another, is quick: the same block in the same place,
    # with no file to fetch
    assert preload.loaded()
    for later in (app.run(), AppTest.from_file(APP, default_timeout=30).run()):
        (block,) = _prefetch_blocks(later)
        assert block.proto.body == prefetch.block(())
        assert later.main.children[0].proto.body == block.proto.body
    st.cache_resource.clear()  # the fixture's live file, for the next test's own
