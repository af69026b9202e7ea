"""Bản đồ in a real browser: the map draws with the network off and no request leaves loopback.

Serves the app on the fixture database with tools/screenshot.py's helpers and drives Debian's
chromium with Playwright; every request the page makes is recorded and outside ones are
refused, as a government network would.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.views.helpers import ARTIFACTS, leaves_loopback

CHROMIUM_PATH = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM_PATH.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
MAP = "[data-testid='stPlotlyChart']"  # the page's one Plotly chart
COMMUNE_PATHS = "path.choroplethlocation"  # one SVG path per commune, in the trace's order
# colours of the fixture's map as of 30/09/2026 (charts/maps/classes.py): two communes in class "1"
ONE_SERVER = (254, 217, 118)
NO_SERVER = (236, 239, 241)

# Count the pixels of a PNG near each colour, in the browser (no image library here).
COUNT_COLOURS = """
async ([png, colours]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const counts = colours.map(() => 0);
  for (let i = 0; i < pixels.length; i += 4) {
    colours.forEach((c, k) => {
      if (Math.abs(pixels[i] - c[0]) + Math.abs(pixels[i + 1] - c[1])
          + Math.abs(pixels[i + 2] - c[2]) < 30) counts[k] += 1;
    });
  }
  return counts;
}
"""


# The middle of a commune's path on the screen: its trace is the chart's "xa"
CENTRE_OF = """
(code) => {
  const chart = document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot");
  const trace = chart.data.findIndex((t) => t.name === "xa");
  const index = chart.data[trace].locations.indexOf(code);
  const box = chart.querySelectorAll("path.choroplethlocation")[index].getBoundingClientRect();
  return [box.x + box.width / 2, box.y + box.height / 2];
}
"""


@pytest.fixture(scope="module")
def served(fixture_db):
    """The app on the fixture database, on a free loopback port."""
    from tools.screenshot import free_port, serve

    port = free_port()
    server = serve(fixture_db, port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def page(served):
    from playwright.sync_api import sync_playwright

    from tools.screenshot import CHROMIUM_FLAGS, new_page

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM_PATH), args=CHROMIUM_FLAGS
        )
        tab = new_page(browser, height=1400)
        tab.requests = []
        tab.on("request", lambda request: tab.requests.append(request.url))
        # network off: nothing outside loopback is answered
        tab.route(lambda url: leaves_loopback(url), lambda route: route.abort())
        yield tab
        browser.close()


def _open_map(page, base: str, query: str = "") -> None:
    from tools.screenshot import wait_for_app

    # the first page of a fresh session is the default one, then the map (as a user would)
    page.goto(base + "/")
    wait_for_app(page)
    page.goto(f"{base}/ban-do{query}")
    wait_for_app(page)
    page.wait_for_selector(f"{MAP} {COMMUNE_PATHS}", timeout=30_000)
    page.wait_for_timeout(500)


def test_map_draws_the_province_offline(page, served, tmp_path):
    _open_map(page, served)
    assert page.locator(f"{MAP} {COMMUNE_PATHS}").count() == 99
    chart = page.locator(MAP)
    png = chart.screenshot(path=str(tmp_path / "ban-do.png"))
    one, none = page.evaluate(
        COUNT_COLOURS, [base64.b64encode(png).decode(), [ONE_SERVER, NO_SERVER]]
    )
    # 97 communes with no server, two with one: both colours cover a real area
    assert none > 50_000, none
    assert one > 300, one
    outside = [u for u in page.requests if leaves_loopback(u)]
    assert outside == [], outside
    assert any(u.startswith(served) for u in page.requests)


def test_tooltip_on_a_commune_and_a_click_that_chooses_it(page, served):
    _open_map(page, served)
    # Phường Bắc Giang (07210)
    x, y = page.evaluate(CENTRE_OF, "07210")
    page.mouse.move(x, y)
    # Plotly's label is SVG text, one line a tspan
    tooltip = page.locator(f"{MAP} .hoverlayer")
    page.wait_for_function(
        """() => document.querySelector("[data-testid='stPlotlyChart'] .hoverlayer")
        ?.textContent.includes("Phường Bắc Giang")""",
        timeout=10_000,
    )
    text = tooltip.text_content()
    assert "Phường · tỉnh cũ (trước sắp xếp): Bắc Giang" in text
    assert "Máy chủ riêng lẻ còn lại / ban đầu: 1 / 2" in text
    assert "Sở Tài chính" in text  # the agency that still holds a server there

    # a click on it chooses it (the box beside the map and the link), and its section opens
    page.mouse.click(x, y)
    main = page.locator("[data-testid='stMain']")
    # One wait for all of it; the link follows the script's run, so it can change a moment
    # after the heading is drawn.
    try:
        main.get_by_role("heading", name="Phường Bắc Giang").wait_for(timeout=30_000)
        page.wait_for_function("() => location.search.includes('xa=07210')", timeout=15_000)
    except PlaywrightTimeout:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map_commune_not_shown.png"), full_page=True)
        pytest.fail(f"no section for Phường Bắc Giang at {page.url}: {main.inner_text()[:1500]}")
    assert "Phường · mã 07210" in main.inner_text()
    main.locator("[data-testid='stDataFrame']").nth(1).wait_for(timeout=15_000)
    # the chosen commune is outlined on the map, which is drawn anew with its outline's trace
    page.wait_for_function(
        """() => document.querySelector("[data-testid='stPlotlyChart'] .js-plotly-plot")
        ?.data?.some((trace) => trace.name === "chon")""",
        timeout=15_000,
    )


def test_the_map_draws_even_for_a_plotly_js_that_fetches_its_world_map(fixture_db):
    from playwright.sync_api import sync_playwright

    from tools.screenshot import CHROMIUM_FLAGS, free_port, new_page, serve, wait_for_app

    port = free_port()
    server = serve(fixture_db, port, script=Path(__file__).with_name("map_world_app.py"))
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_FLAGS
            )
            tab = new_page(browser)
            outside: list[str] = []
            tab.route(
                lambda url: leaves_loopback(url),
                lambda route: (outside.append(route.request.url), route.abort()),
            )
            # the communes' trace first: this plotly.js then asks cdn.plot.ly for a world map
            tab.goto(base + "/?bare=1")
            wait_for_app(tab)
            tab.wait_for_timeout(1500)
            assert any("cdn.plot.ly" in url for url in outside), outside
            assert tab.locator(COMMUNE_PATHS).count() == 0  # and draws nothing without it
            # through the page's widget, which gives it an empty one: drawn, nothing fetched
            outside.clear()
            tab.goto(base + "/")
            wait_for_app(tab)
            tab.wait_for_selector(f"{MAP} {COMMUNE_PATHS}", timeout=30_000)
            assert tab.locator(f"{MAP} {COMMUNE_PATHS}").count() == 99
            assert outside == []
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
