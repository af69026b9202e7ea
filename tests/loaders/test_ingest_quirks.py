"""What DST really receives (forms.md "Real spreadsheets" and "Common rules"): each quirk loads.

Every test builds its workbook in code, ingests it into a fresh database and checks the
values stored, the rows skipped and the warnings given.
"""

from __future__ import annotations

import threading
import unicodedata
from datetime import date, datetime

import duckdb
import pytest

from db import store
from loaders.ingest import IngestResult
from tests.loaders.builders import (
    REPORT_DATE,
    add_form_sheet,
    build,
    copy_database,
    describe,
    formula,
    ingest,
    is_vietnamese,
    load,
    new_workbook,
    put,
    query,
    stored,
    table_contents,
    two_agencies_file,
    valid_inventory_row,
    valid_migration_row,
    valid_plan_row,
    with_cached_values,
    with_shared_strings,
    workbook_bytes,
)


def warnings_at(result: IngestResult, row: int | None = None, column: str | None = None):
    """The warnings at this Excel row and/or column header."""
    return [
        w
        for w in result.warnings
        if (row is None or w.row == row) and (column is None or w.column == column)
    ]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- layout: title block, headers over two rows, header spelling --------------------------------


@pytest.mark.parametrize(
    ("numbering", "first_data_row"),
    [(None, 5), ("plain", 6), ("brackets", 6)],
    ids=["title block", "and numbering 1, 2, 3", "and numbering (1), (2), (3)"],
)
def test_title_block_and_numbering_row_above_the_data_are_skipped(
    db_path, numbering, first_data_row
):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02", stt=2, ram_gb=128)],
        title_block=True,
        numbering=numbering,
    )
    assert layout.header_row == 4
    assert layout.sheet.merged_cells.ranges  # the title really is merged
    result = load(workbook_bytes(workbook), db_path)
    assert result.forms == ["inventory"]
    assert result.rows_read == 2
    assert result.warnings == [], describe(result)
    assert stored(db_path, "assets", "asset_code, ram_gb, source_sheet, source_row") == [
        ("TC-01", 64.0, "Biểu 01 - Máy chủ", first_data_row),
        ("TC-02", 128.0, "Biểu 01 - Máy chủ", first_data_row + 1),
    ]


def _two_row_plan_header(numbering: bool) -> bytes:
    """Biểu 02 as agencies lay it out: "Số máy chủ" merged over its five sub-headings."""
    workbook = new_workbook()
    sheet = workbook.create_sheet("Phương án")
    sheet["A1"] = "BIỂU 02 – PHƯƠNG ÁN LOẠI BỎ, HỢP NHẤT MÁY CHỦ"
    sheet.merge_cells("A1:L1")
    sheet["A2"] = "Đơn vị: Sở Tài chính, Sở Tư pháp"
    sheet.merge_cells("A2:F2")
    merged_down = {
        "A": "Mã đơn vị",
        "B": "Ngày gửi",
        "C": "Tình trạng phương án",
        "I": "Kinh phí thực hiện (VNĐ)",
        "J": "Tiết kiệm dự kiến/năm (VNĐ)",
        "K": "Đã kết nối mạng TSLCD",
        "L": "Ghi chú",
    }
    for letter, header in merged_down.items():
        sheet[f"{letter}4"] = header
        sheet.merge_cells(f"{letter}4:{letter}5")
    sheet["D4"] = "Số máy chủ"
    sheet.merge_cells("D4:H4")
    for letter, sub in zip(
        "DEFGH",
        ["hiện có", "loại bỏ", "hợp nhất về TTTHDL", "chuyển lên đám mây", "giữ lại"],
        strict=True,
    ):
        sheet[f"{letter}5"] = sub
    first = 6
    if numbering:
        for index, letter in enumerate("ABCDEFGHIJKL", start=1):
            sheet[f"{letter}6"] = f"({index})"
        first = 7
    data = [
        ["SO-TC", "15/03/2026", "Đã gửi", 10, 2, 5, 2, 1, 1_500_000_000, 300_000_000, "Có", None],
        [
            "SO-TP",
            "20/03/2026",
            "Đã phê duyệt",
            4,
            1,
            1,
            1,
            1,
            200_000_000,
            50_000_000,
            "Không",
            "ok",
        ],
    ]
    for offset, row in enumerate(data):
        for letter, value in zip("ABCDEFGHIJKL", row, strict=True):
            if value is not None:
                sheet[f"{letter}{first + offset}"] = value
    return workbook_bytes(workbook)


@pytest.mark.parametrize("numbering", [False, True], ids=["no numbering", "numbering row"])
def test_header_over_two_rows_under_merged_group_headings(db_path, numbering):
    result = load(_two_row_plan_header(numbering), db_path)
    assert result.forms == ["plans"]
    assert result.warnings == [], describe(result)  # every column recognised, none twice
    first = 7 if numbering else 6
    rows = stored(
        db_path,
        "plans",
        "agency_code, submitted_on, plan_status, servers_total, servers_eliminate, "
        "servers_consolidate, servers_cloud, servers_keep, budget_vnd, planned_savings_vnd, "
        "tslcd_connected, note, source_row",
    )
    assert rows == [
        ("SO-TC", date(2026, 3, 15), "submitted", 10, 2, 5, 2, 1, 1.5e9, 3e8, True, None, first),
        ("SO-TP", date(2026, 3, 20), "approved", 4, 1, 1, 1, 1, 2e8, 5e7, False, "ok", first + 1),
    ]


