"""Benchmark: ingest of a 100,000-row inventory workbook against bare reads of the same file.

    uv run python benchmarks/ingest_benchmark.py [--rows 100000] [--repeat 3]

Prints, side by side, the median of `--repeat` runs (the first, cold, beside it) of: a bare calamine read
(polars.read_excel), an openpyxl read-only iteration (once: it is slow), and our whole
ingest (check, read, validate, load into a new DuckDB file). Two workbooks are timed: one
as the template produces it (numbers in number cells) and one as people type it (some
numbers as Vietnamese text, a title block, a totals row), which takes the loader's slower
path that reads cell types twice. A speed target lives here, never in a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import db  # noqa: E402
from loaders.forms import ASSET_PLANS, ASSET_STATUSES, ASSET_TYPES, INVENTORY  # noqa: E402
from loaders.ingest import ingest_file  # noqa: E402

REPORT_DATE = date(2026, 6, 30)


def write_inventory(path: Path, rows: int, typed_by_hand: bool) -> None:
    """A valid Biểu 01 of `rows` rows spread over every agency and commune."""
    rnd = random.Random(7)
    agencies = db.read_reference("agencies")["agency_code"].to_list()
    communes = db.read_reference("communes")["code"].to_list()
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(INVENTORY.sheet_name)
    if typed_by_hand:
        sheet.append(["BIỂU 01 – DANH MỤC MÁY CHỦ, HỆ THỐNG LƯU TRỮ"])
        sheet.append([])
    sheet.append([c.header for c in INVENTORY.columns])
    types, statuses, plans = list(ASSET_TYPES.values()), list(ASSET_STATUSES), list(ASSET_PLANS)
    for i in range(rows):
        status = rnd.choice(statuses)
        plan = (
            rnd.choice(plans[1:])
            if status in ("consolidated", "cloud", "decommissioned")
            else rnd.choice(plans[1:])
        )
        ram, storage, cost = (
            rnd.choice([16, 32, 64, 128]),
            round(rnd.uniform(0.5, 40), 3),
            rnd.randrange(10, 90) * 1_000_000,
        )
        if typed_by_hand and i % 4 == 0:
            storage = f"{storage:.1f}".replace(".", ",")
            cost = f"{cost:,}".replace(",", ".")
        sheet.append(
            [
                i + 1,
                agencies[i % len(agencies)],
                f"TS-{i:06d}",
                rnd.choice(types),
                "Dell PowerEdge R740",
                rnd.randint(2012, 2025),
                communes[i % len(communes)],
                rnd.choice([8, 16, 32]),
                ram,
                storage,
                rnd.randint(5, 95),
                cost,
                "Cổng thông tin điện tử",
                rnd.randint(1, 4),
                rnd.choice(["Có", "Không"]),
                rnd.choice(["Có", "Không"]),
                ASSET_STATUSES[status],
                ASSET_PLANS[plan],
                date(2026, 12, 31),
                "",
            ]
        )
    if typed_by_hand:
        sheet.append(["", "Tổng cộng"])
    workbook.save(path)


def timed_runs(repeat: int, run) -> list[float]:
    """The seconds each of `repeat` runs took, in order (the first is the cold one)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def measure(rows: int, repeat: int, work: Path | None = None) -> list[dict]:
    """Write both workbooks and time the readers: one dict per workbook, with its label,
    size, calamine, openpyxl and ingest runs (seconds) and the last ingest's result line."""
    work = work or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    figures = []
    for label, by_hand in (("template (number cells)", False), ("typed by hand", True)):
        path = work / f"inventory_{'hand' if by_hand else 'template'}.xlsx"
        write_inventory(path, rows, by_hand)
        calamine = timed_runs(repeat, lambda p=path: pl.read_excel(p, engine="calamine"))

        def openpyxl_read(p: Path = path) -> None:
            book = openpyxl.load_workbook(p, read_only=True, data_only=True)
            for _row in book.worksheets[0].iter_rows(values_only=True):
                pass
            book.close()

        openpyxl_time = timed_runs(1, openpyxl_read)
        results = []

        def ingest(p: Path = path, done: list = results) -> None:
            target = work / f"bench_{p.stem}_{len(done)}.duckdb"
            done.append(ingest_file(p, report_date=REPORT_DATE, db_path=target))

        ingest_times = timed_runs(repeat, ingest)
        last = results[-1]
        figures.append(
            {
                "label": label,
                "by_hand": by_hand,
                "size_mb": path.stat().st_size / 1e6,
                "calamine": calamine,
                "openpyxl": openpyxl_time,
                "ingest": ingest_times,
                "result": f"{last.status}, {last.rows_loaded:,} rows, {len(last.errors)} errors, "
                f"{len(last.warnings)} warnings",
            }
        )
    return figures


def main() -> None:
    """Write the workbooks, time the three readers, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{args.rows:,} rows × {len(INVENTORY.columns)} columns; median of {args.repeat} runs "
        "(the first, cold, in brackets)"
    )
    print(f"{'workbook':<24}{'size MB':>8}{'calamine':>16}{'openpyxl':>10}{'ingest':>16}  result")
    for figure in measure(args.rows, args.repeat):
        calamine, ingest = figure["calamine"], figure["ingest"]
        print(
            f"{figure['label']:<24}{figure['size_mb']:>8.1f}"
            f"{statistics.median(calamine):>8.2f}s ({calamine[0]:.2f})"
            f"{figure['openpyxl'][0]:>9.2f}s"
            f"{statistics.median(ingest):>8.2f}s ({ingest[0]:.2f})  {figure['result']}"
        )


if __name__ == "__main__":
    main()
