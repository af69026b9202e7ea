"""Hệ thống và an toàn thông tin: systems by stage and destination, NDXP/LGSP, TSLCD, SOC and backup, security levels."""

import streamlit as st

import formats
from charts import systems as charts
from ui import data, filters, widgets
from vocabulary import (
    FORMER_CENTRES,
    LGSP,
    MIGRATION_STAGE,
    NATIONAL_CENTRE,
    NDXP,
    PROVINCIAL_CENTRE,
    TSLCD,
)

view = widgets.page_header("Hệ thống và an toàn thông tin")
day = formats.format_date(view.as_of)
summary = data.systems_summary(view)
if not (summary["systems"] or summary["agencies_with_inventory"] or summary["agencies_with_plan"]):
    st.info(f"Các đơn vị đang chọn chưa gửi biểu mẫu nào đến ngày {day}.")
    st.stop()

values = data.kpis(view)
previous_date = filters.previous_report_date(data.report_dates(), view.as_of)
previous = data.kpis(view.on(previous_date)) if previous_date else None
stamp = view.as_of.isoformat()

st.subheader(f"Hệ thống thông tin theo {MIGRATION_STAGE.lower()} và nơi chuyển đến")
if not summary["systems"]:
    st.info(f"Các đơn vị đang chọn chưa báo cáo hệ thống nào (Biểu 03) đến ngày {day}.")
else:
    keys = ("systems_migrated_pct", "cloud_share_pct", "ndxp_connected_pct")
    widgets.kpi_tiles(values, previous, previous_date, keys, columns=3)
    by_stage = data.systems_by_stage(view)
    widgets.chart(
        charts.stage_destination_chart, by_stage, file_name=f"he-thong-{stamp}", key="stages"
    )
    st.caption(f"Nơi chuyển đến: {PROVINCIAL_CENTRE}, đám mây hoặc {NATIONAL_CENTRE}.")

    st.subheader("Kết nối NDXP/LGSP")
    unconnected = data.systems_not_connected(view)
    st.caption(
        f"{formats.format_number(summary['systems_ndxp_connected'])} trong "
        f"{formats.format_number(summary['systems'])} hệ thống đã kết nối {NDXP} hoặc {LGSP}; "
        f"{formats.format_number(unconnected.height)} hệ thống chưa kết nối:"
    )
    if unconnected.height:
        widgets.table(charts.unconnected_systems_table(unconnected), max_height=390)

st.subheader(f"Kết nối {TSLCD}")
tile, chart = st.columns([1, 2])
with tile:
    widgets.kpi_tiles(values, previous, previous_date, ("tslcd_connected_pct",), columns=1)
    st.caption(
        f"{formats.format_number(summary['tslcd_connected'])} trong "
        f"{formats.format_number(summary['required_agencies'])} đơn vị phải báo cáo đã kết nối, "
        "theo phương án (Biểu 02) mới nhất; đơn vị chưa gửi phương án tính là chưa kết nối."
    )
with chart:
    tslcd = data.tslcd_by_group(view)
    widgets.chart(charts.tslcd_by_group_chart, tslcd, file_name=f"tslcd-{stamp}", key="tslcd")
not_on_tslcd = data.tslcd_not_connected(view)
if not_on_tslcd.height:
    st.markdown(f"**Đơn vị chưa kết nối TSLCD ({formats.format_number(not_on_tslcd.height)})**")
    widgets.table(charts.unconnected_agencies_table(not_on_tslcd), max_height=320)

st.subheader("Giám sát an toàn thông tin và sao lưu tập trung")
if not summary["agencies_with_inventory"]:
    st.info(f"Các đơn vị đang chọn chưa gửi danh mục máy chủ (Biểu 01) đến ngày {day}.")
else:
    widgets.kpi_tiles(
        values, previous, previous_date, ("soc_monitored_pct", "backup_central_pct"), columns=2
    )
    security = data.security_by_group(view)
    widgets.chart(
        charts.security_coverage_chart, security, file_name=f"giam-sat-{stamp}", key="soc"
    )
    widgets.table(charts.security_groups_table(security))
    st.caption(
        "Giám sát: máy chủ đang hoạt động được giám sát ATTT tập trung (SOC); sao lưu: máy chủ, "
        f"hệ thống lưu trữ đang hoạt động được sao lưu tập trung. Kể cả các {FORMER_CENTRES}."
    )

st.subheader("Cấp độ an toàn thông tin")
levels = data.security_levels(view)
servers, systems_column = st.columns(2)
with servers:
    widgets.chart(
        charts.security_levels_chart,
        levels,
        "servers",
        file_name=f"cap-do-may-chu-{stamp}",
        key="levels1",
    )
with systems_column:
    widgets.chart(
        charts.security_levels_chart,
        levels,
        "systems",
        file_name=f"cap-do-he-thong-{stamp}",
        key="levels2",
    )
st.caption(
    f"Cấp độ theo Nghị định 85/2016/NĐ-CP; “{charts.UNKNOWN_LEVEL}”: đơn vị để trống cột "
    "Cấp độ ATTT."
)
