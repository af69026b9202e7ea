"""Cached data access for the pages: one connection per process, one cache for every query.

Pages call these functions, never DuckDB. The SQL text is part of each cache key, so
editing a .sql file invalidates its cached results; `clear_caches` runs after a load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import polars as pl
import streamlit as st

import db
import queries
import settings

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # The queries use the table macros of db/schema.sql, which only a read-write open installs
    # (db.ensure_schema): a short one first, so a database made by an older version gets them.
    # Another process holding the file (DatabaseBusyError), or a read-only connection to it in
    # this process (ConnectionException), leaves it as it is; a missing file is not created.
    if Path(path).exists():
        with contextlib.suppress(db.DatabaseBusyError, duckdb.ConnectionException):
            db.connect(path).close()
    return db.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    """The app's connection, opened once per process and database; each query takes a cursor.

    Read-only, so analysts at DST may query the same file at the same time.
    """
    return _connection(str(settings.database_path()))


def ensure_database() -> None:
    """Build the demo database on first start, when there is no database at all."""
    path = settings.database_path()
    if path.exists():
        return
    from loaders.demo import build_demo

    with st.spinner("Lần đầu khởi động: đang tạo cơ sở dữ liệu mẫu…"):
        build_demo(path)


@st.cache_data(show_spinner=False, max_entries=512)
def _run_sql(db_path: str, sql: str, params: tuple[tuple[str, Any], ...]) -> pl.DataFrame:
    return queries.run_sql(_connection(db_path), sql, dict(params))


def run(name: str, **params: Any) -> pl.DataFrame:
    """Run `queries/<name>.sql` with bound parameters; cached on the SQL text and the values."""
    return _run_sql(
        str(settings.database_path()), queries.sql_text(name), tuple(sorted(params.items()))
    )


def _queries_fingerprint() -> str:
    # read every time (about 0,3 ms): an edited .sql file must never be served stale
    texts = "".join(p.read_text("utf-8") for p in sorted(queries.QUERIES_DIR.glob("*.sql")))
    return hashlib.sha256(texts.encode()).hexdigest()


@st.cache_data(show_spinner=False, max_entries=256)
def _call(
    db_path: str, module: str, name: str, fingerprint: str, params: tuple[tuple[str, Any], ...]
) -> Any:
    function = getattr(importlib.import_module(module), name)
    return function(_connection(db_path), **dict(params))


def call(function: Callable[..., T], **params: Any) -> T:
    """Call a function of `queries` as function(connection, **params), cached.

    Cached on the function's name, the text of every .sql file and the parameters, so an
    edited query is never served stale.
    """
    return _call(
        str(settings.database_path()),
        function.__module__,
        function.__qualname__,
        _queries_fingerprint(),
        tuple(sorted(params.items())),
    )


def kpis(
    as_of: dt.date, agency_codes: tuple[str, ...] | None = None
) -> dict[str, queries.KpiValue]:
    """Every indicator of kpis.md as of a date, for the agencies in view (None: all)."""
    codes = list(agency_codes) if agency_codes is not None else None
    return call(queries.compute_kpis, as_of=as_of, agency_codes=codes)


@st.cache_data(show_spinner=False)
def _report_dates(db_path: str) -> list[dt.date]:
    return queries.report_dates(_connection(db_path))


def report_dates() -> list[dt.date]:
    """The report dates in the data, ascending."""
    return _report_dates(str(settings.database_path()))


def latest_upload() -> dict[str, Any] | None:
    """The most recent accepted upload (time, user, file), or None."""
    rows = run("latest_upload").to_dicts()
    return rows[0] if rows else None


def clear_caches() -> None:
    """Forget every cached result: call after new data is loaded."""
    st.cache_data.clear()
