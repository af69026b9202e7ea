"""The workbook container: refuse what is not a safe workbook, list its sheets, read a sheet's top rows.

Everything here runs before calamine parses a sheet: a decompression bomb, a CSV or a .docx
named .xlsx, a password-protected or damaged file is refused with a Vietnamese message
(loaders/kinds.py says what the file is) and without inflating more than the configured
bound into memory. .xlsx heads are streamed from their XML; .ods and .xls are read by calamine.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from defusedxml import ElementTree as SafeET

import settings
from loaders import messages as say

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted (password) xlsx
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_MARK = "EncryptionInfo".encode("utf-16-le")
MAX_ZIP_ENTRIES = 5000
CHUNK = 1 << 20


Kind = Literal["xlsx", "ods", "xls"]


class FileRefused(Exception):
    """The file cannot be read as a workbook; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class SheetInfo:
    """A worksheet of the workbook: its name, its part in the zip, whether it is visible."""

    name: str
    part: str
    visible: bool


def check_size(size: int) -> None:
    """Refuse a file larger than the upload limit, before anything reads it."""
    limit = settings.max_upload_bytes()
    if size > limit:
        megabytes = f"{size / settings.MB:.1f}".replace(".", ",")
        raise FileRefused(say.FILE_TOO_LARGE.format(size=megabytes, limit=settings.max_upload_mb()))


@dataclass(frozen=True)
class Container:
    """What checking a workbook's container found: its kind, and the XML parts that hold a
    formula (the reader looks for formulas saved without their value in those only)."""

    kind: Kind
    parts_with_formulas: frozenset[str] = frozenset()


def inspect_container(content: bytes, file_name: str = "") -> Container:
    """Refuse a file that is not a safe workbook (wrong format, too large, damaged, a bomb);
    its kind (.xlsx, .ods or .xls: loaders/kinds.py judges by content) and the parts that
    hold a formula, found while every part is inflated for the bounds check anyway."""
    from loaders import kinds  # kinds uses this module's markers

    check_size(len(content))
    kind = kinds.detect(content, file_name)
    if kind == "xls":  # one compound file calamine reads in memory: bounded by the size limit
        return Container(kind)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if kind == "xlsx":
                _check_xlsx_parts(archive)
            formulas = _check_bounds(archive)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRefused(say.FILE_DAMAGED) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise FileRefused(say.FILE_COMPRESSION) from exc
    return Container(kind, formulas)


def _check_xlsx_parts(archive: zipfile.ZipFile) -> None:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRefused(say.FILE_NO_WORKBOOK)


