"""Find the forms in a workbook and read their data rows, skipping what is not data.

A sheet's headers say which form it holds (forms.md "Which form"). Its top rows are
scanned from the XML (title block, one- or two-row header, numbering row); calamine
(fastexcel) then reads the data rows in one pass with the cell types it finds.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import fastexcel
import polars as pl
from defusedxml import DefusedXmlException

from loaders import messages as say
from loaders import parse
from loaders.forms import FORMS, TEMPLATE_SHEETS, Column, Form
from loaders.messages import Message
from loaders.workbook import (
    FileRefused,
    Kind,
    SharedStrings,
    SheetInfo,
    is_searched_part,
    list_sheets,
    read_head,
    uncomputed_formulas,
    uses_1904_dates,
)

# fastexcel logs "falling back to string" for every mixed column: expected here, not news
logging.getLogger("fastexcel").setLevel(logging.ERROR)

ROW = "_row"  # the Excel row number of each data row
CELL_IS_NUMBER = "__cell_is_number"  # suffix: which text-typed cells were numeric cells
TEXT_KINDS = ("ignore", "text", "agency", "commune", "enum")
NUMBER_KINDS = ("int", "year", "number")
HEAD_ROWS = 60  # the rows scanned for a title block and headers, as read_head does

# Other ways people head a column, folded (forms.md "Header matching" covers case,
# diacritics and units in brackets; these are the usual rewordings on top).
ALIASES: dict[str, tuple[str, ...]] = {
    "stt": ("so thu tu", "tt"),
    "commune_code": ("noi dat ma xa phuong", "ma xa phuong", "noi dat", "xa phuong"),
    "annual_cost_vnd": ("chi phi van hanh nam", "chi phi van hanh hang nam"),
    "utilization_pct": ("hieu suat su dung", "hieu suat"),
}

_TOTALS = re.compile(r"^(tong cong|tong so|cong|tong)\s*:?$")
_SIGNATURE = re.compile(
    r"^\(?\s*(nguoi lap bieu|nguoi lap|thu truong don vi|thu truong co quan|"
    r"ky,? ghi ro ho ten|ky ten,? dong dau)"
)
_PLACE_DATE = re.compile(r"^[^,]{2,40}, ngay\b.*\bthang\b.*\bnam\b")
_NUMBERING = re.compile(r"^[(\[]?(\d{1,3})[)\]]?$")


@dataclass
class FormSheet:
    """One sheet holding a form: which columns it has and its data rows, not yet parsed."""

    sheet: str
    form: Form
    header_row: int  # the (last) header row, as Excel numbers it
    columns: dict[str, str]  # machine name → header as written in the file
    frame: pl.DataFrame  # one column per machine name, plus ROW
    date_1904: bool = False  # serial numbers count days from 1904 (the workbook says so)
    columns_by_index: dict[int, str] = field(default_factory=dict)  # 0-based → machine name


@dataclass
class WorkbookRead:
    """What was found in a workbook: its form sheets and the messages about its layout."""

    sheets: list[FormSheet] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    # (sheet, row, column header) of each formula cell saved without its value
    uncomputed: set[tuple[str, int, str]] = field(default_factory=set)


def _header_index(form: Form) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in form.columns:
        for key in (column.header, column.name, column.name.replace("_", " ")):
            index.setdefault(parse.fold_header(key), column)
        for alias in ALIASES.get(column.name, ()):
            index.setdefault(alias, column)
    return index


HEADER_INDEX: dict[str, dict[str, Column]] = {form.key: _header_index(form) for form in FORMS}


def find_form(cells: dict[int, str]) -> Form | None:
    """The form whose two key headers are both in this row, if any."""
    folded = {parse.fold_header(v) for v in cells.values()}
    for form in FORMS:
        if all(parse.fold_header(h) in folded for h in form.key_headers):
            return form
    return None


def _combined_headers(upper: dict[int, str], lower: dict[int, str]) -> dict[int, str]:
    """Headers of a two-row header: a group heading joined to each sub-heading under it."""
    combined: dict[int, str] = {}
    group = ""
    for col in sorted(set(upper) | set(lower)):
        if col in upper:
            group = upper[col]
        if col in lower:
            combined[col] = f"{group} {lower[col]}".strip() if group else lower[col]
        else:
            combined[col] = upper[col]  # a heading merged down over both rows
    return combined


def _recognised(form: Form, headers: dict[int, str]) -> int:
    index = HEADER_INDEX[form.key]
    return sum(parse.fold_header(h) in index for h in headers.values())


def _is_numbering_row(cells: dict[int, str]) -> bool:
    numbers = [_NUMBERING.match(v.strip()) for _, v in sorted(cells.items())]
    if len(numbers) < 2 or not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers if m]
    return all(b > a for a, b in zip(values, values[1:], strict=False))


def locate_header(head: dict[int, dict[int, str]]) -> tuple[Form, int, int, dict[int, str]] | None:
    """Find the header: (form, first header row, first data row, headers by column index)."""
    for row in sorted(head):
        form = find_form(head[row])
        if form is None:
            continue
        headers, last = head[row], row
        below = head.get(row + 1, {})
        if below and not _is_numbering_row(below):
            combined = _combined_headers(head[row], below)
            if _recognised(form, combined) > _recognised(form, headers):
                headers, last = combined, row + 1
        data_start = last + 1
        if _is_numbering_row(head.get(data_start, {})):
            data_start += 1
        return form, row, data_start, headers
    return None


def read_workbook(
    content: bytes, kind: Kind = "xlsx", parts_with_formulas: frozenset[str] | None = None
) -> WorkbookRead:
    """Read every sheet of a workbook already checked by `inspect_container`, which gave
    `kind` and `parts_with_formulas` (None: each sheet is searched for formulas itself)."""
    result = WorkbookRead()
    archive = zipfile.ZipFile(io.BytesIO(content)) if kind == "xlsx" else None
    try:
        reader = fastexcel.read_excel(content)
        date_1904 = archive is not None and uses_1904_dates(archive)
        if archive is not None:
            strings = SharedStrings(archive)
            heads = (_head(archive, sheet, strings) for sheet in list_sheets(archive))
        else:
            heads = ((sheet, head, None) for sheet, head in _calamine_heads(reader))
        for sheet, head, text_cells in heads:
            found = locate_header(head)
            if found is None and _is_template_sheet(sheet, head):
                continue  # the template's own instructions and lists: expected, no warning
            if found is None:
                text = say.SHEET_WITHOUT_FORM if head else say.SHEET_EMPTY
                result.messages.append(
                    Message.warning(text.format(sheet=sheet.name), sheet=sheet.name)
                )
                continue
            form_sheet = _read_form_sheet(
                reader, content, sheet, found, result.messages, text_cells
            )
            form_sheet.date_1904 = date_1904
            if archive is not None:
                holds = None  # unknown: search the part itself
                if parts_with_formulas is not None and is_searched_part(archive, sheet.part):
                    holds = sheet.part in parts_with_formulas
                formulas = _uncomputed_formula_messages(archive, sheet, form_sheet, holds)
                result.messages += formulas
                result.uncomputed |= {(m.sheet, m.row, m.column) for m in formulas}
            result.sheets.append(form_sheet)
    except FileRefused:
        raise
    except DefusedXmlException as exc:  # entities in a part the container check did not read
        raise FileRefused(say.FILE_XML_ENTITIES) from exc
    except Exception as exc:  # calamine and the XML parser raise many kinds on damaged parts
        raise FileRefused(say.FILE_DAMAGED) from exc
    finally:
        if archive is not None:
            archive.close()
    return result


def _head(
    archive: zipfile.ZipFile, sheet: SheetInfo, strings: SharedStrings
) -> tuple[SheetInfo, dict[int, dict[int, str]], set[tuple[int, int]]]:
    """A sheet of an xlsx, its first rows as text, and which of their cells are typed as text."""
    text_cells: set[tuple[int, int]] = set()
    return sheet, read_head(archive, sheet, strings, HEAD_ROWS, text_cells), text_cells


def _uncomputed_formula_messages(
    archive: zipfile.ZipFile, sheet: SheetInfo, form_sheet: FormSheet, holds: bool | None
) -> list[Message]:
    """An error for each formula cell of the data that was saved without its value.

    calamine reads such a cell as blank, which would load a wrong figure (or none) in
    silence; a formula in a skipped row (a totals row) or an unread column does not matter.
    """
    by_index = form_sheet.columns_by_index
    rows = set(form_sheet.frame[ROW].to_list())
    messages = []
    for cell in uncomputed_formulas(archive, sheet, holds):
        if cell.row in rows and cell.column in by_index:
            messages.append(
                Message.error(
                    say.FORMULA_NOT_COMPUTED.format(cell=cell.ref, formula=cell.formula),
                    sheet=sheet.name,
                    row=cell.row,
                    column=form_sheet.columns[by_index[cell.column]],
                    value=f"={cell.formula}",
                )
            )
    return messages


def _calamine_heads(
    reader: fastexcel.ExcelReader, max_rows: int = HEAD_ROWS
) -> list[tuple[SheetInfo, dict[int, dict[int, str]]]]:
    """Each sheet of an .ods or .xls and its first rows as text, read by calamine (the
    xlsx path streams them from the XML instead: `read_head`)."""
    heads = []
    for name in reader.sheet_names:
        sheet = reader.load_sheet(name, header_row=None, n_rows=max_rows, dtypes="string")
        head: dict[int, dict[int, str]] = {}
        frame = sheet.to_polars()
        for index, values in enumerate(frame.iter_rows(), start=1):
            cells = {
                col: text for col, text in enumerate(values) if text is not None and text.strip()
            }
            if cells:
                head[index] = cells
        heads.append((SheetInfo(name, "", sheet.visible == "visible"), head))
    return heads


def _is_template_sheet(sheet: SheetInfo, head: dict[int, dict[int, str]]) -> bool:
    """The template's own instructions or lists: its name and the text of its A1 both match.

    The name alone is not enough: an agency may call its own notes "Hướng dẫn", and forms.md
    wants such a sheet reported. A1 is the template's title or first list heading, which a
    filled template keeps (hidden or not) and an agency's own sheet does not begin with.
    """
    first_cell = head.get(1, {}).get(0, "")
    return TEMPLATE_SHEETS.get(sheet.name) == first_cell.strip()


def _read_form_sheet(
    reader: fastexcel.ExcelReader,
    content: bytes,
    sheet: SheetInfo,
    found: tuple[Form, int, int, dict[int, str]],
    messages: list[Message],
    head_text_cells: set[tuple[int, int]] | None,
) -> FormSheet:
    """The form's columns found in `sheet` and its data rows. `head_text_cells`: the (row,
    column) of the cells typed as text in the sheet's first rows, None when not known."""
    form, header_row, data_start, headers = found
    last_header_row = data_start - 1
    index = HEADER_INDEX[form.key]
    by_column: dict[int, Column] = {}
    written: dict[str, str] = {}
    for col, header in sorted(headers.items()):
        column = index.get(parse.fold_header(header))
        if column is None:
            messages.append(
                Message.warning(
                    say.COLUMN_NOT_IN_FORM.format(column=header, form=form.code),
                    sheet=sheet.name,
                    row=header_row,
                    column=header,
                )
            )
        elif column.name in written:
            messages.append(
                Message.warning(
                    say.COLUMN_REPEATED.format(column=header, first=written[column.name]),
                    sheet=sheet.name,
                    row=header_row,
                    column=header,
                )
            )
        else:
            by_column[col] = column
            written[column.name] = header
    if not sheet.visible:
        messages.append(
            Message.warning(
                say.SHEET_HIDDEN.format(sheet=sheet.name, form=form.code),
                sheet=sheet.name,
            )
        )
    # text in a number column's first data rows: the file was typed by hand, and the cells'
    # types will be needed (`_text_cells_read`); not known for an .xls or .ods, whose types
    # are read only if needed, after the first read
    numbers_typed_as_text = head_text_cells is not None and any(
        row >= data_start and col in by_column and by_column[col].kind in NUMBER_KINDS
        for row, col in head_text_cells
    )
    frame = _load_rows(
        reader, content, sheet.name, by_column, data_start - 1, numbers_typed_as_text
    )
    frame = _drop_non_data_rows(frame, form, sheet.name, messages)
    by_index = {col: column.name for col, column in by_column.items()}
    return FormSheet(sheet.name, form, last_header_row, written, frame, columns_by_index=by_index)


