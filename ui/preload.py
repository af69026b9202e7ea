"""The heavy libraries, imported once per server process before any page uses them.

Streamlit runs each session's script in a thread of its own, so on a freshly started server
a crowd's first scripts import pandas, plotly and the rest at the same moment. Plotly looks
pandas up in `sys.modules` without importing it, and there it can find the module another
thread is still initialising: "partially initialized module 'pandas' has no attribute
'Series'" in an error box. Taking these imports under one lock, first thing in app.py, makes
every later script find them whole.
"""

from __future__ import annotations

import threading

_LOCK = threading.Lock()
_DONE = False


def preload() -> None:
    """Import the libraries the pages use, once, with one thread at a time."""
    global _DONE
    if _DONE:
        return
    with _LOCK:
        if _DONE:
            return
        import duckdb  # noqa: F401
        import pandas  # noqa: F401
        import plotly.graph_objects  # noqa: F401
        import plotly.io  # noqa: F401
        import polars  # noqa: F401

        _DONE = True
