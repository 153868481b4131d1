"""Leaflet plugin layers (marker clusters, heat), imported only when a map draws one.

``folium.plugins`` imports every plugin folium ships; most maps need none of them (grid
cells and a few hundred strikes are drawn without clustering), so the first map of a
session no longer waits for that import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from folium.plugins import FastMarkerCluster, HeatMap

from strikemap.dashboard.assets import VENDOR_CSS, VENDOR_JS

__all__ = ["clustered_symbols", "heat_layer"]


class _LocalFastMarkerCluster(FastMarkerCluster):  # type: ignore[misc]
    # The one local script with Leaflet and its plugins (see assets.VENDOR_JS).
    default_js = [("leaflet", VENDOR_JS["bundle"])]  # noqa: RUF012
    default_css = [  # noqa: RUF012
        ("markerclustercss", VENDOR_CSS["markercluster_css"]),
        ("markerclusterdefaultcss", VENDOR_CSS["markercluster_default_css"]),
    ]


class _LocalHeatMap(HeatMap):  # type: ignore[misc]
    default_js = [("leaflet", VENDOR_JS["bundle"])]  # noqa: RUF012


def clustered_symbols(data: Sequence[Sequence[Any]], callback: str) -> Any:
    """Return a marker-cluster layer drawing each data row with the ``callback`` script."""
    return _LocalFastMarkerCluster(data, callback=callback, chunkedLoading=True)  # type: ignore[no-untyped-call]


def heat_layer(points: Sequence[Sequence[float]]) -> Any:
    """Return a heat layer of (lat, lon, weight) points."""
    return _LocalHeatMap(points, radius=18, blur=14, min_opacity=0.3)  # type: ignore[no-untyped-call]
