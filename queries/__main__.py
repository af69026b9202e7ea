"""Command line of the query layer: `python -m queries kpis [--db PATH] [--as-of YYYY-MM-DD] [--json]`.

Prints every indicator of spec/kpis.md, as a Vietnamese table or one JSON object.
Exit status: 0 printed; 1 the database is missing, busy or unreadable; 2 wrong usage.
Messages are in Vietnamese and no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import NoReturn

import duckdb

import db
import formats
import settings
from queries import INDICATORS, compute_kpis, report_dates

USAGE = """Cách dùng:
  python -m queries kpis [--db ĐƯỜNG_DẪN] [--as-of YYYY-MM-DD] [--json]

  kpis             in các chỉ tiêu của spec/kpis.md
  --db ĐƯỜNG_DẪN   tệp cơ sở dữ liệu (mặc định: DASHBOARD_DB hoặc data/dashboard.duckdb)
  --as-of NGÀY     tính đến ngày này (mặc định: ngày số liệu mới nhất trong cơ sở dữ liệu)
  --json           in một đối tượng JSON thay cho bảng
"""

# argparse's own phrases, in Vietnamese (its messages name the offending argument).
ARGPARSE_PHRASES = (
    ("unrecognized arguments", "tham số không nhận ra"),
    ("the following arguments are required", "thiếu tham số"),
    ("expected one argument", "cần một giá trị"),
    ("invalid choice", "không có lệnh"),
    ("choose from", "chọn một trong"),
    ("argument ", "tham số "),
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class UsageError(Exception):
    """Wrong usage: reported in Vietnamese with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese help and errors: its own messages are English."""

    def format_usage(self) -> str:
        return USAGE

    def format_help(self) -> str:
        return USAGE

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in ARGPARSE_PHRASES:
            message = message.replace(english, vietnamese)
        raise UsageError(f"Lệnh không đúng cú pháp: {message}.")


def _parse_date(text: str) -> dt.date:
    """YYYY-MM-DD only: the same strict form the other commands take."""
    if not ISO_DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(f"ngày “{text}” không hợp lệ, cần dạng YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày “{text}” không tồn tại") from None


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m queries", add_help=True)
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    kpis = commands.add_parser("kpis")
    kpis.add_argument("--db", type=Path, default=None)
    kpis.add_argument("--as-of", type=_parse_date, default=None)
    kpis.add_argument("--json", action="store_true")
    return parser


def render_table(values: dict[str, float | int | None], as_of: dt.date) -> str:
    """The indicators as an aligned two-column text table, labels and values in Vietnamese."""
    width = max(len(indicator.label) for indicator in INDICATORS)
    lines = [f"Chỉ tiêu tính đến ngày {formats.format_date(as_of)}", ""]
    for indicator in INDICATORS:
        value = formats.format_kpi(values[indicator.key], indicator.unit)
        lines.append(f"{indicator.label.ljust(width)}  {value:>20}")
    return "\n".join(lines)


def _kpis(db_path: Path | None, as_of: dt.date | None, as_json: bool) -> int:
    path = db_path or settings.database_path()
    if not path.exists():
        print(
            f"Không tìm thấy cơ sở dữ liệu tại {path}. Đề nghị chỉ đúng đường dẫn bằng --db, "
            "hoặc tạo cơ sở dữ liệu mẫu bằng lệnh “python -m loaders demo”.",
            file=sys.stderr,
        )
        return 1
    try:
        # A short read-write open first installs db/schema.sql's table macros, which the
        # queries use, in a database made by an older version (as the app does); skipped when
        # another process has the file open. Then read-only: the app or a loader may be using it.
        with contextlib.suppress(db.DatabaseBusyError):
            db.connect(path).close()
        con = db.connect(path, read_only=True)
    except db.DatabaseBusyError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (duckdb.Error, OSError):
        # duckdb's own message is English: say what it means and what to do instead
        print(
            f"Không mở được cơ sở dữ liệu {path}: tệp không phải cơ sở dữ liệu DuckDB hoặc đã "
            "bị hỏng. Đề nghị kiểm tra đường dẫn, hoặc dựng lại cơ sở dữ liệu từ kho lưu tệp "
            "bằng lệnh “python -m loaders rebuild”.",
            file=sys.stderr,
        )
        return 1
    try:
        if as_of is None:
            dates = report_dates(con)
            as_of = dates[-1] if dates else dt.date.today()
        values = compute_kpis(con, as_of)
    except duckdb.Error:
        print(
            f"Không đọc được cơ sở dữ liệu {path}: cơ sở dữ liệu thiếu bảng hoặc đã bị hỏng. "
            "Đề nghị dựng lại bằng lệnh “python -m loaders rebuild”.",
            file=sys.stderr,
        )
        return 1
    finally:
        con.close()
    if as_json:
        print(json.dumps(values, ensure_ascii=False))
    else:
        print(render_table(values, as_of))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    # Vietnamese text must print even where the terminal's encoding is not UTF-8.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        args = _build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"{exc}\n\n{USAGE}", file=sys.stderr)
        return 2
    if args.command != "kpis":
        print(f"Thiếu lệnh.\n\n{USAGE}", file=sys.stderr)
        return 2
    return _kpis(args.db, args.as_of, args.json)


if __name__ == "__main__":
    sys.exit(main())
