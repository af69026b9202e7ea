"""Command line of the exports (spec/interfaces.md): deck, report, reminders.

    python -m exports deck [--db PATH] [--as-of YYYY-MM-DD] [--kinds …] [--provinces …]
                           [--agencies …] --out FILE.pptx
    python -m exports report    --period YYYY-H1|YYYY-H2|YYYY [--db PATH] --out FILE.docx|FILE.xlsx
    python -m exports reminders [--as-of YYYY-MM-DD] [--db PATH] --out DIR

Each export module registers its subcommand with `add_command(commands)` (one line in
COMMANDS below) and sets `run(args) -> int` as its default. Exit status: 0 written; 1 the
database is missing, busy or empty, or the file could not be written; 2 wrong usage.
Messages are in Vietnamese and no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cli import VietnameseParser, print_in_utf8
from exports import images
from exports.command import CommandError

# the export modules with a subcommand, each registering it with add_command(commands)
COMMANDS = ("exports.deck", "exports.report", "exports.reminders")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m exports`: help and usage errors in Vietnamese."""
    parser = VietnameseParser(
        prog="python -m exports",
        description="Xuất tài liệu họp, báo cáo, phụ lục và công văn đôn đốc từ cơ sở dữ liệu.",
        epilog="Mã thoát: 0 đã ghi tệp; 1 không thực hiện được; 2 lệnh không đúng cú pháp.",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="LỆNH", required=True, parser_class=VietnameseParser
    )
    for name in COMMANDS:
        importlib.import_module(name).add_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit status (a usage error exits with status 2)."""
    print_in_utf8()
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CommandError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không ghi được tệp: {exc.strerror or exc} ({exc.filename or ''}).", file=sys.stderr)
        return 1
    finally:
        images.stop_server()  # the browser closes before the interpreter does


if __name__ == "__main__":
    sys.exit(main())
