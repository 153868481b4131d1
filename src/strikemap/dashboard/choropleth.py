"""A choropleth of events per area on the offline base map.

Colours come from ColorBrewer's YlOrRd, a sequential scheme that reads in every common
form of colour blindness; areas with no event stay uncoloured, so "none" never looks
like "few". The class breaks are "nice" numbers fitted to the counts shown.
"""

from __future__ import annotations

import html
import math
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from strikemap.dashboard.mapview import MapLegend, OfflineMap, build_base_map

__all__ = ["PALETTE", "admin1_point_map", "choropleth_map", "class_breaks"]

PALETTE: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
"""ColorBrewer YlOrRd, 5 classes (colour-blind safe, print friendly)."""

_SIMPLIFY_DEG = 0.005
"""About 500 m: finer than a province outline needs on screen, and a small payload."""


def class_breaks(counts: pd.Series, n_classes: int = len(PALETTE)) -> list[int]:
    """Return ascending lower bounds of each class (the first is 1) for ``counts``."""
    top = int(counts.max()) if len(counts) else 0
    if top <= n_classes:
        return list(range(1, max(top, 1) + 1))
    # Roughly geometric steps rounded to 1-2-5 numbers: counts of strikes are skewed.
    bounds = [1]
    for i in range(1, n_classes):
        raw = top ** (i / n_classes)
        magnitude = 10 ** math.floor(math.log10(raw))
        nice = min((m * magnitude for m in (1, 2, 5, 10)), key=lambda v: abs(v - raw))
        if nice > bounds[-1]:
            bounds.append(int(nice))
    return bounds


def _colour(count: int, breaks: list[int]) -> str | None:
    if count <= 0:
        return None
    index = max(i for i, b in enumerate(breaks) if count >= b)
    return PALETTE[min(index, len(PALETTE) - 1) + (len(PALETTE) - len(breaks))]


def _legend(breaks: list[int]) -> str:
    offset = len(PALETTE) - len(breaks)
    rows = []
    for i, lower in enumerate(breaks):
        upper = breaks[i + 1] - 1 if i + 1 < len(breaks) else None
        label = f"{lower}" if upper == lower else f"{lower}-{upper}" if upper else f"{lower}+"
        rows.append(
            f"<div><span style='display:inline-block;width:12px;height:12px;"
            f"background:{PALETTE[i + offset]};border:1px solid #666;margin-right:4px'></span>"
            f"{html.escape(label)}</div>"
        )
    return (
        "<b>Events per area</b>" + "".join(rows) + "<div style='margin-top:3px'>"
        "<span style='display:inline-block;width:12px;height:12px;border:1px solid #666;"
        "margin-right:4px'></span>none</div>"
    )


def choropleth_map(
    polygons: gpd.GeoDataFrame,
    table: pd.DataFrame,
    *,
    selected: str | None = None,
    center: tuple[float, float],
    zoom: int,
) -> OfflineMap:
    """Return a map of ``polygons`` coloured by ``table['events']`` (joined on ``key``).

    The selected area is outlined in black. Names are escaped here: tooltips set them
    as HTML, and an imported layer's names are data, not markup.
    """
    merged = polygons[["key", "geometry"]].merge(
        table[["key", "name", "country", "events", "uncertain_here", "killed"]], on="key"
    )
    breaks = class_breaks(merged.loc[merged["events"] > 0, "events"])
    shown = gpd.GeoDataFrame(
        {
            "key": merged["key"],
            "area": [html.escape(str(n)) for n in merged["name"]],
            "events": merged["events"].astype(int),
            "uncertain": merged["uncertain_here"].astype(int),
            "killed": [int(k) if pd.notna(k) else "" for k in merged["killed"]],
            "fill": [_colour(int(c), breaks) for c in merged["events"]],
        },
        geometry=merged.geometry.simplify(_SIMPLIFY_DEG, preserve_topology=True),
        crs=polygons.crs,
    )
    m = build_base_map(center, zoom, countries=())

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        props = feature["properties"]
        chosen = props["key"] == selected
        return {
            "color": "#000" if chosen else "#555",
            "weight": 3 if chosen else 0.8,
            "fillColor": props["fill"] or "#ffffff",
            "fillOpacity": 0.75 if props["fill"] else 0.05,
        }

    group = folium.FeatureGroup(name="Areas")
    folium.GeoJson(
        shown.to_json(),
        name="Areas",
        style_function=style,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#222"},
        tooltip=folium.GeoJsonTooltip(
            fields=["area", "events", "uncertain", "killed"],
            aliases=["Area", "Events", "Uncertain (may lie here)", "Killed (conservative)"],
        ),
    ).add_to(group)
    MapLegend(_legend(breaks)).add_to(group)
    group.add_to(m)
    return m


def admin1_point_map(points: pd.DataFrame, *, center: tuple[float, float], zoom: int) -> OfflineMap:
    """Return a map of circles at each area's point, sized by its events (no polygons).

    ``points`` is a by-name counts table with ``lat``/``lon`` (see
    :func:`strikemap.area_counts.admin1_points`); areas without a point are left off.
    """
    m = build_base_map(center, zoom, countries=())
    group = folium.FeatureGroup(name="Areas")
    top = max(int(points["events"].max()), 1) if len(points) else 1
    for row in points.dropna(subset=["lat", "lon"]).to_dict("records"):
        events = int(row["events"])
        folium.CircleMarker(
            [float(row["lat"]), float(row["lon"])],
            radius=6 + 24 * math.sqrt(events / top),
            color="#7f2704",
            weight=1,
            fill=True,
            fill_color=PALETTE[3],
            fill_opacity=0.6,
            tooltip=html.escape(f"{row['name']}: {events} event(s) (counted by name)"),
        ).add_to(group)
    group.add_to(m)
    return m
