"""Dump everything every page shows, as canonical JSON, to prove a refactor changed no figure.

    uv run python tools/page_figures.py [--db PATH] > before.jsonl
    (change the code)
    uv run python tools/page_figures.py [--db PATH] > after.jsonl
    uv run python tools/page_figures.py --compare before.jsonl after.jsonl

Each line is one page under one set of sidebar filters (report dates × agency groups ×
former provinces × chosen agencies, and the progress page's agency detail with each panel):
its titles, captions, messages, tiles, tables (every cell) and charts (every trace's data),
then `python -m queries kpis --json` for each view. `--compare` prints the first differences
per line. `--numbers-only` keeps only the numbers written in each text, for a change of
wording that must leave every figure as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.pages import PAGES  # noqa: E402  (plain data: no Streamlit until a dump starts)

TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "success",
    "warning",
    "error",
    "text",
)
NUMBER = re.compile(r"[-+−]?\d[\d.,]*")


def _views(dates: list[dt.date], agency_codes: list[str]) -> list[dict[str, str]]:
    """The filter sets each page is shown under: every date, then slices at two dates."""
    views = [{"ngay": d.isoformat()} for d in dates]
    for d in (dates[0], dates[-1]):
        day = d.isoformat()
        views += [
            {"ngay": day, "nhom": "commune"},
            {"ngay": day, "nhom": "department,police"},
            {"ngay": day, "nhom": "data_centre"},
            {"ngay": day, "tinh": "bac-giang"},
            {"ngay": day, "tinh": "bac-ninh", "nhom": "commune"},
            {"ngay": day, "don_vi": ",".join(agency_codes[:3])},
        ]
    return views


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return None if value != value else round(value, 9)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _chart(spec: str) -> dict[str, Any]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})
    layout.pop("template", None)
    return _plain({"data": figure.get("data", []), "layout": layout})


def _page_dump(app) -> dict[str, Any]:
    """What an AppTest run shows, element kind by element kind, in document order."""
    shown: dict[str, Any] = {}
    for kind in TEXT_ELEMENTS:
        values = [element.value for element in getattr(app, kind)]
        if values:
            shown[kind] = values
    if app.metric:
        shown["metric"] = [[m.label, m.value, m.proto.delta] for m in app.metric]
    from charts.tables import browser_text

    drawn = []
    for frame in app.dataframe:
        value = frame.value
        config = json.loads(frame.proto.columns or "{}")
        kinds = [config.get(c, {}).get("type_config", {}) for c in value.columns]
        rows = [
            [
                (None if cell != cell else str(cell))
                if kind.get("type") == "progress"
                else str(cell)
                if kind.get("type") is None
                else browser_text(cell, kind)
                for cell, kind in zip(row, kinds, strict=True)
            ]
            for row in value.values.tolist()
        ]
        drawn.append({"columns": [str(c) for c in value.columns], "rows": _plain(rows)})
    if drawn:
        shown["dataframe"] = drawn
    charts = [_chart(chart.proto.spec) for chart in app.get("plotly_chart")]
    if charts:
        shown["plotly"] = charts
    if app.exception:
        shown["exception"] = [e.message for e in app.exception]
    return shown


def dump(db_path: Path) -> None:
    """Print one JSON line per page × view, then the indicators of each view."""
    os.environ["DASHBOARD_DB"] = str(db_path)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import db
    import queries

    db.upgrade(db_path)  # bring an older database's macros up to date first
    con = db.connect(db_path, read_only=True)
    dates = queries.report_dates(con)
    codes = [
        row[0]
        for row in con.execute("select agency_code from agencies order by agency_code").fetchall()
    ]
    views = _views(dates, codes[::37])
    for view in views:
        for page in PAGES:
            slug = page.url_path
            st.cache_data.clear()
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            for key, value in view.items():
                app.query_params[key] = value
            app.run()
            if not page.default:
                app.switch_page(page.path).run()
            print(
                json.dumps(
                    {"page": slug, "view": view, "shown": _page_dump(app)},
                    ensure_ascii=False,
                    sort_keys=True,
                )
            )
            if slug == "tien-do":
                _progress_details(app, view)
    for view in views:
        filters_app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in view.items():
            filters_app.query_params[key] = value
        filters_app.run()
        chosen = filters_app.session_state["filters"]
        codes_in_view = list(chosen.agency_codes) if chosen.agency_codes is not None else None
        values = queries.compute_kpis(con, chosen.as_of, codes_in_view)
        print(
            json.dumps(
                {"page": "kpis", "view": view, "shown": _plain(values)},
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    con.close()


def _progress_details(app, view: dict[str, str]) -> None:
    """The agency detail of the progress page: two agencies, every panel."""
    if not app.main.selectbox:
        return
    count = len(app.main.selectbox[0].options)
    for choice in sorted({0, count // 2}):
        code = app.main.selectbox[0].options[choice].rsplit("(", 1)[-1].rstrip(")")
        app.main.selectbox[0].select_index(choice).run()
        panels = list(app.segmented_control[0].options) if app.segmented_control else [None]
        for index, panel in enumerate(panels):
            if panel is not None:
                app.segmented_control[0].set_value(panel).run()
            print(
                json.dumps(
                    {
                        "page": "tien-do/detail",
                        "view": {**view, "agency": code, "panel": index},
                        "shown": _page_dump(app),
                    },
                    ensure_ascii=False,
                    sort_keys=True,
                )
            )


def _numbers(value: Any) -> Any:
    if isinstance(value, str):
        return NUMBER.findall(value.replace("−", "-"))
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def compare(before: Path, after: Path, numbers_only: bool) -> int:
    """Print where the two dumps differ; exit status 1 when they do."""
    lines_before = before.read_text("utf-8").splitlines()
    lines_after = after.read_text("utf-8").splitlines()
    if len(lines_before) != len(lines_after):
        print(f"số dòng khác nhau: {len(lines_before)} và {len(lines_after)}")
    differences = 0
    for old, new in zip(lines_before, lines_after, strict=False):
        old_json, new_json = json.loads(old), json.loads(new)
        if numbers_only:
            old_json["shown"], new_json["shown"] = (
                _numbers(old_json["shown"]),
                _numbers(new_json["shown"]),
            )
        if old_json != new_json:
            differences += 1
            if differences <= 20:
                print(f"{old_json['page']} {old_json['view']}")
                for key in sorted(set(old_json["shown"]) | set(new_json["shown"])):
                    a, b = old_json["shown"].get(key), new_json["shown"].get(key)
                    if a != b:
                        print(f"  {key}: {json.dumps(a, ensure_ascii=False)[:300]}")
                        print(f"  {' ' * len(key)}→ {json.dumps(b, ensure_ascii=False)[:300]}")
    print(f"{differences} trong {len(lines_before)} dòng khác nhau")
    return 1 if differences or len(lines_before) != len(lines_after) else 0


def main() -> None:
    """Dump, or compare two dumps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--numbers-only", action="store_true")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare, args.numbers_only))
    import settings

    dump(args.db or settings.database_path())


if __name__ == "__main__":
    main()
