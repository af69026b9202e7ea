"""Fixtures of the loader tests: the demo's story (the empty database is tests/conftest.py's)."""

from __future__ import annotations

import pytest

from loaders.demo_data import DemoData, generate_demo


@pytest.fixture(scope="session")
def demo() -> DemoData:
    """The demo's story for the default seed (generated once: the rows are never changed)."""
    return generate_demo()
