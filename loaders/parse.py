"""Cell parsing rules of spec/forms.md, as Polars expressions so 100,000 rows parse in milliseconds.

Each parser takes the raw column (text as typed, or a numeric/date/bool column when every
cell of it was of that type) and returns the parsed value; a separate expression says
which non-blank cells could not be read, so the validator can name them.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# Dashes mean "not known": blank in a figure or a date, No in a yes/no column (forms.md
# "Numbers", "Yes/No"), each with a warning. Figures also take these phrases.
DASHES = ("-", "–", "—")
NOT_KNOWN = (*DASHES, "chua co", "chua co du lieu", "khong co so lieu")

YES = ("co", "x", "yes", "y", "1", "true", "dung")
NO = ("khong", "no", "n", "0", "false", "sai")

EXCEL_EPOCH = "1899-12-30"  # serial 1 = 1900-01-01 with Excel's leap-year quirk after 60
EXCEL_EPOCH_1904 = "1904-01-01"  # serial 0 in the 1904 date system (old Excel for Mac)


def fold(text: str) -> str:
    """Fold text for matching: NFC, lower case, no diacritics (đ → d), whitespace collapsed."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.replace("đ", "d").split())


def fold_header(text: str) -> str:
    """Fold a header for matching: as `fold`, without units in brackets or punctuation."""
    without_units = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(text))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(without_units)).split())


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """The vectorised `fold`: the same result on every cell of a text column."""
    return (
        expr.str.strip_chars()
        .str.to_lowercase()
        .str.normalize("NFD")
        .str.replace_all(r"\p{Mn}", "")
        .str.replace_all("đ", "d", literal=True)
        .str.replace_all(r"\s+", " ")
    )


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Text as stored: NFC, trimmed, blank as null. A leading '=' stays text (never a formula)."""
    cleaned = expr.cast(pl.String).str.normalize("NFC").str.strip_chars()
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def is_not_known(expr: pl.Expr) -> pl.Expr:
    """True where a cell says the figure is not known ("-", "Chưa có dữ liệu", …)."""
    return fold_expr(expr.cast(pl.String)).is_in(NOT_KNOWN)


def is_dash(expr: pl.Expr) -> pl.Expr:
    """True where a cell holds only a dash ("-", "–"): not known, No in a yes/no column."""
    return fold_expr(expr.cast(pl.String)).is_in(DASHES)


# -- numbers -------------------------------------------------------------------------------

_INTEGER = r"^[+-]?\d+$"
_DOT_THOUSANDS = r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$"  # 1.234.567 or 1.234,5
_COMMA_DECIMAL = r"^[+-]?\d+,\d+$"  # 12,5
_DOT_DECIMAL = r"^[+-]?\d*\.\d+$"  # 12.5: read as a decimal point, with a warning
_PLAIN_FLOAT = r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$"  # how a numeric cell renders as text


def _compact(expr: pl.Expr) -> pl.Expr:
    # spaces (also non-breaking) are never part of a number: "1 234 567"
    return expr.str.replace_all(r"[\s\u00a0\u202f]", "")


def number_from_text(expr: pl.Expr) -> pl.Expr:
    """Read Vietnamese number text: 1.234.567 → 1234567, 1.234,5 → 1234.5, 12,5 → 12.5.

    A dot followed by exactly three digits groups thousands; any other single dot is a
    decimal point. Anything else is null (the caller reports it as unreadable).
    """
    text = _compact(expr)
    return (
        pl.when(text.str.contains(_INTEGER))
        .then(text)
        .when(text.str.contains(_DOT_THOUSANDS))
        .then(text.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(text.str.contains(_COMMA_DECIMAL))
        .then(text.str.replace(",", ".", literal=True))
        .when(text.str.contains(_DOT_DECIMAL))
        .then(text)
        .otherwise(None)
        .cast(pl.Float64, strict=False)
    )


def has_dot_decimal(expr: pl.Expr) -> pl.Expr:
    """True where text uses a decimal point (12.5) rather than the Vietnamese comma."""
    text = _compact(expr)
    return text.str.contains(_DOT_DECIMAL) & ~text.str.contains(_DOT_THOUSANDS)


def looks_like_plain_float(expr: pl.Expr) -> pl.Expr:
    """True where text could be a numeric cell rendered as text (needs the cell type to tell)."""
    return expr.str.contains(_PLAIN_FLOAT) & expr.str.contains(".", literal=True)


# -- dates ---------------------------------------------------------------------------------

_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_DAY_FIRST = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"
_SERIAL = r"^\d{1,6}(\.\d+)?$"


def date_from_serial(expr: pl.Expr, date_1904: bool = False) -> pl.Expr:
    """An Excel serial day number (46111) as a date; serials before 1900-03-01 are refused.

    In a workbook of the 1904 date system, serials count from 1904-01-01 instead.
    """
    days = expr.cast(pl.Float64, strict=False).floor().cast(pl.Int64, strict=False)
    epoch, low = (EXCEL_EPOCH_1904, 0) if date_1904 else (EXCEL_EPOCH, 61)
    valid = (days >= low) & (days <= 2958465)  # up to 31/12/9999
    return (
        pl.when(valid)
        .then(pl.lit(epoch).str.to_date() + pl.duration(days=days))
        .otherwise(None)
        .cast(pl.Date)
    )


def date_from_text(expr: pl.Expr, date_1904: bool = False) -> pl.Expr:
    """Read a date typed as text: dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd, or an Excel serial.

    Day first, always: 03/04/2026 is 3 April. Impossible dates (31/02/2026) are null.
    """
    text = expr.str.strip_chars()
    iso = text.str.extract_groups(_ISO)
    dmy = text.str.extract_groups(_DAY_FIRST)

    def build(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
        padded = pl.concat_str(year, month.str.zfill(2), day.str.zfill(2), separator="-")
        return padded.str.to_date("%Y-%m-%d", strict=False)

    return (
        pl.when(iso.struct.field("1").is_not_null())
        .then(build(iso.struct.field("1"), iso.struct.field("2"), iso.struct.field("3")))
        .when(dmy.struct.field("1").is_not_null())
        .then(build(dmy.struct.field("3"), dmy.struct.field("2"), dmy.struct.field("1")))
        .when(text.str.contains(_SERIAL))
        .then(date_from_serial(text, date_1904))
        .otherwise(None)
    )


# -- yes/no and enumerations ---------------------------------------------------------------


def yes_no_from_text(expr: pl.Expr) -> pl.Expr:
    """Có/Không, x/blank, Yes/No, 1/0, TRUE/FALSE → True/False; other text → null."""
    folded = fold_expr(expr)
    return pl.when(folded.is_in(YES)).then(True).when(folded.is_in(NO)).then(False).otherwise(None)


def choice_lookup(choices: dict[str, str]) -> dict[str, str]:
    """Folded label or machine value → machine value, for `replace_strict`."""
    lookup: dict[str, str] = {}
    for value, label in choices.items():
        lookup[fold(label)] = value
        lookup[fold(value)] = value
        lookup[fold(value.replace("_", " "))] = value
    return lookup


def enum_from_text(expr: pl.Expr, choices: dict[str, str]) -> pl.Expr:
    """The machine value of an enumeration cell (label with or without diacritics, or value)."""
    return fold_expr(expr).replace_strict(
        choice_lookup(choices), default=None, return_dtype=pl.String
    )
