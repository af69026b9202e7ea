"""accounts/passwords.py: hashes, checks, and the check of a name nobody has."""

from __future__ import annotations

from accounts import passwords


def test_a_password_matches_its_hash_only():
    stored = passwords.hash_password("mật khẩu đủ dài")
    assert passwords.verify_password(stored, "mật khẩu đủ dài")
    assert not passwords.verify_password(stored, "mật khẩu khác")


def test_an_unknown_name_is_refused_even_with_the_stand_in_hash_s_own_password():
    # the stand-in hash only spends a check's time: a name without a hash never signs in
    assert not passwords.verify_password(None, "không có tài khoản này")


def test_the_stand_in_hash_costs_what_a_real_one_costs():
    # made with today's parameters, so an unknown name takes a real check's time; if the
    # hasher's parameters change, write the constant out again
    assert passwords._HASHER.verify(passwords.UNKNOWN_NAME_HASH, "không có tài khoản này")
    assert not passwords.needs_rehash(passwords.UNKNOWN_NAME_HASH)
