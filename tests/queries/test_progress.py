"""Progress by agency: each agency's figures worked out by hand on the small fixture of conftest.py.

The late flags must add up to compute_kpis()["agencies_at_risk"], on that fixture and on
the demo, at every date and for a slice of agencies.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import db
import loaders.forms
from queries import compute_kpis, percentage, progress, report_dates
from tests.queries.conftest import ASSETS, MIGRATIONS, PLANS, read_only
from vocabulary import AGENCY_KINDS

D = dt.date


@pytest.fixture
def rows(kpi_con):
    """agency_progress as of 01/07/2026 for the whole province, keyed by agency code."""
    frame = progress.agency_progress(kpi_con, D(2026, 7, 1))
    return {row["agency_code"]: row for row in frame.iter_rows(named=True)}


def test_one_row_per_agency_in_kind_order(kpi_con):
    frame = progress.agency_progress(kpi_con, D(2026, 7, 1))
    assert frame.height == 117
    assert frame["agency_code"].n_unique() == 117
    kinds = frame["kind"].to_list()
    order = [list(AGENCY_KINDS).index(k) for k in kinds]
    assert order == sorted(order)
    assert list(frame.schema) == list(progress.AGENCY_COLUMNS)


def test_department_consolidating_at_a_pace(rows):
    tc = rows["SO-TC"]
    # baseline 15/01: TC-S1, TC-S2, TC-S3 (TC-ST is storage). Latest 01/07: TC-S2 active;
    # TC-S1, TC-S3 done and to change; TC-S4 done but kept (plan keep).
    assert (tc["servers_baseline"], tc["servers_remaining"], tc["servers_done"]) == (3, 1, 3)
    assert (tc["servers_to_change"], tc["servers_changed"]) == (3, 2)
    assert tc["consolidation_pct"] == 66.7
    # 92 of 275 days: 33,45… % → 33,5 %; the gap is that minus 66,7
    assert tc["scheduled_pct"] == 33.5
    assert tc["gap_points"] == -33.2
    assert tc["plan_status_label"] == "Đã phê duyệt"  # the 01/06 plan, not the 01/03 one
    assert tc["systems_label"] == "3 / 3"  # migrated, accepted, legacy_off
    # 2 done in the 167 days from 15/01 to 01/07; 1 left → ⌈167 / 2⌉ = 84 days after 01/07
    assert tc["projected_date"] == D(2026, 9, 23)
    assert tc["projected_label"] == "23/09/2026"
    assert (tc["late"], tc["status_label"], tc["late_reason"]) == (False, "Đúng tiến độ", None)
    assert tc["last_report_date"] == D(2026, 7, 1)
    assert tc["reported_this_half"] is True


def test_commune_without_a_plan_is_late_though_done(rows):
    ubnd = rows["UBND-07210"]
    # X-S1 (no plan) and X-S2 (keep) active; X-S3 consolidated, the one server to change
    assert (ubnd["servers_baseline"], ubnd["servers_remaining"], ubnd["servers_done"]) == (3, 2, 1)
    assert ubnd["consolidation_pct"] == 100.0
    assert ubnd["projected_label"] == "đã hoàn thành"
    assert ubnd["plan_status_label"] == "Chưa gửi"
    assert (ubnd["late"], ubnd["late_reason"]) == (True, "chưa gửi phương án")
    assert ubnd["systems_label"] == "1 / 2"
    # its inventory of 01/02 is in the first half-year; 01/07 is in the second
    assert ubnd["reported_this_half"] is False
    assert ubnd["last_report_date"] == D(2026, 3, 1)  # its plan, the latest of its forms


def test_data_centre_holds_no_standalone_server(rows):
    dc = rows["TTTHDL-BN"]
    assert (dc["servers_baseline"], dc["servers_remaining"], dc["servers_to_change"]) == (0, 0, 0)
    assert dc["consolidation_pct"] is None and dc["gap_points"] is None
    assert dc["projected_label"] == "không áp dụng"
    assert (dc["late"], dc["status_label"]) == (False, "Đúng tiến độ")


def test_single_snapshot_has_no_pace(rows):
    tp = rows["SO-TP"]
    assert (tp["servers_to_change"], tp["servers_changed"], tp["consolidation_pct"]) == (2, 1, 50.0)
    assert tp["projected_date"] is None
    assert tp["projected_label"] == "không xác định"
    assert tp["late"] is False  # 50 % is not below 33,5 %


def test_agency_without_inventory_has_unknown_counts(rows):
    xd = rows["SO-XD"]
    assert xd["servers_baseline"] is None and xd["servers_remaining"] is None
    assert xd["consolidation_pct"] is None
    assert (xd["late"], xd["late_reason"]) == (True, "chưa báo cáo Biểu 01")
    assert xd["plan_status_label"] == "Đã gửi"
    assert xd["systems_label"] == "–"
    assert xd["last_upload_file"] is None and xd["last_upload_warnings"] is None


def test_agency_without_anything(rows):
    nv = rows["SO-NV"]
    assert nv["plan_status_label"] == "Chưa có"
    assert nv["late_reason"] == "chưa gửi phương án; chưa báo cáo Biểu 01"
    assert nv["last_report_date"] is None and nv["reported_this_half"] is False


def test_police_with_nothing_to_change_is_done(rows):
    ca = rows["CA-TINH"]
    assert (ca["servers_baseline"], ca["servers_to_change"]) == (1, 0)
    assert ca["consolidation_pct"] is None
    assert ca["projected_label"] == "đã hoàn thành"
    assert ca["plan_status_label"] == "Yêu cầu bổ sung"
    assert ca["late"] is False  # revise counts as a plan; nothing to change is on schedule


@pytest.mark.parametrize(
    "as_of",
    [D(2026, 3, 15), D(2026, 3, 31), D(2026, 4, 1), D(2026, 7, 1), D(2026, 8, 15),
     D(2026, 8, 16), D(2027, 1, 10)],
    ids=str,
)  # fmt: skip
def test_late_flags_add_up_to_agencies_at_risk(kpi_con, as_of):
    frame = progress.agency_progress(kpi_con, as_of)
    assert frame["late"].sum() == compute_kpis(kpi_con, as_of)["agencies_at_risk"]


def test_sums_are_the_province_indicators(kpi_con):
    as_of = D(2026, 8, 15)
    frame = progress.agency_progress(kpi_con, as_of)
    values = compute_kpis(kpi_con, as_of)
    assert frame["servers_baseline"].sum() == values["servers_baseline"]
    assert frame["servers_remaining"].sum() == values["servers_remaining"]
    reported = percentage(frame["reported_this_half"].sum(), 117)
    assert reported == values["reported_this_half_pct"]


def test_nobody_is_late_before_the_deadline(kpi_con):
    frame = progress.agency_progress(kpi_con, D(2026, 3, 31))
    assert not frame["late"].any()
    assert set(frame["status_label"]) == {"Chưa đến hạn"}
    assert progress.agencies_most_behind(kpi_con, D(2026, 3, 31)).is_empty()


def test_agency_filter(kpi_con):
    frame = progress.agency_progress(kpi_con, D(2026, 7, 1), ["SO-TC", "SO-XD"])
    assert sorted(frame["agency_code"]) == ["SO-TC", "SO-XD"]
    assert progress.agency_progress(kpi_con, D(2026, 7, 1), []).is_empty()


def test_agencies_most_behind_order_and_columns(kpi_con):
    codes = ["SO-TC", "UBND-07210", "SO-XD", "SO-TP", "CA-TINH"]
    # after 31/12/2026 the schedule is 100 %: SO-TC (66,7 %) and SO-TP (50 %) are behind;
    # SO-XD has no inventory (counts as 0 % done); UBND-07210 is late for its plan alone
    frame = progress.agencies_most_behind(kpi_con, D(2027, 1, 10), codes)
    assert list(frame.columns) == [
        "agency_code", "agency", "kind_label", "consolidation_pct", "scheduled_pct",
        "gap_points", "servers_remaining", "late_reason",
    ]  # fmt: skip
    assert frame["agency_code"].to_list() == ["SO-XD", "SO-TP", "SO-TC", "UBND-07210"]
    assert frame["gap_points"].to_list() == [None, 50.0, 33.3, 0.0]
    assert frame["scheduled_pct"].to_list() == [100.0] * 4
    assert frame["agency"][2] == "Sở Tài chính"
    assert frame["kind_label"][3] == "UBND xã, phường"
    limited = progress.agencies_most_behind(kpi_con, D(2027, 1, 10), codes, limit=2)
    assert limited["agency_code"].to_list() == ["SO-XD", "SO-TP"]


def test_by_kind_adds_up_the_agencies(kpi_con):
    groups = progress.progress_by_kind(kpi_con, D(2026, 7, 1))
    assert groups["kind"].to_list() == ["department", "police", "data_centre", "commune"]
    department = groups.row(0, named=True)
    # SO-TC 3 + SO-TP 2 at baseline; to change 3 + 2, changed 2 + 1
    assert department["servers_baseline"] == 5
    assert (department["servers_to_change"], department["servers_changed"]) == (5, 3)
    assert department["consolidation_pct"] == 60.0
    # 15 departments: SO-XD (no inventory) and the 12 without a plan are late
    assert (department["agencies"], department["agencies_late"]) == (15, 13)
    assert department["agencies_without_inventory"] == 13
    assert groups.row(2, named=True)["consolidation_pct"] is None  # the data centres
    assert groups["agencies_late"].sum() == compute_kpis(kpi_con, D(2026, 7, 1))["agencies_at_risk"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param((True, None, None, 0, 0, 0), (None, "không xác định"), id="no-inventory"),
        pytest.param((False, D(2026, 1, 1), D(2026, 7, 1), 4, 0, 0),
                     (None, "không áp dụng"), id="data-centre"),
        pytest.param((True, D(2026, 1, 1), D(2026, 7, 1), 0, 0, 0),
                     (None, "đã hoàn thành"), id="nothing-to-change"),
        pytest.param((True, D(2026, 1, 1), D(2026, 7, 1), 3, 3, 0),
                     (None, "đã hoàn thành"), id="all-done"),
        pytest.param((True, D(2026, 7, 1), D(2026, 7, 1), 3, 1, 1),
                     (None, "không xác định"), id="one-snapshot"),
        pytest.param((True, D(2026, 1, 1), D(2026, 7, 1), 3, 1, 1),
                     (None, "không xác định"), id="no-gain-since-baseline"),
        # 1 gained in 10 days, 3 left → 30 days
        pytest.param((True, D(2026, 6, 21), D(2026, 7, 1), 5, 2, 1),
                     (D(2026, 7, 31), "31/07/2026"), id="thirty-days-left"),
        # 2 gained in 3 days, 1 left → 1,5 days, rounded up to 2
        pytest.param((True, D(2026, 6, 28), D(2026, 7, 1), 3, 2, 0),
                     (D(2026, 7, 3), "03/07/2026"), id="rounded-up"),
    ],
)  # fmt: skip
def test_projected_completion(args, expected):
    assert progress.projected_completion(*args) == expected


def test_form_labels_cover_every_form():
    assert set(progress.FORM_LABELS) == {form.key for form in loaders.forms.FORMS}


# --- uploads: where each snapshot came from, and the warnings of the last upload -------------


def _insert_upload(con, upload_id, at, sha, status, report_date, agencies, messages=()):
    con.execute(
        """
        insert into uploads (upload_id, uploaded_at, uploaded_by, file_name, sha256, size_bytes,
            report_date, forms, agencies, rows_read, rows_loaded, status, error_count,
            warning_count, messages)
        values (?, ?, ?, ?, ?, 1, ?, ['inventory'], ?, 1, 1, ?, 0, ?, ?)
        """,
        [upload_id, at, f"user{upload_id}", f"file{upload_id}.xlsx", sha, report_date,
         list(agencies), status, len(messages), list(messages)],
    )  # fmt: skip


def _warning(agency_code):
    return {
        "level": "warning", "agency_code": agency_code, "sheet": "Biểu 01", "row": 5,
        "column": None, "value": None, "message": "Cảnh báo thử",
    }  # fmt: skip


@pytest.fixture
def upload_con(build_db):
    """The kpi fixture, whose rows all came from sha256 'test', with a history of uploads."""
    path = build_db("uploads", ASSETS, PLANS, MIGRATIONS)
    con = db.connect(path)
    t = dt.datetime
    # rejected first: never a source
    _insert_upload(con, 1, t(2026, 7, 2, 8), "test", "rejected", D(2026, 7, 1), ["SO-TC"])
    # the same file loaded twice for 01/07: the earlier is the source
    _insert_upload(con, 2, t(2026, 7, 2, 9), "test", "loaded", D(2026, 7, 1), ["SO-TC"],
                   [_warning("SO-TC"), _warning("SO-TP"), _warning(None)])  # fmt: skip
    _insert_upload(con, 3, t(2026, 7, 3, 9), "test", "loaded", D(2026, 7, 1), ["SO-TC"],
                   [_warning("SO-TC"), _warning("SO-TC")])  # fmt: skip
    # an upload of a later report date: not seen as of 01/07
    _insert_upload(con, 4, t(2026, 10, 1, 9), "other", "loaded", D(2026, 9, 30), ["SO-TC"],
                   [_warning("SO-TC")] * 5)  # fmt: skip
    yield con
    con.close()


def test_last_upload_and_its_warnings_about_the_agency(upload_con):
    frame = progress.agency_progress(upload_con, D(2026, 7, 1), ["SO-TC", "SO-TP"])
    tc, tp = (
        frame.filter(frame["agency_code"] == c).row(0, named=True) for c in ("SO-TC", "SO-TP")
    )
    # upload 3 is the latest up to 01/07 holding SO-TC: its two warnings about SO-TC
    assert (tc["last_upload_file"], tc["last_upload_warnings"]) == ("file3.xlsx", 2)
    assert tp["last_upload_file"] is None  # no upload lists SO-TP
    later = progress.agency_progress(upload_con, D(2026, 9, 30), ["SO-TC"]).row(0, named=True)
    assert (later["last_upload_file"], later["last_upload_warnings"]) == ("file4.xlsx", 5)


def test_snapshots_name_the_earliest_accepted_upload_of_their_file(upload_con):
    detail = progress.agency_detail(upload_con, "SO-TC", D(2026, 7, 1))
    snapshots = detail["snapshots"]
    # SO-TC: inventory 15/01 and 01/07, plans 01/03 and 01/06, migrations 01/03 and 01/07
    assert snapshots.select("report_date", "form").rows() == [
        (D(2026, 7, 1), "inventory"),
        (D(2026, 7, 1), "migrations"),
        (D(2026, 6, 1), "plans"),
        (D(2026, 3, 1), "plans"),
        (D(2026, 3, 1), "migrations"),
        (D(2026, 1, 15), "inventory"),
    ]
    assert snapshots["rows"].to_list() == [5, 3, 1, 1, 2, 4]
    # upload 2 is of report date 01/07, the earliest loaded one of that file
    first = snapshots.row(0, named=True)
    assert (first["file_name"], first["uploaded_by"]) == ("file2.xlsx", "user2")
    assert first["uploaded_at"] == dt.datetime(2026, 7, 2, 9)
    assert first["form_label"] == "Biểu 01 – Danh mục máy chủ, hệ thống lưu trữ"
    # no upload of 15/01: the earliest loaded upload of the same file stands in
    assert snapshots.row(5, named=True)["file_name"] == "file2.xlsx"


def test_agency_detail(kpi_con):
    detail = progress.agency_detail(kpi_con, "SO-TC", D(2026, 7, 1))
    assert detail["summary"]["consolidation_pct"] == 66.7
    assets = detail["assets"]
    assert assets["asset_code"].to_list() == ["TC-S1", "TC-S3", "TC-ST", "TC-S2", "TC-S4"]
    assert assets.filter(assets["asset_code"] == "TC-S3")["status_label"].item() == "Đã loại bỏ"
    assert detail["plan"]["plan_status_label"] == "Đã phê duyệt"
    assert detail["plan"]["report_date"] == D(2026, 6, 1)
    assert detail["systems"]["stage_label"].to_list() == [
        "Đã chuyển đổi", "Đã nghiệm thu", "Đã tắt hệ thống cũ",
    ]  # fmt: skip
    history = detail["history"]
    assert history.rows() == [
        # date, servers, remaining, done, to change, changed
        (D(2026, 1, 15), 3, 3, 0, 3, 0),
        (D(2026, 7, 1), 4, 1, 3, 3, 2),
    ]
    # as of 01/03, only the baseline counts
    early = progress.agency_detail(kpi_con, "SO-TC", D(2026, 3, 1))
    assert early["assets"]["report_date"].unique().to_list() == [D(2026, 1, 15)]
    assert early["plan"]["plan_status_label"] == "Đã gửi"


def test_agency_detail_blank_plan_and_no_data(kpi_con):
    detail = progress.agency_detail(kpi_con, "UBND-07210", D(2026, 7, 1))
    labels = dict(zip(detail["assets"]["asset_code"], detail["assets"]["plan_label"], strict=True))
    assert labels == {"X-S1": "Chưa có phương án", "X-S2": "Giữ lại", "X-S3": "Hợp nhất về TTTHDL"}
    nothing = progress.agency_detail(kpi_con, "SO-NV", D(2026, 7, 1))
    assert nothing["summary"]["name"] == "Sở Nội vụ"
    assert nothing["snapshots"].is_empty() and nothing["assets"].is_empty()
    assert nothing["plan"] is None and nothing["systems"].is_empty()
    assert progress.agency_detail(kpi_con, "KHONG-CO", D(2026, 7, 1))["summary"] is None


def test_empty_database(empty_con):
    frame = progress.agency_progress(empty_con, D(2026, 7, 1))
    assert frame.height == 117
    assert frame["late"].all()
    assert frame["servers_baseline"].null_count() == 117


# --- the demo: 117 agencies, four report dates, built through the real loaders ---------------


@pytest.fixture(scope="module")
def demo_con(tmp_path_factory):
    from loaders.demo import build_demo

    path = tmp_path_factory.mktemp("demo_progress") / "demo.duckdb"
    build_demo(path)
    with read_only(path) as con:
        yield con


def test_demo_late_flags_add_up_at_every_date(demo_con):
    dates = report_dates(demo_con)
    assert len(dates) >= 4
    slice_ = ["SO-TC", "SO-TP", "CA-TINH", "TTTHDL-BN", "UBND-07210", "UBND-07333"]
    for as_of in [*dates, D(2026, 12, 31)]:
        for codes in (None, slice_):
            frame = progress.agency_progress(demo_con, as_of, codes)
            values = compute_kpis(demo_con, as_of, codes)
            assert frame["late"].sum() == values["agencies_at_risk"], (as_of, codes)
            assert frame["servers_baseline"].sum() == values["servers_baseline"]
            assert frame["servers_remaining"].sum() == values["servers_remaining"]
            behind = progress.agencies_most_behind(demo_con, as_of, codes, limit=200)
            assert behind.height == values["agencies_at_risk"]


def test_demo_warning_counts_are_those_of_the_upload(demo_con):
    as_of = report_dates(demo_con)[-1]
    frame = progress.agency_progress(demo_con, as_of)
    uploads = demo_con.sql(
        "select file_name, messages from uploads where status = 'loaded'"
    ).fetchall()
    messages = {name: msgs for name, msgs in uploads}
    for row in frame.filter(frame["last_upload_file"].is_not_null()).iter_rows(named=True):
        expected = sum(
            1
            for m in messages[row["last_upload_file"]]
            if m["agency_code"] == row["agency_code"] and m["level"] == "warning"
        )
        assert row["last_upload_warnings"] == expected, row["agency_code"]


def test_most_behind_on_15_august_by_hand_and_as_json(kpi_con):
    # 137 of 275 days: 49,8 % due. SO-NV has nothing; SO-XD a plan but no inventory: both
    # count as 0 % done (gap 49,8), then by name. UBND-07210 has done its one server to change
    # (100 %, 50,2 points ahead) but sent no plan. SO-TC (66,7 %), SO-TP (1 of 2 = 50 % is not
    # below 137/275) and CA-TINH (nothing to change) are on schedule, each with a plan.
    codes = ["SO-TC", "SO-TP", "SO-XD", "SO-NV", "UBND-07210", "CA-TINH", "TTTHDL-BN"]
    frame = progress.agencies_most_behind(kpi_con, D(2026, 8, 15), codes)
    expected = [
        {
            "agency_code": "SO-NV", "agency": "Sở Nội vụ", "kind_label": "Sở, ban, ngành",
            "consolidation_pct": None, "scheduled_pct": 49.8, "gap_points": None,
            "servers_remaining": None, "late_reason": "chưa gửi phương án; chưa báo cáo Biểu 01",
        },
        {
            "agency_code": "SO-XD", "agency": "Sở Xây dựng", "kind_label": "Sở, ban, ngành",
            "consolidation_pct": None, "scheduled_pct": 49.8, "gap_points": None,
            "servers_remaining": None, "late_reason": "chưa báo cáo Biểu 01",
        },
        {
            "agency_code": "UBND-07210", "agency": "UBND phường Bắc Giang",
            "kind_label": "UBND xã, phường", "consolidation_pct": 100.0, "scheduled_pct": 49.8,
            "gap_points": -50.2, "servers_remaining": 2, "late_reason": "chưa gửi phương án",
        },
    ]  # fmt: skip
    # the overview calls it through ui.data.call: plain values that survive JSON unchanged
    assert json.loads(json.dumps(frame.to_dicts())) == expected


def test_scheduled_pct():
    assert progress.scheduled_pct(D(2026, 3, 31)) == 0.0
    assert progress.scheduled_pct(D(2026, 12, 31)) == 100.0
    assert progress.scheduled_pct(D(2026, 8, 15)) == 49.8  # 137/275 = 49,818…
