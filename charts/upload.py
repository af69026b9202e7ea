"""The upload page's tables: a file's errors and warnings, the change per agency, the headline
indicators before → after, the upload history. No Streamlit."""

from __future__ import annotations

from typing import Any

import polars as pl

import formats
from charts.tables import Column, Table, count, plain, table

LEVEL_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
STATUS_LABELS = {"loaded": "Đã nạp", "rejected": "Bị từ chối", "rolled_back": "Đã hoàn tác"}
MESSAGE_COLUMNS: dict[str, Column] = {
    "level_label": Column("Mức"),
    "sheet": Column("Trang tính"),
    "row": Column("Dòng", plain, figure=True),  # as Excel numbers it: no separator
    "column": Column("Cột"),
    "value": Column("Giá trị"),
    "message": Column("Nội dung, cách sửa", width="large"),
}
CHANGE_COLUMNS: dict[str, Column] = {
    "name": Column("Đơn vị", pinned=True, width="medium"),
    "snapshots_added": Column("Biểu thêm mới"),
    "snapshots_replaced": Column("Biểu thay thế"),
    "assets_added": Column("Thiết bị thêm", count, figure=True),
    "assets_removed": Column("Thiết bị bớt", count, figure=True),
    "status_changed": Column("Đổi hiện trạng", count, figure=True),
    "status_changes": Column("Thay đổi hiện trạng (tối đa 5)", width="large"),
}
HEADLINE_COLUMNS: dict[str, Column] = {
    "label": Column("Chỉ tiêu", width="large"),
    "before_text": Column("Trước khi nạp", figure=True),
    "after_text": Column("Sau khi nạp", figure=True),
    "change_text": Column("Thay đổi", figure=True),
}


def _date_time(value: Any) -> str:
    return formats.MISSING if value is None else f"{value:%H:%M} {formats.format_date(value)}"


def _joined(values: Any) -> str:
    return ", ".join(values) if values else formats.MISSING


HISTORY_COLUMNS: dict[str, Column] = {
    "upload_id": Column("Số", plain, figure=True),
    "uploaded_at": Column("Thời điểm", _date_time),
    "uploaded_by": Column("Người nạp"),
    "file_name": Column("Tệp", width="medium"),
    "report_date": Column("Ngày số liệu", formats.format_date),
    "forms_label": Column("Biểu"),
    "agencies_label": Column("Đơn vị"),
    "rows_loaded": Column("Số dòng đã nạp", count, figure=True),
    "status_label": Column("Kết quả"),
    "error_count": Column("Lỗi", count, figure=True),
    "warning_count": Column("Cảnh báo", count, figure=True),
    "rollback_label": Column("Hoàn tác"),
    "sha_short": Column("SHA-256 (đầu)", help="12 ký tự đầu của mã SHA-256 của tệp"),
}
FORM_CODES = {"inventory": "Biểu 01", "plans": "Biểu 02", "migrations": "Biểu 03"}


def message_table(messages: list[dict[str, Any]]) -> Table:
    """Errors first, then warnings, each where it is (sheet, Excel row, column) and what to do."""
    frame = pl.DataFrame(
        [{**m, "level_label": LEVEL_LABELS[m["level"]]} for m in messages],
        schema={
            "level": pl.String,
            "level_label": pl.String,
            "sheet": pl.String,
            "row": pl.Int64,
            "column": pl.String,
            "value": pl.String,
            "message": pl.String,
        },
    )
    return table(frame, MESSAGE_COLUMNS)


def change_table(changes: pl.DataFrame) -> Table:
    """What the load changes per agency (queries.upload.agency_changes)."""
    blanks = [pl.col(c).replace("", None) for c in ("snapshots_added", "snapshots_replaced")]
    return table(changes.with_columns(blanks), CHANGE_COLUMNS)


def headline_table(headline: pl.DataFrame) -> Table:
    """The headline indicators before → after, written in their units."""
    rows = []
    for record in headline.to_dicts():
        unit = record["unit"]
        change = formats.format_delta(record["after"], record["before"], unit)
        rows.append(
            {
                "label": record["label"],
                "before_text": formats.format_kpi(record["before"], unit),
                "after_text": formats.format_kpi(record["after"], unit),
                "change_text": change or formats.MISSING,
            }
        )
    return table(pl.DataFrame(rows), HEADLINE_COLUMNS)


def history_table(history: pl.DataFrame) -> Table:
    """Every upload, newest first, with its result and roll-back (queries.upload.upload_history)."""
    records = []
    for r in history.to_dicts():
        rollback = (
            f"{r['rolled_back_by']}, {_date_time(r['rolled_back_at'])}"
            if r["rolled_back_at"] is not None
            else None
        )
        records.append(
            {
                **r,
                "forms_label": _joined([FORM_CODES.get(f, f) for f in r["forms"] or []]),
                "agencies_label": _joined(r["agencies"]),
                "status_label": STATUS_LABELS.get(r["status"], r["status"]),
                "rollback_label": rollback,
                "sha_short": r["sha256"][:12],
            }
        )
    frame = (
        pl.DataFrame(records)
        if records
        else pl.DataFrame(schema={name: pl.String for name in HISTORY_COLUMNS})
    )
    return table(frame, HISTORY_COLUMNS)


def rollback_choice(history: pl.DataFrame) -> dict[int, str]:
    """The uploads that may be offered for a roll-back (accepted, not rolled back), labelled."""
    return {
        r["upload_id"]: (
            f"Số {r['upload_id']}: {r['file_name']} ({_date_time(r['uploaded_at'])}, "
            f"{r['uploaded_by']}, {formats.format_number(r['rows_loaded'])} dòng)"
        )
        for r in history.filter(pl.col("status") == "loaded").to_dicts()
    }


def upload_choice(history: pl.DataFrame) -> dict[int, str]:
    """Every upload of the history, labelled for a choice (its number, file, time, result)."""
    return {
        r["upload_id"]: (
            f"Số {r['upload_id']}: {r['file_name']} ({_date_time(r['uploaded_at'])}, "
            f"{STATUS_LABELS.get(r['status'], r['status'])})"
        )
        for r in history.to_dicts()
    }


def reference_line(status: pl.DataFrame) -> str:
    """The reference files in force, in one line: each file, its rows and when it was loaded."""
    parts = [
        f"{r['file_name']} ({formats.format_number(r['row_count'])} dòng, nạp "
        f"{formats.format_date(r['loaded_at'])}"
        + (", tệp đã sửa nhưng chưa áp dụng được" if r["file_changed"] else "")
        + ")"
        for r in status.to_dicts()
    ]
    return "Danh mục đang áp dụng: " + "; ".join(parts) + "." if parts else ""
