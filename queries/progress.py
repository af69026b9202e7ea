"""Progress by agency (page "Tiến độ theo đơn vị"): the SQL files progress_*.sql, reshaped; no Streamlit.

Each agency's figures follow spec/kpis.md applied to that one agency, so a column summed
over the agencies in view gives the province's indicator (servers at baseline, remaining,
late agencies = agencies_at_risk).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import duckdb
import polars as pl

from queries import run
from queries.indicators import SCHEDULE_START as SCHEDULE_START  # the page names the deadline
from queries.indicators import percentage, schedule_parameters, scheduled_fraction
from vocabulary import (
    AGENCY_KINDS,
    ASSET_PLANS,
    ASSET_STATUSES,
    ASSET_TYPES,
    FORM_TITLES,
    MIGRATION_STAGES,
    MIGRATION_TARGETS,
    PLAN_STATUSES,
)
from vocabulary import NO_PLAN_LABEL as NO_ASSET_PLAN_LABEL

FORM_LABELS = FORM_TITLES  # each form by its heading in spec/forms.md

NO_PLAN = "Chưa có"  # an agency with no plan snapshot as of the date
DONE_LABEL = "đã hoàn thành"
UNKNOWN_LABEL = "không xác định"
NOT_STANDALONE_LABEL = "không áp dụng"  # a data centre holds no standalone server
LATE, ON_SCHEDULE, NOT_DUE = "Chậm", "Đúng tiến độ", "Chưa đến hạn"

# Late agencies: why each is late, by the three tests of agencies_at_risk, in this order: the
# column of progress_agencies.sql (db/schema.sql's agency_risk) that holds the test, its text.
REASON_NO_PLAN = "chưa gửi phương án"
REASON_NO_INVENTORY = "chưa báo cáo Biểu 01"
REASON_BEHIND = "dưới tiến độ kế hoạch"
LATE_TESTS = (
    ("late_for_plan", REASON_NO_PLAN),
    ("late_for_inventory", REASON_NO_INVENTORY),
    ("late_for_schedule", REASON_BEHIND),
)

# An agency's standalone servers (a group's: summed), in both the agency and the group frames.
SERVER_COLUMNS = {
    "servers_baseline": pl.Int64,
    "servers_remaining": pl.Int64,
    "servers_done": pl.Int64,
    "servers_to_change": pl.Int64,
    "servers_changed": pl.Int64,
}
AGENCY_COLUMNS = {
    "agency_code": pl.String,
    "name": pl.String,
    "kind": pl.String,
    "kind_label": pl.String,
    **SERVER_COLUMNS,
    "consolidation_pct": pl.Float64,
    "scheduled_pct": pl.Float64,
    "gap_points": pl.Float64,
    "plan_status": pl.String,
    "plan_status_label": pl.String,
    "systems_migrated": pl.Int64,
    "systems_total": pl.Int64,
    "systems_label": pl.String,
    "projected_date": pl.Date,
    "projected_label": pl.String,
    "late": pl.Boolean,
    "status_label": pl.String,
    "late_reason": pl.String,
    "inventory_date": pl.Date,
    "last_report_date": pl.Date,
    "reported_this_half": pl.Boolean,
    "last_upload_file": pl.String,
    "last_upload_warnings": pl.Int64,
}


def _round_tenths(value: Fraction) -> float:
    """A signed exact value rounded half up to one decimal (the kpis.md rounding)."""
    return math.floor(value * 10 + Fraction(1, 2)) / 10


def _gap(scheduled: float | None, own: float | None) -> float | None:
    """Scheduled % minus own % in points, from the two rounded figures the table shows."""
    if scheduled is None or own is None:
        return None
    difference = Decimal(repr(scheduled)) - Decimal(repr(own))
    return float(difference.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def projected_completion(
    standalone: bool,
    baseline_date: dt.date | None,
    inventory_date: dt.date | None,
    to_change: int,
    changed: int,
    changed_at_baseline: int,
) -> tuple[dt.date | None, str]:
    """When an agency finishes its servers to change at its current pace: (date, label).

    The rule:
    - nothing left to change (no server to change, or all of them done) in its latest
      inventory snapshot: (None, "đã hoàn thành");
    - the pace is the servers to change that became done between its baseline (first)
      inventory snapshot and its latest one, per day between the two report dates:
      pace = (changed − changed_at_baseline) ÷ (inventory_date − baseline_date);
    - the projected date is the latest snapshot's report date plus the days the servers
      still to change need at that pace, rounded up to a whole day:
      inventory_date + ⌈(to_change − changed) ÷ pace⌉;
    - no inventory, a single snapshot (no time elapsed) or no gain since the baseline
      (pace 0 or less): (None, "không xác định");
    - an agency whose servers are not standalone (a data centre, db/schema.sql's
      is_standalone): (None, "không áp dụng").
    """
    if not standalone:
        return None, NOT_STANDALONE_LABEL
    if baseline_date is None or inventory_date is None:
        return None, UNKNOWN_LABEL
    if changed >= to_change:
        return None, DONE_LABEL
    elapsed = (inventory_date - baseline_date).days
    gained = changed - changed_at_baseline
    if elapsed <= 0 or gained <= 0:
        return None, UNKNOWN_LABEL
    days = math.ceil(Fraction((to_change - changed) * elapsed, gained))
    projected = inventory_date + dt.timedelta(days=days)
    return projected, projected.strftime("%d/%m/%Y")


def agency_progress(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency in view as of a date: servers, progress, plan, systems, lateness, data quality.

    Columns (AGENCY_COLUMNS): counts of the agency's standalone servers (a data centre's
    are 0; None without any inventory snapshot, unknown rather than 0) at baseline, remaining (active or idle), done (consolidated, cloud or
    decommissioned, whatever the plan), to change and changed (done among those to
    change); consolidation_pct (changed ÷ to change, None when nothing to change);
    scheduled_pct (the straight-line schedule at `as_of`) and gap_points (scheduled −
    own, points); plan status and its label ("Chưa có" without a plan); systems migrated
    of the total ("2 / 5", "–" without systems); the projected completion date
    (see `projected_completion`); late (at risk by the tests of agencies_at_risk,
    db/schema.sql's agency_risk, the very flags kpi_inventory.sql counts), status_label and
    late_reason (the tests it fails, in LATE_TESTS order); last_report_date (of any form), reported_this_half (its latest inventory
    snapshot in the half-year of `as_of`, as reported_this_half_pct), and the file and
    warning count of its last accepted upload up to `as_of` that held its data.
    """
    scope = {"as_of": as_of, "agency_codes": agency_codes}
    raw = run(con, "progress_agencies", **scope, **schedule_parameters(as_of))
    due_pct = scheduled_pct(as_of)
    rows = []
    for row in raw.iter_rows(named=True):
        own_pct = percentage(row["servers_changed"], row["servers_to_change"])
        projected, projected_label = projected_completion(
            row["is_standalone"],
            row["baseline_date"],
            row["inventory_date"],
            row["servers_to_change"],
            row["servers_changed"],
            row["servers_changed_at_baseline"],
        )
        reasons = [reason for test, reason in LATE_TESTS if row[test]]
        if not row["is_due"]:  # not required, or not after 31/03/2026
            status = NOT_DUE
        elif row["at_risk"]:
            status = LATE
        else:
            status = ON_SCHEDULE
        total = row["systems_total"]
        rows.append(
            {
                "agency_code": row["agency_code"],
                "name": row["name"],
                "kind": row["kind"],
                "kind_label": AGENCY_KINDS.get(row["kind"], row["kind"]),
                **{column: row[column] for column in SERVER_COLUMNS},
                "consolidation_pct": own_pct,
                "scheduled_pct": due_pct,
                "gap_points": _gap(due_pct, own_pct),
                "plan_status": row["plan_status"],
                "plan_status_label": PLAN_STATUSES.get(row["plan_status"], NO_PLAN)
                if row["plan_status"]
                else NO_PLAN,
                "systems_migrated": row["systems_migrated"],
                "systems_total": total,
                "systems_label": f"{row['systems_migrated']} / {total}" if total else "–",
                "projected_date": projected,
                "projected_label": projected_label,
                "late": row["at_risk"],
                "status_label": status,
                "late_reason": "; ".join(reasons) if reasons else None,
                "inventory_date": row["inventory_date"],
                "last_report_date": row["last_report_date"],
                "reported_this_half": row["reported_this_half"],
                "last_upload_file": row["last_upload_file"],
                "last_upload_warnings": row["last_upload_warnings"],
            }
        )
    return pl.DataFrame(rows, schema=AGENCY_COLUMNS, orient="row")


