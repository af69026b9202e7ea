"""Workbooks as agencies really send them: LibreOffice's .ods and the old Excel .xls load as
the .xlsx does; what still cannot be read is named, with what to do."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from loaders.kinds import detect
from loaders.workbook import FileRefused
from tests.loaders.builders import ingest, query, two_agencies_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: .ci/run installs it"
)


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory):
    """One workbook of all three forms, as .xlsx, and as LibreOffice saves it in .ods and .xls."""
    folder = tmp_path_factory.mktemp("formats")
    source = folder / "bieu_mau.xlsx"
    source.write_bytes(two_agencies_file())
    profile = folder / "profile"
    for target in ("ods", "xls"):
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return {kind: (folder / f"bieu_mau.{kind}").read_bytes() for kind in ("xlsx", "ods", "xls")}


def _stored(db_path):
    return {
        table: query(
            db_path, f"select * exclude (source_sha256, upload_id) from {table} order by all"
        )
        for table in ("assets", "plans", "migrations")
    }


@needs_libreoffice
@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_libreoffice_formats_load_as_the_xlsx_does(saved_by_libreoffice, db_path, tmp_path, kind):
    from tests.loaders.builders import copy_database

    reference_db = copy_database(db_path, tmp_path / "reference.duckdb")
    expected = ingest(saved_by_libreoffice["xlsx"], reference_db, name="bieu_mau.xlsx")
    assert expected.loaded

    content = saved_by_libreoffice[kind]
    assert detect(content, f"bieu_mau.{kind}") == kind
    # judged by content: the name says .xlsx
    result = ingest(content, db_path, name="bieu_mau.xlsx")

    assert result.loaded, [m.describe() for m in result.errors]
    assert (result.forms, result.rows_read, result.agencies) == (
        expected.forms,
        expected.rows_read,
        expected.agencies,
    )
    assert len(result.warnings) == len(expected.warnings)
    assert _stored(db_path) == _stored(reference_db)  # same rows, same source rows


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (b"Ma don vi;Ma tai san\r\nSO-TC;TC-01\r\n", "bieu.csv", "CSV"),
        ("Mã đơn vị\tMã tài sản\nSO-TC\tTC-01\n".encode(), "bieu.xlsx", "CSV"),
        (b"\x0cNguyen Van A" + b" " * 40 + b"\x00" * 100, "~$bieu_mau.xlsx", "tệp tạm Excel"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "bieu.pdf", "PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "anh_chup.png", "ảnh"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "scan.xlsx", "ảnh"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 64
            + "EncryptionInfo".encode("utf-16-le"),
            "bieu.xlsx",
            "mật khẩu",
        ),
    ],
)
def test_what_cannot_be_read_is_named_with_what_to_do(content, name, says):
    with pytest.raises(FileRefused) as refused:
        detect(content, name)
    message = str(refused.value)
    assert says in message
    assert "Đề nghị" in message


def test_a_refused_kind_reaches_the_clerk_as_one_error(db_path):
    result = ingest(b"%PDF-1.4\n", db_path, name="bieu_mau.pdf")
    assert not result.loaded
    assert len(result.errors) == 1 and "PDF" in result.errors[0].message
