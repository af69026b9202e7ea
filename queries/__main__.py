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

import duckdb

import db
import formats
import settings
from cli import VietnameseParser, print_in_utf8
from db import store
from queries import INDICATORS, compute_kpis, report_dates

# What this command says besides its help; one home each (cli.py writes argparse's words).
NO_DATABASE = (
    "Không tìm thấy cơ sở dữ liệu tại {path}. Đề nghị nạp biểu mẫu của các đơn vị (hoặc tạo "
    "dữ liệu mẫu bằng lệnh python -m loaders demo), hoặc chỉ đúng đường dẫn bằng --db."
)
CANNOT_OPEN = (
    "Không mở được cơ sở dữ liệu {path}: tệp không phải là cơ sở dữ liệu của hệ thống hoặc đã "
    "bị hỏng. Đề nghị kiểm tra đường dẫn, hoặc dựng lại bằng lệnh python -m loaders rebuild."
)
CANNOT_READ = (
    "Không đọc được cơ sở dữ liệu {path}: tệp thiếu bảng hoặc đã bị hỏng. Đề nghị dựng lại "
    "bằng lệnh python -m loaders rebuild."
)
BAD_DATE = "ngày “{text}” không hợp lệ, đề nghị viết theo dạng YYYY-MM-DD (ví dụ 2026-06-30)"
NO_SUCH_DATE = "ngày “{text}” không có trong lịch, đề nghị kiểm tra lại ngày"
TABLE_TITLE = "Chỉ tiêu tính đến ngày {date}"

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(text: str) -> dt.date:
    """YYYY-MM-DD only: the same strict form the other commands take."""
    if not ISO_DATE.fullmatch(text):
        raise argparse.ArgumentTypeError(BAD_DATE.format(text=text))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(NO_SUCH_DATE.format(text=text)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m queries`: help and usage errors in Vietnamese."""
    parser = VietnameseParser(
        prog="python -m queries",
        description="Tính các chỉ tiêu từ cơ sở dữ liệu.",
        epilog="Mã thoát: 0 thành công; 1 thiếu, đang bận hoặc không đọc được cơ sở dữ liệu; "
        "2 lệnh không đúng cú pháp.",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="LỆNH", required=True, parser_class=VietnameseParser
    )
    kpis = commands.add_parser(
        "kpis",
        help="in các chỉ tiêu tính đến một ngày",
        description="In mọi chỉ tiêu, dạng bảng hoặc một đối tượng JSON.",
    )
    kpis.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="ĐƯỜNG_DẪN",
        help="tệp cơ sở dữ liệu (mặc định: DASHBOARD_DB hoặc data/dashboard.duckdb)",
    )
    kpis.add_argument(
        "--as-of",
        type=_parse_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="tính đến ngày này (mặc định: ngày số liệu mới nhất trong cơ sở dữ liệu)",
    )
    kpis.add_argument("--json", action="store_true", help="in một đối tượng JSON thay cho bảng")
    return parser


def render_table(values: dict[str, float | int | None], as_of: dt.date) -> str:
    """The indicators as an aligned two-column text table, labels and values in Vietnamese."""
    width = max(len(indicator.label) for indicator in INDICATORS)
    lines = [TABLE_TITLE.format(date=formats.format_date(as_of)), ""]
    for indicator in INDICATORS:
        value = formats.format_kpi(values[indicator.key], indicator.unit)
        lines.append(f"{indicator.label.ljust(width)}  {value:>20}")
    return "\n".join(lines)


def _kpis(db_path: Path | None, as_of: dt.date | None, as_json: bool) -> int:
    path = db_path or settings.database_path()
    if not path.exists():
        print(NO_DATABASE.format(path=path), file=sys.stderr)
        return 1
    try:
        # A database made by an older version first gets db/schema.sql's table macros, which
        # the queries use (through a write, as the app does; skipped when a load holds the
        # database). Then read-only: the app or a loader may be using it.
        with contextlib.suppress(store.WriteBusyError, db.DatabaseBusyError):
            db.upgrade(path, wait_seconds=5)
        con = db.connect(path, read_only=True)
    except db.DatabaseBusyError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except (duckdb.Error, OSError):
        print(CANNOT_OPEN.format(path=path), file=sys.stderr)
        return 1
    try:
        if as_of is None:
            dates = report_dates(con)
            as_of = dates[-1] if dates else dt.date.today()
        values = compute_kpis(con, as_of)
    except duckdb.Error:
        print(CANNOT_READ.format(path=path), file=sys.stderr)
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
    print_in_utf8()
    args = build_parser().parse_args(argv)  # a usage error exits with status 2
    return _kpis(args.db, args.as_of, args.json)


if __name__ == "__main__":
    sys.exit(main())
