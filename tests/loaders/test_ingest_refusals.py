"""Every refusal of forms.md and interfaces.md: rejected whole, every error listed, nothing written.

Each test starts from a database already holding a valid upload (SO-TC and SO-TP at the
report date the refused files also use, so a partial write would show), ingests a bad
file, and checks that: the status is rejected; each error is in Vietnamese and, where the
rule is about a cell, names the Excel row and the column header as written in the file;
every error of the file is listed; no data table changed; `uploads` gained exactly one
row, with status 'rejected'.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from loaders.ingest import IngestResult, ingest_file
from tests.loaders.builders import (
    DATA_TABLES,
    REPORT_DATE,
    add_form_sheet,
    add_part,
    build,
    canonical_headers,
    column_names,
    describe,
    ingest,
    is_vietnamese,
    last_upload,
    new_workbook,
    query,
    table_contents,
    two_agencies_file,
    valid_inventory_row,
    valid_migration_row,
    valid_plan_row,
    valid_row,
    workbook_bytes,
)


@pytest.fixture(scope="module")
def preloaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("preloaded") / "dashboard.duckdb"
    result = ingest(two_agencies_file(systems=("HT-01", "HT-01")), path)
    assert result.status == "loaded", describe(result)
    return path


@pytest.fixture
def db_path(preloaded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(preloaded, path)
    return path


def check_rejected(result: IngestResult, db_path: Path, before: dict) -> IngestResult:
    """The common promise of every refusal."""
    assert result.status == "rejected", describe(result)
    assert not result.loaded
    assert result.errors, "a refusal must say why"
    assert result.rows_loaded == 0
    for message in result.errors:
        assert message.level == "error"
        assert is_vietnamese(message.message), message.message
    after = table_contents(db_path)
    for table in DATA_TABLES:
        assert after[table] == before[table], f"{table} changed"
    assert after["uploads"] == before["uploads"] + 1
    upload = last_upload(db_path)
    assert upload["status"] == "rejected"
    assert upload["rows_loaded"] == 0
    assert upload["error_count"] == len(result.errors)
    assert len([m for m in upload["messages"] if m["level"] == "error"]) == len(result.errors)
    return result


def reject(content: bytes, db_path: Path, name: str = "bieu_mau.xlsx", **options) -> IngestResult:
    """Ingest a file that must be refused, and check the common promise."""
    before = table_contents(db_path)
    return check_rejected(ingest(content, db_path, name, **options), db_path, before)


def error_at(result: IngestResult, row: int, column: str, value: str | None = None):
    """The one error at this Excel row and column header (as written in the file)."""
    found = [e for e in result.errors if e.row == row and e.column == column]
    assert len(found) == 1, f"expected one error at row {row}, column {column!r}:\n" + describe(
        result
    )
    if value is not None:
        assert same_value(found[0].value, value), f"value {found[0].value!r}, expected {value!r}"
    return found[0]


def same_value(reported: str | None, written: str) -> bool:
    """The value as written, or the same number (how a numeric cell is shown is tested apart)."""
    if reported == written:
        return True
    try:
        return float(reported) == float(written)
    except (TypeError, ValueError):
        return False


def only_error_at(result: IngestResult, row: int, column: str, value: str | None = None):
    """Exactly one error in the file, at this row and column."""
    error = error_at(result, row, column, value)
    assert len(result.errors) == 1, describe(result)
    return error


# -- not a workbook ------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_text_file_named_xlsx(db_path):
    content = "Mã đơn vị;Mã tài sản\nSO-TC;TC-01\n".encode()
    result = reject(content, db_path, "bieu_01.xlsx")
    assert len(result.errors) == 1
    assert "xlsx" in result.errors[0].message.lower()


def test_csv_file_named_xlsx(db_path):
    content = b"agency_code,asset_code\r\nSO-TC,TC-01\r\n"
    reject(content, db_path, "bieu_01.xlsx")


def test_docx_like_zip_without_a_workbook_part(db_path):
    content = _zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><document/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        }
    )
    result = reject(content, db_path, "bao_cao.xlsx")
    assert len(result.errors) == 1


def test_truncated_file(db_path):
    content = two_agencies_file(systems=("HT-01", "HT-01"))
    result = reject(content[: len(content) // 2], db_path)
    assert len(result.errors) == 1
    assert "hỏng" in result.errors[0].message


def test_file_with_damaged_sheet_xml(db_path):
    content = two_agencies_file(systems=("HT-01", "HT-01"))
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    result = reject(buffer.getvalue(), db_path)
    assert len(result.errors) == 1


def test_password_protected_workbook(db_path):
    content = OLE_HEADER + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    result = reject(content, db_path, "bieu_mau.xlsx")
    assert len(result.errors) == 1
    assert "mật khẩu" in result.errors[0].message


def test_old_xls_workbook(db_path):
    content = OLE_HEADER + "Workbook".encode("utf-16-le") + b"\x00" * 1024
    result = reject(content, db_path, "bieu_mau.xls")
    assert len(result.errors) == 1
    assert ".xls" in result.errors[0].message
    assert "mật khẩu" not in result.errors[0].message


def test_decompression_bomb_past_the_inflated_limit(db_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_INFLATED_MB", "1")
    content = add_part(
        two_agencies_file(systems=("HT-01", "HT-01")),
        "xl/media/image1.bin",
        b"\x00" * (3 * 1024 * 1024),
    )
    result = reject(content, db_path)
    assert len(result.errors) == 1
    assert "1 MB" in result.errors[0].message


def test_decompression_bomb_by_compression_ratio(db_path):
    # one entry of 40 MB of zeros: far below the default 200 MB bound, but ~1000:1
    content = add_part(
        two_agencies_file(systems=("HT-01", "HT-01")),
        "xl/media/image1.bin",
        b"\x00" * (40 * 1024 * 1024),
    )
    assert len(content) < 200 * 1024
    result = reject(content, db_path)
    assert len(result.errors) == 1
    assert "nén" in result.errors[0].message


def test_file_over_the_size_limit(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "0.01")  # about 10 KB
    rows = [valid_inventory_row(asset_code=f"TC-{i:03}") for i in range(1, 200)]
    path = tmp_path / "lon.xlsx"
    path.write_bytes(build("inventory", rows))
    assert path.stat().st_size > 0.01 * 1024 * 1024
    before = table_contents(db_path)
    result = ingest_file(path, report_date=REPORT_DATE, db_path=db_path, uploaded_by="pytest")
    check_rejected(result, db_path, before)
    assert len(result.errors) == 1
    assert "MB" in result.errors[0].message
    assert last_upload(db_path)["size_bytes"] == path.stat().st_size


def test_valid_file_under_the_size_limit_loads(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "1")
    path = tmp_path / "nho.xlsx"
    path.write_bytes(build("inventory", [valid_inventory_row(asset_code="TC-09")]))
    result = ingest_file(path, report_date=REPORT_DATE, db_path=db_path, uploaded_by="pytest")
    assert result.status == "loaded", describe(result)


# -- the sheet -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form_key", "missing"),
    [
        ("inventory", "asset_type"),
        ("inventory", "commune_code"),
        ("inventory", "status"),
        ("migrations", "system_name"),
        ("migrations", "agency_code"),
        ("migrations", "target"),
    ],
)
def test_required_column_missing(db_path, form_key, missing):
    names = [n for n in column_names(form_key) if n != missing]
    header = dict(zip(column_names(form_key), canonical_headers(form_key), strict=True))[missing]
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook, form_key, [valid_row(form_key)], columns=names, title_block=True
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.header_row, header)
    assert header in error.message


def test_two_required_columns_missing_are_both_named(db_path):
    names = [n for n in valid_inventory_row() if n not in ("asset_type", "status")]
    result = reject(build("inventory", [valid_inventory_row()], columns=names), db_path)
    assert sorted(e.column for e in result.errors) == ["Hiện trạng", "Loại thiết bị"]
    assert all(e.row == 1 for e in result.errors)


def test_workbook_with_no_form(db_path):
    workbook = new_workbook()
    notes = workbook.create_sheet("Ghi chú")
    notes["A1"] = "Báo cáo tình hình máy chủ"
    notes["A2"] = "Đơn vị: Sở Tài chính"
    notes["B4"] = "Số máy chủ"
    notes["C4"] = 12
    result = reject(workbook_bytes(workbook), db_path)
    assert len(result.errors) == 1


def test_workbook_with_only_empty_sheets(db_path):
    workbook = new_workbook()
    workbook.create_sheet("Sheet1")
    workbook.create_sheet("Sheet2")
    reject(workbook_bytes(workbook), db_path)


def test_forms_with_no_data_row(db_path):
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [], title_block=True, numbering="plain")
    add_form_sheet(workbook, "plans", [None, None])
    add_form_sheet(
        workbook,
        "migrations",
        [["Tổng cộng"], None, ["Bắc Ninh, ngày 30 tháng 6 năm 2026"], [None, "Người lập biểu"]],
    )
    result = reject(workbook_bytes(workbook), db_path)
    assert result.forms == []


# -- references ------------------------------------------------------------------------------------


def test_unknown_agency(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(agency_code="SO-ABC", asset_code="X-01")],
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[1], "Mã đơn vị", "SO-ABC")


@pytest.mark.parametrize("form_key", ["plans", "migrations"])
def test_unknown_agency_in_other_forms(db_path, form_key):
    workbook = new_workbook()
    layout = add_form_sheet(workbook, form_key, [valid_row(form_key, agency_code="UBND-00000")])
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[0], "Mã đơn vị", "UBND-00000")


@pytest.mark.parametrize(
    "commune",
    ["99999", 12345, "Phường Hoàn Kiếm", "Kinh Bac Moi"],
    ids=["unknown code", "unknown number", "unknown name", "near name"],
)
def test_unknown_commune(db_path, commune):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02", commune_code=commune)],
        headers={"commune_code": "Nơi đặt (mã xã)"},
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.data_rows[1], "Nơi đặt (mã xã)", str(commune))
    assert error.message == (
        "Không tìm thấy xã, phường theo mã hoặc tên này. Đề nghị ghi mã 5 chữ số (ví dụ 09187) "
        "hoặc tên xã, phường theo mục “Danh mục mã xã, phường” của trang Hướng dẫn."
    )


@pytest.mark.parametrize("commune", ["Kinh Bắc", "kinh bac", "Xã Kinh Bắc"], ids=str)
def test_a_commune_name_two_communes_share_asks_for_the_code(db_path, commune):
    # Phường Đa Mai (07228) renamed Xã Kinh Bắc: two communes are now called Kinh Bắc
    with duckdb.connect(str(db_path)) as con:
        con.execute(
            "update communes set name = 'Kinh Bắc', full_name = 'Xã Kinh Bắc' where code = '07228'"
        )
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(commune_code=commune),
            valid_inventory_row(asset_code="TC-02", commune_code="09187"),
        ],
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.data_rows[0], "Nơi đặt (mã xã/phường)", commune)
    assert error.message == (
        "Có nhiều xã, phường mang tên này: Xã Kinh Bắc (mã 07228), Phường Kinh Bắc (mã 09187). "
        "Đề nghị ghi mã xã, phường thay cho tên."
    )


# -- values ------------------------------------------------------------------------------------------

OUT_OF_RANGE = [
    ("inventory", "utilization_pct", 150, "Hiệu suất sử dụng (%)", "utilisation 150"),
    ("inventory", "utilization_pct", "100,5", "Hiệu suất sử dụng (%)", "utilisation 100,5"),
    ("inventory", "utilization_pct", -1, "Hiệu suất sử dụng (%)", "utilisation negative"),
    ("inventory", "year_in_service", 1985, "Năm đưa vào sử dụng", "year 1985"),
    ("inventory", "year_in_service", 2027, "Năm đưa vào sử dụng", "year after report year"),
    ("inventory", "year_in_service", "2.030", "Năm đưa vào sử dụng", "year as text 2.030"),
    ("inventory", "security_level", 7, "Cấp độ ATTT", "security level 7"),
    ("inventory", "security_level", 0, "Cấp độ ATTT", "security level 0"),
    ("inventory", "ram_gb", -8, "RAM (GB)", "negative RAM"),
    ("inventory", "ram_gb", "-8", "RAM (GB)", "negative RAM as text"),
    ("inventory", "cpu_cores", -2, "Số nhân CPU", "negative CPU"),
    ("inventory", "storage_tb", "-0,5", "Dung lượng lưu trữ (TB)", "negative storage"),
    ("inventory", "annual_cost_vnd", "-1.000.000", "Chi phí vận hành/năm (VNĐ)", "negative cost"),
    ("migrations", "security_level", 7, "Cấp độ ATTT", "migration security level 7"),
    ("plans", "budget_vnd", -5, "Kinh phí thực hiện (VNĐ)", "negative budget"),
    ("plans", "planned_savings_vnd", "-1", "Tiết kiệm dự kiến/năm (VNĐ)", "negative savings"),
]


def test_negative_plan_count(db_path):
    row = valid_plan_row(
        servers_total=0,
        servers_eliminate=-1,
        servers_consolidate=1,
        servers_cloud=0,
        servers_keep=0,
    )
    result = reject(build("plans", [row]), db_path)
    error_at(result, 2, "Số máy chủ loại bỏ", "-1")


def test_out_of_range_names_the_header_as_written(db_path):
    headers = {"utilization_pct": "HIEU SUAT SU DUNG (%)", "security_level": "Cap do ATTT"}
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(utilization_pct=150, security_level=7)],
        headers=headers,
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    row = layout.data_rows[0]
    error_at(result, row, "HIEU SUAT SU DUNG (%)", "150")
    error_at(result, row, "Cap do ATTT", "7")
    assert len(result.errors) == 2, describe(result)


@pytest.mark.parametrize(
    ("name", "value", "header"),
    [
        ("cpu_cores", "12,5", "Số nhân CPU"),
        ("cpu_cores", 12.5, "Số nhân CPU"),
        ("year_in_service", "2019,5", "Năm đưa vào sử dụng"),
        ("security_level", 2.5, "Cấp độ ATTT"),
    ],
    ids=["cpu 12,5 text", "cpu 12.5 number", "year 2019,5", "security level 2.5"],
)
def test_count_that_is_not_a_whole_number(db_path, name, value, header):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02", **{name: value})],
    )
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[1], header)


def test_plan_count_that_is_not_a_whole_number(db_path):
    row = valid_plan_row(servers_total="10,5", servers_keep="1,5")
    result = reject(build("plans", [row]), db_path)
    error_at(result, 2, "Số máy chủ hiện có", "10,5")
    error_at(result, 2, "Số máy chủ giữ lại", "1,5")


UNREADABLE = [
    ("inventory", "ram_gb", "abc", "RAM (GB)", "number abc"),
    ("inventory", "annual_cost_vnd", "120 triệu", "Chi phí vận hành/năm (VNĐ)", "number in words"),
    ("inventory", "cpu_cores", "16 nhân", "Số nhân CPU", "count with unit"),
    ("inventory", "year_in_service", "năm 2019", "Năm đưa vào sử dụng", "year in words"),
    ("inventory", "target_date", "cuối năm", "Thời hạn hoàn thành", "date in words"),
    ("inventory", "target_date", "31/02/2026", "Thời hạn hoàn thành", "impossible date"),
    ("inventory", "target_date", "12/31/2026", "Thời hạn hoàn thành", "month-first date"),
    ("inventory", "soc_monitored", "có lẽ", "Giám sát ATTT tập trung", "yes no unreadable"),
    ("inventory", "asset_type", "Máy tính", "Loại thiết bị", "unknown asset type"),
    ("inventory", "status", "Đang chạy", "Hiện trạng", "unknown status"),
    ("inventory", "plan", "Nâng cấp", "Phương án", "unknown plan"),
    ("plans", "plan_status", "Đang làm", "Tình trạng phương án", "unknown plan status"),
    ("plans", "submitted_on", "15-3", "Ngày gửi", "half a date"),
    ("plans", "tslcd_connected", "đang kết nối", "Đã kết nối mạng TSLCD", "yes no words"),
    ("migrations", "target", "Viettel", "Nơi chuyển đến", "unknown target"),
    ("migrations", "stage", "Xong", "Giai đoạn", "unknown stage"),
    ("migrations", "planned_date", "Quý III/2026", "Ngày kế hoạch", "quarter"),
]


@pytest.mark.parametrize(
    ("form_key", "name", "value", "header"),
    [pytest.param(*case[:4], id=case[4]) for case in OUT_OF_RANGE + UNREADABLE],
)
def test_value_out_of_range_or_unreadable_is_an_error_not_a_zero(
    db_path, form_key, name, value, header
):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook, form_key, [valid_row(form_key, **{name: value})], title_block=True
    )
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[0], header, str(value))


REQUIRED_BLANK = [
    ("inventory", "asset_code", "Mã tài sản"),
    ("inventory", "asset_type", "Loại thiết bị"),
    ("inventory", "commune_code", "Nơi đặt (mã xã/phường)"),
    ("inventory", "status", "Hiện trạng"),
    ("inventory", "agency_code", "Mã đơn vị"),
    ("plans", "plan_status", "Tình trạng phương án"),
    ("migrations", "system_name", "Tên hệ thống"),
    ("migrations", "target", "Nơi chuyển đến"),
    ("migrations", "stage", "Giai đoạn"),
    ("migrations", "agency_code", "Mã đơn vị"),
]


@pytest.mark.parametrize(
    ("form_key", "name", "header"),
    REQUIRED_BLANK,
    ids=[f"{form} {name}" for form, name, _ in REQUIRED_BLANK],
)
def test_required_value_blank(db_path, form_key, name, header):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        form_key,
        [valid_row(form_key, **{name: None})],
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = error_at(result, layout.data_rows[0], header)
    assert error.value in (None, "")


def test_required_value_blank_with_spaces_only(db_path):
    result = reject(build("inventory", [valid_inventory_row(asset_type="   ")]), db_path)
    error_at(result, 2, "Loại thiết bị")


def test_required_value_not_known_dash_is_an_error(db_path):
    # "-" means blank only in a column that is not required
    result = reject(build("inventory", [valid_inventory_row(status="-")]), db_path)
    error_at(result, 2, "Hiện trạng", "-")


# -- codes and cross-row rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form_key", "code", "header"),
    [("inventory", "asset_code", "Mã tài sản"), ("migrations", "system_code", "Mã hệ thống")],
    ids=["asset code", "system code"],
)
def test_duplicate_code_within_one_agency(db_path, form_key, code, header):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        form_key,
        [
            valid_row(form_key, **{code: "MA-01"}),
            valid_row(form_key, **{code: "MA-02"}),
            valid_row(form_key, **{code: "MA-02", "note": "Một dòng khác"}),
            valid_row(
                form_key, **{code: "MA-02", "agency_code": "SO-TP"}
            ),  # another agency's: fine
        ],
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.data_rows[2], header, "MA-02")
    assert error.message == (  # says where the first one is
        f"{header} bị trùng trong cùng đơn vị "
        f"(đã có ở trang “{layout.sheet.title}”, dòng {layout.data_rows[1]}). "
        "Đề nghị đặt mã khác cho một trong hai dòng, hoặc xóa dòng bị lặp."
    )


def test_duplicate_asset_code_across_two_sheets_of_one_agency(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook, "inventory", [valid_inventory_row(asset_code="TC-01")], sheet_name="Máy chủ"
    )
    layout = add_form_sheet(
        workbook, "inventory", [valid_inventory_row(asset_code="TC-01")], sheet_name="Lưu trữ"
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.data_rows[0], "Mã tài sản")
    assert error.sheet == "Lưu trữ"
    assert "Máy chủ" in error.message  # says where the first one is


def test_same_asset_code_in_two_agencies_is_fine(db_path):
    content = build(
        "inventory",
        [
            valid_inventory_row(agency_code="SO-TC", asset_code="MC-01"),
            valid_inventory_row(agency_code="SO-TP", asset_code="MC-01"),
        ],
    )
    result = ingest(content, db_path)
    assert result.status == "loaded", describe(result)
    assert query(
        db_path, "select agency_code from assets where asset_code = 'MC-01' order by 1"
    ) == [
        ("SO-TC",),
        ("SO-TP",),
    ]


@pytest.mark.parametrize(
    ("counts", "total"),
    [((2, 5, 2, 2), 10), ((0, 0, 0, 0), 3), ((1, None, None, None), 2), ((4, 4, 4, 4), None)],
    ids=["eleven for ten", "zeros for three", "blank counts are zero", "blank total is zero"],
)
def test_plan_counts_that_do_not_add_up(db_path, counts, total):
    eliminate, consolidate, cloud, keep = counts
    row = valid_plan_row(
        servers_total=total,
        servers_eliminate=eliminate,
        servers_consolidate=consolidate,
        servers_cloud=cloud,
        servers_keep=keep,
    )
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "plans", [valid_plan_row(agency_code="SO-TP"), row])
    result = reject(workbook_bytes(workbook), db_path)
    assert len(result.errors) == 1, describe(result)
    error = result.errors[0]
    assert error.row == layout.data_rows[1]
    assert error.column in {
        "Số máy chủ hiện có",
        "Số máy chủ loại bỏ",
        "Số máy chủ hợp nhất về TTTHDL",
        "Số máy chủ chuyển lên đám mây",
        "Số máy chủ giữ lại",
    }


def test_agency_twice_in_the_plan_form(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "plans",
        [
            valid_plan_row(agency_code="SO-TC"),
            valid_plan_row(agency_code="SO-TP"),
            valid_plan_row(agency_code="so-tc", plan_status="Đã phê duyệt"),
        ],
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    error = only_error_at(result, layout.data_rows[2], "Mã đơn vị", "so-tc")
    assert str(layout.data_rows[0]) in error.message


@pytest.mark.parametrize("status", ["Đã gửi", "Yêu cầu bổ sung", "Đã phê duyệt", "submitted"])
def test_submitted_on_missing_when_the_plan_was_sent(db_path, status):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook, "plans", [valid_plan_row(plan_status=status, submitted_on=None)]
    )
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[0], "Ngày gửi")


def test_submitted_on_not_needed_when_not_submitted(db_path):
    row = valid_plan_row(plan_status="Chưa gửi", submitted_on=None)
    result = ingest(build("plans", [row]), db_path)
    assert result.status == "loaded", describe(result)


@pytest.mark.parametrize("stage", ["Đã chuyển đổi", "Đã nghiệm thu", "Đã tắt hệ thống cũ"])
def test_done_date_missing_at_stage_migrated_or_later(db_path, stage):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(system_code="HT-01", stage=stage, done_date="01/06/2026"),
            valid_migration_row(system_code="HT-02", stage=stage, done_date=None),
        ],
    )
    result = reject(workbook_bytes(workbook), db_path)
    only_error_at(result, layout.data_rows[1], "Ngày hoàn thành")


@pytest.mark.parametrize("stage", ["Kế hoạch", "Đang chuyển đổi"])
def test_done_date_not_needed_before_migrated(db_path, stage):
    row = valid_migration_row(stage=stage, done_date=None)
    result = ingest(build("migrations", [row]), db_path)
    assert result.status == "loaded", describe(result)


# -- all the errors of a file --------------------------------------------------------------------


def test_three_bad_cells_give_three_errors(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(asset_code="TC-01", utilization_pct=150),
            valid_inventory_row(asset_code="TC-02"),
            valid_inventory_row(asset_code="TC-03", ram_gb="abc"),
            valid_inventory_row(asset_code="TC-04", commune_code="99999"),
        ],
        title_block=True,
    )
    result = reject(workbook_bytes(workbook), db_path)
    rows = layout.data_rows
    assert sorted((e.row, e.column) for e in result.errors) == [
        (rows[0], "Hiệu suất sử dụng (%)"),
        (rows[2], "RAM (GB)"),
        (rows[3], "Nơi đặt (mã xã/phường)"),
    ]
    error_at(result, rows[0], "Hiệu suất sử dụng (%)", "150")
    error_at(result, rows[2], "RAM (GB)", "abc")
    error_at(result, rows[3], "Nơi đặt (mã xã/phường)", "99999")
    assert all(e.sheet == "Biểu 01 - Máy chủ" for e in result.errors)


def test_errors_in_every_form_are_all_listed_and_the_good_form_is_not_written(db_path):
    workbook = new_workbook()
    inventory = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(agency_code="SO-TC", asset_code="TC-77", cpu_cores="12,5")],
    )
    plans = add_form_sheet(
        workbook, "plans", [valid_plan_row(agency_code="SO-TC", servers_total=99)]
    )
    migrations = add_form_sheet(
        workbook,
        "migrations",
        [valid_migration_row(agency_code="SO-XX"), valid_migration_row(system_code="HT-99")],
    )
    add_form_sheet(
        workbook, "inventory", [valid_inventory_row(agency_code="SO-NV")], sheet_name="Hợp lệ"
    )
    result = reject(workbook_bytes(workbook), db_path)
    where = sorted((e.sheet, e.row) for e in result.errors)
    assert where == sorted(
        [
            ("Biểu 01 - Máy chủ", inventory.data_rows[0]),
            ("Biểu 02 - Phương án", plans.data_rows[0]),
            ("Biểu 03 - Hệ thống", migrations.data_rows[0]),
        ]
    ), describe(result)
    assert query(db_path, "select count(*) from assets where agency_code = 'SO-NV'") == [(0,)]


@pytest.mark.parametrize(
    ("name", "cell", "shown"),
    [("utilization_pct", 150, "150"), ("security_level", 7, "7"), ("ram_gb", -8, "-8")],
    ids=["utilisation 150", "security level 7", "RAM -8"],
)
def test_error_value_is_shown_as_the_cell_shows_it(db_path, name, cell, shown):
    # a numeric cell 150 is "150" in Excel; "150.0" would read as a different number to DST
    result = reject(build("inventory", [valid_inventory_row(**{name: cell})]), db_path)
    assert [e.value for e in result.errors] == [shown]


def test_rejected_upload_keeps_its_messages(db_path):
    result = reject(build("inventory", [valid_inventory_row(utilization_pct=150)]), db_path)
    upload = last_upload(db_path)
    assert upload["uploaded_by"] == "pytest"
    assert upload["file_name"] == "bieu_mau.xlsx"
    assert upload["report_date"] == REPORT_DATE
    errors = [m for m in upload["messages"] if m["level"] == "error"]
    assert [(m["row"], m["column"], m["value"]) for m in errors] == [
        (e.row, e.column, e.value) for e in result.errors
    ]


def test_dry_run_of_a_bad_file_writes_nothing_at_all(db_path):
    before = table_contents(db_path)
    result = ingest(
        build("inventory", [valid_inventory_row(utilization_pct=150)]), db_path, dry_run=True
    )
    assert result.status == "rejected"
    assert table_contents(db_path) == before  # not even an uploads row
