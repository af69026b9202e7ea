"""Charts layer, no Streamlit: one commune's figures as Vietnamese text, for the tooltip, tiles and tables."""

from __future__ import annotations

from typing import Any

import polars as pl

import formats
from charts.maps.classes import MEASURES
from vocabulary import (
    AGENCY_KINDS,
    ASSET_MODEL,
    ASSET_PLANS,
    ASSET_STATUSES,
    ASSET_TYPES,
    COMMUNE_TYPES,
    NO_PLAN_LABEL,
)

# A selected commune's tiles: label, field of `commune_summary`, help.
DETAIL_TILES = tuple(
    (label(MEASURES[measure]), field, MEASURES[measure].help)
    for measure, field, label in (
        ("servers_remaining", "remaining", lambda m: m.label),
        ("servers_baseline", "baseline", lambda m: m.label),
        ("consolidation_pct", "pct", lambda m: m.label),
        ("cost_remaining_vnd", "cost", lambda m: m.short),
    )
)


def _agencies_text(names: list[str], limit: int = 4) -> str:
    if not names:
        return "–"
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} và {len(names) - limit} đơn vị khác"


def commune_summary(row: dict[str, Any]) -> dict[str, str]:
    """A commune's measures as text, formatted in Vietnamese: the tooltip's fields and the
    page's tiles."""
    return {
        "code": row["code"],
        "name": row["full_name"],
        "kind": COMMUNE_TYPES.get(row["commune_type"], row["commune_type"]),
        "province": row["former_province"],
        "remaining": formats.format_number(row["servers_remaining"]),
        "baseline": formats.format_number(row["servers_baseline"]),
        "pct": formats.format_pct(row["consolidation_pct"]),
        "cost": formats.format_vnd(row["cost_remaining_vnd"]),
        "agencies": _agencies_text(list(row["agencies_with_servers"] or [])),
    }


def commune_details(measures: pl.DataFrame, code: str) -> dict[str, str]:
    """`commune_summary` of one commune of the frame of `queries.map.commune_measures`."""
    return commune_summary(measures.row(by_predicate=pl.col("code") == code, named=True))


def agencies_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The agencies of a commune (`queries.map.commune_agencies`): Vietnamese headers, text."""
    columns = {
        "Đơn vị": [
            f"{name} ({code})"
            for name, code in zip(frame["name"], frame["agency_code"], strict=True)
        ],
        "Nhóm": [AGENCY_KINDS.get(k, k) for k in frame["kind"]],
        "Trụ sở tại đây": ["Có" if s else "Không" for s in frame["seated_here"]],
        "Thiết bị": [formats.format_number(v) for v in frame["assets_here"]],
        "Máy chủ": [formats.format_number(v) for v in frame["servers_here"]],
        "Máy chủ còn hoạt động": [formats.format_number(v) for v in frame["servers_running_here"]],
        "Chi phí còn lại/năm": [formats.format_vnd(v) for v in frame["cost_running_vnd"]],
        "Báo cáo gần nhất": [
            formats.format_date(d) if d else "Chưa báo cáo" for d in frame["latest_inventory_date"]
        ],
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def assets_table(frame: pl.DataFrame) -> pl.DataFrame:
    """The assets placed in a commune, with Vietnamese headers and labels."""
    columns = {
        "Đơn vị": frame["agency_name"].to_list(),
        "Mã tài sản": frame["asset_code"].to_list(),
        "Loại thiết bị": [ASSET_TYPES.get(t, t) for t in frame["asset_type"]],
        ASSET_MODEL: [m or "–" for m in frame["model"]],
        "Nhân CPU": [formats.format_number(v) for v in frame["cpu_cores"]],
        "RAM (GB)": [formats.format_number(v) for v in frame["ram_gb"]],
        "Lưu trữ (TB)": [formats.format_number(v, 1) for v in frame["storage_tb"]],
        "Chi phí/năm": [formats.format_vnd(v) for v in frame["annual_cost_vnd"]],
        "Hiện trạng": [ASSET_STATUSES.get(s, s) for s in frame["status"]],
        "Phương án": [ASSET_PLANS.get(p, p) if p else NO_PLAN_LABEL for p in frame["plan"]],
        "Thời hạn": [formats.format_date(d) for d in frame["target_date"]],
        "Ngày số liệu": [formats.format_date(d) for d in frame["report_date"]],
    }
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})
