"""The blank workbook: its sheets, headers, dropdowns and lists, and a filled copy that loads cleanly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import db
from loaders.forms import FORMS, FORMS_BY_KEY, Form
from loaders.reader import read_workbook
from loaders.template import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    NO,
    YES,
    form_title,
    write_template,
)

REPORT_DATE = date(2026, 6, 30)


@pytest.fixture(scope="module")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bieu_mau.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def workbook(template_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(template_path)


def _range_values(workbook: openpyxl.Workbook, reference: str) -> list[str]:
    """The values of a validation source like 'Danh mục'!$C$2:$C$4."""
    sheet_name, cells = reference.lstrip("=").rsplit("!", 1)
    rows = workbook[sheet_name.strip("'")][cells.replace("$", "")]
    return [row[0].value for row in rows]


def _validations_by_column(sheet: Worksheet) -> dict[str, list]:
    """Data validations keyed by the column letter of their first range."""
    by_column: dict[str, list] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            letter = openpyxl.utils.get_column_letter(cell_range.min_col)
            by_column.setdefault(letter, []).append(validation)
    return by_column


def test_sheets_in_order_and_lists_hidden(workbook):
    assert workbook.sheetnames == [
        INSTRUCTIONS_SHEET,
        *(form.sheet_name for form in FORMS),
        LISTS_SHEET,
    ]
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert all(workbook[f.sheet_name].sheet_state == "visible" for f in FORMS)
    assert workbook.active.title == INSTRUCTIONS_SHEET


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.key)
def test_form_sheet_title_headers_and_layout(workbook, form: Form):
    sheet = workbook[form.sheet_name]
    assert sheet["A1"].value == form_title(form)
    assert form_title(FORMS_BY_KEY["inventory"]) == "BIỂU 01 – DANH MỤC MÁY CHỦ, HỆ THỐNG LƯU TRỮ"
    assert all(cell.value is None for cell in sheet[2])
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers == [column.header for column in form.columns]
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in sheet[HEADER_ROW])
    assert sheet.freeze_panes == f"A{FIRST_DATA_ROW}"
    # Required headers carry a fill of their own, which the legend explains.
    fills = {
        column.required: sheet.cell(HEADER_ROW, index).fill.fgColor.rgb
        for index, column in enumerate(form.columns, start=1)
    }
    assert fills[True] != fills[False]
    legend = [c for c in sheet[1] if c.value and "bắt buộc" in str(c.value)]
    assert legend and legend[0].fill.fgColor.rgb == fills[True]
    assert sheet.max_row >= FIRST_DATA_ROW + 499


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.key)
def test_every_column_has_the_validation_of_its_kind(workbook, form: Form):
    sheet = workbook[form.sheet_name]
    by_column = _validations_by_column(sheet)
    agencies = db.read_reference("agencies")
    communes = db.read_reference("communes")
    for index, column in enumerate(form.columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        data_cell = sheet.cell(FIRST_DATA_ROW + 10, index)
        validations = by_column.get(letter, [])
        if column.kind == "ignore":
            assert validations == []
            continue
        [validation] = validations
        assert f"{letter}{FIRST_DATA_ROW}" in validation.sqref
        assert f"{letter}{FIRST_DATA_ROW + 499}" in validation.sqref
        assert validation.prompt and validation.showInputMessage
        if column.kind in ("enum", "yesno", "agency", "commune"):
            assert validation.type == "list"
            # A range on the hidden sheet: inline lists are capped at 255 characters.
            assert validation.formula1.startswith(f"'{LISTS_SHEET}'!")
            values = _range_values(workbook, validation.formula1)
            expected = {
                "enum": list(column.choices.values()) if column.choices else None,
                "yesno": [YES, NO],
                "agency": agencies["agency_code"].to_list(),
                "commune": sorted(communes["code"].to_list()),
            }[column.kind]
            assert values == expected, column.header
        elif column.kind in ("int", "year"):
            assert validation.type == "whole"
        elif column.kind == "number":
            assert validation.type == "decimal"
        elif column.kind == "date":
            assert validation.type == "date"
            assert data_cell.number_format == "dd/mm/yyyy"
        if column.minimum is not None and column.kind != "year":
            assert float(validation.formula1) == column.minimum
            if column.maximum is not None:
                assert validation.operator == "between"
                assert float(validation.formula2) == column.maximum
        if column.kind in ("text", "agency", "commune"):
            assert data_cell.number_format == "@", column.header


def test_lists_sheet_holds_every_agency_and_commune(workbook):
    values = {cell.value for row in workbook[LISTS_SHEET].iter_rows() for cell in row}
    agency_codes = set(db.read_reference("agencies")["agency_code"])
    commune_codes = set(db.read_reference("communes")["code"])
    assert len(agency_codes) == 117 and len(commune_codes) == 99
    assert agency_codes <= values
    assert commune_codes <= values
    assert "09187" in values  # text, leading zero kept


def test_instructions_cover_every_header_and_the_formats(workbook):
    cells = [
        str(cell.value)
        for row in workbook[INSTRUCTIONS_SHEET].iter_rows()
        for cell in row
        if cell.value is not None
    ]
    text = "\n".join(cells)
    for form in FORMS:
        assert form_title(form) in text
        for column in form.columns:
            assert column.header in cells, column.header
            if column.choices:
                assert all(label in text for label in column.choices.values())
    for phrase in ("1.234.567,5", "dd/mm/yyyy", "09187", "Phường Kinh Bắc", "ngày số liệu"):
        assert phrase in text, phrase
    assert "nhiều đơn vị" in text


# A plausible filled copy for two agencies: machine values here, Vietnamese labels in the file.
ASSETS = [
    {
        "agency_code": "SO-YT",
        "asset_code": "YT-01",
        "asset_type": "physical_server",
        "model": "Dell PowerEdge R740",
        "year_in_service": 2019,
        "commune_code": "09187",
        "cpu_cores": 32,
        "ram_gb": 128,
        "storage_tb": 4.5,
        "utilization_pct": 35.5,
        "annual_cost_vnd": 45_000_000,
        "systems": "Hồ sơ sức khỏe điện tử",
        "security_level": 3,
        "soc_monitored": True,
        "central_backup": False,
        "status": "active",
        "plan": "consolidate",
        "target_date": date(2026, 12, 31),
        "note": None,
    },
    {
        "agency_code": "SO-YT",
        "asset_code": "YT-02",
        "asset_type": "virtual_server",
        "model": None,
        "year_in_service": 2022,
        "commune_code": "09187",
        "cpu_cores": 8,
        "ram_gb": 16,
        "storage_tb": 0.5,
        "utilization_pct": 60,
        "annual_cost_vnd": 12_000_000,
        "systems": "Cổng thông tin Sở Y tế",
        "security_level": 2,
        "soc_monitored": True,
        "central_backup": True,
        "status": "active",
        "plan": "keep",
        "target_date": None,
        "note": "Giữ lại theo yêu cầu kết nối hệ thống chuyên ngành của Bộ Y tế",
    },
    {
        "agency_code": "UBND-09187",
        "asset_code": "KB-01",
        "asset_type": "physical_server",
        "model": "HPE ProLiant DL380",
        "year_in_service": 2017,
        "commune_code": "09187",
        "cpu_cores": 16,
        "ram_gb": 64,
        "storage_tb": 2,
        "utilization_pct": 20,
        "annual_cost_vnd": 18_500_000,
        "systems": "Một cửa điện tử phường",
        "security_level": 2,
        "soc_monitored": False,
        "central_backup": None,  # blank: read as No
        "status": "active",
        "plan": "eliminate",
        "target_date": date(2026, 9, 30),
        "note": None,
    },
]
PLANS = [
    {
        "agency_code": "SO-YT",
        "submitted_on": date(2026, 3, 25),
        "plan_status": "approved",
        "servers_total": 2,
        "servers_eliminate": 0,
        "servers_consolidate": 1,
        "servers_cloud": 0,
        "servers_keep": 1,
        "budget_vnd": 150_000_000,
        "planned_savings_vnd": 30_000_000,
        "tslcd_connected": True,
        "note": "Máy chủ ảo giữ lại theo yêu cầu của Bộ Y tế",
    },
    {
        "agency_code": "UBND-09187",
        "submitted_on": date(2026, 3, 30),
        "plan_status": "submitted",
        "servers_total": 1,
        "servers_eliminate": 1,
        "servers_consolidate": 0,
        "servers_cloud": 0,
        "servers_keep": 0,
        "budget_vnd": 5_000_000,
        "planned_savings_vnd": 18_500_000,
        "tslcd_connected": False,
        "note": None,
    },
]
MIGRATIONS = [
    {
        "system_code": "HT-YT-01",
        "system_name": "Hệ thống hồ sơ sức khỏe điện tử",
        "agency_code": "SO-YT",
        "source_asset_code": "YT-01",
        "target": "ttthdl",
        "stage": "migrating",
        "planned_date": date(2026, 9, 30),
        "done_date": None,
        "ndxp_connected": True,
        "soc_monitored": True,
        "security_level": 3,
        "note": None,
    },
    {
        "system_code": "HT-KB-01",
        "system_name": "Một cửa điện tử phường Kinh Bắc",
        "agency_code": "UBND-09187",
        "source_asset_code": "KB-01",
        "target": "cloud",
        "stage": "accepted",
        "planned_date": date(2026, 5, 1),
        "done_date": date(2026, 5, 20),
        "ndxp_connected": True,
        "soc_monitored": False,
        "security_level": 2,
        "note": "Đã nghiệm thu ngày 20/5/2026",
    },
]
FILLED: dict[str, list[dict]] = {"inventory": ASSETS, "plans": PLANS, "migrations": MIGRATIONS}


def _cell_value(form: Form, name: str, value):
    """What a person puts in the template for a machine value: the label, Có/Không, a date."""
    column = form.column(name)
    if value is None:
        return None
    if column.kind == "enum":
        return column.choices[value]
    if column.kind == "yesno":
        return YES if value else NO
    return value


def _stored(form: Form, name: str, value):
    """What the database should hold for a filled machine value."""
    if form.column(name).kind == "yesno":
        return bool(value)
    if isinstance(value, datetime):
        return value.date()
    return value


def test_filled_template_loads_without_errors_or_warnings(template_path, tmp_path):
    from loaders.ingest import ingest_file  # here, so the other tests run without the loader

    workbook = openpyxl.load_workbook(template_path)
    for key, rows in FILLED.items():
        form = FORMS_BY_KEY[key]
        sheet = workbook[form.sheet_name]
        positions = {column.name: i for i, column in enumerate(form.columns, start=1)}
        for offset, row in enumerate(rows):
            for name, value in row.items():
                sheet.cell(FIRST_DATA_ROW + offset, positions[name], _cell_value(form, name, value))
    filled = tmp_path / "da_dien.xlsx"
    workbook.save(filled)
    # The commune travels as text, as Excel keeps it in a text-formatted cell.
    inventory = FORMS_BY_KEY["inventory"]
    commune_index = inventory.columns.index(inventory.column("commune_code")) + 1
    check = openpyxl.load_workbook(filled)[inventory.sheet_name]
    assert check.cell(FIRST_DATA_ROW, commune_index).value == "09187"

    db_path = tmp_path / "t.duckdb"
    result = ingest_file(filled, report_date=REPORT_DATE, db_path=db_path)
    assert result.status == "loaded", result.errors
    assert result.warnings == []

    con = db.connect(db_path)
    try:
        for key, rows in FILLED.items():
            form = FORMS_BY_KEY[key]
            names = list(rows[0])
            got = con.sql(
                f"select {', '.join(names)}, report_date, source_sheet, source_row "
                f"from {form.table} order by source_row"
            ).fetchall()
            expected = [
                (
                    *(_stored(form, name, row[name]) for name in names),
                    REPORT_DATE,
                    form.sheet_name,
                    FIRST_DATA_ROW + offset,
                )
                for offset, row in enumerate(rows)
            ]
            assert got == expected, key
    finally:
        con.close()


@pytest.mark.parametrize(
    "lists_state", ["hidden", "visible"], ids=["lists hidden", "lists unhidden"]
)
def test_the_templates_own_sheets_pass_without_a_warning(template_path, tmp_path, lists_state):
    # DST may unhide the lists to look a code up: the sheet is still known by its first cell
    workbook = openpyxl.load_workbook(template_path)
    workbook[LISTS_SHEET].sheet_state = lists_state
    path = tmp_path / "mau.xlsx"
    workbook.save(path)
    read = read_workbook(path.read_bytes())
    assert read.messages == []
    assert [sheet.sheet for sheet in read.sheets] == [form.sheet_name for form in FORMS]
