"""Every figure of issue 10's table, in one command.

    uv run python -m benchmarks.run_all [--only pages,kpis,browser,memory,ingest,wide]
                                        [--sizes demo,x100,national] [--runs 5] [--work DIR]

Sections (all by default; `--only` picks some, so a run fits in minutes):

- pages: each page server side via AppTest (benchmarks/page_timings.py, one process per
  database: Streamlit's caches are global), cold (the first run) and the median of `--runs`
  warm runs, on each database of `--sizes`.
- kpis: queries.compute_kpis at the latest report date on the national database, cold (a new
  connection) and the median of warm calls.
- browser: the app served on the demo (`streamlit run`), Debian's chromium through Playwright:
  cold start (process started → first page's charts drawn) and each page reached by a click
  in the menu until its charts, maps and tables are drawn (first round and median).
- memory: the app served on the 100× database, every page opened in turn in a browser; the
  streamlit process's resident memory (/proc: VmRSS) after each page and its peak (VmHWM).
- ingest: 100,000 Biểu 01 rows from the template and typed by hand
  (benchmarks/ingest_benchmark.py), median of `--ingest-runs` with the first beside it.
- wide: Tiến độ on a database with more than 16,384 agencies (factor 150): works or not.

Databases are made in `--work` (default /tmp/dashboard-bench) when missing: the demo through
loaders.demo (its workbooks, as the app's first start does), the others with
benchmarks/scale.py. The machine is shared and small: read medians, not absolutes. Prints
the detail of each section, then the table. Never run by the tests (no timing assertions).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.screenshot import OFFLINE_FLAGS, wait_for_app  # noqa: E402
from ui.pages import PAGES  # noqa: E402

HELLO_APP = Path(__file__).with_name("hello_app.py")
HELLO_HEADING = "Trang mẫu"  # its st.title
SECTIONS = ("pages", "kpis", "browser", "memory", "ingest", "wide")
SIZES = {"demo": None, "x100": (100, 1), "national": None, "wide": (150, 1)}
TARGETS = {
    "pages demo": "≤ 100 ms",
    "pages x100": "≤ 300 ms",
    "pages national": "≤ 300 ms",
    "kpis": "≤ 150 ms",
    "browser nav": "≤ 1.5 s",
    "browser cold": "≤ 3 s",
    "memory": "≤ 400 MiB",
    "ingest": "≤ 1.3 / ≤ 1.8 s",
    "wide": "works, any size",
}


def ms(seconds: float) -> str:
    """Seconds as whole milliseconds with a thousands separator: 1,212 ms."""
    return f"{seconds * 1000:,.0f} ms"


def secs(seconds: float) -> str:
    """Seconds with two decimals: 1.72 s."""
    return f"{seconds:.2f} s"


def median(values: list[float]) -> float:
    """The median of the runs (the figure the table reports: the machine is noisy)."""
    return statistics.median(values)


# --------------------------------------------------------------------------- databases


def database(work: Path, size: str) -> Path:
    """The database of one size in `work`, made when missing."""
    path = work / f"{size}.duckdb"
    if path.exists():
        return path
    started = time.perf_counter()
    if size == "demo":
        from loaders.demo import build_demo

        build_demo(path)
    else:
        from benchmarks import scale

        factor, depth = (
            (scale.NATIONAL_FACTOR, scale.NATIONAL_DEPTH) if size == "national" else SIZES[size]
        )
        scale.write_scaled(path, factor, depth)
    print(f"  made {path} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


# --------------------------------------------------------------------------- sections


def page_figures(db_path: Path, runs: int) -> list[dict]:
    """benchmarks/page_timings.py --json on one database, in its own process."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "page_timings.py"),
            "--db",
            str(db_path),
            "--runs",
            str(runs),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def pages_section(work: Path, sizes: list[str], runs: int, table: dict) -> None:
    """Each page, cold and warm, on each database."""
    for size in sizes:
        path = database(work, size)
        print(f"\n## pages, server side (AppTest), {size}: cold, median of {runs} warm, slowest")
        figures = page_figures(path, runs)
        medians = []
        for figure in figures:
            if figure["error"]:
                print(f"  {figure['title']:<32} error: {figure['error']}")
                continue
            warm = figure["warm"]
            medians.append((median(warm), figure["title"]))
            print(
                f"  {figure['title']:<32}{ms(figure['cold']):>11}{ms(median(warm)):>10}"
                f"{ms(max(warm)):>10}"
            )
        failing = [f["title"] for f in figures if f["error"]]
        low, high = min(medians), max(medians)
        cell = f"{ms(low[0])} – {ms(high[0])} (slowest: {high[1]})"
        if failing:
            cell += f"; error on {', '.join(failing)}"
        table[f"pages {size}"] = cell