def test_headers_without_diacritics_and_in_other_case(db_path):
    headers = {
        "stt": "so thu tu",
        "agency_code": "MA DON VI",
        "asset_code": "ma tai san",
        "asset_type": "LOẠI THIẾT BỊ",
        "model": "hang, model",
        "year_in_service": "Nam dua vao su dung",
        "commune_code": "Noi dat (ma xa/phuong)",
        "cpu_cores": "so nhan cpu",
        "ram_gb": "Ram",
        "storage_tb": "DUNG LUONG LUU TRU (TB)",
        "utilization_pct": "Hieu suat su dung",
        "annual_cost_vnd": "chi phi van hanh/nam (vnd)",
        "systems": "He thong, ung dung dang chay",
        "security_level": "cap do attt",
        "soc_monitored": "GIAM SAT ATTT TAP TRUNG",
        "central_backup": "sao luu tap trung",
        "status": "hien trang",
        "plan": "PHUONG AN",
        "target_date": "thoi han hoan thanh",
        "note": "ghi chu",
    }
    content = build("inventory", [valid_inventory_row(note="Máy chủ chính")], headers=headers)
    result = load(content, db_path)
    assert result.warnings == [], describe(result)
    assert stored(
        db_path,
        "assets",
        "agency_code, asset_code, asset_type, year_in_service, commune_code, cpu_cores, ram_gb, "
        "storage_tb, utilization_pct, annual_cost_vnd, security_level, soc_monitored, "
        "central_backup, status, plan, target_date, note",
    ) == [
        (
            "SO-TC",
            "TC-01",
            "physical_server",
            2019,
            "07210",
            16,
            64.0,
            4.0,
            35.0,
            120_000_000.0,
            3,
            True,
            False,
            "active",
            "consolidate",
            date(2026, 12, 31),
            "Máy chủ chính",
        )
    ]


def test_nfd_text_next_to_nfc_is_stored_nfc(db_path):
    rows = [
        valid_inventory_row(
            asset_code=nfd("TC-Đ01"),
            model=nfd("Máy chủ Đồng bộ HPE"),
            systems=nfd("Dịch vụ công trực tuyến"),
            commune_code=nfd("Phường Kinh Bắc"),
            status=nfd("Đang hoạt động"),
            note=nfd("Ghi chú có dấu"),
        ),
        valid_inventory_row(
            asset_code="TC-Đ02", model="Máy chủ Đồng bộ HPE", note="Ghi chú có dấu"
        ),
    ]
    headers = {"model": nfd("Hãng, model"), "systems": nfd("Hệ thống, ứng dụng đang chạy")}
    result = load(build("inventory", rows, headers=headers), db_path)
    assert result.warnings == [], describe(result)
    values = stored(db_path, "assets", "asset_code, model, systems, commune_code, status, note")
    assert values == [
        (
            "TC-Đ01",
            "Máy chủ Đồng bộ HPE",
            "Dịch vụ công trực tuyến",
            "09187",
            "active",
            "Ghi chú có dấu",
        ),
        (
            "TC-Đ02",
            "Máy chủ Đồng bộ HPE",
            "Cổng thông tin điện tử",
            "07210",
            "active",
            "Ghi chú có dấu",
        ),
    ]
    for row in values:
        for text in row:
            assert unicodedata.is_normalized("NFC", text)
    # the same code typed NFD and NFC is one code
    assert query(db_path, "select count(distinct asset_code) from assets")[0][0] == 2


# -- numbers -----------------------------------------------------------------------------------


def test_numbers_typed_as_text_in_vietnamese_notation(db_path):
    rows = [
        valid_inventory_row(
            asset_code="TC-01",
            annual_cost_vnd="120.000.000",
            ram_gb="1.234,5",
            storage_tb="12,5",
            cpu_cores="16",
            utilization_pct="45",
            year_in_service="2019",
        ),
        valid_inventory_row(
            asset_code="TC-02",
            annual_cost_vnd="1.234",
            ram_gb="1 024",
            storage_tb="0,75",
            cpu_cores="1.024",
            utilization_pct="45,5",
        ),
    ]
    result = load(build("inventory", rows), db_path)
    assert result.warnings == [], describe(result)
    assert stored(
        db_path,
        "assets",
        "annual_cost_vnd, ram_gb, storage_tb, cpu_cores, utilization_pct, year_in_service",
    ) == [
        (120_000_000.0, 1234.5, 12.5, 16, 45.0, 2019),
        (1234.0, 1024.0, 0.75, 1024, 45.5, 2019),
    ]


def test_decimal_point_is_read_with_a_warning(db_path):
    rows = [
        valid_inventory_row(asset_code="TC-01", ram_gb="12.5", storage_tb="2,5"),
        valid_inventory_row(asset_code="TC-02", ram_gb="64", storage_tb="0.5"),
    ]
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "inventory", rows, title_block=True)
    result = load(workbook_bytes(workbook), db_path)
    assert stored(db_path, "assets", "ram_gb, storage_tb") == [(12.5, 2.5), (64.0, 0.5)]
    first, second = layout.data_rows
    ram = warnings_at(result, first, "RAM (GB)")
    storage = warnings_at(result, second, "Dung lượng lưu trữ (TB)")
    assert len(ram) == 1 and ram[0].value == "12.5" and is_vietnamese(ram[0].message)
    assert len(storage) == 1 and storage[0].value == "0.5"
    assert len(result.warnings) == 2, describe(result)


@pytest.mark.parametrize("not_known", ["-", "–", "Chưa có", "Chưa có dữ liệu", "Không có số liệu"])
def test_not_known_figures_are_blank_with_a_warning(db_path, not_known):
    rows = [
        valid_inventory_row(asset_code="TC-01", storage_tb=not_known, year_in_service=not_known),
        valid_inventory_row(asset_code="TC-02"),
    ]
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "inventory", rows)
    result = load(workbook_bytes(workbook), db_path)
    assert stored(db_path, "assets", "asset_code, storage_tb, year_in_service") == [
        ("TC-01", None, None),
        ("TC-02", 4.0, 2019),
    ]
    row = layout.data_rows[0]
    for header in ("Dung lượng lưu trữ (TB)", "Năm đưa vào sử dụng"):
        found = warnings_at(result, row, header)
        assert len(found) == 1, describe(result)
        assert found[0].value == not_known
        assert is_vietnamese(found[0].message)
    assert len(result.warnings) == 2, describe(result)


