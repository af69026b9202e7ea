"""Streamlit's own words on every page, in Vietnamese: a style block and a script in the router.

Streamlit's front end has no setting for its language. While a run takes longer than half a
second it shows a "Stop" button at the top right ("Stopping..." once pressed), it adds a
"Fullscreen" button to each chart's toolbar, and a table's toolbar shows "Search", "Show/hide
columns" and "Fullscreen" in a tooltip over each button: the style hides that text and writes
the Vietnamese in its place (CSS `content`), leaving Streamlit's elements as they are. Its
menu, English only, is not shown. A table column's menus have labels no style can name: a
script rewrites them (`script`). The upload page's picker has its own block
(ui/file_picker.py).
"""

from __future__ import annotations

from ui.hidden_script import hidden_script, js_value

STOP = "Dừng"
STOPPING = "Đang dừng…"
# the button Streamlit adds to each Plotly chart's toolbar, by its English title: Plotly
# shows a button's title in a CSS tooltip (`content: attr(data-title)`) and never translates
# one added to it
FULL_SCREEN = {"Fullscreen": "Toàn màn hình", "Close fullscreen": "Thoát toàn màn hình"}
PLOTLY_BUTTONS = FULL_SCREEN
# A table's toolbar buttons, by their English label: each shows its label in a tooltip that
# Streamlit puts at the end of the page, tied to its button by nothing a style can name; only
# one is open at a time, under the pointer or the keyboard's focus, and it closes at once
TABLE_BUTTONS = {
    "Search": "Tìm kiếm",
    "Show/hide columns": "Hiện/ẩn cột",
    "Clear selection": "Bỏ chọn",
    **FULL_SCREEN,
}
_TOOLTIP_TEXT = "[role='tooltip'] [data-testid='stTooltipContent'] p"
# The menus of a table's column (its header's ⋮): the item's English label, as Streamlit writes
# it, and the words the page shows instead (`script`). A number's format there follows the
# browser's language, as Streamlit formats it.
COLUMN_MENU_WORDS = {
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Statistics": "Thống kê",
    "Format": "Định dạng số",
    "Autosize": "Tự động chỉnh độ rộng",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    # the statistics of a column
    "Values": "Số giá trị",
    "Empty": "Ô trống",
    "Distinct": "Số giá trị khác nhau",
    "Average": "Trung bình",
    "Standard deviation": "Độ lệch chuẩn",
    "Minimum": "Nhỏ nhất",
    "25th percentile": "Phân vị 25",
    "Median": "Trung vị",
    "75th percentile": "Phân vị 75",
    "Maximum": "Lớn nhất",
    "Sum": "Tổng",
    "Range": "Khoảng",
    "Count": "Số giá trị",  # a bar of the statistics' histogram, in its tooltip
    "Minimum length": "Độ dài ngắn nhất",
    "Maximum length": "Độ dài dài nhất",
    "Average length": "Độ dài trung bình",
    "Based on sample": "Tính trên một phần số liệu",
    "No data": "Không có số liệu",
    # the formats of a number column
    "Automatic": "Tự động",
    "Localized": "Theo ngôn ngữ của trình duyệt",
    "Plain": "Số thường",
    "Compact": "Rút gọn",
    "Dollar": "Đô la Mỹ",
    "Euro": "Đồng euro",
    "Yen": "Yên Nhật",
    "Percent": "Phần trăm",
    "Scientific": "Dạng khoa học",
    "Accounting": "Kiểu kế toán",
    "Duration": "Khoảng thời gian",
    # the formats of a date column
    "Calendar": "Theo lịch",
    "Distance": "Cách đây bao lâu",
    # the menu of the table's "show/hide columns" button
    "Select all": "Chọn tất cả",
    # tooltips (title) of the menu's heading: the column's kind, and the copy button
    "Copy column name": "Chép tên cột",
    "text": "Cột chữ",
    "number": "Cột số",
    "progress": "Cột tỉ lệ",
    "date": "Cột ngày",
    "datetime": "Cột ngày giờ",
    "link": "Cột liên kết",
    "checkbox": "Cột đánh dấu",
}
# Where those menus are: the column's menu, its statistics and its formats, and the tooltip
# of the statistics' histogram (Vega's, one for the page)
_COLUMN_MENUS = "[data-testid^='stDataFrame'][data-testid$='Menu'], #vg-tooltip-element"
_COLUMN_STATISTICS = "[data-testid='stDataFrameStatisticsMetrics'], #vg-tooltip-element td.value"
MARKER = "data-streamlit-words"  # the attribute of the script's tag, which its style looks for
_SCRIPT = r"""(() => {
  // once per page: Streamlit sends the block with every run
  if (window.__streamlitWords) return;
  window.__streamlitWords = true;
  const words = new Map(Object.entries(__WORDS__));
  const menus = __MENUS__;
  const figures = __FIGURES__;
  // Streamlit writes a statistic in the browser's language: where that writes 1,234.5, swap
  // the marks to write 1.234,5
  const english = (1234.5).toLocaleString() === "1,234.5";
  const swapped = { ",": ".", ".": "," };
  // what this script wrote in each text node: its own change, seen by the observer, is left
  const written = new WeakMap();
  const translate = (node) => {
    if (written.get(node) === node.nodeValue) return;
    const text = node.nodeValue.trim();
    if (words.has(text)) {
      node.nodeValue = node.nodeValue.replace(text, words.get(text));
    } else if (english && /^[-+\d.,\s()%–]+$/.test(text) && node.parentElement?.closest(figures)) {
      node.nodeValue = node.nodeValue.replace(/[.,]/g, (mark) => swapped[mark]);
    } else {
      return;
    }
    written.set(node, node.nodeValue);
  };
  const retitle = (element) => {
    const title = element.getAttribute("title");
    if (words.has(title)) element.setAttribute("title", words.get(title));
  };
  const translateWithin = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) translate(node);
    for (const element of [root, ...root.querySelectorAll("[title]")]) {
      if (element.hasAttribute("title")) retitle(element);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "characterData") {
        if (record.target.parentElement?.closest(menus)) translate(record.target);
        continue;
      }
      if (record.type === "attributes") {
        if (record.target.closest(menus)) retitle(record.target);
        continue;
      }
      for (const added of record.addedNodes) {
        if (added.nodeType === Node.TEXT_NODE) {
          if (added.parentElement?.closest(menus)) translate(added);
        } else if (added.nodeType === Node.ELEMENT_NODE) {
          if (added.closest(menus)) translateWithin(added);
          else for (const menu of added.querySelectorAll(menus)) translateWithin(menu);
        }
      }
    }
  }).observe(document.body, {
    childList: true,
    subtree: true,
    characterData: true,
    attributeFilter: ["title"],
  });
})();"""
# The menu at the top right holds only "Print", "Record screen" and "Made with Streamlit" for a
# viewer, all English: not shown (the browser prints a page as well).
_MAIN_MENU = "[data-testid='stMainMenu']"

