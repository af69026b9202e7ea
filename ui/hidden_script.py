"""A script for the browser, in a block of st.html that takes no place on the page.

st.html gives even an empty block a gap above the next element; a style in the block hides
the element that holds it, found by an attribute on its script tag (`marker`). Streamlit
sends the block with every run: a script that must act once per page says so itself.
"""

from __future__ import annotations

import json


def hidden_script(marker: str, code: str) -> str:
    """`code` in a <script> tagged with the attribute `marker`, and the style that hides its
    block."""
    return (
        "<style>\n"
        f'[data-testid="stElementContainer"]:has(script[{marker}]) {{ display: none; }}\n'
        "</style>\n"
        f"<script {marker}>\n{code}\n</script>"
    )


def js_value(value: object) -> str:
    """`value` as a JavaScript literal inside a script: JSON, with "<" escaped so that no
    text could ever close the script."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