def kpis_section(work: Path, runs: int, table: dict) -> None:
    """queries.compute_kpis on the national database, cold and warm."""
    import db
    import queries

    path = database(work, "national")
    started = time.perf_counter()
    con = db.connect(path, read_only=True)
    as_of = con.execute("select max(report_date) from assets").fetchall()[0][0]
    opened = time.perf_counter() - started
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        queries.compute_kpis(con, as_of)
        times.append(time.perf_counter() - start)
    con.close()
    warm = times[1:]
    print(
        f"\n## all indicators (queries.compute_kpis), national, as of {as_of:%d/%m/%Y}: "
        f"connect {ms(opened)}, cold {ms(times[0])}, median of {runs} warm {ms(median(warm))}, "
        f"slowest {ms(max(warm))}"
    )
    table["kpis"] = f"{ms(median(warm))} (cold {ms(times[0])})"


def _served(db_path: Path, script: Path | None = None):
    """Start `streamlit run app.py` (or `script`) on `db_path` (tools/screenshot.py);
    (process, base url)."""
    from tools.screenshot import free_port, serve

    port = free_port()
    return serve(db_path, port, script), f"http://127.0.0.1:{port}"


def _started_and_drawn(
    playwright, db_path: Path, script: Path | None = None, warm: bool = False, reloads: int = 0
) -> tuple[float, float, float]:
    """A new process (and a new browser): seconds from its start until its first page is
    drawn, with `warm` the seconds tools/warm_up.py took before the visit (else 0), and the
    median of `reloads` loads of that page by its address afterwards (else 0)."""
    browser, tab = _browser(playwright)
    start = time.perf_counter()
    server, base = _served(db_path, script)
    heading = HELLO_HEADING if script else PAGES[0].title
    try:
        warmed = 0.0
        if warm:
            # its own process, as deploy/'s ExecStartPost runs it (Playwright holds this
            # thread's event loop)
            port = base.rsplit(":", 1)[1]
            command = [sys.executable, "-m", "tools.warm_up", "--port", port, "--wait", "120"]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            warmed = time.perf_counter() - start
        visit = time.perf_counter()
        tab.goto(base + "/")
        if not _until_drawn(tab, heading):
            raise RuntimeError(f"{base}/ showed an exception box, or was not drawn in 3 min")
        drawn = time.perf_counter() - (visit if warm else start)
        loads = []
        for _ in range(reloads):
            begun = time.perf_counter()
            tab.goto(base + "/")
            if not _until_drawn(tab, heading):
                raise RuntimeError(f"{base}/ showed an exception box, or was not drawn in 3 min")
            loads.append(time.perf_counter() - begun)
        return drawn, warmed, median(loads) if loads else 0.0
    finally:
        _stop(server)
        browser.close()


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


# Off the network by Chromium's settings (tools/screenshot.py's OFFLINE_FLAGS), not by a
# route, which would turn the browser's cache off; what a page asks for elsewhere is listed.
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1")
OFF_LOOPBACK: list[str] = []  # what a page asked for elsewhere (refused): printed at the end


def _browser(playwright):
    from tools.screenshot import CHROMIUM, CHROMIUM_FLAGS, new_page

    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *OFFLINE_FLAGS]
    )
    tab = new_page(browser)
    tab.on(
        "request",
        lambda request: (
            None if request.url.startswith(LOOPBACK) else OFF_LOOPBACK.append(request.url)
        ),
    )
    return browser, tab


def _until_drawn(tab, heading: str, timeout_ms: int = 180_000) -> bool:
    """Wait until the page headed `heading` is drawn and painted (tools/screenshot.py's
    wait_for_app, polled every 10 ms); False when it shows an exception box or never draws."""
    try:
        wait_for_app(tab, heading, timeout_ms=timeout_ms, polling_ms=10)
    except AssertionError:
        return False
    return tab.locator("[data-testid='stException']").count() == 0


def _open_by_menu(tab, page) -> tuple[float, bool]:
    """Click the page's menu entry; seconds until it is drawn, and whether it showed no error."""
    link = tab.locator(f"[data-testid='stSidebarNav'] a[href$='/{page.url_path}']")
    if page.default and not link.count():
        link = tab.locator("[data-testid='stSidebarNav'] a").first
    start = time.perf_counter()
    if link.count():
        link.first.click()
    else:  # a page the menu does not show (Đăng nhập; Tài khoản without the right): its link
        origin = "/".join(tab.url.split("/", 3)[:3])  # http://127.0.0.1:PORT
        tab.goto(f"{origin}/{page.url_path}")
    ok = _until_drawn(tab, page.title)
    return time.perf_counter() - start, ok