def _load_rows(
    reader: fastexcel.ExcelReader,
    content: bytes,
    sheet: str,
    by_column: dict[int, Column],
    skip: int,
    numbers_typed_as_text: bool,
) -> pl.DataFrame:
    """Read the data rows of the recognised columns: text columns as text, others typed.
    `numbers_typed_as_text`: the first rows suggest the cells' types will be needed."""
    names = {col: column.name for col, column in by_column.items()}
    empty = pl.DataFrame({name: pl.Series([], dtype=pl.String) for name in names.values()})
    dtypes = {col: "string" for col, column in by_column.items() if column.kind in TEXT_KINDS}
    numbers = sorted(col for col, column in by_column.items() if column.kind in NUMBER_KINDS)
    with ThreadPoolExecutor(max_workers=1) as beside:
        early = numbers if numbers_typed_as_text else []
        text_cells = _text_cells_read(beside, reader, content, sheet, early, skip)
        try:
            loaded = reader.load_sheet(
                sheet,
                header_row=None,
                skip_rows=skip,
                use_columns=sorted(by_column),
                dtypes=dtypes,
                schema_sample_rows=None,
            )
        except fastexcel.ColumnNotFoundError:
            return empty.with_columns(pl.Series(ROW, [], dtype=pl.Int64))
        frame = loaded.to_polars()
        if frame.height == 0:
            return empty.with_columns(pl.Series(ROW, [], dtype=pl.Int64))
        absolute = [info.absolute_index for info in loaded.selected_columns]
        frame = frame.rename(dict(zip(frame.columns, [names[c] for c in absolute], strict=True)))
        frame = frame.with_columns(
            pl.col(pl.Null).cast(pl.String),
            pl.int_range(skip + 1, skip + 1 + frame.height).alias(ROW),
        )
        return _mark_numeric_cells(frame, by_column, text_cells)


