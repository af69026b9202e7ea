"""Build workbooks in code, the way agencies really fill them, and read back what was stored.

Rows are given as dicts keyed by the machine names of loaders/forms.py (`valid_inventory_row`
and friends give a row that loads without a warning; override what a test is about), as
lists of raw cells (a totals row, a signature line), or as None (a blank row).

openpyxl cannot write the cached value of a formula; `with_cached_values` patches the
sheet XML of the saved file instead.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loaders import archive
from loaders.forms import FORMS_BY_KEY
from loaders.ingest import IngestResult, ingest_bytes

REPORT_DATE = date(2026, 6, 30)
DATA_TABLES = ("assets", "plans", "migrations")
TITLES = {
    "inventory": "BIỂU 01 – DANH MỤC MÁY CHỦ, HỆ THỐNG LƯU TRỮ",
    "plans": "BIỂU 02 – PHƯƠNG ÁN LOẠI BỎ, HỢP NHẤT MÁY CHỦ",
    "migrations": "BIỂU 03 – TIẾN ĐỘ CHUYỂN ĐỔI HỆ THỐNG THÔNG TIN",
}
VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")

Row = Mapping[str, Any] | Sequence[Any] | None


def canonical_headers(form_key: str) -> list[str]:
    """The canonical headers of a form, in the order of forms.md (STT first for Biểu 01)."""
    return [c.header for c in FORMS_BY_KEY[form_key].columns]


def column_names(form_key: str) -> list[str]:
    """The machine names of a form's columns, in the same order as `canonical_headers`."""
    return [c.name for c in FORMS_BY_KEY[form_key].columns]


# A row of each form that loads without any error or warning at REPORT_DATE.
VALID_VALUES: dict[str, dict[str, Any]] = {
    "inventory": {
        "stt": 1,
        "agency_code": "SO-TC",
        "asset_code": "TC-01",
        "asset_type": "Máy chủ vật lý",
        "model": "Dell PowerEdge R740",
        "year_in_service": 2019,
        "commune_code": "07210",
        "cpu_cores": 16,
        "ram_gb": 64,
        "storage_tb": 4,
        "utilization_pct": 35,
        "annual_cost_vnd": 120_000_000,
        "systems": "Cổng thông tin điện tử",
        "security_level": 3,
        "soc_monitored": "Có",
        "central_backup": "Không",
        "status": "Đang hoạt động",
        "plan": "Hợp nhất về TTTHDL",
        "target_date": "31/12/2026",
        "note": None,
    },
    # 10 = 2 + 5 + 2 + 1
    "plans": {
        "agency_code": "SO-TC",
        "submitted_on": "15/03/2026",
        "plan_status": "Đã gửi",
        "servers_total": 10,
        "servers_eliminate": 2,
        "servers_consolidate": 5,
        "servers_cloud": 2,
        "servers_keep": 1,
        "budget_vnd": 1_500_000_000,
        "planned_savings_vnd": 300_000_000,
        "tslcd_connected": "Có",
        "note": None,
    },
    # no source asset named
    "migrations": {
        "system_code": "HT-01",
        "system_name": "Hệ thống quản lý văn bản và điều hành",
        "agency_code": "SO-TC",
        "source_asset_code": None,
        "target": "TTTHDL tỉnh",
        "stage": "Kế hoạch",
        "planned_date": "30/09/2026",
        "done_date": None,
        "ndxp_connected": "Có",
        "soc_monitored": "Không",
        "security_level": 2,
        "note": None,
    },
}


def valid_row(form_key: str, **overrides: Any) -> dict[str, Any]:
    """A row of the form that loads without any error or warning, with `overrides` applied."""
    return {**VALID_VALUES[form_key], **overrides}


def valid_inventory_row(**overrides: Any) -> dict[str, Any]:
    """A Biểu 01 row that loads without any error or warning at REPORT_DATE."""
    return valid_row("inventory", **overrides)


def valid_plan_row(**overrides: Any) -> dict[str, Any]:
    """A Biểu 02 row that loads without any error or warning: 10 = 2 + 5 + 2 + 1."""
    return valid_row("plans", **overrides)


