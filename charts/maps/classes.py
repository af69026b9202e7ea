"""Charts layer, no Streamlit: what the map is coloured by, and the classes of values that share a colour.

A class holds the same values at every report date: the breaks are drawn from all of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import formats
from queries.indicators import INDICATORS_BY_KEY
from vocabulary import CONSOLIDATION_SHORT, FORMER_CENTRES, SERVERS_TO_CHANGE

_REMAINING, _BASELINE, _CONSOLIDATION = (
    INDICATORS_BY_KEY[key].label
    for key in ("servers_remaining", "servers_baseline", "consolidation_pct")
)

ZERO_COLOUR = "#eceff1"
UNDEFINED_COLOUR = "#c9ced3"

# Light to dark; the number of classes decides which of them are used.
REDS = ("#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# Consolidation: red (little done) to green (all done), one colour per fixed class.
PROGRESS = ("#d73027", "#fc8d59", "#fee08b", "#d9ef8b", "#91cf60", "#1a9850")


@dataclass(frozen=True)
class Measure:
    """What the map can be coloured by: a column of `queries.map.commune_measures`."""

    key: str
    label: str
    short: str  # on the measure's button
    unit: str  # count | pct | vnd
    legend_title: str
    colours: tuple[str, ...]
    help: str


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "servers_remaining",
            _REMAINING,
            "Máy chủ còn lại",
            "count",
            f"{_REMAINING} (máy)",
            REDS,
            f"Máy chủ (vật lý, ảo) của các đơn vị không phải {FORMER_CENTRES}, đang hoạt động "
            "hoặc không sử dụng, đặt tại xã, phường.",
        ),
        Measure(
            "servers_baseline",
            _BASELINE,
            "Máy chủ ban đầu",
            "count",
            f"{_BASELINE} (máy)",
            BLUES,
            "Máy chủ riêng lẻ trong lần báo cáo đầu tiên của mỗi đơn vị (rà soát hiện trạng).",
        ),
        Measure(
            "consolidation_pct",
            _CONSOLIDATION,
            CONSOLIDATION_SHORT,
            "pct",
            f"{_CONSOLIDATION} (%)",
            PROGRESS,
            f"Máy chủ riêng lẻ đã xử lý trên tổng số {SERVERS_TO_CHANGE} (hợp nhất, chuyển "
            "lên đám mây hoặc loại bỏ), đặt tại xã, phường.",
        ),
        Measure(
            "cost_remaining_vnd",
            "Chi phí vận hành riêng lẻ còn lại/năm",
            "Chi phí còn lại/năm",
            "vnd",
            "Chi phí vận hành riêng lẻ còn lại (triệu đồng/năm)",
            REDS,
            "Chi phí vận hành/năm của thiết bị riêng lẻ (máy chủ, lưu trữ) còn hoạt động hoặc "
            "không sử dụng, đặt tại xã, phường.",
        ),
    )
}

# What each button means, for the help of the measure's control.
MEASURES_HELP = "\n\n".join(f"**{m.short}**: {m.help}" for m in MEASURES.values())


@dataclass(frozen=True)
class MapClass:
    """One colour of the map: the values from `low` to `high` and how the legend names them.

    `low_open` / `high_open` leave that bound out. `low` None is the class of undefined values
    (a percentage with nothing to change).
    """

    label: str
    colour: str
    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def holds(self, value: float | None) -> bool:
        """True when `value` falls in this class."""
        if self.low is None or value is None:
            return self.low is None and value is None
        if value < self.low or (self.low_open and value == self.low):
            return False
        return not (value > self.high or (self.high_open and value == self.high))


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 3, 5 × 10^k that is ≥ value (value > 0)."""
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 3, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10 ** (exponent + 1))


def _quantile(sorted_values: list[float], q: float) -> float:
    # nearest rank: a value that occurs, so a break never falls between identical counts
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


def _pick_colours(ramp: tuple[str, ...], n: int) -> list[str]:
    if n == 1:
        return [ramp[len(ramp) // 2]]
    return [ramp[round(i * (len(ramp) - 1) / (n - 1))] for i in range(n)]


def class_breaks(measure: str, values: list[float | None]) -> list[MapClass]:
    """The map's classes for a measure, from its values at EVERY report date.

    Drawn once from all dates, so a colour means the same thing whichever date is shown.
    Percentages have fixed classes (dưới 20%, …, 100%, undefined). Counts and money get a
    "0" class, then up to five classes whose upper bounds are the 20/40/60/80% quantiles
    and the maximum of the positive values, rounded up to 1, 2, 3 or 5 × 10^k.
    """
    spec = MEASURES[measure]
    if spec.unit == "pct":
        lows = (0, 20, 40, 60, 80)
        classes = [
            MapClass(
                f"Dưới {high}{formats.PERCENT}"
                if low == 0
                else f"{low} – dưới {high}{formats.PERCENT}",
                colour,
                low,
                high,
                high_open=True,
            )
            for low, high, colour in zip(lows, (*lows[1:], 100), spec.colours, strict=False)
        ]
        classes.append(MapClass(f"100{formats.PERCENT}", spec.colours[5], 100, 100))
        classes.append(MapClass("Không xác định (–)", UNDEFINED_COLOUR, None, None))
        return classes
    positive = sorted(v for v in values if v is not None and v > 0)
    classes = [MapClass("0", ZERO_COLOUR, 0, 0)]
    if not positive:
        return classes
    uppers = sorted(
        {_nice_ceiling(_quantile(positive, q)) for q in (0.2, 0.4, 0.6, 0.8)}
        | {_nice_ceiling(positive[-1])}
    )
    colours = _pick_colours(spec.colours, len(uppers))
    decimals = _decimals_in_millions(uppers)
    low = 0.0
    for index, (high, colour) in enumerate(zip(uppers, colours, strict=True)):
        top = index == len(uppers) - 1  # open-ended: the maximum rounded up is no real bound
        if spec.unit == "count":  # whole servers: "1–2", "3", "4–5", "6 trở lên"
            first = int(low) + 1
            label = formats.format_number(first)
            if top and high > first:
                label += " trở lên"
            elif high > first:
                label += f"–{formats.format_number(high)}"
            classes.append(MapClass(label, colour, first, math.inf if top else high))
        else:  # money, from just above one bound to the next, in millions
            low_text = formats.format_number(low / 1_000_000, decimals)
            high_text = formats.format_number(high / 1_000_000, decimals)
            if low == 0:
                label = "Trên 0" if top else f"Đến {high_text}"
            else:
                label = f"Trên {low_text}" if top else f"{low_text}–{high_text}"
            classes.append(MapClass(label, colour, low, math.inf if top else high, low_open=True))
        low = high
    return classes


def _decimals_in_millions(uppers: list[float]) -> int:
    # enough decimals that the smallest bound reads right in millions (0,5 rather than 1)
    smallest = min(uppers) / 1_000_000
    return 0 if smallest >= 1 else min(3, -math.floor(math.log10(smallest)))


def classify(value: float | None, classes: list[MapClass]) -> int:
    """The index of the class that holds `value` (the classes cover every value)."""
    for index, map_class in enumerate(classes):
        if map_class.holds(value):
            return index
    raise ValueError(f"Giá trị {value!r} nằm ngoài các lớp của bản đồ")
