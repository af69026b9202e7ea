"""What a load changes: the state of the data at a report date, and the change between two states.

The upload page takes the state of a private copy of the database before and after loading the
files into it (db.scratch), so the preview is what the confirmed load will do, computed by the
same loader. No Streamlit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from queries import INDICATORS_BY_KEY, compute_kpis, run
from queries.progress import FORM_LABELS
from vocabulary import ASSET_STATUSES

# The headline indicators shown before → after (spec/kpis.md keys), in the order shown.
HEADLINE_KEYS = (
    "servers_remaining",
    "consolidation_pct",
    "agencies_done",
    "plans_submitted_pct",
    "reported_this_half_pct",
    "agencies_at_risk",
)
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class DataState:
    """The data at one report date: snapshots held, assets in force, the indicators."""

    snapshots: pl.DataFrame  # form, agency_code, rows
    assets: pl.DataFrame  # agency_code, asset_code, status
    kpis: dict[str, Any]


def data_state(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> DataState:
    """The state a load is measured against, for every agency."""
    return DataState(
        snapshots=run(con, "upload_snapshots", as_of=as_of),
        assets=run(con, "upload_assets", as_of=as_of, agency_codes=None),
        kpis=compute_kpis(con, as_of),
    )


def _snapshot_changes(before: DataState, after: DataState, upload_ids: set[int]) -> list[dict]:
    held_before = {(r["form"], r["agency_code"]) for r in before.snapshots.to_dicts()}
    return [
        {**r, "change": "replaced" if (r["form"], r["agency_code"]) in held_before else "added"}
        for r in after.snapshots.to_dicts()
        if r["upload_id"] in upload_ids
    ]


def agency_changes(
    before: DataState,
    after: DataState,
    upload_ids: set[int],
    agencies: list[str],
    names: dict[str, str],
) -> pl.DataFrame:
    """Per agency of the files: the snapshots the uploads `upload_ids` added or replaced; assets
    added, removed, with a changed status (its inventory in force before and after)."""
    snapshots = _snapshot_changes(before, after, upload_ids)
    old = before.assets.filter(pl.col("agency_code").is_in(agencies))
    new = after.assets.filter(pl.col("agency_code").is_in(agencies))
    joined = old.join(
        new, on=["agency_code", "asset_code"], how="full", coalesce=True, suffix="_new"
    )
    records = []
    for code in agencies:
        mine = joined.filter(pl.col("agency_code") == code)
        added = [s for s in snapshots if s["agency_code"] == code and s["change"] == "added"]
        replaced = [s for s in snapshots if s["agency_code"] == code and s["change"] == "replaced"]
        changed = mine.filter(
            pl.col("status").is_not_null()
            & pl.col("status_new").is_not_null()
            & (pl.col("status") != pl.col("status_new"))
        )
        records.append(
            {
                "agency_code": code,
                "name": names.get(code, code),
                "snapshots_added": ", ".join(FORM_LABELS[s["form"]] for s in added),
                "snapshots_replaced": ", ".join(FORM_LABELS[s["form"]] for s in replaced),
                "assets_added": mine.filter(pl.col("status").is_null()).height,
                "assets_removed": mine.filter(pl.col("status_new").is_null()).height,
                "status_changed": changed.height,
                "status_changes": "; ".join(
                    f"{r['asset_code']}: {ASSET_STATUSES.get(r['status'], r['status'])} → "
                    f"{ASSET_STATUSES.get(r['status_new'], r['status_new'])}"
                    for r in changed.sort("asset_code").head(5).to_dicts()
                ),
            }
        )
    return pl.DataFrame(
        records,
        schema={
            "agency_code": pl.String,
            "name": pl.String,
            "snapshots_added": pl.String,
            "snapshots_replaced": pl.String,
            "assets_added": pl.Int64,
            "assets_removed": pl.Int64,
            "status_changed": pl.Int64,
            "status_changes": pl.String,
        },
    )


def headline_change(before: DataState, after: DataState) -> pl.DataFrame:
    """The headline indicators before → after: key, label, unit, before, after."""
    return pl.DataFrame(
        [
            {
                "key": key,
                "label": INDICATORS_BY_KEY[key].label,
                "unit": INDICATORS_BY_KEY[key].unit,
                "before": None if before.kpis[key] is None else float(before.kpis[key]),
                "after": None if after.kpis[key] is None else float(after.kpis[key]),
            }
            for key in HEADLINE_KEYS
        ],
        schema={
            "key": pl.String,
            "label": pl.String,
            "unit": pl.String,
            "before": pl.Float64,
            "after": pl.Float64,
        },
    )


def agency_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every agency's name by its code."""
    frame = run(con, "agencies_in_view", kinds=None, provinces=None, agency_codes=None)
    return dict(frame.select("agency_code", "name").rows())


def upload_history(
    con: duckdb.DuckDBPyConnection, agency_code: str | None = None, limit: int = HISTORY_LIMIT
) -> pl.DataFrame:
    """Every upload, newest first (only those naming `agency_code` when given)."""
    return run(con, "upload_history", agency_code=agency_code, limit=limit)
