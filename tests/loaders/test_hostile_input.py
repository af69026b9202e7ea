"""Hostile and odd files beyond the refusals of forms.md: each refused, or loaded where right.

Every refusal keeps the common promise of tests/loaders/test_ingest_refusals.py (a clear
Vietnamese message, nothing of the database changed but the upload's log row), checked
here on a database that already holds a valid upload. The cases: entity bombs ("billion
laughs") in the shared strings or a sheet, a sheet formatted down to row 1,048,576, a
password-protected workbook, an .xls named .xlsx (and the reverse), Vietnamese typed in
the legacy TCVN3 and VNI encodings, the 1904 date system, formulas saved without values.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import vocabulary
from loaders import messages as say
from loaders.encodings import convert, legacy_reading
from loaders.feedback import feedback_workbook
from loaders.forms import FORMS_BY_KEY
from loaders.workbook import FileRefused, inspect_container
from tests.loaders.builders import (
    add_form_sheet,
    add_part,
    build,
    canonical_headers,
    column_names,
    describe,
    formula,
    ingest,
    load,
    new_workbook,
    sheet_part,
    stored,
    table_contents,
    two_agencies_file,
    valid_inventory_row,
    valid_plan_row,
    with_cached_values,
    with_shared_strings,
    workbook_bytes,
)
from tests.loaders.test_ingest_refusals import OLE_HEADER, check_rejected

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def preloaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("preloaded") / "dashboard.duckdb"
    result = ingest(two_agencies_file(), path)
    assert result.loaded, describe(result)
    return path


@pytest.fixture
def db_path(preloaded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(preloaded, path)
    return path


def reject(content: bytes, db_path: Path, name: str = "bieu_mau.xlsx"):
    """Ingest a file that must be refused, and check the common promise of every refusal."""
    before = table_contents(db_path)
    return check_rejected(ingest(content, db_path, name), db_path, before)


def rewrite_part(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one zip part rewritten (the others copied as they are)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
    return buffer.getvalue()


# -- entity bombs ("billion laughs") --------------------------------------------------------


def laughs(root: str, levels: int = 9) -> str:
    """A document type declaration nesting entities tenfold per level: 10^9 "lol" at level 9."""
    entities = ['<!ENTITY lol "lol">']
    for level in range(1, levels + 1):
        inner = "lol" if level == 1 else f"lol{level - 1}"
        entities.append(f'<!ENTITY lol{level} "{f"&{inner};" * 10}">')
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def bomb_in_shared_strings(encoding: str = "utf-8") -> bytes:
    content = with_shared_strings(build("inventory", [valid_inventory_row()]))

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace("<sst ", laughs("sst") + "<sst ", 1)
        text = text.replace(">Dell", ">&lol9;Dell", 1)
        if encoding != "utf-8":
            text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
        return text.encode(encoding)

    return rewrite_part(content, "xl/sharedStrings.xml", change)


def bomb_in_sheet() -> bytes:
    content = build("inventory", [valid_inventory_row()])
    part = sheet_part(content, FORMS_BY_KEY["inventory"].sheet_name)

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8").replace("<worksheet ", laughs("worksheet") + "<worksheet ", 1)
        return text.replace("<t>Dell", "<t>&lol9;Dell", 1).encode("utf-8")

    return rewrite_part(content, part, change)


BOMBS = {
    "shared strings": lambda: bomb_in_shared_strings(),
    "shared strings in UTF-16": lambda: bomb_in_shared_strings("utf-16"),
    "sheet": bomb_in_sheet,
}


@pytest.mark.parametrize("where", sorted(BOMBS))
def test_an_entity_bomb_is_refused_before_any_parser(db_path, where):
    content = BOMBS[where]()
    assert len(content) < 20_000  # 10^9 laughs in a few kilobytes
    result = reject(content, db_path)
    assert [e.message for e in result.errors] == [say.FILE_XML_ENTITIES]


def test_the_entity_bomb_is_found_by_the_container_check_itself():
    with pytest.raises(FileRefused) as refused:
        inspect_container(bomb_in_shared_strings(), "bieu_mau.xlsx")
    assert str(refused.value) == say.FILE_XML_ENTITIES


def test_the_feedback_of_an_entity_bomb_is_the_list_sheet_alone(db_path):
    content = bomb_in_shared_strings()
    result = ingest(content, db_path, dry_run=True)
    book = openpyxl.load_workbook(io.BytesIO(feedback_workbook(content, result)))
    assert book.sheetnames == ["Phiếu phản hồi"]
    listed = [
        row for row in book.active.iter_rows(values_only=True) if say.FILE_XML_ENTITIES in row
    ]
    assert len(listed) == 1


def test_a_picture_with_a_doctype_of_its_own_is_no_bomb(db_path):
    # an SVG logo keeps its DOCTYPE (Illustrator declares entities there); nothing parses it
    svg = (
        b'<?xml version="1.0"?>'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "x">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    content = add_part(build("inventory", [valid_inventory_row()]), "xl/media/image1.svg", svg)
    load(content, db_path)


# -- a sheet formatted down to its last row ---------------------------------------------------

LAST_ROW = 1_048_576


def formatted_to_the_last_row(styled_cells: str) -> bytes:
    """Three real rows, then every row down to 1,048,576 formatted (a style, no value), with
    an empty styled cell in each of `styled_cells` (column letters), as Excel writes a
    formatted range; the sheet's dimension says it reaches the last row."""
    rows = [valid_inventory_row(asset_code=f"TC-{i:02}") for i in range(1, 4)]
    content = build("inventory", rows)
    part = sheet_part(content, FORMS_BY_KEY["inventory"].sheet_name)

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text = re.sub(r'<dimension ref="[^"]+"/>', f'<dimension ref="A1:T{LAST_ROW}"/>', text)
        empty = "".join(
            f'<row r="{r}" s="1" customFormat="1" ht="15" customHeight="1">'
            + "".join(f'<c r="{c}{r}" s="1"/>' for c in styled_cells)
            + "</row>"
            for r in range(5, LAST_ROW + 1)
        )
        return text.replace("</sheetData>", empty + "</sheetData>").encode("utf-8")

    return rewrite_part(content, part, change)


