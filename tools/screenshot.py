"""Serve the app and take full-page screenshots of its pages in headless Chromium.

    uv run python tools/screenshot.py [--db PATH] [--out screenshots] [PATH?QUERY ...]

Uses Debian's chromium (/usr/bin/chromium; never a downloaded browser) with every flag
that keeps it off the network, so what it shows is what an office without internet sees.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script (tools/screenshot.py), `tools` is not on the path

from tools.warm_up import wait_for_port  # noqa: E402
from ui.preload import PROCESS_SETTINGS  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every address but loopback goes to a proxy that is not there: off the network by Chromium's
# own settings. A Playwright route would do it too (the browser tests use one, to record each
# request), but a route turns the browser's cache off, and a page opened by its address is
# then always a first visit (Đăng nhập 1.5–1.8 s against 0.7–1.1 s, 03/12/2026). Not in
# CHROMIUM_FLAGS: the replicas' test reaches nginx by a site name mapped to loopback.
OFFLINE_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"]
DEFAULT_PAGES = [""]  # the overview is the default page, served at /

# What a page still lacks before it counts as drawn, by name: its own heading (the h1 that
# starts with the page's title), the end of its script's run, no element still a skeleton
# (the browser fetches each kind of element's code the first time one arrives, and shows a
# skeleton in its place until then: a chart not yet fetched is not yet a Plotly chart), and
# every Plotly chart (the map is one) and data grid on view painted. The benchmarks and the
# browser tests wait until it returns none. The heading, not a watch on the script's state:
# a busy renderer's timers can miss a short run, and the heading of the page clicked is
# there only once it ran.
UNDRAWN = """
(heading) => {
  const app = document.querySelector("[data-testid='stApp']");
  const h1 = document.querySelector("[data-testid='stMain'] h1");
  // one in a tab not chosen or an expander closed is drawn only when opened
  const undrawn = (outer, inner) =>
    [...document.querySelectorAll(outer)].filter(
      (e) => e.checkVisibility() && !e.querySelector(inner)
    ).length;
  const missing = [];
  if (!h1 || !h1.innerText.startsWith(heading)) missing.push("heading");
  if (!app || app.dataset.testScriptState !== "notRunning") missing.push("script running");
  if (document.querySelector("[data-testid='stSkeleton']")) missing.push("element loading");
  if (undrawn("[data-testid='stPlotlyChart']", ".main-svg")) missing.push("plotly");
  if (undrawn("[data-testid='stDataFrame']", "canvas")) missing.push("table");
  return missing;
}
"""
DRAWN = "(heading) => (" + UNDRAWN + ")(heading).length === 0"  # wait_for_function(DRAWN, arg=…)
DRAWN_OR_EXCEPTION = (
    "(heading) => document.querySelector(\"[data-testid='stException']\") !== null || ("
    + DRAWN
    + ")(heading)"
)
# Resolves once the browser has painted two more frames: a page whose elements are all there
# may still be busy drawing them (a click on the next page would wait for that)
PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
RUNNING = (
    "() => document.querySelector(\"[data-testid='stApp']\")?.dataset.testScriptState === 'running'"
)


def new_page(browser, width: int = 1440, height: int = 900, **options):
    """A page of `browser` (Playwright) of `width` × `height`; `options` go to
    `browser.new_page`."""
    return browser.new_page(viewport={"width": width, "height": height}, **options)


def free_port() -> int:
    """A TCP port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db_path: Path | None, port: int, script: Path | None = None) -> subprocess.Popen:
    """Start `streamlit run app.py` (or `script`) on loopback and wait until it answers; its
    stderr goes to the file `server.log_path`."""
    env = dict(os.environ)
    for name, value in PROCESS_SETTINGS.items():  # as the unit starts it
        env.setdefault(name, value)
    descriptor, log_name = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
    if db_path:
        env["DASHBOARD_DB"] = str(db_path)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script or ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # a file, not a pipe: a pipe nobody reads fills up and then stops the server mid-page
        stderr=descriptor,
    )
    os.close(descriptor)  # the server holds its own
    server.log_path = Path(log_name)  # what the server wrote to stderr, for a failing test
    if wait_for_port("127.0.0.1", port, 60):
        return server
    server.kill()
    raise RuntimeError("streamlit did not start")


def wait_for_app(
    page, heading: str = "", rerun: bool = False, timeout_ms: int = 60_000, polling_ms: int = 50
) -> None:
    """Wait until the page is drawn and painted: UNDRAWN finds nothing missing, `heading`
    beginning its h1 (any heading by default), or an exception box is shown (the caller looks
    for it). An AssertionError saying what is missing after `timeout_ms`.

    With `rerun`, after a click or a key on the page already drawn: first wait for the run it
    asked for to start (up to 2 s), since the page is still the one drawn before it.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if rerun:
        # a run that asked for nothing, or one already over: the wait below holds all the same
        with contextlib.suppress(PlaywrightTimeout):
            page.wait_for_function(RUNNING, timeout=2_000, polling=10)
    try:
        page.wait_for_function(
            DRAWN_OR_EXCEPTION, arg=heading, timeout=timeout_ms, polling=polling_ms
        )
    except PlaywrightTimeout:
        missing = ", ".join(page.evaluate(UNDRAWN, heading))
        raise AssertionError(f"{page.url} not drawn in {timeout_ms // 1000} s: {missing}") from None
    page.evaluate(PAINTED)


def main() -> None:
    """Take one screenshot per page path given (default: every page)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument(
        "--height",
        type=int,
        default=900,
        help="viewport height: Streamlit scrolls inside the page, so a long "
        "page needs a tall viewport to be captured whole",
    )
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve(args.db, port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *OFFLINE_FLAGS]
            )
            page = new_page(browser, args.width, args.height)
            for path in args.pages:
                page.goto(f"http://127.0.0.1:{port}/{path}")
                wait_for_app(page)
                # the query string is part of the name: ban-do and ban-do?xa=07210 differ
                name = re.sub(r"[^A-Za-z0-9_.=-]+", "_", path).strip("_") or "home"
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
