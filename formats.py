"""Vietnamese display formats: the one place that turns numbers, money and dates into text.

No Streamlit here: pages, charts, exports and the command line all format through these
functions, so a figure reads the same on screen, in a slide and in a terminal.
Conventions: dot groups thousands, comma marks decimals ("1.234,5"), rounding is half up,
and a missing value (None) is shown as an en dash "–", never as 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MISSING = "–"  # en dash: "no value", distinct from a hyphen-minus on negatives
MINUS = "-"  # hyphen-minus: survives copy-paste into Excel, where U+2212 would be text
# State documents write "6,3%": the sign follows the number with no space (glossary.md). Chart
# axes and map legends append this same sign, so it is written here once.
PERCENT = "%"
# What a change of a percentage is measured in: points, not percent.
PERCENT_POINTS = "điểm phần trăm"
# The same formats for the browser's table cells that keep their value (so a header click
# sorts them as numbers and dates): Streamlit's sprintf groups thousands with the character
# after "'" (1234 → "1.234", as format_number writes it), and its date columns take Moment.js
# patterns. Decimals have no such format (the decimal mark stays "."): they stay text.
WHOLE_NUMBER_CELL = "%'.,d"
DATE_CELL = "DD/MM/YYYY"

BILLION = Decimal(1_000_000_000)
MILLION = Decimal(1_000_000)


def _to_decimal(x: float | int | Decimal) -> Decimal:
    """A Decimal equal to the number as written: floats go through their shortest repr.

    repr(1.005) is "1.005", so half-up rounding gives 1,01 as a person expects, where the
    exact binary value (1.00499…) would give 1,00.
    """
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):
        return Decimal(repr(x))
    return Decimal(x)


def _round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(x: float | int | Decimal | None, decimals: int = 0) -> str:
    """A number in Vietnamese notation: 1234567 → "1.234.567", 1234.5 (1) → "1.234,5".

    Rounded half up to `decimals` places; negatives carry a leading "-"; a value that
    rounds to zero is shown without a sign; None → "–".
    """
    if x is None:
        return MISSING
    rounded = _round_half_up(_to_decimal(x), decimals)
    negative = rounded < 0
    text = f"{abs(rounded):,.{decimals}f}"  # "1,234.5" in Python's own notation
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{MINUS}{text}" if negative else text


def format_pct(x: float | int | Decimal | None) -> str:
    """A percentage (0–100) with one decimal and the sign unspaced: 6.25 → "6,3%"; None → "–"."""
    if x is None:
        return MISSING
    return f"{format_number(x, 1)}{PERCENT}"


def format_vnd(x: float | int | Decimal | None) -> str:
    """Money in VNĐ, in billions or millions with one decimal: "12,5 tỷ đồng", "350,0 triệu đồng".

    Rule: the amount is shown in "triệu đồng" unless it would read 1.000,0 triệu or more
    (in absolute value) once rounded; then it is shown in "tỷ đồng". So 999.940.000 is
    "999,9 triệu đồng" and 999.960.000 is "1,0 tỷ đồng", never "1.000,0 triệu đồng".
    Negatives (savings below the hosting cost) keep their sign; None → "–".
    """
    if x is None:
        return MISSING
    amount = _to_decimal(x)
    millions = _round_half_up(amount / MILLION, 1)
    if abs(millions) >= 1000:
        return f"{format_number(amount / BILLION, 1)} tỷ đồng"
    return f"{format_number(millions, 1)} triệu đồng"


def format_date(d: dt.date | dt.datetime | None) -> str:
    """A date as dd/mm/yyyy: 2026-12-31 → "31/12/2026"; None → "–"."""
    if d is None:
        return MISSING
    return d.strftime("%d/%m/%Y")


def format_kpi(value: float | int | None, unit: str) -> str:
    """An indicator's value formatted for its unit ("pct" | "count" | "vnd" | "tb").

    Storage is shown with one decimal and no unit: the indicator's label already says "(TB)".
    """
    if unit == "pct":
        return format_pct(value)
    if unit == "count":
        return format_number(value, 0)
    if unit == "vnd":
        return format_vnd(value)
    if unit == "tb":
        return format_number(value, 1)
    raise ValueError(f"Đơn vị chỉ tiêu không hợp lệ: {unit!r}")


def format_delta(value: float | int | None, previous: float | int | None, unit: str) -> str | None:
    """The change of an indicator since an earlier date, signed: "+3,2 điểm phần trăm", "-12",
    "+1,5 tỷ đồng".

    None when either value is undefined (no arrow is better than a misleading one).
    Percentages change by percentage points ("điểm phần trăm"), not by percent.
    """
    if value is None or previous is None:
        return None
    change = _to_decimal(value) - _to_decimal(previous)
    sign = "+" if change > 0 else ""
    if unit == "pct":
        return f"{sign}{format_number(change, 1)} {PERCENT_POINTS}"
    if unit == "vnd":
        return f"{sign}{format_vnd(change)}"
    return f"{sign}{format_kpi(change, unit)}"
