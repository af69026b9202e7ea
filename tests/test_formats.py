"""Vietnamese formats: dot thousands, comma decimals, half-up rounding, "–" for no value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from formats import format_date, format_delta, format_kpi, format_number, format_pct, format_vnd


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        pytest.param(1234567, 0, "1.234.567", id="millions-dot-thousands"),
        pytest.param(1234.5, 1, "1.234,5", id="comma-decimal"),
        pytest.param(999, 0, "999", id="no-separator-below-1000"),
        pytest.param(0, 0, "0", id="zero"),
        pytest.param(0, 1, "0,0", id="zero-one-decimal"),
        pytest.param(2.5, 0, "3", id="half-up-not-to-even"),
        pytest.param(6.25, 1, "6,3", id="6.25-half-up"),
        pytest.param(1.005, 2, "1,01", id="half-up-as-written-not-binary"),
        pytest.param(-1234567.25, 1, "-1.234.567,3", id="negative-half-away"),
        pytest.param(-0.04, 1, "0,0", id="negative-rounding-to-zero-has-no-sign"),
        pytest.param(Decimal("12345.678"), 2, "12.345,68", id="decimal-input"),
        pytest.param(None, 0, "–", id="none-is-dash"),
    ],
)
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(6.25, "6,3%", id="half-up"),
        pytest.param(100, "100,0%", id="hundred"),
        pytest.param(0.0, "0,0%", id="zero-is-shown"),
        pytest.param(None, "–", id="undefined"),
    ],
)
def test_format_pct(value, text):
    assert format_pct(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(12_500_000_000, "12,5 tỷ đồng", id="billions"),
        pytest.param(1_000_000_000, "1,0 tỷ đồng", id="one-billion"),
        pytest.param(1_234_567_890_123, "1.234,6 tỷ đồng", id="thousands-of-billions"),
        pytest.param(350_000_000, "350,0 triệu đồng", id="millions"),
        pytest.param(999_940_000, "999,9 triệu đồng", id="just-below-billion"),
        pytest.param(999_960_000, "1,0 tỷ đồng", id="rounds-up-to-a-billion"),
        pytest.param(500_000, "0,5 triệu đồng", id="below-a-million"),
        pytest.param(0, "0,0 triệu đồng", id="zero"),
        pytest.param(-14_200_000.0, "-14,2 triệu đồng", id="negative-millions"),
        pytest.param(-2_500_000_000.0, "-2,5 tỷ đồng", id="negative-billions"),
        pytest.param(None, "–", id="undefined"),
    ],
)
def test_format_vnd(value, text):
    assert format_vnd(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(dt.date(2026, 12, 31), "31/12/2026", id="date"),
        pytest.param(dt.date(2026, 3, 5), "05/03/2026", id="zero-padded"),
        pytest.param(dt.datetime(2026, 7, 1, 14, 30), "01/07/2026", id="datetime-drops-time"),
        pytest.param(None, "–", id="none"),
    ],
)
def test_format_date(value, text):
    assert format_date(value) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        pytest.param(66.7, "pct", "66,7%", id="pct"),
        pytest.param(None, "pct", "–", id="pct-undefined"),
        pytest.param(1234, "count", "1.234", id="count"),
        pytest.param(102_750_000.0, "vnd", "102,8 triệu đồng", id="vnd"),
        pytest.param(25.5, "tb", "25,5", id="tb"),
        pytest.param(None, "count", "–", id="count-none"),
    ],
)
def test_format_kpi_dispatches_on_unit(value, unit, text):
    assert format_kpi(value, unit) == text


def test_format_kpi_refuses_an_unknown_unit():
    with pytest.raises(ValueError, match="Đơn vị"):
        format_kpi(1, "usd")


@pytest.mark.parametrize(
    ("value", "previous", "unit", "expected"),
    [
        pytest.param(56.3, 50.0, "pct", "+6,3 điểm phần trăm", id="pct-up-points"),
        pytest.param(40.0, 50.0, "pct", "-10,0 điểm phần trăm", id="pct-down"),
        pytest.param(50.0, 50.0, "pct", "0,0 điểm phần trăm", id="pct-unchanged"),
        pytest.param(1200, 1500, "count", "-300", id="count-down"),
        pytest.param(2_500_000_000, 1_000_000_000, "vnd", "+1,5 tỷ đồng", id="vnd-up"),
        pytest.param(12.5, 10.0, "tb", "+2,5", id="tb-up"),
        pytest.param(None, 50.0, "pct", None, id="undefined-now"),
        pytest.param(50.0, None, "pct", None, id="undefined-before"),
    ],
)
def test_format_delta(value, previous, unit, expected):
    assert format_delta(value, previous, unit) == expected
