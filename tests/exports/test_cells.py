"""Formula injection: agency text starting like a formula is written as text, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from exports import cells

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_guarded_in_csv(text):
    data = cells.csv_bytes(["Ghi chú", "Số"], [[text, -5]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["'" + text, "-5"]  # the number keeps its sign and stays a number


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_a_string_cell_in_xlsx(tmp_path, text):
    book = openpyxl.Workbook()
    cells.write_xlsx_cell(book.active, 1, 1, text)
    cells.write_xlsx_cell(book.active, 1, 2, -1234.5)
    book.save(tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert sheet["A1"].data_type == "s"
    # the standard library's XML reads a carriage return back as a line feed, lxml (which
    # python-pptx brings) keeps it; either way the text is still text
    assert sheet["A1"].value in (text, text.replace("\r", "\n"))
    assert sheet["B1"].data_type == "n" and sheet["B1"].value == -1234.5


def test_sheet_names_fit_and_are_unique():
    long = "Biểu 01 – Danh mục máy chủ, hệ thống lưu trữ: theo đơn vị"
    first = cells.sheet_name(long)
    assert len(first) <= 31 and ":" not in first
    second = cells.sheet_name(long, taken=[first])
    assert second != first and len(second) <= 31 and second.endswith("(2)")