MOST_BEHIND_COLUMNS = {
    "agency_code": pl.String,
    "agency": pl.String,
    "kind_label": pl.String,
    "consolidation_pct": pl.Float64,
    "scheduled_pct": pl.Float64,
    "gap_points": pl.Float64,
    "servers_remaining": pl.Int64,
    "late_reason": pl.String,
}


def agencies_most_behind(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    agency_codes: list[str] | None = None,
    limit: int = 10,
) -> pl.DataFrame:
    """The late agencies (the agencies_at_risk test), most behind first, at most `limit` rows.

    Columns: agency_code, agency (its name), kind_label, consolidation_pct (None when it
    has no server to change or no inventory), scheduled_pct, gap_points (scheduled − own,
    in points; None when its own % is undefined), servers_remaining, late_reason.
    Order: the largest gap first, an agency with no inventory counting as 0 % done (its
    gap is then the whole schedule) and one with nothing to change (late for its plan
    alone) last; then more servers remaining, then the name.
    Empty up to 31/03/2026, when no agency can be late.
    """
    frame = agency_progress(con, as_of, agency_codes).filter(pl.col("late"))
    order_gap = (
        pl.when(pl.col("inventory_date").is_null())
        .then(pl.col("scheduled_pct"))
        .otherwise(pl.col("scheduled_pct") - pl.col("consolidation_pct"))
        .alias("_order_gap")
    )
    return (
        frame.with_columns(order_gap)
        .sort(
            ["_order_gap", "servers_remaining", "name"],
            descending=[True, True, False],
            nulls_last=True,
        )
        .head(limit)
        .select(
            "agency_code",
            pl.col("name").alias("agency"),
            "kind_label",
            "consolidation_pct",
            "scheduled_pct",
            "gap_points",
            "servers_remaining",
            "late_reason",
        )
        .cast(MOST_BEHIND_COLUMNS)
    )


