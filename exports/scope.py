"""Exports layer, no Streamlit: what a file is about (report date and the agencies in view).

The sidebar's filters (ui/filters.py) and the `python -m exports` options both come down to a
`Scope`; its words are the scope line's, so a slide, a chart image and the page say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

import formats
import queries
from vocabulary import AGENCY_KINDS, FORMER_PROVINCE

WHOLE_PROVINCE = "toàn tỉnh"
# the former provinces as the sidebar's links write them and as communes.csv names them
PROVINCES = {"bac-ninh": "Bắc Ninh", "bac-giang": "Bắc Giang"}


def describe_filters(
    kinds: Sequence[str] = (), provinces: Sequence[str] = (), agencies: Sequence[str] = ()
) -> str:
    """The filters in words, for captions and exports ("" when nothing is filtered)."""
    parts = []
    if kinds:
        parts.append("nhóm: " + ", ".join(AGENCY_KINDS[k] for k in kinds))
    if provinces:
        parts.append(f"{FORMER_PROVINCE.lower()}: " + ", ".join(provinces))
    if agencies:
        parts.append(f"{formats.format_number(len(agencies))} đơn vị được chọn")
    return "; ".join(parts)


def scope_sentence(as_of: dt.date | None, description: str) -> str:
    """ "Số liệu đến ngày 30/09/2026 — toàn tỉnh": the scope line of pages, images and slides."""
    return f"Số liệu đến ngày {formats.format_date(as_of)} — {description or WHOLE_PROVINCE}"


@dataclass(frozen=True)
class Scope:
    """A report date and the agencies in view; `agency_codes` None when nothing narrows them.

    The same fields as the sidebar's ui.filters.Filters, so one converts into the other.
    """

    as_of: dt.date
    kinds: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()  # former provinces, as written in communes.csv
    agencies: tuple[str, ...] = ()
    agency_codes: tuple[str, ...] | None = None

    @property
    def codes(self) -> list[str] | None:
        """The agencies in view as the queries take them: a list, or None for all."""
        return list(self.agency_codes) if self.agency_codes is not None else None

    def describe(self) -> str:
        """The filters in words ("" when nothing is filtered)."""
        return describe_filters(self.kinds, self.provinces, self.agencies)

    def sentence(self) -> str:
        """The scope line: date and agencies."""
        return scope_sentence(self.as_of, self.describe())


def resolve_scope(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    kinds: Sequence[str] = (),
    provinces: Sequence[str] = (),
    agencies: Sequence[str] = (),
) -> Scope:
    """The scope of a command's options: the agencies the sidebar would keep for them."""
    codes = None
    if kinds or provinces or agencies:
        in_view = queries.run(
            con,
            "agencies_in_view",
            kinds=list(kinds) or None,
            provinces=list(provinces) or None,
            agency_codes=list(agencies) or None,
        )
        codes = tuple(in_view["agency_code"])
    return Scope(as_of, tuple(kinds), tuple(provinces), tuple(agencies), codes)
