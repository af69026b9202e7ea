"""Load a workbook into the database: check, read, validate, then write all of it or nothing.

Each (agency, form, report date) is one snapshot: loading replaces that agency's rows of
that form at that date. Every accepted file is kept in the archive (by SHA-256, with a
manifest), so `rebuild` can recreate the database from the archive alone; every upload,
accepted or rejected, is logged in `uploads`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import polars as pl

import db
import settings
from loaders.forms import FORMS_BY_KEY, Form
from loaders.messages import Message
from loaders.reader import read_workbook
from loaders.validate import SHEET, SOURCE_ROW, References, parse_sheet, validate_form
from loaders.workbook import FileRefused, check_container, check_size

MANIFEST = "manifest.jsonl"
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
    con: duckdb.DuckDBPyConnection | None = None,
    uploaded_at: datetime | None = None,
    archive: bool = True,
    _declared_size: int | None = None,
) -> IngestResult:
    """Check, read, validate and (unless `dry_run`) load one workbook, all or nothing.

    `con` lets a caller that already holds the database (the app) pass its connection;
    otherwise the database at `db_path` (default: settings) is opened, and created with its
    reference tables if it does not exist. A dry run writes nothing anywhere.
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
    owns_connection = con is None
    try:
        if con is None and not dry_run:
            con = db.connect(db_file)
        elif con is None and db_file.exists():
            con = db.connect(db_file, read_only=True)
        tables = _read_and_validate(content, result, con, _declared_size)
        if dry_run:
            if not result.errors:
                result.status = "loaded"
            return result
        if not result.errors:
            if archive:
                _archive(content, result, db_file, uploaded_by, uploaded_at)
            _load(con, tables, result, uploaded_by, uploaded_at)
        else:
            _log_upload(con, result, uploaded_by, uploaded_at)
    except db.DatabaseBusyError as exc:
        result.status = "rejected"
        result.errors.append(Message.error(str(exc)))
    except Exception as exc:  # never a traceback for the user; keep it for developers
        log.debug("ingest of %s failed", file_name, exc_info=True)
        result.status = "rejected"
        result.rows_loaded = 0
        result.errors.append(
            Message.error(
                f"Không xử lý được tệp do lỗi không mong đợi ({type(exc).__name__}); "
                "không có dữ liệu nào được ghi. Hãy gửi tệp cho quản trị hệ thống."
            )
        )
    finally:
        if owns_connection and con is not None:
            con.close()
    return result


def _read_and_validate(
    content: bytes,
    result: IngestResult,
    con: duckdb.DuckDBPyConnection | None,
    declared_size: int | None,
) -> dict[str, pl.DataFrame]:
    """Fill `result` with what was read and every message; return the rows to store per form."""
    try:
        check_size(declared_size if declared_size is not None else len(content))
        check_container(content)
        workbook = read_workbook(content)
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
                Message.warning(f"{form.code} không có dòng dữ liệu nào.", sheet=sheets[0][0].sheet)
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
        found = "không có dòng dữ liệu nào" if workbook.sheets else "không chứa biểu mẫu nào"
        messages.append(
            Message.error(
                f"Tệp {found}: cần ít nhất một trang có dòng tiêu đề của Biểu 01 (Mã đơn vị, "
                "Mã tài sản), Biểu 02 (Mã đơn vị, Tình trạng phương án) hoặc Biểu 03 "
                "(Mã hệ thống, Giai đoạn) và dữ liệu bên dưới."
            )
        )
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


