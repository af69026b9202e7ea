"""Loads while the app serves, with real processes: `python -m loaders ingest` runs while a
browser reads the pages of a running app; no page shows an error, and the next page opened
shows the new figures, with no restart and no cache to clear."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import formats
from queries.indicators import INDICATORS_BY_KEY
from tests.conftest import SECOND_DATE
from tests.loaders.builders import build, valid_inventory_row
from tests.views.helpers import app_page, browser_tile, kpi_value

CHROMIUM_PATH = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM_PATH.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
ROOT = Path(__file__).resolve().parents[2]
REMAINING = INDICATORS_BY_KEY["servers_remaining"].label


def _remaining(db_path: Path) -> int:
    return kpi_value(db_path, "servers_remaining", SECOND_DATE)


def test_a_command_line_load_shows_in_the_running_app(fixture_db, tmp_path):
    from tools.screenshot import free_port, serve, wait_for_app

    live = tmp_path / "dashboard.duckdb"
    shutil.copy(fixture_db, live)
    before = _remaining(live)
    workbook = tmp_path / "them_may_chu.xlsx"
    rows = [valid_inventory_row(agency_code="SO-TC", asset_code=f"MOI-{n:02}") for n in range(7)]
    workbook.write_bytes(build("inventory", rows))

    port = free_port()
    server = serve(live, port)
    try:
        with app_page(port, "/", height=1200) as page:
            base = page.base
            assert browser_tile(page, REMAINING) == formats.format_number(before)

            load = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "loaders",
                    "ingest",
                    str(workbook),
                    "--db",
                    str(live),
                    "--as-of",
                    SECOND_DATE.isoformat(),
                    "--user",
                    "dst.cli",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            opened = 0
            deadline = time.monotonic() + 120
            while load.poll() is None and time.monotonic() < deadline:
                page.goto(base + "/tien-do")  # read a page while the load runs
                wait_for_app(page)
                assert page.locator("[data-testid='stException']").count() == 0
                opened += 1
            out, err = load.communicate(timeout=60)
            assert load.returncode == 0, out + err

            page.goto(base + "/")
            wait_for_app(page)
            after = _remaining(live)
            assert after > before  # SO-TC's snapshot now holds 7 running servers
            assert browser_tile(page, REMAINING) == formats.format_number(after)
            assert page.locator("[data-testid='stException']").count() == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert opened >= 1
