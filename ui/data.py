"""Cached data access for the pages: one connection per process, one cache for every query.

The pages' one door to the data: they call the functions below, never `queries`, `db` or
DuckDB. Each query a page shows is named here once, taking the sidebar's view (its report
date and agencies); the few plain definitions of `queries` a page writes out (the status
rule, the share due by a date, the map's totals) are named here too. The SQL text is part
of each cache key, so editing a .sql file invalidates its cached results, and so is the live
file's version (db/store.py), so a load shows on every page of every process at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl
import streamlit as st

import db
import queries
import settings
from db import store
from queries import costs, progress, roadmap, systems
from queries import map as map_queries
from queries import upload as upload_queries
from queries.map import totals as map_totals
from queries.progress import scheduled_pct
from queries.roadmap import STATUS_RULE_VI

if TYPE_CHECKING:
    from ui.filters import Filters

__all__ = [  # the plain definitions pages show, beside the functions below
    "STATUS_RULE_VI",
    "map_totals",
    "scheduled_pct",
]

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _live(path: str) -> store.LiveDatabase:
    return store.LiveDatabase(Path(path))


def live_database() -> store.LiveDatabase:
    """The process's read-only view of the live database, reopened after every write.

    Read-only, so analysts at DST may query the same file at the same time, and a load (from
    the upload page, another app process or the command line) swaps a new file in without
    disturbing a query: each query reads either the file before or the file after.
    """
    return _live(str(settings.database_path()))


def data_version() -> str | None:
    """Which file is live now: part of every cache key, so a load shows at once everywhere."""
    return store.data_version(settings.database_path())


@st.cache_resource(show_spinner=False)
def _started(path: str) -> bool:
    # Once per process: a database made by an older version gets this version's tables and
    # macros (through a write, so readers are not disturbed); a write that holds the file too
    # long is not worth failing the start for: the next process start tries again.
    from loaders import archive

    with contextlib.suppress(store.WriteBusyError, db.DatabaseBusyError):
        db.upgrade(path, wait_seconds=5)
        archive.reconcile(Path(path), wait_seconds=5)  # a manifest left behind by a crash
    return True


def ensure_database() -> None:
    """First start: rebuild from the archive when it holds real files, else build the demo.

    Then bring the database up to date with this version's schema (once per process).
    """
    from loaders import archive

    path = settings.database_path()
    if not path.exists():
        if archive.holds_real_files(path):
            from loaders.ingest import rebuild

            with st.spinner("Đang dựng lại cơ sở dữ liệu từ kho lưu tệp…"):
                rebuild(path)
        else:
            from loaders.demo import build_demo

            with st.spinner("Lần đầu khởi động: đang tạo cơ sở dữ liệu mẫu…"):
                build_demo(path, replace=True)
    _started(str(path))


@st.cache_data(show_spinner=False, max_entries=512)
def _run_sql(
    db_path: str, version: str | None, sql: str, params: tuple[tuple[str, Any], ...]
) -> pl.DataFrame:
    with _live(db_path).cursor() as cursor:
        return queries.run_sql(cursor, sql, dict(params))


def run(name: str, **params: Any) -> pl.DataFrame:
    """Run `queries/<name>.sql` with bound parameters; cached on the SQL text, the values and
    the live file's version."""
    return _run_sql(
        str(settings.database_path()),
        data_version(),
        queries.sql_text(name),
        tuple(sorted(params.items())),
    )


def _queries_fingerprint() -> str:
    # read every time (about 0,3 ms): an edited .sql file must never be served stale
    texts = "".join(p.read_text("utf-8") for p in sorted(queries.QUERIES_DIR.glob("*.sql")))
    return hashlib.sha256(texts.encode()).hexdigest()


@st.cache_data(show_spinner=False, max_entries=256)
def _call(
    db_path: str,
    version: str | None,
    module: str,
    name: str,
    fingerprint: str,
    params: tuple[tuple[str, Any], ...],
) -> Any:
    function = getattr(importlib.import_module(module), name)
    with _live(db_path).cursor() as cursor:
        return function(cursor, **dict(params))


def call(function: Callable[..., T], **params: Any) -> T:
    """Call a function of `queries` as function(connection, **params), cached.

    Cached on the function's name, the text of every .sql file, the parameters and the live
    file's version, so neither an edited query nor a load is ever served stale.
    """
    return _call(
        str(settings.database_path()),
        data_version(),
        function.__module__,
        function.__qualname__,
        _queries_fingerprint(),
        tuple(sorted(params.items())),
    )


