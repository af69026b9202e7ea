"""The data layer: the one place that opens the DuckDB file, creates the schema, loads reference data.

No Streamlit here. The app, the loaders and the queries all open the database through this
module, so they agree on the file and on how it is set up. Writes to the live file go through
`write` (db/store.py: a copy swapped in atomically, so readers and other writers never see
part of a write); `connect(read_only=True)` reads; `connect()` read-write is for a file no
other process uses (a new file, a test's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import polars as pl

import settings
from db import store

SCHEMA_SQL = Path(__file__).with_name("schema.sql")

# Reference tables and the CSV each is refreshed from. Codes are read as text: '07210'.
REFERENCE_FILES: dict[str, tuple[str, dict[str, pl.DataType]]] = {
    "communes": ("communes.csv", {"code": pl.String, "population": pl.Int64}),
    "agencies": ("agencies.csv", {"agency_code": pl.String, "commune_code": pl.String}),
    "tariffs": ("tariffs.csv", {"vnd_per_year": pl.Float64}),
    "milestones": ("milestones.csv", {"target": pl.Float64}),
}
DATA_TABLES = ("assets", "plans", "migrations")
# Tables the archive cannot rebuild (accounts): `rebuild` carries them over from the old file.
KEPT_ACROSS_REBUILD = ("users",)


class DatabaseBusyError(RuntimeError):
    """Another process holds the database file open for writing."""


class ReferenceDataError(ValueError):
    """A reference file of data/ cannot be used; the message is Vietnamese and says why."""


TARIFF_RESOURCES = ("cpu_core", "ram_gb", "storage_tb")
AGENCY_KIND_VALUES = ("department", "police", "data_centre", "commune")

# What this layer says to DST staff (the loaders' messages are in loaders/messages.py).
NO_DATABASE = store.NO_DATABASE
DATABASE_BUSY = (
    "Cơ sở dữ liệu {name} đang được một chương trình khác mở (ví dụ ứng dụng đang chạy) nên "
    "không ghi được. Đề nghị dừng chương trình đó rồi thử lại."
)
TARIFFS_UNPRICED = (
    "Tệp tariffs.csv thiếu đơn giá (VNĐ/năm, lớn hơn 0) của: {resources}. Thiếu đơn giá thì chi "
    "phí lưu trữ tập trung bị tính bằng 0 và tiết kiệm bị thổi phồng; đề nghị bổ sung đơn giá "
    "rồi lưu lại tệp."
)
AGENCY_CODES_REPEATED = (
    "Tệp agencies.csv ghi trùng mã đơn vị: {codes}. Đề nghị ghi mỗi đơn vị một dòng."
)
AGENCY_KINDS_UNKNOWN = (
    "Tệp agencies.csv có nhóm đơn vị không hợp lệ ở các mã: {codes}. Đề nghị ghi nhóm đơn vị là "
    "một trong: {kinds}."
)
MESSAGES = (
    DATABASE_BUSY,
    TARIFFS_UNPRICED,
    AGENCY_CODES_REPEATED,
    AGENCY_KINDS_UNKNOWN,
    store.NO_DATABASE,
    store.WRITE_BUSY,
    store.WAITING_FOR_WRITER,
    store.KEEPS_CHANGING,
)


def _quoted(values: list[str] | tuple[str, ...]) -> str:
    """“a”, “b”: values of a reference file, quoted as documents quote them."""
    return ", ".join(f"“{value}”" for value in values)


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
            raise FileNotFoundError(NO_DATABASE.format(path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusyError(DATABASE_BUSY.format(name=path.name)) from exc
        raise
    if not read_only:
        prepare(con, is_new)
    return con


def schema_fingerprint() -> str:
    """The SHA-256 of schema.sql: a database set up by another version has another one."""
    return hashlib.sha256(SCHEMA_SQL.read_bytes()).hexdigest()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create any missing table and bring every macro up to date (idempotent).

    A database set up by another schema.sql also has its inventory groups table made again
    from their definition (inventory_groups_of), which may be what changed: its columns too.
    """
    if _stored_schema_fingerprint(con) != schema_fingerprint():
        # dropped first: schema.sql makes it again, and its macros bind to the table's columns
        con.execute("drop table if exists inventory_groups")
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    con.execute(
        "insert or replace into db_meta values ('schema_sha256', ?)", [schema_fingerprint()]
    )


