"""The documents' download buttons: the report on the overview, the reminder letters on the
progress page; the files themselves are built only when clicked (tests/exports check them)."""

from __future__ import annotations

import io
import zipfile

from exports import report
from tests.conftest import SECOND_DATE
from tests.exports.documents import all_text, open_docx
from ui import documents


def _labels(app) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


def test_overview_offers_the_report_of_the_half_year_and_the_year(app_on, fixture_db):
    labels = _labels(app_on(fixture_db))  # the overview, on 30/09/2026
    assert "Báo cáo 6 tháng cuối năm 2026 (Word)" in labels
    assert "Phụ lục 6 tháng cuối năm 2026 (Excel)" in labels
    assert "Báo cáo năm 2026 (Word)" in labels


def test_progress_page_offers_the_reminders(app_on, fixture_db):
    labels = _labels(app_on(fixture_db, "views/progress.py"))
    assert "Công văn đôn đốc các đơn vị chậm tiến độ (tệp .zip)" in labels


def test_the_callables_build_the_files(app_on, fixture_db):
    app_on(fixture_db)  # the app's connection to the fixture, as a click would use it
    text = all_text(open_docx(documents._report(report.Period(2026, 2))))
    assert "số liệu đến ngày 30/09/2026" in text
    archive = zipfile.ZipFile(io.BytesIO(documents._reminders(SECOND_DATE)))
    assert sum(name.endswith(".docx") for name in archive.namelist()) == 117
