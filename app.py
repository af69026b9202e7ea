"""The dashboard's router: page config, the shared sidebar, navigation. Nothing else."""

from pathlib import Path

import streamlit as st

from ui import data, filters

st.set_page_config(
    page_title="Hợp nhất hạ tầng CNTT – Bắc Ninh",
    # a file, not ":material/…": an icon name makes the browser fetch it from Google's servers
    page_icon=str(Path(__file__).parent / "ui" / "assets" / "favicon.png"),
    layout="wide",
)
data.ensure_database()

# Vietnamese titles, ASCII url paths (non-ASCII paths break the browser's Back button).
# Each url path is its file's name: before st.navigation has run once, Streamlit knows the
# pages/ folder only by file names, and a link to any other path opened first after a start
# shows "Page not found".
navigation = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title="Tổng quan",
            url_path="overview",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "pages/progress.py",
            title="Tiến độ theo đơn vị",
            url_path="progress",
            icon=":material/table_chart:",
        ),
        st.Page("pages/roadmap.py", title="Lộ trình", url_path="roadmap", icon=":material/flag:"),
        st.Page(
            "pages/costs.py",
            title="Chi phí và tiết kiệm",
            url_path="costs",
            icon=":material/payments:",
        ),
        st.Page(
            "pages/systems.py",
            title="Hệ thống và an toàn thông tin",
            url_path="systems",
            icon=":material/security:",
        ),
        st.Page("pages/map.py", title="Bản đồ", url_path="map", icon=":material/map:"),
    ]
)
filters.sidebar()
navigation.run()
