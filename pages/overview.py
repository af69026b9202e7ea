"""Tổng quan: leadership's first screen, every indicator as of the chosen report date."""

import streamlit as st

from ui import data, filters, widgets

st.title("Tổng quan hợp nhất hạ tầng CNTT tỉnh Bắc Ninh")
widgets.freshness_line()

view = filters.current()
if view.as_of is None:
    st.info(
        "Chưa có số liệu nào. Hãy nạp các biểu mẫu của đơn vị "
        "(lệnh `python -m loaders ingest TỆP.xlsx`) rồi mở lại trang này."
    )
    st.stop()
widgets.scope_line(view)

values = data.kpis(view.as_of, view.agency_codes)
previous_date = filters.previous_report_date(data.report_dates(), view.as_of)
previous = data.kpis(previous_date, view.agency_codes) if previous_date else None

for title, keys in widgets.TILE_GROUPS:
    st.subheader(title)
    widgets.kpi_tiles(values, previous, previous_date, keys)
