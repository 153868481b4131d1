"""The Areas page's choropleth: nice class breaks, no colour for zero, escaped names."""

from __future__ import annotations

import pandas as pd
from shapely.geometry import box

from strikemap.area_counts import areas_frame, count_by_area
from strikemap.dashboard.choropleth import PALETTE, choropleth_map, class_breaks
from strikemap.gazetteer.area_polygons import AreaPolygon


def test_breaks_are_ascending_nice_numbers_from_one() -> None:
    assert class_breaks(pd.Series([1, 2, 3])) == [1, 2, 3]
    breaks = class_breaks(pd.Series([1, 7, 40, 950]))
    assert breaks[0] == 1 and breaks == sorted(set(breaks))
    assert len(breaks) <= len(PALETTE)
    assert all(str(b)[0] in "125" for b in breaks)


def test_area_names_are_escaped_and_empty_areas_uncoloured() -> None:
    areas = areas_frame(
        [
            AreaPolygon("gz:a", "<img src=x onerror=alert(1)>", "SY", "admin1", box(0, 0, 1, 1)),
            AreaPolygon("gz:b", "Quiet", "SY", "admin1", box(1, 0, 2, 1)),
        ]
    )
    events = pd.DataFrame({"lon": [0.5], "lat": [0.5], "uncertainty_km": [1.0]})
    counts = count_by_area(events, areas)
    html_text = choropleth_map(areas, counts.table, center=(0.5, 1.0), zoom=6).get_root().render()
    assert "<img src=x" not in html_text
    assert "&lt;img" in html_text or "\\u0026lt;img" in html_text
    assert PALETTE[-1] in html_text or any(c in html_text for c in PALETTE)
