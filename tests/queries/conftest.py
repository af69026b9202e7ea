"""A small fixture database for the indicator tests: rows inserted directly, every value known.

Also the read-only connections the query tests share: kpi_con (this fixture), fixture_con (the
database of tests/conftest.py, loaded through the real loaders) and read_only(path).

The rows are chosen so that each term of spec/kpis.md makes a difference somewhere; the
expected values are worked out by hand in test_kpis.py. Tariffs are the shipped ones:
1.000.000 VNĐ per CPU core, 200.000 per GB RAM, 1.500.000 per TB, per year.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

import db

D = dt.date

# One row a line reads as a table; the formatter would spread each over a dozen lines.
# fmt: off
# (agency, report_date, asset_code, asset_type, cpu_cores, ram_gb, storage_tb, annual_cost_vnd,
#  soc_monitored, central_backup, status, plan)
ASSETS = [
    # SO-TC, a department: baseline on 15/01, then a second snapshot on 01/07.
    ("SO-TC", D(2026, 1, 15), "TC-S1", "physical_server", 8, 32, 2.0, 100e6, True, True, "active", "consolidate"),
    ("SO-TC", D(2026, 1, 15), "TC-S2", "virtual_server", 4, 16, 1.0, 50e6, False, False, "active", "cloud"),
    ("SO-TC", D(2026, 1, 15), "TC-S3", "physical_server", 2, 8, None, None, False, False, "idle", "eliminate"),
    ("SO-TC", D(2026, 1, 15), "TC-ST", "storage", None, None, 20.0, 30e6, False, True, "active", "consolidate"),
    ("SO-TC", D(2026, 7, 1), "TC-S1", "physical_server", 8, 32, 2.0, 100e6, True, True, "consolidated", "consolidate"),
    ("SO-TC", D(2026, 7, 1), "TC-S2", "virtual_server", 4, 16, 1.0, 50e6, True, False, "active", "cloud"),
    ("SO-TC", D(2026, 7, 1), "TC-S3", "physical_server", 2, 8, None, None, False, False, "decommissioned", "eliminate"),
    ("SO-TC", D(2026, 7, 1), "TC-ST", "storage", None, None, 20.0, 30e6, False, True, "cloud", "consolidate"),
    # a done server whose plan was keep: done, but not a server "to change"
    ("SO-TC", D(2026, 7, 1), "TC-S4", "virtual_server", 2, 4, 0.5, 5e6, False, False, "cloud", "keep"),
    # UBND-07210, a commune: blank plan, keep, and a consolidated server with a blank cost.
    ("UBND-07210", D(2026, 2, 1), "X-S1", "physical_server", 4, 8, 0.5, 20e6, False, False, "active", None),
    ("UBND-07210", D(2026, 2, 1), "X-S2", "physical_server", 2, 4, None, 10e6, True, True, "active", "keep"),
    ("UBND-07210", D(2026, 2, 1), "X-S3", "virtual_server", 8, 16, 2.0, None, False, False, "consolidated", "consolidate"),
    # TTTHDL-BN, a data centre: its servers are not standalone.
    ("TTTHDL-BN", D(2026, 1, 20), "DC-S1", "physical_server", 64, 512, 50.0, 900e6, True, True, "active", "consolidate"),
    ("TTTHDL-BN", D(2026, 1, 20), "DC-S2", "virtual_server", 16, 64, 5.0, 0.0, False, True, "active", "keep"),
    ("TTTHDL-BN", D(2026, 1, 20), "DC-ST", "storage", None, None, 100.0, 200e6, False, False, "cloud", "cloud"),
    # SO-TP, a department reporting after 15/03: one of its two servers to change is done.
    ("SO-TP", D(2026, 3, 20), "TP-S1", "physical_server", 4, 8, 1.0, 40e6, False, False, "consolidated", "consolidate"),
    ("SO-TP", D(2026, 3, 20), "TP-S2", "physical_server", 2, 2, None, 60e6, False, False, "active", "eliminate"),
    # CA-TINH, the police: no server to change (storage to consolidate is not a server).
    ("CA-TINH", D(2026, 5, 1), "CA-S1", "physical_server", 16, 64, 4.0, 80e6, True, True, "active", "keep"),
    ("CA-TINH", D(2026, 5, 1), "CA-ST", "storage", None, None, 10.0, 15e6, False, True, "active", "consolidate"),
]

# (agency, report_date, plan_status, planned_savings_vnd, tslcd_connected)
PLANS = [
    ("SO-TC", D(2026, 3, 1), "submitted", 200e6, False),
    ("SO-TC", D(2026, 6, 1), "approved", 250e6, True),
    ("UBND-07210", D(2026, 3, 1), "not_submitted", None, False),
    ("TTTHDL-BN", D(2026, 3, 10), "approved", 100e6, True),
    ("SO-TP", D(2026, 3, 20), "submitted", 50e6, False),
    ("SO-XD", D(2026, 3, 25), "submitted", 0.0, False),  # a plan but never an inventory
    ("CA-TINH", D(2026, 4, 10), "revise", None, True),
]

# (agency, report_date, system_code, target, stage, ndxp_connected)
MIGRATIONS = [
    ("SO-TC", D(2026, 3, 1), "SYS-1", "ttthdl", "planned", False),
    ("SO-TC", D(2026, 3, 1), "SYS-2", "cloud", "migrating", True),
    ("SO-TC", D(2026, 7, 1), "SYS-1", "ttthdl", "migrated", False),
    ("SO-TC", D(2026, 7, 1), "SYS-2", "cloud", "accepted", True),
    ("SO-TC", D(2026, 7, 1), "SYS-3", "ndc", "legacy_off", False),
    ("UBND-07210", D(2026, 2, 1), "SYS-A", "ndc", "migrated", True),
    ("UBND-07210", D(2026, 2, 1), "SYS-B", "cloud", "planned", False),
]
# fmt: on


def insert_assets(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Insert inventory rows (the tuple layout of ASSETS); other columns get plain defaults."""
    con.executemany(
        """
        insert into assets (agency_code, report_date, asset_code, asset_type, cpu_cores, ram_gb,
            storage_tb, annual_cost_vnd, soc_monitored, central_backup, status, plan,
            commune_code, source_sha256, source_sheet, source_row)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '07210', 'test', 'Biểu 01', 1)
        """,
        rows,
    )


