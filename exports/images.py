"""Exports layer, no Streamlit: meeting-ready chart images, in the browser's toolbar and on the server.

`decorate` gives a figure what a picture pasted into a slide or a letter needs on its own: the
Vietnamese title, the report date and scope, the source line. The pages draw every chart
through it (ui/widgets.chart), so the toolbar's PNG is that figure; `toolbar_config` names the
file and sets 2x scale. `render_png` draws a figure on the server with kaleido and Debian's
chromium: one kaleido server per process, each image bounded by a timeout, and a Vietnamese
`ImageError` where no browser is installed or a render fails.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
import re
import shutil
import threading
import unicodedata
from typing import Any

import plotly.graph_objects as go

from charts import theme
from exports.scope import scope_sentence

SOURCE = "Nguồn: Sở Khoa học và Công nghệ tỉnh Bắc Ninh"
# Debian's fonts-noto-core: every Vietnamese glyph in one face (fc-list | grep "Noto Sans")
EXPORT_FONT = "Noto Sans"
SCALE = 2  # print resolution: a 1.000-pixel-wide chart becomes 2.000 pixels
EXTRA_TOP = 46  # pixels the two lines under the title take
EXPORT_WIDTH = 1100  # pixels, before scale: the width of a 16:9 slide's picture
RENDER_TIMEOUT = 30  # seconds for one image (the first also starts the browser, about 2,5 s)
SLUG_LIMIT = 60


class ImageError(Exception):
    """An image could not be drawn on the server; the message says why, in Vietnamese."""


class BrowserMissingError(ImageError):
    """No Chromium is installed, so kaleido cannot draw."""

    def __init__(self) -> None:
        super().__init__(
            "Không tạo được hình biểu đồ: máy chủ chưa cài trình duyệt Chromium. Đề nghị quản "
            "trị viên cài gói “chromium” và “fonts-noto-core” của Debian rồi thử lại."
        )


def figure_title(figure: go.Figure) -> str:
    """The figure's title as plain text ("" when it has none)."""
    text = figure.layout.title.text or ""
    return re.sub(r"<[^>]+>", " ", text).strip()


def slug(text: str) -> str:
    """An ASCII file-name part of a Vietnamese text: "Tiến độ hợp nhất" → "tien-do-hop-nhat"."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return words[:SLUG_LIMIT].rstrip("-") or "bieu-do"


def file_stem(title: str, as_of: dt.date | None) -> str:
    """The image's file name without extension: "tien-do-hop-nhat_31-12-2026"."""
    return f"{slug(title)}_{as_of:%d-%m-%Y}" if as_of else slug(title)


def decorate(figure: go.Figure, as_of: dt.date | None, scope: str) -> go.Figure:
    """A copy of `figure` that stands on its own in a meeting: under its title the report date
    and scope (`scope` as Filters.describe() writes it, "" for the whole province) and the
    source line. The plot keeps its size: the figure grows by the two lines."""
    # a copy without Plotly's validation: `figure` was validated when it was built, and
    # validating it again (its template above all) was a third of a page's run (Lộ trình)
    decorated = go.Figure(figure.to_dict(), _validate=False)
    layout = decorated.layout
    top = layout.margin.t if layout.margin.t is not None else 60
    height = layout.height or 420
    subtitle = f"{scope_sentence(as_of, scope)}<br>{SOURCE}"
    decorated.update_layout(
        title={
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#546e7a"}},
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12},
        },
        margin={"t": top + EXTRA_TOP},
        height=height + EXTRA_TOP,
    )
    return decorated


def toolbar_config(figure: go.Figure, as_of: dt.date | None, fallback_name: str) -> dict[str, Any]:
    """Plotly's config for a page's chart: a PNG named after its title and date, 2x scale, and
    Plotly's own words in Vietnamese (charts/theme.PLOTLY_WORDS)."""
    stem = file_stem(figure_title(figure) or fallback_name, as_of)
    return theme.plotly_config(
        toImageButtonOptions={"format": "png", "filename": stem, "scale": SCALE}
    )


def export_figure(figure: go.Figure, as_of: dt.date | None, scope: str) -> go.Figure:
    """`decorate`, in the font the server has (Noto Sans): the figure a file carries."""
    decorated = decorate(figure, as_of, scope)
    decorated.update_layout(
        font={"family": EXPORT_FONT}, hoverlabel={"font": {"family": EXPORT_FONT}}
    )
    return decorated


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")  # as kaleido looks


def browser_path() -> str | None:
    """The Chromium kaleido would use ($BROWSER_PATH, else chromium on the PATH), or None.

    Never a browser kaleido downloaded itself: only the system's (Debian's chromium).
    """
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"] if os.path.exists(os.environ["BROWSER_PATH"]) else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


_server_lock = threading.Lock()
_server_started = False
# one thread hands the renders to kaleido's server, so a hung browser never blocks the caller
_waiter = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kaleido")


def _start_server() -> None:
    """Start this process's one kaleido server (a browser kept open between renders)."""
    global _server_started
    with _server_lock:
        if _server_started:
            return
        if browser_path() is None:
            raise BrowserMissingError()
        import kaleido

        # mathjax=False: kaleido would otherwise load MathJax from a CDN; nothing leaves the machine
        kaleido.start_sync_server(timeout=RENDER_TIMEOUT, mathjax=False, silence_warnings=True)
        _server_started = True


def stop_server() -> None:
    """Close this process's kaleido server and its browser, if one was started.

    A command calls it before it exits: left to the interpreter's exit, the browser may still
    be writing its profile while its temporary folder is removed, and Python prints a traceback.
    """
    global _server_started
    with _server_lock:
        if not _server_started:
            return
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _server_started = False


def render_png(
    figure: go.Figure,
    *,
    width: int = EXPORT_WIDTH,
    height: int | None = None,
    scale: float = SCALE,
    timeout: float = RENDER_TIMEOUT,
) -> bytes:
    """The figure as PNG bytes, drawn by kaleido; at most `timeout` seconds (plus the start).

    Raises ImageError (BrowserMissingError where no Chromium is installed) with a Vietnamese
    message; never kaleido's own exceptions.
    """
    _start_server()
    import kaleido

    options = {"format": "png", "width": width, "height": height or figure.layout.height or 420}
    options["scale"] = scale
    job = _waiter.submit(kaleido.calc_fig_sync, figure, opts=options)
    try:
        # the first render also starts the browser: give it a few seconds more
        return job.result(timeout=timeout + 10)
    except concurrent.futures.TimeoutError:
        raise ImageError(
            f"Không tạo được hình biểu đồ “{figure_title(figure)}” trong {timeout:.0f} giây. "
            "Đề nghị thử lại sau ít phút; nếu vẫn không được, báo quản trị viên kiểm tra "
            "trình duyệt Chromium trên máy chủ."
        ) from None
    except Exception as exc:  # kaleido's and the browser's errors, whatever their class
        raise ImageError(
            f"Không tạo được hình biểu đồ “{figure_title(figure)}”: trình duyệt Chromium trên "
            "máy chủ báo lỗi khi vẽ. Đề nghị báo quản trị viên kiểm tra gói chromium."
        ) from exc
