"""accounts/passwords.py: hashes, checks, and the check of a name nobody has."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from accounts import passwords

ROOT = Path(__file__).resolve().parents[2]


def test_a_password_matches_its_hash_only():
    stored = passwords.hash_password("mật khẩu đủ dài")
    assert passwords.verify_password(stored, "mật khẩu đủ dài")
    assert not passwords.verify_password(stored, "mật khẩu khác")


def test_an_unknown_name_is_refused_even_with_the_stand_in_hash_s_own_password():
    # the stand-in hash only spends a check's time: a name without a hash never signs in
    assert not passwords.verify_password(None, "không có tài khoản này")
    assert passwords._unknown_name_hash() is passwords._unknown_name_hash()


def test_importing_the_module_hashes_nothing():
    # a hash takes a fifth of a second: not on every process's first page
    probe = (
        "from accounts import passwords\n"
        "print(passwords._unknown_name_hash.cache_info().currsize)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
