"""The upload page's work: a preview writes nothing live and says what the load will change;
the confirmed load does exactly that; confirming the same content again changes nothing."""

from __future__ import annotations

from datetime import date

import polars as pl

from loaders import archive
from tests.loaders.builders import (
    build,
    load,
    query,
    table_contents,
    two_agencies_file,
    valid_inventory_row,
)
from ui.upload import UploadedFile, load_files, preview
from vocabulary import ASSET_STATUSES

DAY = date(2026, 6, 30)


def _file(rows, name="bieu_01.xlsx"):
    return UploadedFile(name, build("inventory", rows))


def test_a_preview_writes_nothing_and_counts_what_changes(db_path):
    load(two_agencies_file(tc_assets=("TC-01", "TC-02")), db_path, report_date=DAY)
    before = table_contents(db_path)
    live_bytes = db_path.read_bytes()
    manifest = archive.read_manifest(db_path)
    # SO-TC again: TC-01 now consolidated, TC-02 gone, TC-03 new
    upload = _file(
        [
            valid_inventory_row(
                agency_code="SO-TC", asset_code="TC-01", status=ASSET_STATUSES["consolidated"]
            ),
            valid_inventory_row(agency_code="SO-TC", asset_code="TC-03"),
        ]
    )

    shown = preview([upload], DAY, uploaded_by="dst", db_path=db_path)

    assert db_path.read_bytes() == live_bytes and table_contents(db_path) == before
    assert archive.read_manifest(db_path) == manifest
    (result,) = shown.results
    assert result.loaded and not result.unchanged and shown.loadable
    change = shown.changes.to_dicts()
    assert [c["agency_code"] for c in change] == ["SO-TC"]
    assert change[0]["snapshots_replaced"].startswith("Biểu 01")
    assert change[0]["snapshots_added"] == ""
    assert (change[0]["assets_added"], change[0]["assets_removed"]) == (1, 1)
    assert change[0]["status_changed"] == 1
    assert "TC-01" in change[0]["status_changes"]
    headline = {r["key"]: (r["before"], r["after"]) for r in shown.headline.to_dicts()}
    # SO-TC had 2 servers running, now 1 (TC-03) and TC-01 done; SO-TP's one is unchanged
    assert headline["servers_remaining"] == (3.0, 2.0)


def test_the_confirmed_load_does_what_the_preview_said(db_path):
    load(two_agencies_file(), db_path, report_date=DAY)
    upload = _file([valid_inventory_row(agency_code="SO-TP", asset_code="TP-09")])
    shown = preview([upload], DAY, uploaded_by="dst", db_path=db_path)

    (result,) = load_files([upload], DAY, uploaded_by="dst", db_path=db_path)

    assert result.loaded and result.upload_id == 2
    remaining = query(db_path, "select count(*) from assets where agency_code = 'SO-TP'")
    assert remaining == [(1,)]
    assert shown.changes["assets_added"].to_list() == [1]
    assert query(db_path, "select uploaded_by, status from uploads order by upload_id") == [
        ("pytest", "loaded"),
        ("dst", "loaded"),
    ]


def test_confirming_the_same_content_twice_changes_nothing(db_path):
    upload = _file([valid_inventory_row(agency_code="SO-TC", asset_code="TC-01")])
    load_files([upload], DAY, uploaded_by="dst", db_path=db_path)
    version = db_path.stat().st_ino, db_path.stat().st_mtime_ns

    again = preview([upload], DAY, uploaded_by="dst", db_path=db_path)
    (result,) = load_files([upload], DAY, uploaded_by="dst", db_path=db_path)

    assert again.results[0].unchanged and not again.loadable
    assert again.changes.height == 0
    assert result.unchanged
    assert (db_path.stat().st_ino, db_path.stat().st_mtime_ns) == version  # no write at all
    assert query(db_path, "select count(*) from uploads") == [(1,)]


def test_an_agency_account_loads_only_its_own_rows(db_path):
    upload = UploadedFile("hai_don_vi.xlsx", two_agencies_file())
    shown = preview([upload], DAY, uploaded_by="so-tc", allowed_agencies={"SO-TC"}, db_path=db_path)
    (result,) = shown.results
    assert not result.loaded
    assert {m.agency_code for m in result.errors} == {"SO-TP"}
    assert shown.changes.height == 0
    assert isinstance(shown.headline, pl.DataFrame)
