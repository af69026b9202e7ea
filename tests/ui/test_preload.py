"""ui/preload.py: the allocators' settings come before the libraries, and a deployment's win."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ui import preload

ROOT = Path(__file__).resolve().parents[2]


def test_the_allocators_are_told_to_return_freed_memory(monkeypatch):
    for name in preload.RETURN_FREED_MEMORY:
        monkeypatch.delenv(name, raising=False)
    preload.return_freed_memory()
    assert os.environ["DUCKDB_JE_MALLOC_CONF"] == "dirty_decay_ms:0"
    assert os.environ["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"


def test_a_setting_of_the_deployment_is_kept(monkeypatch):
    monkeypatch.setenv("DUCKDB_JE_MALLOC_CONF", "dirty_decay_ms:1000")
    monkeypatch.delenv("_RJEM_MALLOC_CONF", raising=False)
    preload.return_freed_memory()
    assert os.environ["DUCKDB_JE_MALLOC_CONF"] == "dirty_decay_ms:1000"
    assert os.environ["_RJEM_MALLOC_CONF"] == "dirty_decay_ms:0,muzzy_decay_ms:0"


def test_the_settings_are_in_place_before_duckdb_and_polars_load():
    # a fresh process, as `streamlit run` starts: the settings are read when a library loads
    probe = (
        "import sys, os\n"
        "import streamlit\n"
        "assert 'duckdb' not in sys.modules and 'polars' not in sys.modules\n"
        "from ui.preload import preload\n"
        "preload()\n"
        "print(os.environ['DUCKDB_JE_MALLOC_CONF'], 'duckdb' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in preload.RETURN_FREED_MEMORY}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["dirty_decay_ms:0", "True"]