def _on_view(function: Callable[..., T]) -> Callable[..., T]:
    """`function(connection, as_of=…, agency_codes=…, **params)` on a view, cached by `call`."""

    def on_view(view: Filters, **params: Any) -> T:
        return call(function, as_of=view.as_of, agency_codes=view.codes, **params)

    on_view.__name__, on_view.__doc__ = function.__name__, function.__doc__
    return on_view


# What the pages show, each on the view's report date and agencies: data.agency_progress(view).
kpis = _on_view(queries.compute_kpis)
agency_progress = _on_view(progress.agency_progress)
progress_by_kind = _on_view(progress.progress_by_kind)
agencies_most_behind = _on_view(progress.agencies_most_behind)
roadmap_milestones = _on_view(roadmap.roadmap_milestones)
milestone_cards = _on_view(roadmap.milestone_cards)
milestone_table = _on_view(roadmap.milestone_table)
milestone_trend = _on_view(roadmap.milestone_trend)
servers_burndown = _on_view(roadmap.servers_burndown)
centre_summary = _on_view(roadmap.centre_summary)
costs_by_agency = _on_view(costs.costs_by_agency)
costs_by_group = _on_view(costs.costs_by_group)
costs_summary = _on_view(costs.costs_summary)
systems_summary = _on_view(systems.systems_summary)
systems_by_stage = _on_view(systems.systems_by_stage)
systems_not_connected = _on_view(systems.systems_not_connected)
tslcd_by_group = _on_view(systems.tslcd_by_group)
tslcd_not_connected = _on_view(systems.tslcd_not_connected)
security_by_group = _on_view(systems.security_by_group)
security_levels = _on_view(systems.security_levels)
commune_measures = _on_view(map_queries.commune_measures)
commune_agencies = _on_view(map_queries.commune_agencies)
commune_assets = _on_view(map_queries.commune_assets)


@st.cache_resource(show_spinner=False, max_entries=2)
def _agency_labels(db_path: str, version: str | None, sql: str) -> Mapping[str, str]:
    with _live(db_path).cursor() as cursor:
        everyone = {"kinds": None, "provinces": None, "agency_codes": None}
        agencies = queries.run_sql(cursor, sql, everyone)
    labels = {
        code: f"{name} ({code})"
        for code, name in agencies.select("agency_code", "name").iter_rows()
    }
    return MappingProxyType(labels)


def agency_labels() -> Mapping[str, str]:
    """Every agency's label in the sidebar's picker, "name (code)", in the picker's order.

    One read-only mapping per live file, shared by every session: at 100× the demo it holds
    11,700 labels, which each session's own copy kept alive in its widget (about 3 MiB each).
    """
    return _agency_labels(
        str(settings.database_path()), data_version(), queries.sql_text("agencies_in_view")
    )


def commune_measures_by_date(view: Filters, **params: Any) -> pl.DataFrame:
    """The map's measures of every commune at every report date, for the view's agencies."""
    return call(map_queries.commune_measures_by_date, agency_codes=view.codes, **params)


def agency_detail(agency_code: str, as_of: dt.date) -> dict[str, Any]:
    """One agency's summary, snapshots, assets, plan and systems as of a date."""
    return call(progress.agency_detail, agency_code=agency_code, as_of=as_of)


def tariffs() -> pl.DataFrame:
    """The hosting tariff: one row per resource, VNĐ per unit per year."""
    return run("costs_tariffs")


def report_dates() -> list[dt.date]:
    """The report dates in the data, ascending."""
    return call(queries.report_dates)


def upload_history(agency_code: str | None = None) -> pl.DataFrame:
    """Every upload, newest first; only those naming `agency_code` when given."""
    return call(upload_queries.upload_history, agency_code=agency_code)


def reference_status() -> pl.DataFrame:
    """The reference files in force (data/*.csv): name, SHA-256, loaded at, rows, changed since."""
    return call(db.reference_status)


def latest_upload() -> dict[str, Any] | None:
    """The most recent accepted upload (time, user, file), or None."""
    rows = run("latest_upload").to_dicts()
    return rows[0] if rows else None
