"""Tổng quan: leadership's first screen, every indicator as of the chosen report date, the roadmap's
milestones, the burn-down of standalone servers and the agencies most behind."""

import streamlit as st

import formats
from charts import roadmap as roadmap_charts
from ui import data, documents, filters, widgets
from vocabulary import PRODUCT, SCHEDULE_END, SCHEDULE_START, SERVERS_TO_CHANGE

view = widgets.page_header(f"Tổng quan {PRODUCT} tỉnh Bắc Ninh")
documents.report_buttons(view.as_of)  # the report to the ministry, built only when clicked

values = data.kpis(view)
previous_date = filters.previous_report_date(data.report_dates(), view.as_of)
previous = data.kpis(view.on(previous_date)) if previous_date else None

(first_title, first_keys), *other_groups = widgets.TILE_GROUPS
st.subheader(first_title)
widgets.kpi_tiles(values, previous, previous_date, first_keys)

# The roadmap's milestones, one column each, with their status and indicators against targets.
st.subheader("Lộ trình", help=data.STATUS_RULE_VI)
cards = data.milestone_cards(view)
for column, card in zip(st.columns(max(len(cards), 1)), cards, strict=False):
    with column.container(border=True):
        badge = roadmap_charts.STATUS_BADGE_COLOURS[card["status"]]
        st.markdown(
            f"**Giai đoạn {card['phase']}**  \n"
            f":{badge}-badge[{roadmap_charts.STATUS_LABELS[card['status']]}] "
            f"hạn {formats.format_date(card['due_date'])}"
        )
        st.caption(card["title"])
        st.markdown(
            "\n".join(
                f"- {item['label']}: **{formats.format_kpi(item['value'], item['unit'])}** / "
                f"{formats.format_kpi(item['target'], item['unit'])} "
                f":{roadmap_charts.STATUS_BADGE_COLOURS[item['status']]}[{item['status']}]"
                for item in card["indicators"]
            )
        )

left, right = st.columns([1, 1])
with left:
    if not values["servers_baseline"]:
        st.info("Các đơn vị đang chọn chưa báo cáo máy chủ riêng lẻ nào đến ngày số liệu này.")
    else:
        burndown = data.servers_burndown(view)
        widgets.chart(
            roadmap_charts.servers_burndown,
            burndown,
            file_name="may_chu_con_lai",
            key="overview_burndown",
        )
        st.caption(
            "Đường lộ trình: từ số máy chủ riêng lẻ ban đầu vào "
            f"{formats.format_date(SCHEDULE_START)} giảm đều về 0 vào "
            f"{formats.format_date(SCHEDULE_END)}."
        )
with right:
    st.markdown("**Các đơn vị chậm tiến độ nhất**")
    behind = data.agencies_most_behind(view, limit=10)
    if behind.is_empty() and view.as_of <= SCHEDULE_START:
        st.info(
            f"Đến hết ngày {formats.format_date(SCHEDULE_START)} (hạn gửi phương án) chưa đơn "
            "vị nào bị tính là chậm."
        )
    elif behind.is_empty():
        st.success("Không có đơn vị nào chậm tiến độ.")
    else:
        widgets.table(roadmap_charts.most_behind_table(behind))
        st.caption(
            f"{formats.format_number(len(behind))} đơn vị chậm nhất trong "
            f"{formats.format_number(values['agencies_at_risk'])} đơn vị chậm tiến độ. Theo lộ "
            f"trình, đến {formats.format_date(view.as_of)} mỗi đơn vị cần hợp nhất "
            f"{formats.format_pct(behind['scheduled_pct'][0])} số {SERVERS_TO_CHANGE}; "
            "xem đủ ở trang Tiến độ theo đơn vị."
        )

for title, keys in other_groups:
    st.subheader(title)
    widgets.kpi_tiles(values, previous, previous_date, keys)
