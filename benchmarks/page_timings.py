"""Benchmark: server-side run time of every page, warm, over AppTest runs.

    uv run python benchmarks/page_timings.py [--db PATH] [--runs 10] [--json]

The first run of each page (a fresh AppTest session: queries run, caches fill) is printed
apart as "cold"; then the median and the slowest of `--runs` warm runs (each a full script
run: sidebar, queries from the cache, render). Targets (issue 10): 100 ms a page on the
demo, 300 ms at 100× and at national size. `--json` prints one JSON object per page instead
(benchmarks/run_all.py reads it). One database per process: Streamlit's caches are global.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import settings  # noqa: E402  (after the path: run as a script from anywhere)
from ui.pages import PAGES  # noqa: E402


def measure(runs: int) -> list[dict]:
    """Every page of ui.pages on the database of $DASHBOARD_DB: title, path, cold (s), warm
    runs (s), and the first exception's message when the page fails."""
    from streamlit.testing.v1 import AppTest

    figures = []
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        start = time.perf_counter()
        app.run()
        if not page.default:
            app.switch_page(page.path).run()
        cold = time.perf_counter() - start
        figure = {"title": page.title, "path": page.path, "cold": cold, "warm": [], "error": None}
        if app.exception:
            figure["error"] = app.exception[0].message.splitlines()[0][:200]
        else:
            for _ in range(runs):
                start = time.perf_counter()
                app.run()
                figure["warm"].append(time.perf_counter() - start)
        figures.append(figure)
    return figures


def main() -> None:
    """Run every page cold once, then warm `--runs` times, and print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None, help="default: the app's database")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="one JSON object per page")
    args = parser.parse_args()
    # the database the app itself would open ($DASHBOARD_DB or data/dashboard.duckdb)
    os.environ["DASHBOARD_DB"] = str(args.db or settings.database_path())
    # AppTest runs outside `streamlit run`: silence its "missing ScriptRunContext" warnings
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    figures = measure(args.runs)
    if args.json:
        for figure in figures:
            print(json.dumps(figure, ensure_ascii=False))
        return
    print(f"{'page':<32}{'cold':>10}{'median':>10}{'slowest':>10}")
    for figure in figures:
        if figure["error"]:
            print(f"{figure['title']:<32} error: {figure['error']}")
            continue
        warm = figure["warm"]
        print(
            f"{figure['title']:<32}{figure['cold'] * 1000:>8,.0f}ms"
            f"{statistics.median(warm) * 1000:>8,.0f}ms{max(warm) * 1000:>8,.0f}ms"
        )


if __name__ == "__main__":
    main()
