"""The dashboard's router: page config, the shared sidebar, navigation, and before them the
hidden block that has the browser fetch the charts' code early (ui/prefetch.py), and the style
that writes Streamlit's own words in Vietnamese (ui/streamlit_words.py). Nothing else."""

from pathlib import Path

import streamlit as st

from ui import preload
from ui.prefetch import prefetch_element_code

# A process's first run imports the libraries and opens the database, which takes a second
# or more: the browser fetches the charts' code meanwhile, rather than after this run
# (ui/prefetch.py). Later runs are quick: their block is empty.
prefetch_element_code(first_run=not preload.loaded())
preload.preload()  # before any other import: a crowd's first scripts must not import pandas at once

from ui import auth, data, filters, streamlit_words  # noqa: E402
from ui.pages import PAGES  # noqa: E402
from vocabulary import PRODUCT_SHORT  # noqa: E402

st.set_page_config(
    page_title=f"Hợp nhất {PRODUCT_SHORT} – Bắc Ninh",
    # a file, not ":material/…": an icon name makes the browser fetch it from Google's servers
    page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"),
    layout="wide",
)
data.ensure_database()
st.html(streamlit_words.style())  # Streamlit's own words (Stop, a chart's Fullscreen) in Vietnamese
st.html(streamlit_words.script(), unsafe_allow_javascript=True)  # a table column's menus too

# The page files live in views/, not pages/: with a pages/ folder beside app.py, Streamlit
# serves the first session after a start in its legacy mode (a link to a page opens that
# file alone, or a "Page not found" dialog).
navigation = st.navigation(
    [
        st.Page(
            page.path,
            title=page.title,
            url_path=page.url_path,
            icon=page.icon,
            default=page.default,
            # hidden pages stay reachable by URL, and each checks the user's role itself
            visibility="visible" if auth.shown_in_menu(page) else "hidden",
        )
        for page in PAGES
    ]
)
auth.sidebar_account()
if auth.may_read():  # with DASHBOARD_REQUIRE_SIGN_IN, no figure before signing in
    filters.sidebar()
try:
    navigation.run()
finally:
    preload.trim_heap()  # after every run, also one stopped or rerun midway