def test_not_known_in_a_plan_count_is_zero_where_counts_add_up(db_path):
    # a blank count is 0 where counts must add up: 3 = 3 + "-" + blank + "Chưa có"
    row = valid_plan_row(
        servers_total=3,
        servers_eliminate=3,
        servers_consolidate="-",
        servers_cloud=None,
        servers_keep="Chưa có",
    )
    result = load(build("plans", [row]), db_path)
    assert stored(
        db_path,
        "plans",
        "servers_total, servers_eliminate, servers_consolidate, servers_cloud, servers_keep",
    ) == [(3, 3, 0, 0, 0)]
    assert {w.column for w in result.warnings} == {
        "Số máy chủ hợp nhất về TTTHDL",
        "Số máy chủ giữ lại",
    }


def _calamine_reads(monkeypatch, cores: int) -> list[tuple[str, str]]:
    """With `cores` CPUs: each calamine read of the data rows as it happens, ("rows" or
    "types", the thread that ran it)."""
    from loaders import reader

    monkeypatch.setattr(reader, "_cores", lambda: cores)
    reads: list[tuple[str, str]] = []
    real = reader.fastexcel.ExcelReader.load_sheet

    def load_sheet(self, *args, **kwargs):
        kind = "types" if "int" in (kwargs.get("dtypes") or {}).values() else "rows"
        reads.append((kind, threading.current_thread().name))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(reader.fastexcel.ExcelReader, "load_sheet", load_sheet)
    return reads


@pytest.mark.parametrize("cores", [1, 2], ids=["one core", "two cores"])
def test_number_cells_with_three_decimals_stay_decimals_next_to_text(db_path, monkeypatch, cores):
    # 1.536 typed as a NUMBER is one and a half; "1.024" typed as TEXT is a thousand and 24.
    # The cells' types come from a read after the first on one core, beside it on two.
    reads = _calamine_reads(monkeypatch, cores)
    rows = [
        valid_inventory_row(asset_code="TC-01", ram_gb=1.536, storage_tb=0.125),
        valid_inventory_row(asset_code="TC-02", ram_gb="1.024", storage_tb="2,5"),
        valid_inventory_row(asset_code="TC-03", ram_gb=2.5, storage_tb=3.75),
        valid_inventory_row(asset_code="TC-04", ram_gb="64", storage_tb="Chưa có"),
    ]
    result = ingest(build("inventory", rows), db_path)
    assert result.status == "loaded", describe(result)
    assert stored(db_path, "assets", "asset_code, ram_gb, storage_tb") == [
        ("TC-01", pytest.approx(1.536), pytest.approx(0.125)),
        ("TC-02", 1024.0, 2.5),
        ("TC-03", 2.5, 3.75),
        ("TC-04", 64.0, None),
    ]
    # numeric cells are never "a decimal point instead of a comma"
    assert not [w for w in result.warnings if w.column == "RAM (GB)"], describe(result)
    (rows_thread,), (types_thread,) = (
        [t for k, t in reads if k == kind] for kind in ("rows", "types")
    )
    assert (types_thread == rows_thread) == (cores == 1), reads  # beside the first on two


def test_numbers_typed_as_text_below_the_first_rows_are_told_from_number_cells(
    db_path, monkeypatch
):
    # the first 60 rows hold number cells only, so the cells' types are read afterwards
    reads = _calamine_reads(monkeypatch, 2)
    rows = [valid_inventory_row(asset_code=f"TC-{i:02d}", ram_gb=1.536) for i in range(70)]
    rows[65] = valid_inventory_row(asset_code="TC-65", ram_gb="1.024")
    result = ingest(build("inventory", rows), db_path)
    assert result.status == "loaded", describe(result)
    stored_ram = dict(stored(db_path, "assets", "asset_code, ram_gb"))
    assert stored_ram["TC-65"] == 1024.0
    assert stored_ram["TC-64"] == stored_ram["TC-66"] == pytest.approx(1.536)
    assert [kind for kind, _ in reads] == ["rows", "types"]  # after the first read, not beside
    assert len({thread for _, thread in reads}) == 1


def test_repeated_values_of_a_mixed_number_column_keep_their_cell_types(db_path):
    # distinct values are parsed once on big files: not where a number cell and the same
    # digits typed as text mean different things
    rows = [
        valid_inventory_row(
            asset_code=f"TC-{i:02d}", ram_gb=1.536 if i % 2 else "1.024", model="Dell R740"
        )
        for i in range(8)
    ]
    result = ingest(build("inventory", rows), db_path)
    assert result.status == "loaded", describe(result)
    stored_ram = [ram for _, ram in stored(db_path, "assets", "asset_code, ram_gb")]
    assert stored_ram == [1024.0, pytest.approx(1.536)] * 4


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15/03/2026", date(2026, 3, 15)),
        ("5/3/2026", date(2026, 3, 5)),
        ("2026-03-15", date(2026, 3, 15)),
        ("03/04/2026", date(2026, 4, 3)),
        (46096, date(2026, 3, 15)),
        (datetime(2026, 3, 15), date(2026, 3, 15)),
        (date(2026, 4, 3), date(2026, 4, 3)),
    ],
    ids=[
        "text dd/mm/yyyy",
        "text d/m/yyyy",
        "text yyyy-mm-dd",
        "text day first",
        "excel serial",
        "date cell",
        "date cell day first",
    ],
)
def test_date_written_every_way(db_path, cell, expected):
    rows = [
        valid_plan_row(submitted_on=cell),
        valid_plan_row(agency_code="SO-TP", submitted_on=cell),
    ]
    result = load(build("plans", rows), db_path)
    assert result.warnings == [], describe(result)
    assert stored(db_path, "plans", "submitted_on") == [(expected,), (expected,)]


