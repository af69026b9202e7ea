"""The shared sidebar filters: report date, agency group, former province, agencies.

Each filter lives in the URL query string, so a link pasted into a meeting invitation
opens the same view, and in the session, so it survives moving between pages. `app.py`
draws them once per run; pages read the result with `current()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

import streamlit as st

import formats
from exports.scope import describe_filters
from ui import data
from vocabulary import AGENCY_KINDS, FORMER_PROVINCE

PROVINCES = {"bac-ninh": "Bắc Ninh", "bac-giang": "Bắc Giang"}
# URL parameter → session key of its widget
DATE_PARAM, KIND_PARAM, PROVINCE_PARAM, AGENCY_PARAM = "ngay", "nhom", "tinh", "don_vi"
DATE_KEY, KIND_KEY, PROVINCE_KEY, AGENCY_KEY = (
    "filter_report_date",
    "filter_kinds",
    "filter_provinces",
    "filter_agencies",
)


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose. `agency_codes` is None when no filter narrows the agencies."""

    as_of: dt.date | None
    kinds: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()  # former provinces, as written in communes.csv
    agencies: tuple[str, ...] = ()
    agency_codes: tuple[str, ...] | None = None

    @property
    def codes(self) -> list[str] | None:
        """The agencies in view as the queries take them: a list, or None for all."""
        return list(self.agency_codes) if self.agency_codes is not None else None

    def on(self, as_of: dt.date) -> Filters:
        """The same agencies on another report date (the change since an earlier date)."""
        return replace(self, as_of=as_of)

    def describe(self) -> str:
        """The filters in words, for captions and exports ("" when nothing is filtered)."""
        return describe_filters(self.kinds, self.provinces, self.agencies)


def previous_report_date(dates: list[dt.date], as_of: dt.date) -> dt.date | None:
    """The report date before `as_of`, to show the change since then; None for the first."""
    earlier = [d for d in dates if d < as_of]
    return earlier[-1] if earlier else None


def _date_from_link(dates: list[dt.date]) -> dt.date:
    """The report date a link names; a date without data is said, never silently replaced.

    A date between report dates shows the latest report date before it (each agency's
    latest snapshot up to that day is the same); a date before any data shows the first.
    """
    from_url = st.query_params.get(DATE_PARAM)
    if not from_url:
        return dates[-1]
    try:
        linked = dt.date.fromisoformat(from_url)
    except ValueError:
        st.sidebar.warning(
            f"Ngày “{from_url}” trong đường dẫn không hợp lệ; đang hiển thị "
            f"số liệu mới nhất ({formats.format_date(dates[-1])})."
        )
        return dates[-1]
    if linked in dates:
        return linked
    earlier = [d for d in dates if d <= linked]
    if not earlier:
        st.sidebar.warning(
            f"Chưa có số liệu nào đến ngày {formats.format_date(linked)}: số liệu sớm nhất là "
            f"ngày {formats.format_date(dates[0])}, đang hiển thị ngày đó."
        )
        return dates[0]
    st.sidebar.info(
        f"Đường dẫn ghi ngày {formats.format_date(linked)}; số liệu gần nhất trước ngày đó "
        f"là ngày {formats.format_date(earlier[-1])}."
    )
    return earlier[-1]


def _from_url(param: str, allowed) -> list[str]:
    raw = st.query_params.get(param, "")
    return [value for value in raw.split(",") if value in allowed]


def _list_filter(
    label: str, labels: Mapping[str, str], param: str, key: str, placeholder: str
) -> list[str]:
    """A multiselect of `labels`' keys; its first value comes from the link, then the session."""
    if key not in st.session_state:
        st.session_state[key] = _from_url(param, labels)
    return st.sidebar.multiselect(
        label, options=list(labels), format_func=labels.get, key=key, placeholder=placeholder
    )


def sidebar() -> Filters:
    """Draw the filters in the sidebar, keep the URL in step, return the choice."""
    dates = data.report_dates()
    as_of = None
    if dates:
        if DATE_KEY not in st.session_state:
            st.session_state[DATE_KEY] = _date_from_link(dates)
        if st.session_state[DATE_KEY] not in dates:  # the data changed under the session
            st.session_state[DATE_KEY] = dates[-1]
        as_of = st.sidebar.selectbox(
            "Số liệu đến ngày",
            options=dates,
            format_func=formats.format_date,
            key=DATE_KEY,
            help="Mỗi đơn vị được tính theo số liệu mới nhất của đơn vị đó đến ngày này.",
        )
    kinds = _list_filter("Nhóm đơn vị", AGENCY_KINDS, KIND_PARAM, KIND_KEY, "Tất cả các nhóm")
    province_slugs = _list_filter(
        FORMER_PROVINCE, PROVINCES, PROVINCE_PARAM, PROVINCE_KEY, "Cả Bắc Ninh và Bắc Giang"
    )
    chosen = _list_filter(
        "Đơn vị",
        data.agency_labels(),  # shared by the sessions, not a copy each
        AGENCY_PARAM,
        AGENCY_KEY,
        "Tất cả các đơn vị",
    )

    params = {
        DATE_PARAM: as_of.isoformat() if as_of else None,
        KIND_PARAM: ",".join(kinds),
        PROVINCE_PARAM: ",".join(province_slugs),
        AGENCY_PARAM: ",".join(chosen),
    }
    for param, value in params.items():
        if value:
            st.query_params[param] = value
        elif param in st.query_params:
            del st.query_params[param]

    provinces = tuple(PROVINCES[slug] for slug in province_slugs)
    codes = None
    if kinds or provinces or chosen:
        in_view = data.run(
            "agencies_in_view",
            kinds=list(kinds) or None,
            provinces=list(provinces) or None,
            agency_codes=list(chosen) or None,
        )
        codes = tuple(in_view["agency_code"])
    filters = Filters(as_of, tuple(kinds), provinces, tuple(chosen), codes)
    st.session_state["filters"] = filters
    return filters


def current() -> Filters:
    """The filters `app.py` drew on this run."""
    return st.session_state.get("filters", Filters(as_of=None))
