"""The command lines' argument parser: argparse, with Vietnamese help and usage errors; no Streamlit.

argparse writes its own words in English: the "usage:" line, the section headings, the help
option and every usage error. `VietnameseParser` lays the help out under Vietnamese headings
and reports a usage error as a Vietnamese sentence followed by the command's help, with exit
status 2, so no English reaches the user of `python -m loaders` (and any other command).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE_PREFIX = "Cách dùng: "
HEADINGS = {
    "positional arguments": "Tham số",
    "options": "Tùy chọn",
    "optional arguments": "Tùy chọn",  # argparse before Python 3.10
}
HELP_OPTION = "in hướng dẫn này rồi thoát"
WRONG_USAGE = "Lệnh không đúng cú pháp"
WHAT_TO_DO = "Đề nghị sửa lệnh theo cách dùng dưới đây."
UNKNOWN_ERROR = "tham số không hợp lệ"  # an error argparse may add one day: never its English

# argparse's usage errors (Python 3.11 wording) and their Vietnamese; the first that matches
# is used. The last passes on a message the command's own argument types wrote in Vietnamese.
ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", r"thiếu \1"),
    (r"one of the arguments (.+) is required", r"cần một trong các tham số \1"),
    (r"unrecognized arguments: (.+)", r"không hiểu tham số \1"),
    (r"ambiguous option: (\S+) could match (.+)", r"tùy chọn \1 không rõ, có thể là \2"),
    (
        r"argument \S+: invalid choice: (.+) \(choose from (.+)\)",
        r"không có lệnh \1; hãy chọn một trong \2",
    ),
    (r"argument (\S+): not allowed with argument (\S+)", r"không dùng \1 cùng với \2"),
    (r"argument (\S+): invalid \S+ value: (.+)", r"\1: giá trị \2 không hợp lệ"),
    (r"argument (\S+): expected one argument", r"\1 cần một giá trị"),
    (r"argument (\S+): expected at most one argument", r"\1 chỉ nhận một giá trị"),
    (r"argument (\S+): expected at least one argument", r"\1 cần ít nhất một giá trị"),
    (r"argument (\S+): expected (\d+) arguments?", r"\1 cần \2 giá trị"),
    (r"argument (\S+): ignored explicit argument (.+)", r"\1 không nhận giá trị \2"),
    (r"argument (\S+): (.+)", r"\1: \2"),
)


def translate_error(message: str) -> str:
    """argparse's English usage error as a Vietnamese phrase (an unknown one as a general one)."""
    for english, vietnamese in ARGPARSE_ERRORS:
        match = re.fullmatch(english, message, flags=re.DOTALL)
        if match:
            return match.expand(vietnamese)
    return UNKNOWN_ERROR


class _VietnameseHelp(argparse.HelpFormatter):
    """argparse's help layout with Vietnamese headings and usage prefix."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)

    def start_section(self, heading) -> None:
        super().start_section(HEADINGS.get(heading, heading))


class VietnameseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and usage errors are Vietnamese (its subparsers too).

    A usage error prints "Lệnh không đúng cú pháp: …. Đề nghị …" and the help of the
    (sub)command it concerns on stderr, then exits with status 2, as argparse does.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _VietnameseHelp)
        kwargs["add_help"] = False  # argparse's -h says "show this help message and exit"
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help=HELP_OPTION)

    def error(self, message: str) -> NoReturn:
        print(f"{WRONG_USAGE}: {translate_error(message)}. {WHAT_TO_DO}\n", file=sys.stderr)
        self.print_help(sys.stderr)
        raise SystemExit(2)


def print_in_utf8() -> None:
    """Make stdout and stderr UTF-8: Vietnamese must print where the terminal's encoding is not."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
