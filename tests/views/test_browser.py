"""The app in a real browser: a pasted link opens the same view, and no request leaves loopback.

A new server is started for this module, so its very first session is a deep link, as when
someone opens a meeting invitation right after a restart. Debian's chromium, driven by
Playwright, with every request outside loopback refused. Every page of the menu is opened
with its console watched, and a screenshot of each is saved in `.ci/artifacts/screenshots/`
(or `$DASHBOARD_ARTIFACTS/screenshots/`), the folder CI keeps after a run.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.views.helpers import ARTIFACTS, leaves_loopback
from ui.pages import PAGES as MENU

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
PAGES = {
    "tien-do": "Tiến độ theo đơn vị",
    "": "Tổng quan hợp nhất hạ tầng thông tin, hạ tầng số tỉnh Bắc Ninh",
    "lo-trinh": "Lộ trình",
    "chi-phi": "Chi phí và tiết kiệm",
    "he-thong": "Hệ thống và an toàn thông tin",
    "ban-do": "Bản đồ",
}


# Streamlit's frontend, opened on a page's own address, first asks for its server's health
# and configuration under that address and, answered 404, under the root (streamlit/streamlit
# issue #7074, open): those two probes are the only failed requests allowed.
FIRST_PROBES = ("/_stcore/health", "/_stcore/host-config")
FAILED_TO_LOAD = "Failed to load resource: the server responded with a status of"


def _console(page, message) -> None:
    # a failed request is also told by its response, with its address: see _response
    if message.type == "error" and not message.text.startswith(FAILED_TO_LOAD):
        page.console_errors.append(message.text)


def _response(page, response) -> None:
    path = urlparse(response.url).path
    probe = response.status == 404 and path.endswith(FIRST_PROBES) and path.count("/") == 3
    if response.status >= 400 and not probe:
        page.console_errors.append(f"{response.status} {response.url}")


def _watched(page):
    """`page` with its requests recorded (`page.requests`), those off loopback refused, and
    its console errors and failed responses collected (`page.console_errors`)."""
    page.requests = []
    page.console_errors = []
    page.on("console", lambda message: _console(page, message))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("response", lambda response: _response(page, response))

    def route(request_route):
        url = request_route.request.url
        page.requests.append(url)
        if leaves_loopback(url):
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    return page


@pytest.fixture(scope="module")
def browser_page(fixture_db):
    """A fresh server on the fixture database and a browser page that records its requests."""
    from playwright.sync_api import sync_playwright

    from tools.screenshot import CHROMIUM, CHROMIUM_FLAGS, free_port, new_page, serve

    port = free_port()
    server = serve(fixture_db, port)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = _watched(new_page(browser))
        page.base = f"http://127.0.0.1:{port}"
        yield page
        browser.close()
    server.terminate()
    server.wait(timeout=10)


def _open(page, path: str) -> None:
    from tools.screenshot import wait_for_app

    page.goto(f"{page.base}/{path}")
    wait_for_app(page)


def test_first_session_after_a_start_opens_the_linked_view(browser_page):
    # the server's very first session: a link with a date and an agency group
    _open(browser_page, "tien-do?ngay=2026-03-31&nhom=commune")
    assert browser_page.inner_text("h1") == "Tiến độ theo đơn vị"
    assert browser_page.query_selector("[role=dialog]") is None  # no "Page not found"
    query = parse_qs(urlparse(browser_page.url).query)
    assert query["ngay"] == ["2026-03-31"]
    assert query["nhom"] == ["commune"]
    sidebar = browser_page.locator("[data-testid='stSidebar']")
    date_box = sidebar.locator("[data-testid='stSelectbox']").first
    assert "31/03/2026" in (date_box.text_content() or "") + date_box.locator("input").input_value()
    assert "UBND xã, phường" in sidebar.inner_text()


def test_no_english_menu_and_a_charts_toolbar_in_vietnamese(browser_page):
    from charts.theme import PLOTLY_WORDS

    _open(browser_page, "")
    # Streamlit's menu ("Print", "Record screen") is not shown
    assert not browser_page.locator("[data-testid='stMainMenu']").is_visible()
    browser_page.locator("[data-testid='stPlotlyChart']").first.hover()
    titles = browser_page.locator(".modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-title'))"
    )
    assert PLOTLY_WORDS["Download plot as a PNG"] in titles
    assert PLOTLY_WORDS["Reset axes"] in titles
    assert not set(titles) & set(PLOTLY_WORDS)  # no English text of Plotly's left
    # Streamlit's own button keeps its English title; its tooltip shows the style's words
    fullscreen = browser_page.locator(".modebar-btn[data-title='Fullscreen']").first
    shown = fullscreen.evaluate("b => getComputedStyle(b, '::after').content")
    assert shown == '"Toàn màn hình"'


def test_a_tables_toolbar_tooltips_in_vietnamese(browser_page):
    from ui.streamlit_words import TABLE_BUTTONS

    _open(browser_page, "tien-do")
    table = browser_page.locator("[data-testid='stDataFrame']").first
    buttons = browser_page.locator("[data-testid='stBaseButton-elementToolbar']")
    table.hover()
    labels = buttons.evaluate_all("buttons => buttons.map(b => b.getAttribute('aria-label'))")
    assert {"Search", "Show/hide columns", "Fullscreen"} <= set(labels)
    for index, english in enumerate(labels):
        table.hover()
        buttons.nth(index).hover()
        text = browser_page.locator("[role='tooltip'] [data-testid='stTooltipContent'] p")
        text.wait_for(state="attached", timeout=5_000)
        # Streamlit's English is there but drawn at size 0; the style's words are shown
        assert text.text_content() == english
        assert text.evaluate("p => getComputedStyle(p).fontSize") == "0px"
        shown = text.evaluate("p => getComputedStyle(p, '::after').content")
        assert shown == f'"{TABLE_BUTTONS[english]}"'
    # a tooltip of the app's own (a widget's help) keeps its text
    browser_page.mouse.move(5, 5)
    browser_page.locator(
        "[data-testid='stSidebar'] [data-testid='stTooltipHoverTarget']"
    ).first.hover()
    help_text = browser_page.locator("[role='tooltip'] [data-testid='stTooltipContent'] p").first
    help_text.wait_for(state="attached", timeout=5_000)
    assert help_text.evaluate("p => getComputedStyle(p).fontSize") != "0px"


def _open_column_menu(page, table) -> bool:
    # the ⋮ at the right of the first column's heading, drawn on the grid's canvas when the
    # heading is pointed at: tried a few pixels apart (a click beside it sorts the column)
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    menu = page.locator("[data-testid='stDataFrameColumnMenu']")
    for x in range(int(box["x"]) + 400, int(box["x"]) + 450, 4):
        page.mouse.move(x - 30, box["y"] + 17)
        page.mouse.move(x, box["y"] + 17)
        page.mouse.click(x, box["y"] + 17)
        if menu.count() and menu.first.is_visible():
            return True
    return False


def test_a_table_columns_menu_in_vietnamese(browser_page):
    from ui.streamlit_words import COLUMN_MENU_WORDS

    _open(browser_page, "tien-do")
    table = browser_page.locator("[data-testid='stDataFrame']").first
    assert _open_column_menu(browser_page, table), "no column menu opened"
    menu = browser_page.locator("[data-testid='stDataFrameColumnMenu'] [role='menu']").first
    text = menu.inner_text().split("\n")
    assert {"Sắp xếp tăng dần", "Sắp xếp giảm dần", "Thống kê", "Ẩn cột"} <= set(text)
    assert not set(text) & set(COLUMN_MENU_WORDS)  # no English label of Streamlit's left
    copy = browser_page.locator("[data-testid='stDataFrameColumnMenu'] [title='Chép tên cột']")
    assert copy.count() == 1
    # the column's statistics: labels in Vietnamese, and figures written 1.234,5 in this
    # browser, whose own language writes them 1,234.5
    item = browser_page.get_by_role("menuitem", name="Thống kê").bounding_box()
    browser_page.mouse.move(item["x"] + 20, item["y"] + item["height"] / 2)
    figures = browser_page.locator("[data-testid='stDataFrameStatisticsMetrics']")
    figures.wait_for(timeout=5_000)
    shown = figures.inner_text().split("\n")
    assert "Số giá trị" in shown and "Ô trống" in shown
    assert not set(shown) & set(COLUMN_MENU_WORDS)
    empty = shown[shown.index("Ô trống") + 1]
    assert re.fullmatch(r"\d+ \(\d+(,\d+)?%\)", empty), empty
    # the mean length of the fixture's agency names has a decimal part
    mean_length = shown[shown.index("Độ dài trung bình") + 1]
    assert re.fullmatch(r"\d+,\d", mean_length), mean_length
    browser_page.keyboard.press("Escape")


def test_choosing_a_date_updates_the_link(browser_page):
    _open(browser_page, "chi-phi")
    browser_page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    browser_page.get_by_role("option", name="31/03/2026").click()
    browser_page.wait_for_function("() => location.search.includes('ngay=2026-03-31')")
    assert urlparse(browser_page.url).path == "/chi-phi"


def test_every_page_of_the_menu_opens_with_a_clean_console_and_leaves_a_screenshot(browser_page):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    browser_page.requests.clear()
    for page in MENU:
        browser_page.console_errors.clear()
        path = "" if page.default else page.url_path
        _open(browser_page, path)
        assert not browser_page.query_selector("[data-testid='stException']"), page.url_path
        heading = browser_page.inner_text("h1")
        assert heading.startswith(PAGES.get(path, "")), path
        assert heading, page.url_path  # a page, not a blank or an error
        browser_page.screenshot(path=str(folder / f"{page.url_path}.png"), full_page=True)
        assert browser_page.console_errors == [], page.url_path
    assert sorted(p.stem for p in folder.glob("*.png")) >= sorted(p.url_path for p in MENU)
    assert set(PAGES) <= {"" if p.default else p.url_path for p in MENU}
    assert [u for u in browser_page.requests if leaves_loopback(u)] == []


def test_a_first_run_has_the_charts_code_fetched_and_later_ones_not(browser_page, fixture_db):
    # ui/prefetch.py, on a server of its own: its first session opens the sign-in page, which
    # has no chart, and Plotly's code was fetched all the same, from where the frontend asks
    # for it (the chart drawn later from the menu asks for it no more); a later visit, none
    from tools.screenshot import free_port, serve, wait_for_app
    from ui.prefetch import MARKER, bundle_files

    block = f"[data-testid='stElementContainer']:has(script[{MARKER}])"
    charts = {name for name in bundle_files() if name.startswith(("PlotlyChart", "DataFrame"))}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(fixture_db, port)
    page = _watched(browser_page.context.browser.new_page())  # the module's browser
    asked: list[tuple[str, int]] = []  # the bundle's files asked for: path, status
    page.on(
        "response",
        lambda response: (
            asked.append((urlparse(response.url).path, response.status))
            if "/static/js/" in response.url
            else None
        ),
    )
    try:
        page.goto(f"{base}/dang-nhap")
        wait_for_app(page, "Đăng nhập")
        for name in bundle_files():
            assert asked.count((f"/static/js/{name}", 200)) == 1, name
        assert page.query_selector("[data-testid='stPlotlyChart']") is None
        assert page.locator(block).count() == 1
        assert not page.locator(block).is_visible()  # it takes no room on the page

        # the overview's chart and table, from the menu: drawn from the code fetched ahead
        page.locator("[data-testid='stSidebarNav'] a").first.click()
        wait_for_app(page, PAGES[""])
        assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 1
        assert page.locator("[data-testid='stDataFrame'] canvas").count() >= 1
        for name in bundle_files():
            assert [status for path, status in asked if path.endswith(name)] == [200], name
        assert page.console_errors == []

        asked.clear()
        page.reload()
        wait_for_app(page, PAGES[""])
        assert page.locator(block).count() == 1  # still there, empty
        assert not page.locator(block).is_visible()
        # the overview asks for its chart's and table's code itself, once
        assert sorted(
            path.rsplit("/", 1)[1] for path, _ in asked if path.endswith(tuple(charts))
        ) == sorted(charts)
        assert page.console_errors == []
        assert [url for url in page.requests if leaves_loopback(url)] == []
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=10)
