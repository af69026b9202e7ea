"""Phiếu phản hồi: the agency's workbook handed back with each error cell red and commented."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from loaders.feedback import ERROR_FILL, LIST_HEADERS, LIST_SHEET, WARNING_FILL, feedback_workbook
from tests.loaders.builders import build, ingest, valid_inventory_row
from tests.wording import problems


def _checked(db_path, rows):
    content = build("inventory", rows)
    return content, ingest(content, db_path, dry_run=True)


def _list_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[: len(LIST_HEADERS)] == LIST_HEADERS)
    return [r for r in rows[start + 1 :] if r[0] is not None]


def test_each_error_cell_is_red_with_its_message_and_listed_first(db_path):
    content, result = _checked(
        db_path,
        [
            valid_inventory_row(asset_code="TC-01"),
            valid_inventory_row(asset_code="TC-02", ram_gb=-4),
            valid_inventory_row(asset_code="TC-03", agency_code="KHONG-CO"),
        ],
    )
    assert len(result.errors) == 2, [m.describe() for m in result.errors]
    book = load_workbook(io.BytesIO(feedback_workbook(content, result)))

    assert book.sheetnames[0] == LIST_SHEET
    listed = _list_rows(book[LIST_SHEET])
    assert len(listed) == len(result.errors) + len(result.warnings)
    for message in result.errors:
        sheet = book[message.sheet]
        header_row = next(r for r in sheet.iter_rows() if any(c.value == message.column for c in r))
        column = next(c.column for c in header_row if c.value == message.column)
        cell = sheet.cell(row=message.row, column=column)
        assert cell.fill.start_color.rgb.endswith(ERROR_FILL.start_color.rgb[-6:])
        assert message.message in cell.comment.text
        assert any(r[3] == message.row and r[4] == message.column for r in listed)
    texts = [str(v) for r in listed for v in r if isinstance(v, str)]
    assert all(problems(t) == [] for t in texts if t not in (result.file_name,)), texts


def test_a_warning_cell_is_yellow(db_path):
    content, result = _checked(db_path, [valid_inventory_row(ram_gb="16.5")])
    assert result.loaded and result.warnings
    book = load_workbook(io.BytesIO(feedback_workbook(content, result)))
    marked = [
        cell
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    ]
    assert marked
    assert all(c.fill.start_color.rgb.endswith(WARNING_FILL.start_color.rgb[-6:]) for c in marked)
    first = book[LIST_SHEET]
    assert "Tệp đạt yêu cầu" in " ".join(str(c.value) for c in first["C"] if c.value)


def test_a_file_that_is_no_workbook_gets_the_list_alone(db_path):
    content = b"Ma don vi,Ma tai san\nSO-TC,TC-01\n"
    result = ingest(content, db_path, name="bieu.csv", dry_run=True)
    assert not result.loaded
    book = load_workbook(io.BytesIO(feedback_workbook(content, result)))
    assert book.sheetnames == [LIST_SHEET]
    assert len(_list_rows(book[LIST_SHEET])) == len(result.errors)