def test_dates_of_every_kind_in_one_column(db_path):
    cells = ["15/03/2026", 46097, datetime(2026, 3, 17), "2026-03-18", "9/3/2026"]
    rows = [
        valid_migration_row(system_code=f"HT-0{i}", planned_date=cell)
        for i, cell in enumerate(cells, start=1)
    ]
    result = load(build("migrations", rows), db_path)
    assert result.warnings == [], describe(result)
    assert stored(db_path, "migrations", "planned_date") == [
        (date(2026, 3, 15),),
        (date(2026, 3, 16),),
        (date(2026, 3, 17),),
        (date(2026, 3, 18),),
        (date(2026, 3, 9),),
    ]


# -- rows to skip ----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["Tổng cộng", "TỔNG CỘNG", "Cộng", "Tổng", "Tong cong"])
def test_totals_row_is_skipped_with_a_warning(db_path, label):
    workbook = new_workbook()
    totals = [label, None, None, None, None, None, None, 32, 128, 8, None, 240_000_000]
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02", stt=2), totals],
        title_block=True,
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.rows_read == 2
    assert stored(db_path, "assets", "asset_code") == [("TC-01",), ("TC-02",)]
    totals_row = layout.data_rows[2]
    found = warnings_at(result, totals_row)
    assert len(found) == 1, describe(result)
    assert is_vietnamese(found[0].message)
    assert found[0].sheet == "Biểu 01 - Máy chủ"


def test_blank_rows_in_the_middle_are_skipped(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(system_code="HT-01"),
            None,
            None,
            valid_migration_row(system_code="HT-02"),
            None,
            valid_migration_row(system_code="HT-03"),
        ],
    )
    # a row of blank-looking cells (spaces) is blank too
    layout.sheet[f"B{layout.data_rows[4]}"] = "   "
    result = load(workbook_bytes(workbook), db_path)
    assert result.rows_read == 3
    assert result.warnings == [], describe(result)
    assert stored(db_path, "migrations", "system_code, source_row") == [
        ("HT-01", layout.data_rows[0]),
        ("HT-02", layout.data_rows[3]),
        ("HT-03", layout.data_rows[5]),
    ]


def test_signature_block_and_everything_below_is_ignored(db_path):
    workbook = new_workbook()
    blank = None
    place_date = [
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "Bắc Ninh, ngày 30 tháng 6 năm 2026",
    ]
    signature = [
        None,
        "Người lập biểu",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "Thủ trưởng đơn vị",
    ]
    signature_hint = [
        None,
        "(Ký, ghi rõ họ tên)",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "(Ký tên, đóng dấu)",
    ]
    names = [
        None,
        "Nguyễn Văn A",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "Trần Thị B",
    ]
    stray = valid_inventory_row(asset_code="TC-99", stt=99)  # below the signature: not data
    layout = add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(),
            valid_inventory_row(asset_code="TC-02", stt=2),
            blank,
            place_date,
            signature,
            signature_hint,
            blank,
            names,
            stray,
        ],
        title_block=True,
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.rows_read == 2, describe(result)
    assert stored(db_path, "assets", "asset_code") == [("TC-01",), ("TC-02",)]
    # nothing below the data is reported as an error; the stray row is at most a warning
    assert all(w.row is None or w.row > layout.data_rows[1] for w in result.warnings)


