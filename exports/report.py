"""The six-monthly and annual report to the ministry (Word, Decree 30 layout) and its appendix; no Streamlit.

    python -m exports report --period 2026-H2|2026-H1|2026 [--db PATH] --out F.docx|F.xlsx

The period's figures are those of its report date: the latest report date within the
period (2026-H2 = 01/07/2026–31/12/2026). Every figure comes from the functions of
`queries/` that the pages use, on the database opened read-only; none is written here.
The body follows items 1 to 4 of the provincial directive: the provincial data
integration centre and the national platforms; the consolidation of standalone servers
and storage; the specialised data network; central security monitoring.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

import db
import formats
import settings
from exports import decree30
from exports.command import add_database_option
from exports.decree30 import percent
from exports.periods import Period, half_year
from queries import compute_kpis, report_dates, roadmap, systems
from queries import progress as progress_queries
from queries.indicators import INDICATORS_BY_KEY
from vocabulary import AGENCY_KINDS, SCHEDULE_END

PERIOD_PATTERN = re.compile(r"(\d{4})(?:-H([12]))?")
REPORT_SUBJECT = "V/v báo cáo kết quả hợp nhất hạ tầng thông tin, hạ tầng số"
REPORT_ADDRESSEE = "Cục Chuyển đổi số quốc gia – Bộ Khoa học và Công nghệ"
REPORT_NUMBER = "/BC-SKHCN"
REPORT_RECIPIENTS = (
    "Như trên",
    "UBND tỉnh (để báo cáo)",
    "Giám đốc, các Phó Giám đốc Sở",
    "Lưu: VT, CĐS",
)


class ExportError(Exception):
    """A file cannot be made: the message says why, in Vietnamese, for the user."""


def parse_period(text: str) -> Period:
    """ "2026-H1", "2026-H2" or "2026" as a Period; a Vietnamese usage error otherwise."""
    match = PERIOD_PATTERN.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"kỳ báo cáo “{text}” không hợp lệ, hãy viết 2026-H1 (6 tháng đầu năm), "
            "2026-H2 (6 tháng cuối năm) hoặc 2026 (cả năm)"
        )
    return Period(int(match.group(1)), int(match.group(2)) if match.group(2) else None)


@contextlib.contextmanager
def read_only_database(path: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database opened read-only (the app or a loader may be using it), as `queries kpis` does.

    A short read-write open first installs db/schema.sql's macros in a database made by an
    older version; skipped when another process holds the file. Raises ExportError.
    """
    path = path or settings.database_path()
    if not path.exists():
        raise ExportError(
            f"Không tìm thấy cơ sở dữ liệu tại {path}. Hãy chỉ đường dẫn bằng --db, hoặc tải "
            "biểu mẫu của các đơn vị lên trước."
        )
    try:
        # a read-only connection of this process (the app's) also refuses a read-write open
        with contextlib.suppress(db.DatabaseBusyError, duckdb.ConnectionException):
            db.connect(path).close()
        con = db.connect(path, read_only=True)
    except db.DatabaseBusyError as exc:
        raise ExportError(str(exc)) from exc
    except (duckdb.Error, OSError) as exc:
        raise ExportError(f"Không mở được cơ sở dữ liệu {path}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


@dataclass
class ReportFigures:
    """Everything the report and its appendix show for one period, from `queries/`."""

    period: Period
    as_of: dt.date  # the period's report date (ngày số liệu)
    previous_date: dt.date | None  # the last report date before the period, for comparison
    values: dict[str, Any]
    previous: dict[str, Any] | None
    agencies: pl.DataFrame  # queries.progress.agency_progress
    groups: pl.DataFrame  # queries.progress.summarise_by_kind
    milestones: pl.DataFrame  # queries.roadmap.roadmap_milestones
    centres: pl.DataFrame  # queries.roadmap.centre_merger
    tslcd: pl.DataFrame  # queries.systems.tslcd_by_group
    security: pl.DataFrame  # queries.systems.security_by_group
    systems_counts: dict[str, int]  # queries.systems.systems_summary
    security_by_agency: pl.DataFrame
    tslcd_by_agency: pl.DataFrame
    systems: pl.DataFrame  # queries.systems.systems_as_of
    costs_by_agency: pl.DataFrame


def gather(con: duckdb.DuckDBPyConnection, period: Period) -> ReportFigures:
    """The figures of `period` as of its report date. ExportError when it has none."""
    from queries import costs

    dates = report_dates(con)
    within = [d for d in dates if period.start <= d <= period.end]
    if not within:
        raise ExportError(
            f"Chưa có ngày số liệu nào trong kỳ báo cáo {period.name} (từ "
            f"{formats.format_date(period.start)} đến {formats.format_date(period.end)}): "
            "chưa lập được báo cáo. Đề nghị tải biểu mẫu của các đơn vị trong kỳ lên trước."
        )
    as_of = within[-1]
    before = [d for d in dates if d < period.start]
    previous_date = before[-1] if before else None
    agencies = progress_queries.agency_progress(con, as_of)
    return ReportFigures(
        period=period,
        as_of=as_of,
        previous_date=previous_date,
        values=compute_kpis(con, as_of),
        previous=compute_kpis(con, previous_date) if previous_date else None,
        agencies=agencies,
        groups=progress_queries.summarise_by_kind(agencies),
        milestones=roadmap.roadmap_milestones(con, as_of),
        centres=roadmap.centre_merger(con, as_of),
        tslcd=systems.tslcd_by_group(con, as_of),
        security=systems.security_by_group(con, as_of),
        systems_counts=systems.systems_summary(con, as_of),
        security_by_agency=systems.security_by_agency(con, as_of),
        tslcd_by_agency=systems.tslcd_by_agency(con, as_of),
        systems=systems.systems_as_of(con, as_of),
        costs_by_agency=costs.costs_by_agency(con, as_of),
    )


def kpi_text(figures: ReportFigures, key: str, values: dict[str, Any] | None = None) -> str:
    """One indicator's value as the report writes it (percentages "6,3%")."""
    value = (values or figures.values)[key]
    unit = INDICATORS_BY_KEY[key].unit
    return percent(value) if unit == "pct" else formats.format_kpi(value, unit)


def _change(figures: ReportFigures, key: str) -> str:
    """ ", tăng 3,2 điểm phần trăm so với ngày 31/03/2026" or "" without an earlier value."""
    if figures.previous is None or figures.previous_date is None:
        return ""
    now, before = figures.values[key], figures.previous[key]
    if now is None or before is None:
        return ""
    unit = INDICATORS_BY_KEY[key].unit
    difference = now - before
    if unit == "pct":
        amount = f"{formats.format_number(abs(difference), 1)} điểm phần trăm"
    else:
        amount = formats.format_kpi(abs(difference), unit)
    since = f"so với ngày {formats.format_date(figures.previous_date)}"
    if round(difference, 6) == 0:
        return f", không đổi {since}"
    return f", {'tăng' if difference > 0 else 'giảm'} {amount} {since}"


def _count(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return int(frame.filter(condition).height)


def late_counts(agencies: pl.DataFrame) -> dict[str, int]:
    """Late agencies in all and by each test of agencies_at_risk (an agency may fail several)."""
    late = agencies.filter(pl.col("late"))
    reasons = late["late_reason"].fill_null("").to_list()
    counts = {"late": late.height}
    for _, reason in progress_queries.LATE_TESTS:
        counts[reason] = sum(reason in text.split("; ") for text in reasons)
    return counts


def _intro(document, figures: ReportFigures) -> None:
    period = figures.period
    required = figures.systems_counts["required_agencies"]
    decree30.body(
        document,
        f"Sở Khoa học và Công nghệ báo cáo kết quả hợp nhất hạ tầng thông tin, hạ tầng số "
        f"của tỉnh Bắc Ninh {period.name} (từ ngày {formats.format_date(period.start)} đến "
        f"ngày {formats.format_date(period.end)}), số liệu đến ngày "
        f"{formats.format_date(figures.as_of)}, tổng hợp từ Biểu 01, Biểu 02 và Biểu 03 do "
        f"{formats.format_number(required)} đơn vị phải báo cáo gửi về, như sau:",
    )
    decree30.body(document, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    decree30.body(
        document,
        f"Đến ngày {formats.format_date(figures.as_of)}, "
        f"{kpi_text(figures, 'reported_this_half_pct')} số đơn vị đã báo cáo Biểu 01 trong "
        f"{half_year(figures.as_of).name}; {kpi_text(figures, 'plans_submitted_pct')} số đơn vị đã "
        f"gửi phương án loại bỏ, hợp nhất máy chủ riêng lẻ"
        f"{_change(figures, 'plans_submitted_pct')}, trong đó "
        f"{kpi_text(figures, 'plans_approved_pct')} đã được phê duyệt.",
    )


def _centre(document, figures: ReportFigures) -> None:
    counts = figures.systems_counts
    decree30.body(
        document,
        "1. Trung tâm tích hợp dữ liệu tỉnh (TTTHDL) và kết nối với Trung tâm Dữ liệu quốc "
        "gia, các nền tảng quốc gia",
        bold=True,
    )
    decree30.body(
        document,
        f"Các đơn vị đã báo cáo {formats.format_number(counts['systems'])} hệ thống thông tin "
        f"(Biểu 03); tỷ lệ hệ thống đã chuyển đổi về TTTHDL, lên đám mây hoặc Trung tâm Dữ "
        f"liệu quốc gia đạt {kpi_text(figures, 'systems_migrated_pct')}"
        f"{_change(figures, 'systems_migrated_pct')}; "
        f"{formats.format_number(counts['systems_ndxp_connected'])} hệ thống đã kết nối Nền "
        f"tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP) hoặc Nền tảng tích hợp, chia sẻ dữ "
        f"liệu của tỉnh (LGSP), đạt {kpi_text(figures, 'ndxp_connected_pct')}; tỷ lệ hệ "
        f"thống vận hành trên đám mây, Trung tâm Dữ liệu quốc gia đạt "
        f"{kpi_text(figures, 'cloud_share_pct')}.",
    )
    if figures.centres.is_empty():
        return
    unreported = figures.centres.filter(pl.col("inventory_date").is_null())["name"].to_list()
    decree30.body(
        document,
        "Hợp nhất hai Trung tâm tích hợp dữ liệu của hai tỉnh cũ (trước sắp xếp) vào TTTHDL, "
        "theo báo cáo mới nhất của từng trung tâm:"
        + (f" {'; '.join(unreported)} chưa báo cáo Biểu 01." if unreported else ""),
    )
    records = figures.centres.to_dicts()
    rows = []
    for header, column, decimals in roadmap.CENTRE_TABLE_COLUMNS:
        rows.append([header, *(formats.format_number(r[column], decimals) for r in records)])
    width = (decree30.TEXT_WIDTH_MM - 65) / len(records)
    decree30.data_table(
        document,
        ["Nội dung", *(r["name"] for r in records)],
        rows,
        [65, *([width] * len(records))],
        numeric=[False, *([True] * len(records))],
    )


def _servers(document, figures: ReportFigures) -> None:
    values = figures.values
    decree30.body(
        document,
        "2. Hợp nhất máy chủ, hệ thống lưu trữ của các sở, ban, ngành và UBND xã, phường",
        bold=True,
    )
    decree30.body(
        document,
        f"Số máy chủ riêng lẻ ban đầu (rà soát hiện trạng) là "
        f"{formats.format_number(values['servers_baseline'])} máy; đến ngày "
        f"{formats.format_date(figures.as_of)} còn "
        f"{formats.format_number(values['servers_remaining'])} máy chủ riêng lẻ đang hoạt động "
        f"hoặc không sử dụng{_change(figures, 'servers_remaining')}. Tiến độ hợp nhất máy chủ "
        f"(số máy chủ đã xử lý trên số máy chủ phải xử lý theo phương án) đạt "
        f"{kpi_text(figures, 'consolidation_pct')}{_change(figures, 'consolidation_pct')}, so "
        f"với kế hoạch {percent(progress_queries.scheduled_pct(figures.as_of))} đến ngày này "
        f"(lộ trình tuyến tính đến 100% vào ngày {formats.format_date(SCHEDULE_END)}); "
        f"{formats.format_number(values['agencies_done'])} đơn vị đã hoàn thành hợp nhất; "
        f"dung lượng lưu trữ đã chuyển là {kpi_text(figures, 'storage_moved_tb')} TB.",
    )
    decree30.body(
        document,
        f"Chi phí vận hành máy chủ, hệ thống lưu trữ riêng lẻ ban đầu là "
        f"{formats.format_vnd(values['annual_cost_baseline_vnd'])}/năm; tiết kiệm thực tế đạt "
        f"{formats.format_vnd(values['savings_realised_vnd'])}/năm (đã trừ chi phí thuê hạ "
        f"tầng tập trung), tiết kiệm dự kiến theo phương án của các đơn vị là "
        f"{formats.format_vnd(values['savings_planned_vnd'])}/năm.",
    )
    rows = [
        [
            g["kind_label"],
            formats.format_number(g["agencies"]),
            formats.format_number(g["servers_baseline"]),
            formats.format_number(g["servers_remaining"]),
            formats.format_number(g["servers_to_change"]),
            formats.format_number(g["servers_changed"]),
            percent(g["consolidation_pct"]),
            formats.format_number(g["agencies_late"]),
        ]
        for g in figures.groups.iter_rows(named=True)
    ]
    decree30.data_table(
        document,
        [
            "Nhóm đơn vị", "Số đơn vị", "Máy chủ riêng lẻ ban đầu", "Còn lại",
            "Phải xử lý theo phương án", "Đã xử lý", "Tiến độ hợp nhất", "Chậm tiến độ",
        ],
        rows,
        [37, 16, 20, 16, 22, 16, 20, 18],
        numeric=[False, *([True] * 7)],
        size=11,
    )  # fmt: skip


def _network(document, figures: ReportFigures) -> None:
    counts = figures.systems_counts
    decree30.body(document, "3. Mạng truyền số liệu chuyên dùng (TSLCD)", bold=True)
    decree30.body(
        document,
        f"{formats.format_number(counts['tslcd_connected'])} trên "
        f"{formats.format_number(counts['required_agencies'])} đơn vị đã kết nối Mạng truyền "
        f"số liệu chuyên dùng theo phương án, đạt {kpi_text(figures, 'tslcd_connected_pct')}"
        f"{_change(figures, 'tslcd_connected_pct')}.",
    )
    rows = [
        [
            AGENCY_KINDS.get(r["kind"], r["kind"]),
            formats.format_number(r["required_agencies"]),
            formats.format_number(r["connected"]),
            percent(r["tslcd_connected_pct"]),
        ]
        for r in figures.tslcd.iter_rows(named=True)
    ]
    decree30.data_table(
        document,
        ["Nhóm đơn vị", "Số đơn vị phải báo cáo", "Đã kết nối TSLCD", "Tỷ lệ"],
        rows,
        [61, 38, 38, 28],
        numeric=[False, True, True, True],
    )


def _security(document, figures: ReportFigures) -> None:
    decree30.body(document, "4. Giám sát an toàn thông tin (ATTT) tập trung", bold=True)
    security = figures.security
    monitored, active = (
        int(security[c].sum()) for c in ("servers_active_monitored", "servers_active")
    )
    backed, assets = (int(security[c].sum()) for c in ("assets_active_backed_up", "assets_active"))
    decree30.body(
        document,
        f"{formats.format_number(monitored)} trên {formats.format_number(active)} máy chủ "
        f"đang hoạt động (kể cả của TTTHDL) được giám sát ATTT tập trung, đạt "
        f"{kpi_text(figures, 'soc_monitored_pct')}{_change(figures, 'soc_monitored_pct')}; "
        f"{formats.format_number(backed)} trên {formats.format_number(assets)} máy chủ, hệ "
        f"thống lưu trữ đang hoạt động được sao lưu tập trung, đạt "
        f"{kpi_text(figures, 'backup_central_pct')}.",
    )


def _milestones(document, figures: ReportFigures) -> None:
    decree30.body(document, "II. CÁC MỐC CỦA LỘ TRÌNH", bold=True)
    rows = [
        [
            formats.format_date(r["due_date"]),
            r["label"],
            _value(r["value"], r["unit"]),
            _value(r["target"], r["unit"]),
            r["status"].capitalize(),
        ]
        for r in figures.milestones.iter_rows(named=True)
    ]
    decree30.data_table(
        document,
        ["Hạn", "Chỉ tiêu", f"Ngày {formats.format_date(figures.as_of)}", "Mục tiêu", "Trạng thái"],
        rows,
        [24, 63, 28, 22, 28],
        numeric=[False, False, True, True, False],
    )


def _value(value: float | None, unit: str) -> str:
    return percent(value) if unit == "pct" else formats.format_kpi(value, unit)


def _shortcomings(document, figures: ReportFigures) -> None:
    counts = late_counts(figures.agencies)
    decree30.body(document, "III. TỒN TẠI, HẠN CHẾ", bold=True)
    if figures.as_of <= progress_queries.SCHEDULE_START:
        decree30.body(
            document,
            f"Đến ngày {formats.format_date(figures.as_of)} chưa đến hạn gửi phương án "
            f"({formats.format_date(progress_queries.SCHEDULE_START)}), chưa đơn vị nào bị "
            "tính là chậm tiến độ.",
        )
        return
    decree30.body(
        document,
        f"Có {formats.format_number(counts['late'])} đơn vị chậm tiến độ, trong đó "
        f"{formats.format_number(counts[progress_queries.REASON_NO_PLAN])} đơn vị chưa gửi "
        f"phương án, {formats.format_number(counts[progress_queries.REASON_NO_INVENTORY])} đơn "
        f"vị chưa báo cáo Biểu 01, {formats.format_number(counts[progress_queries.REASON_BEHIND])}"
        f" đơn vị có tỷ lệ hợp nhất dưới kế hoạch (một đơn vị có thể thuộc nhiều trường hợp); "
        "danh sách chi tiết tại Phụ lục kèm theo.",
    )


def _proposals(document) -> None:
    decree30.body(document, "IV. NHIỆM VỤ TRỌNG TÂM KỲ BÁO CÁO TIẾP THEO", bold=True)
    decree30.body(
        document,
        "Sở Khoa học và Công nghệ tiếp tục đôn đốc các đơn vị chậm tiến độ gửi phương án, "
        f"báo cáo Biểu 01 và hoàn thành hợp nhất máy chủ riêng lẻ trước ngày "
        f"{formats.format_date(SCHEDULE_END)}; kết nối các hệ thống còn lại với NDXP/LGSP và "
        "đưa các máy chủ đang hoạt động vào giám sát ATTT tập trung.",
    )
    decree30.body(
        document,
        f"Sở Khoa học và Công nghệ kính báo cáo {REPORT_ADDRESSEE}./.",
    )


def build_report(figures: ReportFigures, year: int | None = None):
    """The report as a python-docx Document (Decree 30 layout, the period's figures)."""
    document = decree30.new_document()
    decree30.letterhead(document, REPORT_NUMBER, REPORT_SUBJECT, year or dt.date.today().year)
    decree30.addressees(document, [REPORT_ADDRESSEE])
    _intro(document, figures)
    _centre(document, figures)
    _servers(document, figures)
    _network(document, figures)
    _security(document, figures)
    _milestones(document, figures)
    _shortcomings(document, figures)
    _proposals(document)
    decree30.closing(document, REPORT_RECIPIENTS)
    return document


def report_bytes(con: duckdb.DuckDBPyConnection, period: Period) -> bytes:
    """The report of `period` as .docx bytes, from an open connection (the app's)."""
    return decree30.to_bytes(build_report(gather(con, period)))


def report_docx(db_path: Path | None, period: Period) -> bytes:
    """The report of `period` as .docx bytes, from the database at `db_path` (None: the app's)."""
    with read_only_database(db_path) as con:
        return report_bytes(con, period)


def add_command(subparsers) -> None:
    """Register `report` on the subparsers of `python -m exports`."""
    command = subparsers.add_parser(
        "report",
        help="báo cáo 6 tháng, cả năm gửi Bộ (Word) hoặc phụ lục (Excel)",
        description="Lập báo cáo kết quả hợp nhất hạ tầng thông tin, hạ tầng số gửi Cục "
        "Chuyển đổi số quốc gia (tệp .docx), hoặc phụ lục số liệu của báo cáo (tệp .xlsx).",
    )
    command.add_argument(
        "--period",
        type=parse_period,
        required=True,
        metavar="KỲ",
        help="kỳ báo cáo: 2026-H1, 2026-H2 hoặc 2026 (cả năm)",
    )
    add_database_option(command)  # the one --db of every export command
    command.add_argument(
        "--out", type=Path, required=True, metavar="TỆP", help="tệp sẽ ghi: .docx hoặc .xlsx"
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the report (.docx) or its appendix (.xlsx); 0 written, 1 failed, 2 wrong usage."""
    suffix = args.out.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        print(
            f"Lệnh không đúng cú pháp: tệp {args.out} phải có đuôi .docx (báo cáo) hoặc .xlsx "
            "(phụ lục).",
            file=sys.stderr,
        )
        return 2
    try:
        if suffix == ".docx":
            content = report_docx(args.db, args.period)
        else:
            from exports.appendix import appendix_xlsx

            content = appendix_xlsx(args.db, args.period)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(content)
    except ExportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        print(f"Không đọc được cơ sở dữ liệu: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Không ghi được tệp {args.out}: {exc.strerror or exc}.", file=sys.stderr)
        return 1
    print(f"Đã ghi {'báo cáo' if suffix == '.docx' else 'phụ lục'} {args.period.name}: {args.out}")
    return 0
