"""Chi phí và tiết kiệm: baseline yearly cost, realised and planned savings, hosting tariff, plans' budget."""

import streamlit as st

import formats
from charts import costs as charts
from ui import data, filters, widgets
from vocabulary import DST, FORMER_CENTRES, PROVINCIAL_CENTRE

MONEY_KEYS = ("annual_cost_baseline_vnd", "savings_realised_vnd", "savings_planned_vnd")

view = widgets.page_header("Chi phí và tiết kiệm")
agencies = data.costs_by_agency(view)
if agencies.is_empty():
    st.info(
        "Các đơn vị đang chọn chưa gửi Biểu 01 (máy chủ) hay Biểu 02 (phương án) nào "
        f"đến ngày {formats.format_date(view.as_of)}: chưa có số liệu chi phí."
    )
    st.stop()

values = data.kpis(view)
summary = data.costs_summary(view)
previous_date = filters.previous_report_date(data.report_dates(), view.as_of)
previous, previous_summary = None, None
if previous_date:
    previous = data.kpis(view.on(previous_date))
    previous_summary = data.costs_summary(view.on(previous_date))

widgets.kpi_tiles(values, previous, previous_date, MONEY_KEYS, columns=3)

stamp = view.as_of.isoformat()
groups = data.costs_by_group(view)
st.subheader("Theo nhóm đơn vị")
widgets.chart(
    charts.costs_by_group_chart, groups, file_name=f"chi-phi-theo-nhom-{stamp}", key="groups"
)
widgets.table(charts.groups_table(groups))

st.subheader("Theo đơn vị")
widgets.chart(
    charts.savings_by_agency_chart, agencies, file_name=f"tiet-kiem-theo-don-vi-{stamp}", key="top"
)
st.caption(
    "Số tiền tính bằng triệu đồng; chi phí và tiết kiệm tính cho một năm, kinh phí chi một lần. "
    "Chi phí còn lại: chi phí vận hành của máy chủ, thiết bị còn hoạt động hoặc không sử dụng. "
    f"Các {FORMER_CENTRES} không có hạ tầng riêng lẻ nên chi phí và tiết kiệm thực tế để "
    "trống (–); "
    "tiết kiệm dự kiến, kinh phí và tình trạng lấy từ phương án mới nhất của đơn vị."
)
widgets.table(charts.costs_table(agencies), max_height=420)

st.subheader("Đơn giá thuê hạ tầng tập trung")
tariff, formula = st.columns([2, 3])
with tariff:
    widgets.table(charts.tariff_table(data.tariffs()))
    st.caption(
        f"Đơn giá thuê một năm tại {PROVINCIAL_CENTRE} hoặc trên đám mây, do {DST} cập nhật."
    )
with formula:
    st.markdown(
        charts.realised_formula(
            summary["done_cost_vnd"], summary["hosting_cost_vnd"], values["savings_realised_vnd"]
        )
    )

st.subheader("Kinh phí thực hiện phương án")
tile, chart = st.columns([1, 2])
with tile:
    widgets.metric_with_change(
        st,
        "Kinh phí thực hiện các phương án",
        summary["budget_vnd"],
        previous_summary["budget_vnd"] if previous_summary is not None else None,
        "vnd",
        compared=previous_summary is not None,
        help="Tổng kinh phí (chi một lần) ghi trong phương án mới nhất của mỗi đơn vị.",
    )
    missing = summary["plans"] - summary["plans_with_budget"]
    st.caption(
        f"Tổng của {formats.format_number(summary['plans'])} phương án mới nhất"
        + (f"; {formats.format_number(missing)} phương án chưa ghi kinh phí." if missing else ".")
    )
with chart:
    widgets.chart(
        charts.budget_by_group_chart, groups, file_name=f"kinh-phi-theo-nhom-{stamp}", key="budget"
    )