def test_signature_block_right_under_the_data_in_the_plan_form(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "plans",
        [
            valid_plan_row(),
            ["Bắc Ninh, ngày 28 tháng 3 năm 2026"],
            ["NGƯỜI LẬP BIỂU", None, None, None, None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"],
            ["Lê Văn C", None, None, None, None, None, None, None, "Phạm Văn D"],
        ],
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.rows_read == 1
    assert stored(db_path, "plans", "agency_code") == [("SO-TC",)]


@pytest.mark.parametrize(
    "signature",
    [[None, None, "Người lập biểu"], [None, "Người lập biểu"]],
    ids=["agency cell blank", "in the agency column"],
)
def test_a_signature_line_ends_the_data_whatever_its_column(db_path, signature):
    workbook = new_workbook()
    stray = valid_inventory_row(asset_code="TC-99", stt=3)
    layout = add_form_sheet(workbook, "inventory", [valid_inventory_row(), signature, stray])
    result = load(workbook_bytes(workbook), db_path)
    assert stored(db_path, "assets", "asset_code") == [("TC-01",)]
    end, below = layout.data_rows[1], layout.data_rows[2]
    assert [(w.row, w.message) for w in result.warnings] == [
        (
            below,
            f"Dòng nằm dưới khối chữ ký (từ dòng {end}) nên không được đọc. Nếu đây là số liệu, "
            "đề nghị chuyển dòng này lên trên khối chữ ký.",
        )
    ]


# -- sheets -------------------------------------------------------------------------------------------


def test_hidden_sheet_with_a_form_is_loaded_with_a_warning(db_path):
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [valid_inventory_row()])
    add_form_sheet(workbook, "plans", [valid_plan_row()], sheet_name="Phương án (ẩn)", hidden=True)
    result = load(workbook_bytes(workbook), db_path)
    assert sorted(result.forms) == ["inventory", "plans"]
    assert stored(db_path, "plans", "agency_code, source_sheet") == [("SO-TC", "Phương án (ẩn)")]
    hidden = [w for w in result.warnings if w.sheet == "Phương án (ẩn)"]
    assert len(hidden) == 1, describe(result)
    assert "ẩn" in hidden[0].message


def test_empty_and_notes_sheets_are_ignored_with_a_warning(db_path):
    workbook = new_workbook()
    notes = workbook.create_sheet("Ghi chú của đơn vị")
    notes["A1"] = "HƯỚNG DẪN ĐIỀN BIỂU MẪU"
    notes["A2"] = "Mã đơn vị: theo danh mục gửi kèm."
    notes["A3"] = "Ngày ghi theo dạng ngày/tháng/năm."
    workbook.create_sheet("Sheet3")  # empty
    scratch = workbook.create_sheet("Nháp")
    scratch.sheet_state = "hidden"
    scratch["B2"] = 42
    add_form_sheet(workbook, "migrations", [valid_migration_row()])
    result = load(workbook_bytes(workbook), db_path)
    assert result.forms == ["migrations"]
    assert stored(db_path, "migrations", "system_code") == [("HT-01",)]
    by_sheet = {w.sheet: w for w in result.warnings}
    assert set(by_sheet) == {"Ghi chú của đơn vị", "Sheet3", "Nháp"}, describe(result)
    assert all(is_vietnamese(w.message) for w in by_sheet.values())


WITHOUT_FORM = (
    "Trang tính “{name}” không có dòng tiêu đề của biểu mẫu nào nên được bỏ qua. Nếu trang này "
    "có số liệu cần báo cáo, đề nghị chép số liệu vào trang của biểu tương ứng trong tệp mẫu "
    "biểu, giữ nguyên dòng tiêu đề cột."
)
EMPTY = (
    "Trang tính “{name}” trống nên được bỏ qua. Nếu đơn vị định báo cáo ở trang này, đề nghị "
    "điền số liệu rồi gửi lại tệp."
)


@pytest.mark.parametrize(
    ("name", "first_cell", "what"),
    [
        ("Hướng dẫn", "Ghi chú: số liệu tổng hợp của hai trung tâm.", WITHOUT_FORM),
        ("Danh mục", "Danh sách máy chủ cũ", WITHOUT_FORM),
        ("Danh mục", None, EMPTY),
    ],
    ids=["notes named Hướng dẫn", "own list named Danh mục", "empty sheet named Danh mục"],
)
def test_a_sheet_named_like_the_templates_own_is_still_reported(db_path, name, first_cell, what):
    # only the template's own instructions and lists pass without a word (test_template.py)
    workbook = new_workbook()
    add_form_sheet(workbook, "migrations", [valid_migration_row()])
    sheet = workbook.create_sheet(name)
    sheet["A1"] = first_cell
    result = load(workbook_bytes(workbook), db_path)
    assert [(w.sheet, w.message) for w in result.warnings] == [(name, what.format(name=name))]


def test_sheet_name_does_not_say_which_form(db_path):
    # the headers say which form a sheet holds: a Biểu 03 on a sheet called "Biểu 01"
    workbook = new_workbook()
    add_form_sheet(workbook, "migrations", [valid_migration_row()], sheet_name="Biểu 01")
    add_form_sheet(workbook, "inventory", [valid_inventory_row()], sheet_name="Sheet1")
    result = load(workbook_bytes(workbook), db_path)
    assert sorted(result.forms) == ["inventory", "migrations"]
    assert stored(db_path, "migrations", "source_sheet") == [("Biểu 01",)]
    assert stored(db_path, "assets", "source_sheet") == [("Sheet1",)]


# -- cells --------------------------------------------------------------------------------------------


def test_formula_cells_use_the_cached_value(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "plans",
        [
            valid_plan_row(servers_total=None, budget_vnd=None),
            valid_plan_row(agency_code=None, servers_total=None),
        ],
        title_block=True,
    )
    first, second = layout.data_rows
    total = layout.cell("servers_total", 0)
    formula(total, f"SUM(E{first}:H{first})")
    formula(layout.cell("budget_vnd", 0), "2*750000000")
    formula(layout.cell("servers_total", 1), f"SUM(E{second}:H{second})")
    formula(layout.cell("agency_code", 1), 'UPPER("so-tp")')
    content = with_cached_values(
        workbook_bytes(workbook),
        layout.sheet.title,
        {
            total.coordinate: (f"SUM(E{first}:H{first})", 10),
            layout.cell("budget_vnd", 0).coordinate: ("2*750000000", 1_500_000_000),
            layout.cell("servers_total", 1).coordinate: (f"SUM(E{second}:H{second})", 10),
            layout.cell("agency_code", 1).coordinate: ('UPPER("so-tp")', "SO-TP"),
        },
    )
    result = load(content, db_path)
    assert stored(db_path, "plans", "agency_code, servers_total, budget_vnd") == [
        ("SO-TC", 10, 1.5e9),
        ("SO-TP", 10, 1.5e9),
    ]
    assert result.warnings == [], describe(result)


@pytest.mark.parametrize(
    "note",
    ["=SUM(A1:A3) tính sai", "=1+1", "+84 222 3822 000", "-giữ lại do phần mềm cũ", "@admin"],
    ids=["equals with text", "equals arithmetic", "plus", "minus", "at"],
)
def test_notes_starting_like_a_formula_are_kept_as_text(db_path, note):
    content = build(
        "inventory",
        [valid_inventory_row(note=note, systems=note)],
    )
    load(content, db_path)
    assert stored(db_path, "assets", "note, systems") == [(note, note)]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        (9187, "09187"),
        ("9187", "09187"),
        ("09187", "09187"),
        (7210, "07210"),
        ("Phường Kinh Bắc", "09187"),
        ("Kinh Bắc", "09187"),
        ("kinh bac", "09187"),
        ("KINH BẮC", "09187"),
        ("phuong kinh bac", "09187"),
        ("Xã Kinh Bắc", "09187"),
        ("Xã Tam Tiến", "07264"),
        ("Tam Tien", "07264"),
        ("Phường Tam Tiến", "07264"),
        (nfd("Đồng Kỳ"), "07282"),
    ],
    ids=[
        "number 9187",
        "text 9187",
        "five digits",
        "number 7210",
        "phuong with name",
        "name only",
        "lower without diacritics",
        "upper",
        "phuong without diacritics",
        "xa instead of phuong",
        "xa with name",
        "xa name without diacritics",
        "phuong instead of xa",
        "NFD name",
    ],
)
def test_commune_by_code_or_name(db_path, written, code):
    rows = [valid_inventory_row(commune_code=written), valid_inventory_row(asset_code="TC-02")]
    load(build("inventory", rows), db_path)
    assert stored(db_path, "assets", "commune_code") == [(code,), ("07210",)]


