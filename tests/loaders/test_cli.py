"""`python -m loaders` as DST's scripts call it (spec/interfaces.md): ingest, rebuild, and wrong usage."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from loaders.ingest import ingest_file
from tests.commands import PROJECT_DIR, run_module
from tests.loaders.builders import (
    DATA_TABLES,
    add_form_sheet,
    is_vietnamese,
    new_workbook,
    query,
    table_contents,
    valid_inventory_row,
    valid_migration_row,
    valid_plan_row,
    workbook_bytes,
)

JSON_KEYS = {"status", "forms", "rows_read", "rows_loaded", "errors", "warnings"}
MESSAGE_KEYS = {"sheet", "row", "column", "value", "message"}


def run(*args: str, db: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run `python -m loaders ARGS` from the project root, with DASHBOARD_DB set to `db`."""
    env = {"DASHBOARD_DB": str(db), "DASHBOARD_ARCHIVE": None}
    return run_module("loaders", *args, env=env, stdin=stdin)


def no_traceback(process: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in process.stderr + process.stdout, process.stderr


def one_json_object(process: subprocess.CompletedProcess[str]) -> dict:
    """Stdout holds exactly one JSON object (nothing before or after it)."""
    data = json.loads(process.stdout)
    assert isinstance(data, dict)
    return data


def _file_with_a_warning() -> bytes:
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02", annual_cost_vnd=0)],
        title_block=True,
    )
    add_form_sheet(workbook, "plans", [valid_plan_row()])
    add_form_sheet(workbook, "migrations", [valid_migration_row(source_asset_code="TC-01")])
    return workbook_bytes(workbook)


def _bad_file() -> bytes:
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(utilization_pct=150),
            valid_inventory_row(asset_code="TC-02", ram_gb="abc"),
        ],
        headers={"ram_gb": "Ram (Gb)"},
        title_block=True,
    )
    return workbook_bytes(workbook)


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "bieu_mau.xlsx"
    path.write_bytes(_file_with_a_warning())
    return path


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bieu_loi.xlsx"
    path.write_bytes(_bad_file())
    return path


@pytest.fixture
def new_db(tmp_path: Path) -> Path:
    """Where the command is to create the database: neither the file nor its folder exist yet."""
    return tmp_path / "db" / "dashboard.duckdb"


def test_json_of_a_loaded_file(good_file, new_db):
    process = run(
        "ingest",
        str(good_file),
        "--db",
        str(new_db),
        "--as-of",
        "2026-03-31",
        "--json",
        db=new_db,
    )
    no_traceback(process)
    assert process.returncode == 0, process.stderr
    data = one_json_object(process)
    assert set(data) >= JSON_KEYS
    assert data["status"] == "loaded"
    assert data["forms"] == ["inventory", "plans", "migrations"]
    assert data["rows_read"] == data["rows_loaded"] == 4
    assert data["errors"] == []
    assert len(data["warnings"]) == 1
    warning = data["warnings"][0]
    assert set(warning) >= MESSAGE_KEYS
    assert warning["sheet"] == "Biểu 01 - Máy chủ"
    assert warning["row"] == 6
    assert warning["column"] == "Chi phí vận hành/năm (VNĐ)"
    assert is_vietnamese(warning["message"])
    # --as-of is the report date of every row
    for table in DATA_TABLES:
        assert query(new_db, f"select distinct cast(report_date as varchar) from {table}") == [
            ("2026-03-31",)
        ]


def test_json_of_a_rejected_file(bad_file, new_db):
    process = run(
        "ingest", str(bad_file), "--db", str(new_db), "--as-of", "2026-06-30", "--json", db=new_db
    )
    no_traceback(process)
    assert process.returncode == 1
    data = one_json_object(process)
    assert set(data) >= JSON_KEYS
    assert data["status"] == "rejected"
    assert data["rows_loaded"] == 0
    assert len(data["errors"]) == 2
    for error in data["errors"]:
        assert set(error) >= MESSAGE_KEYS
        assert error["sheet"] == "Biểu 01 - Máy chủ"
        assert isinstance(error["row"], int)
        assert is_vietnamese(error["message"])
    assert sorted((e["row"], e["column"]) for e in data["errors"]) == [
        (5, "Hiệu suất sử dụng (%)"),
        (6, "Ram (Gb)"),
    ]
    assert {e["value"] for e in data["errors"]} >= {"abc"}
    contents = table_contents(new_db)
    assert all(contents[t] == [] for t in DATA_TABLES)
    assert query(new_db, "select status from uploads") == [("rejected",)]


