"""Every word the loaders say, checked against the glossary (tests/wording.py).

What is walked: every template of loaders/messages.py (and of db's and the queries command's
own messages), formatted with sample values; the messages really produced by ingesting bad
workbooks (one per kind of refusal and warning the other tests cover); every string of the
template's instructions sheet, its data-validation prompts and errors, its headings; the help
of every command of `python -m loaders` and `python -m queries` and their usage errors. Each
must pass `problems()`, and every error must say what to do (`says_what_to_do`).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import cli
import db
import queries.__main__ as queries_cli
from db import store
from loaders import messages as say
from loaders.forms import FORMS
from loaders.ingest import IngestResult
from loaders.messages import Message
from loaders.template import INSTRUCTIONS_SHEET, write_template
from tests.commands import run_module
from tests.loaders.builders import (
    add_form_sheet,
    describe,
    ingest,
    new_workbook,
    two_agencies_file,
    valid_inventory_row,
    valid_migration_row,
    valid_plan_row,
    workbook_bytes,
)
from tests.wording import problems, says_what_to_do

# -- the templates ---------------------------------------------------------------------------

# A Vietnamese sample for every field a template names; a new field needs one here.
SAMPLES = {
    "size": "25,3",
    "limit": "20",
    "forms": "Biểu 01 (“Mã đơn vị”, “Mã tài sản”) hoặc Biểu 02 (“Mã đơn vị”)",
    "form": "Biểu 01",
    "headers": "“Mã đơn vị”, “Mã tài sản”",
    "agency": "SO-TP",
    "own": "SO-TC",
    "sheet": "Biểu 01 - Máy chủ",
    "column": "Mã tài sản",
    "first": "Mã tài sản",
    "end_row": "25",
    "communes": "Xã Kinh Bắc (mã 07228), Phường Kinh Bắc (mã 09187)",
    "choices": "“Giữ lại”; “Loại bỏ”",
    "low": "1990",
    "high": "2026",
    "label": "Mã tài sản",
    "first_sheet": "Biểu 01 - Máy chủ",
    "first_row": "6",
    "parts": "9",
    "total": "10",
    "count": "3",
    "problems": "dòng 4: không có tệp 0000.xlsx trong kho lưu",
    "file_name": "Biểu mẫu Sở Tài chính.xlsx",
    "reasons": "trang “Biểu 01”, dòng 5: Thiếu giá trị bắt buộc",
    "line": "4",
    "problem": "không có tệp 0000.xlsx trong kho lưu",
    "sha": "0000",
    "name": "Biểu mẫu.xlsx",
    "picture": "JPEG",
    "folder": "/dữ-liệu/kho-lưu",
    "owner": "/dữ-liệu/bảng-khác",
    "here": "/dữ-liệu/bảng",
    "upload_id": "12",
    "uploaded_at": "18/11/2026",
    "upload": "Lần nạp số 12 (tệp “Biểu mẫu.xlsx”, 18/11/2026)",
    "later": "số 13, số 14",
    "path": "/dữ-liệu/bảng.xlsx",
    "details": "  - trang “Biểu 01”, dòng 5: Thiếu giá trị bắt buộc",
    "files": "4",
    "assets": "1.489",
    "plans": "117",
    "migrations": "412",
    "per_date": "31/03: 1.489, 30/06: 1.502",
    "warnings": "12",
    "seconds": "3,25",
    "text": "30/06/2026",
    "reason": "ổ đĩa đã đầy",
    "action": "giải phóng dung lượng ổ đĩa rồi chạy lại",
    "verdict": "Đã nạp",
    "report_date": "30/06/2026",
    "rows_read": "6",
    "rows_loaded": "6",
    "resources": "“lưu trữ”",
    "codes": "“SO-TC”, “SO-TP”",
    "kinds": "“sở”, “xã”",
    "date": "30/06/2026",
    "summary": "4 tệp; 1.489 dòng Biểu 01",
    "encoding": "TCVN3 (ABC)",
    "reading": "Sở Tài chính",
    "cell": "D12",
    "formula": "SUM(E12:H12)",
}

# Names of the configuration a DST message names as it is (an environment variable, a file).
CODE = re.compile(
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"  # DASHBOARD_ARCHIVE
    r"|\b[\w./-]+\.(?:csv|duckdb|jsonl)\b"  # agencies.csv, data/dashboard.duckdb
    r"|python -m \w+(?: (?:demo|template|ingest|rebuild|kpis))?"  # a command to run
    r"|(?<!\w)--?[a-z][\w-]*"  # --force, -h
)


def filled(template: str) -> str:
    """The template with a sample value in each field."""
    return template.format(**{name: SAMPLES[name] for name in say.fields(template)})


def glossary_problems(text: str) -> list[str]:
    """problems() of a message once the names of code it may quote are set aside."""
    return problems(CODE.sub(" ", text))


TEMPLATES = {
    name: value
    for name, value in vars(say).items()
    if name.isupper() and not name.startswith("_") and isinstance(value, str)
}
OTHER_TEMPLATES = {
    **{f"db.{i}": text for i, text in enumerate(db.MESSAGES)},
    **{
        f"queries.{name}": getattr(queries_cli, name)
        for name in ("NO_DATABASE", "CANNOT_OPEN", "CANNOT_READ", "BAD_DATE", "NO_SUCH_DATE")
    },
    "queries.TABLE_TITLE": queries_cli.TABLE_TITLE,
    "cli.WHAT_TO_DO": cli.WHAT_TO_DO,
    "cli.UNKNOWN_ERROR": cli.UNKNOWN_ERROR,
    "cli.HELP_OPTION": cli.HELP_OPTION,
    **{f"cli.heading.{k}": v for k, v in cli.HEADINGS.items()},
    **{f"cli.error.{i}": v for i, (_, v) in enumerate(cli.ARGPARSE_ERRORS)},
}
OTHER_ERRORS = (
    *db.MESSAGES[:-2],  # the last two: a notice while waiting, and a reader's retry
    queries_cli.NO_DATABASE,
    queries_cli.CANNOT_OPEN,
    queries_cli.CANNOT_READ,
    queries_cli.BAD_DATE,
    queries_cli.NO_SUCH_DATE,
)


def test_every_template_of_the_messages_module_is_listed():
    listed = {*say.ERRORS, *say.WARNINGS, *say.NOTICES, *say.FRAGMENTS}
    assert [name for name, text in TEMPLATES.items() if text not in listed] == []


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_template_of_the_messages_module_follows_the_glossary(name):
    text = filled(TEMPLATES[name])
    assert glossary_problems(text) == [], text


@pytest.mark.parametrize("text", say.ERRORS, ids=lambda t: t[:40])
def test_an_error_says_what_to_do(text):
    assert says_what_to_do(text), text


@pytest.mark.parametrize("name", sorted(OTHER_TEMPLATES))
def test_the_other_messages_of_db_queries_and_cli_follow_the_glossary(name):
    text = OTHER_TEMPLATES[name]
    text = re.sub(r"\\\d", "SO-TC", text)  # a group of cli.ARGPARSE_ERRORS
    text = filled(text) if "{" in text else text
    assert glossary_problems(text) == [], text


@pytest.mark.parametrize("text", OTHER_ERRORS, ids=lambda t: t[:40])
def test_the_other_errors_say_what_to_do(text):
    assert says_what_to_do(text), text


def test_os_failures_say_what_to_do():
    for reason, action in say.OS_REASONS.values():
        text = say.CLI_OS_FAILURE.format(path="/dữ-liệu/bảng.xlsx", reason=reason, action=action)
        assert glossary_problems(text) == [] and says_what_to_do(text), text


def test_a_store_notice_and_retry_are_vietnamese():
    assert glossary_problems(store.WAITING_FOR_WRITER) == []
    assert says_what_to_do(store.KEEPS_CHANGING)


# -- the messages an ingest really produces --------------------------------------------------

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rewritten(content: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
    return buffer.getvalue()


def _good() -> bytes:
    return two_agencies_file(systems=("HT-01", "HT-01"))


def _damaged_sheet() -> bytes:
    def cut(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data

    return _rewritten(_good(), cut)


def _bomb() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_good()))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/media/image1.bin", b"\x00" * (40 * 1024 * 1024))
    return buffer.getvalue()


def _many_parts() -> bytes:
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    entries |= {f"xl/media/{i}.bin": b"" for i in range(5001)}
    return _zip(entries)


def _no_form() -> bytes:
    workbook = new_workbook()
    workbook.create_sheet("Ghi chú")["A1"] = "Số liệu gửi sau."
    return workbook_bytes(workbook)


def _empty_forms() -> bytes:
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [])
    return workbook_bytes(workbook)


def _missing_column() -> bytes:
    workbook = new_workbook()
    columns = [c.name for c in FORMS[0].columns if c.name != "asset_type"]
    add_form_sheet(workbook, "inventory", [valid_inventory_row()], columns=columns)
    return workbook_bytes(workbook)


def _bad_inventory() -> bytes:
    """One Biểu 01 with a bad cell of every kind and a row for every warning."""
    rows = [
        valid_inventory_row(asset_code="TC-01", agency_code="SO-KHONG-CO"),
        valid_inventory_row(asset_code="TC-02", commune_code="99999"),
        valid_inventory_row(asset_code="TC-03", asset_type="Máy tính bảng"),
        valid_inventory_row(asset_code="TC-04", target_date="31/13/2026"),
        valid_inventory_row(asset_code="TC-05", soc_monitored="Có lẽ"),
        valid_inventory_row(asset_code="TC-06", ram_gb="nhiều"),
        valid_inventory_row(asset_code=None),
        valid_inventory_row(asset_code="TC-08", cpu_cores="2,5"),
        valid_inventory_row(asset_code="TC-09", utilization_pct=150, year_in_service=1980),
        valid_inventory_row(asset_code="TC-10", storage_tb=-1),
        valid_inventory_row(asset_code="TC-10"),
        valid_inventory_row(asset_code="TC-12", ram_gb="12.5", storage_tb="-"),
        valid_inventory_row(asset_code="TC-13", central_backup="-"),
        valid_inventory_row(asset_code="TC-14", annual_cost_vnd=None, utilization_pct=0),
        valid_inventory_row(asset_code="TC-15", cpu_cores=0, plan="Giữ lại"),
        valid_inventory_row(asset_code="TC-16", status="Đã loại bỏ", plan=None),
        valid_inventory_row(asset_code="TC-17", target_date="31/12/2025"),
        ["Tổng cộng", None, None, None, None, None, None, 32, 128, 8],
        [None, None, "Người lập biểu"],
        valid_inventory_row(asset_code="TC-99"),
    ]
    workbook = new_workbook()
    add_form_sheet(
        workbook,
        "inventory",
        rows,
        title_block=True,
        extra_columns={"Cột riêng của đơn vị": ["x"], "RAM (GB)": [64]},
    )
    workbook.create_sheet("Trống")
    workbook.create_sheet("Ghi chú")["A1"] = "Số liệu gửi sau."
    return workbook_bytes(workbook)


def _bad_plans_and_migrations() -> bytes:
    workbook = new_workbook()
    add_form_sheet(workbook, "inventory", [valid_inventory_row()])
    add_form_sheet(
        workbook,
        "plans",
        [
            valid_plan_row(servers_keep=3, submitted_on=None),
            valid_plan_row(servers_total=-1),
        ],
    )
    add_form_sheet(
        workbook,
        "migrations",
        [
            valid_migration_row(stage="Đã chuyển đổi", done_date=None),
            valid_migration_row(system_code="HT-02", stage="Đã nghiệm thu", done_date="31/12/2026"),
            valid_migration_row(system_code="HT-03", source_asset_code="XX-99"),
        ],
        hidden=True,
    )
    return workbook_bytes(workbook)


CASES = {
    "text file named .xlsx": (lambda: "Mã đơn vị;Mã tài sản\n".encode(), {}),
    "old .xls": (lambda: OLE_HEADER + "Workbook".encode("utf-16-le") + b"\x00" * 1024, {}),
    "password": (
        lambda: OLE_HEADER + b"\x00" * 64 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512,
        {},
    ),
    "zip without a workbook": (lambda: _zip({"word/document.xml": b"<document/>"}), {}),
    "truncated": (lambda: _good()[: len(_good()) // 2], {}),
    "damaged sheet": (_damaged_sheet, {}),
    "compression bomb": (_bomb, {}),
    "too many parts": (_many_parts, {}),
    "too large": (_good, {"env": {"DASHBOARD_MAX_UPLOAD_MB": "0.001"}}),
    "no form": (_no_form, {}),
    "form without rows": (_empty_forms, {}),
    "required column missing": (_missing_column, {}),
    "bad cells and warnings of Biểu 01": (_bad_inventory, {}),
    "bad Biểu 02 and Biểu 03": (_bad_plans_and_migrations, {}),
    "another agency's rows": (_good, {"allowed_agencies": ["SO-TC"]}),
}


@pytest.fixture(scope="module")
def preloaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("wording") / "dashboard.duckdb"
    result = ingest(_good(), path)
    assert result.status == "loaded", describe(result)
    return path


@pytest.fixture
def db_path(preloaded: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dashboard.duckdb"
    shutil.copy(preloaded, path)
    return path


def _produced(case: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> IngestResult:
    build, options = CASES[case]
    options = dict(options)
    with monkeypatch.context() as patch:  # a limit set for one case only
        for name, value in options.pop("env", {}).items():
            patch.setenv(name, value)
        return ingest(build(), db_path, dry_run=True, **options)


@pytest.mark.parametrize("case", list(CASES))
def test_what_an_ingest_says_follows_the_glossary(case, db_path, monkeypatch):
    result = _produced(case, db_path, monkeypatch)
    messages: list[Message] = result.errors + result.warnings
    assert result.errors, describe(result)  # every case is refused
    for message in messages:
        assert glossary_problems(message.describe()) == [], message.describe()
    for message in result.errors:
        assert says_what_to_do(message.message), message.describe()


def test_the_bad_workbooks_give_every_cell_error_and_warning(db_path, monkeypatch):
    # the cases above really reach the rules: every template of a cell or row is produced
    said = [
        m.message
        for case in CASES
        for result in [_produced(case, db_path, monkeypatch)]
        for m in result.errors + result.warnings
    ]
    expected = [
        say.AGENCY_UNKNOWN,
        say.COMMUNE_UNKNOWN,
        say.DATE_UNREADABLE,
        say.YES_NO_UNREADABLE,
        say.NUMBER_UNREADABLE,
        say.NOT_WHOLE,
        say.NOT_KNOWN_AS_BLANK,
        say.NOT_KNOWN_AS_NO,
        say.DOT_AS_DECIMAL,
        say.NO_OPERATING_COST,
        say.ZERO_UTILIZATION,
        say.ZERO_CPU_CORES,
        say.KEEP_WITHOUT_REASON,
        say.DONE_WITHOUT_PLAN,
        say.PAST_TARGET_DATE,
        say.ROW_TOTALS,
        say.SUBMITTED_ON_MISSING,
        say.DONE_DATE_MISSING,
        say.DONE_AFTER_REPORT_DATE,
        say.SOURCE_ASSET_UNKNOWN,
        say.FILE_PASSWORD,
        say.FILE_PLAIN_TEXT,
        say.FILE_DAMAGED,
        say.FILE_TOO_MANY_PARTS,
    ]
    assert [text for text in expected if text not in said] == []
    starts = [
        "Trang tính “Trống”",
        "Trang tính “Ghi chú”",
        "Cột “Cột riêng của đơn vị”",
        "Cột “RAM (GB)” trùng",
        "Dòng nằm dưới khối chữ ký",
        "Giá trị không thuộc danh sách",
        "Giá trị phải từ 0 đến 100",
        "Giá trị phải từ 1990 đến 2026",  # a year, never 1.990
        "Giá trị không được nhỏ hơn 0",
        "Mã tài sản bị trùng",
        "Thiếu giá trị bắt buộc",
        "Thiếu cột bắt buộc “Loại thiết bị”",
        "Tổng số máy chủ",
        "Đơn vị đã có một dòng phương án",
        "Trang tính “Biểu 03 - Hệ thống” đang bị ẩn",
        "Dòng này là số liệu của đơn vị SO-TP",
        "Tệp có dung lượng",
        "Tệp khi giải nén",
        "Tệp không chứa biểu mẫu",
        "Tệp là văn bản Word",
        "Tệp không có dòng số liệu",
        "Biểu 01 không có dòng số liệu",
    ]
    assert [s for s in starts if not any(text.startswith(s) for text in said)] == []


# -- the template's instructions and guidance ----------------------------------------------

# Headers of spec/forms.md the template writes as the contract has them: the glossary's
# checker would object to "model" (see the closing report: the header should change there).
FORM_HEADERS_AS_SPECIFIED = ("Hãng, model",)


@pytest.fixture(scope="module")
def template_workbook(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("template") / "mau_bieu.xlsx"
    write_template(path)
    return load_workbook(path)


def _template_texts(workbook) -> list[str]:
    texts: list[str] = []
    instructions = workbook[INSTRUCTIONS_SHEET]
    texts += [c.value for row in instructions.iter_rows() for c in row if isinstance(c.value, str)]
    for sheet in workbook.worksheets:
        texts.append(sheet.title)
        if sheet.title != INSTRUCTIONS_SHEET:
            texts += [
                c.value
                for row in sheet.iter_rows(max_row=3)
                for c in row
                if isinstance(c.value, str)
            ]
            texts += [c.value for c in sheet[1] if isinstance(c.value, str)]  # the list headings
        for row in sheet.iter_rows():
            texts += [c.comment.text for c in row if c.comment is not None]
        for validation in sheet.data_validations.dataValidation:
            texts += [
                t
                for t in (
                    validation.promptTitle,
                    validation.prompt,
                    validation.errorTitle,
                    validation.error,
                )
                if t
            ]
    return texts


def test_every_string_of_the_template_follows_the_glossary(template_workbook):
    texts = _template_texts(template_workbook)
    assert len(texts) > 300  # the instructions, three forms' headers and validations, lists
    codes = set(db.read_reference("agencies")["agency_code"])  # codes, not words (TTPVHCC)
    found = {}
    for text in set(texts) - codes:
        checked = text
        for header in FORM_HEADERS_AS_SPECIFIED:
            checked = checked.replace(header, "")
        if glossary_problems(checked):
            found[text] = glossary_problems(checked)
    assert found == {}


def test_the_template_says_orange_header_cells_and_writes_dates_one_way(template_workbook):
    text = "\n".join(_template_texts(template_workbook))
    assert "Ô tô" not in text and "Ô tiêu đề màu cam" in text
    assert "31/03/2026" in text and "31/3/2026" not in text
    assert "sheet" not in text.lower()
    assert "Tệp > Lưu Như" in text  # the menu as the Vietnamese Excel names it


def test_the_template_validation_errors_say_what_to_do(template_workbook):
    for sheet in template_workbook.worksheets:
        for validation in sheet.data_validations.dataValidation:
            if validation.error:
                assert says_what_to_do(validation.error) or "bấm" in validation.error, (
                    validation.error
                )


# -- the command lines -----------------------------------------------------------------------

HELP = [
    ("loaders", "-h"),
    ("loaders", "demo", "-h"),
    ("loaders", "template", "-h"),
    ("loaders", "ingest", "-h"),
    ("loaders", "rebuild", "-h"),
    ("queries", "-h"),
    ("queries", "kpis", "-h"),
]
USAGE_ERRORS = [
    ("loaders",),
    ("loaders", "khong-co-lenh"),
    ("loaders", "ingest"),
    ("loaders", "ingest", "tep.xlsx", "--khong-co"),
    ("loaders", "ingest", "tep.xlsx", "--as-of", "30/06/2026"),
    ("loaders", "ingest", "tep.xlsx", "--as-of"),
    ("loaders", "ingest", "tep.xlsx", "--d"),
    ("loaders", "ingest", "tep.xlsx", "--json=1"),
    ("loaders", "template"),
    ("queries",),
    ("queries", "report"),
    ("queries", "kpis", "--bogus"),
    ("queries", "kpis", "--as-of", "31/12/2026"),
    ("queries", "kpis", "--as-of", "2026-02-30"),
]
# argparse's English, none of which may reach a user
ARGPARSE_ENGLISH = (
    "usage:",
    "positional arguments",
    "optional arguments",
    "options:",
    "show this help message and exit",
    "the following arguments are required",
    "invalid choice",
    "expected one argument",
    "unrecognized arguments",
    "not allowed with argument",
    "ambiguous option",
    "error:",
)


def _checked_output(text: str) -> list[str]:
    """problems() of a command's output, its own syntax (commands, options, names) set aside."""
    syntax = re.sub(
        r"\b(?:demo|template|ingest|rebuild|user|kpis|report|deck|reminders|khong-co-lenh|tep\.xlsx)\b|"
        r"\{[\w,]+\}|'[\w-]+'|\[|\]|…|\.\.\.",
        " ",
        text,
    )
    return glossary_problems(syntax)


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_of_every_command_is_vietnamese(args):
    process = run_module(*args)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith(f"Cách dùng: python -m {' '.join(args[:-1])}")
    assert not [e for e in ARGPARSE_ENGLISH if e in process.stdout.lower()]
    assert _checked_output(process.stdout) == [], process.stdout


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
def test_usage_errors_are_vietnamese_and_say_what_to_do(args, tmp_path):
    process = run_module(*args, env={"DASHBOARD_DB": str(tmp_path / "none.duckdb")})
    assert process.returncode == 2, process.stdout + process.stderr
    first = process.stderr.partition("\n\n")[0]
    assert first.startswith(cli.WRONG_USAGE) and says_what_to_do(first), first
    assert not [e for e in ARGPARSE_ENGLISH if e in process.stderr.lower()]
    assert _checked_output(process.stderr) == [], process.stderr
