"""The shared sidebar filters. Each lives in the URL query string, so a pasted link opens
the same view, and survives moving between pages."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import formats

DATE_PARAM = "ngay"  # ?ngay=2026-11-15


def previous_report_date(dates: list[dt.date], as_of: dt.date) -> dt.date | None:
    """The report date before `as_of`, to show the change since then; None for the first."""
    earlier = [d for d in dates if d < as_of]
    return earlier[-1] if earlier else None


def selected_report_date() -> dt.date | None:
    """The report date chosen in the sidebar (None when there is no data yet)."""
    return st.session_state.get("filter_report_date")


def report_date(dates: list[dt.date]) -> dt.date | None:
    """The "số liệu đến ngày" select box: the latest report date unless the URL names another."""
    if not dates:
        return None
    from_url = st.query_params.get(DATE_PARAM)
    try:
        default = dt.date.fromisoformat(from_url) if from_url else dates[-1]
    except ValueError:
        default = dates[-1]
    if default not in dates:
        default = dates[-1]
    chosen = st.sidebar.selectbox(
        "Số liệu đến ngày",
        options=dates,
        index=dates.index(default),
        format_func=formats.format_date,
        key="filter_report_date",
        help="Mỗi đơn vị được tính theo số liệu mới nhất của đơn vị đó đến ngày này.",
    )
    st.query_params[DATE_PARAM] = chosen.isoformat()
    return chosen