@pytest.mark.parametrize("styled_cells", ["", "AS"], ids=["rows only", "styled empty cells"])
def test_a_million_formatted_empty_rows_load_only_the_real_rows(db_path, styled_cells):
    content = formatted_to_the_last_row(styled_cells)
    result = load(content, db_path)
    assert result.rows_read == 3
    assert result.warnings == [], describe(result)
    assert stored(db_path, "assets", "asset_code, source_row", "agency_code = 'SO-TC'") == [
        ("TC-01", 2),
        ("TC-02", 3),
        ("TC-03", 4),
    ]


# -- password-protected and renamed workbooks -------------------------------------------------


@pytest.mark.parametrize("name", ["bieu_mau.xlsx", "bieu_mau.xls", "bieu_mau"])
def test_a_password_protected_workbook_is_refused_whatever_its_name(db_path, name):
    # what Excel saves with a password: a compound file with EncryptionInfo and
    # EncryptedPackage streams (the directory names are UTF-16)
    content = (
        OLE_HEADER
        + "EncryptionInfo".encode("utf-16-le").ljust(64, b"\x00")
        + "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
        + bytes(range(256)) * 8
    )
    result = reject(content, db_path, name)
    assert [e.message for e in result.errors] == [say.FILE_PASSWORD]


def test_an_xlsx_named_xls_loads_as_the_xlsx(db_path):
    # the .xls renamed .xlsx, saved by LibreOffice, is test_other_formats.py's (it needs soffice)
    result = load(two_agencies_file(), db_path, name="bieu_mau.xls")
    assert result.forms == ["inventory", "plans", "migrations"]


def test_a_damaged_old_xls_named_xlsx_is_refused_as_damaged(db_path):
    content = OLE_HEADER + "Workbook".encode("utf-16-le") + b"\x00" * 1024
    result = reject(content, db_path, "bieu_mau.xlsx")
    assert [e.message for e in result.errors] == [say.FILE_DAMAGED]


# -- TCVN3 and VNI ------------------------------------------------------------------------------

STATUS = vocabulary.ASSET_STATUSES["active"]  # "Đang hoạt động"
TCVN3_TEXT = {"Sở Tài chính": "Së Tµi chÝnh", STATUS: "§ang ho¹t ®éng", "Không": "Kh«ng"}
VNI_TEXT = {"Sở Tài chính": "Sôû Taøi chính", STATUS: "Ñang hoaït ñoäng", "Không": "Khoâng"}


