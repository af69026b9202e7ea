"""The map's queries: one row per commune, measures that add up to the province's indicators."""

from __future__ import annotations

import datetime as dt

import pytest

from queries import compute_kpis
from queries import map as map_queries
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.queries.conftest import read_only

BAC_GIANG, KINH_BAC = "07210", "09187"  # where the fixture's assets are placed
MEASURE_COLUMNS = ["servers_remaining", "servers_baseline", "consolidation_pct"]


def _by_code(frame, code: str) -> dict:
    return frame.filter(frame["code"] == code).row(0, named=True)


def test_one_row_per_commune_in_code_order(fixture_con):
    frame = map_queries.commune_measures(fixture_con, SECOND_DATE)
    assert frame.height == 99
    assert frame["code"].to_list() == sorted(frame["code"].to_list())
    assert frame["code"].n_unique() == 99
    assert str(frame.schema["lat"]) == "Float64"  # DECIMAL would reach the map as text


def test_communes_worked_out_by_hand(fixture_con):
    # tests/conftest.py as of 30/09/2026
    frame = map_queries.commune_measures(fixture_con, SECOND_DATE)
    bac_giang = _by_code(frame, BAC_GIANG)
    # SO-TC: TC-01 consolidated, TC-02 active (both to change), TC-03 storage consolidated
    assert bac_giang["servers_remaining"] == 1
    assert bac_giang["servers_baseline"] == 2
    assert bac_giang["consolidation_pct"] == 50.0
    assert bac_giang["cost_remaining_vnd"] == 20_000_000  # TC-02 only: the others are done
    assert bac_giang["agencies_with_servers"] == ["Sở Tài chính"]
    assert bac_giang["assets_placed"] == 3
    kinh_bac = _by_code(frame, KINH_BAC)
    # UBND-09187 last reported on 31/03 (KB-01 active, to eliminate); BN-01 is a data centre's
    assert kinh_bac["servers_remaining"] == 1
    assert kinh_bac["servers_baseline"] == 1
    assert kinh_bac["consolidation_pct"] == 0.0
    assert kinh_bac["cost_remaining_vnd"] == 15_000_000
    assert kinh_bac["agencies_with_servers"] == ["UBND phường Kinh Bắc"]
    assert kinh_bac["assets_placed"] == 2
    others = frame.filter(~frame["code"].is_in([BAC_GIANG, KINH_BAC]))
    assert others["servers_remaining"].sum() == 0
    assert others["consolidation_pct"].null_count() == 97  # nothing to change: undefined, not 0 %


def test_first_date(fixture_con):
    frame = map_queries.commune_measures(fixture_con, FIRST_DATE)
    bac_giang = _by_code(frame, BAC_GIANG)
    assert bac_giang["servers_remaining"] == 2
    assert bac_giang["consolidation_pct"] == 0.0
    assert bac_giang["cost_remaining_vnd"] == 100_000_000  # TC-01 + TC-02 + TC-03 storage


@pytest.mark.parametrize("as_of", [FIRST_DATE, SECOND_DATE], ids=str)
@pytest.mark.parametrize(
    "agency_codes",
    [None, ["SO-TC"], ["UBND-09187", "TTTHDL-BN"], []],
    ids=["all", "so-tc", "kinh-bac", "none"],
)
def test_totals_are_the_indicators(fixture_con, as_of, agency_codes):
    totals = map_queries.totals(map_queries.commune_measures(fixture_con, as_of, agency_codes))
    kpis = compute_kpis(fixture_con, as_of, agency_codes)
    for key in MEASURE_COLUMNS:
        assert totals[key] == kpis[key], key


def test_type_and_name_change_on_20_september(fixture_con):
    # Xã Bố Hạ became a ward on 20/09/2026
    before = _by_code(map_queries.commune_measures(fixture_con, dt.date(2026, 9, 19)), "07294")
    after = _by_code(map_queries.commune_measures(fixture_con, dt.date(2026, 9, 20)), "07294")
    assert (before["commune_type"], before["full_name"]) == ("xa", "Xã Bố Hạ")
    assert (after["commune_type"], after["full_name"]) == ("phuong", "Phường Bố Hạ")


def test_asset_filters(fixture_con):
    consolidated = map_queries.commune_measures(fixture_con, SECOND_DATE, statuses=["consolidated"])
    assert consolidated["servers_remaining"].sum() == 0
    assert _by_code(consolidated, BAC_GIANG)["consolidation_pct"] == 100.0  # TC-01 of TC-01
    storage = map_queries.commune_measures(fixture_con, FIRST_DATE, asset_types=["storage"])
    assert storage["servers_baseline"].sum() == 0
    assert _by_code(storage, BAC_GIANG)["cost_remaining_vnd"] == 30_000_000  # TC-03
    # an empty choice is no filter, as in the sidebar
    assert map_queries.commune_measures(fixture_con, SECOND_DATE, statuses=[]).equals(
        map_queries.commune_measures(fixture_con, SECOND_DATE)
    )


def test_measures_by_date_cover_every_report_date(fixture_con):
    frame = map_queries.commune_measures_by_date(fixture_con)
    assert frame.height == 2 * 99
    assert sorted(set(frame["as_of"])) == [FIRST_DATE, SECOND_DATE]
    assert frame.columns == ["as_of", "code", *map_queries.MEASURE_COLUMNS]


def test_agencies_of_a_commune(fixture_con):
    frame = map_queries.commune_agencies(fixture_con, SECOND_DATE, KINH_BAC)
    rows = {row["agency_code"]: row for row in frame.iter_rows(named=True)}
    # seated there, whether or not they reported (agencies.csv)
    assert rows["UBND-09187"]["seated_here"]
    assert rows["UBND-09187"]["latest_inventory_date"] == FIRST_DATE
    assert rows["UBND-09187"]["servers_running_here"] == 1
    assert rows["TTTHDL-BN"]["servers_here"] == 1
    assert rows["TTTHDL-BN"]["servers_running_here"] == 0  # BN-01 consolidated
    narrowed = map_queries.commune_agencies(fixture_con, SECOND_DATE, KINH_BAC, ["TTTHDL-BN"])
    assert narrowed["agency_code"].to_list() == ["TTTHDL-BN"]


def test_assets_of_a_commune(fixture_con):
    frame = map_queries.commune_assets(fixture_con, SECOND_DATE, BAC_GIANG)
    assert frame["asset_code"].to_list() == ["TC-01", "TC-02", "TC-03"]
    assert set(frame["report_date"]) == {SECOND_DATE}
    servers = map_queries.commune_assets(
        fixture_con, SECOND_DATE, BAC_GIANG, asset_types=["physical_server", "virtual_server"]
    )
    assert servers["asset_code"].to_list() == ["TC-01", "TC-02"]


def test_empty_database(empty_db):
    with read_only(empty_db) as empty:
        frame = map_queries.commune_measures(empty, SECOND_DATE)
        assert frame.height == 99
        assert map_queries.totals(frame)["assets_placed"] == 0
        assert map_queries.totals(frame)["consolidation_pct"] is None
        assert map_queries.commune_measures_by_date(empty).is_empty()
