"""The upload page's work: check files, preview what loading them changes, load on confirm.

No Streamlit here (the page draws; this decides), so tests call it directly. A preview loads
the files into a private copy of the database (db.scratch) with the very loader that the
confirmed load runs, and measures the copy before and after; nothing reaches the live
database or the archive until `load_files` runs, as one write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

import db
import settings
from db import store
from loaders import rollback
from loaders.ingest import IngestResult, ingest_bytes
from queries import upload as upload_queries

_NOTHING_TO_WRITE = "nothing to write"


@dataclass(frozen=True)
class UploadedFile:
    """One file as the browser sent it: its name and bytes (judged by content, not by name)."""

    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        """The file's SHA-256: confirming the same content twice changes nothing."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Preview:
    """What loading the files would do: each file's check, the change per agency, the
    headline indicators before → after at the report date."""

    report_date: dt.date
    results: tuple[IngestResult, ...]
    changes: pl.DataFrame
    headline: pl.DataFrame

    @property
    def loadable(self) -> bool:
        """True when at least one file would load and change something."""
        return any(r.loaded and not r.unchanged for r in self.results)


class _Discard(Exception):
    """Raised inside a write that found nothing to change, so the copy is thrown away."""


def _ingest_all(
    files: Sequence[UploadedFile],
    report_date: dt.date,
    write,
    uploaded_by: str,
    allowed_agencies: Collection[str] | None,
) -> tuple[IngestResult, ...]:
    return tuple(
        ingest_bytes(
            f.content,
            f.name,
            report_date=report_date,
            uploaded_by=uploaded_by,
            allowed_agencies=allowed_agencies,
            write=write,
        )
        for f in files
    )


def preview(
    files: Sequence[UploadedFile],
    report_date: dt.date,
    *,
    uploaded_by: str,
    allowed_agencies: Collection[str] | None = None,
    db_path: Path | None = None,
) -> Preview:
    """Check the files and measure what loading them would change, writing nothing live."""
    with db.scratch(db_path) as work:
        before = upload_queries.data_state(work.con, report_date)
        results = _ingest_all(files, report_date, work, uploaded_by, allowed_agencies)
        after = upload_queries.data_state(work.con, report_date)
        written = {r.upload_id for r in results if r.loaded and not r.unchanged}
        agencies = sorted({a for r in results if r.loaded and not r.unchanged for a in r.agencies})
        changes = upload_queries.agency_changes(
            before, after, written, agencies, upload_queries.agency_names(work.con)
        )
        headline = upload_queries.headline_change(before, after)
    for result in results:  # numbers of a copy that never goes live: none to show
        result.upload_id = None
    return Preview(report_date, results, changes, headline)


def load_files(
    files: Sequence[UploadedFile],
    report_date: dt.date,
    *,
    uploaded_by: str,
    allowed_agencies: Collection[str] | None = None,
    db_path: Path | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> tuple[IngestResult, ...]:
    """Load the files, each all or nothing, as one write (every file, or none, goes live);
    refused files are logged as rejected uploads. Nothing is written when every file was
    already loaded with the same content for this date."""
    results: tuple[IngestResult, ...] = ()
    try:
        with db.write(db_path, on_wait=on_wait) as write:
            results = _ingest_all(files, report_date, write, uploaded_by, allowed_agencies)
            if all(r.unchanged for r in results):
                raise _Discard(_NOTHING_TO_WRITE)
    except _Discard:
        pass
    return results


def feedback(file: UploadedFile, result: IngestResult) -> bytes:
    """The file's Phiếu phản hồi (loaders/feedback.py)."""
    from loaders.feedback import feedback_workbook  # openpyxl: only for a file with errors

    return feedback_workbook(file.content, result)


def roll_back(upload_id: int, *, rolled_back_by: str, db_path: Path | None = None):
    """Roll back one upload (loaders/rollback.py); raises rollback.RollbackRefused."""
    return rollback.roll_back(upload_id, rolled_back_by=rolled_back_by, db_path=db_path)


RollbackRefused = rollback.RollbackRefused


def who_can_upload(user) -> tuple[bool, set[str] | None]:
    """Whether `user` may upload at all, and the agencies it may load (None: any agency)."""
    from accounts import roles

    return roles.can_upload(user), roles.allowed_agencies(user)


def can_roll_back(user) -> bool:
    """Whether `user` may roll an upload back (DST editors and admins)."""
    from accounts import roles

    return user is not None and roles.can_roll_back(user)


def template_bytes() -> bytes:
    """The blank template agencies fill in (loaders/template.py), as a file's bytes."""
    import io

    from loaders.template import build_template

    out = io.BytesIO()
    build_template().save(out)
    return out.getvalue()


LoadBusy = store.WriteBusyError


def archived_file(sha256: str) -> bytes:
    """An accepted upload's workbook as the archive keeps it (loaders/archive.py)."""
    from loaders import archive

    return archive.archive_path(sha256, settings.database_path()).read_bytes()
