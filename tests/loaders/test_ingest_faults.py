"""kill -9 of an ingest at every point of its run: the database opens afterwards and holds
exactly the state before or exactly the state after; once the next start has reconciled it,
the archive's manifest agrees with `uploads`, and `rebuild` reproduces the database exactly."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

from loaders import archive
from loaders.ingest import rebuild
from tests.commands import run_module
from tests.loaders.builders import (
    assert_manifest_agrees,
    build,
    groups_disagreeing,
    load,
    query,
    two_agencies_file,
    valid_inventory_row,
)

DAY = date(2026, 6, 30)
TABLES = ("assets", "plans", "migrations", "uploads", "assets_replaced", "inventory_groups")
# before the database is opened, during validation, during the load, around the swap, after
POINTS_BEFORE = [
    "ingest-start",
    "write-copied",
    "ingest-validated",
    "ingest-loaded",
    "write-closed",
    "write-before-swap",
]
POINTS_AFTER = ["write-swapped", "archive-manifest-written"]


def _state(db_path):
    # the upload's time is when it ran: the crashed run and the reference ran apart
    columns = {"uploads": "* exclude (uploaded_at)"}
    return {
        t: query(db_path, f"select {columns.get(t, '*')} from {t} order by all") for t in TABLES
    }


@pytest.fixture
def started(db_path, tmp_path):
    """A database with one upload, the file of a second one, and the state after it."""
    load(two_agencies_file(), db_path, report_date=DAY)
    second = tmp_path / "bieu_01_lan_2.xlsx"
    second.write_bytes(
        build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-77")])
    )
    reference = tmp_path / "reference" / "dashboard.duckdb"
    reference.parent.mkdir()
    shutil.copy(db_path, reference)
    shutil.copytree(archive.archive_dir(db_path), archive.archive_dir(reference))
    (archive.archive_dir(reference) / archive.OWNER).write_text(str(reference.resolve()) + "\n")
    return db_path, second, reference


def _crash(db_path, workbook, point):
    env = {"DASHBOARD_FAULT_AT": point, "DASHBOARD_ARCHIVE": None}
    return run_module(
        "loaders",
        "ingest",
        str(workbook),
        "--db",
        str(db_path),
        "--as-of",
        DAY.isoformat(),
        env=env,
    )


@pytest.mark.parametrize("point", POINTS_BEFORE + POINTS_AFTER)
def test_kill_9_leaves_the_state_before_or_after(started, point):
    db_path, workbook, reference = started
    before = _state(db_path)
    after_process = run_module(
        "loaders",
        "ingest",
        str(workbook),
        "--db",
        str(reference),
        "--as-of",
        DAY.isoformat(),
        env={"DASHBOARD_ARCHIVE": None},
    )
    assert after_process.returncode == 0, after_process.stderr
    after = _state(reference)

    crashed = _crash(db_path, workbook, point)

    assert crashed.returncode == -9, crashed.stderr
    state = _state(db_path)
    if point in POINTS_AFTER:
        assert state == after
    else:
        assert state == before
    assert groups_disagreeing(db_path) == []
    archive.reconcile(db_path)  # what the next start does
    assert_manifest_agrees(db_path)
    # rebuild from the archive alone gives the same database
    saved = _state(db_path)
    os.remove(db_path)
    rebuild(db_path)
    assert _state(db_path) == saved
    # and the next load lands
    assert load(two_agencies_file(tc_assets=("TC-88",)), db_path, report_date=DAY).loaded
    assert_manifest_agrees(db_path)
    assert not list(db_path.parent.glob("*.next-*"))
