"""queries/roadmap.py: the milestone status rule, worked out by hand on the fixture databases."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import polars as pl
import pytest

import queries
from queries import roadmap
from queries.indicators import SCHEDULE_END, SCHEDULE_START
from queries.roadmap import LATE, MET, NOT_DUE, ON_TRACK
from tests.conftest import FIRST_DATE, SECOND_DATE

D = dt.date
# A two-year milestone: 730 days, so 1/1/2028 is exactly halfway (50 of a target of 100).
START, DUE, HALFWAY = D(2027, 1, 1), D(2028, 12, 31), D(2028, 1, 1)


@pytest.mark.parametrize(
    ("value", "as_of", "expected"),
    [
        pytest.param(100.0, HALFWAY, MET, id="met-at-the-target"),
        pytest.param(100.0, D(2026, 6, 1), MET, id="met-before-the-start"),
        pytest.param(100.0, D(2029, 6, 1), MET, id="met-after-the-due-date"),
        pytest.param(40.0, D(2026, 12, 31), NOT_DUE, id="not-due-the-day-before-the-start"),
        pytest.param(0.0, START, ON_TRACK, id="on-track-on-the-start-day-at-0"),
        pytest.param(50.0, HALFWAY, ON_TRACK, id="on-track-exactly-on-the-line"),
        pytest.param(49.9, HALFWAY, LATE, id="late-just-below-the-line"),
        pytest.param(70.0, HALFWAY, ON_TRACK, id="on-track-above-the-line"),
        pytest.param(99.9, D(2028, 12, 30), ON_TRACK, id="on-track-the-day-before-due"),
        pytest.param(99.9, DUE, LATE, id="late-on-the-due-date-not-met"),
        pytest.param(99.9, D(2029, 1, 1), LATE, id="late-after-the-due-date"),
        pytest.param(None, D(2026, 6, 1), NOT_DUE, id="undefined-before-the-start"),
        pytest.param(None, HALFWAY, NOT_DUE, id="undefined-before-the-due-date"),
        pytest.param(None, DUE, LATE, id="undefined-on-the-due-date"),
    ],
)
def test_milestone_status(value, as_of, expected):
    assert roadmap.milestone_status(value, 100.0, as_of, START, DUE) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(D(2026, 12, 1), 0.0, id="before-the-start"),
        pytest.param(START, 0.0, id="on-the-start"),
        pytest.param(HALFWAY, 30.0, id="halfway"),
        pytest.param(DUE, 60.0, id="on-the-due-date"),
        pytest.param(D(2030, 1, 1), 60.0, id="after-the-due-date"),
    ],
)
def test_expected_value_is_a_straight_line_to_the_target(as_of, expected):
    assert roadmap.expected_value(60.0, as_of, START, DUE) == expected


@pytest.mark.parametrize(
    ("statuses", "worst"),
    [
        pytest.param([MET, LATE, ON_TRACK], LATE, id="late-beats-all"),
        pytest.param([MET, ON_TRACK, NOT_DUE], ON_TRACK, id="on-track-beats-not-due"),
        pytest.param([MET, NOT_DUE], NOT_DUE, id="not-due-beats-met"),
        pytest.param([MET, MET], MET, id="all-met"),
        pytest.param([], NOT_DUE, id="none"),
    ],
)
def test_worst_status(statuses, worst):
    assert roadmap.worst_status(statuses) == worst


@pytest.mark.parametrize(
    ("phase", "start"),
    [
        pytest.param("2026", D(2026, 1, 1), id="one-year"),
        pytest.param("2027–2028", D(2027, 1, 1), id="en-dash-range"),
        pytest.param("2029-2030", D(2029, 1, 1), id="hyphen-range"),
        pytest.param("Giai đoạn sau", D(2031, 1, 1), id="no-year-uses-the-due-year"),
    ],
)
def test_phase_start(phase, start):
    assert roadmap.phase_start(phase, D(2031, 12, 31)) == start


def _milestones(con) -> pl.DataFrame:
    return queries.run(con, "roadmap_milestones")


def test_starts_of_the_shipped_milestones(fixture_con):
    # the end-2026 milestone runs from the plans deadline, the schedule of kpis.md
    assert roadmap.milestone_starts(_milestones(fixture_con)) == {
        "M2026A": D(2026, 1, 1),
        "M2026B": SCHEDULE_START,
        "M2028": D(2027, 1, 1),
        "M2030": D(2029, 1, 1),
    }


def _by_kpi(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["kpi"]: row for row in frame.iter_rows(named=True)}


def test_milestone_statuses_on_30_09_2026_by_hand(fixture_con):
    frame = roadmap.roadmap_milestones(fixture_con, SECOND_DATE)
    rows = _by_kpi(frame)
    # 30/09/2026 is 183 of the 275 days from 31/03 to 31/12/2026: 66,5 % expected
    line = float(Fraction(183, 275) * 100)
    assert rows["consolidation_pct"]["expected"] == pytest.approx(line)
    expected = {
        # kpi: (value, status) — tests/conftest.py as of 30/09/2026
        "plans_submitted_pct": (0.9, LATE),  # SO-TC of 117; due 31/03
        "consolidation_pct": (33.3, LATE),  # TC-01 of TC-01, TC-02, KB-01 < 66,5
        "systems_migrated_pct": (50.0, LATE),  # HT-01 of HT-01, HT-02 < 66,5
        "ndxp_connected_pct": (50.0, LATE),  # HT-01 connected
        "soc_monitored_pct": (50.0, NOT_DUE),  # TC-02 of TC-02, KB-01 (active); starts 2027
        "tslcd_connected_pct": (0.9, NOT_DUE),  # SO-TC of 117
        "backup_central_pct": (50.0, NOT_DUE),  # TC-02 of TC-02, KB-01 (active)
        "cloud_share_pct": (0.0, NOT_DUE),  # starts 2029
    }
    assert {k: (r["value"], r["status"]) for k, r in rows.items()} == expected
    milestones = dict(frame.select("milestone_id", "milestone_status").unique().iter_rows())
    assert milestones == {"M2026A": LATE, "M2026B": LATE, "M2028": NOT_DUE, "M2030": NOT_DUE}
    # rows by due date, indicators in kpis.md order
    assert frame["kpi"].to_list()[:4] == [
        "plans_submitted_pct",
        "consolidation_pct",
        "systems_migrated_pct",
        "ndxp_connected_pct",
    ]
    titles = dict(frame.select("milestone_id", "milestone_title").unique().iter_rows())
    assert titles["M2026B"].endswith("; Kết nối thông suốt với Trung tâm Dữ liệu quốc gia và NDXP")


def test_milestone_statuses_on_31_03_2026_by_hand(fixture_con):
    rows = _by_kpi(roadmap.roadmap_milestones(fixture_con, FIRST_DATE))
    assert rows["plans_submitted_pct"]["status"] == LATE  # due today, 0,9 % < 100 %
    # the end-2026 milestone starts today: nothing is expected yet
    assert rows["consolidation_pct"]["expected"] == 0.0
    assert rows["consolidation_pct"]["status"] == ON_TRACK  # 0,0 %
    assert rows["systems_migrated_pct"]["status"] == ON_TRACK  # 0 of HT-01


def test_values_are_those_of_compute_kpis_for_the_agencies_in_view(fixture_con):
    codes = ["SO-TC"]
    values = queries.compute_kpis(fixture_con, SECOND_DATE, codes)
    rows = _by_kpi(roadmap.roadmap_milestones(fixture_con, SECOND_DATE, codes))
    assert {k: r["value"] for k, r in rows.items()} == {k: values[k] for k in rows}
    assert rows["consolidation_pct"]["value"] == 50.0  # TC-01 of TC-01, TC-02


def test_an_unknown_indicator_is_undefined():
    milestones = pl.DataFrame(
        {
            "milestone_id": ["X"],
            "phase": ["2026"],
            "due_date": [D(2026, 6, 30)],
            "title_vi": ["Thử"],
            "kpi": ["khong_co"],
            "target": [100.0],
        }
    )
    before = roadmap.milestone_statuses(milestones, {}, D(2026, 3, 1)).row(0, named=True)
    after = roadmap.milestone_statuses(milestones, {}, D(2026, 7, 1)).row(0, named=True)
    assert (before["value"], before["status"]) == (None, NOT_DUE)
    assert after["status"] == LATE
    assert "khong_co" in after["label"]


def test_no_milestones_gives_an_empty_frame():
    empty = pl.DataFrame(schema={"milestone_id": pl.String})
    assert roadmap.milestone_statuses(empty, {}, D(2026, 1, 1)).is_empty()


def test_servers_burndown_follows_compute_kpis_and_the_schedule(fixture_con):
    frame = roadmap.servers_burndown(fixture_con, SECOND_DATE)
    assert frame["date"].to_list() == [FIRST_DATE, SECOND_DATE, SCHEDULE_END]
    actual = dict(frame.select("date", "servers_remaining").iter_rows())
    for day in (FIRST_DATE, SECOND_DATE):
        assert actual[day] == queries.compute_kpis(fixture_con, day)["servers_remaining"]
    assert actual[SCHEDULE_END] is None
    assert (actual[FIRST_DATE], actual[SECOND_DATE]) == (3, 2)
    scheduled = dict(frame.select("date", "scheduled").iter_rows())
    # from servers_baseline (3) on 31/03/2026 to 0 on 31/12/2026
    assert scheduled[FIRST_DATE] == 3.0
    assert scheduled[SECOND_DATE] == pytest.approx(3 * 92 / 275)
    assert scheduled[SCHEDULE_END] == 0.0


def test_servers_burndown_stops_at_the_date_in_view(fixture_con):
    frame = roadmap.servers_burndown(fixture_con, FIRST_DATE)
    assert frame["date"].to_list() == [FIRST_DATE, SCHEDULE_END]
    assert roadmap.servers_burndown(fixture_con, D(2026, 1, 1)).is_empty()


def test_servers_burndown_between_report_dates_for_some_agencies(fixture_con):
    # as of 30/06/2026 only the first report date counts; the schedule starts from SO-TC's
    # baseline as of that day: its physical and its virtual server (the storage is no server)
    between, codes = D(2026, 6, 30), ["SO-TC"]
    frame = roadmap.servers_burndown(fixture_con, between, codes)
    assert frame["date"].to_list() == [FIRST_DATE, SCHEDULE_END]
    remaining = dict(frame.select("date", "servers_remaining").iter_rows())
    scheduled = dict(frame.select("date", "scheduled").iter_rows())
    kpis = queries.compute_kpis(fixture_con, FIRST_DATE, codes)
    assert remaining[FIRST_DATE] == kpis["servers_remaining"] == 2
    baseline = queries.compute_kpis(fixture_con, between, codes)["servers_baseline"]
    assert scheduled[FIRST_DATE] == baseline == 2
    assert (remaining[SCHEDULE_END], scheduled[SCHEDULE_END]) == (None, 0.0)


def test_milestone_trend_equals_kpi_trend(fixture_con):
    frame = roadmap.milestone_trend(fixture_con, SECOND_DATE)
    trend = queries.kpi_trend(fixture_con, [FIRST_DATE, SECOND_DATE])
    expected = {(r["as_of"], r["key"]): r["value"] for r in trend.iter_rows(named=True)}
    assert frame.height == 2 * 8  # two dates × the eight milestone indicators
    for row in frame.iter_rows(named=True):
        assert row["value"] == expected[(row["as_of"], row["key"])]
    targets = dict(frame.select("key", "target").unique().iter_rows())
    assert targets["cloud_share_pct"] == 60.0


def test_centre_merger_as_of_each_date(fixture_con):
    late = roadmap.centre_merger(fixture_con, SECOND_DATE)
    assert late["agency_code"].to_list() == ["TTTHDL-BG", "TTTHDL-BN"]
    bg, bn = late.to_dicts()
    assert bg["inventory_date"] is None and bg["servers_total"] is None  # never reported
    # BN-01, a virtual server of 4 TB, consolidated on 30/09; no system reported
    assert (bn["servers_total"], bn["servers_consolidated"], bn["servers_not_moved"]) == (1, 1, 0)
    assert (bn["storage_tb_total"], bn["storage_tb_consolidated"]) == (4.0, 4.0)
    assert bn["systems_total"] is None
    early = roadmap.centre_merger(fixture_con, FIRST_DATE).to_dicts()[1]
    assert (early["servers_not_moved"], early["storage_tb_not_moved"]) == (1, 4.0)


def test_centre_merger_only_for_centres_in_view(fixture_con):
    assert roadmap.centre_merger(fixture_con, SECOND_DATE, ["SO-TC"]).is_empty()
    assert roadmap.centre_merger(fixture_con, SECOND_DATE, ["TTTHDL-BN"]).height == 1


def test_centre_summary_table_and_unreported(fixture_con):
    summary = roadmap.centre_summary(fixture_con, SECOND_DATE)
    assert summary["unreported"] == ["Trung tâm tích hợp dữ liệu (Bắc Giang trước hợp nhất)"]
    table = {row["Chỉ tiêu"]: row for row in summary["table"].iter_rows(named=True)}
    assert table["Máy chủ"] == {"Chỉ tiêu": "Máy chủ", "TTTHDL-BG": "–", "TTTHDL-BN": "1"}
    assert table["Lưu trữ (TB)"]["TTTHDL-BN"] == "4,0"
    assert table["Ngày số liệu của Biểu 01 mới nhất"]["TTTHDL-BN"] == "30/09/2026"


def test_milestone_cards_and_table(fixture_con):
    cards = roadmap.milestone_cards(fixture_con, SECOND_DATE)
    assert [c["milestone_id"] for c in cards] == ["M2026A", "M2026B", "M2028", "M2030"]
    assert [c["status"] for c in cards] == [LATE, LATE, NOT_DUE, NOT_DUE]
    assert [i["key"] for i in cards[1]["indicators"]] == [
        "consolidation_pct",
        "systems_migrated_pct",
        "ndxp_connected_pct",
    ]
    table = roadmap.milestone_table(fixture_con, SECOND_DATE)
    first = table.row(1, named=True)
    assert first["Giá trị"] == "33,3%"
    assert first["Mục tiêu"] == "100,0%"
    assert first["Cần đạt đến 30/09/2026"] == "66,5%"
    assert first["Trạng thái"] == "Chậm"


def test_most_behind_table_formats_undefined_as_a_dash():
    behind = pl.DataFrame(
        {
            "agency": ["UBND xã A", "UBND xã B"],
            "consolidation_pct": [12.5, None],
            "servers_remaining": [1234, None],
            "late_reason": ["dưới tiến độ kế hoạch", "chưa báo cáo Biểu 01"],
        }
    )
    table = roadmap.most_behind_table(behind)
    assert table.rows() == [
        ("UBND xã A", "12,5%", "1.234", "dưới tiến độ kế hoạch"),
        ("UBND xã B", "–", "–", "chưa báo cáo Biểu 01"),
    ]
