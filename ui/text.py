"""Agency text shown as it was typed: never read as Markdown, HTML or a Streamlit directive.

File names, agency names and cell values come from spreadsheets anyone can write; in a
label, caption or message Streamlit would render "**", "[link](…)", ":red[…]", "$…$" or
"<b>" in them. `plain` escapes every such character (CommonMark's backslash escapes), so
what is shown is exactly what was typed. Tables (st.dataframe) show plain text already.
"""

from __future__ import annotations

import re

# the characters that start Markdown, HTML or a Streamlit directive inside a line: emphasis,
# code, links and images, HTML, headings, tables, strike-through, formulas, ":red[…]" (its
# bracket); a backslash before each shows it as typed. ":" stays, so "roles.csv: …" reads
# plainly in tests and messages (an emoji shortcode in a name would still show as an emoji)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!$&])")


def plain(text: object) -> str:
    """`text` escaped for st.markdown, st.caption, labels and messages: shown as typed."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")
