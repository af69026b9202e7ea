"""Exports layer, no Streamlit: what the commands of `python -m exports` share.

Each export module registers its own subcommand (`add_command(commands)`, see
exports/__main__.py) and reads its options with these helpers: the database (`--db`), the
report date and the sidebar's filters (`--as-of`, `--kinds`, `--provinces`, `--agencies`). A
failure is a `CommandError` whose Vietnamese message the command prints (exit status 1).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

import db
import queries
import settings
from exports.scope import PROVINCES, Scope, resolve_scope
from vocabulary import AGENCY_KINDS

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CommandError(Exception):
    """A command could not do its work; the message says what and what to do, in Vietnamese."""


def report_date(text: str) -> dt.date:
    """An option's date, YYYY-MM-DD only (as every command takes it)."""
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày “{text}” không hợp lệ, hãy viết theo dạng YYYY-MM-DD (ví dụ 2026-06-30)"
        ) from None


def _listed(allowed: dict[str, str] | None, what: str):
    """An option's comma-separated list, each value checked against `allowed` (when given)."""

    def parse(text: str) -> tuple[str, ...]:
        values = tuple(v.strip() for v in text.split(",") if v.strip())
        unknown = [v for v in values if allowed is not None and v not in allowed]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"không có {what} “{', '.join(unknown)}”; hãy chọn trong {', '.join(allowed)}"
            )
        return values

    return parse


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """--db PATH, with the default the app uses."""
    parser.add_argument(
        "--db",
        type=Path,
        metavar="ĐƯỜNG_DẪN",
        help="tệp cơ sở dữ liệu (mặc định: DASHBOARD_DB hoặc data/dashboard.duckdb)",
    )


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    """--db, --as-of and the sidebar's filters."""
    add_database_option(parser)
    parser.add_argument(
        "--as-of",
        type=report_date,
        metavar="YYYY-MM-DD",
        help="ngày số liệu (mặc định: ngày số liệu mới nhất)",
    )
    parser.add_argument(
        "--kinds",
        type=_listed(AGENCY_KINDS, "nhóm đơn vị"),
        default=(),
        metavar="NHÓM,…",
        help="chỉ các nhóm đơn vị này: " + ", ".join(f"{k} ({v})" for k, v in AGENCY_KINDS.items()),
    )
    parser.add_argument(
        "--provinces",
        type=_listed(PROVINCES, "tỉnh cũ"),
        default=(),
        metavar="TỈNH,…",
        help="chỉ đơn vị đặt tại tỉnh cũ: " + ", ".join(f"{k} ({v})" for k, v in PROVINCES.items()),
    )
    parser.add_argument(
        "--agencies",
        type=_listed(None, "đơn vị"),
        default=(),
        metavar="MÃ,…",
        help="chỉ các đơn vị có mã này (mã trong danh mục đơn vị)",
    )


@contextlib.contextmanager
def open_database(path: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the database (the app may be using it meanwhile)."""
    path = path or settings.database_path()
    if not path.exists():
        raise CommandError(
            f"Không tìm thấy cơ sở dữ liệu tại {path}. Đề nghị chỉ đúng tệp bằng --db, hoặc "
            "nạp biểu mẫu của các đơn vị trước."
        )
    # a short read-write open installs db/schema.sql's macros in a database made by an older
    # version, as the app does; skipped while another process holds the file
    with contextlib.suppress(db.DatabaseBusyError, duckdb.Error):
        db.connect(path).close()
    try:
        con = db.connect(path, read_only=True)
    except db.DatabaseBusyError as exc:
        raise CommandError(str(exc)) from None
    except (duckdb.Error, OSError):
        raise CommandError(
            f"Không mở được cơ sở dữ liệu {path}: tệp hỏng hoặc không phải cơ sở dữ liệu của "
            "bảng điều khiển. Đề nghị kiểm tra đường dẫn --db."
        ) from None
    try:
        yield con
    finally:
        con.close()


def scope_from_args(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> Scope:
    """The scope the options name: the report date (default the latest) and the filters."""
    dates = queries.report_dates(con)
    if not dates:
        raise CommandError("Cơ sở dữ liệu chưa có số liệu nào: đề nghị nạp biểu mẫu trước.")
    as_of = args.as_of or dates[-1]
    known = set(
        queries.run(con, "agencies_in_view", kinds=None, provinces=None, agency_codes=None)[
            "agency_code"
        ]
    )
    unknown = [code for code in args.agencies if code not in known]
    if unknown:
        raise CommandError(
            f"Không có đơn vị mã “{', '.join(unknown)}” trong danh mục đơn vị: đề nghị kiểm tra "
            "lại mã ở --agencies."
        )
    provinces = tuple(PROVINCES[p] for p in args.provinces)
    return resolve_scope(con, as_of, args.kinds, provinces, args.agencies)
