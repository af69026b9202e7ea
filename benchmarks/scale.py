"""A scale database: the demo's province many times over, written straight into DuckDB.

    uv run python -m benchmarks.scale --factor 100 --out /tmp/x100.duckdb
    uv run python -m benchmarks.scale --national --out /tmp/national.duckdb

`loaders.demo_data.generate_demo` draws one province's year of reports (117 agencies, 5,906
inventory rows over four report dates). This repeats it:

- `--factor N` makes N copies of the province's agencies (copy 0 keeps the demo's codes, copy
  k is `SO-TC-007`…, its name ends "– bản sao 7"), each with the demo's assets, plans and
  systems: at 100, 11,700 agencies and 590,600 inventory rows.
- `--depth D` gives every agency D times the demo's assets and systems (asset codes
  `…-MC001-2`…; its plan's counts and money D times as large, so Biểu 02 still adds up).
- `--national` is 34 provinces (factor 34) whose agencies hold 15 times the demo's assets
  (depth 15): 3,978 agencies and about 3 million inventory rows.

Every agency the data names has its own row in `agencies` (communes reused: a copy sits in
the commune its original sits in); each copy's report on each date is one upload (one row of
`uploads`, named by the rows' upload_id and source_sha256), so the freshness line, the upload
page and roll-back see what a real load leaves. Written through `db.write(fresh=True)` (the
schema and reference tables come with it) with bulk inserts of polars frames, never through
workbooks: a national database takes well under a minute. A later change to data/agencies.csv
refreshes `agencies` from the file and drops the copies: make the database again then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

import db
from loaders.demo_data import DEFAULT_SEED, REPORT_DATES, generate_demo
from loaders.forms import INVENTORY, MIGRATIONS, PLANS

NATIONAL_FACTOR = 34  # provinces since 1/7/2025
NATIONAL_DEPTH = 15  # a province's agencies hold this many times Bắc Ninh's demo assets

FORM_SHEETS = {"assets": INVENTORY, "plans": PLANS, "migrations": MIGRATIONS}
FORM_NAMES = {"assets": "inventory", "plans": "plans", "migrations": "migrations"}
PLAN_COUNTS = (
    "servers_total",
    "servers_eliminate",
    "servers_consolidate",
    "servers_cloud",
    "servers_keep",
)
PLAN_MONEY = ("budget_vnd", "planned_savings_vnd")


@dataclass(frozen=True)
class ScaleSummary:
    """What `write_scaled` wrote: rows per table, agencies, uploads, seconds."""

    path: Path
    factor: int
    depth: int
    rows: dict[str, int]
    agencies: int
    uploads: int
    seconds: float

    def __str__(self) -> str:
        rows = ", ".join(f"{table} {n:,}" for table, n in self.rows.items())
        return (
            f"{self.path}: factor {self.factor} × depth {self.depth}; {self.agencies:,} agencies, "
            f"{rows}, {self.uploads:,} uploads; {self.seconds:.1f} s"
        )


def demo_frames(seed: int = DEFAULT_SEED) -> dict[str, pl.DataFrame]:
    """The demo's rows of each form table, one province, every report date (machine values)."""
    data = generate_demo(seed)
    rows: dict[str, list[dict]] = {table: [] for table in FORM_SHEETS}
    for when in REPORT_DATES:
        reporting = data.reporting(when)
        for table, form in FORM_NAMES.items():
            rows[table] += [
                {**row, "report_date": when} for row in data.form_rows(form, reporting, when)
            ]
    return {
        table: pl.DataFrame(table_rows, infer_schema_length=None)
        for table, table_rows in rows.items()
    }


def _suffix(column: str, by: str, sep: str = "-") -> pl.Expr:
    """`column` with `-<by>` appended, except for copy 0 (which keeps the demo's codes)."""
    return (
        pl.when(pl.col(by) == 0)
        .then(pl.col(column))
        .otherwise(pl.col(column) + sep + pl.col(by).cast(pl.String).str.zfill(3))
    )