@pytest.mark.parametrize(
    ("encoding", "typed"), [("TCVN3", TCVN3_TEXT), ("VNI", VNI_TEXT)], ids=["TCVN3", "VNI"]
)
def test_a_status_typed_in_a_legacy_encoding_is_refused_saying_so(db_path, encoding, typed):
    layout_rows = [valid_inventory_row(), valid_inventory_row(asset_code="TC-02")]
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "inventory", layout_rows, title_block=True)
    layout.cell("status", 1).value = typed[STATUS]
    layout.cell("soc_monitored", 1).value = typed["Không"]
    result = reject(workbook_bytes(workbook), db_path)
    row = layout.data_rows[1]
    name = say.ENCODING_NAMES[encoding]
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in result.errors] == [
        (
            layout.sheet.title,
            row,
            "Giám sát ATTT tập trung",
            typed["Không"],
            say.LEGACY_ENCODING_VALUE.format(encoding=name, reading="Không"),
        ),
        (
            layout.sheet.title,
            row,
            "Hiện trạng",
            typed[STATUS],
            say.LEGACY_ENCODING_VALUE.format(encoding=name, reading=STATUS),
        ),
    ]


def test_a_commune_name_typed_in_tcvn3_is_refused_saying_so(db_path):
    content = build("inventory", [valid_inventory_row(commune_code="Ph\xadêng Kinh B¾c")])
    result = reject(content, db_path)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (
            2,
            "Nơi đặt (mã xã/phường)",
            say.LEGACY_ENCODING_VALUE.format(encoding="TCVN3 (ABC)", reading="Phường Kinh Bắc"),
        )
    ]


@pytest.mark.parametrize(
    ("typed", "encoding"),
    [
        ("HÖ thèng qu¶n lý v¨n b¶n cña Së Tµi chÝnh", "TCVN3 (ABC)"),
        ("Heä thoáng quaûn lyù vaên baûn cuûa Sôû Taøi chính", "VNI"),
    ],
    ids=["TCVN3", "VNI"],
)
def test_free_text_in_a_legacy_encoding_loads_as_typed_with_a_warning(db_path, typed, encoding):
    content = build("inventory", [valid_inventory_row(systems=typed)])
    result = load(content, db_path)
    expected = "Hệ thống quản lý văn bản của Sở Tài chính"
    assert [(w.row, w.column, w.value, w.message) for w in result.warnings] == [
        (
            2,
            "Hệ thống, ứng dụng đang chạy",
            typed,
            say.LEGACY_ENCODING_TEXT.format(encoding=encoding, reading=expected),
        )
    ]
    assert stored(db_path, "assets", "systems", "agency_code = 'SO-TC'") == [(typed,)]


def test_the_conversion_tables_read_every_vietnamese_letter():
    letters = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
    assert (
        convert("µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ", "TCVN3")
        == letters
    )
    vni = (
        "aø aù aû aõ aï aê aè aé aú aü aë aâ aà aá aå aã aä ñ eø eù eû eõ eï eâ eà eá eå eã eä "
        "ì í æ ó ò oø où oû oõ oï oâ oà oá oå oã oä ô ôø ôù ôû ôõ ôï uø uù uû uõ uï "
        "ö öø öù öû öõ öï yø yù yû yõ î"
    )
    assert convert(vni, "VNI").split() == list(letters)


def _real_names() -> list[str]:
    names = []
    for file, columns in (("agencies.csv", ("name",)), ("communes.csv", ("name", "full_name"))):
        with (DATA / file).open(encoding="utf-8") as stream:
            names += [row[c] for row in csv.DictReader(stream) for c in columns]
    return names


def test_no_false_alarm_on_unicode_vietnamese_or_foreign_words():
    labels = [
        label
        for choices in (
            vocabulary.ASSET_STATUSES,
            vocabulary.ASSET_PLANS,
            vocabulary.MIGRATION_STAGES,
            vocabulary.MIGRATION_TARGETS,
        )
        for label in choices.values()
    ]
    foreign = [
        "Intel® Xeon® Gold 6230 2×20",
        "Dell PowerEdge R740 · 2U",
        "Bộ lưu trữ NetApp® FAS2750 (µs)",
        "Müller",
        "Noël",
        "Björn",
        "2 × 8",
        "Phần mềm © 2020",
        "«Cổng thông tin»",
        "Cổng thông tin\xadđiện tử",
        "Hoà Bình, Thuỷ lợi",
    ]
    texts = _real_names() + labels + foreign
    assert len(texts) > 300
    assert [t for t in texts if legacy_reading(t) is not None] == []


