"""Chart images: the decorated figure of the pages' toolbar, its file name, kaleido's PNG."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import plotly.graph_objects as go
import pytest

from charts.theme import apply_theme
from exports import images
from tests.conftest import SECOND_DATE
from tests.wording import problems

DAY = dt.date(2026, 12, 31)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NO_BROWSER = images.browser_path() is None


# names an administrator needs to read as they are: the browser and Debian's packages
NAMES = ("Chromium", "chromium", "Debian", "fonts-noto-core")


def _problems(text: str) -> list[str]:
    return [p for p in problems(text) if not any(f"«{name}»" in p for name in NAMES)]


def _figure(title: str = "Tiến độ hợp nhất máy chủ") -> go.Figure:
    figure = go.Figure(go.Bar(x=["Sở, ban, ngành", "UBND xã, phường"], y=[12, 30]))
    return apply_theme(figure, title, None, "Số máy chủ", height=400)


def test_decorate_writes_date_scope_and_source_under_the_title():
    decorated = images.decorate(_figure(), DAY, "nhóm: UBND xã, phường")
    assert decorated.layout.title.text == "Tiến độ hợp nhất máy chủ"
    assert decorated.layout.title.subtitle.text == (
        "Số liệu đến ngày 31/12/2026 — nhóm: UBND xã, phường<br>"
        "Nguồn: Sở Khoa học và Công nghệ tỉnh Bắc Ninh"
    )
    # the plot keeps its size: margin and height grow by the same two lines
    assert decorated.layout.height == 400 + images.EXTRA_TOP
    assert decorated.layout.margin.t == 60 + images.EXTRA_TOP


def test_decorate_leaves_the_figure_it_was_given_as_it_was():
    figure = _figure()
    images.decorate(figure, DAY, "")
    assert figure.layout.title.subtitle.text is None
    assert figure.layout.height == 400


def test_the_whole_province_is_said_in_words():
    subtitle = images.decorate(_figure(), DAY, "").layout.title.subtitle.text
    assert subtitle.startswith("Số liệu đến ngày 31/12/2026 — toàn tỉnh<br>")
    assert problems(subtitle.replace("<br>", " ")) == []


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Tiến độ hợp nhất", "tien-do-hop-nhat_31-12-2026"),
        ("Đơn vị chậm tiến độ", "don-vi-cham-tien-do_31-12-2026"),
        ("Máy chủ riêng lẻ theo nhóm đơn vị (tỷ lệ hợp nhất ở cuối mỗi thanh)",
         "may-chu-rieng-le-theo-nhom-don-vi-ty-le-hop-nhat-o-cuoi-moi_31-12-2026"),
    ],
    ids=["short", "d-with-stroke", "long-cut-at-a-word"],
)  # fmt: skip
def test_file_names_are_ascii_slugs_of_the_title_and_date(title, stem):
    assert images.file_stem(title, DAY) == stem
    assert stem.isascii()


def test_the_toolbar_gives_plotly_its_words_in_vietnamese():
    config = images.toolbar_config(_figure("Hệ thống thông tin"), DAY, "du-phong")
    assert config["locale"] == "vi"
    locale = config["locales"]["vi"]
    assert locale["dictionary"]["Reset axes"] == "Đặt lại các trục"
    assert locale["format"]["date"] == "%d/%m/%Y"


def test_every_word_translated_is_one_of_the_plotly_that_streamlit_ships():
    # a key is plotly.js's English text: one Streamlit's next plotly.js drops would be dead
    import streamlit

    from charts.theme import PLOTLY_WORDS

    static = Path(streamlit.__file__).parent / "static" / "static" / "js"
    bundle = "".join(p.read_text("utf-8") for p in static.glob("PlotlyChart.*.js"))
    assert bundle
    assert [key for key in PLOTLY_WORDS if f"`{key}`" not in bundle] == []


def test_the_toolbar_saves_a_2x_png_named_after_the_title():
    config = images.toolbar_config(_figure("Hệ thống thông tin"), DAY, "du-phong")
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "he-thong-thong-tin_31-12-2026",
        "scale": 2,
    }


def test_export_figure_names_the_font_the_server_has():
    figure = images.export_figure(_figure(), DAY, "")
    assert figure.layout.font.family == "Noto Sans"


def test_no_browser_is_a_vietnamese_error(monkeypatch):
    monkeypatch.setattr(images, "browser_path", lambda: None)
    monkeypatch.setattr(images, "_server_started", False)
    with pytest.raises(images.BrowserMissingError) as caught:
        images.render_png(_figure())
    message = str(caught.value)
    assert "chưa cài trình duyệt Chromium" in message
    assert _problems(message) == []


@pytest.mark.skipif(NO_BROWSER, reason="Chromium chưa được cài (gói chromium của Debian)")
def test_kaleido_draws_a_png_of_print_size():
    png = images.render_png(images.export_figure(_figure(), DAY, ""), width=800)
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 20_000
    # width and height of the IHDR chunk: 2x scale
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1600, 2 * (400 + images.EXTRA_TOP))


def test_every_chart_of_a_page_is_decorated_and_named(app_on, fixture_db):
    app = app_on(fixture_db, "views/systems.py")
    drawn = app.get("plotly_chart")
    assert drawn
    for chart in drawn:
        spec = json.loads(chart.proto.spec)
        title = spec["layout"]["title"]
        assert title["subtitle"]["text"].startswith(
            f"Số liệu đến ngày {SECOND_DATE:%d/%m/%Y} — toàn tỉnh<br>Nguồn: Sở Khoa học"
        )
        options = json.loads(chart.proto.config)["toImageButtonOptions"]
        assert options["filename"] == images.file_stem(title["text"], SECOND_DATE)
        assert options["scale"] == 2


def test_the_map_page_offers_the_static_map_as_a_png(app_on, fixture_db):
    app = app_on(fixture_db, "views/map.py")
    buttons = [b for b in app.get("download_button") if "bản đồ" in b.proto.label]
    if NO_BROWSER:
        assert not buttons
        return
    assert [b.proto.label for b in buttons] == ["Tải ảnh bản đồ (PNG)"]


@pytest.mark.skipif(NO_BROWSER, reason="Chromium chưa được cài (gói chromium của Debian)")
def test_the_static_map_png_is_drawn(fixture_db):
    import db
    from charts import maps
    from queries import map as map_queries
    from ui import exports as ui_exports

    con = db.connect(fixture_db, read_only=True)
    measures = map_queries.commune_measures(con, as_of=SECOND_DATE, agency_codes=None)
    history = map_queries.commune_measures_by_date(con, agency_codes=None)
    con.close()
    classes = maps.class_breaks("servers_remaining", history["servers_remaining"])
    png = ui_exports._map_png(measures, "servers_remaining", classes, SECOND_DATE, "")
    assert png.startswith(PNG_SIGNATURE) and len(png) > 50_000
