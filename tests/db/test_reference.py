"""Reference data (data/*.csv): its version in force is recorded, refreshed when a file
changes, and a file that would make a figure wrong is refused."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

import db
import settings


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the shipped reference files, to edit."""
    folder = tmp_path / "data"
    folder.mkdir()
    for file_name, _ in db.REFERENCE_FILES.values():
        shutil.copy(settings.DATA_DIR / file_name, folder / file_name)
    return folder


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_records_the_version_of_each_file(tmp_path):
    con = db.connect(tmp_path / "d.duckdb")
    versions = dict(con.execute("select file_name, sha256 from reference_versions").fetchall())
    assert versions == {f: _sha(settings.DATA_DIR / f) for f, _ in db.REFERENCE_FILES.values()}
    assert db.stale_reference_files(con) == []
    assert not db.reference_status(con)["file_changed"].any()


def test_an_edited_file_is_loaded_at_the_next_write_and_logged(tmp_path, data_dir):
    con = db.connect(tmp_path / "d.duckdb")
    tariffs = data_dir / "tariffs.csv"
    lines = tariffs.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    price = header.index("vnd_per_year")
    edited = []
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] == "cpu_core":
            cells[price] = "1234567"
        edited.append(",".join(cells))
    tariffs.write_text("\n".join([lines[0], *edited]) + "\n", encoding="utf-8")

    assert db.stale_reference_files(con, data_dir) == ["tariffs.csv"]
    assert db.sync_reference_data(con, data_dir=data_dir) == ["tariffs.csv"]
    assert con.execute(
        "select vnd_per_year from tariffs where resource = 'cpu_core'"
    ).fetchall() == [(1234567,)]
    assert con.execute(
        "select count(*) from reference_log where file_name = 'tariffs.csv'"
    ).fetchall() == [(2,)]  # the first load and the refresh
    assert db.stale_reference_files(con, data_dir) == []


def _drop_resource(data_dir, resource):
    tariffs = data_dir / "tariffs.csv"
    lines = tariffs.read_text("utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if not line.startswith(resource + ",")]
    tariffs.write_text("\n".join(kept) + "\n", encoding="utf-8")


def test_a_tariff_missing_is_refused_and_the_version_in_force_kept(tmp_path, data_dir):
    con = db.connect(tmp_path / "d.duckdb")
    before = con.execute("select * from tariffs order by all").fetchall()
    _drop_resource(data_dir, "storage_tb")

    with pytest.raises(db.ReferenceDataError) as refused:
        db.refresh_reference_data(con, data_dir)
    assert "storage_tb" in str(refused.value)
    assert "tariffs.csv" in str(refused.value)
    # a write of an existing database goes on with the version in force
    assert db.sync_reference_data(con, data_dir=data_dir) == []
    assert con.execute("select * from tariffs order by all").fetchall() == before
    status = db.reference_status(con, data_dir)
    assert status.filter(status["file_name"] == "tariffs.csv")["file_changed"].to_list() == [True]


def test_a_new_database_cannot_start_with_a_refused_file(tmp_path, data_dir):
    _drop_resource(data_dir, "cpu_core")
    con = duckdb.connect(str(tmp_path / "n.duckdb"))
    db.ensure_schema(con)
    with pytest.raises(db.ReferenceDataError):
        db.sync_reference_data(con, force=True, data_dir=data_dir)


def test_an_agency_code_twice_is_refused(tmp_path, data_dir):
    agencies = data_dir / "agencies.csv"
    lines = agencies.read_text("utf-8").splitlines()
    agencies.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    con = db.connect(tmp_path / "d.duckdb")
    with pytest.raises(db.ReferenceDataError) as refused:
        db.refresh_reference_data(con, data_dir)
    assert lines[1].split(",")[0] in str(refused.value)