def test_no_false_alarm_on_the_demo_workbooks(demo, tmp_path):
    from loaders.demo_workbooks import write_workbooks

    flagged = []
    cells = 0
    for workbook in write_workbooks(demo, tmp_path):
        book = openpyxl.load_workbook(workbook.path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        cells += 1
                        if legacy_reading(value) is not None:
                            flagged.append((workbook.path.name, sheet.title, value))
        book.close()
    assert cells > 10_000
    assert flagged == []


# -- the 1904 date system -----------------------------------------------------------------------

TARGET = date(2026, 12, 31)
SERIAL_1904 = (TARGET - date(1904, 1, 1)).days  # 45,288: 1,462 days fewer than in 1900


def test_dates_of_a_1904_workbook_by_openpyxl(db_path):
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [
            valid_inventory_row(asset_code="TC-01", target_date=TARGET),  # a date cell
            valid_inventory_row(asset_code="TC-02", target_date="31/12/2026"),  # text
            valid_inventory_row(asset_code="TC-03", target_date=SERIAL_1904),  # a bare serial
        ],
    )
    workbook.epoch = CALENDAR_MAC_1904
    content = workbook_bytes(workbook)
    assert b'date1904="1"' in zipfile.ZipFile(io.BytesIO(content)).read("xl/workbook.xml")
    load(content, db_path)
    assert stored(db_path, "assets", "asset_code, target_date", "agency_code = 'SO-TC'") == [
        ("TC-01", TARGET),
        ("TC-02", TARGET),
        ("TC-03", TARGET),
    ]


@pytest.mark.parametrize("date_1904", [True, False], ids=["1904", "1900"])
def test_dates_of_a_workbook_by_xlsxwriter_in_either_date_system(db_path, date_1904):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"date_1904": date_1904, "in_memory": True})
    sheet = book.add_worksheet(FORMS_BY_KEY["plans"].sheet_name)
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, header in enumerate(canonical_headers("plans")):
        sheet.write(0, col, header)
    for col, name in enumerate(column_names("plans")):
        value = valid_plan_row()[name]
        if name == "submitted_on":
            sheet.write_datetime(1, col, datetime(2026, 3, 15), as_date)
        elif value is not None:
            sheet.write(1, col, value)
    book.close()
    load(buffer.getvalue(), db_path)
    assert stored(db_path, "plans", "submitted_on", "agency_code = 'SO-TC'") == [
        (date(2026, 3, 15),)
    ]


# -- formulas saved without their value ---------------------------------------------------------


def test_a_formula_without_its_value_is_named_not_read_as_blank(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook, "plans", [valid_plan_row(), valid_plan_row(agency_code="SO-TP")], title_block=True
    )
    total = layout.cell("servers_total", 1)
    row = layout.data_rows[1]
    formula(total, f"SUM(E{row}:H{row})")
    formula(layout.cell("budget_vnd", 1), "2*750000000")
    content = workbook_bytes(workbook)  # openpyxl stores formulas without their values
    result = reject(content, db_path)
    sheet = layout.sheet.title
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in result.errors] == [
        (
            sheet,
            row,
            "Số máy chủ hiện có",
            f"=SUM(E{row}:H{row})",
            say.FORMULA_NOT_COMPUTED.format(cell=total.coordinate, formula=f"SUM(E{row}:H{row})"),
        ),
        (
            sheet,
            row,
            "Kinh phí thực hiện (VNĐ)",
            "=2*750000000",
            say.FORMULA_NOT_COMPUTED.format(
                cell=layout.cell("budget_vnd", 1).coordinate, formula="2*750000000"
            ),
        ),
    ]


