"""`python -m queries kpis`: the same numbers as compute_kpis, Vietnamese messages, exit statuses."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest

import db
from queries import INDICATORS, compute_kpis
from tests.commands import run_module
from tests.queries.conftest import read_only


def run_cli(*args: str, db_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m queries ARGS` in the project, with DASHBOARD_DB pointing at `db_path`."""
    env = {"PYTHONIOENCODING": "utf-8"}
    if db_path is not None:
        env["DASHBOARD_DB"] = str(db_path)
    return run_module("queries", *args, env=env)


def expected_kpis(db_path: Path, as_of: dt.date) -> dict:
    with read_only(db_path) as con:
        return compute_kpis(con, as_of)


def test_json_defaults_to_the_latest_report_date(kpi_db_path):
    # The fixture's latest report date is 01/07/2026.
    result = run_cli("kpis", "--json", db_path=kpi_db_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected_kpis(kpi_db_path, dt.date(2026, 7, 1))


def test_json_as_of_a_date_with_nulls(kpi_db_path):
    result = run_cli("kpis", "--json", "--as-of", "2025-12-31", db_path=kpi_db_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == expected_kpis(kpi_db_path, dt.date(2025, 12, 31))
    assert list(values) == [indicator.key for indicator in INDICATORS]
    assert '"consolidation_pct": null' in result.stdout


def test_db_option_wins_over_the_environment(kpi_db_path, tmp_path):
    result = run_cli(
        "kpis", "--json", "--as-of", "2026-08-15", "--db", str(kpi_db_path),
        db_path=tmp_path / "not-there.duckdb",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["agencies_at_risk"] == 113


def test_table_shows_vietnamese_labels_and_formats(kpi_db_path):
    result = run_cli("kpis", "--as-of", "2026-03-15", db_path=kpi_db_path)
    assert result.returncode == 0, result.stderr
    assert "15/03/2026" in result.stdout
    # label and value are separated by a run of spaces; each holds single spaces only
    cells = [re.split(r"\s{2,}", line.strip()) for line in result.stdout.splitlines()]
    lines = dict(cell for cell in cells if len(cell) == 2)
    assert lines["Tỷ lệ sao lưu tập trung"] == "71,4%"
    assert lines["Tiến độ hợp nhất máy chủ"] == "25,0%"
    assert lines["Chi phí vận hành riêng lẻ ban đầu/năm"] == "210,0 triệu đồng"
    assert lines["Tiết kiệm thực tế/năm"] == "-14,2 triệu đồng"
    assert lines["Máy chủ riêng lẻ ban đầu"] == "6"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("kpis", "--as-of", "2026-13-01"), id="month-13"),
        pytest.param(("kpis", "--as-of", "31/12/2026"), id="day-first"),
        pytest.param(("kpis", "--as-of", "20261231"), id="no-dashes"),
        pytest.param(("kpis", "--bogus"), id="unknown-option"),
        pytest.param(("report",), id="unknown-command"),
        pytest.param((), id="no-command"),
    ],
)
def test_bad_usage_exits_2_in_vietnamese(kpi_db_path, args):
    result = run_cli(*args, db_path=kpi_db_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Cách dùng" in result.stderr
    assert result.stdout == ""


def test_missing_database_exits_1_with_a_clear_message(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = run_cli("kpis", "--json", db_path=missing)
    assert result.returncode == 1
    assert "Không tìm thấy cơ sở dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr
    assert not missing.exists()  # a read command creates nothing


def test_a_file_that_is_not_a_database_exits_1(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    result = run_cli("kpis", db_path=junk)
    assert result.returncode == 1
    assert "Không mở được cơ sở dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr


def test_busy_database_exits_1(kpi_db_path):
    # A writer (the app, a loader) holds the file: DuckDB lets no other process open it.
    writer = db.connect(kpi_db_path)
    try:
        result = run_cli("kpis", db_path=kpi_db_path)
    finally:
        writer.close()
    assert result.returncode == 1
    assert "đang được một chương trình khác mở" in result.stderr
    assert "Traceback" not in result.stderr