def browser_section(work: Path, rounds: int, table: dict) -> None:
    """Cold start to the first page drawn, then each page by the menu, on the demo."""
    from playwright.sync_api import sync_playwright

    path = database(work, "demo")
    with sync_playwright() as playwright:
        browser, tab = _browser(playwright)
        start = time.perf_counter()
        server, base = _served(path)
        try:
            listening = time.perf_counter() - start
            tab.goto(base + "/")
            _until_drawn(tab, PAGES[0].title)
            cold = time.perf_counter() - start
            print(
                f"\n## browser (chromium, demo): cold start to the first page drawn {secs(cold)}"
                f" (port open after {secs(listening)})"
            )
            times: dict[str, list[float]] = {page.title: [] for page in PAGES}
            errors: set[str] = set()
            order = [*PAGES[1:], PAGES[0]]  # every page, back to the overview last
            for _ in range(rounds):
                for page in order:
                    seconds, ok = _open_by_menu(tab, page)
                    times[page.title].append(seconds)
                    if not ok:
                        errors.add(page.title)
        finally:
            _stop(server)
            browser.close()
        # what the cold start is made of: the same start warmed up first (as deploy/ does),
        # and a one-chart Streamlit app (benchmarks/hello_app.py), the floor of any page here
        visit, warmed, _ = _started_and_drawn(playwright, path, warm=True)
        # the cold start again, twice: one start moves by a quarter from run to run here
        colds = [cold, *(_started_and_drawn(playwright, path)[0] for _ in range(2))]
        # a whole page load of the smallest app, the floor of a page opened by its address
        floor, _, floor_by_address = _started_and_drawn(playwright, path, HELLO_APP, reloads=3)
    print(f"  page by the menu until drawn: first, median of {rounds}")
    medians = []
    for title, runs in times.items():
        note = "  (an exception box, or not drawn in 3 min)" if title in errors else ""
        if not note:
            medians.append((median(runs), title))
        print(f"  {title:<32}{secs(runs[0]):>9}{secs(median(runs)):>9}{note}")
    low, high = min(medians), max(medians)
    table["browser nav"] = f"{secs(low[0])} – {secs(high[0])} (slowest: {high[1]})"
    if errors:
        table["browser nav"] += f"; error on {', '.join(sorted(errors))}"
    print(
        f"  warmed up at start (tools/warm_up.py): warm after {secs(warmed)}, then the first "
        f"visit drawn in {secs(visit)}; a one-chart Streamlit app: {secs(floor)} to drawn, "
        f"then by its address {secs(floor_by_address)} (median of 3)"
    )
    print(f"  cold start, three starts: {', '.join(secs(c) for c in colds)}")
    table["browser cold"] = (
        f"{secs(median(colds))} (median of 3 starts); after the warm-up at start "
        f"({secs(warmed)}) the first visit {secs(visit)}; a one-chart Streamlit app: "
        f"{secs(floor)}, by its address {secs(floor_by_address)}"
    )


