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
        st.Page("pages/overview.py", title="Tổng quan", url_path="tong-quan",
                icon=":material/dashboard:", default=True),
        st.Page("pages/progress.py", title="Tiến độ theo đơn vị", url_path="tien-do",
                icon=":material/table_chart:"),
        st.Page("pages/roadmap.py", title="Lộ trình", url_path="lo-trinh",
                icon=":material/flag:"),
        st.Page("pages/costs.py", title="Chi phí và tiết kiệm", url_path="chi-phi",
                icon=":material/payments:"),
        st.Page("pages/systems.py", title="Hệ thống và an toàn thông tin", url_path="he-thong",
                icon=":material/security:"),
        st.Page("pages/map.py", title="Bản đồ", url_path="ban-do", icon=":material/map:"),
    ]
)
filters.sidebar()
navigation.run()
