"""Tiến độ theo đơn vị: one row per agency in view, a chart by group, and one agency's detail."""

import streamlit as st

import formats
from charts import progress as charts
from ui import data, documents, widgets
from ui.text import plain
from vocabulary import FORMER_CENTRES, PROVINCIAL_CENTRE_NAME, SCHEDULE_END, SCHEDULE_START, TSLCD

DETAIL_PARAM = "don_vi_chi_tiet"  # the chosen agency, in the link
DETAIL_KEY, TABLE_KEY, LAST_ROWS_KEY = "progress_detail", "progress_table", "progress_rows"
PANEL_KEY = "progress_panel"

view = widgets.page_header("Tiến độ theo đơn vị")
table = data.agency_progress(view)
if table.is_empty():
    st.info("Không có đơn vị nào khớp với bộ lọc đã chọn. Hãy bỏ bớt điều kiện lọc.")
    st.stop()
values = data.kpis(view)
due = data.scheduled_pct(view.as_of)

cells = st.columns(4)
cells[0].metric("Số đơn vị", formats.format_number(table.height), border=True)
cells[1].metric(
    "Đơn vị chậm tiến độ", formats.format_number(values["agencies_at_risk"]), border=True
)
cells[2].metric(
    charts.CONSOLIDATION_LABEL, formats.format_pct(values["consolidation_pct"]), border=True
)
cells[3].metric("Kế hoạch đến ngày này", formats.format_pct(due), border=True)
if view.as_of <= SCHEDULE_START:
    st.caption(
        f"Trước hạn gửi phương án {formats.format_date(SCHEDULE_START)}, chưa đơn vị nào bị "
        "coi là chậm tiến độ."
    )
else:
    st.caption(
        "Chậm tiến độ: chưa gửi phương án, chưa báo cáo Biểu 01, hoặc tiến độ hợp nhất máy chủ "
        f"của đơn vị dưới kế hoạch {formats.format_pct(due)} (tuyến tính từ "
        f"0{formats.PERCENT} ngày {formats.format_date(SCHEDULE_START)} đến "
        f"100{formats.PERCENT} ngày {formats.format_date(SCHEDULE_END)}). Máy chủ của "
        f"các {FORMER_CENTRES} không là máy chủ riêng lẻ."
    )

documents.reminders_button(view.as_of)  # the letters to the late agencies, built when clicked

groups = data.progress_by_kind(view)
if charts.has_standalone_servers(groups):
    widgets.chart(
        charts.kind_chart, groups, file_name="tien_do_theo_nhom_don_vi", key="progress_kinds"
    )

st.subheader("Từng đơn vị")
st.caption("Bấm tiêu đề cột để sắp xếp; chọn một dòng để xem chi tiết đơn vị bên dưới.")
# The chosen agency: from the link first, then from a row of the table or the selectbox.
agencies = dict(zip(table["agency_code"], table["name"], strict=True))
order = list(agencies)
if DETAIL_KEY not in st.session_state:
    st.session_state[DETAIL_KEY] = st.query_params.get(DETAIL_PARAM)
linked = st.session_state[DETAIL_KEY]
event = widgets.table(
    charts.agency_table(table),
    key=TABLE_KEY,
    max_height=460,
    on_select="rerun",
    selection_mode="single-row",
    selection_default={"selection": {"rows": [order.index(linked)]}}
    if linked in agencies
    else None,
)
rows = list(event.selection.rows) if event else []
if rows and rows != st.session_state.get(LAST_ROWS_KEY):
    st.session_state[DETAIL_KEY] = order[rows[0]]
st.session_state[LAST_ROWS_KEY] = rows
if st.session_state[DETAIL_KEY] not in agencies:
    st.session_state[DETAIL_KEY] = None
chosen = st.selectbox(
    "Xem chi tiết đơn vị",
    options=order,
    format_func=lambda code: f"{agencies[code]} ({code})",
    key=DETAIL_KEY,
    placeholder="Chọn một đơn vị…",
)
if chosen:
    st.query_params[DETAIL_PARAM] = chosen
elif DETAIL_PARAM in st.query_params:
    del st.query_params[DETAIL_PARAM]
