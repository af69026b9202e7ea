"""Bản đồ: where the standalone servers are, commune by commune, as of the chosen report date."""

import logging

import streamlit as st

import formats
from charts import maps
from ui import data, exports, widgets
from vocabulary import ASSET_STATUSES, ASSET_TYPES, FORMER_PROVINCE, PROVINCIAL_CENTRE_NAME

# URL parameters of this page; the measures' slugs keep links readable
COMMUNE_PARAM, MEASURE_PARAM = "xa", "chi_tieu"
MEASURE_SLUGS = {
    "con-lai": "servers_remaining",
    "ban-dau": "servers_baseline",
    "tien-do": "consolidation_pct",
    "chi-phi": "cost_remaining_vnd",
}
SLUG_OF = {key: slug for slug, key in MEASURE_SLUGS.items()}
COMMUNE_KEY, MEASURE_KEY = "map_commune", "map_measure"
STATUS_KEY, TYPE_KEY, CIRCLES_KEY = "map_statuses", "map_asset_types", "map_circles"


def _init(key, value) -> None:
    # a widget's first value comes from the link; afterwards the session keeps it
    if key not in st.session_state:
        st.session_state[key] = value


def _basemap() -> dict[str, str] | None:
    # [map] basemap_style in .streamlit/secrets.toml; no basemap by default
    try:
        config = st.secrets.get("map", {})
    except FileNotFoundError:  # no secrets.toml at all
        return None
    style = config.get("basemap_style")
    if config.get("basemap_key") or str(style or "").startswith("mapbox://"):
        # settings of the former map (deck.gl): told to whoever runs the server (README)
        logging.getLogger("views.map").warning(
            "[map] basemap_key và kiểu bản đồ mapbox:// không còn được dùng: khoá (nếu có) "
            "đặt trong địa chỉ kiểu bản đồ MapLibre basemap_style (README, Map basemap)."
        )
    return {"style": style} if style else None


def _asset_filter(label: str, labels: dict[str, str], key: str, placeholder: str) -> list[str]:
    # the map's own narrowing of the assets it counts, below the shared sidebar filters
    return st.sidebar.multiselect(
        label, options=list(labels), format_func=labels.get, key=key, placeholder=placeholder
    )


def _commune_table(title: str, table, empty: str) -> None:
    # one of the selected commune's two tables, or why it is empty
    st.markdown(title)
    if table.is_empty():
        st.info(empty)
    else:
        widgets.table(table)


def _on_pick(map_key: str) -> None:
    # a click on the map chooses the commune in the select box beside it
    code = maps.picked_commune(st.session_state[map_key]["selection"])
    if code:
        st.session_state[COMMUNE_KEY] = code


view = widgets.page_header("Bản đồ máy chủ riêng lẻ theo xã, phường")

statuses = _asset_filter("Hiện trạng thiết bị", ASSET_STATUSES, STATUS_KEY, "Mọi hiện trạng")
asset_types = _asset_filter("Loại thiết bị", ASSET_TYPES, TYPE_KEY, "Mọi loại thiết bị")
circles = st.sidebar.toggle("Vòng tròn số máy chủ còn lại", key=CIRCLES_KEY)
if statuses or asset_types:
    chosen = [ASSET_STATUSES[s] for s in statuses] + [ASSET_TYPES[t] for t in asset_types]
    st.caption("Chỉ tính thiết bị: " + ", ".join(chosen) + ".")

scope = {"statuses": statuses, "asset_types": asset_types}
measures = data.commune_measures(view, **scope)
summary = data.map_totals(measures)
if summary["assets_placed"] == 0 and summary["servers_baseline"] == 0:
    st.info(
        f"Đến ngày {formats.format_date(view.as_of)}, các đơn vị đang xem chưa báo cáo thiết bị "
        "nào (hoặc không có thiết bị nào khớp bộ lọc), nên chưa có gì để vẽ trên bản đồ."
    )
    st.stop()

names = dict(zip(measures["code"], measures["full_name"], strict=True))
_init(MEASURE_KEY, MEASURE_SLUGS.get(st.query_params.get(MEASURE_PARAM), "servers_remaining"))
_init(
    COMMUNE_KEY,
    st.query_params.get(COMMUNE_PARAM) if st.query_params.get(COMMUNE_PARAM) in names else None,
)
controls = st.columns([3, 1])
measure = controls[0].segmented_control(
    "Tô màu theo",
    options=list(maps.MEASURES),
    format_func=lambda key: maps.MEASURES[key].short,
    required=True,
    key=MEASURE_KEY,
    help=maps.MEASURES_HELP,
)
selected = controls[1].selectbox(
    "Xã, phường",
    options=list(names),
    format_func=lambda code: f"{names[code]} ({code})",
    key=COMMUNE_KEY,
    placeholder="Chọn, hoặc bấm vào bản đồ",
)
st.query_params[MEASURE_PARAM] = SLUG_OF[measure]
if selected:
    st.query_params[COMMUNE_PARAM] = selected
elif COMMUNE_PARAM in st.query_params:
    del st.query_params[COMMUNE_PARAM]

# class breaks from every report date, so that two dates read against the same legend
history = data.commune_measures_by_date(view, **scope)
classes = maps.class_breaks(measure, history[measure])
map_column, legend_column = st.columns([3, 1])
# a new key per selection clears the chart's own selection, which the next click replaces
map_key = f"map_{selected or 'none'}"
with map_column:
    widgets.map_chart(
        maps.build_map,
        measures,
        measure,
        classes,
        selected=selected,
        circles=circles,
        basemap=_basemap(),
        key=map_key,
        on_pick=lambda: _on_pick(map_key),
    )
with legend_column:
    rows = maps.legend_rows(measures[measure], classes)
    st.html(maps.legend_html(maps.MEASURES[measure].legend_title, rows, maps.legend_note(measure)))
    st.caption(maps.totals_text(summary))
    exports.map_image_button(view, measures, measure, classes)

if not selected:
    st.caption("Bấm vào một xã, phường trên bản đồ để xem các đơn vị và thiết bị đặt tại đó.")
    st.stop()

details = maps.commune_details(measures, selected)
st.subheader(details["name"])
st.caption(f"{details['kind']} · mã {selected} · {FORMER_PROVINCE.lower()}: {details['province']}")
# the money tile is wider: "160,6 triệu đồng" does not fit a quarter of the page
for cell, (label, field, explained) in zip(
    st.columns([1, 1, 1, 1.5]), maps.DETAIL_TILES, strict=True
):
    cell.metric(label, details[field], border=True, help=explained)

params = {"commune_code": selected, **scope}
_commune_table(
    "**Đơn vị đặt trụ sở hoặc thiết bị tại đây**",
    maps.agencies_table(data.commune_agencies(view, **params)),
    "Không có đơn vị nào đang xem đặt trụ sở hoặc thiết bị tại xã, phường này.",
)
_commune_table(
    "**Thiết bị đặt tại đây** (theo báo cáo gần nhất của mỗi đơn vị; TTTHDL: "
    f"{PROVINCIAL_CENTRE_NAME})",
    maps.assets_table(data.commune_assets(view, **params)),
    "Không có thiết bị nào đặt tại xã, phường này khớp bộ lọc.",
)
