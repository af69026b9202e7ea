"""The demo's story (loaders/demo_data.py): generated rows, before any file is written."""

from __future__ import annotations

from collections import Counter
from datetime import date

import db
from loaders.demo_data import REPORT_DATES, DemoData, generate_demo
from loaders.forms import (
    ASSET_PLANS,
    ASSET_STATUSES,
    CHANGE_PLANS,
    DONE_STATUSES,
    FORMS,
    MIGRATION_STAGES,
    MIGRATION_TARGETS,
    PLAN_STATUSES,
)

FIRST, LAST = REPORT_DATES[0], REPORT_DATES[-1]


def all_rows(data: DemoData, when: date) -> dict[str, list[dict]]:
    """Every row of every form reported on `when`, by form key."""
    return {form.key: data.form_rows(form.key, data.reporting(when), when) for form in FORMS}


def test_generation_is_deterministic(demo):
    again = generate_demo()
    for when in REPORT_DATES:
        assert all_rows(again, when) == all_rows(demo, when)
    assert all_rows(generate_demo(seed=7), LAST) != all_rows(demo, LAST)


def test_generated_scale(demo):
    first = all_rows(demo, FIRST)["inventory"]
    assert 1300 <= len(first) <= 1700
    every = {a.code for a in demo.agencies}
    assert every == set(db.read_reference("agencies").filter("reports")["agency_code"])
    reported = {a.code for when in REPORT_DATES for a in demo.reporting(when)}
    assert reported == every
    assert len({len(demo.reporting(when)) for when in REPORT_DATES}) > 1  # some skip a date
    assert any(a.report_dates[0] > FIRST for a in demo.agencies)  # some first report late


def test_every_status_plan_stage_and_plan_status_appears(demo):
    rows = [all_rows(demo, when) for when in REPORT_DATES]
    inventory = [r for day in rows for r in day["inventory"]]
    assert {r["status"] for r in inventory} == set(ASSET_STATUSES)
    assert {r["plan"] for r in inventory} == set(ASSET_PLANS) | {None}
    migrations = [r for day in rows for r in day["migrations"]]
    assert {r["stage"] for r in migrations} == set(MIGRATION_STAGES)
    assert {r["target"] for r in migrations} == set(MIGRATION_TARGETS)
    assert {r["plan_status"] for day in rows for r in day["plans"]} == set(PLAN_STATUSES)
    assert 200 <= len({(r["agency_code"], r["system_code"]) for r in migrations}) <= 500


def test_rows_keep_the_rules_of_the_forms(demo):
    for when in REPORT_DATES:
        rows = all_rows(demo, when)
        codes = Counter((r["agency_code"], r["asset_code"]) for r in rows["inventory"])
        assert max(codes.values()) == 1
        for r in rows["inventory"]:
            if r["status"] in DONE_STATUSES:  # done only by carrying out a plan to change
                assert r["plan"] in CHANGE_PLANS
            if r["plan"] == "keep":
                assert r["note"], "an exemption needs its justification"
            if r["plan"] is None:
                assert r["status"] in ("active", "idle")
        for p in rows["plans"]:
            counts = [p[f"servers_{k}"] or 0 for k in ("eliminate", "consolidate", "cloud", "keep")]
            assert sum(counts) == (p["servers_total"] or 0)
            assert (p["submitted_on"] is None) == (p["plan_status"] == "not_submitted")
        own = {(r["agency_code"], r["asset_code"]) for r in rows["inventory"]}
        for m in rows["migrations"]:
            if m["source_asset_code"]:
                assert (m["agency_code"], m["source_asset_code"]) in own
            if m["done_date"]:
                assert m["done_date"] <= when


def test_agencies_report_no_plan_with_blank_asset_plans(demo):
    for agency in demo.agencies:
        if agency.plan_status(LAST) == "not_submitted":
            assert all(r["plan"] is None for r in demo.inventory_rows(agency, LAST))
            assert demo.plan_row(agency, LAST)["servers_total"] is None


def test_assets_sit_where_a_province_holds_them(demo):
    kinds = {a.code: a.kind for a in demo.agencies}
    seats = {a.code: a.commune_code for a in demo.agencies}
    per_agency = Counter(a.agency_code for a in demo.assets)
    communes = [per_agency[c] for c, k in kinds.items() if k == "commune"]
    assert max(communes) <= 8 and min(communes) == 0
    at_seat = sum(a.commune_code == seats[a.agency_code] for a in demo.assets)
    assert 0.85 * len(demo.assets) < at_seat < len(demo.assets)
    placed = {a.commune_code for a in demo.assets}
    assert len(db.read_reference("communes")) > len(placed)  # some commune holds no asset
    centre = [a for a in demo.assets if kinds[a.agency_code] == "data_centre"]
    assert Counter(a.asset_type for a in centre).most_common(1)[0][0] == "virtual_server"
    assert {a.year_in_service for a in demo.assets} <= set(range(2012, 2026))
