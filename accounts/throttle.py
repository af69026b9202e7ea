"""Failed sign-ins, limited per account and per client, for every app process. No Streamlit.

After `settings.sign_in_attempts()` failures (5) within `settings.sign_in_window_seconds()`
(15 minutes) for one account name, or from one client address, sign-ins for it wait until
the oldest of those failures leaves the window. The count lives in a small SQLite file beside
the database (`<db>.signin.sqlite`, WAL mode): the app may run several processes, which must
share one count, and a failure must not be a database write (each write of the DuckDB file
copies it whole, db/store.py), while SQLite lets many processes add a row at once. Names and
addresses are kept only as SHA-256 keys: a password typed into the name field never lands in
a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import settings
from accounts.roles import User

WRONG_SIGN_IN = "Tên đăng nhập hoặc mật khẩu không đúng."
BUSY_SECONDS = 10  # how long a process waits for another's hold on the file


def wait_message(seconds: float) -> str:
    """The one message for too many failed sign-ins: how many minutes to wait."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"Đã đăng nhập sai quá nhiều lần. Đề nghị chờ {minutes} phút rồi thử lại."


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _use_wal(con: sqlite3.Connection) -> None:
    # Processes opening a new file at the same moment (two replicas' first failed sign-ins)
    # each switch it to WAL, and SQLite refuses all but one at once ("database is locked")
    # rather than waiting its timeout: wait here instead (seen: 5 of 90 processes failed).
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            con.execute("pragma journal_mode=wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class SignInThrottle:
    """The shared count of failed sign-ins in one SQLite file."""

    def __init__(
        self, path: Path, *, limit: int | None = None, window_seconds: float | None = None
    ) -> None:
        self.path = Path(path)
        self.limit = settings.sign_in_attempts() if limit is None else limit
        self.window = (
            settings.sign_in_window_seconds() if window_seconds is None else window_seconds
        )

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            _use_wal(con)
            con.execute("create table if not exists failures (key text not null, at real not null)")
            con.execute("create index if not exists failures_key on failures (key)")
            yield con
        finally:
            con.close()

    @staticmethod
    def _keys(account: str, client: str | None) -> tuple[str, str]:
        return _key("account", account.strip().lower()), _key("client", client or "local")

    def wait_seconds(self, account: str, client: str | None, now: float | None = None) -> float:
        """How long sign-ins for this account, or from this client, must wait (0: go ahead)."""
        now = time.time() if now is None else now
        wait = 0.0
        with self._connection() as con:
            for key in self._keys(account, client):
                times = [
                    row[0]
                    for row in con.execute(
                        "select at from failures where key = ? and at > ? order by at desc",
                        [key, now - self.window],
                    )
                ]
                if len(times) >= self.limit:
                    wait = max(wait, times[self.limit - 1] + self.window - now)
        return wait

    def record_failure(self, account: str, client: str | None, now: float | None = None) -> None:
        """Count one failed sign-in against the account and the client; forget expired ones."""
        now = time.time() if now is None else now
        with self._connection() as con:
            con.execute("begin immediate")
            con.execute("delete from failures where at <= ?", [now - self.window])
            con.executemany(
                "insert into failures values (?, ?)",
                [(key, now) for key in self._keys(account, client)],
            )
            con.execute("commit")

    def record_success(self, account: str) -> None:
        """A right password clears the account's failures (not the client's: one's own account
        must not unlock guessing at others')."""
        with self._connection() as con:
            con.execute("delete from failures where key = ?", [self._keys(account, None)[0]])


def sign_in(
    throttle: SignInThrottle,
    name: str,
    password: str,
    client: str | None,
    check: Callable[[str, str], User | None],
) -> tuple[User | None, str | None]:
    """One sign-in attempt: (the user, None), or (None, the Vietnamese message to show).

    While the account or the client must wait, the password is not even checked. A wrong
    name and a wrong password give the same message.
    """
    wait = throttle.wait_seconds(name, client)
    if wait > 0:
        return None, wait_message(wait)
    user = check(name, password)
    if user is None:
        throttle.record_failure(name, client)
        wait = throttle.wait_seconds(name, client)
        return None, wait_message(wait) if wait > 0 else WRONG_SIGN_IN
    throttle.record_success(name)
    return user, None
