"""How writers and readers share one database file: writes build a new file and swap it in.

DuckDB lets one process open a file for writing, and while it does no other process may open
the file at all, readers included. So nobody ever writes to the live file:

- A writer takes the writer lock (`<db>.lock`, an flock: the kernel drops it when the
  process dies, even by kill -9), waiting a bounded time for another writer to finish. It
  copies the live file to `<db>.next-<pid>`, opens the copy for writing, makes its changes,
  checkpoints and closes it, then renames it over the live file (`os.replace`, atomic). A
  crash before the rename leaves the live file as it was; after it, the new one. Stale copies
  of crashed writers are removed by the next writer, under the lock.
- Readers (the app's processes, `duckdb -readonly` at DST) open the live file read-only.
  A reader that opened the old file keeps reading the old, complete file; `LiveDatabase`
  notices the new file (its inode changed) and reopens, between queries, never during one.

Two loads at once therefore land in turn, and a reader sees the state before a load or the
state after it, never a part. No Streamlit here.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

import settings

NEXT_SUFFIX = ".next-"
LOCK_SUFFIX = ".lock"
# What a write and a reader say to DST staff.
WRITE_BUSY = (
    "Cơ sở dữ liệu đang được một lần cập nhật khác ghi và chưa xong sau {seconds} giây. Đề nghị "
    "thử lại sau ít phút."
)
WAITING_FOR_WRITER = "Đang chờ một lần cập nhật dữ liệu khác ghi xong…"
NO_DATABASE = (
    "Chưa có cơ sở dữ liệu tại {path}. Đề nghị nạp biểu mẫu của các đơn vị, hoặc chỉ đúng "
    "đường dẫn tệp cơ sở dữ liệu."
)
KEEPS_CHANGING = "Cơ sở dữ liệu thay đổi liên tục nên chưa mở được. Đề nghị thử lại sau ít phút."


class WriteBusyError(RuntimeError):
    """Another write held the database longer than this one could wait."""


def crash_point(name: str) -> None:
    """Die here, as by kill -9, when `DASHBOARD_FAULT_AT` names this point (fault tests only)."""
    if os.environ.get("DASHBOARD_FAULT_AT") == name:
        os.kill(os.getpid(), 9)


def data_version(path: Path) -> str | None:
    """Which file is live at `path`: changes with every write; None when there is none."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


def lock_path(path: Path) -> Path:
    """The writer lock of a database file."""
    return path.with_name(path.name + LOCK_SUFFIX)


