"""Local accounts in the database's `users` table. No Streamlit.

Every change goes through `db.write` (a copy of the live file swapped in atomically, so the
app's readers are never disturbed); reads open the live file read-only, or use the
connection the caller passes (the app passes a cursor of its live view). Only argon2 hashes
are kept. Names are lower-case letters, digits and . _ @ - (an e-mail address fits), so two
accounts never differ only by case or by a look-alike letter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

import db
import settings
from accounts import passwords
from accounts.roles import ROLE_NEEDS_AGENCY, ROLES, User

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@-]{1,63}")
COLUMNS = "name, role, agency_code, password_hash, disabled, created_at, created_by, email"


class AccountError(ValueError):
    """An account change that cannot be made; the message is Vietnamese and says why."""


@dataclass(frozen=True)
class Account:
    """One row of `users` as the accounts page and `user list` show it (no hash)."""

    name: str
    role: str
    agency_code: str | None
    disabled: bool
    created_at: dt.datetime
    created_by: str
    email: str | None


def normalise_name(name: str) -> str:
    """An account name as it is kept: trimmed, lower-case."""
    return name.strip().lower()


def check_name(name: str) -> str:
    """The normalised name, or AccountError saying which names are allowed."""
    normal = normalise_name(name)
    if not NAME_PATTERN.fullmatch(normal):
        raise AccountError(
            f"Tên tài khoản “{name}” không dùng được: đề nghị dùng 2 đến 64 ký tự gồm chữ cái "
            "không dấu, chữ số và các dấu . _ @ - (ví dụ “nguyen.van.a”)."
        )
    return normal


@contextlib.contextmanager
def _reading(
    db_path: Path | str | None, con: duckdb.DuckDBPyConnection | None
) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """The caller's connection, or the live file opened read-only (None: no database yet)."""
    if con is not None:
        yield con
        return
    path = Path(db_path) if db_path else settings.database_path()
    if not path.exists():
        yield None
        return
    own = db.connect(path, read_only=True)
    try:
        yield own
    finally:
        own.close()


def _rows(con: duckdb.DuckDBPyConnection | None, sql: str, params: list) -> list[tuple]:
    if con is None:
        return []
    try:
        return con.execute(sql, params).fetchall()
    except duckdb.CatalogException:  # a database made before accounts existed
        return []