def _stored_schema_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The SHA-256 of the schema.sql that last set the database up (None: none yet)."""
    try:
        rows = con.execute("select value from db_meta where key = 'schema_sha256'").fetchall()
    except duckdb.CatalogException:
        return None
    return rows[0][0] if rows else None


def refresh_inventory_groups(
    con: duckdb.DuckDBPyConnection, agency_codes: list[str] | None = None
) -> None:
    """Work the inventory groups (db/schema.sql: inventory_groups) out again from `assets`, for
    the agencies named (None: every agency).

    Every write of `assets` calls this in its own transaction for the agencies it wrote, so the
    groups the indicators read always agree with the rows.
    """
    con.execute("delete from inventory_groups where kept_by(agency_code, ?)", [agency_codes])
    con.execute("insert into inventory_groups select * from inventory_groups_of(?)", [agency_codes])


def prepare(con: duckdb.DuckDBPyConnection, is_new: bool) -> None:
    """What every write does first: the schema, and the reference data when its files changed."""
    ensure_schema(con)
    sync_reference_data(con, force=is_new)


@contextlib.contextmanager
def write(
    db_path: Path | str | None = None,
    *,
    fresh: bool = False,
    on_wait: Callable[[str], None] | None = None,
    wait_seconds: float | None = None,
) -> Iterator[store.Write]:
    """Change the database as one unit (see db/store.py); the one door for every write.

    The block gets a `store.Write` whose `con` is ready: schema up to date, reference data
    refreshed when data/*.csv changed. With `fresh`, it starts from an empty database.
    Raises store.WriteBusyError when another write held the database too long.
    """
    path = Path(db_path) if db_path else settings.database_path()
    with store.writing(
        path, fresh=fresh, on_wait=on_wait, wait_seconds=wait_seconds, prepare=prepare
    ) as handle:
        yield handle


@contextlib.contextmanager
def scratch(db_path: Path | str | None = None) -> Iterator[store.Write]:
    """A private, prepared copy of the live database that never goes live (db/store.py):
    to see what a load would change before it is confirmed."""
    path = Path(db_path) if db_path else settings.database_path()
    with store.scratch(path, prepare=prepare) as handle:
        yield handle


def needs_upgrade(db_path: Path | str | None = None) -> bool:
    """True when the live database was set up by another schema.sql or holds stale reference
    data (a read-only look; `upgrade` then brings it up to date)."""
    path = Path(db_path) if db_path else settings.database_path()
    if not path.exists():
        return False
    con = connect(path, read_only=True)  # DatabaseBusyError when a process writes it in place
    try:
        set_up_by = _stored_schema_fingerprint(con)
        return set_up_by != schema_fingerprint() or bool(stale_reference_files(con))
    finally:
        con.close()


def upgrade(db_path: Path | str | None = None, *, wait_seconds: float | None = None) -> bool:
    """Bring an existing database's schema, macros and reference data up to date, through a
    write (so readers are never disturbed). Returns True when it wrote."""
    path = Path(db_path) if db_path else settings.database_path()
    if not needs_upgrade(path):
        return False
    with write(path, wait_seconds=wait_seconds):
        pass
    return True


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


def _file_sha256(table: str, data_dir: Path | None) -> str:
    file_name = REFERENCE_FILES[table][0]
    return hashlib.sha256(((data_dir or settings.DATA_DIR) / file_name).read_bytes()).hexdigest()


def stale_reference_files(
    con: duckdb.DuckDBPyConnection, data_dir: Path | None = None
) -> list[str]:
    """The reference files of data/ whose content differs from the version in force."""
    try:
        in_force = dict(con.execute("select file_name, sha256 from reference_versions").fetchall())
    except duckdb.CatalogException:
        in_force = {}
    return [
        REFERENCE_FILES[table][0]
        for table in REFERENCE_FILES
        if in_force.get(REFERENCE_FILES[table][0]) != _file_sha256(table, data_dir)
    ]


def check_reference(frames: dict[str, pl.DataFrame]) -> None:
    """Refuse reference data that would make a figure wrong, with a Vietnamese message.

    A tariff row missing (or not a positive amount) would price central hosting at 0 and
    inflate savings; an agency code twice, or of an unknown kind, would count an agency twice
    or nowhere.
    """
    tariffs = frames["tariffs"]
    priced = {
        row["resource"]
        for row in tariffs.iter_rows(named=True)
        if row["vnd_per_year"] is not None and row["vnd_per_year"] > 0
    }
    missing = [r for r in TARIFF_RESOURCES if r not in priced]
    if missing:
        raise ReferenceDataError(TARIFFS_UNPRICED.format(resources=_quoted(missing)))
    agencies = frames["agencies"]
    repeated = agencies.filter(pl.col("agency_code").is_duplicated())["agency_code"].unique()
    if repeated.len():
        raise ReferenceDataError(
            AGENCY_CODES_REPEATED.format(codes=_quoted(sorted(repeated.to_list())))
        )
    unknown = agencies.filter(~pl.col("kind").is_in(AGENCY_KIND_VALUES))["agency_code"]
    if unknown.len():
        raise ReferenceDataError(
            AGENCY_KINDS_UNKNOWN.format(
                codes=_quoted(unknown.to_list()), kinds=_quoted(AGENCY_KIND_VALUES)
            )
        )


def refresh_reference_data(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> None:
    """Replace the reference tables with the CSVs of `data/`, checked, in one transaction, and
    record the version now in force (and log it).

    DST edits agencies.csv, tariffs.csv and milestones.csv; this makes their edits count.
    Raises ReferenceDataError (nothing changed) when a file would make a figure wrong.
    """
    frames = {table: read_reference(table, data_dir) for table in REFERENCE_FILES}
    check_reference(frames)
    loaded_at = dt.datetime.now().replace(microsecond=0)
    con.begin()
    try:
        for table, frame in frames.items():
            columns = ", ".join(f'"{c}"' for c in frame.columns)
            con.execute(f"delete from {table}")
            con.register("reference_frame", frame)
            con.execute(f"insert into {table} ({columns}) select {columns} from reference_frame")
            con.unregister("reference_frame")
            version = [
                REFERENCE_FILES[table][0],
                _file_sha256(table, data_dir),
                loaded_at,
                frame.height,
            ]
            con.execute("insert or replace into reference_versions values (?, ?, ?, ?)", version)
            con.execute(
                "insert into reference_log values (?, ?, ?, ?)",
                version[2:3] + version[:2] + version[3:],
            )
        con.commit()
    except Exception:
        con.rollback()
        raise


def sync_reference_data(
    con: duckdb.DuckDBPyConnection, *, force: bool = False, data_dir: Path | None = None
) -> list[str]:
    """Refresh the reference tables when a file of data/ changed (always with `force`).

    Returns the files that had changed. An existing database whose new files are refused
    (ReferenceDataError) keeps the version in force, so a bad edit never stops the loads; a new
    database cannot start without valid reference data, so there the error propagates.
    """
    stale = stale_reference_files(con, data_dir)
    if not stale and not force:
        return []
    try:
        refresh_reference_data(con, data_dir)
    except ReferenceDataError:
        if force:
            raise
        return []
    return stale


def reference_status(con: duckdb.DuckDBPyConnection, data_dir: Path | None = None) -> pl.DataFrame:
    """The reference files in force: file name, SHA-256, loaded at, rows, and whether the file
    in data/ now differs (stale: refused, or not loaded yet)."""
    stale = set(stale_reference_files(con, data_dir))
    frame = con.sql(
        "select file_name, sha256, loaded_at, row_count from reference_versions order by 1"
    ).pl()
    return frame.with_columns(pl.col("file_name").is_in(list(stale)).alias("file_changed"))


def read_kept_tables(db_path: Path) -> dict[str, pl.DataFrame]:
    """The rows of KEPT_ACROSS_REBUILD in a database file (none when it cannot be read)."""
    if not Path(db_path).exists():
        return {}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return {}
    try:
        present = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        return {t: con.sql(f"select * from {t}").pl() for t in KEPT_ACROSS_REBUILD if t in present}
    finally:
        con.close()


def write_kept_tables(con: duckdb.DuckDBPyConnection, kept: dict[str, pl.DataFrame]) -> None:
    """Put back the rows `read_kept_tables` read, by column name."""
    for table, frame in kept.items():
        con.register("kept_rows", frame)
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} by name select * from kept_rows")
        con.unregister("kept_rows")
