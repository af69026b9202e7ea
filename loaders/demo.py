"""Loaders layer: the demo database, built the real way — workbooks written, then ingested. No Streamlit.

`loaders.demo_data.generate_demo` invents a province's year of reports (deterministic for a
seed), `loaders.demo_workbooks.write_workbooks` writes them as the files agencies send, and
`build_demo` loads each file through `loaders.ingest.ingest_file`, so the demo exercises the
same validation as a real upload and fails loudly if a file is refused. The whole build is one
`db.write`: interrupted (Ctrl-C during the app's first start), it leaves no database rather
than half of one. Its files go to an archive marked as the demo's, and it never writes into,
nor removes, an archive holding files it did not make.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import db
from formats import format_number
from loaders import messages as say
from loaders.demo_data import DEFAULT_SEED, REPORT_DATES, generate_demo
from loaders.demo_workbooks import write_workbooks


class DemoBuildError(RuntimeError):
    """A demo workbook was refused by the loader: the demo and the loader disagree."""


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` produced: the files loaded and the figures to check the story by."""

    db_path: Path
    seed: int
    files: tuple[str, ...]  # workbook names, in the order they were loaded
    rows: dict[str, int]  # rows in each form table after the build
    assets_per_date: dict[date, int]  # inventory rows reported on each report date
    servers_remaining: dict[date, int]  # standalone servers active or idle, as of each date
    warnings: int  # warnings the loader kept with the uploads
    seconds: float

    def __str__(self) -> str:
        """One line for the command line, in Vietnamese number format."""
        rows = {table: format_number(n) for table, n in self.rows.items()}
        dates = ", ".join(f"{d:%d/%m}: {format_number(n)}" for d, n in self.assets_per_date.items())
        return say.DEMO_SUMMARY.format(
            files=len(self.files),
            assets=rows["assets"],
            plans=rows["plans"],
            migrations=rows["migrations"],
            per_date=dates,
            warnings=format_number(self.warnings),
            seconds=format_number(self.seconds, 2),
        )


def build_demo(
    db_path: Path,
    *,
    work_dir: Path | None = None,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
) -> DemoSummary | None:
    """Build the demo database at `db_path` from written workbooks, as one write.

    Each workbook goes through `loaders.ingest.ingest_file`, as an upload by "demo" a few days
    after its report date; any refused file raises DemoBuildError with the loader's errors.
    The workbooks are kept in `work_dir` when given, else written to a temporary folder. An
    existing database is replaced only with `replace`; without it, a database that appeared
    meanwhile (another app process's first start) is left alone and None is returned.
    Raises loaders.archive.ArchiveError when the archive holds files the demo did not make.
    """
    from loaders import archive

    db_path = Path(db_path)
    if db_path.exists() and not replace:
        raise FileExistsError(say.DEMO_DATABASE_EXISTS.format(path=db_path))
    if archive.holds_real_files(db_path):
        raise archive.ArchiveError(archive.real_archive_message(db_path))
    started = time.perf_counter()
    data = generate_demo(seed)
    try:
        workbooks, warnings = _load_workbooks(data, db_path, work_dir, replace)
    except _AlreadyBuilt:
        return None  # built by another process while this one waited for the lock
    con = db.connect(db_path, read_only=True)
    try:
        rows = {
            table: con.sql(f"select count(*) from {table}").fetchall()[0][0]
            for table in db.DATA_TABLES
        }
        per_date = dict(
            con.sql("select report_date, count(*) from assets group by 1 order by 1").fetchall()
        )
    finally:
        con.close()
    return DemoSummary(
        db_path=db_path,
        seed=seed,
        files=tuple(w.path.name for w in workbooks),
        rows=rows,
        assets_per_date=per_date,
        servers_remaining={when: data.servers_remaining(when) for when in REPORT_DATES},
        warnings=warnings,
        seconds=round(time.perf_counter() - started, 2),
    )


class _AlreadyBuilt(Exception):
    """The database appeared while the build waited for the writer lock: leave it."""


def _load_workbooks(data, db_path: Path, work_dir: Path | None, replace: bool):
    """Write the demo's workbooks and load them all in one write; (workbooks, warnings)."""
    from loaders.ingest import ingest_file  # the loader imports heavy readers: only when building

    warnings = 0
    with (
        tempfile.TemporaryDirectory(prefix="demo_workbooks_") as scratch,
        db.write(db_path, fresh=True) as write,
    ):
        if db_path.exists() and not replace:
            raise _AlreadyBuilt
        write.notes["demo"] = True
        folder = Path(work_dir) if work_dir is not None else Path(scratch)
        workbooks = write_workbooks(data, folder)
        for workbook in workbooks:
            result = ingest_file(
                workbook.path,
                report_date=workbook.report_date,
                db_path=db_path,
                uploaded_by="demo",
                uploaded_at=workbook.uploaded_at,
                write=write,
            )
            if result.status != "loaded":
                details = "\n".join(f"  - {m.describe()}" for m in result.errors[:20])
                raise DemoBuildError(
                    say.DEMO_FILE_REFUSED.format(
                        name=workbook.path.name, count=len(result.errors), details=details
                    )
                )
            warnings += len(result.warnings)
    return workbooks, warnings