def valid_migration_row(**overrides: Any) -> dict[str, Any]:
    """A Biểu 03 row that loads without any error or warning (no source asset named)."""
    return valid_row("migrations", **overrides)


@dataclass
class Layout:
    """Where a form sheet's parts landed: header row, data rows by position, column letters."""

    sheet: Worksheet
    header_row: int
    data_rows: list[int] = field(default_factory=list)  # Excel row of each item of `rows`
    letters: dict[str, str] = field(default_factory=dict)  # machine name → column letter
    headers: dict[str, str] = field(default_factory=dict)  # machine name → header written

    def cell(self, name: str, index: int):
        """The openpyxl cell of column `name` in the `index`-th item of `rows`."""
        return self.sheet[f"{self.letters[name]}{self.data_rows[index]}"]


def new_workbook() -> Workbook:
    """An openpyxl workbook with no sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def write_title_block(sheet: Worksheet, form_key: str, width: int, agency: str) -> int:
    """A real title block: title merged across, the agency's name merged, a blank row.

    Returns the first free row (the header goes there).
    """
    sheet.cell(1, 1, TITLES[form_key])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, f"Đơn vị báo cáo: {agency}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(2, width // 2))
    sheet.cell(2, width, "(Kèm theo Công văn số 123/SKHCN-CNTT)")
    return 4


def add_form_sheet(
    workbook: Workbook,
    form_key: str,
    rows: Iterable[Row],
    *,
    sheet_name: str | None = None,
    headers: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    extra_columns: Mapping[str, Sequence[Any]] | None = None,
    title_block: bool = False,
    numbering: str | None = None,
    hidden: bool = False,
) -> Layout:
    """Write one form sheet and return where everything landed.

    headers: machine name → header text to write instead of the canonical one.
    columns: the machine names to write, in order (default: every column of the form).
    extra_columns: header → values (one per row) of columns the form does not know.
    numbering: None, "plain" (1, 2, 3 …) or "brackets" ((1), (2), (3) …) under the header.
    """
    form = FORMS_BY_KEY[form_key]
    names = list(columns or [c.name for c in form.columns])
    by_name = {c.name: c for c in form.columns}
    written = {n: (headers or {}).get(n, by_name[n].header if n in by_name else n) for n in names}
    extra = dict(extra_columns or {})
    width = len(names) + len(extra)
    sheet = workbook.create_sheet(sheet_name or form.sheet_name)
    if hidden:
        sheet.sheet_state = "hidden"
    header_row = write_title_block(sheet, form_key, width, "Sở Tài chính") if title_block else 1
    letters: dict[str, str] = {}
    for index, name in enumerate(names, start=1):
        sheet.cell(header_row, index, written[name])
        letters[name] = get_column_letter(index)
    for offset, header in enumerate(extra, start=len(names) + 1):
        sheet.cell(header_row, offset, header)
    next_row = header_row + 1
    if numbering:
        for index in range(1, width + 1):
            sheet.cell(next_row, index, index if numbering == "plain" else f"({index})")
        next_row += 1
    layout = Layout(sheet, header_row, letters=letters, headers=written)
    for position, row in enumerate(rows):
        write_row(sheet, next_row, row, names)
        for offset, values in enumerate(extra.values(), start=len(names) + 1):
            if position < len(values) and values[position] is not None:
                sheet.cell(next_row, offset, values[position])
        layout.data_rows.append(next_row)
        next_row += 1
    return layout


def write_row(sheet: Worksheet, excel_row: int, row: Row, names: Sequence[str]) -> None:
    """Write one row: a dict by machine name, a list of raw cells from column A, or None."""
    if row is None:
        return
    cells = [row.get(name) for name in names] if isinstance(row, Mapping) else list(row)
    for index, value in enumerate(cells, start=1):
        if value is not None:
            put(sheet.cell(excel_row, index), value)


def put(cell, value: Any) -> None:
    """Set a cell; text starting with '=' stays a string cell, never a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def formula(cell, expression: str) -> None:
    """Make `cell` a formula (its cached value is added by `with_cached_values`)."""
    cell.value = expression if expression.startswith("=") else f"={expression}"


