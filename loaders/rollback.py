"""Loaders layer: roll back an accepted upload, restoring exactly the snapshots it replaced.

Every load keeps the rows it replaced in `<form>_replaced` (loaders/ingest.py). Rolling back
upload U removes U's rows and puts back the rows U replaced, in one write, and logs it
(`rollbacks`, and U's status reads rolled_back). Only an upload whose snapshots are all still
in force can be rolled back: once a later upload replaced some of them, that one must be
rolled back first, so a roll-back never brings back rows nobody can see being replaced. No
Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

import db
import formats
import settings
from loaders import archive
from loaders import messages as say
from loaders.forms import FORMS

FORM_TABLES = tuple(form.table for form in FORMS)


class RollbackRefused(RuntimeError):
    """This upload cannot be rolled back; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class RollbackResult:
    """What a roll-back did: the upload undone, rows removed and rows put back."""

    upload_id: int
    file_name: str
    rows_removed: int
    rows_restored: int


def roll_back(
    upload_id: int,
    *,
    rolled_back_by: str,
    db_path: Path | str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> RollbackResult:
    """Roll back upload `upload_id` as one write; raises RollbackRefused (nothing changed)."""
    db_file = Path(db_path) if db_path else settings.database_path()
    with db.write(db_file, on_wait=on_wait) as write:
        archive.track(write)
        return apply_rollback(write.con, upload_id, rolled_back_by=rolled_back_by)


def apply_rollback(
    con: duckdb.DuckDBPyConnection,
    upload_id: int,
    *,
    rolled_back_by: str,
    rolled_back_at: datetime | None = None,
) -> RollbackResult:
    """Undo one upload on an open write connection (also how `rebuild` replays a roll-back)."""
    cursor = con.cursor()
    cursor.begin()
    try:
        upload = cursor.execute(
            "select file_name, status, uploaded_at from uploads where upload_id = ?", [upload_id]
        ).fetchall()
        if not upload:
            raise RollbackRefused(say.ROLLBACK_NO_SUCH_UPLOAD.format(upload_id=upload_id))
        file_name, status, uploaded_at = upload[0]
        _check(cursor, upload_id, file_name, status, uploaded_at)
        removed = restored = 0
        for table in FORM_TABLES:
            removed += cursor.execute(
                f"delete from {table} where upload_id = ?", [upload_id]
            ).fetchall()[0][0]
            restored += cursor.execute(
                f"insert into {table} by name select * exclude (replaced_by) "
                f"from {table}_replaced where replaced_by = ?",
                [upload_id],
            ).fetchall()[0][0]
            cursor.execute(f"delete from {table}_replaced where replaced_by = ?", [upload_id])
        # the snapshots removed and restored are those of the agencies the upload wrote
        agencies = cursor.execute(
            "select agencies from uploads where upload_id = ?", [upload_id]
        ).fetchall()[0][0]
        db.refresh_inventory_groups(cursor, agencies)
        after = cursor.execute("select max(upload_id) from uploads").fetchall()[0][0]
        cursor.execute("update uploads set status = 'rolled_back' where upload_id = ?", [upload_id])
        cursor.execute(
            "insert into rollbacks values (?, ?, ?, ?, ?, ?)",
            [
                upload_id,
                after,
                rolled_back_at or datetime.now().replace(microsecond=0),
                rolled_back_by,
                removed,
                restored,
            ],
        )
        cursor.commit()
    except BaseException:
        cursor.rollback()
        raise
    finally:
        cursor.close()
    return RollbackResult(upload_id, file_name, removed, restored)


def _check(cursor, upload_id: int, file_name: str, status: str, uploaded_at) -> None:
    """Refuse, with the reason, an upload that cannot be rolled back."""
    what = say.UPLOAD_NAMED.format(
        upload_id=upload_id, file_name=file_name, uploaded_at=formats.format_date(uploaded_at)
    )
    if status == "rolled_back":
        raise RollbackRefused(say.ROLLBACK_ALREADY_DONE.format(upload=what))
    if status != "loaded":
        raise RollbackRefused(say.ROLLBACK_OF_REJECTED.format(upload=what))
    first = cursor.execute(
        "select cast(value as integer) from db_meta where key = 'rollback_from_upload'"
    ).fetchall()
    if first and upload_id < first[0][0]:
        raise RollbackRefused(say.ROLLBACK_BEFORE_KEPT_ROWS.format(upload=what))
    later = sorted(
        {
            row[0]
            for table in FORM_TABLES
            for row in cursor.execute(
                f"select distinct replaced_by from {table}_replaced where upload_id = ?",
                [upload_id],
            ).fetchall()
        }
    )
    if later:
        numbers = ", ".join(say.LATER_UPLOAD.format(upload_id=n) for n in later)
        raise RollbackRefused(say.ROLLBACK_REPLACED_LATER.format(upload=what, later=numbers))
