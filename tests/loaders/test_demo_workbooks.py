"""The demo's workbooks (loaders/demo_workbooks.py): values typed the way agencies type them."""

from __future__ import annotations

import pytest

from loaders.demo_workbooks import _vn_number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (45_000_000, "45.000.000"),
        (2.4, "2,4"),
        (1234.5, "1.234,5"),
        (0, "0"),
        (7.0, "7"),
        (-1.5, "-1,5"),
    ],
    ids=["thousands", "decimal", "both", "zero", "whole-float", "negative"],
)
def test_numbers_typed_the_vietnamese_way(value, text):
    assert _vn_number(value) == text
