"""Bản đồ: the map holds the 99 communes coloured by the values of the query, a legend and a commune's detail."""

from __future__ import annotations

import json
import re

import pytest

import db
from charts import maps
from queries import map as map_queries
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.views import helpers as shown

PAGE = "views/map.py"


def _figure(app) -> dict:
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _trace(app, name: str) -> dict:
    return next(trace for trace in _figure(app)["data"] if trace["name"] == name)


def _communes(app) -> dict[str, dict]:
    # each commune's class (its colour) and tooltip, by code
    trace = _trace(app, "xa")
    return {
        code: {"z": z, "text": text}
        for code, z, text in zip(trace["locations"], trace["z"], trace["text"], strict=True)
    }


def _remaining(text: str) -> int:
    return int(re.search(r"còn lại / ban đầu: <b>([\d.]+)</b>", text)[1].replace(".", ""))


def _classes(fixture_db, measure: str):
    # the page's classes: drawn from every report date
    con = db.connect(fixture_db, read_only=True)
    try:
        return maps.class_breaks(measure, map_queries.commune_measures_by_date(con)[measure])
    finally:
        con.close()


def _expected(fixture_db, as_of, **scope):
    con = db.connect(fixture_db, read_only=True)
    try:
        return map_queries.commune_measures(con, as_of, **scope)
    finally:
        con.close()


@pytest.mark.parametrize(
    ("slug", "measure"),
    [
        ("con-lai", "servers_remaining"),
        ("ban-dau", "servers_baseline"),
        ("tien-do", "consolidation_pct"),
        ("chi-phi", "cost_remaining_vnd"),
    ],
)
def test_map_holds_99_communes_coloured_by_the_query(app_on, fixture_db, slug, measure):
    app = app_on(fixture_db, page=PAGE, query={"chi_tieu": slug})
    communes = _communes(app)
    expected = _expected(fixture_db, SECOND_DATE)
    classes = _classes(fixture_db, measure)
    assert len(communes) == 99
    assert {code: c["z"] for code, c in communes.items()} == {
        code: maps.classify(value, classes)
        for code, value in zip(expected["code"], expected[measure], strict=True)
    }
    assert {code: _remaining(c["text"]) for code, c in communes.items()} == dict(
        zip(expected["code"], expected["servers_remaining"], strict=True)
    )
    assert app.segmented_control[0].value == measure