def workbook_bytes(workbook: Workbook) -> bytes:
    """The saved workbook as bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build(form_key: str, rows: Iterable[Row], **options: Any) -> bytes:
    """A workbook holding one form sheet, as bytes."""
    workbook = new_workbook()
    add_form_sheet(workbook, form_key, rows, **options)
    return workbook_bytes(workbook)


def sheet_part(content: bytes, sheet_name: str) -> str:
    """The zip part of the worksheet called `sheet_name`."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    sheet = re.search(rf'<sheet [^>]*name="{re.escape(sheet_name)}"[^>]*/>', workbook_xml)
    assert sheet, f"no sheet {sheet_name!r}"
    rel_id = re.search(r'r:id="([^"]+)"', sheet.group(0)).group(1)
    rel = re.search(rf'<Relationship [^>]*Id="{rel_id}"[^>]*/>', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rel_id}"', rels
    )
    target = re.search(r'Target="([^"]+)"', rel.group(0)).group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def with_cached_values(
    content: bytes, sheet_name: str, cached: Mapping[str, tuple[str, Any]]
) -> bytes:
    """Give formula cells a cached value, as Excel saves them: {"F5": ("F3+F4", 42)}.

    Each cell becomes `<c r="F5"><f>F3+F4</f><v>42</v></c>` (text results get t="str").
    """
    part = sheet_part(content, sheet_name)
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                xml = data.decode("utf-8")
                for ref, (expression, value) in cached.items():
                    kind = ' t="str"' if isinstance(value, str) else ""
                    replacement = (
                        f'<c r="{ref}"{kind}><f>{_xml_escape(expression.lstrip("="))}</f>'
                        f"<v>{_xml_escape(str(value))}</v></c>"
                    )
                    pattern = rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'
                    xml, count = re.subn(pattern, replacement, xml, count=1)
                    assert count == 1, f"no cell {ref} in {part}"
                data = xml.encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


_INLINE = re.compile(r'<c ([^>]*?)\s*t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)


def with_shared_strings(content: bytes, rich: Mapping[str, int] | None = None) -> bytes:
    """Rewrite openpyxl's inline strings as Excel saves text: a shared string table.

    rich: text → position at which to split it into two formatted runs (rich text, as
    when part of a cell is bold), to prove runs are joined back into one value.
    """
    strings: list[str] = []
    index: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        before, after, text = match.group(1), match.group(2), match.group(3)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return f'<c {before.strip()}{after} t="s"><v>{index[text]}</v></c>'.replace("  ", " ")

    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    source.close()
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = _INLINE.sub(shared, parts[name].decode("utf-8")).encode("utf-8")
    items = []
    for text in strings:
        split = (rich or {}).get(_xml_unescape(text))
        if split is None:
            items.append(f'<si><t xml:space="preserve">{text}</t></si>')
        else:
            plain = _xml_unescape(text)
            head, tail = _xml_escape(plain[:split]), _xml_escape(plain[split:])
            items.append(
                f'<si><r><t xml:space="preserve">{head}</t></r>'
                f'<r><rPr><b/></rPr><t xml:space="preserve">{tail}</t></r></si>'
            )
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(items) + "</sst>"
    ).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    types = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdShared" Type="{SHARED_STRINGS_REL}" '
        'Target="sharedStrings.xml"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- the database ----------------------------------------------------------------------------


def copy_database(source: Path, target: Path) -> Path:
    """A copy of a closed database file: cheaper than creating one for every test."""
    shutil.copy(source, target)
    return target


def ingest(content: bytes, db_path: Path, name: str = "bieu_mau.xlsx", **options: Any):
    """Ingest bytes into the database at `db_path` at REPORT_DATE unless told otherwise."""
    options.setdefault("report_date", REPORT_DATE)
    options.setdefault("uploaded_by", "pytest")
    return ingest_bytes(content, name, db_path=db_path, **options)


