"""Load a workbook into the database: check, read, validate, then write all of it or nothing.

Each (agency, form, report date) is one snapshot: loading replaces that agency's rows of
that form at that date (the rows it replaces are kept, so the upload can be rolled back).
Every load is one `db.write`: a copy of the database swapped in whole, so a load never
disturbs readers, two loads land in turn, and a crash leaves the state before or after.
Every accepted file is kept in the archive (loaders/archive.py), so `rebuild` can recreate the
database from the archive alone; every upload, accepted or rejected, is logged in `uploads`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import polars as pl

import db
import settings
from db import store
from loaders import archive
from loaders import messages as say
from loaders.forms import FORMS_BY_KEY, Form
from loaders.messages import Message
from loaders.reader import WorkbookRead, read_workbook
from loaders.validate import SHEET, SOURCE_ROW, References, parse_sheet, validate_form
from loaders.workbook import FileRefused, check_size, inspect_container

log = logging.getLogger(__name__)
POLARS_TYPES = {
    "int": pl.Int32,
    "year": pl.Int32,
    "number": pl.Float64,
    "date": pl.Date,
    "yesno": pl.Boolean,
}


@dataclass
class IngestResult:
    """What happened to one file: loaded or rejected, with every error and warning."""

    status: Literal["loaded", "rejected"]
    file_name: str
    report_date: date
    sha256: str
    size_bytes: int
    forms: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_loaded: int = 0
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    dry_run: bool = False
    upload_id: int | None = None
    unchanged: bool = False  # the same content was already loaded for this date: nothing done

    @property
    def loaded(self) -> bool:
        """True when the file was (or, in a dry run, would be) loaded."""
        return self.status == "loaded"

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `ingest --json` (spec/interfaces.md)."""
        return {
            "status": self.status,
            "forms": self.forms,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "errors": [m.to_dict() for m in self.errors],
            "warnings": [m.to_dict() for m in self.warnings],
            "file_name": self.file_name,
            "report_date": self.report_date.isoformat(),
            "sha256": self.sha256,
            "agencies": self.agencies,
            "dry_run": self.dry_run,
            "unchanged": self.unchanged,
            "upload_id": self.upload_id,
        }


def ingest_file(path: Path | str, **options: Any) -> IngestResult:
    """Ingest a workbook file; options as `ingest_bytes`. The size is checked before reading."""
    path = Path(path)
    size = path.stat().st_size
    name = options.pop("file_name", path.name)
    if size > settings.max_upload_bytes():  # refused without reading it into memory
        return ingest_bytes(b"", name, _declared_size=size, **options)
    return ingest_bytes(path.read_bytes(), name, **options)