def _deepen(frame: pl.DataFrame, depth: int, codes: tuple[str, ...]) -> pl.DataFrame:
    """Each row `depth` times, the codes named made distinct (`…-2`, `…-3`; copy 0 as is)."""
    if depth == 1:
        return frame
    layers = pl.DataFrame({"layer": list(range(depth))})
    deep = frame.join(layers, how="cross")
    return deep.with_columns(
        pl.when(pl.col("layer") == 0)
        .then(pl.col(code))
        .otherwise(pl.col(code) + "-" + (pl.col("layer") + 1).cast(pl.String))
        .alias(code)
        for code in codes
    ).drop("layer")


def scaled_frames(
    base: dict[str, pl.DataFrame], factor: int, depth: int
) -> dict[str, pl.DataFrame]:
    """The form tables of `factor` copies of the province at `depth`, with `copy` (0…) kept."""
    copies = pl.DataFrame({"copy": list(range(factor))})
    plans = base["plans"].with_columns(
        *(pl.col(c).fill_null(0) * depth for c in PLAN_COUNTS),
        *(pl.col(c) * depth for c in PLAN_MONEY),
    )
    deep = {
        "assets": _deepen(base["assets"], depth, ("asset_code",)),
        "plans": plans,
        "migrations": _deepen(base["migrations"], depth, ("system_code", "source_asset_code")),
    }
    return {
        table: frame.join(copies, how="cross").with_columns(_suffix("agency_code", "copy"))
        for table, frame in deep.items()
    }


def _upload_key(copy: int, when: dt.date) -> tuple[int, str, str]:
    """The upload of one copy's report on one date: (upload_id, file name, sha256)."""
    upload_id = copy * len(REPORT_DATES) + REPORT_DATES.index(when) + 1
    name = f"bao_cao_ban_sao_{copy:03d}_{when:%Y%m%d}.xlsx"
    return upload_id, name, hashlib.sha256(name.encode()).hexdigest()


def uploads_frame(frames: dict[str, pl.DataFrame], factor: int) -> pl.DataFrame:
    """One accepted upload per copy and report date: the file that carried its three forms."""
    counts = {
        table: frame.group_by("copy", "report_date").agg(
            pl.len().alias(f"{table}_rows"), pl.col("agency_code").unique().alias("codes")
        )
        for table, frame in frames.items()
    }
    rows = []
    for copy in range(factor):
        for index, when in enumerate(REPORT_DATES):
            upload_id, name, sha = _upload_key(copy, when)
            rows.append(
                {
                    "upload_id": upload_id,
                    "uploaded_at": dt.datetime.combine(when, dt.time(8))
                    + dt.timedelta(days=3, minutes=copy + index),
                    "uploaded_by": "scale",
                    "file_name": name,
                    "sha256": sha,
                    "report_date": when,
                    "copy": copy,
                }
            )
    uploads = pl.DataFrame(rows)
    for table, count in counts.items():
        uploads = uploads.join(
            count.rename({"codes": f"{table}_codes"}), on=["copy", "report_date"], how="left"
        )
    read = pl.sum_horizontal(pl.col(f"{t}_rows").fill_null(0) for t in frames)
    return uploads.select(
        "upload_id",
        "uploaded_at",
        "uploaded_by",
        "file_name",
        "sha256",
        pl.lit(0, pl.Int64).alias("size_bytes"),
        "report_date",
        pl.concat_list(pl.when(pl.col(f"{t}_rows") > 0).then(pl.lit(FORM_NAMES[t])) for t in frames)
        .list.drop_nulls()
        .alias("forms"),
        pl.col("plans_codes").list.sort().alias("agencies"),
        read.alias("rows_read"),
        read.alias("rows_loaded"),
        pl.lit("loaded").alias("status"),
        pl.lit(0).alias("error_count"),
        pl.lit(0).alias("warning_count"),
    )


