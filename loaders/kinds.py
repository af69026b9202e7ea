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

from loaders.workbook import ENCRYPTION_MARK, OLE_MAGIC, ZIP_MAGIC, FileRefused, Kind

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SAVE_AS_XLSX = (
    "Đề nghị mở tệp bằng Excel hoặc LibreOffice rồi lưu lại dưới dạng sổ làm việc Excel "
    "(.xlsx) và tải lên tệp đó."
)
INTO_TEMPLATE = (
    "Đề nghị chép các dòng số liệu vào tệp mẫu biểu (tải ở trang “Cập nhật dữ liệu”), lưu "
    "dưới dạng .xlsx rồi tải lên tệp đó."
)
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


def _refuse(message: str) -> FileRefused:
    return FileRefused(message)


def _zip_kind(content: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise _refuse(
            "Tệp bị hỏng (không giải nén được), có thể do tải về hoặc sao chép chưa trọn vẹn. "
            "Đề nghị mở lại tệp gốc, lưu lại dưới dạng .xlsx rồi tải lên lần nữa."
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype == ODS_MIMETYPE or (
        mimetype == b""
        and "content.xml" in names
        and any(n == "META-INF/manifest.xml" for n in names)
    ):
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(
        b"application/vnd.oasis.opendocument.text"
    ):
        raise _refuse("Tệp là văn bản Word, không phải bảng tính. " + INTO_TEMPLATE)
    if any(n.startswith("ppt/") for n in names):
        raise _refuse("Tệp là bản trình chiếu PowerPoint, không phải bảng tính. " + INTO_TEMPLATE)
    raise _refuse(
        "Tệp không phải là bảng tính (.xlsx, .ods hoặc .xls), dù tên tệp có thể là .xlsx. "
        + SAVE_AS_XLSX
    )


def _ole_kind(content: bytes) -> Kind:
    if ENCRYPTION_MARK in content:
        raise _refuse(
            "Tệp được đặt mật khẩu nên không đọc được. Đề nghị mở tệp, gỡ mật khẩu (Excel: "
            "Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu; "
            "LibreOffice: Tệp > Lưu thành, bỏ chọn “Lưu với mật khẩu”), lưu lại rồi tải lên."
        )
    if "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        return "xls"
    if "WordDocument".encode("utf-16-le") in content:
        raise _refuse("Tệp là văn bản Word (.doc), không phải bảng tính. " + INTO_TEMPLATE)
    raise _refuse("Tệp không phải là bảng tính (.xlsx, .ods hoặc .xls). " + SAVE_AS_XLSX)


def _looks_like_text(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample.lstrip(b"\xff\xfe"):  # UTF-16 text has zero bytes: check it decoded
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
        raise _refuse(
            f"Tệp “{base}” không phải là sổ làm việc của đơn vị: đó là tệp tạm Excel tự tạo "
            "khi sổ làm việc đang mở. Đề nghị chọn tệp cùng tên nhưng không có “~$” ở đầu."
        )
    if content.startswith(ZIP_MAGIC):
        return _zip_kind(content)
    if content.startswith(OLE_MAGIC):
        return _ole_kind(content)
    if content.startswith(b"%PDF"):
        raise _refuse(
            "Tệp là tài liệu PDF, không đọc được số liệu từ đó. Đề nghị gửi sổ làm việc Excel "
            "(.xlsx) mà đơn vị đã điền, không gửi bản in ra PDF."
        )
    for magic, name in _PICTURES.items():
        if content.startswith(magic):
            raise _refuse(
                f"Tệp là ảnh ({name}), không đọc được số liệu từ ảnh. Đề nghị gửi sổ làm việc "
                "Excel (.xlsx) mà đơn vị đã điền, không gửi ảnh chụp hay ảnh quét."
            )
    if content[:12].startswith(b"RIFF") and content[8:12] == b"WEBP":
        raise _refuse(
            "Tệp là ảnh (WEBP), không đọc được số liệu từ ảnh. Đề nghị gửi sổ làm việc Excel "
            "(.xlsx) mà đơn vị đã điền."
        )
    if content.strip() and _looks_like_text(content):
        raise _refuse(
            "Tệp là văn bản thuần (dạng CSV hoặc TXT), không phải bảng tính. " + INTO_TEMPLATE
        )
    raise _refuse("Tệp không phải là bảng tính (.xlsx, .ods hoặc .xls). " + SAVE_AS_XLSX)
