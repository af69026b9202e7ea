"""Lộ trình: the directive's milestones and their status, each indicator against its target and
over the report dates, and the merger of the two former data integration centres."""

import datetime as dt

import streamlit as st

import formats
from charts import roadmap as charts
from ui import data, widgets
from vocabulary import (
    FORM_TITLES,
    FORMER_CENTRES,
    MIGRATED_STAGES,
    MIGRATION_STAGES,
    PRODUCT,
    PROVINCIAL_CENTRE,
)

view = widgets.page_header(f"Lộ trình {PRODUCT} 2026–2030")
if view.codes == []:
    st.info("Không có đơn vị nào khớp với bộ lọc đang chọn. Hãy nới bộ lọc ở thanh bên.")
    st.stop()

milestones = data.roadmap_milestones(view)
if milestones.is_empty():
    st.info(
        "Chưa có mốc lộ trình nào: danh mục mốc lộ trình do Sở Khoa học và Công nghệ cập nhật "
        "đang trống."
    )
    st.stop()

st.subheader("Các mốc lộ trình", help=data.STATUS_RULE_VI)
widgets.chart(
    charts.milestone_timeline,
    milestones,
    view.as_of,
    dt.date.today(),
    file_name="lo_trinh_cac_moc",
    key="roadmap_timeline",
)
with st.expander(
    f"Cách xác định trạng thái (tính đến ngày số liệu {formats.format_date(view.as_of)})"
):
    st.markdown(data.STATUS_RULE_VI)

st.subheader("Chỉ tiêu so với mục tiêu", help=data.STATUS_RULE_VI)
widgets.chart(
    charts.indicator_targets, milestones, file_name="chi_tieu_muc_tieu", key="roadmap_targets"
)
widgets.table(data.milestone_table(view))

st.subheader("Diễn biến qua các ngày số liệu")
trend = data.milestone_trend(view)
if len([d for d in data.report_dates() if d <= view.as_of]) < 2:
    st.caption("Mới có một ngày số liệu đến ngày này: diễn biến hiện khi có số liệu của ngày sau.")
widgets.chart(charts.indicator_trends, trend, file_name="dien_bien_chi_tieu", key="roadmap_trends")

st.subheader(f"Hợp nhất hai {FORMER_CENTRES} cũ thành {PROVINCIAL_CENTRE}")
merger = data.centre_summary(view)
if merger["centres"].is_empty():
    st.info(f"Các đơn vị đang chọn không gồm {FORMER_CENTRES} nào.")
else:
    if len(merger["unreported"]) == len(merger["names"]):
        st.info(
            f"Các {FORMER_CENTRES} chưa báo cáo {FORM_TITLES['inventory']} đến ngày "
            f"{formats.format_date(view.as_of)}."
        )
    else:
        widgets.chart(
            charts.centre_merger,
            merger["centres"],
            file_name="hop_nhat_trung_tam",
            key="roadmap_centres",
        )
        if merger["unreported"]:
            st.caption("Chưa báo cáo Biểu 01: " + "; ".join(merger["unreported"]) + ".")
    widgets.table(merger["table"])
    st.caption(
        "; ".join(f"{code}: {name}" for code, name in merger["names"].items()) + ". "
        "Mỗi trung tâm tính theo Biểu 01 và Biểu 03 mới nhất đến ngày số liệu. “Chưa chuyển”: "
        "máy chủ, thiết bị đang hoạt động hoặc không sử dụng; hệ thống đã chuyển đổi: bước "
        "chuyển đổi “" + "”, “".join(MIGRATION_STAGES[stage] for stage in MIGRATED_STAGES) + "”."
    )
