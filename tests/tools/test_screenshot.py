"""tools/screenshot.py runs as the README writes it: a script, from the checkout's root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_runs_as_a_script():
    done = subprocess.run(
        [sys.executable, "tools/screenshot.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--db" in done.stdout
