"""Random cells into every form's parser: nothing escapes, every message says where.

Hypothesis feeds each form's parser and validator (loaders/validate.py) columns of random
cells of every type calamine can hand it (text with Unicode and control characters, numbers
huge, NaN and infinite, dates, date-times, booleans, blanks), and whole random workbooks to
`ingest` and to the Phiếu phản hồi (loaders/feedback.py). Whatever comes in: no exception,
and every message names its sheet, its Excel row and its column as written. Then the legacy
encodings: Vietnamese written back into TCVN3 or VNI is recognised and read back exactly,
and Vietnamese in Unicode never is.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import openpyxl
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import db
from loaders import messages as say
from loaders.encodings import MARKER_CHARACTERS, TCVN3, VNI, legacy_reading
from loaders.feedback import feedback_workbook
from loaders.forms import FORMS, FORMS_BY_KEY, Form
from loaders.ingest import ingest_bytes
from loaders.reader import CELL_IS_NUMBER, ROW, FormSheet
from loaders.validate import References, parse_sheet, validate_form
from tests.loaders.builders import REPORT_DATE, add_form_sheet, new_workbook, workbook_bytes

REFS = References.build(db.read_reference("agencies"), db.read_reference("communes"))
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
FIRST_ROW = 5  # the Excel row of the first data row in the frames below

# -- cells ---------------------------------------------------------------------------------------

LABELS = sorted(
    {label for form in FORMS for c in form.columns if c.choices for label in c.choices.values()}
)
TYPICAL_TEXT = [
    "SO-TC",
    "so-tp",
    "09187",
    "Kinh Bắc",
    "1.234.567",
    "1.234,5",
    "12.5",
    "12,5",
    "-",
    "–",
    "Chưa có dữ liệu",
    "31/12/2026",
    "2026-02-31",
    "46022",
    "Có",
    "x",
    "TRUE",
    "=SUM(A1:A3)",
    "Tổng cộng",
    "Người lập biểu",
    "Së Tµi chÝnh",
    "Sôû Taøi chính",
    "§ang ho¹t ®éng",
    "1e308",
    "9" * 40,
    "NaN",
    "inf",
    "\x00\x07\u202e\ufeff",
    "Ｓ\u0301Ơ\u0323",
    *LABELS,
]
text_cells = st.one_of(
    st.none(),
    st.sampled_from(TYPICAL_TEXT),
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.text(alphabet="0123456789.,-+ eE", max_size=12),
)
COLUMN_TYPES = {
    "text": (pl.String, text_cells),
    "float": (
        pl.Float64,
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.floats(-1e3, 1e3)),
    ),
    "int": (pl.Int64, st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.integers(-5, 5))),
    "date": (pl.Date, st.one_of(st.none(), st.dates())),
    "datetime": (pl.Datetime("ms"), st.one_of(st.none(), st.datetimes())),
    "bool": (pl.Boolean, st.one_of(st.none(), st.booleans())),
    "null": (pl.String, st.none()),
}


@st.composite
def form_sheets(draw, form: Form) -> FormSheet:
    """A form sheet as the reader hands it over: some columns, each of one random type."""
    height = draw(st.integers(0, 8))
    columns = [
        c for c in form.data_columns if c.required or draw(st.booleans())
    ]  # optional ones may be absent
    data: dict[str, pl.Series] = {}
    for column in columns:
        kind = draw(st.sampled_from(sorted(COLUMN_TYPES)))
        dtype, cells = COLUMN_TYPES[kind]
        values = draw(st.lists(cells, min_size=height, max_size=height))
        data[column.name] = pl.Series(column.name, values, dtype=dtype)
        if dtype == pl.String and column.kind in ("int", "year", "number") and draw(st.booleans()):
            flags = draw(st.lists(st.booleans(), min_size=height, max_size=height))
            data[column.name + CELL_IS_NUMBER] = pl.Series(flags, dtype=pl.Boolean)
    frame = pl.DataFrame(data).with_columns(
        pl.int_range(FIRST_ROW, FIRST_ROW + height, dtype=pl.Int64).alias(ROW)
    )
    headers = {c.name: c.header for c in columns}
    return FormSheet(form.sheet_name, form, FIRST_ROW - 1, headers, frame, draw(st.booleans()))


def check_messages(messages, sheet: FormSheet) -> None:
    rows = set(sheet.frame[ROW].to_list())
    for message in messages:
        assert message.message and "{" not in message.message, message
        assert message.sheet == sheet.sheet, message
        assert message.row in rows, message
        # the header as written, or the form's own for a column the sheet does not have
        written = sheet.columns.get(_column_named(sheet.form, message.column))
        assert message.column == (written or message.column), message
        assert message.column in [c.header for c in sheet.form.columns] + list(
            sheet.columns.values()
        ), message


def _column_named(form: Form, header: str | None) -> str | None:
    return next((c.name for c in form.columns if c.header == header), None)


def run_form(sheet: FormSheet) -> None:
    parsed, messages = parse_sheet(sheet, REFS)
    assert parsed is not None and messages == []
    assert parsed.height == sheet.frame.height
    rows, found = validate_form(sheet.form, [(sheet, parsed)], REPORT_DATE, REFS)
    assert rows.height == sheet.frame.height
    check_messages(found, sheet)


@SETTINGS
@given(form_sheets(FORMS_BY_KEY["inventory"]))
def test_random_cells_in_the_inventory_form(sheet):
    run_form(sheet)


@SETTINGS
@given(form_sheets(FORMS_BY_KEY["plans"]))
def test_random_cells_in_the_plan_form(sheet):
    run_form(sheet)


@SETTINGS
@given(form_sheets(FORMS_BY_KEY["migrations"]))
def test_random_cells_in_the_migration_form(sheet):
    run_form(sheet)


# -- whole workbooks -----------------------------------------------------------------------------

workbook_cells = st.one_of(
    st.none(),
    st.sampled_from(TYPICAL_TEXT).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20).map(
        lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)
    ),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**15), 10**15),
    st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
    st.booleans(),
)


@st.composite
def workbooks(draw) -> tuple[bytes, dict[str, set[int]]]:
    """A workbook of one to three form sheets of random cells, and each sheet's data rows."""
    workbook = new_workbook()
    data_rows: dict[str, set[int]] = {}
    keys = draw(
        st.lists(st.sampled_from(sorted(FORMS_BY_KEY)), min_size=1, max_size=3, unique=True)
    )
    for key in keys:
        names = [c.name for c in FORMS_BY_KEY[key].columns]
        rows = draw(st.lists(st.fixed_dictionaries({n: workbook_cells for n in names}), max_size=5))
        layout = add_form_sheet(workbook, key, rows, title_block=draw(st.booleans()))
        data_rows[layout.sheet.title] = set(layout.data_rows)
    if draw(st.booleans()):
        workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    return workbook_bytes(workbook), data_rows


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_random_workbooks_are_loaded_or_refused_saying_where(tmp_path_factory, drawn):
    content, data_rows = drawn
    db_path = tmp_path_factory.getbasetemp() / "never-created.duckdb"
    result = ingest_bytes(
        content, "bieu_mau.xlsx", report_date=REPORT_DATE, db_path=db_path, dry_run=True
    )
    assert result.status in ("loaded", "rejected")
    messages = result.errors + result.warnings
    assert say.UNEXPECTED_FAILURE not in [m.message for m in messages]
    for message in messages:
        if message.sheet is None:  # about the file as a whole: no form, no data rows
            assert message.message in (
                say.FILE_NO_DATA_ROWS.format(forms=_forms()),
                say.FILE_NO_FORM.format(forms=_forms()),
            ), message
            continue
        assert message.sheet in data_rows, message
        if message.row is not None:
            assert message.row in data_rows[message.sheet], message
    assert not db_path.exists()  # a dry run writes nothing
    # the Phiếu phản hồi marks the agency's own workbook whatever was found in it
    book = openpyxl.load_workbook(io.BytesIO(feedback_workbook(content, result)))
    assert book.sheetnames[0] == "Phiếu phản hồi"


