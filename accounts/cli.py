"""`python -m loaders user …`: add, list, change the password of, disable local accounts. No Streamlit.

    python -m loaders user add NAME --role viewer|agency|editor|admin [--agency CODE] [--email E] [--db PATH]
    python -m loaders user list [--db PATH]
    python -m loaders user passwd NAME [--db PATH]
    python -m loaders user disable NAME [--db PATH]

The password is read from standard input: one line, or, at a terminal, typed twice without
echo. It is never an argument (arguments show in the process list and the shell's history).
Exit status: 0 done; 1 refused (name taken, unknown agency or account, passwords differ);
2 wrong usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import formats
from accounts import roles, store
from accounts.passwords import PasswordError
from cli import WRONG_USAGE, VietnameseParser

COMMAND = "user"


def add_user_commands(commands: argparse._SubParsersAction, database: dict) -> None:
    """Register `user` and its subcommands on `python -m loaders`'s subparsers; `database` is
    the shared --db option's settings."""
    user = commands.add_parser(
        COMMAND,
        help="quản lý tài khoản đăng nhập",
        description="Quản lý tài khoản đăng nhập cục bộ (mật khẩu đọc từ đầu vào chuẩn).",
        epilog="Mã thoát: 0 thành công; 1 không thực hiện được; 2 lệnh không đúng cú pháp.",
    )
    actions = user.add_subparsers(
        dest="user_command", metavar="VIỆC", required=True, parser_class=VietnameseParser
    )
    add = actions.add_parser(
        "add",
        help="thêm tài khoản",
        description="Thêm tài khoản; mật khẩu đọc từ đầu vào chuẩn (một dòng), hoặc gõ hai lần.",
    )
    add.add_argument("name", metavar="TÊN", help="tên đăng nhập, ví dụ nguyen.van.a")
    add.add_argument(
        "--role",
        required=True,
        choices=roles.ROLES,
        metavar="VAI_TRÒ",
        help="; ".join(f"{r}: {roles.ROLE_LABELS[r]}" for r in roles.ROLES),
    )
    add.add_argument(
        "--agency", metavar="MÃ_ĐƠN_VỊ", help="mã đơn vị (bắt buộc với vai trò agency)"
    )
    add.add_argument("--email", metavar="THƯ_ĐIỆN_TỬ", help="địa chỉ thư điện tử (tùy chọn)")
    add.add_argument("--db", **database)
    listing = actions.add_parser(
        "list", help="liệt kê tài khoản", description="Liệt kê các tài khoản."
    )
    listing.add_argument("--db", **database)
    passwd = actions.add_parser(
        "passwd",
        help="đặt mật khẩu mới",
        description="Đặt mật khẩu mới cho một tài khoản (đọc từ đầu vào chuẩn).",
    )
    passwd.add_argument("name", metavar="TÊN", help="tên đăng nhập")
    passwd.add_argument("--db", **database)
    disable = actions.add_parser(
        "disable",
        help="khóa tài khoản",
        description="Khóa một tài khoản: không đăng nhập được nữa, các lần tải lên vẫn giữ tên.",
    )
    disable.add_argument("name", metavar="TÊN", help="tên đăng nhập")
    disable.add_argument("--db", **database)


def _who() -> str:
    """Who ran the command, for `created_by`: the system account, when it can be told."""
    try:
        return f"dòng lệnh ({getpass.getuser()})"
    except (KeyError, OSError):
        return "dòng lệnh"


class _PasswordsDiffer(Exception):
    pass


def read_password(stdin=None) -> str:
    """The new password: typed twice without echo at a terminal, else one line of stdin."""
    stream = stdin or sys.stdin
    if stream.isatty():
        first = getpass.getpass("Mật khẩu: ")
        second = getpass.getpass("Nhập lại mật khẩu: ")
        if first != second:
            raise _PasswordsDiffer
        return first
    return stream.readline().rstrip("\r\n")


def _usage_error(message: str) -> int:
    print(f"{WRONG_USAGE}: {message}.", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run one `user` subcommand; the exit status."""
    db_path: Path | None = args.db
    action = args.user_command
    if action == "list":
        return _list(db_path)
    if action == "add" and args.role == roles.ROLE_NEEDS_AGENCY and not args.agency:
        return _usage_error("vai trò agency cần --agency MÃ_ĐƠN_VỊ")
    if action == "add" and args.role != roles.ROLE_NEEDS_AGENCY and args.agency:
        return _usage_error("--agency chỉ dùng với vai trò agency")
    try:
        if action == "disable":
            store.disable_user(args.name, db_path=db_path, on_wait=_tell)
            print(f"Đã khóa tài khoản “{store.normalise_name(args.name)}”.")
            return 0
        if action == "add":
            name = store.check_name(args.name)  # before asking for a password
            user = store.add_user(
                name,
                args.role,
                read_password(),
                agency_code=args.agency,
                email=args.email,
                created_by=_who(),
                db_path=db_path,
                on_wait=_tell,
            )
            where = f", đơn vị {user.agency_code}" if user.agency_code else ""
            print(f"Đã thêm tài khoản “{user.name}” ({user.role_label}{where}).")
            return 0
        if action == "passwd":
            store.set_password(args.name, read_password(), db_path=db_path, on_wait=_tell)
            print(f"Đã đặt mật khẩu mới cho tài khoản “{store.normalise_name(args.name)}”.")
            return 0
    except _PasswordsDiffer:
        print("Hai lần nhập mật khẩu không khớp; chưa thay đổi gì.", file=sys.stderr)
        return 1
    except (store.AccountError, PasswordError) as exc:
        print(f"{exc} Chưa thay đổi gì.", file=sys.stderr)
        return 1
    return 2


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _list(db_path: Path | None) -> int:
    accounts = store.list_users(db_path=db_path)
    if not accounts:
        print(
            "Chưa có tài khoản nào. Tạo tài khoản quản trị đầu tiên: "
            "uv run python -m loaders user add TÊN --role admin"
        )
        return 0
    header = ("Tên", "Vai trò", "Đơn vị", "Trạng thái", "Ngày tạo", "Người tạo", "Thư điện tử")
    rows = [
        (
            a.name,
            roles.role_label(a.role),
            a.agency_code or formats.MISSING,
            "đã khóa" if a.disabled else "đang dùng",
            formats.format_date(a.created_at),
            a.created_by,
            a.email or formats.MISSING,
        )
        for a in accounts
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        print(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    return 0
