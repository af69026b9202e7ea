"""Fixtures of the loader tests: a fresh copy of the empty database for each test, the demo's story."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.demo_data import DemoData, generate_demo
from tests.loaders.builders import copy_database


@pytest.fixture
def db_path(empty_db: Path, tmp_path: Path) -> Path:
    """A copy of tests/conftest.py's empty database: cheaper than creating one per test."""
    return copy_database(empty_db, tmp_path / "dashboard.duckdb")


@pytest.fixture(scope="session")
def demo() -> DemoData:
    """The demo's story for the default seed (generated once: the rows are never changed)."""
    return generate_demo()
