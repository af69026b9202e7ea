"""The cell parsers of loaders/parse.py: Vietnamese numbers, dates, yes/no, enumerations, headers.

Each parser is a Polars expression; these tests run it on a one-cell column.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import polars as pl
import pytest

from loaders import parse
from loaders.forms import ASSET_PLANS, ASSET_STATUSES, ASSET_TYPES, MIGRATION_STAGES, PLAN_STATUSES


def one(expr_of, value: Any, dtype: pl.DataType = pl.String) -> Any:
    """Apply `expr_of(pl.col("v"))` to a one-cell column holding `value`."""
    frame = pl.DataFrame({"v": pl.Series([value], dtype=dtype)})
    return frame.select(expr_of(pl.col("v")).alias("out")).item()


def cases(names: str, table: list[tuple]) -> pytest.MarkDecorator:
    """`parametrize` over a table whose rows end with their id: (value, …, "what the case is")."""
    count = len(names.split(","))
    return pytest.mark.parametrize(names, [pytest.param(*row[:count], id=row[-1]) for row in table])


# -- numbers -------------------------------------------------------------------------------

NUMBERS = [
    ("1.234.567", 1234567.0, "dot thousands"),
    ("1.234,5", 1234.5, "dot thousands, comma decimal"),
    ("12,5", 12.5, "comma decimal"),
    ("1234567", 1234567.0, "plain integer"),
    ("1.234", 1234.0, "one dot with three digits groups thousands"),
    ("12.5", 12.5, "dot decimal"),
    ("0.25", 0.25, "dot decimal below one"),
    ("1 234 567", 1234567.0, "space thousands"),
    ("1\u00a0234\u00a0567", 1234567.0, "non-breaking space thousands"),
    (" 64 ", 64.0, "surrounding spaces"),
    ("-5", -5.0, "negative"),
    ("0", 0.0, "zero"),
    ("120.000.000", 120_000_000.0, "yearly cost in VND"),
    ("2.500.000,75", 2_500_000.75, "money with cents"),
]


@cases("text, expected", NUMBERS)
def test_number_from_text_reads_vietnamese_notation(text, expected):
    assert one(parse.number_from_text, text) == pytest.approx(expected)


UNREADABLE_NUMBERS = [
    ("abc", "letters"),
    ("12abc", "digits then letters"),
    ("1,234,567", "comma thousands"),
    ("1.2.3", "dots not thousands"),
    ("12,5,3", "two commas"),
    ("", "empty text"),
    ("--", "dashes"),
]


@cases("text", UNREADABLE_NUMBERS)
def test_number_from_text_unreadable_is_null(text):
    assert one(parse.number_from_text, text) is None


DOT_DECIMAL = [
    ("12.5", True, "dot decimal"),
    ("0.25", True, "dot decimal below one"),
    ("1.234", False, "dot thousands"),
    ("1.234.567", False, "two dot groups"),
    ("12,5", False, "comma decimal"),
    ("1234", False, "integer"),
]


@cases("text, flag", DOT_DECIMAL)
def test_has_dot_decimal_flags_only_a_decimal_point(text, flag):
    assert one(parse.has_dot_decimal, text) is flag


NOT_KNOWN = [
    ("-", True, "hyphen"),
    ("–", True, "en dash"),
    ("Chưa có", True, "chua co"),
    ("Chưa có dữ liệu", True, "chua co du lieu"),
    ("chua co du lieu", True, "without diacritics"),
    ("CHƯA CÓ DỮ LIỆU", True, "upper case"),
    ("Không có số liệu", True, "khong co so lieu"),
    ("0", False, "zero is a value"),
    ("abc", False, "unreadable is not not-known"),
]


@cases("text, flag", NOT_KNOWN)
def test_is_not_known(text, flag):
    assert one(parse.is_not_known, text) is flag


DASHES = [
    ("-", True, "hyphen"),
    ("–", True, "en dash"),
    ("—", True, "em dash"),
    (" - ", True, "spaces around"),
    ("Chưa có", False, "a phrase is not a dash"),
    ("--", False, "two hyphens"),
    ("-5", False, "a negative number"),
]


@cases("text, flag", DASHES)
def test_is_dash(text, flag):
    # a dash is also No in a yes/no column (forms.md "Yes/No"); the phrases are not
    assert one(parse.is_dash, text) is flag


# -- dates ---------------------------------------------------------------------------------

DATES = [
    ("15/03/2026", date(2026, 3, 15), "dd/mm/yyyy"),
    ("5/3/2026", date(2026, 3, 5), "d/m/yyyy"),
    ("2026-03-15", date(2026, 3, 15), "yyyy-mm-dd"),
    ("2026-03-15 00:00:00", date(2026, 3, 15), "iso with midnight time"),
    ("03/04/2026", date(2026, 4, 3), "day first never month first"),
    ("12/01/2026", date(2026, 1, 12), "ambiguous day first"),
    ("31/12/2026", date(2026, 12, 31), "last day of year"),
    ("29/02/2028", date(2028, 2, 29), "leap day"),
    ("46096", date(2026, 3, 15), "excel serial as text"),
    (" 15/03/2026 ", date(2026, 3, 15), "surrounding spaces"),
]


@cases("text, expected", DATES)
def test_date_from_text(text, expected):
    assert one(parse.date_from_text, text) == expected


BAD_DATES = [
    ("31/02/2026", "31 February"),
    ("29/02/2026", "29 February of a common year"),
    ("13/13/2026", "month 13"),
    ("03/25/2026", "month first is not guessed"),
    ("2026-02-30", "iso impossible"),
    ("mùng 5 tháng 3", "words"),
    ("15/03/26", "two-digit year"),
]


@cases("text", BAD_DATES)
def test_date_from_text_impossible_or_unreadable_is_null(text):
    assert one(parse.date_from_text, text) is None


SERIALS = [
    (46096, date(2026, 3, 15), "integer serial"),
    (46096.75, date(2026, 3, 15), "serial with a time of day"),
    (46111, date(2026, 3, 30), "another serial"),
    (61, date(1900, 3, 1), "first serial after Excel's false leap day"),
]


@cases("serial, expected", SERIALS)
def test_date_from_serial(serial, expected):
    assert one(parse.date_from_serial, serial, pl.Float64) == expected


@pytest.mark.parametrize("serial", [0, 59, -3], ids=["zero", "before March 1900", "negative"])
def test_date_from_serial_out_of_range_is_null(serial):
    assert one(parse.date_from_serial, serial, pl.Float64) is None


# -- yes/no --------------------------------------------------------------------------------

YES_NO = [
    ("Có", True, "co"),
    ("có", True, "co lower"),
    ("CÓ", True, "co upper"),
    ("Co", True, "co without diacritics"),
    ("Không", False, "khong"),
    ("khong", False, "khong without diacritics"),
    ("KHÔNG", False, "khong upper"),
    ("x", True, "x"),
    ("X", True, "X upper"),
    ("Yes", True, "yes"),
    ("No", False, "no"),
    ("1", True, "one"),
    ("0", False, "zero"),
    ("TRUE", True, "TRUE"),
    ("FALSE", False, "FALSE"),
    ("true", True, "true lower"),
    (" Có ", True, "surrounding spaces"),
    (unicodedata.normalize("NFD", "Không"), False, "khong NFD"),
]


@cases("text, expected", YES_NO)
def test_yes_no_from_text(text, expected):
    assert one(parse.yes_no_from_text, text) is expected


@pytest.mark.parametrize("text", ["", None], ids=["empty text", "blank cell"])
def test_yes_no_blank_is_not_yes(text):
    # blank is No: the parser leaves it null and the validator fills False
    assert one(parse.yes_no_from_text, text) in (None, False)


@pytest.mark.parametrize("text", ["có lẽ", "maybe", "2"], ids=["co le", "maybe", "two"])
def test_yes_no_unreadable_is_null(text):
    assert one(parse.yes_no_from_text, text) is None


# -- enumerations --------------------------------------------------------------------------

ENUMS = [
    ("Đang hoạt động", ASSET_STATUSES, "active", "status label"),
    ("đang hoạt động", ASSET_STATUSES, "active", "status lower"),
    ("ĐANG HOẠT ĐỘNG", ASSET_STATUSES, "active", "status upper"),
    ("Dang hoat dong", ASSET_STATUSES, "active", "status without diacritics"),
    (unicodedata.normalize("NFD", "Đang hoạt động"), ASSET_STATUSES, "active", "status NFD"),
    ("  Đang   hoạt động ", ASSET_STATUSES, "active", "status extra spaces"),
    ("active", ASSET_STATUSES, "active", "status machine value"),
    ("Đã hợp nhất về TTTHDL", ASSET_STATUSES, "consolidated", "consolidated label"),
    ("da chuyen len dam may", ASSET_STATUSES, "cloud", "cloud without diacritics"),
    ("Đã loại bỏ", ASSET_STATUSES, "decommissioned", "decommissioned label"),
    ("Không sử dụng", ASSET_STATUSES, "idle", "idle label"),
    ("Máy chủ vật lý", ASSET_TYPES, "physical_server", "type label"),
    ("may chu ao", ASSET_TYPES, "virtual_server", "type without diacritics"),
    ("physical_server", ASSET_TYPES, "physical_server", "type machine value"),
    ("Physical Server", ASSET_TYPES, "physical_server", "type machine value with space"),
    ("Hệ thống lưu trữ", ASSET_TYPES, "storage", "storage label"),
    ("Giữ lại", ASSET_PLANS, "keep", "plan keep"),
    ("giu lai", ASSET_PLANS, "keep", "plan keep without diacritics"),
    ("Loại bỏ", ASSET_PLANS, "eliminate", "plan eliminate"),
    ("Chưa gửi", PLAN_STATUSES, "not_submitted", "plan status label"),
    ("not_submitted", PLAN_STATUSES, "not_submitted", "plan status machine value"),
    ("Đã phê duyệt", PLAN_STATUSES, "approved", "approved label"),
    ("Đã tắt hệ thống cũ", MIGRATION_STAGES, "legacy_off", "stage label"),
    ("da nghiem thu", MIGRATION_STAGES, "accepted", "stage without diacritics"),
]


@cases("text, choices, expected", ENUMS)
def test_enum_from_text(text, choices, expected):
    assert one(lambda e: parse.enum_from_text(e, choices), text) == expected


@pytest.mark.parametrize(
    ("text", "choices"),
    [("Đang chạy", ASSET_STATUSES), ("server", ASSET_TYPES), ("Hợp nhất", ASSET_PLANS)],
    ids=["unknown status", "unknown type", "partial plan label"],
)
def test_enum_unknown_is_null(text, choices):
    assert one(lambda e: parse.enum_from_text(e, choices), text) is None


# -- text ----------------------------------------------------------------------------------

TEXTS = [
    (unicodedata.normalize("NFD", "Phường Kinh Bắc"), "Phường Kinh Bắc", "NFD stored NFC"),
    ("  Sở Tài chính  ", "Sở Tài chính", "trimmed"),
    ("=SUM(A1:A3) là công thức cũ", "=SUM(A1:A3) là công thức cũ", "leading equals kept"),
    ("+84 222 3822 000", "+84 222 3822 000", "leading plus kept"),
    ("   ", None, "blank is null"),
]


@cases("text, expected", TEXTS)
def test_clean_text(text, expected):
    result = one(parse.clean_text, text)
    assert result == expected
    if result is not None:
        assert unicodedata.is_normalized("NFC", result)


# -- headers -------------------------------------------------------------------------------

SAME_HEADERS = [
    ("Mã đơn vị", "Mã đơn vị", "identical"),
    ("MÃ ĐƠN VỊ", "Mã đơn vị", "upper case"),
    ("mã đơn vị", "Mã đơn vị", "lower case"),
    ("Ma don vi", "Mã đơn vị", "missing diacritics"),
    (unicodedata.normalize("NFD", "Mã đơn vị"), "Mã đơn vị", "NFD against NFC"),
    ("  Mã   đơn\nvị ", "Mã đơn vị", "whitespace and line break folded"),
    ("RAM (GB)", "RAM", "unit in brackets"),
    ("RAM [GB]", "RAM", "unit in square brackets"),
    ("Hiệu suất sử dụng (%)", "Hiệu suất sử dụng", "percent in brackets"),
    ("Chi phí vận hành/năm (VNĐ)", "chi phi van hanh nam", "slash and unit"),
    ("Dung lượng lưu trữ (TB)", "DUNG LUONG LUU TRU", "upper without diacritics or unit"),
    ("Số máy chủ hợp nhất về TTTHDL", "so may chu hop nhat ve ttthdl", "long header folded"),
    ("Đã kết nối mạng TSLCD", "Da ket noi mang TSLCD", "d with stroke"),
]


@cases("written, canonical", SAME_HEADERS)
def test_fold_header_matches_what_people_type(written, canonical):
    assert parse.fold_header(written) == parse.fold_header(canonical)


@pytest.mark.parametrize(
    ("left", "right"),
    [("Mã đơn vị", "Mã tài sản"), ("Số máy chủ loại bỏ", "Số máy chủ giữ lại"), ("RAM", "ROM")],
    ids=["different headers", "different sub-headings", "different words"],
)
def test_fold_header_keeps_different_headers_apart(left, right):
    assert parse.fold_header(left) != parse.fold_header(right)


FOLDS = [
    ("Phường Kinh Bắc", "phuong kinh bac", "diacritics and case"),
    ("Đồng Kỳ", "dong ky", "d with stroke"),
    (unicodedata.normalize("NFD", "Đa Mai"), "da mai", "NFD"),
    ("  Xã   Tam  Tiến ", "xa tam tien", "spaces collapsed"),
]


@cases("text, expected", FOLDS)
def test_fold(text, expected):
    assert parse.fold(text) == expected


@cases("text", FOLDS)
def test_fold_expr_agrees_with_fold(text):
    assert one(parse.fold_expr, text) == parse.fold(text)
