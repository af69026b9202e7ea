"""On a process's first run, the browser fetches the code of the pages' charts, tables and
widgets while the script is still working.

Streamlit's frontend loads each kind of element's code (a file of its bundle) only when the
first element of that kind arrives, and shows a grey skeleton in its place until then. After
a start, the overview's chart therefore waited for Plotly's 4.7 MB to be fetched and run once
the script had sent it, and its table for the data grid's after that: 0.7–1.4 s from the end
of the script run to the page drawn. A process's first run imports the libraries and opens
the database, which takes a second or more, and the browser is idle meanwhile: app.py has it
fetch that code then (cold start, five interleaved starts each: 4.15 → 3.49 s and 4.48 →
3.89 s). The browser keeps each module once, so the element's own request later finds it
loaded.

Who gains is whoever opens a page while a process starts: with the deployment's warm-up
(tools/warm_up.py), the first run is the warm-up's own, and visitors arriving after it find
the server quick. A later run takes tens of milliseconds, the elements' own requests come as
early, and a page without charts (Đăng nhập) was only slowed by Plotly's code (1.6 → 1.9 s by
its address): later runs send the same block with no file in it. The block is sent on every
run so that the page's elements keep their places from one run to the next (an element that
moves is drawn anew).
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from ui.hidden_script import hidden_script, js_value

# Streamlit's bundle, where each element's code has a file named after it (PlotlyChart.x.js)
BUNDLE = Path(st.__file__).parent / "static" / "static" / "js"

# The elements whose code most pages need: Plotly's charts (4.7 MB), the data grid, the
# indicators' tiles, the download buttons, the sidebar's pickers.
ELEMENTS = ("PlotlyChart", "DataFrame", "Metric", "DownloadButton", "Multiselect", "Selectbox")

# Each file is asked for relative to the frontend's own entry script, as Streamlit's frontend
# asks for it (its import.meta.url), so the address is the same under any path nginx serves
# the app at. A fetch that fails is remembered by the browser for this page, as the
# element's own would be (its element then shows an error until the page is reloaded); it
# is told in the console. The style keeps the block out of the layout: an empty block still
# takes a gap above the page's heading.
MARKER = "data-element-code"  # the attribute of the block's script, which the style looks for
_SCRIPT = """(() => {
  const entry = document.querySelector("script[type='module'][src]");
  if (!entry) return;
  for (const name of __FILES__) {
    import(new URL(name, entry.src).href).catch((error) =>
      console.warn("Không tải trước được mã của trang:", name, error)
    );
  }
})();"""


@functools.cache
def bundle_files(bundle: Path = BUNDLE) -> tuple[str, ...]:
    """The file names of `ELEMENTS`' code in this Streamlit's bundle (a name Streamlit's
    bundle no longer has is left out; tests/ui/test_prefetch.py says which)."""
    found = []
    for element in ELEMENTS:
        found.extend(sorted(path.name for path in bundle.glob(f"{element}.*.js")))
    return tuple(found)


def block(files: tuple[str, ...]) -> str:
    """The hidden block's HTML: its script imports `files` (none: it does nothing)."""
    # the names come from Streamlit's own package; escaped all the same
    return hidden_script(MARKER, _SCRIPT.replace("__FILES__", js_value(list(files))))


def prefetch_element_code(first_run: bool) -> None:
    """Send the hidden block at this point of the page: on a process's `first_run`, with the
    elements' code to fetch; else empty, in the same place."""
    st.html(block(bundle_files() if first_run else ()), unsafe_allow_javascript=True)
