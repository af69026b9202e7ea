"""Failed sign-ins: 5 within 15 minutes per account and per client, then a wait; one message
for a wrong name and a wrong password; one count shared by every process."""

from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from accounts import store, throttle
from accounts.throttle import WRONG_SIGN_IN, SignInThrottle, sign_in
from tests.accounts.helpers import wording_problems

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def accounts_db(db_path):
    store.add_user("so.tc", "agency", PASSWORD, agency_code="SO-TC", created_by="pytest",
                   db_path=db_path)  # fmt: skip
    store.add_user("bien.tap", "editor", PASSWORD, created_by="pytest", db_path=db_path)
    return db_path


@pytest.fixture
def counter(tmp_path):
    return SignInThrottle(tmp_path / "dashboard.duckdb.signin.sqlite", limit=5, window_seconds=900)


def attempt(counter, db_path, name, password, client="10.0.0.1"):
    return sign_in(
        counter, name, password, client, lambda n, p: store.authenticate(n, p, db_path=db_path)
    )


def test_wrong_name_and_wrong_password_get_the_same_message(counter, accounts_db):
    assert attempt(counter, accounts_db, "so.tc", "sai-mat-khau") == (None, WRONG_SIGN_IN)
    assert attempt(counter, accounts_db, "khong.co", PASSWORD, "10.0.0.2") == (None, WRONG_SIGN_IN)
    user, message = attempt(counter, accounts_db, "so.tc", PASSWORD)
    assert (user.name, message) == ("so.tc", None)


def test_five_failures_on_one_account_make_it_wait_even_with_the_right_password(
    counter, accounts_db
):
    messages = [attempt(counter, accounts_db, "so.tc", "sai", f"10.0.0.{i}")[1] for i in range(5)]
    assert messages[:4] == [WRONG_SIGN_IN] * 4
    assert messages[4] == "Đã đăng nhập sai quá nhiều lần. Đề nghị chờ 15 phút rồi thử lại."
    # the right password, from a fresh client, still waits: it is not even checked
    assert attempt(counter, accounts_db, "so.tc", PASSWORD, "10.9.9.9") == (None, messages[4])
    # another account is not held up
    assert attempt(counter, accounts_db, "bien.tap", PASSWORD, "10.9.9.9")[0] is not None


def test_five_failures_from_one_client_make_it_wait_on_every_account(counter, accounts_db):
    for name in ("a.1", "a.2", "a.3", "a.4"):
        assert attempt(counter, accounts_db, name, "sai") == (None, WRONG_SIGN_IN)
    user, message = attempt(counter, accounts_db, "a.5", "sai")
    assert message == throttle.wait_message(900)
    assert attempt(counter, accounts_db, "bien.tap", PASSWORD)[0] is None
    # another client signs in
    assert attempt(counter, accounts_db, "bien.tap", PASSWORD, "10.0.0.2")[0] is not None


def test_the_wait_ends_when_the_oldest_failure_leaves_the_window(counter):
    for minute in range(5):
        counter.record_failure("so.tc", "c", now=60.0 * minute)
    # the 5th most recent failure was at 0: the wait ends at 15 minutes
    assert counter.wait_seconds("so.tc", "d", now=4 * 60) == pytest.approx(11 * 60)
    assert throttle.wait_message(11 * 60 - 1) == (
        "Đã đăng nhập sai quá nhiều lần. Đề nghị chờ 11 phút rồi thử lại."
    )
    assert counter.wait_seconds("so.tc", "d", now=15 * 60 + 1) == 0


def test_a_success_clears_the_account_but_not_the_client(counter, accounts_db):
    for _ in range(4):
        attempt(counter, accounts_db, "so.tc", "sai")
    assert attempt(counter, accounts_db, "so.tc", PASSWORD)[0] is not None
    # the account starts again from none; the client still has its four failures
    assert attempt(counter, accounts_db, "so.tc", "sai", "10.0.0.7") == (None, WRONG_SIGN_IN)
    assert attempt(counter, accounts_db, "khac", "sai")[1] == throttle.wait_message(900)


def test_nothing_typed_is_kept_in_plain_text(counter, accounts_db):
    attempt(counter, accounts_db, "mat-khau-go-nham", "sai")
    raw = counter.path.read_bytes() + b"".join(
        p.read_bytes() for p in counter.path.parent.glob("*.signin.sqlite-wal")
    )
    assert b"mat-khau-go-nham" not in raw and b"10.0.0.1" not in raw
    con = sqlite3.connect(counter.path)
    assert con.execute("pragma journal_mode").fetchone() == ("wal",)
    con.close()


def _fail_twice(path: str, start) -> None:
    start.wait()  # every process at once, on a file none of them has made yet
    counter = SignInThrottle(path, limit=5, window_seconds=900)
    counter.record_failure("so.tc", "x")
    counter.record_failure("so.tc", "y")


def test_processes_share_one_count(tmp_path):
    # three rounds of six processes on a new file: SQLite refused all but one of the
    # processes that switched a new file to WAL at the same moment (5 of 90 failed)
    spawn = multiprocessing.get_context("spawn")
    for round_ in range(3):
        path = tmp_path / f"round{round_}.signin.sqlite"
        start = spawn.Barrier(6)
        processes = [spawn.Process(target=_fail_twice, args=(str(path), start)) for _ in range(6)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(60)
        assert [process.exitcode for process in processes] == [0] * 6
        counter = SignInThrottle(path, limit=12, window_seconds=900)
        assert counter.wait_seconds("so.tc", "z") > 0  # 12 failures from 6 processes
        assert SignInThrottle(path, limit=13, window_seconds=900).wait_seconds("so.tc", "z") == 0


def test_messages_follow_the_glossary():
    for text in (WRONG_SIGN_IN, throttle.wait_message(60)):
        assert not wording_problems(text), wording_problems(text)
