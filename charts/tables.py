"""Tables as the pages show them: one column spec, every cell the text of formats.py. No Streamlit.

Why text. A Vietnamese figure must read "1.234,5", "50,0%", "12,5 tỷ đồng", "31/12/2026"
whatever the browser's locale. Streamlit 1.67's number columns cannot do that: a named
format ("localized", "percent", …) follows the browser's locale, so an English browser shows
"1,234.5"; a printf format (its vendored sprintf-js) groups thousands with any character
("%'.,d" gives "1.234") but always writes a decimal point ("%'.,.1f" gives "1.234.5"). A
pandas Styler kept the numbers and showed text, but pandas refuses to style more than
262,144 cells ("Tiến độ" with more than 16,384 agencies failed) and every cell travels twice.
So a cell is the text formats.py writes, sent once, at any size.

Sorting. Whole numbers (`count`) and dates (`formats.format_date`) can be written the
Vietnamese way by the browser itself (formats.WHOLE_NUMBER_CELL, formats.DATE_CELL): those
cells keep their value, so a header click sorts them as numbers and dates. A bar column
(`bar`) keeps its number too. Every other cell is text and sorts as text when its header is
clicked, so every table arrives in the order it is meant to be read (the query's, or the
builder's sort).

`table(rows, columns)` takes the columns named in `columns`, in that order, writes each cell
with its column's `text`, and gives each column its header; `ui.widgets.table` draws the
result (figures right-aligned, bars, widths, help).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

import formats


def plain(value: Any) -> str:
    """A label as it is; a blank reads "–"."""
    return formats.MISSING if value is None else str(value)


def count(value: Any) -> str:
    """A whole number: 1234 → "1.234"."""
    return formats.format_number(value, 0)


def tenths(value: Any) -> str:
    """A number with one decimal: 2.25 → "2,3"."""
    return formats.format_number(value, 1)


def yes_no(value: Any) -> str:
    """A yes/no answer of the forms: "Có" or "Chưa"."""
    return "Có" if value else "Chưa"


@dataclass(frozen=True)
class Column:
    """One column as shown: its header, how a value becomes text, how the column is drawn."""

    header: str
    text: Callable[[Any], str] = plain  # receives None for a blank cell
    figure: bool = False  # a number written out: right-aligned
    help: str | None = None
    width: Literal["small", "medium", "large"] | None = None
    pinned: bool = False
    bar: str | None = None  # a 0–100 bar of this colour, drawn from the number itself

    @property
    def keeps(self) -> Literal["number", "whole", "date"] | None:
        """What the cell keeps instead of text, for a column the browser can write itself."""
        if self.bar:
            return "number"
        if self.text is count:
            return "whole"
        if self.text is formats.format_date:
            return "date"
        return None


@dataclass(frozen=True)
class Table:
    """A table ready to draw: `frame` has the headers as shown, `columns` describe them."""

    frame: pl.DataFrame
    columns: tuple[Column, ...]

    def text(self) -> pl.DataFrame:
        """Every cell as people read it: kept whole numbers and dates written out too (bars
        keep their number)."""
        return self.frame.with_columns(
            pl.Series(
                column.header, [column.text(v) for v in self.frame[column.header]], dtype=pl.String
            )
            for column in self.columns
            if column.keeps in ("whole", "date")
        )


def table(rows: pl.DataFrame, columns: Mapping[str, Column]) -> Table:
    """`rows`' columns named in `columns`, in that order, each cell written by its column."""
    kept_types = {"number": pl.Float64, "whole": pl.Int64, "date": pl.Date}
    shown = [
        rows[name].cast(kept_types[column.keeps]).alias(column.header)
        if column.keeps
        else pl.Series(column.header, [column.text(v) for v in rows[name]], dtype=pl.String)
        for name, column in columns.items()
    ]
    return Table(pl.DataFrame(shown), tuple(columns.values()))


def text_table(frame: pl.DataFrame) -> Table:
    """A frame already written out with formats.py (every cell text, headers as shown)."""
    return Table(frame, tuple(Column(name) for name in frame.columns))


def browser_text(value: Any, type_config: Mapping[str, Any]) -> str:
    """The text the browser writes for a cell, given its column's type config (as Streamlit
    sends it): kept whole numbers and dates are written as formats.py writes them, so tests
    and tools can read a table as people see it."""
    if value is None or value != value:  # None, NaN, NaT: Streamlit shows the placeholder
        return formats.MISSING
    kind, pattern = type_config.get("type"), type_config.get("format")
    if kind == "number" and pattern == formats.WHOLE_NUMBER_CELL:
        return formats.format_number(int(value), 0)
    if kind == "date" and pattern == formats.DATE_CELL:
        return formats.format_date(value.date() if hasattr(value, "date") else value)
    return value if isinstance(value, str) else str(value)
