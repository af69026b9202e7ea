"""The map's classes: fixed for percentages, nice quantile breaks for counts and money."""

from __future__ import annotations

import pytest

from charts.maps import classes as map_classes


@pytest.mark.parametrize(
    ("value", "nice"),
    [(1, 1), (1.5, 2), (2.5, 3), (4, 5), (7, 10), (11, 20), (380, 500), (15e6, 20e6)],
    ids=str,
)
def test_nice_ceiling(value, nice):
    assert map_classes._nice_ceiling(value) == nice


def test_percentages_have_fixed_classes():
    classes = map_classes.class_breaks("consolidation_pct", [12.0, None])
    assert [c.label for c in classes] == [
        "Dưới 20%",
        "20 – dưới 40%",
        "40 – dưới 60%",
        "60 – dưới 80%",
        "80 – dưới 100%",
        "100%",
        "Không xác định (–)",
    ]
    assert classes == map_classes.class_breaks("consolidation_pct", [])  # whatever the data
    labels = {
        v: classes[map_classes.classify(v, classes)].label for v in (0, 19.9, 20, 99.9, 100, None)
    }
    assert labels == {
        0: "Dưới 20%",
        19.9: "Dưới 20%",
        20: "20 – dưới 40%",
        99.9: "80 – dưới 100%",
        100: "100%",
        None: "Không xác định (–)",
    }


def test_count_classes_from_quantiles_of_every_date():
    values = [0, 0, 1, 1, 2, 3, 4, 6, 9, 40, 380]
    classes = map_classes.class_breaks("servers_remaining", values)
    # positive values 1 1 2 3 4 6 9 40 380: quantiles 1, 3, 6, 40 and the maximum, rounded up
    assert [c.label for c in classes] == ["0", "1", "2–3", "4–10", "11–50", "51 trở lên"]
    assert [map_classes.classify(v, classes) for v in (0, 1, 3, 4, 50, 51, 10_000)] == [
        0,
        1,
        2,
        3,
        4,
        5,
        5,
    ]
    # light to dark, "0" in its own pale grey
    assert classes[0].colour == map_classes.ZERO_COLOUR
    assert [c.colour for c in classes[1:]] == list(map_classes.REDS)


def test_classes_of_a_single_value():
    labels = [c.label for c in map_classes.class_breaks("servers_baseline", [0, 3, 3])]
    assert labels == ["0", "1 trở lên"]
    assert [c.label for c in map_classes.class_breaks("servers_baseline", [0, 0])] == ["0"]


def test_money_classes_in_millions():
    values = [0.0, 15e6, 15e6, 20e6, 100e6]
    classes = map_classes.class_breaks("cost_remaining_vnd", values)
    assert [c.label for c in classes] == ["0", "Đến 20", "Trên 20"]
    assert [map_classes.classify(v, classes) for v in (0, 1, 20e6, 20e6 + 1, 1e12)] == [
        0,
        1,
        1,
        2,
        2,
    ]
    small = map_classes.class_breaks("cost_remaining_vnd", [400_000.0, 2_500_000.0])
    assert [c.label for c in small] == ["0", "Đến 0,5", "Trên 0,5"]
