"""A crowd of loads while the app serves: eight agencies' workbooks loaded at once, each by its
own `python -m loaders ingest` process, while a running app (a real `streamlit run`) is read by
a browser and `python -m queries` reads the same file in a loop. All eight land, whole; the
counts add up; the archive's manifest agrees with `uploads`; no reader ever sees an error, and
the running app then shows the new total."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest

import formats
from queries.indicators import INDICATORS_BY_KEY
from tests.commands import PROJECT_DIR, run_module
from tests.loaders.builders import (
    assert_manifest_agrees,
    build,
    load,
    query,
    two_agencies_file,
    valid_inventory_row,
)
from tests.views.helpers import app_page, browser_tile, kpi_value, report_figures

CHROMIUM_PATH = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM_PATH.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
DAY = date(2026, 6, 30)
# eight departments of data/agencies.csv in the commune of the valid row (07210), none of
# them in the first upload (SO-TC, SO-TP); each sends a different number of servers
CROWD = {
    "VP-UBND": 1,
    "SO-NV": 2,
    "SO-CT": 3,
    "SO-XD": 4,
    "SO-NNMT": 5,
    "SO-KHCN": 6,
    "SO-DTTG": 7,
    "THANH-TRA": 8,
}
REMAINING = INDICATORS_BY_KEY["servers_remaining"].label
EXCEPTION = "[data-testid='stException']"
HANG_GUARD_SECONDS = 300  # not a speed target: only so a hung writer fails instead of waiting


def _workbooks(folder: Path) -> dict[str, Path]:
    """One Biểu 01 workbook per agency of the crowd, with its number of valid rows."""
    files = {}
    for agency, count in CROWD.items():
        rows = [
            valid_inventory_row(stt=n, agency_code=agency, asset_code=f"{agency}-{n:02}")
            for n in range(1, count + 1)
        ]
        path = folder / f"bieu_01_{agency.lower()}.xlsx"
        path.write_bytes(build("inventory", rows))
        files[agency] = path
    return files


def _ingest(workbook: Path, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loaders",
            "ingest",
            str(workbook),
            "--db",
            str(db_path),
            "--as-of",
            DAY.isoformat(),
            "--json",
            "--user",
            "dst.cli",
        ],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


class QueriesReader(threading.Thread):
    """`python -m queries kpis --json` on the live file, run again and again until stopped."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self.db_path = db_path
        self.stop = threading.Event()
        self.runs: list[tuple[int, str, int | None]] = []  # exit, stderr, servers remaining

    def run(self) -> None:
        while not self.stop.is_set():
            self.read_once()
        self.read_once()  # one more, started after every load had finished

    def read_once(self) -> None:
        """One run of the command, recorded."""
        done = run_module(
            "queries",
            "kpis",
            "--db",
            str(self.db_path),
            "--as-of",
            DAY.isoformat(),
            "--json",
            env={"DASHBOARD_ARCHIVE": None},
        )
        remaining = None
        if done.returncode == 0:
            remaining = json.loads(done.stdout)["servers_remaining"]
        self.runs.append((done.returncode, done.stderr, remaining))


