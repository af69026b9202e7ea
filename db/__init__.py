"""The data layer: the one place that opens the DuckDB file, creates the schema, loads reference data.

No Streamlit here. The app, the loaders and the queries all open the database through
`connect`, so they agree on the file and on how it is set up.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

import settings

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# Reference tables and the CSV each is refreshed from. Codes are read as text: '07210'.
REFERENCE_FILES: dict[str, tuple[str, dict[str, pl.DataType]]] = {
    "communes": ("communes.csv", {"code": pl.String, "population": pl.Int64}),
    "agencies": ("agencies.csv", {"agency_code": pl.String, "commune_code": pl.String}),
    "tariffs": ("tariffs.csv", {"vnd_per_year": pl.Float64}),
    "milestones": ("milestones.csv", {"target": pl.Float64}),
}
DATA_TABLES = ("assets", "plans", "migrations")


class DatabaseBusyError(RuntimeError):
    """Another process holds the database file open for writing."""


def connect(
    db_path: Path | str | None = None, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the database (creating it with schema and reference data when it does not exist).

    Raises DatabaseBusyError with a Vietnamese message when another process holds the file.
    """
    path = Path(db_path) if db_path else settings.database_path()
    is_new = not path.exists()
    if is_new:
        if read_only:
            raise FileNotFoundError(f"Chưa có cơ sở dữ liệu tại {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusyError(
                f"Cơ sở dữ liệu {path.name} đang được một chương trình khác mở (ví dụ ứng dụng "
                "đang chạy) nên không ghi được. Hãy dừng chương trình đó rồi thử lại."
            ) from exc
        raise
    if not read_only:
        ensure_schema(con)
        if is_new:
            refresh_reference_data(con)
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create any missing table of schema.sql (idempotent)."""
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def read_reference(table: str, data_dir: Path | None = None) -> pl.DataFrame:
    """One reference CSV of `data/` as a frame, codes kept as text."""
    file_name, overrides = REFERENCE_FILES[table]
    frame = pl.read_csv((data_dir or settings.DATA_DIR) / file_name, schema_overrides=overrides)
    if table == "agencies":
        frame = frame.with_columns(
            pl.col("reports").str.to_lowercase().is_in(["yes", "có", "1", "true"])
        )
    if table == "milestones":
        frame = frame.with_columns(pl.col("due_date").str.to_date("%Y-%m-%d"))
    return frame


def refresh_reference_data(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> None:
    """Replace the reference tables with the CSVs of `data/`, in one transaction.

    DST edits agencies.csv, tariffs.csv and milestones.csv; this makes their edits count.
    """
    frames = {table: read_reference(table, data_dir) for table in REFERENCE_FILES}
    con.begin()
    try:
        for table, frame in frames.items():
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            con.execute(f"delete from {table}")
            con.register("reference_frame", frame)
            con.execute(f"insert into {table} ({columns}) select {columns} from reference_frame")
            con.unregister("reference_frame")
        con.commit()
    except Exception:
        con.rollback()
        raise
