"""Command line of the loaders (spec/interfaces.md): demo, template, ingest, rebuild.

    python -m loaders demo     [--db PATH] [--force]
    python -m loaders template PATH.xlsx
    python -m loaders ingest   FILE.xlsx [--db PATH] [--as-of YYYY-MM-DD] [--dry-run] [--json]
    python -m loaders rebuild  [--db PATH]
    python -m loaders user     add|list|passwd|disable …   (accounts/cli.py)

Exit status: 0 done (or would load, with --dry-run); 1 rejected or failed; 2 wrong usage.
No traceback reaches the user: every failure is a Vietnamese message.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
from datetime import date
from pathlib import Path

import db
import settings
from accounts import cli as accounts_cli
from cli import VietnameseParser, print_in_utf8
from db.store import WriteBusyError
from formats import format_number
from loaders import messages as say
from loaders.archive import ArchiveError


def _report_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say.CLI_BAD_DATE.format(text=text)) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m loaders`: help and usage errors in Vietnamese."""
    parser = VietnameseParser(
        prog="python -m loaders",
        description="Nạp biểu mẫu vào cơ sở dữ liệu.",
        epilog="Mã thoát: 0 thành công; 1 tệp bị từ chối hoặc không thực hiện được; "
        "2 lệnh không đúng cú pháp.",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="LỆNH", required=True, parser_class=VietnameseParser
    )
    database = {
        "type": Path,
        "metavar": "ĐƯỜNG_DẪN",
        "help": "tệp cơ sở dữ liệu (mặc định: DASHBOARD_DB hoặc data/dashboard.duckdb)",
    }

    demo = commands.add_parser(
        "demo", help="tạo cơ sở dữ liệu mẫu", description="Tạo cơ sở dữ liệu mẫu."
    )
    demo.add_argument("--db", **database)
    demo.add_argument(
        "--force", action="store_true", help="ghi đè cả cơ sở dữ liệu đang có số liệu thật"
    )

    template = commands.add_parser(
        "template",
        help="ghi tệp mẫu biểu để các đơn vị điền",
        description="Ghi tệp mẫu biểu để các đơn vị điền (không cần cơ sở dữ liệu).",
    )
    template.add_argument("path", type=Path, metavar="ĐƯỜNG_DẪN.xlsx", help="tệp sẽ ghi")

    ingest = commands.add_parser(
        "ingest",
        help="kiểm tra và nạp một tệp biểu mẫu",
        description="Kiểm tra và nạp một tệp biểu mẫu: nạp cả tệp hoặc không nạp gì.",
    )
    ingest.add_argument("file", type=Path, metavar="TỆP.xlsx", help="tệp biểu mẫu cần nạp")
    ingest.add_argument("--db", **database)
    ingest.add_argument(
        "--as-of",
        type=_report_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="ngày số liệu (mặc định: hôm nay)",
    )
    ingest.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    ingest.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    ingest.add_argument(
        "--user", default="cli", metavar="TÊN", help="người tải lên (ghi vào nhật ký)"
    )
    ingest.add_argument(
        "--feedback",
        type=Path,
        metavar="PHIẾU.xlsx",
        help="ghi phiếu phản hồi: tệp của đơn vị với các ô lỗi tô đỏ, cảnh báo tô vàng, kèm "
        "danh sách ở trang đầu",
    )

    rebuild = commands.add_parser(
        "rebuild",
        help="dựng lại cơ sở dữ liệu từ kho lưu tệp",
        description="Dựng lại cơ sở dữ liệu từ kho lưu tệp đã nạp.",
    )
    rebuild.add_argument("--db", **database)

    accounts_cli.add_user_commands(commands, database)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (a usage error exits with status 2)."""
    print_in_utf8()
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "template":
            from loaders.template import write_template

            args.path.parent.mkdir(parents=True, exist_ok=True)
            write_template(args.path)
            print(say.CLI_TEMPLATE_WRITTEN.format(path=args.path))
            return 0
        if args.command == "demo":
            return _demo(args)
        if args.command == "rebuild":
            return _rebuild(args)
        if args.command == accounts_cli.COMMAND:
            return accounts_cli.run(args)
    except (db.DatabaseBusyError, WriteBusyError, ArchiveError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(os_failure(exc), file=sys.stderr)
        return 1
    return 2


def os_failure(exc: OSError) -> str:
    """An OSError as a Vietnamese sentence: the path, the reason and what to do (no English)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    reason, action = say.OS_REASONS.get(name, say.OS_REASONS[""])
    return say.CLI_OS_FAILURE.format(path=exc.filename or "", reason=reason, action=action)


def _ingest(args: argparse.Namespace) -> int:
    from loaders.ingest import ingest_file

    if not args.file.is_file():
        print(say.CLI_FILE_NOT_FOUND.format(path=args.file), file=sys.stderr)
        return 1
    result = ingest_file(
        args.file,
        report_date=args.as_of,
        db_path=args.db,
        uploaded_by=args.user,
        dry_run=args.dry_run,
        on_wait=lambda message: print(message, file=sys.stderr, flush=True),
    )
    if args.feedback:
        _write_feedback(args.file, args.feedback, result)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0 if result.loaded else 1
    verdict = {
        (True, False): say.CLI_LOADED,
        (True, True): say.CLI_WOULD_LOAD,
        (False, False): say.CLI_REFUSED,
        (False, True): say.CLI_WOULD_REFUSE,
    }[(result.loaded, args.dry_run)]
    print(
        say.CLI_INGEST_SUMMARY.format(
            verdict=verdict,
            file_name=result.file_name,
            report_date=f"{result.report_date:%d/%m/%Y}",
            rows_read=format_number(result.rows_read),
            rows_loaded=format_number(result.rows_loaded),
        )
    )
    for title, messages in ((say.CLI_ERRORS, result.errors), (say.CLI_WARNINGS, result.warnings)):
        if messages:
            print(title.format(count=len(messages)))
            for message in messages:
                print(f"  - {message.describe()}")
    return 0 if result.loaded else 1


def _write_feedback(source: Path, out: Path, result) -> None:
    from loaders.feedback import feedback_workbook

    out.parent.mkdir(parents=True, exist_ok=True)
    content = source.read_bytes() if result.size_bytes <= settings.max_upload_bytes() else b""
    out.write_bytes(feedback_workbook(content, result))
    print(f"Đã ghi phiếu phản hồi: {out}", file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    from loaders.demo import build_demo

    path = args.db or settings.database_path()
    if path.exists() and not args.force and _holds_real_uploads(path):
        print(say.CLI_REAL_DATA.format(path=path), file=sys.stderr)
        return 1
    # one write: the old database stays in force until the new one is complete
    summary = build_demo(path, replace=True)
    print(say.CLI_DEMO_BUILT.format(path=path, summary=summary))
    return 0


def _holds_real_uploads(path: Path) -> bool:
    con = db.connect(path, read_only=True)
    try:
        rows = con.sql("select count(*) from uploads where uploaded_by <> 'demo'").fetchall()
        return rows[0][0] > 0
    finally:
        con.close()


def _rebuild(args: argparse.Namespace) -> int:
    from loaders.ingest import RebuildError, rebuild

    try:
        results = rebuild(args.db, on_wait=lambda message: print(message, file=sys.stderr))
    except RebuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(say.CLI_REBUILT.format(count=len(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
