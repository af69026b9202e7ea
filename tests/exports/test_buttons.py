"""The pages' download buttons: the meeting pack on every page, a guarded CSV under every table."""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import polars as pl
import pytest
from pptx import Presentation

from charts.tables import Column, count, table
from exports.scope import Scope
from tests.conftest import SECOND_DATE
from ui import exports as ui_exports
from ui.filters import Filters
from ui.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
DECK_LABEL, CSV_LABEL = "Tải tài liệu họp (PowerPoint)", "Tải bảng (CSV)"


def _labels(app) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


# the pages of figures (sign-in, accounts and the upload page show none)
FIGURE_PAGES = [p for p in PAGES if p.url_path not in ("cap-nhat", "dang-nhap", "tai-khoan")]


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=[p.url_path for p in FIGURE_PAGES])
def test_every_page_offers_the_deck_and_a_csv_under_each_table(app_on, fixture_db, page):
    app = app_on(fixture_db, None if page.default else page.path)
    labels = _labels(app)
    assert labels.count(DECK_LABEL) == 1
    deck = next(b for b in app.get("download_button") if b.proto.label == DECK_LABEL)
    # the deck is built on the click, not on the run (Streamlit holds a deferred file), and
    # the click does not rerun the page
    assert deck.proto.HasField("deferred_file_id") and deck.proto.ignore_rerun
    assert labels.count(CSV_LABEL) == len(app.dataframe)


def test_the_deck_the_button_builds(fixture_db):
    import db

    con = db.connect(fixture_db, read_only=True)
    view = Filters(SECOND_DATE, ("commune",), (), (), ("UBND-09187",))
    data = ui_exports._deck_pptx(con, ui_exports.scope_of(view))
    con.close()
    deck = Presentation(io.BytesIO(data))
    title = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Số liệu đến ngày 30/09/2026 — nhóm: UBND xã, phường." in title
    assert ui_exports.scope_of(view) == Scope(SECOND_DATE, ("commune",), (), (), ("UBND-09187",))


def test_a_hostile_agency_text_is_written_as_text_in_the_csv():
    rows = pl.DataFrame(
        {"name": ['=HYPERLINK("http://x","bấm")', "Sở Tài chính"], "servers": [1234, 5]}
    )
    shown = table(rows, {"name": Column("Đơn vị"), "servers": Column("Máy chủ", count)})
    written = ui_exports._table_csv(shown).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(written)))
    assert read == [
        ["Đơn vị", "Máy chủ"],
        ['\'=HYPERLINK("http://x","bấm")', "1.234"],
        ["Sở Tài chính", "5"],
    ]


def test_streamlit_s_own_table_download_is_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["disableDataExport"] is True
