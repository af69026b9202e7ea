"""The map's data: measures per commune or ward, and what one commune holds; Polars, no Streamlit.

Each function is `fn(con, **params)`, so `ui.data.call` caches it. The measures are those of
spec/kpis.md narrowed to the assets placed in a commune (`assets.commune_code`): summed over
the 99 communes they give the province's indicators back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from queries import percentage, report_dates, run

# What the map can be coloured by: column of `commune_measures`, in the order offered.
MEASURE_COLUMNS = (
    "servers_remaining",
    "servers_baseline",
    "consolidation_pct",
    "cost_remaining_vnd",
)


def _list(values: Sequence[str] | None) -> list[str] | None:
    # an empty choice means "no filter", as in the sidebar's multiselects
    return list(values) if values else None


def _scope(
    agency_codes: Sequence[str] | None,
    statuses: Sequence[str] | None,
    asset_types: Sequence[str] | None,
) -> dict[str, list[str] | None]:
    # agency_codes: None is every agency, but () is none of them (a filter that kept nothing)
    return {
        "agency_codes": list(agency_codes) if agency_codes is not None else None,
        "statuses": _list(statuses),
        "asset_types": _list(asset_types),
    }


def commune_measures(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    agency_codes: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    asset_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One row per commune or ward (all 99, by code): the map's measures as of `as_of`.

    Columns of `queries/map_communes.sql` plus `consolidation_pct` (0–100, one decimal, half
    up from the exact ratio; null when no server there is to change). `statuses` and
    `asset_types` narrow the assets counted (None or empty: all).
    """
    frame = run(con, "map_communes", as_of=as_of, **_scope(agency_codes, statuses, asset_types))
    pct = [
        percentage(changed, to_change)
        for changed, to_change in zip(
            frame["servers_changed"], frame["servers_to_change"], strict=True
        )
    ]
    return frame.with_columns(pl.Series("consolidation_pct", pct, dtype=pl.Float64))


def commune_measures_by_date(
    con: duckdb.DuckDBPyConnection,
    agency_codes: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    asset_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The measures of every commune at every report date (as_of, code, one column per measure).

    The map's class breaks are drawn from these, so a colour means the same at every date.
    """
    frames = [
        commune_measures(con, as_of, agency_codes, statuses, asset_types)
        .select("code", *MEASURE_COLUMNS)
        .with_columns(pl.lit(as_of, dtype=pl.Date).alias("as_of"))
        for as_of in report_dates(con)
    ]
    if not frames:
        schema = {"as_of": pl.Date, "code": pl.String} | {c: pl.Float64 for c in MEASURE_COLUMNS}
        return pl.DataFrame(schema=schema)
    return pl.concat(frames).select("as_of", "code", *MEASURE_COLUMNS)


def commune_agencies(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    commune_code: str,
    agency_codes: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    asset_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The agencies in view that sit in a commune or have assets placed there, as of `as_of`."""
    return run(
        con,
        "map_commune_agencies",
        as_of=as_of,
        commune_code=commune_code,
        **_scope(agency_codes, statuses, asset_types),
    )


def commune_assets(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    commune_code: str,
    agency_codes: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    asset_types: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The assets placed in a commune or ward, from each agency's latest snapshot as of `as_of`."""
    return run(
        con,
        "map_commune_assets",
        as_of=as_of,
        commune_code=commune_code,
        **_scope(agency_codes, statuses, asset_types),
    )


def totals(measures: pl.DataFrame) -> dict[str, float | int | None]:
    """The map's measures summed over its communes (the frame of `commune_measures`).

    With no filter on agencies or assets these are the province's indicators of kpis.md:
    servers_remaining, servers_baseline, consolidation_pct; plus the running cost.
    """
    changed = int(measures["servers_changed"].sum())
    to_change = int(measures["servers_to_change"].sum())
    return {
        "servers_remaining": int(measures["servers_remaining"].sum()),
        "servers_baseline": int(measures["servers_baseline"].sum()),
        "consolidation_pct": percentage(changed, to_change),
        "cost_remaining_vnd": float(measures["cost_remaining_vnd"].sum()),
        "assets_placed": int(measures["assets_placed"].sum()),
        "communes_with_servers": int((measures["servers_remaining"] > 0).sum()),
    }
