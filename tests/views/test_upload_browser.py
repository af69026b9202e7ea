"""The upload page in a real browser, with real processes: an editor signs in, uploads a
workbook through the page and confirms while `python -m loaders ingest` loads another agency's
file from a shell; both land, no page shows an error, and the overview shows the new figures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import formats
from accounts import store
from queries.indicators import INDICATORS_BY_KEY
from tests.conftest import SECOND_DATE
from tests.loaders.builders import build, query, valid_inventory_row
from tests.views.helpers import app_page, browser_tile, kpi_value
from ui import file_picker

CHROMIUM_PATH = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM_PATH.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
)
ROOT = Path(__file__).resolve().parents[2]
REMAINING = INDICATORS_BY_KEY["servers_remaining"].label
PASSWORD = "mat-khau-dai-1"


def _remaining(db_path: Path) -> int:
    return kpi_value(db_path, "servers_remaining", SECOND_DATE)


def _open_upload_page(page) -> None:
    """Sign in as the editor bien.tap on the sign-in page, then open Cập nhật dữ liệu."""
    from tools.screenshot import wait_for_app

    page.get_by_label("Tên đăng nhập").fill("bien.tap")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page, rerun=True)
    page.get_by_role("link", name="Cập nhật dữ liệu").first.click()
    wait_for_app(page, "Cập nhật dữ liệu")


# the text of an element a reader sees: what the style hides (display none, font size 0) and
# what is there for screen readers only (clipped to a pixel, as "add icon") is left out
VISIBLE_TEXT = """e => {
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    const seen = [];
    while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement, box = parent.getBoundingClientRect();
        const style = getComputedStyle(parent);
        if (box.width > 1 && box.height > 1 && parseFloat(style.fontSize) > 0
            && style.visibility === 'visible') seen.push(walker.currentNode.textContent);
    }
    return seen.join(' ');
}"""


def _after(element) -> str:
    """The text a style writes after an element (CSS `content`), without its quotes."""
    return element.evaluate("e => getComputedStyle(e, '::after').content").strip('"')


def test_an_editor_uploads_through_the_page_while_a_shell_loads(fixture_db, tmp_path):
    from tools.screenshot import free_port, serve, wait_for_app

    live = tmp_path / "dashboard.duckdb"
    shutil.copy(fixture_db, live)
    store.add_user("bien.tap", "editor", PASSWORD, created_by="pytest", db_path=live)
    in_app = tmp_path / "so_tc.xlsx"
    in_app.write_bytes(
        build(
            "inventory",
            [valid_inventory_row(agency_code="SO-TC", asset_code=f"A-{n}") for n in range(5)],
        )
    )
    from_shell = tmp_path / "so_tp.xlsx"
    from_shell.write_bytes(
        build(
            "inventory",
            [valid_inventory_row(agency_code="SO-TP", asset_code=f"B-{n}") for n in range(4)],
        )
    )
    before = _remaining(live)

    port = free_port()
    server = serve(live, port)
    try:
        with app_page(port, "/dang-nhap", height=1600) as page:
            _open_upload_page(page)
            page.locator("[data-testid='stDateInput'] input").fill(SECOND_DATE.strftime("%d/%m/%Y"))
            page.keyboard.press("Enter")
            wait_for_app(page, rerun=True)
            page.locator("input[type=file]").set_input_files([str(in_app)])
            page.get_by_role("button", name="Nạp vào cơ sở dữ liệu").wait_for(timeout=60_000)
            wait_for_app(page)

            shell = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "loaders",
                    "ingest",
                    str(from_shell),
                    "--db",
                    str(live),
                    "--as-of",
                    SECOND_DATE.isoformat(),
                    "--user",
                    "dst.cli",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            page.get_by_role("button", name="Nạp vào cơ sở dữ liệu").click()
            page.get_by_text("Đã nạp 1 tệp, 5 dòng").wait_for(timeout=120_000)
            out, err = shell.communicate(timeout=120)
            assert shell.returncode == 0, out + err
            assert page.locator("[data-testid='stException']").count() == 0

            page.get_by_role("link", name="Tổng quan").first.click()
            wait_for_app(page, "Tổng quan")
            after = _remaining(live)
            assert browser_tile(page, REMAINING) == formats.format_number(after)
            assert page.locator("[data-testid='stException']").count() == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert after != before
    assert query(
        live,
        "select uploaded_by from uploads where status = 'loaded' order by upload_id desc limit 2",
    ) in (
        [("dst.cli",), ("bien.tap",)],
        [("bien.tap",), ("dst.cli",)],
    )
    assert query(
        live, "select count(*) from assets where asset_code like 'A-%' or asset_code like 'B-%'"
    ) == [(9,)]


def test_the_file_picker_is_in_vietnamese_and_says_why_a_file_was_not_sent(
    fixture_db, tmp_path, monkeypatch
):
    from tools.screenshot import free_port, serve

    monkeypatch.setenv("DASHBOARD_MAX_UPLOAD_MB", "2")  # the loader's limit, inherited
    live = tmp_path / "dashboard.duckdb"
    shutil.copy(fixture_db, live)
    store.add_user("bien.tap", "editor", PASSWORD, created_by="pytest", db_path=live)
    too_large = tmp_path / "qua_lon.xlsx"
    too_large.write_bytes(b"\0" * (2 * 1024 * 1024 + 1))  # refused before it is sent

    port = free_port()
    server = serve(live, port)
    try:
        with app_page(port, "/dang-nhap", height=1200) as page:
            _open_upload_page(page)
            picker = page.locator("[data-testid='stFileUploader']")
            shown = picker.evaluate(VISIBLE_TEXT)
            for english in ("Upload", "per file", "MB or smaller"):
                assert english not in shown
            dropzone = "[data-testid='stFileUploaderDropzone']"
            label = page.locator(f"{dropzone} button [data-testid='stMarkdownContainer']")
            assert _after(label) == "Chọn tệp"
            limit = page.locator(
                f"{dropzone} [data-testid='stFileUploaderDropzoneInstructions'] > div"
            )
            assert _after(limit) == "Mỗi tệp tối đa 2 MB"

            page.locator("input[type=file]").set_input_files([str(too_large)])
            chip = page.locator("[data-testid='stFileChip'][aria-invalid='true']")
            chip.wait_for(timeout=30_000)
            shown = picker.evaluate(VISIBLE_TEXT)
            assert "qua_lon.xlsx" in shown
            assert "MB" not in shown  # neither "2.0MB" nor "File must be 2.0MB or smaller."
            assert _after(picker) == file_picker.NOT_SENT.format(limit=2)
            chip.hover()
            tip = page.locator("[data-testid='stTooltipErrorContent']")
            tip.wait_for(timeout=10_000)
            assert tip.evaluate("e => getComputedStyle(e).fontSize") == "0px"  # its English
            assert _after(tip) == file_picker.NOT_SENT_TIP
            assert page.locator("[data-testid='stException']").count() == 0
    finally:
        server.terminate()
        server.wait(timeout=10)
