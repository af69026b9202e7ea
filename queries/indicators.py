"""The indicators of spec/kpis.md as data, and the pure arithmetic they share; no SQL, no Streamlit.

This is the one place that holds the indicators' keys, Vietnamese labels and units, in
kpis.md order, and the one place that turns a numerator and denominator into a percentage.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

# The straight-line consolidation schedule of spec/kpis.md (agencies_at_risk): its one home is
# vocabulary.py, which the demo shares; importable from here as before.
from vocabulary import SCHEDULE_END, SCHEDULE_START

Unit = Literal["pct", "count", "vnd", "tb"]


@dataclass(frozen=True)
class Indicator:
    """One indicator of spec/kpis.md: its key (as in JSON), Vietnamese label and unit."""

    key: str
    label: str
    unit: Unit


INDICATORS: tuple[Indicator, ...] = (
    Indicator("plans_submitted_pct", "Tỷ lệ đơn vị đã gửi phương án", "pct"),
    Indicator("plans_approved_pct", "Tỷ lệ phương án đã phê duyệt", "pct"),
    Indicator("reported_this_half_pct", "Tỷ lệ đơn vị đã báo cáo trong kỳ", "pct"),
    Indicator("servers_baseline", "Máy chủ riêng lẻ ban đầu", "count"),
    Indicator("servers_remaining", "Máy chủ riêng lẻ còn lại", "count"),
    Indicator("consolidation_pct", "Tiến độ hợp nhất máy chủ", "pct"),
    Indicator("agencies_done", "Đơn vị đã hoàn thành hợp nhất", "count"),
    Indicator("storage_moved_tb", "Dung lượng lưu trữ đã chuyển (TB)", "tb"),
    Indicator("systems_migrated_pct", "Tỷ lệ hệ thống đã chuyển đổi", "pct"),
    Indicator("ndxp_connected_pct", "Tỷ lệ hệ thống kết nối NDXP/LGSP", "pct"),
    Indicator("cloud_share_pct", "Tỷ lệ hệ thống trên đám mây, Trung tâm Dữ liệu quốc gia", "pct"),
    Indicator("tslcd_connected_pct", "Tỷ lệ đơn vị kết nối mạng TSLCD", "pct"),
    Indicator("soc_monitored_pct", "Tỷ lệ máy chủ được giám sát ATTT tập trung", "pct"),
    Indicator("backup_central_pct", "Tỷ lệ sao lưu tập trung", "pct"),
    Indicator("annual_cost_baseline_vnd", "Chi phí vận hành riêng lẻ ban đầu/năm", "vnd"),
    Indicator("savings_realised_vnd", "Tiết kiệm thực tế/năm", "vnd"),
    Indicator("savings_planned_vnd", "Tiết kiệm dự kiến/năm", "vnd"),
    Indicator("agencies_at_risk", "Đơn vị chậm tiến độ", "count"),
)
INDICATORS_BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}


def percentage(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator as a percentage 0–100, rounded half up to one decimal.

    Rounded from the exact ratio (a Fraction, not a float), so 1/16 = 6,25 % gives 6.3.
    None when the denominator is 0: an undefined ratio is neither 0 % nor 100 %.
    """
    if not denominator:
        return None
    exact = Fraction(int(numerator) * 100, int(denominator))
    # Half up on tenths: floor(x·10 + ½) / 10 (the ratio is never negative).
    tenths = math.floor(exact * 10 + Fraction(1, 2))
    return tenths / 10


def scheduled_fraction(as_of: dt.date) -> Fraction:
    """The share of an agency's servers to change that should be done by `as_of`, exactly.

    Straight line from 0 on 31/03/2026 to 1 on 31/12/2026, clamped to 0 before and 1 after.
    """
    if as_of <= SCHEDULE_START:
        return Fraction(0)
    if as_of >= SCHEDULE_END:
        return Fraction(1)
    return Fraction((as_of - SCHEDULE_START).days, (SCHEDULE_END - SCHEDULE_START).days)


def schedule_parameters(as_of: dt.date) -> dict[str, int]:
    """`scheduled_fraction(as_of)` as the parameters $schedule_num and $schedule_den of the SQL.

    db/schema.sql's agency_risk compares with them exactly, by cross-multiplication.
    """
    fraction = scheduled_fraction(as_of)
    return {"schedule_num": fraction.numerator, "schedule_den": fraction.denominator}
