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

# The page files live in views/, not pages/: with a pages/ folder beside app.py, Streamlit
# serves the first session after a start in its legacy mode (a link to a page opens that
# file alone, or a "Page not found" dialog). Vietnamese titles, ASCII url paths: non-ASCII
# paths break the browser's Back button.
navigation = st.navigation(
    [
        st.Page(
            "views/overview.py",
            title="Tổng quan",
            url_path="tong-quan",
            icon=":material/dashboard:",
            default=True,
        ),
        st.Page(
            "views/progress.py",
            title="Tiến độ theo đơn vị",
            url_path="tien-do",
            icon=":material/table_chart:",
        ),
        st.Page("views/roadmap.py", title="Lộ trình", url_path="lo-trinh", icon=":material/flag:"),
        st.Page(
            "views/costs.py",
            title="Chi phí và tiết kiệm",
            url_path="chi-phi",
            icon=":material/payments:",
        ),
        st.Page(
            "views/systems.py",
            title="Hệ thống và an toàn thông tin",
            url_path="he-thong",
            icon=":material/security:",
        ),
        st.Page("views/map.py", title="Bản đồ", url_path="ban-do", icon=":material/map:"),
    ]
)
filters.sidebar()
navigation.run()