def test_commune_codes_all_typed_as_numbers(db_path):
    # a column of numeric cells only: 9187 and 7210 are padded, never read as 9187.0
    rows = [
        valid_inventory_row(asset_code="TC-01", commune_code=9187),
        valid_inventory_row(asset_code="TC-02", commune_code=7210),
    ]
    load(build("inventory", rows), db_path)
    assert stored(db_path, "assets", "commune_code") == [("09187",), ("07210",)]


@pytest.mark.parametrize("agency", ["so-tc", "So-Tc", " SO-TC "], ids=["lower", "mixed", "spaces"])
def test_agency_code_in_any_case(db_path, agency):
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [valid_inventory_row(agency_code=agency)])
    add_form_sheet(workbook, "plans", [valid_plan_row(agency_code=agency)])
    add_form_sheet(workbook, "migrations", [valid_migration_row(agency_code=agency)])
    result = load(workbook_bytes(workbook), db_path)
    assert result.agencies == ["SO-TC"]
    for table in ("assets", "plans", "migrations"):
        assert stored(db_path, table, "agency_code") == [("SO-TC",)]


YES_NO_CELLS = [
    ("Có", True),
    ("Không", False),
    ("có", True),
    ("khong", False),
    ("x", True),
    ("X", True),
    (None, False),
    ("Yes", True),
    ("No", False),
    ("1", True),
    ("0", False),
    ("TRUE", True),
    ("FALSE", False),
]


def test_yes_no_variants_in_one_column(db_path):
    rows = [
        valid_inventory_row(asset_code=f"TC-{i:02}", soc_monitored=cell, central_backup=cell)
        for i, (cell, _) in enumerate(YES_NO_CELLS, start=1)
    ]
    result = load(build("inventory", rows), db_path)
    assert result.warnings == [], describe(result)
    expected = [(flag, flag) for _, flag in YES_NO_CELLS]
    assert stored(db_path, "assets", "soc_monitored, central_backup") == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ((True, False, None), [True, False, False]),
        ((1, 0, None), [True, False, False]),
        (("x", None, None), [True, False, False]),
    ],
    ids=["boolean cells", "numeric cells", "x and blank"],
)
def test_yes_no_typed_cells(db_path, cells, expected):
    rows = [
        valid_plan_row(agency_code=agency, tslcd_connected=cell)
        for agency, cell in zip(["SO-TC", "SO-TP", "SO-NV"], cells, strict=True)
    ]
    load(build("plans", rows), db_path)
    assert [flag for (flag,) in stored(db_path, "plans", "tslcd_connected")] == expected


@pytest.mark.parametrize("dash", ["-", "–"], ids=["hyphen", "en dash"])
def test_a_dash_in_a_yes_no_column_is_no_with_a_warning(db_path, dash):
    rows = [valid_migration_row(ndxp_connected=dash, soc_monitored="Có")]
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "migrations", rows)
    result = load(workbook_bytes(workbook), db_path)
    assert stored(db_path, "migrations", "ndxp_connected, soc_monitored") == [(False, True)]
    assert [(w.row, w.column, w.value, w.message) for w in result.warnings] == [
        (
            layout.data_rows[0],
            "Kết nối NDXP/LGSP",
            dash,
            "Giá trị chưa có nên được coi là “Không”. Đề nghị ghi “Có” hoặc “Không”.",
        )
    ]


def test_yes_no_column_absent_is_no(db_path):
    columns = [n for n in valid_migration_row() if n not in ("ndxp_connected", "soc_monitored")]
    result = load(build("migrations", [valid_migration_row()], columns=columns), db_path)
    assert result.warnings == [], describe(result)
    assert stored(db_path, "migrations", "ndxp_connected, soc_monitored") == [(False, False)]


def test_optional_columns_absent_load_as_blank(db_path):
    required = [
        "agency_code",
        "asset_code",
        "asset_type",
        "commune_code",
        "status",
        "annual_cost_vnd",
    ]
    result = load(build("inventory", [valid_inventory_row()], columns=required), db_path)
    assert result.warnings == [], describe(result)
    assert stored(
        db_path, "assets", "model, year_in_service, cpu_cores, plan, target_date, soc_monitored"
    ) == [(None, None, None, None, None, False)]