if not chosen:
    st.stop()

detail = data.agency_detail(chosen, view.as_of)
summary = detail["summary"]
st.subheader(f"{summary['name']} ({chosen})")
if detail["snapshots"].is_empty():
    st.info(
        f"Đơn vị này chưa gửi số liệu nào đến ngày {formats.format_date(view.as_of)}: "
        "chưa có Biểu 01, Biểu 02 hay Biểu 03."
    )
    st.stop()
cells = st.columns(4)
for cell, (key, label) in zip(cells, charts.SUMMARY_LABELS.items(), strict=False):
    cell.metric(label, formats.format_number(summary[key]))
cells[3].metric(charts.CONSOLIDATION_LABEL, formats.format_pct(summary["consolidation_pct"]))
colour = charts.STATUS_BADGES[summary["status_label"]]
reason = f" ({summary['late_reason']})" if summary["late_reason"] else ""
st.markdown(
    f"Tình trạng: :{colour}-badge[{summary['status_label']}]{reason} · Phương án: "
    f"{summary['plan_status_label']} · Dự kiến hoàn thành: **{summary['projected_label']}** · "
    f"Hệ thống đã chuyển: {summary['systems_label']}"
)

# one panel at a time: only the chosen one is built (tabs would build all four)
panels = ["Các lần báo cáo", "Máy chủ, lưu trữ", "Phương án", "Hệ thống"]
panel = (
    st.segmented_control(
        "Xem", panels, default=panels[0], key=PANEL_KEY, label_visibility="collapsed"
    )
    or panels[0]
)
if panel == panels[0]:
    if not detail["history"].is_empty():
        widgets.chart(
            charts.history_chart,
            detail["history"],
            summary["name"],
            file_name=f"tien_do_{chosen}",
            key="progress_history",
        )
    st.caption("Mỗi dòng là một biểu của một ngày số liệu và tệp đã nạp số liệu đó.")
    widgets.table(charts.snapshot_table(detail["snapshots"]))
elif panel == panels[1]:
    if detail["assets"].is_empty():
        st.info("Đơn vị chưa báo cáo Biểu 01 (máy chủ, hệ thống lưu trữ) đến ngày này.")
    else:
        st.caption(
            f"Biểu 01 ngày {formats.format_date(summary['inventory_date'])}. "
            f"TTTHDL: {PROVINCIAL_CENTRE_NAME}."
        )
        widgets.table(charts.asset_table(detail["assets"]))
elif panel == panels[2]:
    plan = detail["plan"]
    if plan is None:
        st.info("Đơn vị chưa có phương án (Biểu 02) đến ngày này.")
    else:
        st.caption(
            f"Biểu 02 ngày {formats.format_date(plan['report_date'])}. "
            f"TTTHDL: {PROVINCIAL_CENTRE_NAME}."
        )
        cells = st.columns(4)
        cells[0].metric("Trạng thái", plan["plan_status_label"])
        cells[1].metric("Ngày gửi", formats.format_date(plan["submitted_on"]))
        cells[2].metric("Kinh phí", formats.format_vnd(plan["budget_vnd"]))
        cells[3].metric("Tiết kiệm dự kiến/năm", formats.format_vnd(plan["planned_savings_vnd"]))
        cells = st.columns(len(charts.PLAN_SERVER_LABELS))
        for cell, (key, label) in zip(cells, charts.PLAN_SERVER_LABELS.items(), strict=True):
            cell.metric(label, formats.format_number(plan[key]))
        tslcd = "có" if plan["tslcd_connected"] else "chưa"
        note = f" Ghi chú: {plain(plan['note'])}" if plan["note"] else ""  # the agency's text
        st.caption(f"Kết nối {TSLCD}: {tslcd}.{note}")
elif panel == panels[3]:
    if detail["systems"].is_empty():
        st.info("Đơn vị chưa báo cáo hệ thống thông tin (Biểu 03) đến ngày này.")
    else:
        st.caption(f"Đã chuyển đổi {summary['systems_label']} hệ thống (Biểu 03).")
        widgets.table(charts.system_table(detail["systems"]))
