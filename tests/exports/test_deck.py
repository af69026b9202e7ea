"""The meeting pack, opened with python-pptx: its slides, numbers, scope, notes and words."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

import db
import formats
import queries
from charts import maps
from exports import deck as deck_module
from exports.__main__ import main
from exports.definitions import DEFINITIONS
from queries import INDICATORS, progress, roadmap
from tests.conftest import FIRST_DATE, SECOND_DATE
from tests.wording import problems

ROOT = Path(__file__).resolve().parents[2]
KEY_CHARTS = 7  # burn-down, groups, milestones, savings, systems, security, map


def inherited_problems() -> set[str]:
    """Breaches the deck takes from the labels' and formats' own homes (vocabulary,
    formats.py, the indicators' labels), which their owners fix; not the deck's words."""
    homes = [i.label for i in INDICATORS] + [
        formats.format_pct(6.25),
        formats.format_delta(2.0, 1.0, "pct") or "",
        roadmap.STATUS_RULE_VI,
        *(measure.help for measure in maps.MEASURES.values()),
    ]
    return {_kind(p) for text in homes for p in problems(text)}


def _kind(problem: str) -> str:
    # an English word is itself; a rule's breach ("«9 %»: a percent sign…") is its rule
    return problem if "not Vietnamese" in problem else problem.split("»", 1)[1]


def own_problems(text: str) -> list[str]:
    """The glossary's breaches in a slide text, less those inherited from the labels' homes."""
    inherited = inherited_problems()
    return [p for p in problems(text) if _kind(p) not in inherited]


def slide_text(slide) -> str:
    """Every text a slide shows: text boxes and table cells."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            chart = shape.chart
            parts += [str(c) for c in chart.plots[0].categories]
            parts += [s.name for s in chart.plots[0].series]
    return "\n".join(parts)


def by_title(presentation, title: str):
    """The slides whose first text box starts with `title`."""
    return [s for s in presentation.slides if s.shapes[0].text_frame.text.startswith(title)]


def chart_of(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


@pytest.fixture(scope="module")
def written(fixture_db, tmp_path_factory):
    """The deck of the fixture's second report date, written by the command."""
    out = tmp_path_factory.mktemp("deck") / "tai-lieu-hop.pptx"
    assert main(["deck", "--db", str(fixture_db), "--out", str(out)]) == 0
    return Presentation(str(out))


@pytest.fixture
def con(fixture_db):
    connection = db.connect(fixture_db, read_only=True)
    yield connection
    connection.close()


def test_slides_are_16_by_9_and_counted(written, con):
    assert (written.slide_width, written.slide_height) == (Inches(13.333), Inches(7.5))
    late = queries.compute_kpis(con, SECOND_DATE)["agencies_at_risk"]
    indicator_slides = math.ceil(len(INDICATORS) / deck_module.INDICATORS_PER_SLIDE)
    late_slides = math.ceil(late / deck_module.AGENCIES_PER_SLIDE)
    assert len(written.slides) == 1 + indicator_slides + KEY_CHARTS + late_slides
    assert len(by_title(written, "Đơn vị chậm tiến độ")) == late_slides


def test_the_title_slide_says_date_and_scope(written):
    text = slide_text(written.slides[0])
    assert "Số liệu đến ngày 30/09/2026 — toàn tỉnh." in text
    assert "Tiến độ hợp nhất hạ tầng thông tin, hạ tầng số tỉnh Bắc Ninh" in text


def test_every_slide_prints_the_scope_and_has_notes(written):
    for index, slide in enumerate(written.slides):
        assert "Số liệu đến ngày 30/09/2026 — toàn tỉnh" in slide_text(slide), index
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 40, index


def test_indicators_equal_the_kpis_command(written, fixture_db, con):
    # the command as DST runs it, in its own process (this one holds read-only connections)
    command = [sys.executable, "-m", "queries", "kpis", "--db", str(fixture_db)]
    done = subprocess.run(
        [*command, "--as-of", "2026-09-30", "--json"], capture_output=True, check=True, cwd=ROOT
    )
    expected = json.loads(done.stdout)
    previous = queries.compute_kpis(con, FIRST_DATE)
    rows = {}
    for slide in by_title(written, "Các chỉ tiêu chính"):
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        assert [c.text for c in table.rows[0].cells][:3] == [
            "Chỉ tiêu", "Ngày 31/03/2026", "Ngày 30/09/2026",
        ]  # fmt: skip
        rows |= {row.cells[0].text: [c.text for c in row.cells] for row in list(table.rows)[1:]}
    assert len(rows) == len(INDICATORS)
    for indicator in INDICATORS:
        cells = rows[indicator.label]
        assert cells[2] == formats.format_kpi(expected[indicator.key], indicator.unit)
        assert cells[1] == formats.format_kpi(previous[indicator.key], indicator.unit)
    # by hand on the fixture: of the three standalone servers to change, SO-TC's TC-01 is done
    # (TC-02 and the commune's KB-01 are not)
    assert rows["Tiến độ hợp nhất máy chủ"][2] == formats.format_pct(33.3)


def test_indicator_notes_hold_each_definition(written):
    for slide in by_title(written, "Các chỉ tiêu chính"):
        notes = slide.notes_slide.notes_text_frame.text
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        labels = [row.cells[0].text for row in list(table.rows)[1:]]
        for indicator in INDICATORS:
            if indicator.label in labels:
                assert f"{indicator.label}: {DEFINITIONS[indicator.key]}" in notes


def test_the_burndown_is_a_native_line_chart_of_the_query(written, con):
    chart = chart_of(by_title(written, "Máy chủ riêng lẻ còn lại so với lộ trình")[0])
    burndown = roadmap.servers_burndown(con, SECOND_DATE)
    assert list(chart.plots[0].categories) == [formats.format_date(d) for d in burndown["date"]]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert series["Thực tế"] == [
        None if v is None else float(v) for v in burndown["servers_remaining"]
    ]
    assert series["Theo lộ trình"] == pytest.approx(burndown["scheduled"].to_list())
    # by hand: 3 standalone servers at the start; on 30/09/2026 SO-TC's TC-02 and the
    # commune's KB-01 (its only report is of 31/03/2026) are left
    assert series["Thực tế"][:2] == [3.0, 2.0]


def test_the_groups_chart_is_native_with_the_query_figures(written, con):
    chart = chart_of(by_title(written, "Tiến độ hợp nhất máy chủ riêng lẻ theo nhóm đơn vị")[0])
    groups = progress.progress_by_kind(con, SECOND_DATE).filter(
        (queries.pl.col("servers_remaining") + queries.pl.col("servers_done")) > 0
    )
    # PowerPoint draws the first category at the foot: the data run bottom-up, so the slide
    # reads top-down in the page's order
    series = {s.name: list(s.values)[::-1] for s in chart.plots[0].series}
    assert series["Đã xử lý"] == [float(v) for v in groups["servers_done"]]
    assert series["Còn lại"] == [float(v) for v in groups["servers_remaining"]]
    categories = [c.split("\n")[0] for c in chart.plots[0].categories][::-1]
    assert categories == groups["kind_label"].to_list()


def test_late_agencies_are_listed_with_their_reasons(written, con):
    behind = progress.agencies_most_behind(con, SECOND_DATE, limit=1000)
    rows = []
    for slide in by_title(written, "Đơn vị chậm tiến độ"):
        table = next(shape.table for shape in slide.shapes if shape.has_table)
        rows += [[c.text for c in row.cells] for row in list(table.rows)[1:]]
    assert [r[0] for r in rows] == behind["agency"].to_list()
    commune = next(r for r in rows if r[0].startswith("UBND"))
    assert (
        commune[3] == behind.filter(queries.pl.col("agency_code") == "UBND-09187")["late_reason"][0]
    )


def test_no_slide_has_english_or_a_term_the_glossary_forbids(written):
    for index, slide in enumerate(written.slides):
        text = slide_text(slide) + "\n" + slide.notes_slide.notes_text_frame.text
        assert own_problems(text) == [], index


def test_the_filters_are_on_every_slide(fixture_db, tmp_path):
    out = tmp_path / "xa.pptx"
    assert main(["deck", "--db", str(fixture_db), "--kinds", "commune", "--out", str(out)]) == 0
    deck = Presentation(str(out))
    for slide in deck.slides:
        assert "Số liệu đến ngày 30/09/2026 — nhóm: UBND xã, phường" in slide_text(slide)
    # the commune's one server, still there
    chart = chart_of(by_title(deck, "Máy chủ riêng lẻ còn lại so với lộ trình")[0])
    actual = next(s for s in chart.plots[0].series if s.name == "Thực tế")
    assert list(actual.values)[:2] == [1.0, 1.0]