def test_enumerations_without_diacritics_any_case_or_machine_values(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(
                asset_code="TC-01",
                asset_type="may chu vat ly",
                status="DANG HOAT DONG",
                plan="hop nhat ve ttthdl",
            ),
            valid_inventory_row(
                asset_code="TC-02", asset_type="virtual_server", status="idle", plan="cloud"
            ),
            valid_inventory_row(
                asset_code="TC-03",
                asset_type="He thong luu tru",
                status="khong su dung",
                plan="LOAI BO",
            ),
        ],
    )
    add_form_sheet(workbook, "plans", [valid_plan_row(plan_status="da phe duyet")])
    add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(system_code="HT-01", target="dam may", stage="dang chuyen doi"),
            valid_migration_row(system_code="HT-02", target="ndc", stage="Planned"),
            valid_migration_row(
                system_code="HT-03",
                target="TRUNG TAM DU LIEU QUOC GIA",
                stage="da nghiem thu",
                done_date="01/06/2026",
            ),
        ],
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.warnings == [], describe(result)
    assert stored(db_path, "assets", "asset_type, status, plan") == [
        ("physical_server", "active", "consolidate"),
        ("virtual_server", "idle", "cloud"),
        ("storage", "idle", "eliminate"),
    ]
    assert stored(db_path, "plans", "plan_status") == [("approved",)]
    assert stored(db_path, "migrations", "target, stage") == [
        ("cloud", "migrating"),
        ("ndc", "planned"),
        ("ndc", "accepted"),
    ]


def test_unknown_extra_column_is_ignored_with_a_warning(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(), valid_inventory_row(asset_code="TC-02")],
        title_block=True,
        extra_columns={"Người phụ trách": ["Nguyễn Văn A", "Trần Thị B"]},
    )
    result = load(workbook_bytes(workbook), db_path)
    assert len(result.warnings) == 1, describe(result)
    warning = result.warnings[0]
    assert warning.column == "Người phụ trách"
    assert warning.row == layout.header_row
    assert warning.sheet == "Biểu 01 - Máy chủ"
    assert is_vietnamese(warning.message)
    assert query(db_path, "select count(*) from assets")[0][0] == 2


def test_one_file_with_all_three_forms_for_several_agencies(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(agency_code="SO-TC", asset_code="S-01"),
            valid_inventory_row(agency_code="SO-TC", asset_code="S-02"),
            valid_inventory_row(agency_code="SO-TP", asset_code="S-01"),
            valid_inventory_row(agency_code="UBND-09187", asset_code="KB-01", commune_code=9187),
        ],
        title_block=True,
    )
    add_form_sheet(
        workbook,
        "plans",
        [
            valid_plan_row(agency_code="SO-TC"),
            valid_plan_row(agency_code="SO-TP"),
            valid_plan_row(
                agency_code="UBND-09187",
                plan_status="Chưa gửi",
                submitted_on=None,
                servers_total=1,
                servers_eliminate=0,
                servers_consolidate=1,
                servers_cloud=0,
                servers_keep=0,
            ),
        ],
        title_block=True,
    )
    add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(agency_code="SO-TC", system_code="HT-01", source_asset_code="S-02"),
            valid_migration_row(agency_code="SO-TP", system_code="HT-01", source_asset_code="S-01"),
        ],
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.warnings == [], describe(result)
    assert result.forms == ["inventory", "plans", "migrations"]
    assert result.agencies == ["SO-TC", "SO-TP", "UBND-09187"]
    assert result.rows_read == result.rows_loaded == 9
    assert query(db_path, "select agency_code, count(*) from assets group by all order by all") == [
        ("SO-TC", 2),
        ("SO-TP", 1),
        ("UBND-09187", 1),
    ]
    assert stored(db_path, "plans", "agency_code, plan_status, submitted_on") == [
        ("SO-TC", "submitted", date(2026, 3, 15)),
        ("SO-TP", "submitted", date(2026, 3, 15)),
        ("UBND-09187", "not_submitted", None),
    ]
    assert query(db_path, "select agency_code, system_code from migrations order by all") == [
        ("SO-TC", "HT-01"),
        ("SO-TP", "HT-01"),
    ]
    assert query(db_path, "select distinct report_date from assets") == [(REPORT_DATE,)]
    upload = query(db_path, "select status, forms, agencies, rows_loaded from uploads")
    assert upload == [
        ("loaded", ["inventory", "plans", "migrations"], ["SO-TC", "SO-TP", "UBND-09187"], 9)
    ]


def test_one_form_spread_over_several_sheets(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook, "inventory", [valid_inventory_row(agency_code="SO-TC")], sheet_name="Sở Tài chính"
    )
    add_form_sheet(
        workbook, "inventory", [valid_inventory_row(agency_code="SO-TP")], sheet_name="Sở Tư pháp"
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.forms == ["inventory"]
    assert query(db_path, "select agency_code, source_sheet from assets order by all") == [
        ("SO-TC", "Sở Tài chính"),
        ("SO-TP", "Sở Tư pháp"),
    ]


def test_workbook_saved_by_excel_with_shared_strings_and_rich_text(db_path, tmp_path):
    # openpyxl writes inline strings; Excel writes a shared string table, sometimes with
    # rich text runs. The same workbook must load to the same rows either way.
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(note="Máy chủ & thiết bị <cũ>", commune_code="Phường Kinh Bắc"),
            valid_inventory_row(asset_code="TC-02", status=nfd("Không sử dụng")),
        ],
        title_block=True,
        numbering="brackets",
    )
    two_row = _two_row_plan_header(numbering=False)
    inline = workbook_bytes(workbook)
    shared = with_shared_strings(inline, rich={"Dell PowerEdge R740": 5, "Mã tài sản": 3})
    load(inline, db_path)
    other = copy_database(db_path, tmp_path / "excel.duckdb")
    with duckdb.connect(str(other)) as con:
        for table in ("assets", "uploads"):
            con.execute(f"delete from {table}")
    load(shared, other)
    load(with_shared_strings(two_row), other)
    columns = "* exclude (source_sha256)"
    assert query(other, f"select {columns} from assets order by all") == query(
        db_path, f"select {columns} from assets order by all"
    )
    assert query(other, "select model, note from assets order by asset_code") == [
        ("Dell PowerEdge R740", "Máy chủ & thiết bị <cũ>"),
        ("Dell PowerEdge R740", None),
    ]
    assert query(other, "select agency_code, servers_total from plans order by 1") == [
        ("SO-TC", 10),
        ("SO-TP", 4),
    ]


