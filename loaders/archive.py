"""Loaders layer: the archive of accepted workbooks and its manifest, the log `rebuild` replays.

Every accepted file is kept by SHA-256 beside the database (`settings.archive_dir`); the
manifest (`manifest.jsonl`) holds one line per event, in order: every upload (accepted or
rejected, the whole `uploads` row) and every roll-back. The manifest is written from the
database at the end of each write, so it always says what the live database holds: a write
keeps its files before its new database goes live (a kept file that never went live is
harmless), and rewrites the manifest once it is live. A crash between the two leaves the
manifest one write behind; the next write brings it up to date. No Streamlit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

import settings
from db import store
from loaders import messages as say

MANIFEST = "manifest.jsonl"
DEMO_MARK = ".demo"  # this archive was made by the demo build: the demo may replace it
OWNER = ".database"  # the database this archive belongs to: only it removes files from it
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class ArchiveError(RuntimeError):
    """The archive cannot be used as asked; the message is Vietnamese and says why."""


def archive_dir(db_file: Path) -> Path:
    """The archive of the database at `db_file`."""
    return settings.archive_dir(db_file)


def archive_path(sha256: str, db_file: Path) -> Path:
    """Where an accepted file with this SHA-256 is kept."""
    return archive_dir(db_file) / sha256[:2] / f"{sha256}.xlsx"


def holds_real_files(db_file: Path) -> bool:
    """True when the archive holds files or events the demo did not make."""
    folder = archive_dir(db_file)
    if not folder.exists() or (folder / DEMO_MARK).exists():
        return False
    events = read_manifest(db_file)
    if events and all(e.get("uploaded_by") == "demo" for e in events):
        return False  # a demo's archive from before the demo marked its own
    return any(p.name != OWNER for p in folder.iterdir())


def real_archive_message(db_file: Path) -> str:
    """Why the demo refuses an archive that holds real files."""
    return say.ARCHIVE_HOLDS_REAL_FILES.format(folder=archive_dir(db_file))


def keep_file(content: bytes, sha256: str, db_file: Path) -> None:
    """Keep an accepted file in the archive (written atomically; kept once per content)."""
    target = archive_path(sha256, db_file)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
        tmp.write(content)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def manifest_events(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every upload and roll-back the database holds, in the order they happened."""
    cursor = con.cursor()
    try:
        uploads = cursor.sql("select * from uploads order by upload_id").pl().to_dicts()
        rollbacks = cursor.sql("select * from rollbacks order by after_upload").pl().to_dicts()
    finally:
        cursor.close()
    events = [
        ((row["upload_id"], 0), {"event": "upload", **{k: _json_value(v) for k, v in row.items()}})
        for row in uploads
    ]
    # a roll-back happened after the uploads logged before it (rollbacks.after_upload)
    events += [
        (
            (row["after_upload"], 1),
            {"event": "rollback", **{k: _json_value(v) for k, v in row.items()}},
        )
        for row in rollbacks
    ]
    events = [event for _, event in sorted(events, key=lambda pair: pair[0])]
    return events


def _manifest_text(events: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in events)


def _write_manifest(folder: Path, events: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as tmp:
        tmp.write(_manifest_text(events))
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, folder / MANIFEST)


def reconcile(db_file: Path, wait_seconds: float | None = None) -> bool:
    """Bring the manifest in line with the live database after a crash; True when it did.

    The database's swap is a write's commit point and the manifest is rewritten right after
    it: a process killed between the two leaves the manifest one write behind (the workbook
    itself is kept before the swap), one killed before the swap may leave a kept workbook no
    upload names. Every start (the app, an ingest, rebuild) calls this,
    under the writer lock, so no later step relies on a stale manifest.
    """
    db_file = Path(db_file)
    folder = archive_dir(db_file)
    if not db_file.exists() or not folder.exists():
        return False
    with store.writer_lock(db_file, wait_seconds):
        try:
            con = duckdb.connect(str(db_file), read_only=True)
        except duckdb.Error:
            return False  # a damaged database: rebuild decides, from the manifest as it is
        try:
            events = manifest_events(con)
        except duckdb.CatalogException:
            return False  # an older database without the tables of the write path
        finally:
            con.close()
        path = folder / MANIFEST
        current = path.read_text("utf-8") if path.exists() else ""
        behind = current != _manifest_text(events)
        if behind:
            _write_manifest(folder, events)
        _remove_unreferenced(folder, db_file, events)  # a file kept by a write that died
        return behind


