"""Charts layer, no Streamlit: the map's legend, beside the map (which draws none), and the totals under it."""

from __future__ import annotations

import html
from typing import Any

import formats
from charts.maps.classes import MEASURES, MapClass, classify
from vocabulary import SERVERS_TO_CHANGE


def legend_rows(values: list[float | None], classes: list[MapClass]) -> list[dict[str, Any]]:
    """One row per class: label, colour (hex) and how many communes it holds now."""
    counts = [0] * len(classes)
    for value in values:
        counts[classify(value, classes)] += 1
    return [
        {"label": c.label, "colour": c.colour, "communes": n}
        for c, n in zip(classes, counts, strict=True)
    ]


def legend_html(title: str, rows: list[dict[str, Any]], note: str = "") -> str:
    """The legend as a small HTML block: a swatch, a range, a count."""
    items = "".join(
        "<div style='display:flex;align-items:center;gap:.5rem;margin:.2rem 0'>"
        f"<span style='display:inline-block;width:1.6rem;height:1rem;background:{row['colour']};"
        "border:1px solid #90a4ae'></span>"
        f"<span style='flex:1'>{html.escape(row['label'])}</span>"
        f"<span style='color:#607d8b'>{formats.format_number(row['communes'])} xã, phường</span>"
        "</div>"
        for row in rows
    )
    caption = (
        f"<div style='color:#607d8b;font-size:.8rem;margin-top:.4rem'>{html.escape(note)}</div>"
        if note
        else ""
    )
    return (
        f"<div style='font-size:.9rem'><div style='font-weight:600;margin-bottom:.3rem'>"
        f"{html.escape(title)}</div>{items}{caption}</div>"
    )


def legend_note(measure: str) -> str:
    """The line under the legend: why the classes do not move, and what "–" means."""
    note = "Các ngưỡng giữ nguyên ở mọi ngày số liệu để so sánh được giữa các ngày."
    if MEASURES[measure].unit == "pct":
        note += f" Không xác định: không có {SERVERS_TO_CHANGE}."
    return note


def totals_text(totals: dict[str, Any]) -> str:
    """The map's totals in one sentence (`queries.map.totals`), under the legend."""
    return (
        f"Trên bản đồ: {formats.format_number(totals['servers_remaining'])} máy chủ riêng lẻ "
        f"còn lại / {formats.format_number(totals['servers_baseline'])} ban đầu, ở "
        f"{formats.format_number(totals['communes_with_servers'])} xã, phường; tiến độ hợp "
        f"nhất {formats.format_pct(totals['consolidation_pct'])}; chi phí vận hành riêng lẻ "
        f"còn lại {formats.format_vnd(totals['cost_remaining_vnd'])}/năm."
    )
