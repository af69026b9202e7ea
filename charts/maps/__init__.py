"""Charts layer, no Streamlit: the province map; pages and exports import its public names from here.

The map needs no tiles: the 99 commune and ward boundaries and the province outline are the
map. Each part has its module: `geometry` (the simplified boundaries, read from `data/`),
`classes` (the measures and their colour classes), `legend`, `commune` (one commune's figures
as text), `interactive` (the page's map) and `static` (the map of the exports).
"""

from charts.maps.classes import MEASURES, MEASURES_HELP, MapClass, Measure, class_breaks, classify
from charts.maps.commune import (
    DETAIL_TILES,
    agencies_table,
    assets_table,
    commune_details,
    commune_summary,
)
from charts.maps.geometry import Boundaries, boundaries
from charts.maps.interactive import (
    MAP_HEIGHT,
    TOOLTIP_HTML,
    WORLD_MAP,
    build_map,
    initial_view,
    picked_commune,
    tooltip_text,
)
from charts.maps.legend import legend_html, legend_note, legend_rows, totals_text
from charts.maps.static import static_map

__all__ = [
    "DETAIL_TILES",
    "MAP_HEIGHT",
    "MEASURES",
    "MEASURES_HELP",
    "TOOLTIP_HTML",
    "WORLD_MAP",
    "Boundaries",
    "MapClass",
    "Measure",
    "agencies_table",
    "assets_table",
    "boundaries",
    "build_map",
    "class_breaks",
    "classify",
    "commune_details",
    "commune_summary",
    "initial_view",
    "legend_html",
    "legend_note",
    "legend_rows",
    "picked_commune",
    "static_map",
    "tooltip_text",
    "totals_text",
]