def test_plain_output_of_a_rejected_file(bad_file, new_db):
    process = run("ingest", str(bad_file), "--db", str(new_db), db=new_db)
    no_traceback(process)
    assert process.returncode == 1
    assert is_vietnamese(process.stdout)
    assert "Ram (Gb)" in process.stdout  # the column as written in the file
    assert "dòng 6" in process.stdout  # the Excel row


def test_not_a_workbook_is_rejected_without_a_traceback(tmp_path, new_db):
    path = tmp_path / "khong_phai.xlsx"
    path.write_text("đây không phải là bảng tính", encoding="utf-8")
    process = run("ingest", str(path), "--db", str(new_db), "--json", db=new_db)
    no_traceback(process)
    assert process.returncode == 1
    data = one_json_object(process)
    assert data["status"] == "rejected"
    assert len(data["errors"]) == 1


ENGLISH = ("usage:", "positional arguments", "options:", "error:", "show this help", "required")
WRONG_USAGE = [
    (
        ("ingest", "{file}", "--as-of", "30/06/2026"),
        "ingest",
        "--as-of: ngày “30/06/2026” không hợp lệ, đề nghị viết theo dạng YYYY-MM-DD (ví dụ 2026-06-30)",
    ),
    (
        ("ingest", "{file}", "--as-of", "2026-13-01"),
        "ingest",
        "--as-of: ngày “2026-13-01” không hợp lệ, đề nghị viết theo dạng YYYY-MM-DD (ví dụ 2026-06-30)",
    ),
    (("ingest",), "ingest", "thiếu TỆP.xlsx"),
    (("ingest", "{file}", "--khong-co"), "", "không hiểu tham số --khong-co"),
    (
        ("ingest", "{file}", "--d", "x"),
        "ingest",
        "tùy chọn --d không rõ, có thể là --db, --dry-run",
    ),
    (("ingest", "{file}", "--json=1"), "ingest", "--json không nhận giá trị '1'"),
    (("demo", "--db"), "demo", "--db cần một giá trị"),
    (("template",), "template", "thiếu ĐƯỜNG_DẪN.xlsx"),
    (("template", "mau.xlsx", "--db", "{db}"), "", "không hiểu tham số --db {db}"),
    ((), "", "thiếu LỆNH"),
    (
        ("khong-co-lenh",),
        "",
        "không có lệnh 'khong-co-lenh'; hãy chọn một trong 'demo', 'template', 'ingest', 'rebuild', 'user'",
    ),
]


@pytest.mark.parametrize(
    ("args", "command", "message"),
    WRONG_USAGE,
    ids=[
        "as-of day first",
        "as-of month 13",
        "missing file argument",
        "unknown option",
        "ambiguous option",
        "value for a flag",
        "db without a path",
        "template without a path",
        "template takes no db",
        "no command",
        "unknown command",
    ],
)
def test_wrong_usage_is_told_in_vietnamese_and_exits_2(good_file, new_db, args, command, message):
    fill = {"file": good_file, "db": new_db}
    process = run(*(a.format(**fill) for a in args), db=new_db)
    no_traceback(process)
    assert process.returncode == 2, process.stdout + process.stderr
    first, _, help_text = process.stderr.partition("\n\n")
    assert first == (
        f"Lệnh không đúng cú pháp: {message.format(**fill)}. "
        "Đề nghị sửa lệnh theo cách dùng dưới đây."
    )
    # then the help of the command concerned, in Vietnamese
    assert help_text.startswith(f"Cách dùng: python -m loaders {command}".rstrip())
    assert not [word for word in ENGLISH if word in process.stderr.lower()]
    assert process.stdout == ""
    assert not new_db.exists()


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (
            ("--help",),
            ["Cách dùng: python -m loaders [-h] LỆNH ...", "Tham số:", "Tùy chọn:", "    demo "],
        ),
        (
            ("ingest", "--help"),
            [
                "Cách dùng: python -m loaders ingest",
                "  --as-of YYYY-MM-DD",
                "ngày số liệu (mặc định: hôm nay)",
            ],
        ),
        (("template", "-h"), ["Cách dùng: python -m loaders template [-h] ĐƯỜNG_DẪN.xlsx"]),
    ],
    ids=["commands", "ingest", "template"],
)
def test_help_is_vietnamese(new_db, args, lines):
    process = run(*args, db=new_db)
    assert process.returncode == 0, process.stderr
    for line in lines:
        assert line in process.stdout
    assert "  -h, --help" in process.stdout and "in hướng dẫn này rồi thoát" in process.stdout
    assert not [word for word in ENGLISH if word in process.stdout.lower()]


