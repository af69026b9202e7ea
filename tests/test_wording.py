"""Every word the screen shows follows ../shared/spec/glossary.md (issue 11).

Two walks. The labels the screen side defines, read from their homes: vocabulary's
dictionaries and tuples, formats' outputs for sample values, the page titles, the indicators'
labels, the tables' column specs, and the chart builders' titles, axes and legends. Then
every page run with AppTest on the fixture database (and the empty one), each text it shows
collected: titles, captions, markdown, messages, tiles, table headers and cells written from
our labels, widget labels and options, chart titles, axes, legends and annotations. Each
string goes through tests/wording.py's `problems`.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import formats
import vocabulary
from charts import costs as costs_charts
from charts import progress as progress_charts
from charts import roadmap as roadmap_charts
from charts import systems as systems_charts
from charts.maps import DETAIL_TILES, MEASURES, MEASURES_HELP
from charts.theme import PLOTLY_WORDS
from queries import INDICATORS
from queries.__main__ import render_table
from tests.wording import problems
from ui import file_picker, streamlit_words
from ui.pages import PAGES

APP = str(Path(__file__).resolve().parents[1] / "app.py")
HTML_TAG = re.compile(r"<[^>]+>")
# What a text may hold that is data, not our words: an agency's or a commune's code
# (SO-GDDT, UBND-07333, TTTHDL-BN, “… (TTPVHCC)” after a name), a file name as uploaded, and Streamlit's markdown
# colour directives (":red[…]", ":blue-badge[…]"), which the reader sees as a colour.
NOT_WORDS = re.compile(
    r"\b[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)+\b|\([A-ZĐ0-9-]{2,}\)$|[^\s“”()]+\.(?:xlsx|xls|ods|csv)\b"
    r"|:[a-z]+(?:-badge)?(?=\[)"
    # a command shown as code (the first admin's, for whoever runs the server) is no prose
    r"|`[^`]+`"
)


def _words(text: str) -> str:
    """The text without what is data (codes, file names) or markup (HTML, colour directives)."""
    return NOT_WORDS.sub(" ", HTML_TAG.sub(" ", text))


def _strings(value: object) -> Iterator[str]:
    """Every string inside a label home: dict keys are machine values, so only its values."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def defined_labels() -> dict[str, str]:
    """Each label the screen side defines, by where it is defined."""
    labels: dict[str, str] = {}
    for name in dir(vocabulary):
        value = getattr(vocabulary, name)
        if name.isupper() and isinstance(value, dict):
            for key, label in value.items():
                labels[f"vocabulary.{name}[{key}]"] = label
        elif name.isupper() and isinstance(value, str):
            labels[f"vocabulary.{name}"] = value
    for page in PAGES:
        labels[f"ui.pages {page.path}"] = page.title
    for indicator in INDICATORS:
        labels[f"indicator {indicator.key}"] = indicator.label
    samples = {
        "format_pct(6.25)": formats.format_pct(6.25),
        "format_pct(100)": formats.format_pct(100),
        "format_vnd(12.5e9)": formats.format_vnd(12_500_000_000),
        "format_vnd(350e6)": formats.format_vnd(350_000_000),
        "format_date": formats.format_date(datetime.date(2026, 3, 5)),
        "format_number(2026)": formats.format_number(1_234_567.5, 1),
        "format_delta pct": formats.format_delta(56.3, 50.0, "pct") or "",
        "format_delta vnd": formats.format_delta(2.5e9, 1e9, "vnd") or "",
        "format_kpi tb": formats.format_kpi(25.5, "tb"),
    }
    labels |= {f"formats.{k}": v for k, v in samples.items()}
    # the words written in place of Streamlit's and Plotly's own English (style, config)
    labels |= {f"charts.theme.PLOTLY_WORDS[{k}]": v for k, v in PLOTLY_WORDS.items()}
    for name in ("PICK_FILES", "LIMIT", "NOT_SENT", "NOT_SENT_TIP"):
        labels[f"ui.file_picker.{name}"] = getattr(file_picker, name).format(limit=20)
    for name in ("STOP", "STOPPING"):
        labels[f"ui.streamlit_words.{name}"] = getattr(streamlit_words, name)
    for english, words in streamlit_words.PLOTLY_BUTTONS.items():
        labels[f"ui.streamlit_words.PLOTLY_BUTTONS[{english}]"] = words
    for english, words in streamlit_words.TABLE_BUTTONS.items():
        labels[f"ui.streamlit_words.TABLE_BUTTONS[{english}]"] = words
    for english, words in streamlit_words.COLUMN_MENU_WORDS.items():
        labels[f"ui.streamlit_words.COLUMN_MENU_WORDS[{english}]"] = words
    # the command line's table of indicators, with every kind of value and an undefined one
    values = {
        i.key: {"pct": 6.25, "count": 1234, "vnd": 1.5e9, "tb": 12.5}[i.unit] for i in INDICATORS
    }
    values["consolidation_pct"] = None
    table = render_table(values, datetime.date(2026, 3, 31))
    labels |= {f"queries kpis line {n}": line for n, line in enumerate(table.splitlines())}
    # the command lines' help and usage errors: tests/loaders/test_wording.py
    for module in (progress_charts, roadmap_charts, systems_charts, costs_charts):
        for name in dir(module):
            value = getattr(module, name)
            if not name.isupper():
                continue
            if isinstance(value, dict):
                for key, item in value.items():
                    header = getattr(item, "header", None)
                    if header is not None:
                        labels[f"{module.__name__}.{name}[{key}]"] = header
                        if item.help:
                            labels[f"{module.__name__}.{name}[{key}].help"] = item.help
                    elif isinstance(item, str) and not re.fullmatch(r"#?[\w-]+", item):
                        labels[f"{module.__name__}.{name}[{key}]"] = item
            elif isinstance(value, str) and " " in value:
                labels[f"{module.__name__}.{name}"] = value
    for key, measure in MEASURES.items():
        for field in ("short", "legend_title"):
            labels[f"charts.maps.MEASURES[{key}].{field}"] = getattr(measure, field)
    labels["charts.maps.MEASURES_HELP"] = MEASURES_HELP
    for label, _field, explained in DETAIL_TILES:
        labels[f"charts.maps.DETAIL_TILES {label}"] = label
        labels[f"charts.maps.DETAIL_TILES {label} help"] = explained or ""
    return labels


