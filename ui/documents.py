"""Download buttons of the documents for the ministry and the agencies: built only when clicked.

Each button is given a callable (st.download_button builds the file when the user clicks,
on a thread of its own, never on a rerun). The callable cannot read st.session_state, so
it takes everything it needs, the period or the report date, bound in here. The modules
that build the files (python-docx, openpyxl) are imported on the click, not with the page:
they were a fifth of a new process's first page.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

import formats
from exports import periods
from ui import data
from vocabulary import SCHEDULE_START

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def _periods_with_data(as_of: dt.date) -> list[periods.Period]:
    """The half-year of `as_of` and its year, each only if it holds a report date."""
    dates = data.report_dates()
    shown = [periods.half_year(as_of), periods.Period(as_of.year)]
    return [p for p in shown if any(p.start <= d <= p.end for d in dates)]


def _report(period: periods.Period) -> bytes:
    from exports import report

    with data.live_database().cursor() as cursor:
        return report.report_bytes(cursor, period)


def _appendix(period: periods.Period) -> bytes:
    from exports import appendix

    with data.live_database().cursor() as cursor:
        return appendix.appendix_bytes(cursor, period)


def _reminders(as_of: dt.date) -> bytes:
    from exports import reminders

    with data.live_database().cursor() as cursor:
        return reminders.reminders_zip_bytes(cursor, as_of)


def report_buttons(as_of: dt.date) -> None:
    """The report to the ministry (Word) and its appendix (Excel) for the half-year and the
    year of `as_of`, whole province (the report has no filter: the ministry reads it all)."""
    offered = _periods_with_data(as_of)
    if not offered:
        return
    # one column per period, its two files one above the other: side by side, four buttons
    # cut their names short ("Báo cáo 6 tháng cuối năm 20…")
    columns = st.columns(len(offered))
    for index, period in enumerate(offered):
        columns[index].download_button(
            f"Báo cáo {period.name} (Word)",
            data=partial(_report, period),
            file_name=periods.report_file_name(period, ".docx"),
            mime=DOCX,
            on_click="ignore",
            icon=":material/description:",
            key=f"report_docx_{period.code}",
            help="Báo cáo gửi Cục Chuyển đổi số quốc gia theo thể thức Nghị định 30/2020/NĐ-CP, "
            "số liệu toàn tỉnh của ngày số liệu mới nhất trong kỳ báo cáo.",
            width="stretch",
        )
        columns[index].download_button(
            f"Phụ lục {period.name} (Excel)",
            data=partial(_appendix, period),
            file_name=periods.report_file_name(period, ".xlsx"),
            mime=XLSX,
            on_click="ignore",
            icon=":material/table_view:",
            key=f"report_xlsx_{period.code}",
            width="stretch",
        )


def reminders_button(as_of: dt.date) -> None:
    """The reminder letters to the late agencies as of `as_of`, with their summary, in a zip."""
    if as_of <= SCHEDULE_START:
        return  # no agency can be late before the plans' deadline: no letter to send
    st.download_button(
        "Công văn đôn đốc các đơn vị chậm tiến độ (tệp .zip)",
        data=partial(_reminders, as_of),
        file_name=periods.reminders_zip_name(as_of),
        mime=ZIP,
        on_click="ignore",
        icon=":material/mail:",
        key="reminders_zip",
        help=f"Mỗi đơn vị chậm tiến độ đến ngày {formats.format_date(as_of)} một công văn "
        "(Word), kèm danh sách tổng hợp (Excel); toàn tỉnh, không theo bộ lọc.",
    )