# only while a run is under way: the same box holds "Rerun" when a source file changes
_STATUS_BUTTON = (
    "[data-testid='stStatusWidget']:has([data-testid='stStatusWidgetRunningIcon']) button"
)


def css_string(text: str) -> str:
    """`text` as a CSS string, for `content`: quoted, its quotes and backslashes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def script() -> str:
    """The block of every page that writes the menus of a table's columns in Vietnamese
    (COLUMN_MENU_WORDS): Streamlit draws them as HTML when a column's ⋮ is clicked, with
    English labels that no style can name (an item's only mark is its text), so a script
    watches the page and rewrites those labels as they appear. Hidden, in no place."""
    code = (
        _SCRIPT.replace("__WORDS__", js_value(COLUMN_MENU_WORDS))
        .replace("__MENUS__", js_value(_COLUMN_MENUS))
        .replace("__FIGURES__", js_value(_COLUMN_STATISTICS))
    )
    return hidden_script(MARKER, code)


def style() -> str:
    """The style block of every page: the running app's Stop button, the full-screen button
    of a chart's toolbar and the tooltips of a table's, in Vietnamese; Streamlit's menu
    hidden."""
    rules = (
        f"{_STATUS_BUTTON} {{font-size: 0 !important}}",
        f"{_STATUS_BUTTON}::after {{content: {css_string(STOP)}; font-size: 14px}}",
        # pressed, Streamlit disables it until the run has stopped
        f"{_STATUS_BUTTON}:disabled::after {{content: {css_string(STOPPING)}}}",
        f"{_MAIN_MENU} {{display: none}}",
    ) + tuple(
        f".js-plotly-plot .plotly .modebar-btn[data-title={css_string(english)}]::after "
        f"{{content: {css_string(vietnamese)}}}"
        for english, vietnamese in PLOTLY_BUTTONS.items()
    )
    for english, vietnamese in TABLE_BUTTONS.items():
        button = f"[data-testid='stBaseButton-elementToolbar'][aria-label={css_string(english)}]"
        shown = [
            f"body:has({button}:{state}) {_TOOLTIP_TEXT}" for state in ("hover", "focus-visible")
        ]
        rules += (
            f"{', '.join(shown)} {{font-size: 0 !important}}",
            f"{', '.join(s + '::after' for s in shown)} "
            f"{{content: {css_string(vietnamese)}; font-size: 0.875rem}}",
        )
    return "<style>" + "\n".join(rules) + "</style>"