def ingest_bytes(
    content: bytes,
    file_name: str,
    *,
    report_date: date | None = None,
    db_path: Path | str | None = None,
    uploaded_by: str = "cli",
    dry_run: bool = False,
    write: store.Write | None = None,
    uploaded_at: datetime | None = None,
    upload_id: int | None = None,
    allowed_agencies: Collection[str] | None = None,
    on_wait: Callable[[str], None] | None = None,
    _declared_size: int | None = None,
) -> IngestResult:
    """Check, read, validate and (unless `dry_run`) load one workbook, all or nothing.

    The load is one `db.write` of the database at `db_path` (default: settings), created with
    its reference tables if it does not exist; a caller already inside a write (the demo,
    `rebuild`) passes it as `write`. Waiting for another write is told to `on_wait`. A dry run
    writes nothing anywhere. `allowed_agencies` (an agency account's own code) refuses the
    whole file when a row belongs to another agency. The same content loaded again for the
    same report date changes nothing (`unchanged`).
    """
    report_date = report_date or date.today()
    # one reading of the clock, so the upload log and the archive's manifest agree
    uploaded_at = uploaded_at or datetime.now().replace(microsecond=0)
    result = IngestResult(
        status="rejected",
        file_name=file_name,
        report_date=report_date,
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=_declared_size or len(content),
        dry_run=dry_run,
    )
    db_file = Path(db_path) if db_path else settings.database_path()
    # The workbook is checked and read in a thread while the write waits for its turn, copies
    # the live file and brings its schema and reference data up to date: neither needs the
    # other, and calamine and DuckDB both let go of Python's lock. It helps a load that opens
    # its own write (the command line, a crowd of them: their reads no longer wait for the
    # lock); a caller that passes `write` (the upload page, the demo, `rebuild`) holds the
    # lock already. A load refused for a busy write still waits for its read to end.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read") as beside:
        read = beside.submit(_read_workbook, content, file_name, _declared_size)
        load = _Load(content, result, uploaded_by, uploaded_at, upload_id, allowed_agencies, read)
        try:
            store.crash_point("ingest-start")
            if dry_run:
                _dry_run(load, db_file)
            elif write is not None:
                _ingest_into(write, load)
            else:
                with db.write(db_file, on_wait=on_wait) as new_write:
                    if not _ingest_into(new_write, load):
                        raise _Unchanged
        except _Unchanged:
            pass
        except (store.WriteBusyError, db.ReferenceDataError, archive.ArchiveError) as exc:
            _refused(result, str(exc))
        except Exception:  # never a traceback for the user; keep it for developers
            log.debug("ingest of %s failed", file_name, exc_info=True)
            _refused(result, say.UNEXPECTED_FAILURE)
    return result


def _read_workbook(content: bytes, file_name: str, declared_size: int | None) -> WorkbookRead:
    """The size, the container and every sheet checked and read; FileRefused says why not."""
    check_size(declared_size if declared_size is not None else len(content))
    container = inspect_container(content, file_name)
    return read_workbook(content, container.kind, container.parts_with_formulas)


class _Unchanged(Exception):
    """Raised inside a write that found nothing to change, so the copy is discarded."""


@dataclass
class _Load:
    """One file on its way in: what `ingest_bytes` was given."""

    content: bytes
    result: IngestResult
    uploaded_by: str
    uploaded_at: datetime
    upload_id: int | None
    allowed_agencies: Collection[str] | None
    read: Future[WorkbookRead]  # the workbook as read (or FileRefused), `_read_workbook`


def _forms_by_key_headers() -> str:
    """“Biểu 01 (“Mã đơn vị”, “Mã tài sản”), Biểu 02 (…) hoặc Biểu 03 (…)”: how a form is known."""
    items = [
        say.FORM_KEY_HEADERS.format(
            form=form.code, headers=", ".join(f"“{h}”" for h in form.key_headers)
        )
        for form in FORMS_BY_KEY.values()
    ]
    return f"{', '.join(items[:-1])} hoặc {items[-1]}"


def _refused(result: IngestResult, message: str) -> None:
    result.status = "rejected"
    result.rows_loaded = 0
    result.unchanged = False
    result.errors.append(Message.error(message))


def _dry_run(load: _Load, db_file: Path) -> None:
    """Validate exactly as a load would, against the live database, writing nothing."""
    con = db.connect(db_file, read_only=True) if db_file.exists() else None
    try:
        tables = _read_and_validate(load.read, load.result, con)
        _refuse_other_agencies(tables, load)
        if not load.result.errors:
            load.result.status = "loaded"
            load.result.unchanged = con is not None and _already_loaded(con, tables, load.result)
    finally:
        if con is not None:
            con.close()


def _ingest_into(write: store.Write, load: _Load) -> bool:
    """Validate and load (or log the refusal) inside `write`; False when nothing changed."""
    result = load.result
    archive.track(write)
    tables = _read_and_validate(load.read, result, write.con)
    _refuse_other_agencies(tables, load)
    store.crash_point("ingest-validated")
    if result.errors:
        _log_upload(write.con, result, load)
        return True
    # a replay (upload_id given) reproduces the log as it was, repeated files included
    if load.upload_id is None and _already_loaded(write.con, tables, result):
        result.status, result.unchanged = "loaded", True
        return False
    _load(write.con, tables, result, load)
    store.crash_point("ingest-loaded")
    write.before_swap.append(lambda: archive.keep_file(load.content, result.sha256, write.path))
    return True


