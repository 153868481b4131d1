"""Place labels and imported area outlines drawn over the offline map, for the visible box.

The offline base map is country and province outlines only, so zoomed in to a district a
strike was a dot on nothing. This layer names the towns and villages around it (from the
gazetteer, :mod:`strikemap.gazetteer.reference`) and outlines imported areas (OCHA
districts and sub-districts). It is computed for the box the browser shows, at its zoom,
each time the map moves: a few hundred labels at most, never the whole gazetteer.

Labels are plain text set with ``textContent`` (an imported layer's names are data, never
markup) and are not interactive, so they never catch a click meant for a strike.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import streamlit as st
from branca.element import MacroElement
from folium.template import Template

from strikemap.gazetteer.reference import (
    AreaOutlines,
    Box,
    ReferencePoints,
    labels_in_box,
    load_area_outlines,
    load_reference_points,
    outlines_in_box,
)
from strikemap.viewport import degrees_per_pixel

__all__ = [
    "ReferenceLayer",
    "add_reference_to_map",
    "box_around",
    "preload_reference",
    "reference_layer",
]


class ReferenceLayer(MacroElement):  # type: ignore[misc]
    """Labels and outlines added to the parent feature group (and removed with it)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var styles = [
                'font:bold 13px sans-serif;color:#1a1a1a',
                'font:12px sans-serif;color:#1f1f1f',
                'font:11px sans-serif;color:#333',
                'font:italic 10px sans-serif;color:#444'
            ];
            var halo = ';text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;white-space:nowrap';
            var outlines = {{ this.outlines|tojson }};
            if (outlines.features.length) {
                L.geoJSON(outlines, {interactive: false, style: {color: '#6b5b95',
                    weight: 1, dashArray: '4 3', fill: false}}).addTo(group);
            }
            {{ this.labels|tojson }}.forEach(function (row) {
                var el = document.createElement('div');
                el.className = 'sm-place-label';
                el.style.cssText = 'position:absolute;left:-2px;top:-2px;' + styles[row[3]] + halo;
                var dot = document.createElement('span');
                dot.style.cssText = 'display:inline-block;width:4px;height:4px;' +
                    'border-radius:50%;background:#555;margin-right:3px;vertical-align:middle';
                var text = document.createElement('span');
                text.textContent = row[2];
                el.appendChild(dot);
                el.appendChild(text);
                L.marker([row[0], row[1]], {pane: 'shadowPane', interactive: false,
                    keyboard: false, icon: L.divIcon({className: 'sm-label', html: el,
                    iconSize: null})}).addTo(group);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: list[list[Any]], outlines: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ReferenceLayer"
        self.labels = labels
        self.outlines = outlines


def box_around(
    center: tuple[float, float], zoom: int, *, width_px: int = 1200, height_px: int = 700
) -> Box:
    """Return the (south, west, north, east) box a map of this size shows at ``zoom``."""
    deg_per_px = degrees_per_pixel(zoom)
    half_w = width_px / 2 * deg_per_px
    # Web Mercator stretches latitude: scale the half-height by cos(lat).
    half_h = height_px / 2 * deg_per_px * max(math.cos(math.radians(center[0])), 0.05)
    lat, lon = center
    return (max(lat - half_h, -85.0), lon - half_w, min(lat + half_h, 85.0), lon + half_w)


def _gazetteer_files() -> list[Path]:
    from strikemap.gazetteer.index import gazetteer_files

    index, layers = gazetteer_files()
    return [p for p in (index, *layers) if p.exists()]


def _signature(files: list[Path]) -> tuple[tuple[str, float], ...]:
    # Importing or removing a layer changes the files, so the cache follows them.
    return tuple((str(p), p.stat().st_mtime) for p in files)


@st.cache_resource(show_spinner=False, max_entries=2)
def _points(signature: tuple[tuple[str, float], ...]) -> ReferencePoints:
    return load_reference_points([Path(p) for p, _ in signature])


@st.cache_resource(show_spinner=False, max_entries=2)
def _outlines(signature: tuple[tuple[str, float], ...]) -> AreaOutlines:
    # Only imported layers carry polygons (the default index is built from points), and
    # scanning the default index's quarter of a million rows for none took a fraction of
    # a second at every server start.
    return load_area_outlines([Path(p) for p, _ in signature if Path(p).parent.name == "layers"])


def _loaded() -> tuple[ReferencePoints, AreaOutlines] | None:
    try:
        files = _gazetteer_files()
        if not files:
            return None
        signature = _signature(files)
        return _points(signature), _outlines(signature)
    except (OSError, ValueError):
        # A missing or damaged gazetteer costs the labels, never the map.
        return None


def preload_reference() -> None:
    """Read the labels and outlines into the shared cache (the server's warm-up does)."""
    _loaded()


def reference_layer(box: Box, zoom: int) -> ReferenceLayer | None:
    """Return the labels and outlines for ``box`` at ``zoom`` (``None`` without a gazetteer)."""
    loaded = _loaded()
    if loaded is None:
        return None
    points, outlines = loaded
    labels = [[lb.lat, lb.lon, lb.name, lb.tier] for lb in labels_in_box(points, box, zoom)]
    return ReferenceLayer(labels, outlines_in_box(outlines, box, zoom))


def add_reference_to_map(m: Any, *, margin: float = 2.0) -> None:
    """Label a map that never reports its moves (an event's detail map) once, generously.

    Such a map is not redrawn when panned, so the box is ``margin`` times the first view.
    """
    center = (float(m.location[0]), float(m.location[1]))
    zoom = int(m.options.get("zoom") or 0)
    box = box_around(center, zoom, width_px=int(1200 * margin), height_px=int(700 * margin))
    reference = reference_layer(box, zoom)
    if reference is not None:
        reference.add_to(m)