def test_tooltip_of_a_commune(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    bac_giang = _communes(app)["07210"]["text"]
    assert bac_giang.startswith("<b>Phường Bắc Giang</b><br>Phường · tỉnh cũ (trước sắp xếp): ")
    assert "Bắc Giang<br>Máy chủ riêng lẻ còn lại / ban đầu: <b>1</b> / 2<br>" in bac_giang
    assert "Tiến độ hợp nhất máy chủ: <b>50,0%</b>" in bac_giang
    assert "20,0 triệu đồng" in bac_giang
    assert bac_giang.endswith("Đơn vị còn máy chủ: Sở Tài chính")
    # nothing to change there: undefined
    assert "Tiến độ hợp nhất máy chủ: <b>–</b>" in _communes(app)["07228"]["text"]


def test_no_basemap_and_nothing_to_fetch(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    text = app.get("plotly_chart")[0].proto.spec
    figure = json.loads(text)
    assert "http" not in text
    assert "map" not in figure["layout"] and figure["layout"]["geo"]["visible"] is False
    assert [trace["type"] for trace in figure["data"]] == ["scattergeo", "choropleth"]
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "vi" and config["scrollZoom"] is True
    assert config["modeBarButtonsToRemove"] == ["toImage"]  # the page's own PNG button instead
    # an empty world map for plotly.js, under the name it would fetch, before the chart
    scripts = [block.value for block in app.html if "data-empty-world-map" in block.value]
    assert len(scripts) == 1 and f'topojson["{maps.WORLD_MAP}"]' in scripts[0]
    assert (figure["layout"]["geo"]["scope"], figure["layout"]["geo"]["resolution"]) == (
        "world",
        110,
    )


def test_colours_keep_their_meaning_across_dates(app_on, fixture_db):
    # 07210 has 2 servers left on 31/03 and 1 on 30/09; 09187 has 1 at both dates
    latest = _communes(app_on(fixture_db, page=PAGE))
    first = _communes(app_on(fixture_db, page=PAGE, query={"ngay": FIRST_DATE.isoformat()}))
    assert _remaining(first["07210"]["text"]) == 2 and _remaining(latest["07210"]["text"]) == 1
    assert latest["07210"]["z"] == latest["09187"]["z"] == first["09187"]["z"]
    assert first["07210"]["z"] != first["09187"]["z"]


def test_legend_and_totals(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    # the page's own block, after the router's and the map's scripts
    legend = next(block.value for block in app.html if block.value.startswith("<div"))
    assert "Máy chủ riêng lẻ còn lại (máy)" in legend
    assert "97 xã, phường" in legend  # class "0"
    assert "2 xã, phường" in legend  # class "1": 07210 and 09187
    captions = " ".join(c.value for c in app.caption)
    # the same numbers as the overview's tiles (tests/views/test_overview.py)
    assert "2 máy chủ riêng lẻ còn lại / 3 ban đầu" in captions
    assert "tiến độ hợp nhất 33,3%" in captions


def test_commune_from_the_link_lists_its_agencies_and_assets(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE, query={"xa": "07210"})
    assert app.selectbox(key="map_commune").value == "07210"
    assert app.subheader[0].value == "Phường Bắc Giang"
    tiles = {metric.label: metric.value for metric in app.metric}
    assert tiles["Máy chủ riêng lẻ còn lại"] == "1"
    assert tiles["Tiến độ hợp nhất máy chủ"] == "50,0%"
    agencies, assets = (shown.as_shown(frame) for frame in app.dataframe)
    so_tc = agencies[agencies["Đơn vị"] == "Sở Tài chính (SO-TC)"].iloc[0]
    assert (so_tc["Thiết bị"], so_tc["Máy chủ còn hoạt động"]) == ("3", "1")
    assert list(assets["Mã tài sản"]) == ["TC-01", "TC-02", "TC-03"]
    assert list(assets["Hiện trạng"]) == [
        "Đã hợp nhất về TTTHDL",
        "Đang hoạt động",
        "Đã hợp nhất về TTTHDL",
    ]
    outline = _trace(app, "chon")
    assert (outline["type"], outline["mode"], outline["hoverinfo"]) == (
        "scattergeo",
        "lines",
        "skip",
    )


def test_choosing_a_commune_updates_the_link(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    assert app.selectbox(key="map_commune").value is None
    assert not app.dataframe
    app.selectbox(key="map_commune").select("09187").run()
    assert app.query_params["xa"] == "09187"
    assert app.subheader[0].value == "Phường Kinh Bắc"
    assets = shown.as_shown(app.dataframe[1])
    assert list(assets["Mã tài sản"]) == ["BN-01", "KB-01"]
    assert list(assets["Ngày số liệu"]) == ["30/09/2026", "31/03/2026"]


def test_asset_filters_in_the_sidebar(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    app.multiselect(key="map_statuses").set_value(["consolidated"]).run()
    communes = _communes(app)
    expected = _expected(fixture_db, SECOND_DATE, statuses=["consolidated"])
    assert {code: _remaining(c["text"]) for code, c in communes.items()} == dict(
        zip(expected["code"], expected["servers_remaining"], strict=True)
    )
    assert "Chỉ tính thiết bị: Đã hợp nhất về TTTHDL." in [c.value for c in app.caption]


def test_circles_of_servers_remaining(app_on, fixture_db):
    app = app_on(fixture_db, page=PAGE)
    app.toggle(key="map_circles").set_value(True).run()
    circles = _trace(app, "may_chu")
    assert sorted(code for (code,) in circles["customdata"]) == ["07210", "09187"]


def test_agencies_with_no_data_say_so(app_on, fixture_db):
    # an agency filter that keeps only an agency that never reported
    app = app_on(fixture_db, page=PAGE, query={"don_vi": "UBND-07228"})
    assert not app.get("plotly_chart")
    assert "chưa báo cáo thiết bị" in app.info[0].value


def test_empty_database_says_so(app_on, empty_db):
    app = app_on(empty_db, page=PAGE)
    assert not app.get("plotly_chart")
    assert app.info[0].value.startswith("Chưa có số liệu.")
    # leadership is told who updates the data where, never a command to run
    assert "trang “Cập nhật dữ liệu”" in app.info[0].value
    assert "python" not in app.info[0].value


def test_the_legend_matches_the_static_map(fixture_db):
    # the export's figure uses the same classes and colours as the page's map
    con = db.connect(fixture_db, read_only=True)
    try:
        history = map_queries.commune_measures_by_date(con)
        measures = map_queries.commune_measures(con, SECOND_DATE)
    finally:
        con.close()
    classes = maps.class_breaks("servers_remaining", history["servers_remaining"])
    figure = maps.static_map(measures, "servers_remaining", classes, "Bản đồ")
    names = [t.name for t in figure.data if t.fill == "toself"]
    assert names == ["0 (97 xã, phường)", "1 (2 xã, phường)", "2 (0 xã, phường)"]


def test_basemap_from_the_secrets(monkeypatch, fixture_db):
    # [map] basemap_style in .streamlit/secrets.toml turns a basemap on
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.views.conftest import APP

    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
    style = "https://ban-do.bacninh.gov.vn/styles/positron/style.json"
    app.secrets["map"] = {"basemap_style": style}
    app.run()
    app.switch_page(PAGE).run()
    assert not app.exception
    assert _figure(app)["layout"]["map"]["style"] == style
    assert _trace(app, "xa")["type"] == "choroplethmap"
    st.cache_resource.clear()


def test_a_key_of_the_former_map_is_told_to_the_server_s_log(monkeypatch, fixture_db, caplog):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.views.conftest import APP

    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=30)
    app.secrets["map"] = {"basemap_style": "mapbox://styles/x/y", "basemap_key": "khoa-thu"}
    app.run()
    with caplog.at_level("WARNING", logger="views.map"):
        app.switch_page(PAGE).run()
    assert not app.exception
    assert any("basemap_key" in record.getMessage() for record in caplog.records)
    st.cache_resource.clear()
