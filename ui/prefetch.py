"""On a process's first run, the browser fetches the code of the pages' charts, tables and
widgets while the script is still working.

Streamlit's frontend loads each kind of element's code (a file of its bundle) only when the
first element of that kind arrives, and shows a grey skeleton in its place until then. After
a start, the overview's first chart therefore waited for Plotly's 4.7 MB to be fetched and
run once the script had sent it, and its table for the data grid's after that: about 0.7 s
from the end of the script run to the page drawn. The first run of a process imports the
libraries and opens the database for a second or more, and the browser is idle meanwhile:
app.py has it fetch that code then (cold start 4.2 → 3.5 s, benchmarks/run_all.py). The
browser keeps each file once, so the element's own request later finds it loaded. A later
run takes tens of milliseconds: the elements' own requests come as early, and a page
without charts (Đăng nhập) would only be slowed by Plotly's code (1.6 → 1.9 s by its
address), so app.py sends it on the first run only.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import streamlit as st

# Streamlit's bundle, where each element's code has a file named after it (PlotlyChart.x.js)
BUNDLE = Path(st.__file__).parent / "static" / "static" / "js"

# The elements whose code most pages need, the largest first: Plotly's charts, the data
# grid, the indicators' tiles, the download buttons, the sidebar's pickers.
ELEMENTS = ("PlotlyChart", "DataFrame", "Metric", "DownloadButton", "Multiselect", "Selectbox")

# Each file is asked for relative to the frontend's own entry script, as Streamlit's frontend
# asks for it, so the address is the same under any path nginx serves the app at. A file the
# browser cannot fetch only means its element loads as it would have anyway. The style keeps
# the block out of the layout: an empty block still takes a gap above the page's heading.
_SCRIPT = """<style>
[data-testid="stElementContainer"]:has(script[data-element-code]) { display: none; }
</style>
<script data-element-code>
(() => {
  const entry = document.querySelector("script[type='module'][src]");
  if (!entry) return;
  for (const name of %s) import(new URL(name, entry.src).href).catch(() => {});
})();
</script>"""


@functools.cache
def bundle_files(bundle: Path = BUNDLE) -> tuple[str, ...]:
    """The file names of `ELEMENTS`' code in this Streamlit's bundle (a name Streamlit's
    bundle no longer has is left out; tests/ui/test_prefetch.py says which)."""
    found = []
    for element in ELEMENTS:
        found.extend(sorted(path.name for path in bundle.glob(f"{element}.*.js")))
    return tuple(found)


def prefetch_element_code() -> None:
    """Send the browser the script that fetches the elements' code (a hidden st.html block
    at the top of the page)."""
    files = bundle_files()
    if files:
        # the one script here is ours and constant: the names come from Streamlit's package
        st.html(_SCRIPT % json.dumps(list(files)), unsafe_allow_javascript=True)