def _text_cells_read(
    beside: ThreadPoolExecutor,
    reader: fastexcel.ExcelReader,
    content: bytes,
    sheet: str,
    early: list[int],
    skip: int,
) -> Callable[[list[int]], dict[int, set[int]]]:
    """How to learn which cells of some number columns hold text: the function returned
    gives, for each column asked for, the Excel rows of its text cells.

    It takes a second read of those columns as integers (text cells fail to convert),
    needed only when a column turns out to mix numbers and text, which the first read
    shows. calamine lets go of Python's lock while it reads, so where there is a second
    core the read of the `early` columns starts at once, beside the first read, with a
    reader of its own: a workbook typed by hand is read in the time of one read instead
    of two (0.8 s less at 100,000 rows). Not for every file: beside a read that needs no
    types it slowed the template's by 0.17 s. Otherwise `reader` reads them, when needed.
    `early` is every number column or none, so it holds any mixed column asked for.
    """

    def read(reader: fastexcel.ExcelReader, columns: list[int]) -> dict[int, set[int]]:
        loaded = reader.load_sheet(
            sheet,
            header_row=None,
            skip_rows=skip,
            use_columns=columns,
            dtypes=dict.fromkeys(columns, "int"),
            schema_sample_rows=None,
        )
        _, errors = loaded.to_arrow_with_errors()
        rows: dict[int, set[int]] = {col: set() for col in columns}
        for error in errors.errors if errors else []:
            row, col = error.position
            rows[col].add(row + 1)  # position is 0-based within the sheet
        return rows

    started: Future[dict[int, set[int]]] | None = None
    if early and _cores() > 1:
        started = beside.submit(read, fastexcel.read_excel(content), early)

    def text_cells(columns: list[int]) -> dict[int, set[int]]:
        if started is None:
            return read(reader, columns)
        return {col: rows for col, rows in started.result().items() if col in columns}

    return text_cells


