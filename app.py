"""The dashboard's router: page config, the shared sidebar, navigation. Nothing else."""

import streamlit as st

from ui import data, filters

st.set_page_config(
    page_title="Hợp nhất hạ tầng CNTT – Bắc Ninh",
    page_icon=":material/dns:",
    layout="wide",
)
data.ensure_database()

# Vietnamese titles, ASCII url paths: non-ASCII paths break the browser's Back button.
navigation = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title="Tổng quan",
            url_path="tong-quan",
            icon=":material/dashboard:",
            default=True,
        ),
    ]
)
filters.sidebar()
navigation.run()
