"""The archive beside the database: the manifest agrees with `uploads`, rebuild refuses a
damaged archive without touching anything, and the demo never writes over real files."""

from __future__ import annotations

import json
from datetime import date

import pytest

from loaders import archive
from loaders.demo import build_demo
from loaders.ingest import RebuildError, rebuild
from tests.loaders.builders import load, query, two_agencies_file

DAY = date(2026, 6, 30)


def _files(folder):
    return sorted(
        (str(p.relative_to(folder)), p.read_bytes()) for p in folder.rglob("*") if p.is_file()
    )


@pytest.fixture
def loaded(db_path):
    """A database with two accepted uploads and its archive."""
    load(two_agencies_file(), db_path, report_date=DAY)
    load(two_agencies_file(tc_assets=("TC-07",)), db_path, report_date=date(2026, 9, 30))
    return db_path


def test_the_manifest_lists_every_upload_of_the_database(loaded):
    events = archive.read_manifest(loaded)
    uploads = query(loaded, "select upload_id, sha256, status from uploads order by 1")
    assert [(e["upload_id"], e["sha256"], e["status"]) for e in events] == uploads
    for _, sha, _ in uploads:
        assert archive.archive_path(sha, loaded).is_file()
    assert archive.check_manifest(events, loaded) == []


def _damage_sha(folder, manifest):
    lines = manifest.read_text("utf-8").splitlines()
    entry = json.loads(lines[0])
    entry["sha256"] = "không-phải-mã"
    manifest.write_text("\n".join([json.dumps(entry, ensure_ascii=False), *lines[1:]]) + "\n")
    return "không hợp lệ"


def _remove_file(folder, manifest):
    sha = json.loads(manifest.read_text("utf-8").splitlines()[1])["sha256"]
    archive.archive_path(sha, folder.parent / "dashboard.duckdb").unlink()
    return "không có tệp"


def _change_file(folder, manifest):
    sha = json.loads(manifest.read_text("utf-8").splitlines()[0])["sha256"]
    kept = archive.archive_path(sha, folder.parent / "dashboard.duckdb")
    kept.write_bytes(kept.read_bytes() + b"x")
    return "đã bị thay đổi"


def _garble_line(folder, manifest):
    manifest.write_text(manifest.read_text("utf-8") + "{ nửa dòng\n", encoding="utf-8")
    return "không đọc được"


@pytest.mark.parametrize("damage", [_damage_sha, _remove_file, _change_file, _garble_line])
def test_rebuild_refuses_a_damaged_archive_and_changes_nothing(loaded, damage):
    folder = archive.archive_dir(loaded)
    message = damage(folder, folder / archive.MANIFEST)
    archive_before = _files(folder)
    database_before = loaded.read_bytes()

    with pytest.raises(RebuildError) as refused:
        rebuild(loaded)

    assert message in str(refused.value)
    assert "giữ nguyên" in str(refused.value)
    assert loaded.read_bytes() == database_before
    assert _files(folder) == archive_before
    leftovers = [p.name for p in loaded.parent.iterdir() if ".next-" in p.name]
    assert leftovers == []


def test_the_demo_refuses_an_archive_of_real_files_and_leaves_it(loaded):
    folder = archive.archive_dir(loaded)
    archive_before = _files(folder)
    database_before = loaded.read_bytes()
    with pytest.raises(archive.ArchiveError) as refused:
        build_demo(loaded, replace=True)
    assert "tệp thật" in str(refused.value)
    assert loaded.read_bytes() == database_before
    assert _files(folder) == archive_before
