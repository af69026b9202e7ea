"""The look of every chart: Vietnamese number separators, fonts, and the colours of each status.

One place for colours and formats, so a status has the same colour on every page, in the
slides and on the map.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

# Noto Sans has every Vietnamese glyph (Debian fonts-noto-core on the server, for exports).
FONT_FAMILY = "Noto Sans, Source Sans Pro, Arial, sans-serif"
# Plotly's separators: decimal then thousands, "1.234,5".
SEPARATORS = ",."

# Plotly's own words in the browser (its toolbar's tooltips, its notices, the names of days and
# months on a date axis), given with each chart's config as the locale "vi": plotly.js's own
# Vietnamese locale has no words for its toolbar. The buttons and notices these pages' charts
# can show (and "Reset view(s)", a map's and a 3D chart's); a key is plotly.js's English text.
PLOTLY_LOCALE = "vi"
PLOTLY_WORDS = {
    "Download plot as a PNG": "Tải ảnh biểu đồ (PNG)",
    "Download plot": "Tải ảnh biểu đồ",
    "Zoom": "Phóng to vùng chọn",
    "Pan": "Kéo biểu đồ",
    "Box Select": "Chọn theo hình chữ nhật",
    "Lasso Select": "Chọn theo đường vẽ tự do",
    "Zoom in": "Phóng to",
    "Zoom out": "Thu nhỏ",
    "Autoscale": "Tự động điều chỉnh tỉ lệ",
    "Reset axes": "Đặt lại các trục",
    "Reset view": "Đặt lại khung nhìn",
    "Reset views": "Đặt lại khung nhìn",
    "Reset": "Đặt lại",
    "Toggle Spike Lines": "Bật/tắt đường gióng",
    "Show closest data on hover": "Di chuột: số liệu gần nhất",
    "Compare data on hover": "Di chuột: so sánh số liệu",
    "Toggle show closest data on hover": "Bật/tắt số liệu gần nhất khi di chuột",
    "Double-click to zoom back out": "Nhấp đúp để trở lại như cũ",
    "Preparing image - this may take a few seconds": "Đang chuẩn bị ảnh, có thể mất vài giây",
    "Image download succeeded": "Đã tải ảnh xuống",
    "Sorry, there was a problem downloading your image!": "Không tải được ảnh. Đề nghị thử lại.",
}
PLOTLY_FORMAT = {  # plotly.js's lib/locales/vi.js
    "days": ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [
        "Tháng Một",
        "Tháng Hai",
        "Tháng Ba",
        "Tháng Tư",
        "Tháng Năm",
        "Tháng Sáu",
        "Tháng Bảy",
        "Tháng Tám",
        "Tháng Chín",
        "Tháng Mười",
        "Tháng Mười Một",
        "Tháng Mười Hai",
    ],
    "shortMonths": [f"Tháng {n}" for n in range(1, 13)],
    "date": "%d/%m/%Y",
}


def plotly_config(**options: Any) -> dict[str, Any]:
    """A page's Plotly config: no Plotly logo, Plotly's own words in Vietnamese (the locale
    "vi"), and `options` (Plotly's config names)."""
    return {
        "displaylogo": False,
        "locale": PLOTLY_LOCALE,
        "locales": {PLOTLY_LOCALE: {"dictionary": PLOTLY_WORDS, "format": PLOTLY_FORMAT}},
        **options,
    }


PRIMARY = "#1f4e79"
MUTED = "#9aa5b1"
TARGET = "#c0392b"

# Progress statuses (milestones, agencies).
STATUS_COLOURS = {
    "đạt": "#2e7d32",
    "đúng tiến độ": "#1f77b4",
    "chậm": "#c62828",
    "chưa đến hạn": "#9e9e9e",
}
AGENCY_KIND_COLOURS = {
    "department": "#1f4e79",
    "police": "#6a1b9a",
    "data_centre": "#00838f",
    "commune": "#ef6c00",
}
ASSET_STATUS_COLOURS = {
    "active": "#c62828",
    "idle": "#f9a825",
    "consolidated": "#2e7d32",
    "cloud": "#1565c0",
    "decommissioned": "#757575",
}
MIGRATION_STAGE_COLOURS = {
    "planned": "#bdbdbd",
    "migrating": "#f9a825",
    "migrated": "#64b5f6",
    "accepted": "#1e88e5",
    "legacy_off": "#2e7d32",
}


def apply_theme(
    figure: go.Figure,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    *,
    height: int = 420,
) -> go.Figure:
    """Give a figure the dashboard's look: Vietnamese title and axes, ',' decimals, no k/M/G."""
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=SEPARATORS,
        font={"family": FONT_FAMILY, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    # ",d" / ",.1f": full numbers with '.' thousands, never 1.2k
    figure.update_xaxes(
        title_text=x_title,
        showgrid=False,
        exponentformat="none",
        separatethousands=True,
        automargin=True,
    )
    figure.update_yaxes(
        title_text=y_title,
        gridcolor="#eceff1",
        exponentformat="none",
        separatethousands=True,
        automargin=True,
    )
    return figure


# Below this largest value an axis of counts ticks every unit: Plotly would tick 0,2; 0,4; …
# and the whole-number format then prints them "0, 0, 0, 1, 1, 1".
UNIT_TICKS_BELOW = 10


def whole_number_ticks(maximum: float | None) -> dict[str, Any]:
    """An axis of counts (update_xaxes/update_yaxes settings): whole numbers from 0, and a tick
    at every unit when `maximum`, the largest value drawn, is small."""
    ticks: dict[str, Any] = {"tickformat": ",d", "rangemode": "tozero"}
    if maximum is None or maximum < UNIT_TICKS_BELOW:
        ticks |= {"tick0": 0, "dtick": 1}
    return ticks