def test_eight_agencies_loaded_at_once_while_the_app_serves_all_land(
    db_path, tmp_path, monkeypatch, capsys
):
    from tools.screenshot import free_port, serve, wait_for_app

    monkeypatch.delenv("DASHBOARD_ARCHIVE", raising=False)  # the archive beside the database
    load(two_agencies_file(), db_path, report_date=DAY)  # SO-TC's 2 servers, SO-TP's 1
    assets_before = query(db_path, "select count(*) from assets")[0][0]
    remaining_before = kpi_value(db_path, "servers_remaining", DAY)
    assert (assets_before, remaining_before) == (3, 3)
    files = _workbooks(tmp_path)
    added = sum(CROWD.values())

    port = free_port()
    server = serve(db_path, port)
    reader = QueriesReader(db_path)
    seen_in_browser: list[str] = []
    loads: dict[str, subprocess.Popen] = {}
    try:
        with app_page(port, "/", height=1200) as page:
            assert browser_tile(page, REMAINING) == formats.format_number(remaining_before)

            reader.start()
            started = time.monotonic()
            loads = {agency: _ingest(path, db_path) for agency, path in files.items()}
            outputs: dict[str, tuple[str, str]] = {}
            finished: dict[str, float] = {}

            def wait(agency: str) -> None:
                outputs[agency] = loads[agency].communicate(timeout=HANG_GUARD_SECONDS)
                finished[agency] = time.monotonic() - started

            waiters = [threading.Thread(target=wait, args=(a,), daemon=True) for a in loads]
            for waiter in waiters:
                waiter.start()
            reloads = 0
            while len(finished) < len(loads):
                assert time.monotonic() - started < HANG_GUARD_SECONDS, "the loads hung"
                page.reload()  # read the overview again while the loads run
                wait_for_app(page)
                assert page.locator(EXCEPTION).count() == 0, page.inner_text("body")
                seen_in_browser.append(browser_tile(page, REMAINING))
                reloads += 1
            for waiter in waiters:
                waiter.join()
            crowd_seconds = max(finished.values())
            reader.stop.set()
            reader.join(timeout=180)
            assert not reader.is_alive(), "the queries reader hung"

            page.reload()
            wait_for_app(page)
            shown = browser_tile(page, REMAINING)
            assert page.locator(EXCEPTION).count() == 0
    finally:
        reader.stop.set()
        for process in loads.values():
            if process.poll() is None:  # a failed assertion above: leave no load running
                process.kill()
        server.terminate()
        server.wait(timeout=10)

    # every load landed, whole
    for agency, process in loads.items():
        out, err = outputs[agency]
        assert process.returncode == 0, (agency, out, err)
        assert "Traceback" not in err, (agency, err)
        result = json.loads(out)
        assert (result["status"], result["rows_loaded"]) == ("loaded", CROWD[agency]), result
    uploads = query(
        db_path,
        "select agencies, rows_loaded, status from uploads where uploaded_by = 'dst.cli' "
        "order by upload_id",
    )
    assert len(uploads) == 8
    assert sorted((a, n) for a, n, _ in uploads) == sorted(([a], n) for a, n in CROWD.items())
    assert {status for *_, status in uploads} == {"loaded"}
    # the counts add up: each agency has exactly the rows its file had, and nothing was lost
    per_agency = dict(
        query(db_path, "select agency_code, count(*) from assets group by 1 order by 1")
    )
    assert per_agency == {**CROWD, "SO-TC": 2, "SO-TP": 1}
    assert query(db_path, "select count(*) from assets")[0][0] == assets_before + added
    remaining_after = kpi_value(db_path, "servers_remaining", DAY)
    assert remaining_after == remaining_before + added
    assert_manifest_agrees(db_path)
    assert not list(db_path.parent.glob("*.next-*"))

    # no reader ever saw an error, and each saw the loads land one by one, never undone
    assert reader.runs, "the queries reader never ran"
    for code, err, _ in reader.runs:
        assert code == 0 and "Traceback" not in err, err
    read = [remaining for *_, remaining in reader.runs]
    assert read == sorted(read)
    assert remaining_before <= read[0] and read[-1] == remaining_after
    possible = {formats.format_number(n) for n in range(remaining_before, remaining_after + 1)}
    assert set(seen_in_browser) <= possible, seen_in_browser
    # the running app shows the new total
    assert shown == formats.format_number(remaining_after)

    report_figures(
        capsys,
        "crowd",
        f"8 ingests at once: all done after {crowd_seconds:.1f} s "
        f"(each finished at {', '.join(f'{s:.1f}' for s in sorted(finished.values()))} s); "
        f"{reloads} browser reloads, {len(reader.runs)} queries runs "
        f"(values {sorted(set(read))}) during them",
    )