def with_sources(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The columns a load writes beside the data: upload_id, source file, sheet and row."""
    date_index = {when: index for index, when in enumerate(REPORT_DATES)}
    shas = {
        _upload_key(copy, when)[0]: _upload_key(copy, when)[2]
        for copy in range(max(frame["copy"].max() for frame in frames.values()) + 1)
        for when in REPORT_DATES
    }
    out = {}
    for table, frame in frames.items():
        upload_id = (
            pl.col("copy") * len(REPORT_DATES)
            + pl.col("report_date").replace_strict(date_index, return_dtype=pl.Int64)
            + 1
        ).cast(pl.Int32)
        out[table] = (
            frame.with_columns(upload_id.alias("upload_id"))
            .with_columns(
                pl.col("upload_id")
                .replace_strict(shas, return_dtype=pl.String)
                .alias("source_sha256"),
                pl.lit(FORM_SHEETS[table].sheet_name).alias("source_sheet"),
                # the row as Excel numbers it in the upload's sheet, under one header row
                (pl.int_range(pl.len()).over("upload_id") + 2).cast(pl.Int32).alias("source_row"),
            )
            .drop("copy")
        )
    return out


def agency_copies(agencies: pl.DataFrame, factor: int) -> pl.DataFrame:
    """The agencies of copies 1 … factor-1: code `…-007`, name `… – bản sao 7`, same commune."""
    copies = pl.DataFrame({"copy": list(range(1, factor))})
    return (
        agencies.join(copies, how="cross")
        .with_columns(
            _suffix("agency_code", "copy"),
            (pl.col("name") + " – bản sao " + pl.col("copy").cast(pl.String)).alias("name"),
        )
        .drop("copy")
    )


def write_scaled(path: Path, factor: int, depth: int = 1, seed: int = DEFAULT_SEED) -> ScaleSummary:
    """Write a new database at `path`: `factor` copies of the demo province at `depth`."""
    started = time.perf_counter()
    frames = scaled_frames(demo_frames(seed), factor, depth)
    uploads = uploads_frame(frames, factor)
    tables = with_sources(frames)
    with db.write(path, fresh=True) as write:
        con = write.con
        agencies = con.sql("select * from agencies").pl()
        con.register("scaled_agencies", agency_copies(agencies, factor))
        con.execute("insert into agencies by name select * from scaled_agencies")
        # the sequence moves past the uploads written here, so a real upload after them
        # numbers on (DuckDB has no setval)
        con.execute(
            "select max(nextval('upload_id_seq')) from range(?)", [uploads.height]
        ).fetchall()
        con.register("scaled_uploads", uploads)
        con.execute(
            "insert into uploads by name select *, "
            '[]::struct(level varchar, agency_code varchar, sheet varchar, "row" integer, '
            '"column" varchar, value varchar, message varchar)[] as messages '
            "from scaled_uploads"
        )
        for table, frame in tables.items():
            con.register(f"scaled_{table}", frame)
            con.execute(f"insert into {table} by name select * from scaled_{table}")
        db.refresh_inventory_groups(con)  # bulk inserts bypass the loader, which does this
        rows = {
            table: con.sql(f"select count(*) from {table}").fetchall()[0][0]
            for table in db.DATA_TABLES
        }
        agency_count = con.sql("select count(*) from agencies").fetchall()[0][0]
    return ScaleSummary(
        path=Path(path),
        factor=factor,
        depth=depth,
        rows=rows,
        agencies=agency_count,
        uploads=uploads.height,
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> None:
    """Write a scale database and print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=int, default=100, help="copies of the province")
    parser.add_argument("--depth", type=int, default=1, help="times the demo's assets per agency")
    parser.add_argument(
        "--national",
        action="store_true",
        help=f"34 provinces: factor {NATIONAL_FACTOR}, depth {NATIONAL_DEPTH}",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="the database file to write")
    args = parser.parse_args(argv)
    factor, depth = (
        (NATIONAL_FACTOR, NATIONAL_DEPTH) if args.national else (args.factor, args.depth)
    )
    print(write_scaled(args.out, factor, depth, args.seed))


if __name__ == "__main__":
    main()
