"""Readers under load: twenty browser sessions read the app's pages while command-line loads
land one after another. Every page opens whole (its heading, no exception box); the median
and slowest page times are printed (figures, not assertions: only hang guards bound them).

One Debian chromium through Playwright's async API, twenty contexts (twenty Streamlit
sessions, each with its websocket) alive for the whole run. Each session opens the app once
by its address, as a reader opening the link does, then reads other pages by the menu, as a
reader does in a meeting (a menu click reruns the script in the same session; a new address
would start a new session and load the frontend again). A page counts as read when its
own heading is up, its script has ended and its charts, maps and tables are drawn
(tools/screenshot.py's UNDRAWN). Every request off loopback is refused and recorded.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import threading
import time

from tests import conftest
from tests.commands import PROJECT_DIR
from tests.loaders.builders import build, valid_inventory_row
from tests.views import test_browser
from tests.views.helpers import leaves_loopback, report_figures
from tools.screenshot import DRAWN, UNDRAWN

PAGES = test_browser.PAGES  # path → heading
SESSIONS = 20
MENU_VISITS = 1  # pages each session reads by the menu after its first page (each page is read)
# CI's 2 cores hold one server process, the loads and twenty renderers: pages are read a few
# at a time (each page's charts are drawn in software), the twenty sessions stay connected
OPENING_AT_ONCE = 2  # first visits (a frontend to load) at the same moment
READING_AT_ONCE = 3  # menu visits at the same moment
# hang guards, not speed targets: a page or a run that takes longer has hung
PAGE_GUARD_MS = 90_000
RUN_GUARD_SECONDS = 480
EXCEPTION = "[data-testid='stException']"
# A page is read when tools/screenshot.py's UNDRAWN finds nothing missing (its own heading,
# the run ended, every chart, map and table drawn), as the benchmarks wait for it.


class LoadsInALoop(threading.Thread):
    """`python -m loaders ingest` of SO-TC's Biểu 01, a different content each time, until stopped."""

    def __init__(self, db_path, folder) -> None:
        super().__init__(daemon=True)
        self.db_path = db_path
        self.folder = folder
        self.stop = threading.Event()
        self.results: list[tuple[int, str, float]] = []  # exit, output, when it finished
        self.process: subprocess.Popen | None = None

    def run(self) -> None:
        number = 0
        while not self.stop.is_set():
            number += 1
            workbook = self.folder / f"bieu_01_so_tc_{number}.xlsx"
            rows = [
                valid_inventory_row(stt=n, agency_code="SO-TC", asset_code=f"MOI-{n:02}")
                for n in range(1, 2 + number % 5)
            ]
            workbook.write_bytes(build("inventory", rows))
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "loaders",
                    "ingest",
                    str(workbook),
                    "--db",
                    str(self.db_path),
                    "--as-of",
                    conftest.SECOND_DATE.isoformat(),
                    "--user",
                    "dst.cli",
                ],
                cwd=PROJECT_DIR,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
            )
            out, _ = self.process.communicate(timeout=300)
            self.results.append((self.process.returncode, out, time.monotonic()))


