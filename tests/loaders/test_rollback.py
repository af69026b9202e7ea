"""Rolling back an upload: the snapshots it replaced come back exactly, and rebuild agrees."""

from __future__ import annotations

from datetime import date

import pytest

from loaders import archive
from loaders.ingest import rebuild
from loaders.rollback import RollbackRefused, roll_back
from tests.loaders.builders import (
    build,
    groups_disagreeing,
    load,
    query,
    table_contents,
    two_agencies_file,
    valid_inventory_row,
)

DAY = date(2026, 6, 30)


def _assets(db_path):
    return query(db_path, "select agency_code, asset_code, upload_id from assets order by 1, 2")


def test_rolling_back_a_reupload_brings_back_the_snapshot_it_replaced(db_path):
    first = load(two_agencies_file(tc_assets=("TC-01", "TC-02")), db_path, report_date=DAY)
    before = table_contents(db_path)
    # SO-TC sends its inventory again: one asset instead of two; SO-TP is not in the file
    again = build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-09")])
    second = load(again, db_path, report_date=DAY)
    assert _assets(db_path) == [
        ("SO-TC", "TC-09", second.upload_id),
        ("SO-TP", "TP-01", first.upload_id),
    ]

    result = roll_back(second.upload_id, rolled_back_by="dst", db_path=db_path)

    assert (result.rows_removed, result.rows_restored) == (1, 2)
    assert groups_disagreeing(db_path) == []  # the indicators' groups came back with the rows
    after = table_contents(db_path)
    for table in ("assets", "plans", "migrations"):
        assert after[table] == before[table], table  # exactly as before the re-upload
    assert query(db_path, "select status from uploads order by upload_id") == [
        ("loaded",),
        ("rolled_back",),
    ]
    assert query(
        db_path, "select upload_id, after_upload, rolled_back_by, rows_removed from rollbacks"
    ) == [(second.upload_id, second.upload_id, "dst", 1)]
    # the manifest logs the roll-back after the upload it undid
    events = archive.read_manifest(db_path)
    assert [e["event"] for e in events] == ["upload", "upload", "rollback"]


def test_an_upload_partly_replaced_later_cannot_be_rolled_back_first(db_path):
    first = load(two_agencies_file(), db_path, report_date=DAY)
    load(
        build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-09")]),
        db_path,
        report_date=DAY,
    )
    before = table_contents(db_path)
    with pytest.raises(RollbackRefused) as refused:
        roll_back(first.upload_id, rolled_back_by="dst", db_path=db_path)
    assert f"Lần nạp số {first.upload_id}" in str(refused.value)
    assert table_contents(db_path) == before  # nothing changed


def test_a_rolled_back_upload_cannot_be_rolled_back_twice(db_path):
    upload = load(two_agencies_file(), db_path, report_date=DAY)
    roll_back(upload.upload_id, rolled_back_by="dst", db_path=db_path)
    assert query(db_path, "select count(*) from assets") == [(0,)]
    with pytest.raises(RollbackRefused):
        roll_back(upload.upload_id, rolled_back_by="dst", db_path=db_path)
    with pytest.raises(RollbackRefused):
        roll_back(999, rolled_back_by="dst", db_path=db_path)


def test_rebuild_replays_the_roll_backs(db_path):
    load(two_agencies_file(), db_path, report_date=DAY)
    second = load(
        build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-09")]),
        db_path,
        report_date=DAY,
    )
    roll_back(second.upload_id, rolled_back_by="dst", db_path=db_path)
    load(two_agencies_file(tc_assets=("TC-05",)), db_path, report_date=date(2026, 9, 30))
    every_table = "select * from {} order by all"
    tables = (
        "assets",
        "plans",
        "migrations",
        "uploads",
        "rollbacks",
        "assets_replaced",
        "inventory_groups",
    )
    before = {t: query(db_path, every_table.format(t)) for t in tables}

    db_path.unlink()
    rebuild(db_path)

    assert {t: query(db_path, every_table.format(t)) for t in tables} == before