@contextlib.contextmanager
def writer_lock(
    path: Path, wait_seconds: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the database's writer lock, waiting at most `wait_seconds` for another writer.

    `on_wait` is told once, in Vietnamese, that this write waits for another one.
    """
    limit = settings.write_wait_seconds() if wait_seconds is None else wait_seconds
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path(path), "a+")  # noqa: SIM115 (held open for the lock's lifetime)
    try:
        deadline, pause, told = time.monotonic() + limit, 0.02, False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriteBusyError(WRITE_BUSY.format(seconds=f"{limit:.0f}")) from None
                if on_wait and not told:
                    on_wait(WAITING_FOR_WRITER)
                    told = True
                time.sleep(pause)
                pause = min(pause * 2, 0.25)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


@dataclass
class Write:
    """One write in progress: its connection to the new file, and what to do around the swap.

    `before_close(con)` runs when the block's changes are done, on the connection (read what
    went into the file); `before_swap` after the new file is complete and closed, before it
    goes live (keep the archived workbook there: a file that is kept but never went live is
    harmless); `after_swap` once it is live (write the manifest). All run under the lock.
    `notes` lets the steps of one write share what they registered.
    """

    con: duckdb.DuckDBPyConnection
    path: Path
    new_file: Path
    before_close: list[Callable[[duckdb.DuckDBPyConnection], None]] = field(default_factory=list)
    before_swap: list[Callable[[], None]] = field(default_factory=list)
    after_swap: list[Callable[[], None]] = field(default_factory=list)
    notes: dict = field(default_factory=dict)
    goes_live: bool = True  # False for a scratch copy (a preview): nothing reaches the archive


def _remove_stale_copies(path: Path) -> None:
    """Delete the half-written copies that crashed writers left (called under the lock)."""
    for stale in path.parent.glob(f"{path.name}{NEXT_SUFFIX}*"):
        stale.unlink(missing_ok=True)


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def writing(
    path: Path,
    *,
    fresh: bool = False,
    wait_seconds: float | None = None,
    on_wait: Callable[[str], None] | None = None,
    prepare: Callable[[duckdb.DuckDBPyConnection, bool], None] | None = None,
) -> Iterator[Write]:
    """Change the database as one unit: all of it goes live when the block ends, or none.

    The block gets a `Write` whose `con` is a read-write connection to a copy of the live
    file (an empty file when there is none, or with `fresh`). `prepare(con, is_new)` runs
    first (the schema and reference data). Leaving the block by an exception discards the copy.
    """
    path = Path(path)
    with writer_lock(path, wait_seconds, on_wait):
        _remove_stale_copies(path)
        new_file = path.with_name(f"{path.name}{NEXT_SUFFIX}{os.getpid()}")
        is_new = fresh or not path.exists()
        if not is_new:
            shutil.copyfile(path, new_file)
        crash_point("write-copied")
        con = duckdb.connect(str(new_file))
        write = Write(con, path, new_file)
        try:
            if prepare is not None:
                prepare(con, is_new)
            yield write
            for step in write.before_close:
                step(con)
            con.execute("checkpoint")
            con.close()
            crash_point("write-closed")
            for step in write.before_swap:
                step()
            crash_point("write-before-swap")
            _fsync(new_file)
            os.replace(new_file, path)
            _fsync(path.parent, directory=True)
            crash_point("write-swapped")
            for step in write.after_swap:
                step()
        except BaseException:
            with contextlib.suppress(Exception):
                con.close()
            new_file.unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def scratch(
    path: Path, *, prepare: Callable[[duckdb.DuckDBPyConnection, bool], None] | None = None
) -> Iterator[Write]:
    """A write that never goes live: a private copy of the live file, deleted at the end.

    For a preview (what a load would change): the block may do exactly what a write does, and
    nothing it does reaches the live file or the archive (its hooks never run). Takes no lock:
    copying reads the file whole, as any reader does, whatever writes swap in meanwhile.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="dashboard-preview-") as folder:
        copy = Path(folder) / path.name
        is_new = not path.exists()
        if not is_new:
            with open(path, "rb") as live, open(copy, "wb") as private:
                shutil.copyfileobj(live, private)  # one open file: one version, whole
        con = duckdb.connect(str(copy))
        try:
            if prepare is not None:
                prepare(con, is_new)
            yield Write(con, copy, copy, goes_live=False)
        finally:
            con.close()


class LiveDatabase:
    """A process's read-only view of the live database file, reopened after each write.

    `cursor()` hands out a cursor on the newest file. When a write has swapped in a new file,
    the next `cursor()` waits for the queries still reading the old one, then reopens (DuckDB
    keeps one instance per path in a process, so the old one must close first). Queries
    never see the swap; they see either file whole.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._state = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._version: str | None = None
        self._readers = 0

    def version(self) -> str | None:
        """The version of the live file now (None when there is none)."""
        return data_version(self.path)

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the newest live file, for one query or one group of queries."""
        with self._state:
            current = self.version()
            if current is None:
                raise FileNotFoundError(NO_DATABASE.format(path=self.path))
            if current != self._version or self._con is None:
                while self._readers:
                    self._state.wait()
                self._reopen()
            self._readers += 1
            con = self._con
        cursor = con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    def _reopen(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        for _ in range(20):  # a write may swap again while this opens: open what is there
            before = self.version()
            con = duckdb.connect(str(self.path), read_only=True)
            if self.version() == before:
                self._con, self._version = con, before
                return
            con.close()
        raise RuntimeError(KEEPS_CHANGING)

    def loaded_version(self) -> str | None:
        """The version the open connection reads (None before the first query)."""
        return self._version

    def close(self) -> None:
        """Close the connection (waits for the queries still running)."""
        with self._state:
            while self._readers:
                self._state.wait()
            if self._con is not None:
                self._con.close()
            self._con, self._version = None, None