def _load(
    con: duckdb.DuckDBPyConnection,
    tables: dict[str, pl.DataFrame],
    result: IngestResult,
    uploaded_by: str,
    uploaded_at: datetime | None,
) -> None:
    """Replace each agency's snapshot of each form at the report date, and log the upload."""
    cursor = con.cursor()
    cursor.begin()
    try:
        for key, rows in tables.items():
            form = FORMS_BY_KEY[key]
            stored = rows.with_columns(
                pl.lit(result.report_date).alias("report_date"),
                pl.lit(result.sha256).alias("source_sha256"),
            )
            agencies = stored["agency_code"].unique().to_list()
            cursor.execute(
                f"delete from {form.table} where report_date = ? and list_contains(?, agency_code)",
                [result.report_date, agencies],
            )
            columns = [c.name for c in form.data_columns] + [
                "report_date",
                "source_sha256",
                SHEET,
                SOURCE_ROW,
            ]
            cursor.register("incoming_rows", stored.select(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            cursor.execute(f"insert into {form.table} ({names}) select {names} from incoming_rows")
            cursor.unregister("incoming_rows")
        result.rows_loaded = result.rows_read
        result.status = "loaded"
        result.upload_id = _insert_upload(cursor, result, uploaded_by, uploaded_at)
        cursor.commit()
    except Exception:
        cursor.rollback()
        result.status = "rejected"
        result.rows_loaded = 0
        raise
    finally:
        cursor.close()


def _log_upload(
    con: duckdb.DuckDBPyConnection,
    result: IngestResult,
    uploaded_by: str,
    uploaded_at: datetime | None,
) -> None:
    """Log a rejected upload: its row in `uploads` is the only trace it leaves."""
    cursor = con.cursor()
    try:
        result.upload_id = _insert_upload(cursor, result, uploaded_by, uploaded_at)
    finally:
        cursor.close()


def _insert_upload(
    cursor, result: IngestResult, uploaded_by: str, uploaded_at: datetime | None
) -> int:
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
        insert into uploads (uploaded_at, uploaded_by, file_name, sha256, size_bytes,
            report_date, forms, agencies, rows_read, rows_loaded, status, error_count,
            warning_count, messages)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        returning upload_id
        """,
        [
            uploaded_at,
            uploaded_by,
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
    (upload_id,) = cursor.fetchall()[0]
    return upload_id


# -- the archive ---------------------------------------------------------------------------


def archive_path(sha256: str, db_file: Path) -> Path:
    """Where an accepted file with this SHA-256 is kept."""
    return settings.archive_dir(db_file) / sha256[:2] / f"{sha256}.xlsx"


def _archive(
    content: bytes,
    result: IngestResult,
    db_file: Path,
    uploaded_by: str,
    uploaded_at: datetime | None,
) -> None:
    """Keep the file (written atomically) and note the upload in the manifest."""
    target = archive_path(result.sha256, db_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(content)
        os.replace(tmp.name, target)
    entry = {
        "sha256": result.sha256,
        "file_name": result.file_name,
        "report_date": result.report_date.isoformat(),
        "uploaded_by": uploaded_by,
        "uploaded_at": uploaded_at.isoformat(),
    }
    with open(settings.archive_dir(db_file) / MANIFEST, "a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")


def rebuild(db_path: Path | str | None = None) -> list[IngestResult]:
    """Recreate the database from the archive alone: replay every accepted file in order.

    Builds into a new file and swaps it in only when every file loaded again.
    """
    db_file = Path(db_path) if db_path else settings.database_path()
    manifest = settings.archive_dir(db_file) / MANIFEST
    entries = []
    if manifest.exists():
        entries = [json.loads(line) for line in manifest.read_text("utf-8").splitlines() if line]
    fresh = db_file.with_name(db_file.stem + ".rebuilding.duckdb")
    fresh.unlink(missing_ok=True)
    con = db.connect(fresh)
    results = []
    try:
        for entry in entries:
            content = archive_path(entry["sha256"], db_file).read_bytes()
            results.append(
                ingest_bytes(
                    content,
                    entry["file_name"],
                    report_date=date.fromisoformat(entry["report_date"]),
                    uploaded_by=entry["uploaded_by"],
                    uploaded_at=datetime.fromisoformat(entry["uploaded_at"]),
                    con=con,
                    archive=False,
                    db_path=fresh,
                )
            )
    finally:
        con.close()
    if all(r.loaded for r in results):
        os.replace(fresh, db_file)
    return results
