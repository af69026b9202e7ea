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
    }


def test_the_script_carries_every_column_menu_word_and_hides_its_block():
    import json
    import re

    block = streamlit_words.script()
    words = re.search(r"new Map\(Object\.entries\((\{.*?\})\)\)", block, re.S)[1]
    assert json.loads(words) == streamlit_words.COLUMN_MENU_WORDS
    assert f"script[{streamlit_words.MARKER}]) {{ display: none; }}" in block
    assert "[data-testid^='stDataFrame'][data-testid$='Menu']" in block
    # every English label is one Streamlit's bundle writes, and none is left in Vietnamese
    assert all(english != words for english, words in streamlit_words.COLUMN_MENU_WORDS.items())


def test_the_column_menus_labels_are_streamlit_s_own():
    import streamlit

    bundle = Path(streamlit.__file__).parent / "static" / "static" / "js"
    source = "".join(path.read_text("utf-8") for path in bundle.glob("DataFrame.*.js"))
    missing = [
        english
        for english in streamlit_words.COLUMN_MENU_WORDS
        if f"`{english}`" not in source and f'"{english}"' not in source
    ]
    assert missing == []


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
