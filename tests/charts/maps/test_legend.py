"""The map's legend: a row per class with its communes, escaped HTML, the note and the totals."""

from __future__ import annotations

from charts.maps import legend
from charts.maps.classes import class_breaks


def test_legend_counts_communes_per_class():
    classes = class_breaks("servers_remaining", [0, 1, 5])
    rows = legend.legend_rows([0, 0, 1, 5, 5, 5], classes)
    assert [(r["label"], r["communes"]) for r in rows] == [("0", 2), ("1", 1), ("2 trở lên", 3)]
    html = legend.legend_html("Máy chủ <còn lại>", rows, note="Ghi chú")
    assert "Máy chủ &lt;còn lại&gt;" in html and "Ghi chú" in html
    assert "xã, phường" in html


def test_legend_note_explains_undefined_only_for_percentages():
    assert "Không xác định" in legend.legend_note("consolidation_pct")
    assert "Không xác định" not in legend.legend_note("servers_remaining")


def test_totals_text():
    totals = {
        "servers_remaining": 1234,
        "servers_baseline": 2000,
        "communes_with_servers": 12,
        "consolidation_pct": 38.3,
        "cost_remaining_vnd": 1_250_000_000.0,
    }
    assert legend.totals_text(totals) == (
        "Trên bản đồ: 1.234 máy chủ riêng lẻ còn lại / 2.000 ban đầu, ở 12 xã, phường; "
        "tiến độ hợp nhất 38,3%; chi phí vận hành riêng lẻ còn lại 1,3 tỷ đồng/năm."
    )