def _forms() -> str:
    from loaders.ingest import _forms_by_key_headers

    return _forms_by_key_headers()


# -- the legacy encodings ------------------------------------------------------------------------

TO_TCVN3 = {letter: code for code, letter in TCVN3.items()}
TO_VNI = {letter: spelling for spelling, letter in sorted(VNI.items(), key=lambda p: -len(p[0]))}
WORDS = sorted(
    {
        word
        for name in pl.concat(
            [db.read_reference("agencies")["name"], db.read_reference("communes")["full_name"]]
        ).to_list()
        for word in re.findall(r"[^\W\d_]+", name)
    }
)
vietnamese_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)


def to_legacy(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text)


@SETTINGS
@given(vietnamese_texts)
def test_unicode_vietnamese_is_never_taken_for_a_legacy_encoding(text):
    assert legacy_reading(text) is None


@SETTINGS
@given(vietnamese_texts)
def test_vietnamese_written_in_tcvn3_or_vni_is_read_back_exactly(text):
    # TCVN3 (ABC) has no capital with a tone: its users type those words in lower case
    lower = text.lower()
    for encoding, typed, original in (
        ("TCVN3", to_legacy(lower, TO_TCVN3), lower),
        ("VNI", to_legacy(text, TO_VNI), text),
    ):
        reading = legacy_reading(typed)
        if typed == original:  # nothing to recognise: plain letters only
            assert reading is None
        elif any(ch in MARKER_CHARACTERS for ch in typed):
            # recognised; a short text may read in both ("Höu": VNI Hưu, TCVN3 Hửu), and
            # then either is named: both say the same, convert the text to Unicode
            assert reading is not None, typed
            assert reading == (encoding, original) or reading[0] != encoding, typed