def insert_plans(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Insert plan rows (the tuple layout of PLANS); server counts are 0, they count for nothing here."""
    con.executemany(
        """
        insert into plans (agency_code, report_date, plan_status, planned_savings_vnd,
            tslcd_connected, servers_total, servers_eliminate, servers_consolidate,
            servers_cloud, servers_keep, source_sha256, source_sheet, source_row)
        values (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 'test', 'Biểu 02', 1)
        """,
        rows,
    )


def insert_migrations(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Insert migration rows (the tuple layout of MIGRATIONS)."""
    con.executemany(
        """
        insert into migrations (agency_code, report_date, system_code, target, stage,
            ndxp_connected, system_name, soc_monitored, source_sha256, source_sheet, source_row)
        values (?, ?, ?, ?, ?, ?, 'Hệ thống thử', false, 'test', 'Biểu 03', 1)
        """,
        rows,
    )


@pytest.fixture
def build_db(tmp_path: Path) -> Callable[..., Path]:
    """A factory: build_db(name, assets=[...], plans=[...], migrations=[...]) → a closed database file."""

    def build(
        name: str,
        assets: Sequence[tuple] = (),
        plans: Sequence[tuple] = (),
        migrations: Sequence[tuple] = (),
    ) -> Path:
        path = tmp_path / f"{name}.duckdb"
        con = db.connect(path)
        # a test gives only the forms it needs; the others stay empty
        if assets:
            insert_assets(con, list(assets))
        if plans:
            insert_plans(con, list(plans))
        if migrations:
            insert_migrations(con, list(migrations))
        db.refresh_inventory_groups(con)  # what the loader does after writing assets
        con.close()
        return path

    return build


@pytest.fixture
def kpi_db_path(build_db: Callable[..., Path]) -> Path:
    """The fixture database file (k.duckdb), built and closed so another process may open it."""
    return build_db("k", ASSETS, PLANS, MIGRATIONS)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a database file, closed afterwards: the app reads that way."""
    con = db.connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture
def kpi_con(kpi_db_path: Path):
    """A read-only connection to the fixture database."""
    with read_only(kpi_db_path) as con:
        yield con


@pytest.fixture
def fixture_con(fixture_db: Path):
    """A read-only connection to tests/conftest.py's database, loaded through the real loaders."""
    with read_only(fixture_db) as con:
        yield con


@pytest.fixture
def empty_con(tmp_path: Path):
    """A new database: reference tables (117 required agencies), no data rows."""
    con = db.connect(tmp_path / "empty.duckdb")
    yield con
    con.close()