GROUP_COLUMNS = {
    "kind": pl.String,
    "kind_label": pl.String,
    "agencies": pl.Int64,
    "agencies_late": pl.Int64,
    "agencies_without_inventory": pl.Int64,
    **SERVER_COLUMNS,
    "consolidation_pct": pl.Float64,
}


def summarise_by_kind(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of `agency_progress` added up by agency group, in the sidebar's order.

    consolidation_pct is the group's servers changed ÷ its servers to change (None when
    none to change), the kpis.md ratio over the group's agencies, never a mean of %.
    """
    rows = []
    for kind in AGENCY_KINDS:
        group = frame.filter(pl.col("kind") == kind)
        if group.is_empty():
            continue
        sums = {column: int(group[column].sum()) for column in SERVER_COLUMNS}
        rows.append(
            {
                "kind": kind,
                "kind_label": AGENCY_KINDS[kind],
                "agencies": group.height,
                "agencies_late": int(group["late"].sum()),
                "agencies_without_inventory": group["inventory_date"].null_count(),
                **sums,
                "consolidation_pct": percentage(sums["servers_changed"], sums["servers_to_change"]),
            }
        )
    return pl.DataFrame(rows, schema=GROUP_COLUMNS, orient="row")


def progress_by_kind(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """One row per agency group in view as of a date (see `summarise_by_kind`)."""
    return summarise_by_kind(agency_progress(con, as_of, agency_codes))


def _labelled(column: str, labels: dict[str, str], blank: str) -> pl.Expr:
    """`column`'s Vietnamese label (the code itself when unknown, `blank` when empty)."""
    return (
        pl.col(column)
        .replace_strict(labels, default=pl.col(column), return_dtype=pl.String)
        .fill_null(blank)
        .alias(f"{column}_label")
    )


def agency_detail(
    con: duckdb.DuckDBPyConnection, agency_code: str, as_of: dt.date
) -> dict[str, object]:
    """Everything about one agency as of a date, for its detail panel.

    Keys: "summary" (its row of `agency_progress` as a dict, None for an unknown agency);
    "history" (its standalone servers at each inventory snapshot up to `as_of`);
    "snapshots" (one row per form × report date up to `as_of`: rows, and the accepted
    upload its rows came from: file name, user, time, so every figure can be traced);
    "assets" (its latest inventory snapshot, labels in Vietnamese); "plan" (its latest
    plan as a dict, or None); "systems" (its latest migration snapshot).
    """
    summary = agency_progress(con, as_of, [agency_code])
    params = {"agency_code": agency_code, "as_of": as_of}
    snapshots = run(con, "progress_snapshots", **params).with_columns(
        _labelled("form", FORM_LABELS, "")
    )
    assets = run(con, "progress_assets", **params).with_columns(
        _labelled("asset_type", ASSET_TYPES, ""),
        _labelled("status", ASSET_STATUSES, ""),
        _labelled("plan", ASSET_PLANS, NO_ASSET_PLAN_LABEL),
    )
    plan = run(con, "progress_plan", **params).with_columns(
        _labelled("plan_status", PLAN_STATUSES, NO_PLAN)
    )
    systems = run(con, "systems_as_of", as_of=as_of, agency_codes=[agency_code]).with_columns(
        _labelled("target", MIGRATION_TARGETS, ""),
        _labelled("stage", MIGRATION_STAGES, ""),
    )
    return {
        "summary": summary.row(0, named=True) if summary.height else None,
        "history": run(con, "progress_history", **params),
        "snapshots": snapshots,
        "assets": assets,
        "plan": plan.row(0, named=True) if plan.height else None,
        "systems": systems,
    }


def scheduled_pct(as_of: dt.date) -> float:
    """The straight-line schedule's share due by `as_of`, as a percentage (one decimal)."""
    return _round_tenths(scheduled_fraction(as_of) * 100)
