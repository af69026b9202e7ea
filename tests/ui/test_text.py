"""Agency text is shown as typed, whatever Markdown it holds."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from ui.text import plain

HOSTILE = [
    "**Sở** [bấm](http://x.example) :red[đỏ] $x^2$ <b>b</b> # tiêu đề",
    "bieu_01 (ban cuoi).xlsx",
    '=HYPERLINK("http://x")',
    "1. Không phải danh sách",
]


def _shown(text: str) -> str:
    def page(value):
        import streamlit as st

        from ui.text import plain

        st.markdown(plain(value))

    app = AppTest.from_function(page, args=(text,)).run()
    return app.markdown[0].value


def test_markdown_characters_are_escaped():
    for text in HOSTILE:
        escaped = plain(text)
        # no Markdown character is left unescaped
        assert re.search(r"(?<!\\)[*\[\]`<>$]", escaped) is None, escaped
        # removing the escapes gives back exactly what was typed
        assert escaped.replace("\\", "") == text.replace("\\", "")
        assert _shown(text) == escaped