def _refuse_other_agencies(tables: dict[str, pl.DataFrame], load: _Load) -> None:
    """An agency account may load its own agency's rows only: name every other row."""
    if load.allowed_agencies is None:
        return
    allowed = set(load.allowed_agencies)
    own = ", ".join(sorted(allowed)) or "–"
    for key, rows in tables.items():
        others = rows.filter(~pl.col("agency_code").is_in(list(allowed)))
        for row in others.select("agency_code", SHEET, SOURCE_ROW).iter_rows(named=True):
            load.result.errors.append(
                Message.error(
                    say.OTHER_AGENCY_ROW.format(agency=row["agency_code"], own=own),
                    sheet=row[SHEET],
                    row=row[SOURCE_ROW],
                    column=FORMS_BY_KEY[key].column("agency_code").header,
                    value=row["agency_code"],
                    agency_code=row["agency_code"],
                )
            )


def _already_loaded(
    con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame], result: IngestResult
) -> bool:
    """True when every snapshot of the file is now held by an upload of this same content."""
    if not tables:
        return False
    cursor = con.cursor()
    try:
        for key, rows in tables.items():
            form = FORMS_BY_KEY[key]
            agencies = rows["agency_code"].unique().to_list()
            held = cursor.execute(
                f"""
                select count(distinct {form.table}.agency_code)
                from {form.table}
                join uploads using (upload_id)
                where {form.table}.report_date = ? and list_contains(?, {form.table}.agency_code)
                    and uploads.sha256 = ? and uploads.status = 'loaded'
                """,
                [result.report_date, agencies, result.sha256],
            ).fetchall()[0][0]
            if held != len(agencies):
                return False
    finally:
        cursor.close()
    return True


def _read_and_validate(
    read: Future[WorkbookRead], result: IngestResult, con: duckdb.DuckDBPyConnection | None
) -> dict[str, pl.DataFrame]:
    """Fill `result` with what was read and every message; return the rows to store per form."""
    try:
        workbook = read.result()
    except FileRefused as exc:
        result.errors.append(Message.error(str(exc)))
        return {}
    messages = list(workbook.messages)
    refs = _references(con)
    parsed_by_form: dict[str, list] = {}
    for sheet in workbook.sheets:
        parsed, sheet_messages = parse_sheet(sheet, refs)
        messages += sheet_messages
        if parsed is not None:
            parsed_by_form.setdefault(sheet.form.key, []).append((sheet, parsed))
    tables: dict[str, pl.DataFrame] = {}
    # inventory first: migrations may name assets reported in the same file
    for key in ("inventory", "plans", "migrations"):
        sheets = parsed_by_form.get(key)
        if not sheets:
            continue
        form = FORMS_BY_KEY[key]
        if sum(parsed.height for _, parsed in sheets) == 0:
            messages.append(
                Message.warning(
                    say.FORM_NO_DATA_ROWS.format(form=form.code), sheet=sheets[0][0].sheet
                )
            )
            continue
        file_assets = tables.get(
            "inventory", pl.DataFrame(schema={"agency_code": pl.String, "asset_code": pl.String})
        )
        rows, form_messages = validate_form(
            form,
            sheets,
            result.report_date,
            refs,
            file_assets.select("agency_code", "asset_code"),
        )
        messages += form_messages
        tables[key] = _typed(form, rows)
    if not tables and not any(m.level == "error" for m in messages):
        text = say.FILE_NO_DATA_ROWS if workbook.sheets else say.FILE_NO_FORM
        messages.append(Message.error(text.format(forms=_forms_by_key_headers())))
    if workbook.uncomputed:  # a formula without its value was read as blank: say only that
        messages = [
            m
            for m in messages
            if (m.sheet, m.row, m.column) not in workbook.uncomputed or m.value is not None
        ]
    result.errors = [m for m in messages if m.level == "error"]
    result.warnings = [m for m in messages if m.level == "warning"]
    result.forms = list(tables)
    result.rows_read = sum(t.height for t in tables.values())
    result.agencies = sorted(
        {a for t in tables.values() for a in t["agency_code"].drop_nulls().to_list()}
    )
    return tables


