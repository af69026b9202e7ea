"""One commune's figures as text: the summary behind the tooltip and tiles, and its two tables."""

from __future__ import annotations

import polars as pl

from charts.maps import commune


def test_details_of_a_commune(measures):
    assert commune.commune_details(measures, "07210") == {
        "code": "07210",
        "name": "Phường Bắc Giang",
        "kind": "Phường",
        "province": "Bắc Giang",
        "remaining": "3",
        "baseline": "1.234",
        "pct": "33,3%",
        "cost": "1,3 tỷ đồng",
        "agencies": "Sở A, Sở B, Sở C, Sở D và 2 đơn vị khác",
    }
    # a commune with no server left names no agency
    assert commune.commune_details(measures, "09187")["agencies"] == "–"
    assert [field for _, field, _ in commune.DETAIL_TILES] == [
        "remaining",
        "baseline",
        "pct",
        "cost",
    ]


def test_tables_of_a_commune():
    agencies = pl.DataFrame(
        {
            "agency_code": ["SO-TC"],
            "name": ["Sở Tài chính"],
            "kind": ["department"],
            "seated_here": [True],
            "latest_inventory_date": [None],
            "assets_here": [3],
            "servers_here": [2],
            "servers_running_here": [1],
            "cost_running_vnd": [20_000_000.0],
        }
    )
    assert commune.agencies_table(agencies).row(0) == (
        "Sở Tài chính (SO-TC)",
        "Sở, ban, ngành",
        "Có",
        "3",
        "2",
        "1",
        "20,0 triệu đồng",
        "Chưa báo cáo",
    )