def list_users(
    *, db_path: Path | str | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> list[Account]:
    """Every account, by name, without its hash."""
    with _reading(db_path, con) as reader:
        rows = _rows(
            reader,
            "select name, role, agency_code, disabled, created_at, created_by, email "
            "from users order by name",
            [],
        )
    return [Account(*row) for row in rows]


def get_user(
    name: str, *, db_path: Path | str | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> User | None:
    """The enabled account `name` as a User (None when unknown or disabled)."""
    with _reading(db_path, con) as reader:
        rows = _rows(
            reader,
            "select name, role, agency_code from users where name = ? and not disabled",
            [normalise_name(name)],
        )
    return User(*rows[0]) if rows else None


def any_admin(
    *, db_path: Path | str | None = None, con: duckdb.DuckDBPyConnection | None = None
) -> bool:
    """True when an enabled admin account exists (else the app is read-only until one is made)."""
    with _reading(db_path, con) as reader:
        rows = _rows(reader, "select count(*) from users where role = 'admin' and not disabled", [])
    return bool(rows and rows[0][0])


def authenticate(
    name: str,
    password: str,
    *,
    db_path: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> User | None:
    """The user when the name and password match an enabled account, else None.

    A wrong name, a wrong password and a disabled account all give None, in the same time
    (an unknown name is checked against a dummy hash). When the hash was made with weaker
    parameters, it is made again (a write; skipped if another write holds the database).
    """
    normal = normalise_name(name)
    with _reading(db_path, con) as reader:
        rows = _rows(
            reader,
            "select name, role, agency_code, password_hash, disabled from users where name = ?",
            [normal],
        )
    stored = rows[0] if rows else None
    if not passwords.verify_password(stored[3] if stored else None, password):
        return None
    if stored is None or stored[4]:
        return None
    if passwords.needs_rehash(stored[3]):
        with contextlib.suppress(Exception):
            set_password(normal, password, db_path=db_path, wait_seconds=2)
    return User(stored[0], stored[1], stored[2])


def _writing(
    db_path: Path | str | None,
    wait_seconds: float | None,
    on_wait: Callable[[str], None] | None,
):
    path = Path(db_path) if db_path else settings.database_path()
    if not path.exists():
        # an account alone would make a database with no data, which the app's first start
        # would then serve instead of rebuilding the archive or building the demo
        raise AccountError(
            f"Chưa có cơ sở dữ liệu tại {path}. Đề nghị khởi động ứng dụng một lần (hoặc dựng "
            "lại cơ sở dữ liệu từ kho lưu tệp) rồi tạo tài khoản."
        )
    return db.write(path, wait_seconds=wait_seconds, on_wait=on_wait)


def _existing(con: duckdb.DuckDBPyConnection, name: str) -> tuple | None:
    rows = con.execute("select name, disabled from users where name = ?", [name]).fetchall()
    return rows[0] if rows else None


def add_user(
    name: str,
    role: str,
    password: str,
    *,
    agency_code: str | None = None,
    email: str | None = None,
    created_by: str,
    db_path: Path | str | None = None,
    wait_seconds: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> User:
    """Create an account, its password hashed; one write. AccountError (Vietnamese) when the
    name is taken or not allowed, the role unknown, the agency missing or unknown."""
    normal = check_name(name)
    if role not in ROLES:
        raise AccountError(
            f"Vai trò “{role}” không có; đề nghị chọn một trong: {', '.join(ROLES)}."
        )
    agency = (agency_code or "").strip() or None
    if role == ROLE_NEEDS_AGENCY and agency is None:
        raise AccountError("Tài khoản vai trò Đơn vị cần mã đơn vị của mình.")
    if role != ROLE_NEEDS_AGENCY and agency is not None:
        raise AccountError("Chỉ tài khoản vai trò Đơn vị mới gắn với một mã đơn vị.")
    passwords.check_new_password(password)
    password_hash = passwords.hash_password(password)
    with _writing(db_path, wait_seconds, on_wait) as write:
        if _existing(write.con, normal):
            raise AccountError(f"Đã có tài khoản tên “{normal}”; đề nghị chọn tên khác.")
        if agency is not None:
            known = write.con.execute(
                "select count(*) from agencies where agency_code = ?", [agency]
            ).fetchall()
            if not known[0][0]:
                raise AccountError(
                    f"Không có đơn vị mã “{agency}” trong danh mục đơn vị (data/agencies.csv); "
                    "đề nghị kiểm tra lại mã."
                )
        write.con.execute(
            f"insert into users ({COLUMNS}) values (?, ?, ?, ?, false, ?, ?, ?)",
            [
                normal,
                role,
                agency,
                password_hash,
                dt.datetime.now().replace(microsecond=0),
                created_by,
                (email or "").strip() or None,
            ],
        )
    return User(normal, role, agency)


def set_password(
    name: str,
    password: str,
    *,
    db_path: Path | str | None = None,
    wait_seconds: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Give an account a new password (hashed); one write. AccountError when it is unknown."""
    normal = normalise_name(name)
    passwords.check_new_password(password)
    password_hash = passwords.hash_password(password)
    with _writing(db_path, wait_seconds, on_wait) as write:
        if not _existing(write.con, normal):
            raise AccountError(f"Không có tài khoản tên “{normal}”.")
        write.con.execute(
            "update users set password_hash = ? where name = ?", [password_hash, normal]
        )


def disable_user(
    name: str,
    *,
    db_path: Path | str | None = None,
    wait_seconds: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> None:
    """Disable an account (it can no longer sign in; its row stays, so the uploads it made keep
    naming it); one write. AccountError when it is unknown or already disabled."""
    normal = normalise_name(name)
    with _writing(db_path, wait_seconds, on_wait) as write:
        existing = _existing(write.con, normal)
        if not existing:
            raise AccountError(f"Không có tài khoản tên “{normal}”.")
        if existing[1]:
            raise AccountError(f"Tài khoản “{normal}” đã bị khóa từ trước.")
        write.con.execute("update users set disabled = true where name = ?", [normal])
