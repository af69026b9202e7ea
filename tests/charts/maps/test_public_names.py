"""`charts.maps` keeps the names the page, its tests and the exports use, whichever module holds them."""

from __future__ import annotations

import charts.maps
from charts.maps import interactive, static


def test_public_names_are_the_modules_own():
    assert all(hasattr(charts.maps, name) for name in charts.maps.__all__)
    assert charts.maps.static_map is static.static_map
    assert charts.maps.build_map is interactive.build_map
