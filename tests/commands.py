"""Run a command of the project as a user would: `python -m MODULE ARGS` from the checkout's root."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def run_module(
    module: str, *args: str, env: Mapping[str, str | None] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args` in the project; `env` sets variables (None unsets one)."""
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_DIR,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
