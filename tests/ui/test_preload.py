"""ui/preload.py: the allocators' settings come before the libraries, and a deployment's win."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import preload

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def unset(monkeypatch):
    """The allocators' variables removed for the test, and restored after it as they were."""
    for name in preload.ALLOCATOR_SETTINGS:
        monkeypatch.setenv(name, "recorded")  # so that monkeypatch restores the original
        monkeypatch.delenv(name)


def test_the_allocators_are_told_to_return_freed_memory(unset):
    preload.return_freed_memory()
    assert os.environ["DUCKDB_JE_MALLOC_CONF"] == "dirty_decay_ms:0"
    assert os.environ["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"


def test_a_setting_of_the_deployment_is_kept(unset, monkeypatch):
    monkeypatch.setenv("DUCKDB_JE_MALLOC_CONF", "dirty_decay_ms:1000")
    preload.return_freed_memory()
    assert os.environ["DUCKDB_JE_MALLOC_CONF"] == "dirty_decay_ms:1000"
    assert os.environ["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"


# A fresh process, as `streamlit run` starts: each library reads its variable when it loads,
# so record the environment at the moment DuckDB's and Polars' native modules are imported.
PROBE = """
import importlib.abc, json, os, sys
seen = {}
class Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in ("_duckdb", "_polars_runtime_32", "_polars_runtime"):
            seen.setdefault(name, [os.environ.get(v) for v in NAMES])
        return None
NAMES = json.loads(sys.argv[1])
sys.meta_path.insert(0, Recorder())
import streamlit
from ui.preload import preload
preload()
print(json.dumps(seen))
"""


def test_the_settings_are_in_place_when_duckdb_and_polars_load():
    names = list(preload.ALLOCATOR_SETTINGS)
    env = {k: v for k, v in os.environ.items() if k not in names}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    expected = list(preload.ALLOCATOR_SETTINGS.values())
    assert seen["_duckdb"] == expected
    polars_runtime = [v for k, v in seen.items() if k.startswith("_polars_runtime")]
    assert polars_runtime
    for duckdb_value, polars_value in polars_runtime:
        assert duckdb_value == expected[0]
        # Polars puts its own options first and ours after them: jemalloc takes the last
        assert polars_value.endswith("," + expected[1])


def test_the_unit_sets_the_same_values_from_the_process_start():
    # deploy/dashboard@.service repeats them (a unit cannot import Python): kept in step here
    unit = (ROOT / "deploy" / "dashboard@.service").read_text("utf-8")
    environment = dict(
        line.removeprefix("Environment=").split("=", 1)
        for line in unit.splitlines()
        if line.startswith("Environment=")
    )
    for name, value in {**preload.ALLOCATOR_SETTINGS, **preload.PROCESS_SETTINGS}.items():
        assert environment[name] == value


def test_the_heap_is_trimmed_after_every_run_of_the_app(fixture_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    trims = []
    monkeypatch.setattr(preload, "_MALLOC_TRIM", trims.append)
    monkeypatch.setenv("DASHBOARD_DB", str(fixture_db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception
    app.switch_page("views/map.py").run()  # a run the page ends with st.stop()
    assert len(trims) >= 2 and set(trims) == {0}


def test_trimming_works_on_this_machine():
    assert preload._MALLOC_TRIM is not None  # glibc here, as on the province's servers
    preload.trim_heap()
