"""Costs and savings (page Chi phí và tiết kiệm): per agency, per agency group, and totals; no Streamlit.

The sums here add up the rows of `costs_by_agency.sql`, which applies the definitions of
spec/kpis.md agency by agency: the agencies in view add up to the indicators
annual_cost_baseline_vnd, savings_realised_vnd and savings_planned_vnd for the same agencies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from queries import in_agency_kind_order, run

# from the inventory: null for a data centre (not applicable) or an agency with no inventory
COST_COLUMNS = (
    "baseline_cost_vnd",
    "remaining_cost_vnd",
    "done_cost_vnd",
    "hosting_cost_vnd",
    "savings_realised_vnd",
)
# from the latest plan: null when blank or when there is no plan
PLAN_COLUMNS = ("planned_savings_vnd", "budget_vnd")
MONEY_COLUMNS = COST_COLUMNS + PLAN_COLUMNS


def costs_by_agency(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency in view with an inventory or plan snapshot as of `as_of` (VNĐ)."""
    return run(con, "costs_by_agency", as_of=as_of, agency_codes=agency_codes)


def _counts() -> list[pl.Expr]:
    return [
        pl.len().alias("agencies"),
        pl.col("inventory_date").is_not_null().sum().alias("agencies_with_inventory"),
        pl.col("plan_date").is_not_null().sum().alias("plans"),
    ]


def _group_sum(name: str) -> pl.Expr:
    if name in PLAN_COLUMNS:  # a blank amount counts as 0 in a sum (kpis.md)
        return pl.col(name).fill_null(0).sum()
    # a group with no cost at all (the data centres, or none reported) stays null, not 0
    return pl.when(pl.col(name).count() > 0).then(pl.col(name).sum()).alias(name)


def costs_by_group(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency group (kind) present in view: counts and the money columns summed.

    Columns: kind, agencies (with any data), agencies_with_inventory, plans, then every
    column of MONEY_COLUMNS in VNĐ (per year; budget_vnd once). A cost column is null when
    no agency of the group has it (the data centres hold nothing standalone). In agency group
    order (vocabulary.AGENCY_KINDS).
    """
    frame = costs_by_agency(con, as_of, agency_codes)
    groups = frame.group_by("kind").agg(*_counts(), *(_group_sum(name) for name in MONEY_COLUMNS))
    return in_agency_kind_order(groups)


def costs_summary(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> dict[str, Any]:
    """The totals over the agencies in view: counts and every money column, in VNĐ.

    `savings_realised_vnd` equals done_cost_vnd − hosting_cost_vnd, the kpis.md definition
    split into its two terms; budget_vnd is Σ budget_vnd of the latest plans.
    """
    frame = costs_by_agency(con, as_of, agency_codes)
    # a blank amount counts as 0 in a sum (kpis.md), so does a data centre's "not applicable"
    money = [pl.col(name).fill_null(0).sum() for name in MONEY_COLUMNS]
    totals = frame.select(*_counts(), *money).row(0, named=True)
    totals["plans_with_budget"] = int(frame["budget_vnd"].is_not_null().sum())
    return totals