def _references(con: duckdb.DuckDBPyConnection | None) -> References:
    """Codes that rows may refer to: from the database, or the reference CSVs before it exists."""
    if con is None:
        return References.build(db.read_reference("agencies"), db.read_reference("communes"))
    cursor = con.cursor()
    try:
        agencies = cursor.sql("select agency_code from agencies").pl()
        communes = cursor.sql("select code, name, full_name from communes").pl()
        assets = cursor.sql("select distinct agency_code, asset_code from assets").fetchall()
    finally:
        cursor.close()
    return References.build(agencies, communes, frozenset(assets))


def _typed(form: Form, rows: pl.DataFrame) -> pl.DataFrame:
    """Rows with the column types of the form's table."""
    return rows.with_columns(
        pl.col(c.name).cast(POLARS_TYPES.get(c.kind, pl.String), strict=False)
        for c in form.data_columns
    )


def _next_upload_id(cursor) -> int:
    # writes are serialised by the writer lock, so the next number is free; a sequence would
    # fall behind the numbers `rebuild` restores
    return cursor.execute("select coalesce(max(upload_id), 0) + 1 from uploads").fetchall()[0][0]


def _load(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pl.DataFrame],
    result: IngestResult,
    load: _Load,
) -> None:
    """Replace each agency's snapshot of each form at the report date (keeping the rows it
    replaces for a roll-back), and log the upload, in one transaction."""
    cursor = con.cursor()
    cursor.begin()
    try:
        upload_id = load.upload_id or _next_upload_id(cursor)
        for key, rows in tables.items():
            form = FORMS_BY_KEY[key]
            stored = rows.with_columns(
                pl.lit(result.report_date).alias("report_date"),
                pl.lit(result.sha256).alias("source_sha256"),
                pl.lit(upload_id, dtype=pl.Int32).alias("upload_id"),
            )
            agencies = stored["agency_code"].unique().to_list()
            snapshot = "report_date = ? and list_contains(?, agency_code)"
            cursor.execute(
                f"insert into {form.table}_replaced by name "
                f"select *, ? as replaced_by from {form.table} where {snapshot}",
                [upload_id, result.report_date, agencies],
            )
            cursor.execute(
                f"delete from {form.table} where {snapshot}", [result.report_date, agencies]
            )
            columns = [c.name for c in form.data_columns] + [
                "report_date",
                "source_sha256",
                SHEET,
                SOURCE_ROW,
                "upload_id",
            ]
            cursor.register("incoming_rows", stored.select(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(f"insert into {form.table} ({names}) select {names} from incoming_rows")
            cursor.unregister("incoming_rows")
            if form.table == "assets":
                db.refresh_inventory_groups(cursor, agencies)
        result.rows_loaded = result.rows_read
        result.status = "loaded"
        result.upload_id = _insert_upload(cursor, result, load, upload_id)
        cursor.commit()
    except Exception:
        cursor.rollback()
        result.status = "rejected"
        result.rows_loaded = 0
        raise
    finally:
        cursor.close()


def _log_upload(con: duckdb.DuckDBPyConnection, result: IngestResult, load: _Load) -> None:
    """Log a rejected upload: its row in `uploads` is the only trace it leaves."""
    cursor = con.cursor()
    try:
        upload_id = load.upload_id or _next_upload_id(cursor)
        result.upload_id = _insert_upload(cursor, result, load, upload_id)
    finally:
        cursor.close()


def _insert_upload(cursor, result: IngestResult, load: _Load, upload_id: int) -> int:
    messages = [
        {
            "level": m.level,
            "agency_code": m.agency_code,
            "sheet": m.sheet,
            "row": m.row,
            "column": m.column,
            "value": m.value,
            "message": m.message,
        }
        for m in result.errors + result.warnings
    ]
    cursor.execute(
        """
        insert into uploads (upload_id, uploaded_at, uploaded_by, file_name, sha256, size_bytes,
            report_date, forms, agencies, rows_read, rows_loaded, status, error_count,
            warning_count, messages)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            upload_id,
            load.uploaded_at,
            load.uploaded_by,
            result.file_name,
            result.sha256,
            result.size_bytes,
            result.report_date,
            result.forms,
            result.agencies,
            result.rows_read,
            result.rows_loaded,
            result.status,
            len(result.errors),
            len(result.warnings),
            messages,
        ],
    )
    return upload_id


class RebuildError(RuntimeError):
    """The archive cannot rebuild the database; the message is Vietnamese and says why."""


def rebuild(
    db_path: Path | str | None = None, *, on_wait: Callable[[str], None] | None = None
) -> list[IngestResult]:
    """Recreate the database from the archive alone: replay every event of the manifest.

    Every entry is checked first (a hex SHA-256, the file present, its content matching);
    then everything is replayed into a new file that goes live only when every accepted file
    loaded again, with its upload number, user and time; rejected uploads' log rows and
    roll-backs are replayed too. Accounts (the tables of db.KEPT_ACROSS_REBUILD) are carried
    over from the old database when it can be read. Raises RebuildError, leaving the
    database and the archive as they were.
    """
    from loaders import rollback  # rollback imports this module

    db_file = Path(db_path) if db_path else settings.database_path()
    events = archive.read_manifest(db_file)
    problems = archive.check_manifest(events, db_file)
    if problems:
        listed = "; ".join(
            say.MANIFEST_PROBLEM.format(line=p.line, problem=p.message) for p in problems[:10]
        )
        raise RebuildError(say.REBUILD_BAD_ENTRIES.format(count=len(problems), problems=listed))
    kept = db.read_kept_tables(db_file)
    results: list[IngestResult] = []
    with db.write(db_file, fresh=True, on_wait=on_wait) as write:
        for event in events:
            if event["event"] == "rollback":
                rollback.apply_rollback(
                    write.con,
                    event["upload_id"],
                    rolled_back_by=event["rolled_back_by"],
                    rolled_back_at=datetime.fromisoformat(event["rolled_back_at"]),
                )
            elif event["status"] == "rejected":
                _replay_rejected(write.con, event)
            else:
                result = ingest_bytes(
                    archive.archive_path(event["sha256"], db_file).read_bytes(),
                    event["file_name"],
                    report_date=date.fromisoformat(event["report_date"]),
                    uploaded_by=event["uploaded_by"],
                    uploaded_at=datetime.fromisoformat(event["uploaded_at"]),
                    upload_id=event.get("upload_id"),
                    write=write,
                )
                results.append(result)
                if not result.loaded:
                    reasons = "; ".join(m.describe() for m in result.errors[:3])
                    raise RebuildError(
                        say.REBUILD_FILE_REFUSED.format(file_name=result.file_name, reasons=reasons)
                    )
        db.write_kept_tables(write.con, kept)
    return results


def _replay_rejected(con: duckdb.DuckDBPyConnection, event: dict[str, Any]) -> None:
    """Put a rejected upload's log row back as it was."""
    row = {k: v for k, v in event.items() if not k.startswith("_") and k != "event"}
    row["uploaded_at"] = datetime.fromisoformat(row["uploaded_at"])
    row["report_date"] = date.fromisoformat(row["report_date"])
    names = list(row)
    con.execute(
        f"insert into uploads ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        [row[n] for n in names],
    )