async def _read(page, path: str, how: str, start: float) -> dict:
    """Wait until the page is drawn; how long since `start`, its heading, any exception box."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    heading = PAGES[path]
    try:
        await page.wait_for_function(DRAWN, arg=heading, timeout=PAGE_GUARD_MS, polling=50)
        hung = None
    except PlaywrightTimeout:
        hung = await page.evaluate(UNDRAWN, heading)  # for the failure message
    seconds = time.perf_counter() - start
    headings = await page.locator("[data-testid='stMain'] h1").all_inner_texts()
    errors = await page.locator(EXCEPTION).all_inner_texts()
    return {
        "path": path,
        "how": how,
        "seconds": seconds,
        "h1": headings[0] if headings else None,
        "errors": errors,
        "hung": hung,
    }


async def _sessions(base: str) -> tuple[list[dict], list[str]]:
    """Twenty sessions alive at once: each opens one page by its address, then MENU_VISITS
    pages by the menu; every visit, and the refused URLs."""
    from playwright.async_api import async_playwright

    from tools.screenshot import CHROMIUM, CHROMIUM_FLAGS

    visits: list[dict] = []
    refused: list[str] = []
    opening = asyncio.Semaphore(OPENING_AT_ONCE)
    reading = asyncio.Semaphore(READING_AT_ONCE)
    paths = list(PAGES)

    async def route(request_route) -> None:
        url = request_route.request.url
        if leaves_loopback(url):
            refused.append(url)
            await request_route.abort()
        else:
            await request_route.continue_()

    async def session(number: int, context) -> None:
        page = await context.new_page()
        first = paths[number % len(paths)]
        async with opening:
            start = time.perf_counter()
            await page.goto(f"{base}/{first}", wait_until="commit", timeout=PAGE_GUARD_MS)
            visits.append({"session": number, **await _read(page, first, "address", start)})
        for visit in range(1, MENU_VISITS + 1):
            path = paths[(number + visit) % len(paths)]
            async with reading:
                menu = page.locator("[data-testid='stSidebarNav'] a")
                # the overview's entry is the menu's first (its address is the root)
                link = menu.and_(page.locator(f"a[href$='/{path}']")) if path else menu.first
                start = time.perf_counter()
                await link.click(timeout=PAGE_GUARD_MS)
                visits.append({"session": number, **await _read(page, path, "menu", start)})

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            contexts = []
            for _ in range(SESSIONS):
                context = await browser.new_context(viewport={"width": 1440, "height": 900})
                await context.route("**/*", route)
                contexts.append(context)
            await asyncio.gather(*(session(n, c) for n, c in enumerate(contexts)))
        finally:
            await browser.close()
    return visits, refused


def _summary(visits: list[dict], how: str) -> str:
    chosen = [visit for visit in visits if visit["how"] == how]
    times = sorted(visit["seconds"] for visit in chosen)
    slowest = max(chosen, key=lambda visit: visit["seconds"])
    return (
        f"{len(chosen)} by {how}: median {statistics.median(times):.2f} s, slowest "
        f"{slowest['seconds']:.2f} s (/{slowest['path']}), fastest {times[0]:.2f} s"
    )


def test_twenty_sessions_read_the_pages_while_loads_run(fixture_db, tmp_path, monkeypatch, capsys):
    from tools.screenshot import free_port, serve

    monkeypatch.delenv("DASHBOARD_ARCHIVE", raising=False)  # the archive beside the copy
    live = tmp_path / "dashboard.duckdb"
    shutil.copy(fixture_db, live)
    port = free_port()
    server = serve(live, port)
    loads = LoadsInALoop(live, tmp_path)
    started = time.monotonic()
    try:
        loads.start()
        try:
            visits, refused = asyncio.run(
                asyncio.wait_for(_sessions(f"http://127.0.0.1:{port}"), RUN_GUARD_SECONDS)
            )
        except TimeoutError:
            raise AssertionError(
                f"{SESSIONS} sessions did not read their pages within {RUN_GUARD_SECONDS} s: "
                "a reader hung. The server wrote:\n"
                + server.log_path.read_text(errors="replace")[-4000:]
            ) from None
        visits_ended = time.monotonic()
    finally:
        loads.stop.set()
        loads.join(timeout=300)
        if loads.process is not None and loads.process.poll() is None:
            loads.process.kill()
        server.terminate()
        server.wait(timeout=10)
    elapsed = time.monotonic() - started
    server_log = server.log_path.read_text(errors="replace")
    assert "Traceback" not in server_log, server_log[-4000:]

    assert len(visits) == SESSIONS * (1 + MENU_VISITS)
    assert {visit["path"] for visit in visits} == set(PAGES)  # every page read
    assert [visit for visit in visits if visit["hung"]] == []  # with what each still lacked
    for visit in visits:
        assert visit["errors"] == [], visit
        assert (visit["h1"] or "").startswith(PAGES[visit["path"]]), visit
    assert refused == []
    # the loads ran and landed while the pages were being read
    assert loads.results, "no load finished"
    for code, out, _ in loads.results:
        assert code == 0, out
        assert "Traceback" not in out, out
    during = [when for *_, when in loads.results if when < visits_ended]
    assert len(during) >= 1, "no load landed while the sessions read"

    report_figures(
        capsys,
        "readers_under_load",
        f"{SESSIONS} sessions alive while {len(during)} loads landed: "
        f"{_summary(visits, 'address')}; {_summary(visits, 'menu')}; whole run {elapsed:.0f} s",
    )
