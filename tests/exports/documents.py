"""Helpers of the document exports' tests: run a subcommand through a parser built here, read a
docx back, and check its text against the glossary."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.shared import Mm

from cli import VietnameseParser
from tests.wording import problems
from vocabulary import AGENCY_KINDS, MIGRATION_TARGETS

# Labels whose home is not ours and that issue 11 rewrites (glossary: "Trung tâm dữ liệu",
# "TTDL quốc gia", lower-case "dữ liệu quốc gia"); ignored until it lands, nothing else is.
PENDING_LABELS = (
    AGENCY_KINDS["data_centre"],
    MIGRATION_TARGETS["ndc"],
    "Tỷ lệ hệ thống trên đám mây, TTDL quốc gia",
)


def run_command(module, argv: list[str]) -> int:
    """Parse `argv` with a parser holding only `module`'s command, then run it (exit status)."""
    parser = VietnameseParser(prog="python -m exports")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=VietnameseParser)
    module.add_command(subparsers)
    args = parser.parse_args(argv)
    return args.run(args)


def open_docx(source: Path | bytes) -> docx.document.Document:
    """A .docx file or its bytes, opened with python-docx."""
    return docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def all_text(document) -> str:
    """Every paragraph of the body and of every table cell, one a line."""
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def wording_problems(text: str) -> list[str]:
    """tests.wording.problems of the text, the pending labels of other homes left out, and the
    documents' ký hiệu (BC-SKHCN, SKHCN-CĐS: upper-case codes longer than the checker allows)."""
    text = re.sub(r"/[A-ZĐ]+-[A-ZĐ]+", "", text).replace("V/v ", "")  # “về việc”
    for label in PENDING_LABELS:
        text = text.replace(label, "")
    return problems(text)


def assert_decree30_layout(document) -> None:
    """A4, Decree 30 margins, Times New Roman in every style and run, motto and tagline."""
    section = document.sections[0]
    assert round(section.page_width / Mm(1)) == 210 and round(section.page_height / Mm(1)) == 297
    assert 20 <= round(section.top_margin / Mm(1)) <= 25
    assert 20 <= round(section.bottom_margin / Mm(1)) <= 25
    assert 30 <= round(section.left_margin / Mm(1)) <= 35
    assert 15 <= round(section.right_margin / Mm(1)) <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [
        r
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert runs and {r.font.name for r in runs} <= {"Times New Roman", None}
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert "UBND TỈNH BẮC NINH" in left.text and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in left.text
    motto, tagline = right.paragraphs[0], right.paragraphs[1]
    assert motto.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and motto.runs[0].bold
    assert tagline.text == "Độc lập - Tự do - Hạnh phúc"
    assert tagline.runs[0].bold and tagline.runs[0].underline
    dated = header.rows[1].cells[1].paragraphs[0]
    assert dated.text.startswith("Bắc Ninh, ngày") and dated.runs[0].italic
    closing = document.tables[-1]
    heading = closing.rows[0].cells[0].paragraphs[0].runs[0]
    assert heading.text == "Nơi nhận:" and heading.bold and heading.italic
    assert heading.font.size.pt == 12
    entries = closing.rows[0].cells[0].paragraphs[1:]
    assert entries and all(r.font.size.pt == 11 for p in entries for r in p.runs)
    assert closing.rows[0].cells[1].paragraphs[0].text == "GIÁM ĐỐC"
