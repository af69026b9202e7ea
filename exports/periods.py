"""The reporting periods and the documents' file names: what a page needs to offer a
download, without the libraries that build the documents (python-docx, openpyxl), which
are imported only when a file is made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """A reporting period (kỳ báo cáo): a half-year (half 1 or 2) or a whole year (half None)."""

    year: int
    half: int | None = None

    @property
    def start(self) -> dt.date:
        """Its first day."""
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        """Its last day."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def name(self) -> str:
        """Its name in the glossary's words: "6 tháng cuối năm 2026", "năm 2026"."""
        if self.half is None:
            return f"năm {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"

    @property
    def code(self) -> str:
        """As the command line writes it: "2026-H2", "2026"."""
        return f"{self.year}-H{self.half}" if self.half else str(self.year)


def half_year(day: dt.date) -> Period:
    """The half-year that `day` falls in (reported_this_half_pct counts within it)."""
    return Period(day.year, 1 if day.month <= 6 else 2)


def report_file_name(period: Period, suffix: str) -> str:
    """The download's file name: bao_cao_2026-H2.docx, phu_luc_2026-H2.xlsx."""
    stem = "phu_luc" if suffix == ".xlsx" else "bao_cao"
    return f"{stem}_hop_nhat_{period.code}{suffix}"


def reminders_zip_name(as_of: dt.date) -> str:
    """The reminders' zip file name: cong_van_don_doc_2026-09-30.zip."""
    return f"cong_van_don_doc_{as_of.isoformat()}.zip"
