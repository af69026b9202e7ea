"""Cells of the files the product writes (xlsx, csv): agency text is data, never a formula.

A cell that comes from an agency and starts with "=", "+", "-", "@", a tab or a carriage
return would be run as a formula by Excel or LibreOffice when the file is opened (CSV/formula
injection, OWASP). Such a text gets a leading single quote in CSV (the spreadsheet then shows
it as text) and is an explicit string cell in xlsx. Numbers stay numbers. No Streamlit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_LIMIT = 31  # Excel refuses longer sheet names
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def is_formula_like(value: Any) -> bool:
    """True for a text a spreadsheet program would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value ready for a CSV cell: formula-like text gets a leading "'" (shown, not run)."""
    return "'" + value if is_formula_like(value) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file in UTF-8 with a byte-order mark (so Excel reads Vietnamese), cells guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx_cell(sheet, row: int, column: int, value: Any):
    """Write one openpyxl cell: text always as a string cell (never a formula), numbers as
    numbers. Returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    else:
        cell.value = value
    return cell


def sheet_name(title: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name within Excel's 31 characters."""
    base = " ".join(title.translate(SHEET_NAME_FORBIDDEN).split()).strip("'") or "Trang"
    name, taken_names, number = base[:SHEET_NAME_LIMIT], {t.lower() for t in taken}, 2
    while name.lower() in taken_names:
        suffix = f" ({number})"
        name, number = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix, number + 1
    return name
