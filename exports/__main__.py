"""Command line of the exports (spec/interfaces.md): report, reminders.

    python -m exports report    --period YYYY-H1|YYYY-H2|YYYY [--db PATH] --out FILE.docx|FILE.xlsx
    python -m exports reminders [--as-of YYYY-MM-DD] [--db PATH] --out DIR

Each subcommand module registers itself with `add_command(subparsers)` and runs with
`run(args)`. Exit status: 0 written; 1 failed (no database, no report date, cannot write);
2 wrong usage. No traceback reaches the user: every failure is a Vietnamese message.
"""

from __future__ import annotations

import argparse
import sys

from cli import VietnameseParser, print_in_utf8
from exports import reminders, report

COMMAND_MODULES = (report, reminders)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m exports`: help and usage errors in Vietnamese."""
    parser = VietnameseParser(
        prog="python -m exports",
        description="Xuất báo cáo, phụ lục và công văn đôn đốc từ cơ sở dữ liệu.",
        epilog="Mã thoát: 0 đã ghi tệp; 1 không thực hiện được; 2 lệnh không đúng cú pháp.",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="LỆNH", required=True, parser_class=VietnameseParser
    )
    for module in COMMAND_MODULES:
        module.add_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (a usage error exits with status 2)."""
    print_in_utf8()
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