def test_codes_typed_as_numbers_are_text_without_a_decimal(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(asset_code=1001, model=2019),
            valid_inventory_row(asset_code="TC-02"),
        ],
        headers={"cpu_cores": "Số nhân\nCPU", "asset_code": "Mã\ntài sản"},
    )
    add_form_sheet(
        workbook,
        "migrations",
        [valid_migration_row(system_code=1, source_asset_code=1001)],
    )
    result = load(workbook_bytes(workbook), db_path)
    assert result.warnings == [], describe(result)  # 1001 is the asset reported above
    assert stored(db_path, "assets", "asset_code, model, cpu_cores") == [
        ("1001", "2019", 16),
        ("TC-02", "Dell PowerEdge R740", 16),
    ]
    assert stored(db_path, "migrations", "system_code, source_asset_code") == [("1", "1001")]


def test_big_money_as_numbers_next_to_money_as_text(db_path):
    rows = [
        valid_inventory_row(asset_code="TC-01", annual_cost_vnd=1_500_000_000),
        valid_inventory_row(asset_code="TC-02", annual_cost_vnd="120.000.000"),
        valid_inventory_row(asset_code="TC-03", annual_cost_vnd=2_345_678.5),
        valid_inventory_row(asset_code="TC-04", annual_cost_vnd="2.345.678,5"),
    ]
    result = load(build("inventory", rows), db_path)
    assert result.warnings == [], describe(result)
    assert stored(db_path, "assets", "annual_cost_vnd") == [
        (1_500_000_000.0,),
        (120_000_000.0,),
        (2_345_678.5,),
        (2_345_678.5,),
    ]


# -- snapshots ---------------------------------------------------------------------------------------


def test_loading_the_same_file_twice_changes_nothing(db_path):
    content = two_agencies_file()
    first = load(content, db_path)
    before = table_contents(db_path)
    version = store.data_version(db_path)
    again = load(content, db_path)
    assert again.loaded and again.unchanged and again.rows_loaded == 0
    assert not first.unchanged
    # nothing is written at all: not a row, not a log line, not even a new file
    assert table_contents(db_path) == before
    assert store.data_version(db_path) == version
    # another report date is another snapshot: that loads
    other_day = load(content, db_path, report_date=date(2026, 12, 31))
    assert other_day.loaded and not other_day.unchanged


def test_reupload_replaces_only_that_agencys_rows_of_that_form(db_path):
    load(two_agencies_file(), db_path)
    before = table_contents(db_path)
    # SO-TC sends its inventory again for the same date: TC-01 gone, TC-03 new
    replacement = build(
        "inventory",
        [
            valid_inventory_row(agency_code="SO-TC", asset_code="TC-02", ram_gb=256),
            valid_inventory_row(agency_code="SO-TC", asset_code="TC-03"),
        ],
    )
    result = load(replacement, db_path)
    assert result.agencies == ["SO-TC"]
    after = table_contents(db_path)
    assert query(
        db_path, "select asset_code, ram_gb from assets where agency_code = 'SO-TC' order by 1"
    ) == [("TC-02", 256.0), ("TC-03", 64.0)]
    # SO-TP's inventory, and every plan and migration, are untouched
    assert [r for r in after["assets"] if r[0] == "SO-TP"] == [
        r for r in before["assets"] if r[0] == "SO-TP"
    ]
    assert after["plans"] == before["plans"]
    assert after["migrations"] == before["migrations"]


def test_reupload_of_a_plan_leaves_the_agencys_other_forms_alone(db_path):
    load(two_agencies_file(), db_path)
    before = table_contents(db_path)
    load(build("plans", [valid_plan_row(agency_code="SO-TP", plan_status="Đã phê duyệt")]), db_path)
    after = table_contents(db_path)
    assert after["assets"] == before["assets"]
    assert after["migrations"] == before["migrations"]
    assert query(db_path, "select agency_code, plan_status from plans order by 1") == [
        ("SO-TC", "submitted"),
        ("SO-TP", "approved"),
    ]


def test_a_new_report_date_adds_a_snapshot(db_path):
    load(two_agencies_file(), db_path)
    first = table_contents(db_path)
    later = date(2026, 9, 30)
    load(
        build("inventory", [valid_inventory_row(agency_code="SO-TC", asset_code="TC-09")]),
        db_path,
        report_date=later,
    )
    assert query(
        db_path,
        "select report_date, agency_code, count(*) from assets group by all order by all",
    ) == [(REPORT_DATE, "SO-TC", 2), (REPORT_DATE, "SO-TP", 1), (later, "SO-TC", 1)]
    # the earlier snapshot is still all there
    assert (
        query(db_path, "select * from assets where report_date = ? order by all", [REPORT_DATE])
        == first["assets"]
    )


def test_report_date_is_stored_with_every_row(db_path):
    day = date(2026, 3, 31)
    load(two_agencies_file(), db_path, report_date=day)
    for table in ("assets", "plans", "migrations"):
        assert query(db_path, f"select distinct report_date from {table}") == [(day,)]


def test_put_keeps_equals_text_a_string_cell():
    # the builder itself: a note starting with '=' is written as text, not as a formula
    workbook = new_workbook()
    sheet = workbook.create_sheet("x")
    put(sheet["A1"], "=1+1")
    assert sheet["A1"].data_type == "s"