def test_db_defaults_to_dashboard_db(good_file, tmp_path):
    new_db = tmp_path / "tu_bien_moi_truong.duckdb"
    process = run("ingest", str(good_file), "--json", db=new_db)
    assert process.returncode == 0, process.stderr
    assert new_db.exists()
    assert query(new_db, "select count(*) from assets") == [(2,)]


def test_dry_run_does_not_create_a_database(good_file, bad_file, new_db):
    process = run("ingest", str(good_file), "--db", str(new_db), "--dry-run", "--json", db=new_db)
    assert process.returncode == 0, process.stderr
    data = one_json_object(process)
    assert data["status"] == "loaded"
    assert data["rows_read"] == 4
    assert len(data["warnings"]) == 1  # reports exactly as a load would
    rejected = run("ingest", str(bad_file), "--db", str(new_db), "--dry-run", "--json", db=new_db)
    assert rejected.returncode == 1
    assert len(one_json_object(rejected)["errors"]) == 2
    assert not new_db.exists()
    assert not new_db.parent.exists() or not any(new_db.parent.iterdir())


def test_dry_run_writes_nothing_to_an_existing_database(good_file, bad_file, new_db, tmp_path):
    other = tmp_path / "khac.xlsx"
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [valid_inventory_row(asset_code="TC-99")])
    other.write_bytes(workbook_bytes(workbook))
    assert ingest_file(good_file, db_path=new_db).loaded  # in-process: faster than a subprocess
    before = table_contents(new_db)
    archive = sorted(p.name for p in new_db.parent.rglob("*"))
    for path, status in ((other, 0), (bad_file, 1)):
        process = run("ingest", str(path), "--db", str(new_db), "--dry-run", db=new_db)
        assert process.returncode == status, process.stdout + process.stderr
    assert table_contents(new_db) == before  # not even a row in uploads
    assert sorted(p.name for p in new_db.parent.rglob("*")) == archive


def test_ingest_into_a_new_path_creates_the_database_with_reference_tables_only(good_file, new_db):
    assert not new_db.parent.exists()
    process = run("ingest", str(good_file), "--db", str(new_db), db=new_db)
    assert process.returncode == 0, process.stderr
    assert is_vietnamese(process.stdout)
    assert new_db.exists()
    reference = {
        "communes": len((PROJECT_DIR / "data" / "communes.csv").read_text("utf-8").splitlines())
        - 1,
        "agencies": len((PROJECT_DIR / "data" / "agencies.csv").read_text("utf-8").splitlines())
        - 1,
    }
    for table, count in reference.items():
        assert query(new_db, f"select count(*) from {table}") == [(count,)]
    # no demo rows: only what the file held
    assert query(new_db, "select agency_code, asset_code from assets order by 2") == [
        ("SO-TC", "TC-01"),
        ("SO-TC", "TC-02"),
    ]
    assert query(new_db, "select count(*) from plans") == [(1,)]
    assert query(new_db, "select count(*) from migrations") == [(1,)]
    assert query(new_db, "select uploaded_by, status from uploads") == [("cli", "loaded")]


