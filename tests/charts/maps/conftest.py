"""Frames like `queries.map.commune_measures`, built from data/communes.csv, for the map's tests."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from settings import DATA_DIR


def _commune_measures(values: dict[str, dict]) -> pl.DataFrame:
    with open(DATA_DIR / "communes.csv", encoding="utf-8") as handle:
        communes = list(csv.DictReader(handle))
    rows = []
    for commune in communes:
        row = {
            "code": commune["code"],
            "name": commune["name"],
            "full_name": commune["full_name"],
            "commune_type": commune["type"],
            "former_province": commune["former_province"],
            "lat": float(commune["lat"]),
            "lon": float(commune["lon"]),
            "assets_placed": 0,
            "servers_baseline": 0,
            "servers_remaining": 0,
            "servers_changed": 0,
            "servers_to_change": 0,
            "cost_remaining_vnd": 0.0,
            "agencies_with_servers": [],
            "consolidation_pct": None,
        }
        rows.append(row | values.get(commune["code"], {}))
    return pl.DataFrame(rows, schema_overrides={"consolidation_pct": pl.Float64})


@pytest.fixture
def commune_measures():
    """Build the frame: every commune at zero unless `values` ({code: {column: value}}) says."""
    return _commune_measures


@pytest.fixture
def measures():
    """Phường Bắc Giang (07210) with 3 servers left of 1.234 and six agencies; the rest zero."""
    return _commune_measures(
        {
            "07210": {
                "servers_remaining": 3,
                "servers_baseline": 1234,
                "servers_changed": 1,
                "servers_to_change": 3,
                "consolidation_pct": 33.3,
                "cost_remaining_vnd": 1_250_000_000.0,
                "agencies_with_servers": ["Sở A", "Sở B", "Sở C", "Sở D", "Sở <E>", "Sở F"],
            }
        }
    )
