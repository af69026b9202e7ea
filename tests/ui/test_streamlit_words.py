"""ui/streamlit_words.py: Streamlit's Stop button in Vietnamese, on every page of the app."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import streamlit_words

ROOT = Path(__file__).resolve().parents[2]


def test_a_quote_or_backslash_in_a_text_stays_inside_its_css_string():
    assert streamlit_words.css_string('a "b" \\ c') == '"a \\"b\\" \\\\ c"'


def test_the_style_writes_stop_and_stopping_in_vietnamese():
    css = streamlit_words.style()
    assert css.startswith("<style>") and css.endswith("</style>")
    running = "[data-testid='stStatusWidget']:has([data-testid='stStatusWidgetRunningIcon'])"
    assert f"{running} button {{font-size: 0 !important}}" in css
    assert 'button::after {content: "Dừng"; font-size: 14px}' in css
    assert 'button:disabled::after {content: "Đang dừng…"}' in css
    assert "[data-testid='stMainMenu'] {display: none}" in css
    assert '.modebar-btn[data-title="Fullscreen"]::after {content: "Toàn màn hình"}' in css


def test_a_tables_toolbar_tooltips_only_while_their_button_is_pointed_at():
    css = streamlit_words.style()
    search = "[data-testid='stBaseButton-elementToolbar'][aria-label=\"Search\"]"
    tooltip = "[role='tooltip'] [data-testid='stTooltipContent'] p"
    assert (
        f"body:has({search}:hover) {tooltip}, body:has({search}:focus-visible) {tooltip} "
        "{font-size: 0 !important}"
    ) in css
    assert f"body:has({search}:hover) {tooltip}::after, " in css
    assert '{content: "Tìm kiếm"; font-size: 0.875rem}' in css
    assert set(streamlit_words.TABLE_BUTTONS) == {
        "Search",
        "Show/hide columns",
        "Fullscreen",
        "Close fullscreen",
        "Clear selection",
    }


def test_the_script_carries_every_column_menu_word_and_hides_its_block():
    import json
    import re

    block = streamlit_words.script()
    words = re.search(r"new Map\(Object\.entries\((\{.*?\})\)\)", block, re.S)[1]
    assert json.loads(words) == streamlit_words.COLUMN_MENU_WORDS
    assert f"script[{streamlit_words.MARKER}]) {{ display: none; }}" in block
    assert "[data-testid^='stDataFrame'][data-testid$='Menu'], #vg-tooltip-element" in block
    assert all(english != words for english, words in streamlit_words.COLUMN_MENU_WORDS.items())


# Labels of the table's code that this app never shows: the editable table's, and the CSV
# download that .streamlit/config.toml turns off (a label in lower case names a style)
NOT_SHOWN_HERE = {"Add row", "Delete row(s)", "Edit", "Cancel (Escape)", "Download as CSV"}


def test_every_label_of_the_tables_code_is_written_in_vietnamese():
    import re

    import streamlit

    bundle = Path(streamlit.__file__).parent / "static" / "static" / "js"
    source = "".join(path.read_text("utf-8") for path in bundle.glob("DataFrame.*.js"))
    labels = set(re.findall(r"label:`([A-Z][^`$]*)`", source))
    assert {"Search", "Values", "Median", "Select all"} <= labels  # the bundle as known
    translated = set(streamlit_words.COLUMN_MENU_WORDS) | set(streamlit_words.TABLE_BUTTONS)
    assert labels - translated - NOT_SHOWN_HERE == set()
    # and every English text the script or the style looks for is one Streamlit's code writes
    everything = "".join(path.read_text("utf-8") for path in bundle.glob("*.js"))
    assert [english for english in translated if f"`{english}`" not in everything] == []


def test_the_router_puts_the_style_on_every_page(fixture_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    for page in (None, "views/map.py"):
        if page:
            app.switch_page(page).run()
        assert not app.exception
        bodies = [e.proto.body for e in app.get("html")]
        assert streamlit_words.style() in bodies
        assert streamlit_words.script() in bodies