def _figure_texts(spec: dict) -> Iterator[str]:
    """A Plotly figure's words: title, axis titles, legend names, annotations, category ticks."""
    layout = spec.get("layout", {})
    yield (layout.get("title") or {}).get("text") or ""
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            yield (axis.get("title") or {}).get("text") or ""
            yield from (str(t) for t in axis.get("ticktext") or ())
    for annotation in layout.get("annotations") or ():
        yield annotation.get("text") or ""
    for trace in spec.get("data", []):
        yield trace.get("name") or ""
        yield from (v for v in trace.get("text") or () if isinstance(v, str))
        for axis in ("x", "y"):
            yield from (v for v in trace.get(axis) or () if isinstance(v, str))
        template = trace.get("hovertemplate")
        if isinstance(template, str):
            yield re.sub(r"%\{[^}]*\}", "0", template)


def shown_texts(app: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every text an AppTest run shows."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "text", "exception"):  # fmt: skip
        for element in getattr(app, kind):
            yield kind, str(element.value)
    for metric in app.metric:
        yield "metric label", metric.label
        yield "metric value", metric.value
        yield "metric delta", metric.proto.delta
        yield "metric help", metric.proto.help
    for kind in ("selectbox", "multiselect", "segmented_control", "toggle", "radio",
                 "text_input", "date_input", "checkbox", "button"):  # fmt: skip
        for widget in app.get(kind):
            yield f"{kind} label", widget.proto.label
            yield f"{kind} help", getattr(widget.proto, "help", "")
            yield f"{kind} placeholder", getattr(widget.proto, "placeholder", "")
            for option in getattr(widget, "options", ()) or ():
                yield f"{kind} option", str(option)
    for expander in app.get("expandable"):
        yield (
            "expander",
            expander.proto.expandable.label if hasattr(expander.proto, "expandable") else "",
        )
    for frame in app.dataframe:
        for header in frame.value.columns:
            yield "table header", str(header)
        config = json.loads(frame.proto.columns or "{}")
        for column in config.values():
            yield "table help", column.get("help") or ""
    for chart in app.get("plotly_chart"):
        for text in _figure_texts(json.loads(chart.proto.spec)):
            yield "chart", text
    for html in app.get("html"):
        if not html.proto.body.startswith("<style>"):  # a page's style, not words
            yield "html", html.proto.body


def _run(db_path: Path, page: str | None, query: dict | None = None) -> AppTest:
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def page_walk(db_path: Path) -> Iterator[tuple[str, AppTest]]:
    """Every page on `db_path` at its latest and first report date, with its inner choices:
    each panel of the progress page's agency detail, the map with a commune chosen."""
    for page in PAGES:
        app = _run(db_path, page.path)
        yield page.path, app
        dates = app.sidebar.selectbox[0].options if app.sidebar.selectbox else []
        if len(dates) > 1:
            first = _run(db_path, page.path, {"ngay": _iso(dates[0])})
            yield f"{page.path} (ngày đầu)", first
        if page.path == "views/progress.py" and app.main.selectbox:
            app.main.selectbox[0].select_index(0).run()
            for panel in app.segmented_control[0].options:
                app.segmented_control[0].set_value(panel).run()
                yield f"{page.path} chi tiết {panel}", app
        if page.path == "views/map.py" and app.main.selectbox:
            app.main.selectbox[0].select_index(0).run()
            yield f"{page.path} chọn xã", app


def _iso(shown: str) -> str:
    day, month, year = shown.split("/")
    return f"{year}-{month}-{day}"


def page_problems(db_path: Path) -> list[str]:
    """Every breach of the glossary in what the pages show on `db_path`, as "where: what"."""
    found = []
    for where, app in page_walk(db_path):
        assert not app.exception, (where, [e.message for e in app.exception])
        for kind, text in shown_texts(app):
            found += [f"{where} · {kind} “{text}”: {p}" for p in problems(_words(text))]
    return sorted(set(found))


@pytest.fixture
def fresh_caches():
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_defined_label_follows_the_glossary():
    found = [
        f"{where} “{text}”: {p}"
        for where, text in defined_labels().items()
        for p in problems(_words(text))
    ]
    assert found == []


def test_every_page_follows_the_glossary(fixture_db, fresh_caches):
    assert page_problems(fixture_db) == []


def test_every_empty_page_follows_the_glossary(empty_db, fresh_caches):
    assert page_problems(empty_db) == []


def test_the_walk_sees_the_titles(fixture_db, fresh_caches):
    # the walk must read what it claims to: a page's title is among its texts
    where, app = next(iter(page_walk(fixture_db)))
    texts = [text for _kind, text in shown_texts(app)]
    assert where == "views/overview.py"
    assert any(text.startswith("Tổng quan") for text in texts)
