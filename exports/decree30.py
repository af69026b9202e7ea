"""The layout of an administrative document by Decree 30/2020/NĐ-CP (Appendix I), in python-docx.

Shared by the six-monthly report and the reminder letters; no Streamlit. What it lays out:
A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman, body
14 pt, justified, first line indented; page numbers centred in the top margin from page 2;
the header table (the issuing agency and its parent on the left with a short rule, the
national motto and underlined tagline on the right, "Số: …" with "V/v …" under it, the
place and date in italics); "Kính gửi: …"; and at the end the "Nơi nhận:" block (bold
italic 12 pt, entries 11 pt) beside the signature block ("GIÁM ĐỐC", the signer's name left
blank for the signer).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

import formats

FONT = "Times New Roman"
BODY_PT = 14
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
LEFT_HEADER_MM = 70  # the issuing agency's column of the header table; the rest: the motto

PARENT_AGENCY = "UBND TỈNH BẮC NINH"
ISSUING_AGENCY = "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TAGLINE = "Độc lập - Tự do - Hạnh phúc"
PLACE = "Bắc Ninh"
SIGNER_POSITION = "GIÁM ĐỐC"
GAP = "\u00a0" * 6  # the blanks the clerk fills in by hand (number, day, month)


def percent(value: float | int | None) -> str:
    """A percentage as state documents write it, "6,3%" (formats.format_pct, sign unspaced)."""
    # formats.format_pct still writes "6,3 %" (issue 11 changes it); idempotent once it does.
    return formats.format_pct(value).replace(" %", "%")


def new_document() -> Document:
    """An empty document: A4 portrait, Decree 30 margins, Times New Roman 14 pt, page numbers."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    for name in ("Normal", "Table Grid", "Header"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        # Word takes the font of Vietnamese letters from the East Asian and complex slots too
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(6), 1.15
    _page_numbers(section)
    return document


def _page_numbers(section) -> None:
    """The page number centred in the top margin, 14 pt, not on the first page (Appendix I)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def styled(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
):
    """Add a run of `text` to `paragraph` in Times New Roman with the given style; the run."""
    run = paragraph.add_run(text)
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    run.bold, run.italic = bold or None, italic or None
    if underline:
        run.underline = True
    return run


def _centred(cell_or_doc, text: str = "", **style) -> Paragraph:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if text:
        styled(paragraph, text, **style)
    return paragraph


def _short_rule(paragraph: Paragraph, width_mm: float, column_mm: float) -> None:
    """A horizontal rule `width_mm` long, centred in a column: a bottom border, indented."""
    side = Mm(max((column_mm - width_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.space_after = Pt(0)
    # an exact, small line height keeps the rule just under the agency's name
    paragraph.paragraph_format.line_spacing = Pt(3)


def _cell_width(table: Table, widths_mm: Sequence[float]) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both, and a fixed layout
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _no_cell_margins(table: Table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _first_paragraph(cell) -> Paragraph:
    """The cell's empty first paragraph, centred (python-docx gives every cell one)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    return paragraph


def letterhead(document: Document, number: str, subject: str, year: int) -> None:
    """The header table of Decree 30: agency, motto and tagline, number, subject, place and date.

    `number` is the part after "Số:" with the blank for the number ("…/BC-SKHCN" is written
    as "      /BC-SKHCN"); `subject` the "V/v …" line; the day and month are left blank for
    the clerk who issues the document, the year is `year`.
    """
    right_mm = TEXT_WIDTH_MM - LEFT_HEADER_MM
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_width(table, (LEFT_HEADER_MM, right_mm))
    _no_cell_margins(table)  # the motto needs the column's whole width to stay on one line
    agency, motto = table.rows[0].cells
    styled(_first_paragraph(agency), PARENT_AGENCY, size=12)
    _centred(agency, ISSUING_AGENCY, size=12, bold=True)
    _short_rule(_centred(agency, ""), 24, LEFT_HEADER_MM)
    styled(_first_paragraph(motto), MOTTO, size=12, bold=True)
    _centred(motto, TAGLINE, size=14, bold=True, underline=True)
    numbering, date_cell = table.rows[1].cells
    top = _first_paragraph(numbering)
    top.paragraph_format.space_before = Pt(6)
    styled(top, f"Số:{GAP}{number}", size=13)
    _centred(numbering, subject, size=12)
    dated = _first_paragraph(date_cell)
    dated.paragraph_format.space_before = Pt(6)
    styled(dated, f"{PLACE}, ngày{GAP}tháng{GAP}năm {year}", size=14, italic=True)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def addressees(document: Document, names: Sequence[str]) -> None:
    """ "Kính gửi: …": one addressee on the line itself, several as a list under it."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(12)
    if len(names) == 1:
        styled(paragraph, f"Kính gửi: {names[0]}.")
        return
    styled(paragraph, "Kính gửi:")
    for index, name in enumerate(names):
        line = document.add_paragraph()
        line.paragraph_format.left_indent = Mm(40)
        line.paragraph_format.space_after = Pt(0)
        styled(line, f"- {name}{'.' if index == len(names) - 1 else ';'}")


def body(document: Document, text: str, *, bold: bool = False, italic: bool = False) -> Paragraph:
    """A paragraph of the body: justified, first line indented 12,7 mm, 14 pt."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    styled(paragraph, text, bold=bold, italic=italic)
    return paragraph


def data_table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    numeric: Sequence[bool] | None = None,
    size: float = 12,
) -> Table:
    """A grid table of text cells: header bold and centred, numeric columns right-aligned."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = numeric or [False] * len(header)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        styled(_first_paragraph(cell), text, size=size, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text, is_number in zip(cells, values, numeric, strict=True):
            paragraph = _first_paragraph(cell)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if is_number else WD_ALIGN_PARAGRAPH.LEFT
            styled(paragraph, "" if text is None else str(text), size=size)
    _cell_width(table, widths_mm)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def closing(document: Document, recipients: Sequence[str]) -> None:
    """ "Nơi nhận:" bottom left (bold italic 12 pt, entries 11 pt) and the signature block right."""
    half = TEXT_WIDTH_MM / 2
    table = document.add_table(rows=1, cols=2)
    _cell_width(table, (half, half))
    left, right = table.rows[0].cells
    heading = _first_paragraph(left)
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    heading.paragraph_format.space_before = Pt(6)
    styled(heading, "Nơi nhận:", size=12, bold=True, italic=True)
    for index, name in enumerate(recipients):
        line = left.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.paragraph_format.line_spacing = 1.0
        styled(line, f"- {name}{'.' if index == len(recipients) - 1 else ';'}", size=11)
    position = _first_paragraph(right)
    position.paragraph_format.space_before = Pt(6)
    styled(position, SIGNER_POSITION, size=14, bold=True)
    for _ in range(4):  # room for the signature and the seal; the name is the signer's to write
        _centred(right, "")


def to_bytes(document: Document) -> bytes:
    """The document as the bytes of a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def document_text(document: Document) -> str:
    """Every text of the document, paragraphs and table cells, one per line (for checks)."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)