def table_contents(db_path: Path) -> dict[str, Any]:
    """Every row of the data tables (ordered) and the number of uploads: to prove nothing changed."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        contents: dict[str, Any] = {}
        for table in DATA_TABLES:
            contents[table] = con.sql(f"select * from {table} order by all").fetchall()
        contents["uploads"] = con.sql("select count(*) from uploads").fetchall()[0][0]
    finally:
        con.close()
    return contents


def groups_disagreeing(db_path: Path) -> list[tuple]:
    """The rows of inventory_groups that a fresh grouping of `assets` has not, and the other
    way round (db/schema.sql: inventory_groups_of): none when the write path kept them right."""
    return query(
        db_path,
        """
        (select 'kept', * from inventory_groups except all select 'kept', * from inventory_groups_of(null))
        union all
        (select 'fresh', * from inventory_groups_of(null) except all select 'fresh', * from inventory_groups)
        """,
    )


def query(db_path: Path, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
    """Rows of one query against the database (opened read-only, then closed)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def stored(db_path: Path, table: str, columns: str, where: str = "true") -> list[tuple]:
    """`select columns from table where … order by source_row` as tuples."""
    return query(db_path, f"select {columns} from {table} where {where} order by source_row")


def last_upload(db_path: Path) -> dict[str, Any]:
    """The newest row of `uploads` as a dict."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        relation = con.sql("select * from uploads order by upload_id desc limit 1")
        names = relation.columns
        row = relation.fetchall()[0]
    finally:
        con.close()
    return dict(zip(names, row, strict=True))


def is_vietnamese(text: str) -> bool:
    """True when the text uses Vietnamese letters (a message written in Vietnamese)."""
    return any(ch in VIETNAMESE_LETTERS for ch in text.lower())


def describe(result: IngestResult) -> str:
    """Errors and warnings of a result, one a line, for assertion messages."""
    return "\n".join(
        f"{m.level}: {m.sheet}!{m.column}{m.row} = {m.value!r}: {m.message}"
        for m in result.errors + result.warnings
    )


def load(content: bytes, db_path: Path, **options: Any) -> IngestResult:
    """Ingest and insist that the file loaded, whole and without an error."""
    result = ingest(content, db_path, **options)
    assert result.status == "loaded", describe(result)
    assert result.errors == [], describe(result)
    # the same content again for the same date is "unchanged": nothing loaded, nothing to do
    assert result.rows_loaded == (0 if result.unchanged else result.rows_read)
    assert result.rows_read > 0
    return result


def two_agencies_file(
    tc_assets: Sequence[str] = ("TC-01", "TC-02"),
    tp_assets: Sequence[str] = ("TP-01",),
    systems: tuple[str, str] = ("HT-TC", "HT-TP"),
) -> bytes:
    """A valid workbook of all three forms for SO-TC and SO-TP (their assets and one system each)."""
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        [valid_inventory_row(agency_code="SO-TC", asset_code=c) for c in tc_assets]
        + [valid_inventory_row(agency_code="SO-TP", asset_code=c) for c in tp_assets],
    )
    add_form_sheet(
        workbook,
        "plans",
        [valid_plan_row(agency_code="SO-TC"), valid_plan_row(agency_code="SO-TP")],
    )
    add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(agency_code="SO-TC", system_code=systems[0]),
            valid_migration_row(agency_code="SO-TP", system_code=systems[1]),
        ],
    )
    return workbook_bytes(workbook)


def add_part(content: bytes, part: str, data: bytes) -> bytes:
    """The workbook with one more zip part (the others copied as they are)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(part, data)
    return buffer.getvalue()


def assert_manifest_agrees(db_path: Path) -> None:
    """The archive's manifest names the uploads of the `uploads` table, in order, each entry
    checks out, and the archive keeps exactly the files of the loaded ones."""
    events = [
        (e["upload_id"], e["sha256"], e["status"])
        for e in archive.read_manifest(db_path)
        if e["event"] == "upload"
    ]
    uploads = query(db_path, "select upload_id, sha256, status from uploads order by 1")
    assert events == uploads
    assert archive.check_manifest(archive.read_manifest(db_path), db_path) == []
    kept = sorted(p.stem for p in archive.archive_dir(db_path).glob("??/*.xlsx"))
    assert kept == sorted({sha for _, sha, status in uploads if status == "loaded"})
