"""Loaders layer: the demo's story, a province's year of reports drawn from one seed; no files, no Streamlit.

`generate_demo` invents every agency's pace (done, on track, late, no plan), its servers and
storage, the systems it moves and when each reaches each stage, so that the indicators of
spec/kpis.md tell a believable story on every report date. `loaders.demo_workbooks` writes it
as spreadsheets and `loaders.demo` loads them.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import db
from vocabulary import (
    CHANGE_PLANS,
    DONE_STATUSES,
    MIGRATED_STAGES,
    MIGRATION_STAGES,
    SCHEDULE_END,
    SCHEDULE_START,
    SERVER_TYPES,
)

REPORT_DATES: tuple[date, ...] = (
    date(2026, 3, 31),
    date(2026, 6, 30),
    date(2026, 9, 30),
    date(2026, 11, 15),
)
# The straight line of spec/kpis.md (agencies_at_risk) that agencies keep to, or fall behind.
SCHEDULE_DAYS = (SCHEDULE_END - SCHEDULE_START).days
DEFAULT_SEED = 2026

DONE_STATUS_BY_PLAN = {
    "consolidate": "consolidated",
    "cloud": "cloud",
    "eliminate": "decommissioned",
}
STAGE_ORDER = tuple(MIGRATION_STAGES)  # planned … legacy_off, in the order systems pass them

# Asset counts of the provincial agencies, before a ±15 % jitter: the big sectoral databases
# (land, health, education, finance) sit with their departments.
DEPARTMENT_SIZES = {
    "VP-UBND": 52,
    "SO-NV": 34,
    "SO-TC": 58,
    "SO-TP": 34,
    "SO-CT": 27,
    "SO-XD": 31,
    "SO-NNMT": 78,
    "SO-KHCN": 44,
    "SO-GDDT": 58,
    "SO-YT": 72,
    "SO-VHTTDL": 29,
    "SO-DTTG": 17,
    "THANH-TRA": 19,
    "BQL-KCN": 29,
    "TTPVHCC": 44,
}
POLICE_SIZE = 120
DATA_CENTRE_SIZES = {"TTTHDL-BN": 152, "TTTHDL-BG": 104}

# (model, first year sold, last year sold, tower): a tower is what a commune buys.
PHYSICAL_MODELS = (
    ("Dell PowerEdge R720", 2012, 2015, False),
    ("HP ProLiant DL380p Gen8", 2012, 2015, False),
    ("IBM System x3650 M4", 2012, 2015, False),
    ("Dell PowerEdge T320", 2012, 2016, True),
    ("HP ProLiant ML350p Gen8", 2012, 2015, True),
    ("Dell PowerEdge R730", 2015, 2018, False),
    ("HPE ProLiant DL380 Gen9", 2015, 2018, False),
    ("Lenovo System x3650 M5", 2015, 2018, False),
    ("Dell PowerEdge T430", 2016, 2019, True),
    ("HPE ProLiant ML350 Gen9", 2016, 2018, True),
    ("Fujitsu Primergy RX2540 M4", 2017, 2020, False),
    ("Dell PowerEdge R740", 2018, 2022, False),
    ("HPE ProLiant DL380 Gen10", 2018, 2023, False),
    ("Lenovo ThinkSystem SR650", 2018, 2022, False),
    ("Huawei FusionServer 2288H V5", 2018, 2022, False),
    ("Dell PowerEdge T440", 2019, 2023, True),
    ("HPE ProLiant ML350 Gen10", 2019, 2023, True),
    ("Lenovo ThinkSystem ST550", 2019, 2023, True),
    ("Inspur NF5280M6", 2021, 2025, False),
    ("Dell PowerEdge R750", 2021, 2025, False),
    ("HPE ProLiant DL380 Gen10 Plus", 2021, 2025, False),
    ("Lenovo ThinkSystem SR650 V2", 2021, 2025, False),
    ("Dell PowerEdge T550", 2022, 2025, True),
)
VIRTUAL_MODELS = (
    ("Máy ảo VMware ESXi 6.7", 2016, 2020, False),
    ("Máy ảo VMware ESXi 7.0", 2020, 2025, False),
    ("Máy ảo Microsoft Hyper-V", 2016, 2025, True),
    ("Máy ảo KVM (OpenStack)", 2019, 2025, False),
)
STORAGE_MODELS = (
    ("IBM Storwize V5000", 2013, 2017, False),
    ("Dell EMC VNXe 3200", 2013, 2016, False),
    ("Huawei OceanStor 2600 V3", 2016, 2019, False),
    ("HPE MSA 2050", 2017, 2021, False),
    ("NetApp FAS2750", 2018, 2023, False),
    ("Huawei OceanStor 5300 V5", 2019, 2024, False),
    ("Dell EMC Unity XT 380", 2020, 2024, False),
    ("HPE MSA 2060", 2021, 2024, False),
    ("Synology DS1817+", 2017, 2019, True),
    ("Synology RS818+", 2017, 2020, True),
    ("QNAP TS-873AU", 2019, 2023, True),
    ("Synology RS3621xs+", 2021, 2024, True),
)

GENERIC_SYSTEMS = (
    "Hệ thống quản lý văn bản và điều hành",
    "Cổng thông tin điện tử",
    "Phần mềm kế toán",
    "Hệ thống thư điện tử công vụ",
    "Phần mềm quản lý tài sản công",
    "Phần mềm quản lý cán bộ, công chức",
    "Hệ thống họp trực tuyến",
    "Máy chủ tệp, chia sẻ dữ liệu nội bộ",
)
SPECIFIC_SYSTEMS: dict[str, tuple[str, ...]] = {
    "VP-UBND": (
        "Hệ thống thông tin báo cáo tỉnh",
        "Trung tâm giám sát, điều hành thông minh (IOC)",
        "Hệ thống phản ánh, kiến nghị",
    ),
    "SO-NV": ("Cơ sở dữ liệu cán bộ, công chức, viên chức", "Hệ thống lưu trữ hồ sơ điện tử"),
    "SO-TC": (
        "Phần mềm quản lý ngân sách",
        "Cơ sở dữ liệu giá",
        "Hệ thống đăng ký doanh nghiệp và đầu tư",
    ),
    "SO-TP": (
        "Cơ sở dữ liệu hộ tịch điện tử",
        "Phần mềm lý lịch tư pháp",
        "Cơ sở dữ liệu công chứng",
    ),
    "SO-CT": ("Hệ thống quản lý cụm công nghiệp", "Cổng xúc tiến thương mại"),
    "SO-XD": ("Cơ sở dữ liệu quy hoạch xây dựng", "Hệ thống cấp phép xây dựng trực tuyến"),
    "SO-NNMT": (
        "Cơ sở dữ liệu đất đai",
        "Hệ thống quan trắc môi trường tự động",
        "Cơ sở dữ liệu tài nguyên nước",
        "Hệ thống cảnh báo thiên tai",
    ),
    "SO-KHCN": (
        "Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        "Hệ thống giám sát an toàn thông tin (SOC)",
        "Hệ thống xác thực tập trung (SSO)",
    ),
    "SO-GDDT": (
        "Cơ sở dữ liệu ngành giáo dục",
        "Hệ thống tuyển sinh trực tuyến",
        "Hệ thống quản lý thi",
    ),
    "SO-YT": (
        "Hệ thống thông tin y tế",
        "Phần mềm quản lý tiêm chủng",
        "Hệ thống hồ sơ sức khỏe điện tử",
        "Phần mềm quản lý bệnh viện (HIS)",
    ),
    "SO-VHTTDL": ("Cơ sở dữ liệu di sản văn hóa", "Cổng thông tin du lịch"),
    "SO-DTTG": ("Cơ sở dữ liệu dân tộc, tôn giáo",),
    "THANH-TRA": ("Phần mềm quản lý khiếu nại, tố cáo",),
    "BQL-KCN": ("Hệ thống quản lý doanh nghiệp khu công nghiệp", "Cấp phép lao động nước ngoài"),
    "TTPVHCC": (
        "Hệ thống thông tin giải quyết thủ tục hành chính",
        "Hệ thống một cửa điện tử",
        "Tổng đài 1022",
    ),
    "CA-TINH": (
        "Khai thác cơ sở dữ liệu quốc gia về dân cư",
        "Hệ thống camera giám sát giao thông",
        "Phần mềm quản lý hồ sơ nghiệp vụ",
        "Hệ thống xử lý vi phạm hành chính",
        "Hệ thống cấp căn cước",
        "Phần mềm quản lý cư trú",
    ),
}
DATA_CENTRE_SYSTEMS = (
    "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
    "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)",
    "Hệ thống thư điện tử công vụ tỉnh",
    "Hệ thống quản lý văn bản và điều hành tỉnh",
    "Cổng thông tin điện tử tỉnh",
    "Kho dữ liệu dùng chung tỉnh",
    "Hệ thống xác thực tập trung (SSO)",
    "Cơ sở dữ liệu cán bộ, công chức, viên chức",
    "Hệ thống báo cáo kinh tế - xã hội",
    "Hệ thống họp trực tuyến tỉnh",
    "Hệ thống phản ánh, kiến nghị tỉnh",
    "Cơ sở dữ liệu đất đai (bản sao)",
    "Cơ sở dữ liệu doanh nghiệp",
    "Hệ thống chữ ký số tập trung",
    "Cổng dữ liệu mở tỉnh",
    "Hệ thống sao lưu dữ liệu tập trung",
    "Hệ thống giám sát an toàn thông tin (SOC)",
    "Hệ thống thanh toán trực tuyến",
    "Nền tảng bản đồ số tỉnh (GIS)",
    "Cơ sở dữ liệu hộ tịch (bản sao)",
    "Hệ thống đánh giá chỉ số phục vụ người dân",
    "Hệ thống quản lý hồ sơ sức khỏe (bản sao)",
    "Trục liên thông văn bản quốc gia (kết nối)",
    "Hệ thống đào tạo trực tuyến cán bộ",
)
COMMUNE_SYSTEMS = (
    "Hệ thống một cửa điện tử cấp xã",
    "Phần mềm kế toán",
    "Phần mềm quản lý hộ tịch",
    "Trang thông tin điện tử",
    "Máy chủ tệp nội bộ",
    "Hệ thống camera an ninh",
)
STORAGE_SYSTEMS = ("Lưu trữ dữ liệu dùng chung", "Sao lưu dữ liệu")

KEEP_REASONS = {
    "police": "Hệ thống nghiệp vụ đặc thù ngành Công an, quản lý theo quy định của Bộ Công an",
    "SO-NNMT": "Kết nối trực tiếp thiết bị quan trắc tại hiện trường, yêu cầu đặt tại chỗ",
    "SO-YT": "Thiết bị dự án ODA còn trong thời gian bảo hành, giữ lại đến hết dự án",
    "VP-UBND": "Lưu trữ tài liệu mật theo Luật Bảo vệ bí mật nhà nước",
    "commune": "Lưu trữ dữ liệu camera an ninh tại chỗ, băng thông không đủ để chuyển",
}
IDLE_NOTES = (
    "Máy chủ hỏng, chờ thanh lý",
    "Hết bảo hành, không còn sử dụng",
    "Đã ngừng dịch vụ cũ",
)
DONE_NOTES = {
    "consolidated": ("Đã chuyển dữ liệu sang TTTHDL", "=> Đã chuyển dữ liệu sang TTTHDL tỉnh"),
    "cloud": ("Đã chuyển lên đám mây theo hợp đồng thuê dịch vụ",),
    "decommissioned": ("Đã thanh lý theo quyết định của đơn vị", "Đã xóa dữ liệu, chờ thanh lý"),
}
MIGRATION_NOTES = (
    "Chờ cấp tài nguyên trên TTTHDL",
    "Đã đối soát dữ liệu sau chuyển đổi",
    "Chờ kết nối NDXP",
    "Đang rà soát mã nguồn với nhà cung cấp",
)
REVISE_NOTES = (
    "Bổ sung lộ trình chi tiết và dự toán kinh phí",
    "Làm rõ phương án đối với máy chủ giữ lại",
)


def _line_date(fraction: float) -> date:
    """The day the straight-line schedule reaches `fraction` (0 on 31/3, 1 on 31/12)."""
    return SCHEDULE_START + timedelta(days=round(fraction * SCHEDULE_DAYS))


def _month_end(day: date) -> date:
    """The last day of `day`'s month: agencies write deadlines as month ends."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _between(rng: random.Random, start: date, end: date) -> date:
    """A day drawn uniformly from start … end."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _on_or_before(day: date | None, when: date) -> bool:
    return day is not None and day <= when


# --------------------------------------------------------------------------- generated data


@dataclass
class DemoAgency:
    """One reporting agency and how its year goes: when it reports, plans and gets its plan approved."""

    code: str
    name: str
    kind: str
    commune_code: str
    former_province: str
    profile: str  # done | on_track | late | no_plan | empty | data_centre
    report_dates: tuple[date, ...]
    submitted_on: date | None
    revise_on: date | None
    approved_on: date | None
    tslcd_from: date | None
    budget_vnd: float = 0.0
    savings_vnd: float = 0.0
    plan_note: str | None = None

    def plan_visible(self, when: date) -> bool:
        """Whether the agency had sent its plan by `when` (asset plans are blank before)."""
        return _on_or_before(self.submitted_on, when)

    def plan_status(self, when: date) -> str:
        if not self.plan_visible(when):
            return "not_submitted"
        if _on_or_before(self.approved_on, when):
            return "approved"
        if _on_or_before(self.revise_on, when):
            return "revise"
        return "submitted"


@dataclass
class DemoAsset:
    """One server or storage system, with the day its plan is carried out (None: not this year)."""

    agency_code: str
    asset_code: str
    asset_type: str
    model: str
    year_in_service: int
    commune_code: str
    cpu_cores: int | None
    ram_gb: float | None
    storage_tb: float
    utilization: tuple[float, ...]  # one per report date, while the asset runs
    annual_cost_vnd: float | None
    systems: str | None
    security_level: int | None
    soc_from: date | None
    backup_from: date | None
    idle: bool
    plan: str | None
    done_on: date | None = None
    target_date: date | None = None
    note: str | None = None
    done_note: str | None = None

    def status(self, when: date) -> str:
        if self.plan in DONE_STATUS_BY_PLAN and _on_or_before(self.done_on, when):
            return DONE_STATUS_BY_PLAN[self.plan]
        return "idle" if self.idle else "active"

    def row(self, when: date, plan_visible: bool) -> dict[str, Any]:
        """The asset as its agency reports it on `when`: machine values, Biểu 01 names."""
        status = self.status(when)
        central = status in ("consolidated", "cloud")  # now hosted where SOC and backup run
        done = status in DONE_STATUSES
        return {
            "agency_code": self.agency_code,
            "asset_code": self.asset_code,
            "asset_type": self.asset_type,
            "model": self.model,
            "year_in_service": self.year_in_service,
            "commune_code": self.commune_code,
            "cpu_cores": self.cpu_cores,
            "ram_gb": self.ram_gb,
            "storage_tb": self.storage_tb,
            "utilization_pct": None if done else self.utilization[REPORT_DATES.index(when)],
            "annual_cost_vnd": self.annual_cost_vnd,
            "systems": self.systems,
            "security_level": self.security_level,
            "soc_monitored": central or _on_or_before(self.soc_from, when),
            "central_backup": central or _on_or_before(self.backup_from, when),
            "status": status,
            "plan": self.plan if plan_visible else None,
            "target_date": self.target_date if plan_visible else None,
            "note": (self.done_note if done else None) or self.note,
        }


@dataclass
class DemoSystem:
    """One information system being moved, with the day it reaches each stage."""

    agency_code: str
    system_code: str
    system_name: str
    source_asset_code: str | None
    target: str
    planned_date: date
    stage_dates: tuple[date, date, date, date]  # migrating, migrated, accepted, legacy_off
    ndxp_from: date | None
    soc_from: date | None
    security_level: int | None
    note: str | None

    def stage(self, when: date) -> str:
        reached = sum(1 for day in self.stage_dates if day <= when)
        return STAGE_ORDER[reached]

    def row(self, when: date) -> dict[str, Any]:
        """The system as its agency reports it on `when`: machine values, Biểu 03 names."""
        stage = self.stage(when)
        return {
            "system_code": self.system_code,
            "system_name": self.system_name,
            "agency_code": self.agency_code,
            "source_asset_code": self.source_asset_code,
            "target": self.target,
            "stage": stage,
            "planned_date": self.planned_date,
            "done_date": self.stage_dates[1] if stage in MIGRATED_STAGES else None,
            "ndxp_connected": _on_or_before(self.ndxp_from, when),
            "soc_monitored": _on_or_before(self.soc_from, when),
            "security_level": self.security_level,
            "note": self.note if stage != "planned" else None,
        }


@dataclass
class DemoData:
    """A province's year of reports, before any spreadsheet is written."""

    seed: int
    agencies: list[DemoAgency]
    assets: list[DemoAsset]
    systems: list[DemoSystem]
    _assets_by_agency: dict[str, list[DemoAsset]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _systems_by_agency: dict[str, list[DemoSystem]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for asset in self.assets:
            self._assets_by_agency.setdefault(asset.agency_code, []).append(asset)
        for system in self.systems:
            self._systems_by_agency.setdefault(system.agency_code, []).append(system)

    def assets_of(self, agency_code: str) -> list[DemoAsset]:
        return self._assets_by_agency.get(agency_code, [])

    def systems_of(self, agency_code: str) -> list[DemoSystem]:
        return self._systems_by_agency.get(agency_code, [])

    def reporting(self, when: date) -> list[DemoAgency]:
        """The agencies that send a report for `when` (some skip a date or start late)."""
        return [a for a in self.agencies if when in a.report_dates]

    def servers_remaining(self, as_of: date) -> int:
        """Standalone servers active or idle in each agency's latest report on or before `as_of`
        (servers_remaining of spec/kpis.md, worked out from the generated story)."""
        count = 0
        for agency in self.agencies:
            dates = [d for d in agency.report_dates if d <= as_of]
            if agency.kind == "data_centre" or not dates:
                continue
            count += sum(
                1
                for a in self.assets_of(agency.code)
                if a.asset_type in SERVER_TYPES and a.status(max(dates)) in ("active", "idle")
            )
        return count

    def inventory_rows(self, agency: DemoAgency, when: date) -> list[dict[str, Any]]:
        visible = agency.plan_visible(when)
        return [a.row(when, visible) for a in self.assets_of(agency.code)]

    def plan_row(self, agency: DemoAgency, when: date) -> dict[str, Any]:
        """Biểu 02: the counts come from the asset plans, so they always add up."""
        status = agency.plan_status(when)
        row: dict[str, Any] = {
            "agency_code": agency.code,
            "submitted_on": agency.submitted_on if status != "not_submitted" else None,
            "plan_status": status,
            "tslcd_connected": _on_or_before(agency.tslcd_from, when),
            "note": agency.plan_note if status == "revise" else None,
        }
        if agency.profile == "empty":
            row["note"] = "Không có máy chủ riêng, dùng các hệ thống dùng chung của tỉnh"
        counts = ("servers_total", "servers_eliminate", "servers_consolidate", "servers_cloud")
        if status == "not_submitted":
            # Nothing sent yet: the counts stay blank (blank counts as 0, so they still add up).
            row.update(
                dict.fromkeys((*counts, "servers_keep", "budget_vnd", "planned_savings_vnd"))
            )
            return row
        servers = [a for a in self.assets_of(agency.code) if a.asset_type in SERVER_TYPES]
        row["servers_total"] = len(servers)
        for plan in ("eliminate", "consolidate", "cloud", "keep"):
            row[f"servers_{plan}"] = sum(1 for a in servers if a.plan == plan)
        row["budget_vnd"] = agency.budget_vnd
        row["planned_savings_vnd"] = agency.savings_vnd
        return row

    def migration_rows(self, agency: DemoAgency, when: date) -> list[dict[str, Any]]:
        # Systems are reported once there is a plan to move them.
        if not agency.plan_visible(when):
            return []
        return [s.row(when) for s in self.systems_of(agency.code)]

    def form_rows(
        self, form: str, agencies: Iterable[DemoAgency], when: date
    ) -> list[dict[str, Any]]:
        """The rows of one form (inventory | plans | migrations) the agencies report on `when`."""
        rows: list[dict[str, Any]] = []
        for agency in agencies:
            if form == "inventory":
                rows += self.inventory_rows(agency, when)
            elif form == "plans":
                rows.append(self.plan_row(agency, when))
            else:
                rows += self.migration_rows(agency, when)
        return rows


class _Generator:
    """Draws the whole demo from one `random.Random(seed)`, agencies in the CSV's order."""

    def __init__(self, seed: int, agencies: Sequence[dict[str, Any]], communes: dict[str, dict]):
        self.rng = random.Random(seed)
        self.seed = seed
        self.agency_rows = list(agencies)
        self.communes = communes
        self.assets: list[DemoAsset] = []
        self.systems: list[DemoSystem] = []

    # ---- who does what
    def profiles(self) -> dict[str, str]:
        """Pace of each agency: a fixed mix, drawn so that the story has every case."""
        rng = self.rng
        profiles: dict[str, str] = {}
        departments = [a["agency_code"] for a in self.agency_rows if a["kind"] == "department"]
        rng.shuffle(departments)
        for i, code in enumerate(departments):
            profiles[code] = "done" if i < 3 else "late" if i < 6 else "on_track"
        communes = [a for a in self.agency_rows if a["kind"] == "commune"]
        # The communes without any server: small rural communes.
        small = sorted(
            (a for a in communes if self.communes[a["commune_code"]]["type"] == "xa"),
            key=lambda a: self.communes[a["commune_code"]]["population"],
        )
        for a in rng.sample(small[:12], 3):
            profiles[a["agency_code"]] = "empty"
        rest = [a["agency_code"] for a in communes if a["agency_code"] not in profiles]
        rng.shuffle(rest)
        mix = ["no_plan"] * 3 + ["late_plan"] * 4 + ["done"] * 12 + ["late"] * 22
        for code, profile in zip(rest, mix + ["on_track"] * len(rest), strict=False):
            profiles[code] = profile
        for a in self.agency_rows:
            if a["kind"] == "police":
                profiles[a["agency_code"]] = "on_track"
            elif a["kind"] == "data_centre":
                profiles[a["agency_code"]] = "data_centre"
        return profiles

    def report_dates(self, profiles: dict[str, str]) -> dict[str, tuple[date, ...]]:
        """Every agency reports, but not always on every date: skips and late first reports."""
        rng = self.rng
        dates = {a["agency_code"]: REPORT_DATES for a in self.agency_rows}
        communes = [
            a["agency_code"]
            for a in self.agency_rows
            if a["kind"] == "commune" and profiles[a["agency_code"]] not in ("empty",)
        ]
        picked = rng.sample(communes, 4 + 6 + 9 + 5)
        for i, code in enumerate(picked):
            if i < 4:  # first report only at 30/6 or 30/9
                dates[code] = REPORT_DATES[1 + i % 2 :]
            else:
                skip = REPORT_DATES[1] if i < 10 else REPORT_DATES[2] if i < 19 else REPORT_DATES[3]
                dates[code] = tuple(d for d in REPORT_DATES if d != skip)
        # The smallest department misses the third quarter.
        departments = [a["agency_code"] for a in self.agency_rows if a["kind"] == "department"]
        smallest = min(departments, key=lambda c: DEPARTMENT_SIZES.get(c, 30))
        dates[smallest] = tuple(d for d in REPORT_DATES if d != REPORT_DATES[2])
        return dates

    # ---- the agencies
    def agencies(self) -> list[DemoAgency]:
        rng = self.rng
        profiles = self.profiles()
        report_dates = self.report_dates(profiles)
        approval_rounds = (
            date(2026, 5, 20),
            date(2026, 6, 25),
            date(2026, 8, 14),
            date(2026, 9, 22),
            date(2026, 10, 30),
        )
        out = []
        for row in self.agency_rows:
            code, kind = row["agency_code"], row["kind"]
            profile = profiles[code]
            first = report_dates[code][0]
            submitted: date | None
            if profile == "no_plan":
                submitted = None
            elif profile == "late_plan":
                submitted = _between(rng, date(2026, 4, 15), date(2026, 8, 31))
            elif first > REPORT_DATES[0]:
                # Late first report: the plan comes with it.
                submitted = _between(rng, first - timedelta(days=50), first - timedelta(days=5))
            else:
                submitted = _between(rng, date(2026, 3, 5), date(2026, 3, 31))
            revise = approved = None
            if submitted is not None:
                if rng.random() < 0.3:
                    revise = submitted + timedelta(days=rng.randint(10, 35))
                later = [
                    d for d in approval_rounds if d > (revise or submitted) + timedelta(days=20)
                ]
                if later and rng.random() < (0.35 if profile in ("late", "late_plan") else 0.9):
                    approved = later[min(len(later) - 1, int(rng.random() ** 2 * len(later)))]
            tslcd_share = {"commune": 0.55}.get(kind, 0.95)
            if rng.random() < tslcd_share:
                tslcd = date(2025, 12, 31)
            elif rng.random() < 0.75:
                tslcd = _between(rng, date(2026, 4, 1), date(2026, 12, 31))
            else:
                tslcd = None
            out.append(
                DemoAgency(
                    code=code,
                    name=row["name"],
                    kind=kind,
                    commune_code=row["commune_code"],
                    former_province=self.communes[row["commune_code"]]["former_province"],
                    profile="late" if profile == "late_plan" else profile,
                    report_dates=report_dates[code],
                    submitted_on=submitted,
                    revise_on=revise,
                    approved_on=approved,
                    tslcd_from=tslcd,
                    plan_note=rng.choice(REVISE_NOTES) if revise else None,
                )
            )
        return out

    # ---- the assets
    def size(self, agency: DemoAgency) -> int:
        rng = self.rng
        if agency.profile == "empty":
            return 0
        if agency.kind == "department":
            return round(DEPARTMENT_SIZES.get(agency.code, 30) * rng.uniform(0.9, 1.2))
        if agency.kind == "police":
            return POLICE_SIZE
        if agency.kind == "data_centre":
            return DATA_CENTRE_SIZES.get(agency.code, 100)
        commune = self.communes[agency.commune_code]
        mean = 3.6 + 1.4 * (commune["type"] == "phuong") + commune["population"] / 40000
        return max(1, min(8, round(rng.gauss(mean, 1.3))))

    def composition(self, agency: DemoAgency, n: int) -> list[str]:
        """Asset types of an agency: data centres run virtual machines, communes a box or two."""
        rng = self.rng
        if agency.kind == "commune":
            storage = 1 if n >= 3 and rng.random() < 0.7 else 0
            virtual = rng.randint(1, 3) if n >= 5 else 0
            physical = n - storage - virtual
        else:
            storage_share, physical_share = {
                "data_centre": (0.08, 0.14),
                "police": (0.09, 0.42),
            }.get(agency.kind, (0.08, 0.38))
            storage = max(1, round(n * storage_share))
            physical = max(1, round(n * physical_share))
            virtual = n - storage - physical
        return ["physical_server"] * physical + ["virtual_server"] * virtual + ["storage"] * storage

    def model_for(self, asset_type: str, year: int, tower: bool) -> str:
        catalogue = {
            "physical_server": PHYSICAL_MODELS,
            "virtual_server": VIRTUAL_MODELS,
            "storage": STORAGE_MODELS,
        }[asset_type]
        fitting = [m for m, first, last, t in catalogue if first <= year <= last and t == tower]
        fitting = fitting or [m for m, first, last, _ in catalogue if first <= year <= last]
        return self.rng.choice(fitting)

    def make_asset(
        self, agency: DemoAgency, asset_type: str, code: str, pool: Sequence[str]
    ) -> DemoAsset:
        rng = self.rng
        commune = agency.kind == "commune"
        if asset_type == "physical_server":
            year = min(2025, max(2012, round(rng.triangular(2012, 2025, 2018))))
        elif asset_type == "virtual_server":
            year = rng.randint(2016, 2025)
        else:
            year = rng.randint(2013, 2024)
        tower = commune or (agency.kind == "department" and rng.random() < 0.15)
        model = self.model_for(asset_type, year, tower)
        idle = asset_type == "physical_server" and year <= 2016 and rng.random() < 0.3
        # Specs and costs: a rack server costs tens of millions a year (power, cooling,
        # maintenance contract, licences), more than hosting its cores, RAM and disks centrally
        # at data/tariffs.csv, which is why consolidation saves money.
        if asset_type == "physical_server":
            if commune:
                cores: int | None = rng.choice([4, 8, 12])
                ram: float | None = float(rng.choice([16, 32]))
                storage_tb = float(rng.choice([1, 2]))
                cost = rng.uniform(20e6, 45e6) + (2026 - year) * 1e6
            else:
                cores = rng.choice(
                    [8, 12, 16]
                    if year <= 2015
                    else [12, 16, 20, 24]
                    if year <= 2019
                    else [16, 24, 32]
                )
                ram = float(
                    rng.choice(
                        [32, 64]
                        if year <= 2015
                        else [64, 96, 128]
                        if year <= 2019
                        else [64, 128, 192]
                    )
                )
                storage_tb = rng.choice([1.2, 2.4, 3.6, 4.8])
                cost = rng.uniform(45e6, 110e6) + (2026 - year) * 2e6  # old hardware costs more
            util = rng.gauss(35, 15)
        elif asset_type == "virtual_server":
            cores = rng.choice([2, 4, 4, 8, 8, 16])
            ram = float(rng.choice([4, 8, 8, 16, 16, 32]))
            storage_tb = rng.choice([0.1, 0.2, 0.3, 0.5, 1.0])
            cost = (
                rng.uniform(4e6, 12e6) if agency.kind == "data_centre" else rng.uniform(8e6, 25e6)
            )
            util = rng.gauss(45, 18)
        else:
            cores = ram = None
            nas = "Synology" in model or "QNAP" in model
            storage_tb = float(
                rng.choice([8, 12, 16, 24]) if nas else rng.choice([20, 30, 40, 60, 80, 120])
            )
            cost = rng.uniform(15e6, 35e6) if nas else rng.uniform(80e6, 250e6)
            util = rng.gauss(60, 15)
        if idle:
            cost *= 0.4  # switched off but still under a maintenance contract
            utilization = tuple(float(rng.choice([0, 0, 0.5, 1, 2])) for _ in REPORT_DATES)
        else:
            base = min(95.0, max(3.0, util))
            utilization = tuple(
                round(min(100.0, max(1.0, base + rng.uniform(-4, 4))), 1) for _ in REPORT_DATES
            )
        if asset_type == "storage":
            systems = rng.choice(STORAGE_SYSTEMS)
        else:
            systems = ", ".join(rng.sample(list(pool), min(len(pool), rng.choice([1, 1, 2, 3]))))
        level = {
            "department": [2, 2, 3, 3, 3, None],
            "police": [3, 4, 4],
            "data_centre": [3, 3, 4],
            "commune": [1, 2, 2, None],
        }[agency.kind]
        soc0, soc_later = {
            "data_centre": (0.85, 1.0),
            "police": (0.7, 0.9),
            "department": (0.35, 0.8),
        }.get(agency.kind, (0.08, 0.55))
        backup0, backup_later = {
            "data_centre": (0.9, 1.0),
            "police": (0.6, 0.8),
            "department": (0.3, 0.75),
        }.get(agency.kind, (0.05, 0.5))
        return DemoAsset(
            agency_code=agency.code,
            asset_code=code,
            asset_type=asset_type,
            model=model,
            year_in_service=year,
            commune_code=agency.commune_code,
            cpu_cores=cores,
            ram_gb=ram,
            storage_tb=storage_tb,
            utilization=utilization,
            annual_cost_vnd=float(round(cost, -5)),
            systems=systems,
            security_level=rng.choice(level) if asset_type != "storage" else None,
            soc_from=self.onboarding(soc0, soc_later),
            backup_from=self.onboarding(backup0, backup_later),
            idle=idle,
            plan=None,
            note=rng.choice(IDLE_NOTES) if idle and rng.random() < 0.6 else None,
        )

    def onboarding(self, at_start: float, later: float) -> date | None:
        """When an asset joins central monitoring or backup: already, during the year, or never."""
        if self.rng.random() < at_start:
            return date(2025, 12, 31)
        if self.rng.random() < later:
            return _between(self.rng, date(2026, 4, 15), date(2027, 3, 31))
        return None

    def asset_codes(self, agency: DemoAgency, types: Sequence[str]) -> list[str]:
        """Codes as each kind of agency writes them: prefixes differ, numbering is per type."""
        prefixes = {"physical_server": "MC", "virtual_server": "VM", "storage": "LT"}
        if agency.kind == "data_centre":
            site = agency.code.rsplit("-", 1)[1]
            prefixes = {k: f"{site}-{v}" for k, v in prefixes.items()}
        elif agency.kind != "commune":
            prefixes = {k: f"{agency.code}-{v}" for k, v in prefixes.items()}
        width = 2 if agency.kind == "commune" else 3
        seen: dict[str, int] = {}
        codes = []
        for t in types:
            seen[t] = seen.get(t, 0) + 1
            codes.append(f"{prefixes[t]}{seen[t]:0{width}d}")
        return codes

    def plan_for(self, agency: DemoAgency, asset: DemoAsset) -> str:
        """An asset's plan: old and idle boxes go, the rest moves; the police keep a few."""
        rng = self.rng
        if asset.idle or (asset.asset_type == "physical_server" and asset.year_in_service <= 2015):
            return "eliminate" if rng.random() < 0.85 else "consolidate"
        if agency.kind == "data_centre":
            return "consolidate" if rng.random() < 0.93 else "eliminate"
        if agency.kind == "police":
            return rng.choices(["consolidate", "eliminate"], [0.8, 0.2])[0]
        if agency.kind == "commune":
            return rng.choices(["eliminate", "consolidate", "cloud"], [0.35, 0.45, 0.2])[0]
        return rng.choices(["consolidate", "cloud", "eliminate"], [0.6, 0.22, 0.18])[0]

    def elsewhere(self, agency: DemoAgency, empty_communes: Sequence[str]) -> str:
        """A site other than the agency's own: the other provincial site or a big ward."""
        other = {"07210": "09187", "09187": "07210"}.get(agency.commune_code)
        if other and self.rng.random() < 0.6:
            return other
        wards = [
            c
            for c, v in self.communes.items()
            if v["type"] == "phuong" and c not in empty_communes and c != agency.commune_code
        ]
        return self.rng.choice(wards)

    def schedule(self, agency: DemoAgency, assets: list[DemoAsset]) -> None:
        """Give each asset to change a done date, so that the agency keeps its profile's pace.

        Assets are ranked (idle first, then eliminations, then moves) and the i-th of n is done
        when the pace reaches i/n (on track: never behind the straight line) or (i+1)/n (late:
        always behind it), which keeps the story right even for a commune with two servers.
        """
        rng = self.rng
        profile = agency.profile
        earliest = max(date(2026, 4, 1), (agency.submitted_on or date(2026, 4, 1)) + timedelta(14))
        ahead = {"on_track": rng.randint(12, 45), "data_centre": rng.randint(0, 10)}.get(profile, 0)
        lag = rng.randint(40, 160)
        finish = _between(rng, date(2026, 7, 10), date(2026, 11, 5))
        # Servers (what the indicators count) and storage keep the pace each on their own.
        for servers in (True, False):
            to_change = [
                a
                for a in assets
                if a.plan in CHANGE_PLANS and (a.asset_type in SERVER_TYPES) == servers
            ]
            rank = {"eliminate": 0, "consolidate": 1, "cloud": 1}
            rng.shuffle(to_change)
            to_change.sort(key=lambda a: (not a.idle, rank[a.plan or "keep"]))
            n = len(to_change)
            # On track, the last, hardest servers are left for December: the share left,
            # at most 16 %, keeps the agency on the straight line at mid-November (83 %),
            # so it is on the way rather than done. A small agency cannot leave one server
            # without falling behind: only some do.
            tail = 0
            if profile == "on_track" and servers:
                tail = (
                    1 if n == 6 else n * 16 // 100 if n > 6 else int(n >= 3 and rng.random() < 0.25)
                )
            for i, asset in enumerate(to_change):
                if profile in ("on_track", "data_centre"):
                    planned = _line_date(i / n) - timedelta(days=ahead)
                    done = max(planned, earliest + timedelta(days=rng.randint(0, 25)))
                    if i >= n - tail:
                        done = _between(rng, date(2026, 11, 20), date(2026, 12, 28))
                    target = _month_end(
                        min(SCHEDULE_END, done + timedelta(days=rng.randint(0, 30)))
                    )
                elif profile == "done":
                    done = earliest + max(timedelta(0), finish - earliest) * i / n
                    target = _month_end(
                        min(SCHEDULE_END, done + timedelta(days=rng.randint(0, 40)))
                    )
                else:  # late: behind the straight line, and back-loaded on paper as well
                    done = max(_line_date((i + 1) / n) + timedelta(days=lag), earliest)
                    target = rng.choice(
                        [date(2026, 10, 31), SCHEDULE_END, SCHEDULE_END, SCHEDULE_END]
                    )
                asset.done_on = done
                asset.target_date = target
                if rng.random() < 0.12:
                    asset.done_note = rng.choice(DONE_NOTES[DONE_STATUS_BY_PLAN[asset.plan or ""]])

    def agency_assets(self, agency: DemoAgency, empty_communes: Sequence[str]) -> list[DemoAsset]:
        rng = self.rng
        n = self.size(agency)
        if n == 0:
            return []
        types = self.composition(agency, n)
        if agency.kind == "data_centre":
            pool: Sequence[str] = DATA_CENTRE_SYSTEMS
        elif agency.kind == "commune":
            pool = COMMUNE_SYSTEMS
        else:
            pool = GENERIC_SYSTEMS + SPECIFIC_SYSTEMS.get(agency.code, ())
        assets = [
            self.make_asset(agency, t, code, pool)
            for t, code in zip(types, self.asset_codes(agency, types), strict=True)
        ]
        # A few assets sit away from the agency's seat: a backup site, a district station.
        share_elsewhere = {"department": 0.06, "police": 0.2}.get(agency.kind, 0.0)
        for asset in assets:
            if rng.random() < share_elsewhere:
                asset.commune_code = self.elsewhere(agency, empty_communes)
        if agency.profile != "no_plan":
            for asset in assets:
                asset.plan = self.plan_for(agency, asset)
            self.keep_some(agency, assets)
            self.schedule(agency, assets)
        return assets

    def keep_some(self, agency: DemoAgency, assets: list[DemoAsset]) -> None:
        """A handful of exemptions, each with its justification in Ghi chú."""
        reason = KEEP_REASONS.get(agency.code) or KEEP_REASONS.get(agency.kind)
        if reason is None:
            return
        if agency.kind == "commune":
            storage = [a for a in assets if a.asset_type == "storage"]
            if not storage or self.rng.random() > 0.04:
                return
            chosen = storage[:1]
        else:
            count = 6 if agency.kind == "police" else 1
            servers = [a for a in assets if a.asset_type in SERVER_TYPES and not a.idle]
            chosen = self.rng.sample(servers, min(count, len(servers)))
        for asset in chosen:
            asset.plan = "keep"
            asset.note = reason

    # ---- the systems being moved
    def agency_systems(self, agency: DemoAgency, assets: list[DemoAsset]) -> list[DemoSystem]:
        rng = self.rng
        if agency.profile in ("no_plan", "empty"):
            return []
        short = agency.name.removeprefix("UBND ")
        if agency.kind == "data_centre":
            names = [
                f"{n} ({'Bắc Ninh' if agency.code.endswith('BN') else 'Bắc Giang'} cũ)"
                for n in rng.sample(DATA_CENTRE_SYSTEMS, 24 if agency.code.endswith("BN") else 18)
            ]
        elif agency.kind == "commune":
            count = rng.choices([0, 1, 2, 3], [0.2, 0.45, 0.25, 0.1])[0]
            names = [
                f"{n} {short}" if n == "Trang thông tin điện tử" else n
                for n in rng.sample(COMMUNE_SYSTEMS[:4], count)
            ]
        else:
            specific = list(SPECIFIC_SYSTEMS.get(agency.code, ()))
            generic = rng.sample(GENERIC_SYSTEMS, rng.randint(3, 6))
            names = [f"{n} {short}" if n == "Cổng thông tin điện tử" else n for n in generic]
            names = specific + names
        movable = [a for a in assets if a.plan in CHANGE_PLANS and a.asset_type in SERVER_TYPES]
        systems = []
        for i, name in enumerate(names, start=1):
            base = name.split(" (")[0]
            running = [a for a in movable if a.systems and base in a.systems] or movable
            source = rng.choice(running) if running and rng.random() < 0.9 else None
            if source is not None and source.plan == "cloud":
                target = "cloud"
            elif agency.kind == "police" or (agency.kind == "data_centre" and rng.random() < 0.2):
                target = "ndc" if rng.random() < 0.6 else "ttthdl"
            elif source is None:
                target = rng.choice(["ttthdl", "ttthdl", "cloud", "ndc"])
            else:
                target = "ttthdl"
            if source is not None and source.done_on is not None:
                migrated = source.done_on - timedelta(days=rng.randint(3, 20))
                planned = source.target_date or _month_end(migrated)
            else:
                fraction = rng.random()
                migrated = _line_date(fraction) + timedelta(days=rng.randint(-20, 60))
                planned = _month_end(min(SCHEDULE_END, _line_date(fraction)))
            start = max(
                migrated - timedelta(days=rng.randint(20, 60)),
                agency.submitted_on or SCHEDULE_START,
            )
            migrated = max(migrated, start + timedelta(days=7))
            accepted = migrated + timedelta(days=rng.randint(10, 40))
            legacy_off = accepted + timedelta(days=rng.randint(7, 45))
            if rng.random() < 0.25:
                ndxp: date | None = date(2025, 12, 31)  # already on the platform before moving
            elif rng.random() < 0.85:
                ndxp = migrated + timedelta(days=rng.randint(0, 30))
            else:
                ndxp = None
            soc = date(2025, 12, 31) if rng.random() < 0.3 else accepted
            code = (
                f"HT{i:02d}"
                if agency.kind == "commune"
                else f"{agency.code.rsplit('-', 1)[-1]}-HT-{i:03d}"
            )
            systems.append(
                DemoSystem(
                    agency_code=agency.code,
                    system_code=code,
                    system_name=name,
                    source_asset_code=source.asset_code if source else None,
                    target=target,
                    planned_date=planned,
                    stage_dates=(start, migrated, accepted, legacy_off),
                    ndxp_from=ndxp,
                    soc_from=soc,
                    security_level=rng.choice([2, 3, 3, 4]),
                    note=rng.choice(MIGRATION_NOTES) if rng.random() < 0.15 else None,
                )
            )
        return systems

    def budget(self, agency: DemoAgency, assets: list[DemoAsset]) -> None:
        """Plan money: moving a server costs more than switching it off; savings net of hosting."""
        rng = self.rng
        per_server = {"consolidate": (12e6, 25e6), "cloud": (8e6, 15e6), "eliminate": (1e6, 3e6)}
        budget = sum(rng.uniform(*per_server[a.plan]) for a in assets if a.plan in per_server)
        freed = sum(a.annual_cost_vnd or 0 for a in assets if a.plan in CHANGE_PLANS)
        agency.budget_vnd = float(round(budget, -6))
        agency.savings_vnd = float(round(freed * rng.uniform(0.55, 0.75), -6))

    def run(self) -> DemoData:
        agencies = self.agencies()
        empty = [a.commune_code for a in agencies if a.profile == "empty"]
        for agency in agencies:
            assets = self.agency_assets(agency, empty)
            self.budget(agency, assets)
            self.assets.extend(assets)
            self.systems.extend(self.agency_systems(agency, assets))
        # Three assets whose cost nobody knew: the loader warns, DST asks again.
        communes_assets = [a for a in self.assets if a.agency_code.startswith("UBND-")]
        for asset in self.rng.sample(communes_assets, 3):
            asset.annual_cost_vnd = None
        return DemoData(seed=self.seed, agencies=agencies, assets=self.assets, systems=self.systems)


def generate_demo(seed: int = DEFAULT_SEED, data_dir: Path | None = None) -> DemoData:
    """The demo's rows for every agency and report date, drawn from `seed` and the reference data."""
    agencies = db.read_reference("agencies", data_dir).filter("reports").to_dicts()
    communes = {c["code"]: c for c in db.read_reference("communes", data_dir).to_dicts()}
    return _Generator(seed, agencies, communes).run()
