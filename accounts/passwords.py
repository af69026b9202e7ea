"""Password hashes: argon2id (argon2-cffi) with its recommended parameters. No Streamlit.

Only the hash is ever kept; the password itself is never stored, printed or logged.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id, RFC 9106's low-memory profile


# Checked against when the name is unknown, so a wrong name costs the same time as a wrong
# password and the answer's delay does not tell which it was. Written out, not made on
# import (a hash takes about 0,17 s, which every process's first page paid) nor at the first
# unknown name (that check would then take a hash's time more). Not a secret: the hash of
# "không có tài khoản này" with the hasher's parameters (tests/accounts/test_passwords.py).
UNKNOWN_NAME_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$MN3DYV9knOC7DPW1zR4MpQ$"
    "dJod89XhYJasOiLcxtugtBINsmGqeJ18+lmd7oNxSZY"
)


class PasswordError(ValueError):
    """A password that cannot be used; the message is Vietnamese."""


def check_new_password(password: str) -> None:
    """Refuse a new password too short to keep anyone out (Vietnamese message)."""
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự.")
    if password.strip() != password:
        raise PasswordError("Mật khẩu không được bắt đầu hoặc kết thúc bằng dấu cách.")


def hash_password(password: str) -> str:
    """The argon2id hash of a password (salted: two hashes of one password differ)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches the hash; with no hash (unknown name) it still spends the
    time of one check, and says False."""
    try:
        _HASHER.verify(password_hash or UNKNOWN_NAME_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: hash again at the next
    sign-in."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