def _sheet_part_renamed(content: bytes, old: str, new: str) -> bytes:
    """The workbook with a sheet's part stored under another name, its references following."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith((".rels", "[Content_Types].xml")):
                data = data.replace(old.encode(), new.encode())
            target.writestr(new if entry.filename == old else entry.filename, data)
    return buffer.getvalue()


def test_a_formula_without_its_value_is_found_in_a_sheet_stored_under_another_name(db_path):
    # the container check looks for formulas in the .xml parts it inflates; a sheet stored
    # under another name (valid, and calamine reads it) is searched by the reader itself
    workbook = new_workbook()
    layout = add_form_sheet(workbook, "plans", [valid_plan_row()], title_block=True)
    formula(layout.cell("budget_vnd", 0), "2*750000000")
    part = "xl/worksheets/sheet1.xml"
    content = _sheet_part_renamed(workbook_bytes(workbook), part, "xl/worksheets/sheet1.dat")
    result = reject(content, db_path)
    assert [(e.column, e.value) for e in result.errors] == [
        ("Kinh phí thực hiện (VNĐ)", "=2*750000000")
    ]


def test_an_entity_bomb_in_a_sheet_stored_under_another_name_is_named_as_such(db_path):
    # the container check looks for declarations in the .xml parts; the reader's own XML
    # parser refuses them anywhere, and the message is the same one
    content = bomb_in_sheet()
    part = sheet_part(content, FORMS_BY_KEY["inventory"].sheet_name)
    result = reject(_sheet_part_renamed(content, part, "xl/worksheets/sheet1.dat"), db_path)
    assert [e.message for e in result.errors] == [say.FILE_XML_ENTITIES]


def test_formulas_in_a_skipped_totals_row_or_with_their_values_are_fine(db_path):
    workbook = new_workbook()
    layout = add_form_sheet(
        workbook,
        "plans",
        [valid_plan_row(), valid_plan_row(agency_code="SO-TP"), ["Tổng cộng"]],
    )
    first, second, totals = layout.data_rows
    formula(layout.cell("servers_total", 2), f"SUM(D{first}:D{second})")  # no value: skipped row
    computed = layout.cell("budget_vnd", 0)
    formula(computed, "2*750000000")
    empty_text = layout.cell("note", 1)
    formula(empty_text, 'IF(1=1,"","x")')
    content = with_cached_values(
        workbook_bytes(workbook),
        layout.sheet.title,
        {
            computed.coordinate: ("2*750000000", 1_500_000_000),
            empty_text.coordinate: ('IF(1=1,"","x")', ""),
        },
    )
    result = load(content, db_path)
    assert [w.message for w in result.warnings] == [say.ROW_TOTALS]
    assert stored(db_path, "plans", "agency_code, budget_vnd, note") == [
        ("SO-TC", 1.5e9, None),
        ("SO-TP", 1.5e9, None),
    ]


@pytest.mark.parametrize(
    ("name", "typed", "reading", "encoding"),
    [
        ("soc_monitored", "Cã", "Có", "TCVN3 (ABC)"),
        ("commune_code", "Lôc Nam", "Lục Nam", "TCVN3 (ABC)"),
        ("central_backup", "Coù", "Có", "VNI"),
    ],
    ids=["yes", "commune", "VNI yes"],
)
def test_a_listed_value_in_tcvn3_is_recognised_even_without_a_foreign_letter(
    db_path, name, typed, reading, encoding
):
    # "Cã" is Unicode letters, yet no yes/no; read as TCVN3 it is “Có”
    content = build("inventory", [valid_inventory_row(**{name: typed})])
    result = reject(content, db_path)
    assert [(e.row, e.value, e.message) for e in result.errors] == [
        (2, typed, say.LEGACY_ENCODING_VALUE.format(encoding=encoding, reading=reading))
    ]


# -- figures no column can hold (found by tests/loaders/test_parsers_property.py) ---------------


def test_a_count_too_large_to_store_is_refused_not_stored_blank(db_path):
    content = build(
        "inventory", [valid_inventory_row(cpu_cores=3_000_000_000, security_level=10**20)]
    )
    result = reject(content, db_path)
    assert [(e.column, e.message) for e in result.errors] == [
        ("Số nhân CPU", say.NUMBER_TOO_LARGE.format(high="2.147.483.647")),
        ("Cấp độ ATTT", say.OUT_OF_RANGE.format(low="1", high="5")),
    ]


def test_server_counts_past_any_integer_are_refused_with_their_figures(db_path):
    row = valid_plan_row(servers_total=2e19, servers_eliminate=1e19)
    result = reject(build("plans", [row]), db_path)
    mismatch = [
        e for e in result.errors if e.column == "Số máy chủ hiện có" and "khác" in e.message
    ]
    # (the counts are also each refused as too large; the sum is shown as the number it is)
    assert len(mismatch) == 1 and "(1e+19)" in mismatch[0].message, describe(result)
