"""What a file is, judged by its content: a workbook we read (.xlsx, .ods, .xls), or what else.

Agencies send what their office software saves: Excel's .xlsx, LibreOffice's .xlsx and .ods,
the old Excel .xls. Everything else is refused here, before any parser runs, with a message
that says what the file is and what to do, in words a clerk understands: a CSV, the lock file
Excel leaves beside an open workbook, a password-protected workbook, a Word or PowerPoint
file, a PDF, a picture. The file name is only used to recognise Excel's lock file ("~$…").
"""

from __future__ import annotations

import io
import zipfile

from loaders import messages as say
from loaders.workbook import ENCRYPTION_MARK, OLE_MAGIC, ZIP_MAGIC, FileRefused, Kind

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_PICTURES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
LOCK_FILE_MAX_BYTES = 512  # Excel's owner file is 165 bytes


def _zip_kind(content: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRefused(say.FILE_DAMAGED) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype == ODS_MIMETYPE or (
        not mimetype and "content.xml" in names and "META-INF/manifest.xml" in names
    ):
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(
        b"application/vnd.oasis.opendocument.text"
    ):
        raise FileRefused(say.FILE_WORD)
    if any(n.startswith("ppt/") for n in names):
        raise FileRefused(say.FILE_POWERPOINT)
    if "[Content_Types].xml" in names:  # another Office part: the name says .xlsx, it is not
        raise FileRefused(say.FILE_NO_WORKBOOK)
    raise FileRefused(say.FILE_NOT_A_WORKBOOK)


def _ole_kind(content: bytes) -> Kind:
    if ENCRYPTION_MARK in content:
        raise FileRefused(say.FILE_PASSWORD)
    if "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        return "xls"
    if "WordDocument".encode("utf-16-le") in content:
        raise FileRefused(say.FILE_WORD)
    raise FileRefused(say.FILE_NOT_A_WORKBOOK)


def _looks_like_text(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample.lstrip(b"\xff\xfe"):  # UTF-16 text has zero bytes: check it decodes
        try:
            sample.decode("utf-16")
        except UnicodeDecodeError:
            return False
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not merely a character cut at the sample's end
            try:
                sample.decode("cp1258")
            except UnicodeDecodeError:
                return False
    return True


def detect(content: bytes, file_name: str = "") -> Kind:
    """The kind of workbook `content` is; FileRefused (a clerk's message) for anything else."""
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
    if base.startswith("~$") and len(content) <= LOCK_FILE_MAX_BYTES:
        raise FileRefused(say.FILE_EXCEL_LOCK.format(name=base))
    if content.startswith(ZIP_MAGIC):
        return _zip_kind(content)
    if content.startswith(OLE_MAGIC):
        return _ole_kind(content)
    if content.startswith(b"%PDF"):
        raise FileRefused(say.FILE_PDF)
    for magic, kind in _PICTURES.items():
        if content.startswith(magic):
            raise FileRefused(say.FILE_PICTURE.format(picture=kind))
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        raise FileRefused(say.FILE_PICTURE.format(picture="WEBP"))
    if content.strip() and _looks_like_text(content):
        raise FileRefused(say.FILE_PLAIN_TEXT)
    raise FileRefused(say.FILE_NOT_A_WORKBOOK)