def _snapshot(path: Path, exclude: str | None = "upload_id") -> dict:
    contents = table_contents(path)
    columns = f"* exclude ({exclude})" if exclude else "*"
    contents["uploads"] = query(path, f"select {columns} from uploads order by upload_id")
    return contents


def _delete_database(path: Path) -> None:
    path.unlink()
    path.with_name(path.name + ".wal").unlink(missing_ok=True)


def test_rebuild_recreates_the_database_from_the_archive(good_file, tmp_path, new_db):
    second = tmp_path / "bieu_02_moi.xlsx"
    workbook = new_workbook()
    add_form_sheet(workbook, "plans", [valid_plan_row(plan_status="Đã phê duyệt")])
    add_form_sheet(workbook, "inventory", [valid_inventory_row(agency_code="SO-TP")])
    second.write_bytes(workbook_bytes(workbook))
    steps = [
        (good_file, date(2026, 3, 31)),
        (second, date(2026, 3, 31)),
        (good_file, date(2026, 6, 30)),
    ]
    for path, day in steps:  # in-process (faster); the archive is written the same way
        assert ingest_file(path, db_path=new_db, report_date=day).loaded
    rejected = tmp_path / "loi.xlsx"
    rejected.write_bytes(_bad_file())
    assert not ingest_file(rejected, db_path=new_db, report_date=date(2026, 6, 30)).loaded
    before = _snapshot(new_db, exclude=None)
    assert len(before["uploads"]) == 4
    assert (new_db.parent / "dashboard_archive").is_dir()

    for args in (("rebuild", "--db", str(new_db)), ("rebuild",)):  # --db, then DASHBOARD_DB
        _delete_database(new_db)
        process = run(*args, db=new_db)
        no_traceback(process)
        assert process.returncode == 0, process.stdout + process.stderr
        assert new_db.exists()
        after = _snapshot(new_db, exclude=None)
        for table in DATA_TABLES:
            assert after[table] == before[table], table
        # every upload comes back as it was, its number and time included; the rejected one's
        # log row too, though its file was never archived
        assert after["uploads"] == before["uploads"]


class _TickingClock(datetime):
    """A clock that moves one second each time it is read: a slow disk, a busy server."""

    ticks = 0

    @classmethod
    def now(cls, tz=None):
        cls.ticks += 1
        return datetime(2026, 6, 30, 9, 0, 0) + timedelta(seconds=cls.ticks)


def test_rebuild_keeps_the_upload_times(good_file, new_db, monkeypatch):
    # the time logged in uploads and the time kept in the archive's manifest must be one
    # reading of the clock, or a rebuilt database differs from the one it replaces
    import loaders.ingest

    monkeypatch.setattr(loaders.ingest, "datetime", _TickingClock)
    assert ingest_file(good_file, db_path=new_db, report_date=date(2026, 6, 30)).loaded
    monkeypatch.undo()
    before = query(new_db, "select uploaded_at, file_name, status from uploads")
    _delete_database(new_db)
    assert all(r.loaded for r in loaders.ingest.rebuild(new_db))
    assert query(new_db, "select uploaded_at, file_name, status from uploads") == before


def test_ingest_writes_the_feedback_workbook(bad_file, new_db, tmp_path):
    from openpyxl import load_workbook

    from loaders.feedback import LIST_SHEET

    out = tmp_path / "phan_hoi" / "phieu.xlsx"
    process = run("ingest", str(bad_file), "--feedback", str(out), "--json", db=new_db)
    no_traceback(process)
    assert process.returncode == 1
    errors = one_json_object(process)["errors"]
    book = load_workbook(out)
    assert book.sheetnames[0] == LIST_SHEET
    commented = [
        cell.comment.text
        for sheet in book.worksheets[1:]
        for row in sheet.iter_rows()
        for cell in row
        if cell.comment is not None
    ]
    located = [e for e in errors if e["row"] is not None]
    assert located and len(commented) >= 1
    assert all(any(e["message"] in text for text in commented) for e in located)
