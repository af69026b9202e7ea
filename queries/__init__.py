"""The query layer: the one module that runs SQL (the `.sql` files beside it); returns Polars; no Streamlit.

Every indicator of spec/kpis.md is computed by `compute_kpis`, so the pages, the exports
and `python -m queries kpis` show the same number for the same date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from queries.indicators import (
    INDICATORS,
    INDICATORS_BY_KEY,
    Indicator,
    percentage,
    schedule_parameters,
    scheduled_fraction,
)
from vocabulary import AGENCY_KINDS

__all__ = [
    "INDICATORS",
    "INDICATORS_BY_KEY",
    "Indicator",
    "compute_kpis",
    "in_agency_kind_order",
    "inventory_figures",
    "kpi_trend",
    "percentage",
    "report_dates",
    "run",
    "run_sql",
    "scheduled_fraction",
    "sql_text",
]

QUERIES_DIR = Path(__file__).resolve().parent

KpiValue = float | int | None


def sql_text(name: str) -> str:
    """The text of `queries/<name>.sql`.

    Only a plain file name is accepted, so a name can never reach outside this folder.
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"Tên truy vấn không hợp lệ: {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> pl.DataFrame:
    """Run one SQL statement with its `$name` parameters bound; the result as a Polars frame.

    A cursor per query, closed afterwards: one DuckDB connection is not safe across threads,
    and Streamlit serves each session in its own thread.
    """
    cursor = con.cursor()
    try:
        relation = cursor.sql(sql, params=params or None)
        # The relation is lazy and reads through the cursor: materialise before closing it.
        return relation.pl() if relation is not None else pl.DataFrame()
    finally:
        cursor.close()


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pl.DataFrame:
    """Run `queries/<name>.sql` with keyword parameters: `run(con, "kpi_plans", as_of=d)`."""
    return run_sql(con, sql_text(name), params)


def in_agency_kind_order(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame`'s rows by its `kind` column in the order of vocabulary.AGENCY_KINDS (stable).

    The one order of the agency groups on every page; the SQL sorts the same way with
    db/schema.sql's agency_kind_rank. A kind that is not in the vocabulary comes last.
    """
    rank = pl.col("kind").replace_strict(
        {kind: index for index, kind in enumerate(AGENCY_KINDS)},
        default=len(AGENCY_KINDS),
        return_dtype=pl.Int64,
    )
    return frame.sort(rank, maintain_order=True)


def _one_row(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> dict[str, Any]:
    """The single row of an aggregate query as a dict."""
    return run(con, name, **params).row(0, named=True)


def inventory_figures(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> dict[str, Any]:
    """The inventory's figures as of `as_of` (queries/kpi_inventory.sql, one row): what
    compute_kpis derives the Biểu 01 indicators from, for a caller that needs only those
    (the burn-down: one query a date instead of three)."""
    return _one_row(
        con, "kpi_inventory", as_of=as_of, agency_codes=agency_codes, **schedule_parameters(as_of)
    )


def compute_kpis(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> dict[str, KpiValue]:
    """Every indicator of spec/kpis.md as of `as_of`, keyed as in kpis.md and in that order.

    `agency_codes` narrows every indicator to those agencies (the dashboard's filters), the
    same definitions applied to fewer agencies; None, the default, is the whole province.

    Percentages are floats 0–100 (one decimal) or None when undefined; counts are ints;
    money is float VNĐ per year (possibly negative); storage is float TB.
    """
    scope = {"as_of": as_of, "agency_codes": agency_codes}
    # agencies_at_risk comes with the inventory's figures: one pass over the agencies' measures
    inventory = inventory_figures(con, as_of, agency_codes)
    plans = _one_row(con, "kpi_plans", **scope)
    systems = _one_row(con, "kpi_migrations", **scope)
    values: dict[str, KpiValue] = {
        "plans_submitted_pct": percentage(plans["plans_submitted"], plans["required_agencies"]),
        "plans_approved_pct": percentage(plans["plans_approved"], plans["required_agencies"]),
        "reported_this_half_pct": percentage(
            inventory["reported_this_half"], inventory["required_agencies"]
        ),
        "servers_baseline": int(inventory["servers_baseline"]),
        "servers_remaining": int(inventory["servers_remaining"]),
        "consolidation_pct": percentage(
            inventory["servers_changed"], inventory["servers_to_change"]
        ),
        "agencies_done": int(inventory["agencies_done"]),
        "storage_moved_tb": float(inventory["storage_moved_tb"]),
        "systems_migrated_pct": percentage(systems["systems_migrated"], systems["systems_total"]),
        "ndxp_connected_pct": percentage(
            systems["systems_ndxp_connected"], systems["systems_total"]
        ),
        "cloud_share_pct": percentage(systems["systems_in_cloud"], systems["systems_total"]),
        "tslcd_connected_pct": percentage(plans["tslcd_connected"], plans["required_agencies"]),
        "soc_monitored_pct": percentage(
            inventory["servers_active_monitored"], inventory["servers_active"]
        ),
        "backup_central_pct": percentage(
            inventory["assets_active_backed_up"], inventory["assets_active"]
        ),
        "annual_cost_baseline_vnd": float(inventory["annual_cost_baseline_vnd"]),
        "savings_realised_vnd": float(inventory["savings_realised_vnd"]),
        "savings_planned_vnd": float(plans["savings_planned_vnd"]),
        "agencies_at_risk": int(inventory["agencies_at_risk"]),
    }
    # kpis.md order, the same order as INDICATORS: tables and JSON list them that way.
    return {indicator.key: values[indicator.key] for indicator in INDICATORS}


def kpi_trend(
    con: duckdb.DuckDBPyConnection, dates: list[dt.date], agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Every indicator at each date: one row per date × indicator (as_of, key, value).

    `value` is Float64 for every unit (counts included) so one column holds them all;
    null where the indicator is undefined at that date.
    """
    rows = [
        {"as_of": as_of, "key": key, "value": None if value is None else float(value)}
        for as_of in dates
        for key, value in compute_kpis(con, as_of, agency_codes).items()
    ]
    schema = {"as_of": pl.Date, "key": pl.String, "value": pl.Float64}
    return pl.DataFrame(rows, schema=schema)


def report_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """The distinct report dates of the inventory, plan and migration tables, ascending."""
    frame = run(con, "report_dates")
    return sorted(frame["report_date"].to_list())
