"""Streamlit's own words on every page, in Vietnamese: a style block in the router.

Streamlit's front end has no setting for its language. While a run takes longer than half a
second it shows a "Stop" button at the top right ("Stopping..." once pressed): the style
hides that text and writes the Vietnamese in its place (CSS `content`), leaving Streamlit's
element as it is. The upload page's picker has its own block (ui/file_picker.py).
"""

from __future__ import annotations

STOP = "Dừng"
STOPPING = "Đang dừng…"

_STATUS_BUTTON = "[data-testid='stStatusWidget'] button"


def css_string(text: str) -> str:
    """`text` as a CSS string, for `content`: quoted, its quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def style() -> str:
    """The style block of every page: the running app's Stop button in Vietnamese."""
    rules = (
        f"{_STATUS_BUTTON} {{font-size: 0 !important}}",
        f"{_STATUS_BUTTON}::after {{content: {css_string(STOP)}; font-size: 14px}}",
        # pressed, Streamlit disables it until the run has stopped
        f"{_STATUS_BUTTON}:disabled::after {{content: {css_string(STOPPING)}}}",
    )
    return "<style>" + "\n".join(rules) + "</style>"
