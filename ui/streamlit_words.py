"""Streamlit's own words on every page, in Vietnamese: a style block in the router.

Streamlit's front end has no setting for its language. While a run takes longer than half a
second it shows a "Stop" button at the top right ("Stopping..." once pressed), it adds a
"Fullscreen" button to each chart's toolbar, and a table's toolbar shows "Search", "Show/hide
columns" and "Fullscreen" in a tooltip over each button: the style hides that text and writes
the Vietnamese in its place (CSS `content`), leaving Streamlit's elements as they are. Its
menu, English only, is not shown. The upload page's picker has its own block
(ui/file_picker.py).
"""

from __future__ import annotations

STOP = "Dừng"
STOPPING = "Đang dừng…"
# the button Streamlit adds to each Plotly chart's toolbar, by its English title: Plotly
# shows a button's title in a CSS tooltip (`content: attr(data-title)`) and never translates
# one added to it
PLOTLY_BUTTONS = {"Fullscreen": "Toàn màn hình", "Close fullscreen": "Thoát toàn màn hình"}
# A table's toolbar buttons, by their English label: each shows its label in a tooltip that
# Streamlit puts at the end of the page, tied to its button by nothing a style can name; only
# one is open at a time, under the pointer or the keyboard's focus, and it closes at once
TABLE_BUTTONS = {
    "Search": "Tìm kiếm",
    "Show/hide columns": "Hiện/ẩn cột",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
}
_TOOLTIP_TEXT = "[role='tooltip'] [data-testid='stTooltipContent'] p"
# The menu at the top right holds only "Print", "Record screen" and "Made with Streamlit" for a
# viewer, all English: not shown (the browser prints a page as well).
_MAIN_MENU = "[data-testid='stMainMenu']"

# only while a run is under way: the same box holds "Rerun" when a source file changes
_STATUS_BUTTON = (
    "[data-testid='stStatusWidget']:has([data-testid='stStatusWidgetRunningIcon']) button"
)


def css_string(text: str) -> str:
    """`text` as a CSS string, for `content`: quoted, its quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def style() -> str:
    """The style block of every page: the running app's Stop button, the full-screen button
    of a chart's toolbar and the tooltips of a table's, in Vietnamese; Streamlit's menu
    hidden."""
    rules = (
        f"{_STATUS_BUTTON} {{font-size: 0 !important}}",
        f"{_STATUS_BUTTON}::after {{content: {css_string(STOP)}; font-size: 14px}}",
        # pressed, Streamlit disables it until the run has stopped
        f"{_STATUS_BUTTON}:disabled::after {{content: {css_string(STOPPING)}}}",
        f"{_MAIN_MENU} {{display: none}}",
    ) + tuple(
        f".js-plotly-plot .plotly .modebar-btn[data-title={css_string(english)}]::after "
        f"{{content: {css_string(vietnamese)}}}"
        for english, vietnamese in PLOTLY_BUTTONS.items()
    )
    for english, vietnamese in TABLE_BUTTONS.items():
        button = f"[data-testid='stBaseButton-elementToolbar'][aria-label={css_string(english)}]"
        shown = [
            f"body:has({button}:{state}) {_TOOLTIP_TEXT}" for state in ("hover", "focus-visible")
        ]
        rules += (
            f"{', '.join(shown)} {{font-size: 0 !important}}",
            f"{', '.join(s + '::after' for s in shown)} "
            f"{{content: {css_string(vietnamese)}; font-size: 0.875rem}}",
        )
    return "<style>" + "\n".join(rules) + "</style>"