def track(write: store.Write) -> None:
    """Make `write` bring the manifest up to date once its database is live (once per write).

    A scratch write (a preview) never goes live: it leaves the archive alone."""
    if not write.goes_live or write.notes.get("archive_tracked"):
        return
    write.notes["archive_tracked"] = True
    db_file = write.path
    folder = archive_dir(db_file)
    _claim(folder, db_file, demo=write.notes.get("demo", False))

    def read_events(con: duckdb.DuckDBPyConnection) -> None:
        write.notes["manifest"] = manifest_events(con)

    def write_manifest() -> None:
        events = write.notes["manifest"]
        _write_manifest(folder, events)
        store.crash_point("archive-manifest-written")
        _remove_unreferenced(folder, db_file, events)

    write.before_close.append(read_events)
    write.after_swap.append(write_manifest)


def _claim(folder: Path, db_file: Path, *, demo: bool) -> None:
    """Refuse an archive that belongs to another database (or is real, for the demo)."""
    owner = folder / OWNER
    here = str(Path(db_file).resolve())
    if owner.exists() and owner.read_text("utf-8").strip() != here:
        raise ArchiveError(
            say.ARCHIVE_OF_ANOTHER_DATABASE.format(
                folder=folder, owner=owner.read_text("utf-8").strip(), here=here
            )
        )
    if demo and holds_real_files(db_file):
        raise ArchiveError(real_archive_message(db_file))
    folder.mkdir(parents=True, exist_ok=True)
    if not owner.exists():
        owner.write_text(here + "\n", encoding="utf-8")
    if demo:
        (folder / DEMO_MARK).write_text(say.ARCHIVE_DEMO_MARK, encoding="utf-8")


def _remove_unreferenced(folder: Path, db_file: Path, events: list[dict[str, Any]]) -> None:
    """Delete kept files that no upload of the live database names (from a crashed write)."""
    kept = {
        e["sha256"]
        for e in events
        if e["event"] == "upload" and e.get("status") in ("loaded", "rolled_back")
    }
    for path in folder.glob("??/*.xlsx"):
        if path.stem not in kept:
            path.unlink(missing_ok=True)
    for path in folder.glob("??/tmp*"):  # a file being kept when its writer died
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class ManifestProblem:
    """One manifest line `rebuild` cannot use."""

    line: int
    message: str


def read_manifest(db_file: Path) -> list[dict[str, Any]]:
    """The manifest's events, in order (an archive made before events were logged has lines
    with a file's SHA-256, name, report date, user and time: each an accepted upload)."""
    path = archive_dir(db_file) / MANIFEST
    if not path.exists():
        return []
    events = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            entry = {"event": "unreadable", "line": number}
        entry.setdefault("event", "upload")
        entry.setdefault("status", "loaded")
        entry["_line"] = number
        events.append(entry)
    return events


def check_manifest(events: list[dict[str, Any]], db_file: Path) -> list[ManifestProblem]:
    """Every reason the events cannot be replayed: unreadable lines, a malformed SHA-256, a
    missing file, a file whose content no longer has its SHA-256."""
    problems = []
    for event in events:
        line = event["_line"]
        if event["event"] == "unreadable":
            problems.append(ManifestProblem(line, say.MANIFEST_UNREADABLE))
            continue
        if event["event"] != "upload" or event.get("status") not in ("loaded", "rolled_back"):
            continue
        sha = str(event.get("sha256") or "")
        if not SHA256_HEX.match(sha):
            problems.append(ManifestProblem(line, say.MANIFEST_BAD_SHA.format(sha=sha)))
            continue
        path = archive_path(sha, db_file)
        if not path.is_file():
            problems.append(ManifestProblem(line, say.MANIFEST_FILE_MISSING.format(name=path.name)))
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            problems.append(ManifestProblem(line, say.MANIFEST_FILE_CHANGED.format(name=path.name)))
    return problems
