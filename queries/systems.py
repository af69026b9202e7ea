"""Systems and security (page Hệ thống và an toàn thông tin): the rows behind it and their group totals; no Streamlit.

The shares by agency group use the numerators and denominators of spec/kpis.md
(tslcd_connected_pct, soc_monitored_pct, backup_central_pct) and `indicators.percentage`,
so the groups add up to the province's indicator for the same agencies.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from queries import in_agency_kind_order, percentage, run

SECURITY_LEVELS = (1, 2, 3, 4, 5)  # Nghị định 85/2016; null = not stated
SUBJECTS = ("servers", "systems")


def systems_as_of(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Every system of each agency's latest migration snapshot as of `as_of`."""
    return run(con, "systems_as_of", as_of=as_of, agency_codes=agency_codes)


def systems_by_stage(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Systems as of `as_of` by destination × stage (target, stage, systems), zeros included."""
    return run(con, "systems_by_stage", as_of=as_of, agency_codes=agency_codes)


def systems_not_connected(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The systems as of `as_of` not connected to NDXP/LGSP, by agency then system code."""
    return systems_as_of(con, as_of, agency_codes).filter(~pl.col("ndxp_connected"))


def _with_share(frame: pl.DataFrame, numerator: str, denominator: str, name: str) -> pl.DataFrame:
    shares = [percentage(n, d) for n, d in zip(frame[numerator], frame[denominator], strict=True)]
    return frame.with_columns(pl.Series(name, shares, dtype=pl.Float64))


def tslcd_by_agency(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Every required agency in view: its latest plan's date and whether it is on TSLCD."""
    return run(con, "systems_tslcd_by_agency", as_of=as_of, agency_codes=agency_codes)


def tslcd_by_group(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency group: required_agencies, connected, tslcd_connected_pct (None if 0 agencies)."""
    frame = (
        tslcd_by_agency(con, as_of, agency_codes)
        .group_by("kind")
        .agg(
            pl.len().alias("required_agencies"),
            pl.col("tslcd_connected").sum().alias("connected"),
        )
        .pipe(in_agency_kind_order)
    )
    return _with_share(frame, "connected", "required_agencies", "tslcd_connected_pct")


def tslcd_not_connected(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The required agencies in view whose latest plan does not say TSLCD (or with no plan)."""
    return tslcd_by_agency(con, as_of, agency_codes).filter(~pl.col("tslcd_connected"))


def security_by_agency(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Per agency with an inventory as of `as_of`: active servers and assets, monitored and backed up."""
    return run(con, "systems_security_by_agency", as_of=as_of, agency_codes=agency_codes)


def security_by_group(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency group: the counts of SOC monitoring and central backup, and their shares.

    Columns: kind, agencies, servers_active, servers_active_monitored, assets_active,
    assets_active_backed_up, soc_monitored_pct, backup_central_pct (None when nothing is active).
    """
    counts = (
        "servers_active",
        "servers_active_monitored",
        "assets_active",
        "assets_active_backed_up",
    )
    frame = (
        security_by_agency(con, as_of, agency_codes)
        .group_by("kind")
        .agg(pl.len().alias("agencies"), *(pl.col(c).sum() for c in counts))
        .pipe(in_agency_kind_order)
    )
    frame = _with_share(frame, "servers_active_monitored", "servers_active", "soc_monitored_pct")
    return _with_share(frame, "assets_active_backed_up", "assets_active", "backup_central_pct")


def security_levels(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Security levels of active servers and of systems: one row per subject × level (1–5, then null).

    Every level of both subjects is present, with count 0 when none; a null level is a
    blank cấp độ ATTT. subject is 'servers' or 'systems'.
    """
    found = run(con, "systems_security_levels", as_of=as_of, agency_codes=agency_codes)
    grid = pl.DataFrame(
        {
            "subject": [s for s in SUBJECTS for _ in range(len(SECURITY_LEVELS) + 1)],
            "security_level": [*SECURITY_LEVELS, None] * len(SUBJECTS),
        },
        schema={"subject": pl.String, "security_level": pl.Int32},
    )
    found = found.with_columns(pl.col("security_level").cast(pl.Int32))
    # a level outside 1–5 cannot be loaded (the loader checks it), so the grid covers all
    return grid.join(found, on=["subject", "security_level"], how="left", nulls_equal=True).select(
        "subject", "security_level", pl.col("count").fill_null(0).cast(pl.Int64)
    )


def systems_summary(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> dict[str, int]:
    """What the agencies in view have reported as of `as_of`, counted (all integers).

    systems, systems_ndxp_connected (Biểu 03); agencies_with_inventory (Biểu 01);
    required_agencies, agencies_with_plan, tslcd_connected (Biểu 02).
    """
    listing = systems_as_of(con, as_of, agency_codes)
    tslcd = tslcd_by_agency(con, as_of, agency_codes)
    return {
        "systems": listing.height,
        "systems_ndxp_connected": int(listing["ndxp_connected"].sum()),
        "agencies_with_inventory": security_by_agency(con, as_of, agency_codes).height,
        "required_agencies": tslcd.height,
        "agencies_with_plan": int(tslcd["plan_date"].is_not_null().sum()),
        "tslcd_connected": int(tslcd["tslcd_connected"].sum()),
    }
