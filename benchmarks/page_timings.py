"""Benchmark: server-side run time of every page, warm, over AppTest runs.

    uv run python benchmarks/page_timings.py [--db PATH] [--runs 10]

The target of the dashboard issue is under 300 ms a page once warm, on the demo database.
The first run of each page fills the caches and is printed apart; then the median and
the slowest of `--runs` runs (each a full script run: sidebar, queries, render).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import settings  # noqa: E402  (after the path: run as a script from anywhere)
from ui.pages import PAGES  # noqa: E402


def main() -> None:
    """Run every page cold once, then warm `--runs` times, and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None, help="default: the app's database")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    # the database the app itself would open ($DASHBOARD_DB or data/dashboard.duckdb)
    os.environ["DASHBOARD_DB"] = str(args.db or settings.database_path())
    from streamlit.testing.v1 import AppTest

    print(f"{'trang':<32}{'lần đầu':>10}{'trung vị':>10}{'chậm nhất':>11}")
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        start = time.perf_counter()
        app.run()
        if not page.default:
            app.switch_page(page.path).run()
        cold = time.perf_counter() - start
        if app.exception:
            print(f"{page.title:<32} lỗi: {app.exception[0].message}")
            continue
        warm = []
        for _ in range(args.runs):
            start = time.perf_counter()
            app.run()
            warm.append(time.perf_counter() - start)
        print(
            f"{page.title:<32}{cold * 1000:>8.0f}ms{statistics.median(warm) * 1000:>8.0f}ms"
            f"{max(warm) * 1000:>9.0f}ms"
        )


if __name__ == "__main__":
    main()