def _check_bounds(archive: zipfile.ZipFile) -> frozenset[str]:
    """Refuse a zip that would inflate past the bound (a decompression bomb); the XML parts
    that hold a formula (`_has_formulas`' test, on the same chunks)."""
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused(say.FILE_TOO_MANY_PARTS)
    bound = settings.max_inflated_bytes()
    bomb = FileRefused(say.FILE_BOMB.format(limit=bound // settings.MB))
    if sum(entry.file_size for entry in entries) > bound:
        raise bomb
    for entry in entries:
        if entry.file_size > CHUNK and entry.file_size > settings.MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise bomb
    # The sizes above are what the file declares; inflate in chunks to hold it to them.
    inflated = 0
    formulas = set()
    for entry in entries:
        declarations = _is_xml_part(entry.filename)
        tail = b""
        with archive.open(entry) as part:
            while chunk := part.read(CHUNK):
                inflated += len(chunk)
                if inflated > bound:
                    raise bomb
                if declarations and (
                    _declares_entities(chunk)
                    or _declares_entities(tail + chunk[:DECLARATION_OVERLAP])
                ):
                    raise FileRefused(say.FILE_XML_ENTITIES)
                if declarations and _holds_formula(tail[-1:], chunk):
                    formulas.add(entry.filename)
                tail = chunk[-DECLARATION_OVERLAP:]
    return frozenset(formulas)


# A document type declaration is where XML entities are declared (the "billion laughs" bomb
# nests them). Excel, LibreOffice and every writer of workbooks never write one, so any part
# that holds one is refused before a parser sees it; also in UTF-16, which XML allows.
_DECLARATIONS = tuple(
    mark.encode(codec)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
DECLARATION_OVERLAP = max(len(mark) for mark in _DECLARATIONS)


def is_searched_part(archive: zipfile.ZipFile, name: str) -> bool:
    """True when inspect_container searched the part `name` for formulas: a part of the zip
    by that very name, ending .xml (a sheet may be named otherwise; then the reader looks)."""
    return name in archive.NameToInfo and _is_xml_part(name)


def _is_xml_part(name: str) -> bool:
    # the parts parsers read (sheets, shared strings, workbook, content.xml); a picture such
    # as an SVG logo may carry a DOCTYPE of its own, and nothing here parses pictures
    return name.lower().endswith((".xml", ".rels"))


def _declares_entities(data: bytes) -> bool:
    # every declaration starts "<!" (in UTF-16 too the "!" is one byte 0x21), and "!" is
    # rare in a part: one fast scan for it clears nearly every chunk
    if b"!" not in data:
        return False
    return any(mark in data for mark in _DECLARATIONS)


def uses_1904_dates(archive: zipfile.ZipFile) -> bool:
    """True when the workbook counts dates from 1904 (Excel for Mac's old date system)."""
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    for element in workbook.iter():
        if _local(element.tag) == "workbookPr":
            return element.get("date1904", "0").lower() in ("1", "true")
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def list_sheets(archive: zipfile.ZipFile) -> list[SheetInfo]:
    """The worksheets in workbook order (chart sheets and dialog sheets are left out)."""
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str, str] = {}
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(part)
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    sheets: list[SheetInfo] = []
    for element in workbook.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        part = targets.get(rel_id, "")
        if "worksheets/" not in part:
            continue
        state = element.get("state", "visible")
        sheets.append(SheetInfo(element.get("name", ""), part, state == "visible"))
    return sheets


class SharedStrings:
    """The shared string table, parsed only as far as the cells read so far need."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._strings: list[str] = []
        self._items: Iterator[str] | None = None
        if "xl/sharedStrings.xml" in archive.namelist():
            self._items = self._iterate(archive)

    @staticmethod
    def _iterate(archive: zipfile.ZipFile) -> Iterator[str]:
        with archive.open("xl/sharedStrings.xml") as stream:
            for _event, element in SafeET.iterparse(stream, events=("end",)):
                if _local(element.tag) == "si":
                    # rich text holds several <t> runs; phonetic runs (<rPh>) are not text
                    yield "".join(
                        t.text or ""
                        for t in element.iter()
                        if _local(t.tag) == "t" and not _in_phonetic(element, t)
                    )
                    element.clear()

    def get(self, index: int) -> str:
        """The string at `index` ("" when the table is shorter)."""
        while len(self._strings) <= index and self._items is not None:
            try:
                self._strings.append(next(self._items))
            except StopIteration:
                self._items = None
        return self._strings[index] if index < len(self._strings) else ""


def _in_phonetic(si, t) -> bool:
    return any(_local(rph.tag) == "rPh" and t in list(rph.iter()) for rph in si)


_REF = re.compile(r"([A-Z]+)(\d+)")


def column_index(letters: str) -> int:
    """Excel column letters to a 0-based index: A → 0, AA → 26."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def read_head(
    archive: zipfile.ZipFile,
    sheet: SheetInfo,
    strings: SharedStrings,
    max_rows: int = 60,
    text_cells: set[tuple[int, int]] | None = None,
) -> dict[int, dict[int, str]]:
    """The first `max_rows` rows of a sheet as text: {Excel row: {0-based column: text}}.

    Streams the sheet's XML and stops at `max_rows`, so a 100,000-row sheet costs
    milliseconds here; calamine reads the data rows afterwards. `text_cells`, when given,
    receives the (row, column) of each cell typed as text, whatever it reads like.
    """
    rows: dict[int, dict[int, str]] = {}
    with archive.open(sheet.part) as stream:
        row_number = 0
        for _event, element in SafeET.iterparse(stream, events=("end",)):
            if _local(element.tag) != "row":
                continue
            row_number = int(element.get("r") or row_number + 1)
            if row_number > max_rows:
                break
            cells: dict[int, str] = {}
            position = -1
            for cell in element:
                if _local(cell.tag) != "c":
                    continue
                ref = _REF.match(cell.get("r", ""))
                position = column_index(ref.group(1)) if ref else position + 1
                text = _cell_text(cell, strings)
                if text is not None and text.strip() != "":
                    cells[position] = text
                    if text_cells is not None and cell.get("t") in _TEXT_CELL_TYPES:
                        text_cells.add((row_number, position))
            if cells:
                rows[row_number] = cells
            element.clear()
    return rows


# A formula cell (any namespace prefix, attributes in any order) with no cached value: no <v>,
# or an empty one. An empty <v> of a text formula (t="str") is a computed empty text.
_UNCOMPUTED_FORMULA = re.compile(
    rb"<(?:\w+:)?c\b(?P<attrs>[^>]*?)(?<!/)>\s*"
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(?P<formula>[^<]*)</(?:\w+:)?f>)\s*"
    rb"(?P<empty><(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*"
    rb"</(?:\w+:)?c>"
)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_TEXT_TYPE = re.compile(rb'\bt="(?:str|inlineStr)"')