def _memory(pid: int, *keys: str) -> tuple[int, ...]:
    """A process's memory figures from /proc/PID/status in bytes, by name (default VmRSS and
    VmHWM; RssAnon, what it allocated, and RssFile, the pages of its libraries' files)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        values[key] = rest.split()[0] if rest.split() else ""
    return tuple(int(values[key]) * 1024 for key in keys or ("VmRSS", "VmHWM"))


def memory_section(work: Path, table: dict) -> None:
    """The app on the 100× database: its memory after every page, and its peak."""
    from playwright.sync_api import sync_playwright

    path = database(work, "x100")
    mib = 1024 * 1024
    with sync_playwright() as playwright:
        browser, tab = _browser(playwright)
        server, base = _served(path)
        try:
            print(f"\n## app memory, 100× ({path.name}): resident after each page (VmRSS)")
            print(f"  {'started':<32}{_memory(server.pid)[0] / mib:>8,.0f} MiB")
            tab.goto(base + "/")
            _until_drawn(tab, PAGES[0].title)
            print(f"  {PAGES[0].title:<32}{_memory(server.pid)[0] / mib:>8,.0f} MiB")
            for page in PAGES[1:]:
                _open_by_menu(tab, page)
                print(f"  {page.title:<32}{_memory(server.pid)[0] / mib:>8,.0f} MiB")
            rss, peak, allocated, files = _memory(
                server.pid, "VmRSS", "VmHWM", "RssAnon", "RssFile"
            )
        finally:
            _stop(server)
            browser.close()
    # the libraries' code pages count in the RSS as the kernel maps them, which varies with the
    # kernel and its page cache: the split says how much of a change is the app's own
    print(
        f"  peak (VmHWM) {peak / mib:,.0f} MiB; resident at the end {rss / mib:,.0f} MiB: "
        f"{allocated / mib:,.0f} MiB allocated (RssAnon), {files / mib:,.0f} MiB of the "
        "libraries' files (RssFile)"
    )
    table["memory"] = f"{peak / mib:,.0f} MiB peak"


def ingest_section(rows: int, runs: int, table: dict) -> None:
    """100,000 Biểu 01 rows from the template and typed by hand (ingest_benchmark.py)."""
    from benchmarks.ingest_benchmark import measure

    print(f"\n## ingest of {rows:,} rows: median of {runs} (first in brackets)")
    figures = measure(rows, runs)
    for figure in figures:
        calamine, ingest = figure["calamine"], figure["ingest"]
        print(
            f"  {figure['label']:<24} {figure['size_mb']:.1f} MB; calamine alone "
            f"{secs(median(calamine))} ({secs(calamine[0])}); ingest {secs(median(ingest))} "
            f"({secs(ingest[0])}); {figure['result']}"
        )
    template, by_hand = figures
    table["ingest"] = (
        f"{secs(median(template['ingest']))} / {secs(median(by_hand['ingest']))} "
        f"(calamine alone {secs(median(template['calamine']))} / "
        f"{secs(median(by_hand['calamine']))})"
    )


def wide_section(work: Path, table: dict) -> None:
    """Tiến độ with more than 16,384 agencies in view (the pandas Styler's cell cap)."""
    path = database(work, "wide")
    script = (
        "import logging, os, sys, time\n"
        f"os.environ['DASHBOARD_DB'] = {str(path)!r}\n"
        "logging.getLogger('streamlit').setLevel(logging.ERROR)\n"
        "from streamlit.testing.v1 import AppTest\n"
        "app = AppTest.from_file('app.py', default_timeout=600)\n"
        "app.run()\n"
        "start = time.perf_counter()\n"
        "app.switch_page('views/progress.py').run()\n"
        "took = time.perf_counter() - start\n"
        "print(app.exception[0].message.splitlines()[0][:200] if app.exception else 'ok', took)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    outcome, _, took = done.stdout.strip().splitlines()[-1].rpartition(" ")
    agencies = 117 * SIZES["wide"][0]
    print(f"\n## Tiến độ with {agencies:,} agencies in view: {outcome} ({secs(float(took))} cold)")
    table["wide"] = "works" if outcome == "ok" else f"error: {outcome}"


# --------------------------------------------------------------------------- the table

ROWS = (
    ("each page, server side, warm (AppTest), demo", "pages demo"),
    ("each page, warm, 100× the demo (590k asset rows, 11,700 agencies)", "pages x100"),
    ("each page, warm, national size (3 M asset rows, 3,978 agencies)", "pages national"),
    ("all indicators, national size", "kpis"),
    ("a page in a real browser, navigation to charts drawn, demo", "browser nav"),
    ("cold start to the first page drawn in a browser, demo", "browser cold"),
    ("app peak memory serving 100× after every page", "memory"),
    ("ingest 100,000 rows: template / typed by hand", "ingest"),
    ("Tiến độ with more than 16,384 agencies in view (17,550)", "wide"),
)


def machine() -> str:
    """The machine the figures come from: cores, memory, load."""
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB, "
        f"Python {platform.python_version()}, load average at the end {load}"
    )


def print_table(table: dict) -> None:
    """The figures measured, as the README's Markdown table."""
    print("\n| figure | measured (median) | target |\n|---|---|---|")
    for label, key in ROWS:
        if key in table:
            print(f"| {label} | {table[key]} | {TARGETS[key]} |")
    print(f"\nMachine: {machine()}.")
    if OFF_LOOPBACK:
        print(f"Asked for off loopback, and refused: {', '.join(sorted(set(OFF_LOOPBACK)))}")


def main(argv: list[str] | None = None) -> None:
    """Run the sections asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"of {','.join(SECTIONS)}")
    parser.add_argument("--sizes", default="demo,x100,national", help="databases for pages")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page and kpis")
    parser.add_argument("--rounds", type=int, default=3, help="browser rounds over the pages")
    parser.add_argument("--ingest-rows", type=int, default=100_000)
    parser.add_argument("--ingest-runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/dashboard-bench"))
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    args.work.mkdir(parents=True, exist_ok=True)
    table: dict[str, str] = {}
    started = time.perf_counter()
    if "pages" in only:
        pages_section(args.work, [s.strip() for s in args.sizes.split(",")], args.runs, table)
    if "kpis" in only:
        kpis_section(args.work, max(args.runs, 10), table)
    if "browser" in only:
        browser_section(args.work, args.rounds, table)
    if "memory" in only:
        memory_section(args.work, table)
    if "ingest" in only:
        ingest_section(args.ingest_rows, args.ingest_runs, table)
    if "wide" in only:
        wide_section(args.work, table)
    print_table(table)
    print(f"All in {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