def _cores() -> int:
    """The CPUs this process may run on (all of the machine's where that cannot be known)."""
    affinity = getattr(os, "sched_getaffinity", None)  # Linux only
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _mark_numeric_cells(
    frame: pl.DataFrame,
    by_column: dict[int, Column],
    text_cells: Callable[[list[int]], dict[int, set[int]]],
) -> pl.DataFrame:
    """In number columns that mix numeric cells and text, say which cells were numbers.

    Such a column comes back as text, and a numeric cell 1.536 then reads like the text
    "1.536" (one thousand five hundred and thirty-six in Vietnamese notation): the cells'
    types tell them apart (`_text_cells_read`).
    """
    mixed = {
        col: column.name
        for col, column in by_column.items()
        if column.kind in NUMBER_KINDS
        and frame.schema[column.name] == pl.String
        and frame.select(parse.looks_like_plain_float(pl.col(column.name)).any()).item()
    }
    if not mixed:
        return frame
    by_name = {mixed[col]: rows for col, rows in text_cells(sorted(mixed)).items()}
    return frame.with_columns(
        (~pl.col(ROW).is_in(sorted(rows)) & pl.col(name).is_not_null()).alias(name + CELL_IS_NUMBER)
        for name, rows in by_name.items()
    )


def _drop_non_data_rows(
    frame: pl.DataFrame, form: Form, sheet: str, messages: list[Message]
) -> pl.DataFrame:
    """Skip blank rows, totals rows, and the signature block with everything below it."""
    if frame.height == 0:
        return frame
    value_columns = [c for c in frame.columns if c != ROW and not c.endswith(CELL_IS_NUMBER)]
    text_columns = [c for c in value_columns if frame.schema[c] == pl.String]
    blank = pl.all_horizontal(
        pl.col(c).is_null() | (pl.col(c).cast(pl.String).str.strip_chars() == "")
        for c in value_columns
    )
    # Data rows start with an agency code; only the other rows can be totals or signatures,
    # so only they are folded (folding every cell of 100,000 rows costs a second).
    candidate = (
        ~pl.col("agency_code").str.contains(r"^\s*[A-Za-z0-9._-]+\s*$").fill_null(False)
        if "agency_code" in frame.columns
        else pl.lit(True)
    )
    candidates = frame.filter(candidate)
    folded = candidates.select(
        pl.col(ROW), *[parse.fold_expr(pl.col(c)).alias(c) for c in text_columns]
    )

    def any_text(pattern: re.Pattern[str]) -> pl.Expr:
        if not text_columns:
            return pl.lit(False)
        return pl.any_horizontal(pl.col(c).str.contains(pattern.pattern) for c in text_columns)

    key_name = "agency_code"
    # A signature or place-and-date line ends the data, whichever column it is written in.
    signature = any_text(_SIGNATURE) | any_text(_PLACE_DATE)
    marks = folded.select(
        pl.col(ROW),
        any_text(_TOTALS).fill_null(False).alias("totals"),
        signature.fill_null(False).alias("end"),
    ).with_columns(candidates.select(blank.alias("blank")))
    totals_rows = marks.filter(pl.col("totals") & ~pl.col("blank"))[ROW]
    keep = ~blank & ~pl.col(ROW).is_in(totals_rows.to_list())
    end_rows = marks.filter(pl.col("end"))[ROW]
    if len(end_rows):
        end_row = end_rows.min()
        below = frame.filter(
            (pl.col(ROW) > end_row) & ~blank & ~pl.col(ROW).is_in(end_rows.to_list())
        )
        if key_name in below.columns:
            for row in below.filter(pl.col(key_name).is_not_null())[ROW].to_list()[:50]:
                messages.append(
                    Message.warning(
                        say.ROW_BELOW_SIGNATURE.format(end_row=end_row),
                        sheet=sheet,
                        row=row,
                    )
                )
        keep = keep & (pl.col(ROW) < end_row)
    for row in totals_rows.to_list():
        if not len(end_rows) or row < end_rows.min():
            messages.append(Message.warning(say.ROW_TOTALS, sheet=sheet, row=row))
    return frame.filter(keep)