@dataclass(frozen=True)
class UncomputedFormula:
    """A formula cell saved without its value (openpyxl and some tools never compute one)."""

    row: int  # as Excel numbers it
    column: int  # 0-based
    ref: str  # "F12"
    formula: str  # without the leading "="


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """True when the part holds a formula: streamed, so a sheet without one is never kept whole.

    Every formula ends "f>" ("</f>", "</x:f>"); a shared one written "<f …/>" has its first
    cell's "<f …>…</f>" in the same sheet.
    """
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            if _holds_formula(tail, chunk):
                return True
            tail = chunk[-1:]
    return False


def _holds_formula(last_byte: bytes, chunk: bytes) -> bool:
    """True when `chunk`, after the previous chunk's `last_byte`, holds the end of a formula."""
    return b"f>" in chunk or b"f>" in last_byte + chunk[:1]


def uncomputed_formulas(
    archive: zipfile.ZipFile, sheet: SheetInfo, holds_formulas: bool | None = None
) -> list[UncomputedFormula]:
    """Every formula cell of a sheet that holds no cached value, in the order of the file.

    `holds_formulas`: whether the sheet's part holds any (inspect_container found it out),
    None to look."""
    if holds_formulas is None:
        holds_formulas = _has_formulas(archive, sheet.part)
    if not holds_formulas:
        return []
    data = archive.read(sheet.part)  # bounded: inspect_container inflated it within the limit
    found = []
    # from each formula back to its cell's tag: far fewer formulas than cells to try
    for tag in _FORMULA_TAG.finditer(data):
        match = _UNCOMPUTED_FORMULA.match(data, data.rfind(b"<", 0, tag.start()))
        if match is None:
            continue
        attrs = match.group("attrs")
        ref = _CELL_REF.search(attrs)
        if ref is None or (match.group("empty") and _TEXT_TYPE.search(attrs)):
            continue
        formula = (match.group("formula") or b"").decode("utf-8", "replace")
        letters, row = ref.group(1).decode(), int(ref.group(2))
        found.append(
            UncomputedFormula(row, column_index(letters), f"{letters}{row}", _unescape(formula))
        )
    return found


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


_TEXT_CELL_TYPES = ("s", "inlineStr", "str")  # a shared string, one in the cell, a formula's


def _cell_text(cell, strings: SharedStrings) -> str | None:
    kind = cell.get("t", "n")
    value = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if kind == "s":
        return strings.get(int(value)) if value is not None else None
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")
    if kind == "b":
        return None if value is None else ("TRUE" if value == "1" else "FALSE")
    return value
