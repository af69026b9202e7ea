"""The write path's swap: writers in turn, readers never see part of a write, crashes leave
the state before or after. Real processes, real kill -9."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from db import store

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _make(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table ledger (writer varchar, amount integer)")
    con.execute("insert into ledger values ('start', 0)")
    con.close()


def _add(path: Path, writer: str, amount: int = 1, **options) -> None:
    """One write that adds a pair of rows summing to zero and one row of `amount`."""
    with store.writing(path, **options) as write:
        write.con.execute(
            "insert into ledger values (?, ?), (?, ?), (?, ?)",
            [writer, 1000, writer, -1000, writer, amount],
        )


def _script(body: str) -> list[str]:
    prelude = f"import sys; sys.path.insert(0, {str(PROJECT_DIR)!r})\n"
    return [sys.executable, "-c", prelude + textwrap.dedent(body)]


def _rows(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(con.execute("select writer, amount from ledger").fetchall())
    finally:
        con.close()


def test_a_write_goes_live_whole_and_an_open_reader_moves_to_it(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    live = store.LiveDatabase(path)
    with live.cursor() as cur:
        assert cur.execute("select count(*) from ledger").fetchall() == [(1,)]
    before = live.loaded_version()
    _add(path, "a")
    with live.cursor() as cur:
        assert cur.execute("select count(*), sum(amount) from ledger").fetchall() == [(4, 1)]
    assert live.loaded_version() != before
    assert not list(tmp_path.glob("*.next-*"))
    live.close()


def test_an_error_inside_the_write_leaves_the_live_file_as_it_was(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    version = store.data_version(path)
    with pytest.raises(ValueError), store.writing(path) as write:
        write.con.execute("insert into ledger values ('x', 5)")
        raise ValueError("the load failed half-way")
    assert store.data_version(path) == version
    assert _rows(path) == [("start", 0)]
    assert not list(tmp_path.glob("*.next-*"))


def test_writers_started_at_once_from_separate_processes_all_land(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    writers = [
        subprocess.Popen(
            _script(
                f"""
                from pathlib import Path
                from tests.db.test_store import _add
                _add(Path({str(path)!r}), "w{n}", amount={n})
                """
            ),
            cwd=PROJECT_DIR,
        )
        for n in range(1, 9)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0] * 8
    rows = _rows(path)
    assert sum(amount for _, amount in rows) == sum(range(1, 9))
    assert len(rows) == 1 + 8 * 3


def test_a_reader_process_sees_every_write_whole_and_never_an_error(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    reader = subprocess.Popen(
        _script(
            f"""
            import time
            from pathlib import Path
            from db.store import LiveDatabase
            live = LiveDatabase(Path({str(path)!r}))
            seen, end = set(), time.monotonic() + 6
            while time.monotonic() < end:
                with live.cursor() as cur:
                    count, total = cur.execute(
                        "select count(*), sum(amount) from ledger").fetchall()[0]
                # every write adds 3 rows that sum to 1: a part of one would break this
                assert count == 1 + 3 * total, (count, total)
                seen.add(total)
            print(len(seen))
            """
        ),
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    for n in range(10):
        _add(path, f"w{n}")
        time.sleep(0.2)
    out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0
    assert int(out) >= 5  # it saw the writes as they landed


def test_readers_in_threads_while_writes_land(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    live = store.LiveDatabase(path)
    failures: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                with live.cursor() as cur:
                    count, total = cur.execute(
                        "select count(*), sum(amount) from ledger"
                    ).fetchall()[0]
                    assert count == 1 + 3 * total
        except BaseException as exc:  # collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n in range(8):
        _add(path, f"w{n}")
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures
    with live.cursor() as cur:
        assert cur.execute("select sum(amount) from ledger").fetchall() == [(8,)]
    live.close()


def test_a_write_waits_a_bounded_time_and_says_so(tmp_path):
    path = tmp_path / "live.duckdb"
    _make(path)
    holder = subprocess.Popen(
        _script(
            f"""
            import time
            from pathlib import Path
            from db.store import writer_lock
            with writer_lock(Path({str(path)!r})):
                print("held", flush=True)
                time.sleep(5)
            """
        ),
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    told: list[str] = []
    started = time.monotonic()
    with pytest.raises(store.WriteBusyError, match="chưa xong sau 1 giây"):
        _add(path, "late", wait_seconds=1, on_wait=told.append)
    assert 0.9 < time.monotonic() - started < 4
    assert told == ["Đang chờ một lần cập nhật dữ liệu khác ghi xong…"]
    # it waits while the other finishes, then lands
    _add(path, "patient", wait_seconds=30)
    holder.wait(timeout=30)
    assert ("patient", 1) in _rows(path)


@pytest.mark.parametrize(
    "point", ["write-copied", "write-closed", "write-before-swap", "write-swapped"]
)
def test_kill_9_at_each_point_leaves_the_state_before_or_after(tmp_path, point):
    path = tmp_path / "live.duckdb"
    _make(path)
    crashed = subprocess.run(
        _script(
            f"""
            from pathlib import Path
            from tests.db.test_store import _add
            _add(Path({str(path)!r}), "crashed")
            """
        ),
        cwd=PROJECT_DIR,
        env={**__import__("os").environ, "DASHBOARD_FAULT_AT": point},
        timeout=60,
    )
    assert crashed.returncode == -9
    after = _rows(path)
    if point == "write-swapped":
        assert after == sorted(
            [("start", 0), ("crashed", 1000), ("crashed", -1000), ("crashed", 1)]
        )
    else:
        assert after == [("start", 0)]
    # the lock died with the process; the next writer removes the stale copy and lands
    _add(path, "next", wait_seconds=5)
    assert ("next", 1) in _rows(path)
    assert not list(tmp_path.glob("*.next-*"))
