"""What a page shows, read from an AppTest run: its tiles, tables and charts."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from streamlit.testing.v1 import AppTest

from charts import tables


def tiles(app: AppTest) -> dict[str, str]:
    """Every st.metric on the page: label → value as shown."""
    return {metric.label: metric.value for metric in app.metric}


def deltas(app: AppTest) -> dict[str, str]:
    """Every st.metric on the page: label → its change as shown ("" when none)."""
    return {metric.label: metric.proto.delta for metric in app.metric}


def as_shown(frame):
    """A drawn table (AppTest's element) with each cell as the browser writes it: kept whole
    numbers and dates become their Vietnamese text; bars keep their number."""
    config = json.loads(frame.proto.columns or "{}")
    table = frame.value.copy()
    for name in table.columns:
        kind = config.get(name, {}).get("type_config", {})
        if kind.get("type") != "progress":
            table[name] = [tables.browser_text(v, kind) for v in table[name].tolist()]
    return table


def rows_as_shown(frame) -> list[dict]:
    """A drawn table's rows as records, each cell as the browser writes it."""
    return as_shown(frame).to_dict("records")


def table(app: AppTest, header: str) -> list[dict]:
    """The rows of the first table with a column headed `header`, cells as shown."""
    for frame in app.dataframe:
        if header in frame.value.columns:
            return rows_as_shown(frame)
    raise AssertionError(f"no table with a column {header!r}")


def charts(app: AppTest) -> dict[str, dict]:
    """The page's Plotly figures (their JSON spec) by title."""
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def chart(app: AppTest, title: str) -> dict:
    """The Plotly figure titled `title`."""
    shown = charts(app)
    assert title in shown, f"no chart titled {title!r}: {sorted(shown)}"
    return shown[title]


def trace(spec: dict, name: str) -> dict:
    """The trace named `name` of a figure."""
    return next(t for t in spec["data"] if t.get("name") == name)


def kpi_value(db_path, key: str, as_of):
    """One indicator of `compute_kpis` on a database file, as the pages must show it."""
    import db
    import queries

    con = db.connect(db_path, read_only=True)
    try:
        return queries.compute_kpis(con, as_of)[key]
    finally:
        con.close()


def browser_tile(page, label: str) -> str:
    """The value of the st.metric labelled `label` in a Playwright page, as drawn."""
    metric = page.locator("[data-testid='stMetric']", has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# what CI keeps after a run (git ignores it); DASHBOARD_ARTIFACTS moves it
ARTIFACTS = Path(
    os.environ.get("DASHBOARD_ARTIFACTS")
    or Path(__file__).resolve().parents[2] / ".ci" / "artifacts"
)


def leaves_loopback(url: str) -> bool:
    """True when a browser request would leave the machine (a web or socket address off loopback)."""
    parsed = urlparse(url)
    return parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname not in LOOPBACK


def report_figures(capsys, name: str, line: str) -> None:
    """Show a line of measured figures in the test run's output, even while pytest captures it,
    and append it to `.ci/artifacts/NAME.txt` (the folder is made when missing; git ignores it)."""
    with capsys.disabled():
        print(f"\n[{name}] {line}")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with open(ARTIFACTS / f"{name}.txt", "a", encoding="utf-8") as figures:
        figures.write(f"{stamp} {line}\n")


@contextmanager
def app_page(port: int, path: str = "/", height: int = 1200) -> Iterator:
    """Debian's chromium on the app served on `port`, `path` opened and its script run; the
    page's `base` is the app's address. The browser closes on leaving."""
    from playwright.sync_api import sync_playwright

    from tools.screenshot import CHROMIUM, CHROMIUM_FLAGS, new_page, wait_for_app

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = new_page(browser, height=height)
            page.base = f"http://127.0.0.1:{port}"
            page.goto(page.base + path)
            wait_for_app(page)
            yield page
        finally:
            browser.close()
