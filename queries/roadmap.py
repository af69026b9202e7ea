"""The roadmap of the provincial directive: milestone statuses, the servers burn-down, the merger
of the data centres. Pure derivations over `compute_kpis`, its inventory figures
(`inventory_figures`) and `roadmap_*.sql`; no Streamlit.

Milestone status rule (the one place it is written; the Lộ trình page shows it as help):

- **đạt** when the indicator's value is at or above its target;
- **chưa đến hạn** when the date is before the milestone's start;
- **chậm** when the due date has come and the target is not met, or when the value is
  below the straight line that runs from 0 at the milestone's start to the target on its
  due date;
- **đúng tiến độ** otherwise.

An undefined value ("–", a ratio over nothing) is chậm once due, chưa đến hạn before.
A milestone's start is 1 January of its phase's first year (2026, 2027–2028, 2029–2030),
or the due date of the previous milestone of the same phase when that is later: so the
end-2026 milestone runs from 31/03/2026, the schedule of spec/kpis.md. A milestone with
several indicators takes the worst of their statuses, in the order chậm, đúng tiến độ,
chưa đến hạn, đạt (one indicator on track keeps a started milestone "on track" while
another has nothing to measure yet). Targets are "at least" targets: every milestone
indicator of data/milestones.csv is one where higher is better.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import duckdb
import polars as pl

import formats
from queries import (
    INDICATORS_BY_KEY,
    KpiValue,
    compute_kpis,
    inventory_figures,
    kpi_trend,
    report_dates,
    run,
    scheduled_fraction,
)
from queries.indicators import SCHEDULE_END, SCHEDULE_START
from vocabulary import CONSOLIDATION_SHORT

MET = "đạt"
ON_TRACK = "đúng tiến độ"
LATE = "chậm"
NOT_DUE = "chưa đến hạn"
# worst first: a milestone takes the first of these that any of its indicators has
STATUS_ORDER: tuple[str, ...] = (LATE, ON_TRACK, NOT_DUE, MET)

STATUS_RULE_VI = (
    "**Đạt**: giá trị chỉ tiêu bằng hoặc vượt mục tiêu. "
    "**Chưa đến hạn**: chưa đến ngày bắt đầu của mốc. "
    "**Chậm**: đã đến hạn mà chưa đạt mục tiêu, hoặc giá trị thấp hơn mức cần đạt theo "
    "đường thẳng từ 0 vào ngày bắt đầu đến mục tiêu vào ngày đến hạn. "
    "**Đúng tiến độ**: các trường hợp còn lại. "
    "Chỉ tiêu chưa xác định (“–”) là chậm nếu đã đến hạn, nếu chưa là chưa đến hạn. "
    "Ngày bắt đầu của mốc là 01/01 của năm đầu giai đoạn (2026, 2027, 2029), hoặc ngày đến "
    "hạn của mốc trước trong cùng giai đoạn nếu muộn hơn (mốc cuối năm 2026 tính từ "
    "31/03/2026). Trạng thái của một mốc là trạng thái kém nhất của các chỉ tiêu của mốc."
)


def phase_start(phase: str, due_date: dt.date) -> dt.date:
    """1 January of the first year written in the phase ("2027–2028" → 01/01/2027).

    A phase with no year in its name starts on 1 January of the due date's year.
    """
    year = re.search(r"\d{4}", phase)
    return dt.date(int(year.group()) if year else due_date.year, 1, 1)


def expected_value(target: float, as_of: dt.date, start: dt.date, due: dt.date) -> float:
    """The straight-line expectation: 0 on `start`, `target` on `due`, clamped to that range."""
    if as_of <= start:
        return 0.0
    if as_of >= due or due <= start:
        return float(target)
    return float(Fraction(target) * Fraction((as_of - start).days, (due - start).days))


def milestone_status(
    value: KpiValue, target: float, as_of: dt.date, start: dt.date, due: dt.date
) -> str:
    """The status of one indicator of a milestone as of a date (the rule of this module)."""
    if value is None:
        return LATE if as_of >= due else NOT_DUE
    if value >= target:
        return MET
    if as_of < start:
        return NOT_DUE
    if as_of >= due:
        return LATE
    if value < expected_value(target, as_of, start, due):
        return LATE
    return ON_TRACK


def worst_status(statuses: list[str]) -> str:
    """The worst of several statuses (STATUS_ORDER); chưa đến hạn for none."""
    for status in STATUS_ORDER:
        if status in statuses:
            return status
    return NOT_DUE


def milestone_starts(milestones: pl.DataFrame) -> dict[str, dt.date]:
    """Each milestone's start: its phase's start, or the previous due date in the phase."""
    starts: dict[str, dt.date] = {}
    firsts = milestones.group_by("milestone_id").agg(
        pl.col("phase").first(), pl.col("due_date").min()
    )
    previous_due: dict[str, dt.date] = {}
    for row in firsts.sort("due_date", "milestone_id").iter_rows(named=True):
        start = phase_start(row["phase"], row["due_date"])
        earlier = previous_due.get(row["phase"])
        if earlier is not None and earlier > start:
            start = earlier
        starts[row["milestone_id"]] = start
        previous_due[row["phase"]] = row["due_date"]
    return starts


MILESTONE_SCHEMA = {
    "milestone_id": pl.String,
    "phase": pl.String,
    "due_date": pl.Date,
    "start_date": pl.Date,
    "title_vi": pl.String,
    "kpi": pl.String,
    "label": pl.String,
    "unit": pl.String,
    "target": pl.Float64,
    "value": pl.Float64,
    "expected": pl.Float64,
    "status": pl.String,
    "milestone_title": pl.String,
    "milestone_status": pl.String,
}


def milestone_statuses(
    milestones: pl.DataFrame, values: dict[str, KpiValue], as_of: dt.date
) -> pl.DataFrame:
    """Milestone × indicator rows with the indicator's value, expectation and status as of a date.

    `milestones` has the columns of the milestones table; `values` is compute_kpis' dict. Adds
    start_date, label, unit, value (null when undefined or unknown), expected (the straight
    line's value at `as_of`), status, and per milestone its joined distinct titles
    (milestone_title) and worst status (milestone_status). Rows by due date, then kpis.md order.
    """
    if milestones.is_empty():
        return pl.DataFrame(schema=MILESTONE_SCHEMA)
    starts = milestone_starts(milestones)
    order = {key: index for index, key in enumerate(INDICATORS_BY_KEY)}
    rows = []
    for row in milestones.iter_rows(named=True):
        indicator = INDICATORS_BY_KEY.get(row["kpi"])
        value = values.get(row["kpi"]) if indicator else None
        start = starts[row["milestone_id"]]
        rows.append(
            {
                **{k: row[k] for k in ("milestone_id", "phase", "due_date", "title_vi", "kpi")},
                "start_date": start,
                "label": indicator.label if indicator else f"{row['kpi']} (chỉ tiêu không có)",
                "unit": indicator.unit if indicator else "pct",
                "target": float(row["target"]),
                "value": None if value is None else float(value),
                "expected": expected_value(row["target"], as_of, start, row["due_date"]),
                "status": milestone_status(value, row["target"], as_of, start, row["due_date"]),
                "_order": order.get(row["kpi"], len(order)),
            }
        )
    frame = pl.DataFrame(rows).sort("due_date", "milestone_id", "_order").drop("_order")
    summary = frame.group_by("milestone_id", maintain_order=True).agg(
        pl.col("title_vi").unique(maintain_order=True).str.join("; ").alias("milestone_title"),
        pl.col("status").alias("_statuses"),
    )
    summary = summary.with_columns(
        pl.Series("milestone_status", [worst_status(s) for s in summary["_statuses"].to_list()])
    ).drop("_statuses")
    return frame.join(summary, on="milestone_id", how="left").select(list(MILESTONE_SCHEMA))


def roadmap_milestones(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The milestones of the directive with every indicator's value and status as of a date.

    One row per milestone × indicator (see `milestone_statuses` for the columns), the
    indicators of compute_kpis for the agencies in view.
    """
    milestones = run(con, "roadmap_milestones")
    return milestone_statuses(milestones, compute_kpis(con, as_of, agency_codes), as_of)


def milestone_trend(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The milestones' indicators at every report date up to `as_of`: as_of, key, label, value, target.

    One row per report date × milestone indicator (an indicator of two milestones appears
    once, with the higher target); values from kpi_trend, null where undefined.
    """
    schema = {
        "as_of": pl.Date, "key": pl.String, "label": pl.String,
        "unit": pl.String, "value": pl.Float64, "target": pl.Float64,
    }  # fmt: skip
    milestones = run(con, "roadmap_milestones")
    dates = [d for d in report_dates(con) if d <= as_of]
    keys = [k for k in INDICATORS_BY_KEY if k in set(milestones["kpi"].to_list())]
    if not dates or not keys:
        return pl.DataFrame(schema=schema)
    targets = milestones.group_by("kpi").agg(pl.col("target").max()).rename({"kpi": "key"})
    labels = pl.DataFrame(
        {
            "key": keys,
            "label": [INDICATORS_BY_KEY[k].label for k in keys],
            "unit": [INDICATORS_BY_KEY[k].unit for k in keys],
            "_order": list(range(len(keys))),
        }
    )
    trend = kpi_trend(con, dates, agency_codes)
    return (
        trend.join(labels, on="key", how="inner")
        .join(targets, on="key", how="left")
        .sort("_order", "as_of")
        .select(list(schema))
    )


def servers_burndown(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """Standalone servers remaining at each report date up to `as_of`, against the schedule.

    One row per date (date, servers_remaining, scheduled): the report dates up to `as_of`,
    whose servers_remaining is compute_kpis' at that date, and the schedule's ends
    31/03/2026 and 31/12/2026 (servers_remaining null unless also a report date).
    `scheduled` is the straight line from servers_baseline (as of `as_of`) on 31/03/2026
    to 0 on 31/12/2026. Empty when there is no report date up to `as_of`.
    """
    schema = {"date": pl.Date, "servers_remaining": pl.Int64, "scheduled": pl.Float64}
    dates = [d for d in report_dates(con) if d <= as_of]
    if not dates:
        return pl.DataFrame(schema=schema)
    # the inventory's figures only: compute_kpis would run the plans' and systems' queries too
    figures = {day: inventory_figures(con, day, agency_codes) for day in {*dates, as_of}}
    remaining = {day: int(figures[day]["servers_remaining"]) for day in dates}
    baseline = int(figures[as_of]["servers_baseline"])
    rows = [
        {
            "date": day,
            "servers_remaining": remaining.get(day),
            "scheduled": float(baseline * (1 - scheduled_fraction(day))),
        }
        for day in sorted({*dates, SCHEDULE_START, SCHEDULE_END})
    ]
    return pl.DataFrame(rows, schema=schema)


def centre_merger(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The former data integration centres in view as of a date (queries/roadmap_centres.sql).

    One row per centre: its servers, storage (TB) and systems by where they are, from its
    latest snapshots; null counts for a centre that has not reported.
    """
    return run(con, "roadmap_centres", as_of=as_of, agency_codes=agency_codes)


def milestone_cards(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> list[dict]:
    """The milestones as cards for the overview's strip, by due date.

    Each card: milestone_id, phase, due_date, start_date, title (the distinct titles joined),
    status (the worst of its indicators) and indicators, a list of dicts with key, label,
    unit, value, target, expected and status.
    """
    frame = roadmap_milestones(con, as_of, agency_codes)
    cards: list[dict] = []
    for (milestone_id,), part in frame.group_by("milestone_id", maintain_order=True):
        first = part.row(0, named=True)
        cards.append(
            {
                "milestone_id": milestone_id,
                "phase": first["phase"],
                "due_date": first["due_date"],
                "start_date": first["start_date"],
                "title": first["milestone_title"],
                "status": first["milestone_status"],
                "indicators": part.select(
                    pl.col("kpi").alias("key"), "label", "unit", "value", "target", "expected",
                    "status",
                ).to_dicts(),
            }
        )  # fmt: skip
    return cards


def milestone_table(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> pl.DataFrame:
    """The milestones × indicators as shown on screen: Vietnamese headers, formatted values."""
    frame = roadmap_milestones(con, as_of, agency_codes)
    rows = [
        {
            "Mốc": r["milestone_id"],
            "Hạn": formats.format_date(r["due_date"]),
            "Chỉ tiêu": r["label"],
            "Giá trị": formats.format_kpi(r["value"], r["unit"]),
            "Mục tiêu": formats.format_kpi(r["target"], r["unit"]),
            f"Cần đạt đến {formats.format_date(as_of)}": formats.format_kpi(
                r["expected"], r["unit"]
            ),
            "Trạng thái": r["status"].capitalize(),
            "Nội dung": r["title_vi"],
        }
        for r in frame.iter_rows(named=True)
    ]
    return pl.DataFrame(rows) if rows else pl.DataFrame()


CENTRE_TABLE_COLUMNS = (
    # (header, column, decimals)
    ("Máy chủ", "servers_total", 0),
    ("Máy chủ đã hợp nhất về TTTHDL", "servers_consolidated", 0),
    ("Máy chủ đã chuyển lên đám mây", "servers_cloud", 0),
    ("Máy chủ đã loại bỏ", "servers_decommissioned", 0),
    ("Máy chủ chưa chuyển", "servers_not_moved", 0),
    ("Lưu trữ (TB)", "storage_tb_total", 1),
    ("Lưu trữ đã hợp nhất (TB)", "storage_tb_consolidated", 1),
    ("Lưu trữ chưa chuyển (TB)", "storage_tb_not_moved", 1),
    ("Hệ thống", "systems_total", 0),
    ("Hệ thống đã chuyển đổi", "systems_migrated", 0),
    ("Hệ thống chưa chuyển đổi", "systems_not_migrated", 0),
)


def centre_table(centres: pl.DataFrame) -> pl.DataFrame:
    """The data centres' merger as shown on screen: one row per measure, one column per centre
    (its code), formatted; "–" where a centre has not reported that form.
    """
    if centres.is_empty():
        return pl.DataFrame()
    records = centres.to_dicts()
    rows = [
        {
            "Chỉ tiêu": "Ngày số liệu của Biểu 01 mới nhất",
            **{r["agency_code"]: formats.format_date(r["inventory_date"]) for r in records},
        },
        {
            "Chỉ tiêu": "Ngày số liệu của Biểu 03 mới nhất",
            **{r["agency_code"]: formats.format_date(r["migration_date"]) for r in records},
        },
    ]
    for header, column, decimals in CENTRE_TABLE_COLUMNS:
        rows.append(
            {
                "Chỉ tiêu": header,
                **{r["agency_code"]: formats.format_number(r[column], decimals) for r in records},
            }
        )
    return pl.DataFrame(rows)


def centre_summary(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, agency_codes: list[str] | None = None
) -> dict:
    """Everything the page shows of the centres' merger: {"centres": centre_merger's frame,
    "table": centre_table of it, "names": {code: name}, "unreported": names of the centres
    with no inventory yet}.
    """
    centres = centre_merger(con, as_of, agency_codes)
    unreported = centres.filter(pl.col("inventory_date").is_null())["name"].to_list()
    return {
        "centres": centres,
        "table": centre_table(centres),
        "names": dict(centres.select("agency_code", "name").iter_rows()),
        "unreported": unreported,
    }


def most_behind_table(behind: pl.DataFrame) -> pl.DataFrame:
    """queries.progress.agencies_most_behind as shown on the overview: Vietnamese headers,
    formatted values ("–" where an agency's own percentage is undefined).
    """
    rows = [
        {
            "Đơn vị": r["agency"],
            CONSOLIDATION_SHORT: formats.format_pct(r["consolidation_pct"]),
            "Còn lại": formats.format_number(r["servers_remaining"]),
            "Lý do": r["late_reason"],
        }
        for r in behind.iter_rows(named=True)
    ]
    return pl.DataFrame(rows) if rows else pl.DataFrame()
