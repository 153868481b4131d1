"""Build the folium map: offline base layer, precision-honest symbols, escaped popups.

The map is split in two so Streamlit can keep the analyst's zoom and position when a
filter changes: a *base map* (:func:`build_base_map`) that only changes when the base
layers change, and an *event layer* (:func:`build_event_layer`), a ``FeatureGroup``
handed to ``st_folium(feature_group_to_add=...)`` and swapped in place.

Security: every string that comes from a report (place, actor, claimant, target, quote,
title) is passed through :func:`html.escape` before it reaches HTML, and link targets
are only emitted for ``http``/``https`` URLs. Data reaches JavaScript through Jinja's
``tojson`` (which escapes ``<``, ``>`` and ``&``), never by string concatenation.

Symbols: a filled dot for town-level or finer locations; for coarser ones (district,
admin1, region, relative, country) a dashed circle whose radius is the location's
uncertainty, so a province-level report is never drawn as if it were a point.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from strikemap.dashboard.assets import VENDOR_CSS, VENDOR_JS, admin1_url, countries_url
from strikemap.dashboard.colours import UNKNOWN_COLOUR, actor_colours, legend_entries
from strikemap.language_names import language_label
from strikemap.store.columns import UNKNOWN_ACTOR
from strikemap.viewport import degrees_per_pixel, in_view_box

__all__ = [
    "AGGREGATE_THRESHOLD",
    "POINT_PRECISIONS",
    "LayerPlan",
    "MapLegend",
    "MapView",
    "OfflineMap",
    "actor_colours",
    "aggregate_cells",
    "build_base_map",
    "build_event_layer",
    "build_map",
    "plan_layer",
    "popup_html",
    "safe_url",
]

POINT_PRECISIONS: frozenset[str] = frozenset({"exact", "neighbourhood", "town"})
"""Precisions drawn as a point; every other precision is drawn as its uncertainty circle."""

AGGREGATE_THRESHOLD = 2000
"""Past this many events in view, the map shows server-side grid cells, not strikes."""

_MAX_CELL_LABELS = 400
"""Up to this many cells each shows its count as a label (beyond, only on hover)."""

CLUSTER_THRESHOLD = 200
"""Past this many drawn symbols, nearby symbols are clustered in the browser."""

_UNKNOWN_COLOUR = UNKNOWN_COLOUR
_MAX_ZOOM = 18
_TILE_LAYERS: tuple[tuple[str, str, str], ...] = (
    (
        "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
        "OpenStreetMap",
        "&copy; OpenStreetMap contributors",
    ),
    (
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Esri World Imagery",
        "Tiles &copy; Esri",
    ),
)


class OfflineMap(folium.Map):
    """A ``folium.Map`` that loads Leaflet from the app's own static files.

    folium's defaults pull Leaflet, jQuery, Bootstrap and Awesome Markers from public
    CDNs: blank with no internet, and a leak of the analyst's activity. Nothing here
    needs jQuery, Bootstrap or Awesome Markers, so they are dropped.
    """

    # One script with Leaflet and every plugin the layers use (see assets.VENDOR_JS);
    # the layers name it "leaflet" too, so a page includes it once.
    default_js = [("leaflet", VENDOR_JS["bundle"])]  # noqa: RUF012
    default_css = [("leaflet_css", VENDOR_CSS["leaflet_css"])]  # noqa: RUF012


# Each data row: [lat, lon, kind, colour, radius_m, popup_html, tooltip_html]
# kind 0 = point, 1 = uncertainty circle, 2 = aggregated cell (radius_m holds the count).
_CALLBACK = """function (row) {
    var kind = row[2], colour = row[3], layer;
    if (kind === 1) {
        layer = L.circle([row[0], row[1]], {radius: row[4], color: colour, weight: 2,
            dashArray: '6 4', fillColor: colour, fillOpacity: 0.12, className: 'sm-uncertain'});
    } else if (kind === 2) {
        // A round div icon with the count inside: labels on circle markers are misplaced
        // inside a marker cluster group, div icons are not.
        var r = row[7] || Math.min(28, 7 + 3 * Math.log(row[4] + 1)), d = 2 * r;
        var el = document.createElement('div');
        el.style.cssText = 'width:' + d + 'px;height:' + d + 'px;border-radius:50%;' +
            'box-sizing:border-box;border:1px solid #333;background:' + colour + 'b3;' +
            'display:flex;align-items:center;justify-content:center;' +
            'font:bold 10px sans-serif;color:#111;text-shadow:0 0 3px #fff,0 0 3px #fff';
        el.textContent = row[8] || '';
        layer = L.marker([row[0], row[1]], {icon: L.divIcon({className: 'sm-cell',
            html: el, iconSize: [d, d]})});
        layer.on('click', function (e) {
            var m = e.target._map;
            if (m) { m.setView(e.latlng, Math.min(m.getZoom() + 2, MAX_ZOOM)); }
        });
    } else {
        layer = L.circleMarker([row[0], row[1]], {radius: 6, color: '#222', weight: 1,
            fillColor: colour, fillOpacity: 0.9, className: 'sm-point'});
    }
    if (row[5]) { layer.bindPopup(row[5], {maxWidth: 420, maxHeight: 360}); }
    if (row[6]) { layer.bindTooltip(row[6]); }
    return layer;
}""".replace("MAX_ZOOM", str(_MAX_ZOOM))


class _PlainSymbols(MacroElement):  # type: ignore[misc]
    """Symbols added straight to their feature group, one per data row (no clustering)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var make = {{ this.callback }};
            var data = {{ this.rows|tojson }};
            for (var i = 0; i < data.length; i++) { make(data[i]).addTo(group); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list[Any]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PlainSymbols"
        self.rows = rows
        self.callback = _CALLBACK


class _Outlines(MacroElement):  # type: ignore[misc]
    """Offline base layer: country (and some admin-1) outlines fetched from static files."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            // Provinces get a pane above the countries: the two files arrive in either
            // order, and drawn on one canvas the opaque country fill, arriving last,
            // covered the province lines.
            [['sm-outlines', 350], ['sm-admin', 360]].forEach(function (p) {
                if (!map.getPane(p[0])) {
                    var pane = map.createPane(p[0]);
                    pane.style.zIndex = p[1];
                    pane.style.pointerEvents = 'none';
                }
            });
            // The component's iframe is sized after the map is created; without this the
            // map keeps its old pixel origin and the initial view drifts off centre.
            if (window.ResizeObserver) {
                new ResizeObserver(function () { map.invalidateSize(); })
                    .observe(map.getContainer());
            }
            var renderers = {'sm-outlines': L.canvas({pane: 'sm-outlines'}),
                             'sm-admin': L.canvas({pane: 'sm-admin'})};
            var urls = {{ this.urls|tojson }};
            function load() {
                urls.forEach(function (u, i) {
                    fetch(u[0]).then(function (r) { return r.ok ? r.json() : null; })
                        .then(function (d) {
                            if (!d) { return; }
                            L.geoJSON(d, {pane: u[2], renderer: renderers[u[2]],
                                interactive: false, style: u[1]}).addTo(map);
                        }).catch(function () {});
                });
            }
            // The strikes first: the event layer is added right after this script, and
            // parsing the outlines (2.5 MB of world borders) is a long task that, started
            // first, kept the strikes off the screen until it ended. So the outlines
            // load after the next frame has been painted.
            if (window.requestAnimationFrame) {
                window.requestAnimationFrame(function () { setTimeout(load, 0); });
            } else {
                setTimeout(load, 0);
            }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, countries: Sequence[str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Outlines"
        country_style = {
            "color": "#555",
            "weight": 1,
            "fill": True,
            "fillColor": "#f4f1ea",
            "fillOpacity": 1,
        }
        admin_style = {"color": "#8a8a8a", "weight": 0.9, "dashArray": "3 3", "fill": False}
        self.urls: list[list[Any]] = [[countries_url(), country_style, "sm-outlines"]]
        self.urls += [[admin1_url(c), admin_style, "sm-admin"] for c in countries if _is_iso2(c)]


class MapLegend(MacroElement):  # type: ignore[misc]
    """A legend control that lives and dies with its feature group."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var ctl = L.control({position: 'bottomright'});
            ctl.onAdd = function () {
                var div = L.DomUtil.create('div', 'sm-legend');
                // Narrow, semi-opaque and collapsible, so it never hides many strikes.
                div.style.cssText = 'background:rgba(255,255,255,.92);padding:4px 8px;' +
                    'font:11px/1.35 sans-serif;border-radius:4px;max-width:210px;' +
                    'box-shadow:0 0 4px rgba(0,0,0,.3);max-height:240px;overflow:auto';
                L.DomEvent.disableScrollPropagation(div);
                L.DomEvent.disableClickPropagation(div);
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            group.on('add', function () { ctl.addTo(group._map); });
            group.on('remove', function () { ctl.remove(); });
            if (group._map) { ctl.addTo(group._map); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Legend"
        self.html = html_text


def _is_iso2(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha()


def _esc(value: Any) -> str:
    """Escape any value for HTML; ``None``/NaN become an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else ``None`` (no ``javascript:``)."""
    if not isinstance(url, str):
        return None
    text: str = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def _actor_key(actor: Any) -> str:
    if actor is None or (isinstance(actor, float) and math.isnan(actor)):
        return UNKNOWN_ACTOR
    return str(actor)


def _num(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


_COUNT_LABELS = (
    ("killed", "killed"),
    ("civilians_killed", "civilians killed"),
    ("children_killed", "children killed"),
    ("fighters_killed", "fighters killed"),
    ("wounded", "wounded"),
    ("civilians_wounded", "civilians wounded"),
    ("children_wounded", "children wounded"),
    ("fighters_wounded", "fighters wounded"),
    ("missing", "missing"),
)


def _casualties(claim: Mapping[str, Any]) -> str:
    """Return a claim's figures as stated: "30 killed", "at least 24 wounded", "5-7 missing"."""
    parts = []
    for key, label in _COUNT_LABELS:
        lo, hi = _num(claim.get(key)), _num(claim.get(f"{key}_max"))
        if lo is None and hi is None:
            continue
        if lo is None and hi is not None:
            parts.append(f"up to {int(hi)} {label}")
        elif lo is not None and hi is None:
            parts.append(f"at least {int(lo)} {label}")  # no maximum stated
        elif lo is not None and hi is not None:
            parts.append(f"{int(lo)} {label}" if hi == lo else f"{int(lo)}-{int(hi)} {label}")
    text = claim.get("casualties_text")
    if isinstance(text, str) and text:
        parts.append(f"“{text}”")
    return html.escape("; ".join(parts))


def popup_html(event: Mapping[str, Any], claims: Sequence[Mapping[str, Any]]) -> str:
    """Return the popup HTML of one event; every report-derived string is escaped.

    Parameters
    ----------
    event
        One row of :meth:`Store.events_frame` as a mapping.
    claims
        That event's rows of :meth:`Store.claims_frame`.
    """
    date = _esc(event.get("date")) or "date unknown"
    precision = _esc(event.get("date_precision"))
    unc = _num(event.get("uncertainty_km"))
    where = _esc(event.get("place_name"))
    admin = ", ".join(_esc(event.get(k)) for k in ("admin1", "country") if _esc(event.get(k)))
    rel = ""
    if _esc(event.get("anchor_name")):
        dist = _num(event.get("distance_km"))
        rel = (
            f" ({f'{dist:g} km ' if dist is not None else ''}{_esc(event.get('bearing'))} "
            f"of {_esc(event.get('anchor_name'))})"
        )
    loc_prec = _esc(event.get("precision"))
    unc_txt = f", ±{unc:g} km" if unc is not None else ""
    actor = _esc(_actor_key(event.get("actor")))
    lines = [
        '<div class="sm-popup" style="font:12px sans-serif">',
        f"<b>{date}</b> <small>({precision})</small><br>",
        f"<b>{where}</b>{rel}{f' — {admin}' if admin else ''}<br>",
        f"<small>location: {loc_prec}{unc_txt}</small><br>",
        f"actor: <b>{actor}</b>",
    ]
    if bool(event.get("contested")):
        lines.append(' <span style="color:#b00">(contested)</span>')
    for claim in claims:
        claimant = _esc(claim.get("claimant")) or "unattributed"
        lines.append('<hr style="margin:4px 0">')
        lines.append(f"<b>{claimant}</b> says")
        target = _esc(claim.get("claimed_target"))
        if target:
            lines.append(f" target: {target}")
        cas = _casualties(claim)
        if cas:
            lines.append(f"<br>casualties: {cas}")
        denial = _esc(claim.get("denial"))
        if denial:
            by = _esc(claim.get("denied_by"))
            lines.append(f"<br><i>denial{f' by {by}' if by else ''}:</i> {denial}")
        lines.append(
            f"<blockquote style='margin:2px 0 2px 6px'>“{_esc(claim.get('quote'))}”</blockquote>"
        )
    title = _esc(event.get("title")) or _esc(event.get("source_id")) or "report"
    url = safe_url(event.get("url"))
    if url:
        lines.append(
            f'<hr style="margin:4px 0">source: <a href="{html.escape(url, quote=True)}" '
            f'target="_blank" rel="noopener noreferrer nofollow">{title}</a>'
        )
    else:
        lines.append(f'<hr style="margin:4px 0">source: {title}')
    language = _esc(language_label(event.get("language")))
    if language:
        # The report's language as detected on reading: the quotes above are in it.
        lines.append(f"<br><small>report language: {language}</small>")
    event_id = _num(event.get("id"))
    if event_id is not None:
        # The app's own Event page, opened in the whole window (the map is an iframe).
        lines.append(
            f'<br><a class="sm-event-link" href="/event?event={int(event_id)}" '
            'target="_top">all claims, place and date reasons</a>'
        )
    lines.append("</div>")
    return "".join(lines)


def _tooltip(event: Mapping[str, Any]) -> str:
    return f"{_esc(event.get('date')) or 'date unknown'} · {_esc(event.get('place_name'))}"


@dataclass(frozen=True, slots=True)
class MapView:
    """What the browser shows: bounds as (south, west, north, east) and the zoom level."""

    south: float
    west: float
    north: float
    east: float
    zoom: int

    @classmethod
    def from_st_folium(cls, value: Mapping[str, Any] | None) -> MapView | None:
        """Parse ``st_folium``'s returned ``bounds``/``zoom``; ``None`` when absent."""
        if not value:
            return None
        bounds = value.get("bounds") or {}
        try:
            sw, ne = bounds["_southWest"], bounds["_northEast"]
            view = cls(
                float(sw["lat"]),
                float(sw["lng"]),
                float(ne["lat"]),
                float(ne["lng"]),
                int(value.get("zoom") or 0),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if not all(math.isfinite(v) for v in (view.south, view.west, view.north, view.east)):
            return None
        return view

    def padded(self, fraction: float = 0.25) -> tuple[float, float, float, float]:
        """Return (south, west, north, east) grown by ``fraction`` on each side."""
        dlat = (self.north - self.south) * fraction
        dlon = (self.east - self.west) * fraction
        return (self.south - dlat, self.west - dlon, self.north + dlat, self.east + dlon)


@dataclass(frozen=True, slots=True)
class LayerPlan:
    """Which rows the event layer draws and how."""

    mode: str  # "events" or "cells"
    rows: pd.DataFrame
    n_total: int
    n_in_view: int
    cell_deg: float | None = None
    cells: pd.DataFrame | None = None
    """Cells already aggregated (see :mod:`strikemap.dashboard.columns`); else from ``rows``."""
    actors: tuple[str, ...] | None = None
    """Actors present (for the legend) when ``rows`` does not hold them all."""


def _in_box(events: pd.DataFrame, box: tuple[float, float, float, float]) -> np.ndarray:
    lat = events["lat"].to_numpy(dtype=float)
    lon = events["lon"].to_numpy(dtype=float)
    return in_view_box(lat, lon, *box)


def cell_size_deg(zoom: int) -> float:
    """Return the grid cell size in degrees for a zoom level (about 48 px on screen)."""
    return degrees_per_pixel(zoom) * 48


def aggregate_cells(
    events: pd.DataFrame, cell_deg: float, colours: Mapping[str, str]
) -> pd.DataFrame:
    """Bin events into square grid cells (numpy), one row per non-empty cell.

    Returns columns ``lat``, ``lon`` (mean position of the cell's events, so a cell
    sits where its strikes are), ``count``, ``top_actor``, ``colour``.
    """
    if events.empty:
        return pd.DataFrame(columns=["lat", "lon", "count", "top_actor", "colour"])
    lat = events["lat"].to_numpy(dtype=float)
    lon = events["lon"].to_numpy(dtype=float)
    iy = np.floor((lat + 90.0) / cell_deg).astype(np.int64)
    ix = np.floor((lon + 180.0) / cell_deg).astype(np.int64)
    key = iy * 1_000_003 + ix
    uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    mean_lat = np.bincount(inverse, weights=lat) / counts
    mean_lon = np.bincount(inverse, weights=lon) / counts
    actors = events["actor"].map(_actor_key).to_numpy()
    top = (
        pd.DataFrame({"cell": inverse, "actor": actors})
        .groupby(["cell", "actor"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values(["cell", "n"], ascending=[True, False])
        .drop_duplicates("cell")
        .set_index("cell")["actor"]
    )
    top_actor = top.reindex(range(len(uniq))).fillna(UNKNOWN_ACTOR).to_numpy()
    return pd.DataFrame(
        {
            "lat": mean_lat,
            "lon": mean_lon,
            "count": counts,
            "top_actor": top_actor,
            "colour": [colours.get(a, _UNKNOWN_COLOUR) for a in top_actor],
        }
    )


def plan_layer(
    events: pd.DataFrame,
    view: MapView | None,
    *,
    initial_zoom: int = 5,
    threshold: int = AGGREGATE_THRESHOLD,
) -> LayerPlan:
    """Decide between individual strikes and grid cells for the current view.

    Below ``threshold`` events in total, every event is drawn wherever the view is
    (panning then changes nothing). Above it, only the events in the (padded) view are
    considered, and they are drawn individually when few enough, else as grid cells
    sized for the zoom level.
    """
    n_total = len(events)
    if n_total <= threshold:
        return LayerPlan("events", events, n_total, n_total)
    if view is not None:
        rows = events[_in_box(events, view.padded())]
        zoom = view.zoom
    else:
        rows, zoom = events, initial_zoom
    if len(rows) <= threshold:
        return LayerPlan("events", rows, n_total, len(rows))
    return LayerPlan("cells", rows, n_total, len(rows), cell_size_deg(zoom))


def _event_rows(
    events: pd.DataFrame,
    claims: pd.DataFrame,
    colours: Mapping[str, str],
) -> list[list[Any]]:
    by_event: dict[int, list[dict[str, Any]]] = {}
    if not claims.empty:
        for rec in cast(list[dict[str, Any]], claims.to_dict("records")):
            by_event.setdefault(int(rec["event_id"]), []).append(rec)
    rows: list[list[Any]] = []
    for ev in cast(list[dict[str, Any]], events.to_dict("records")):
        lat, lon = _num(ev.get("lat")), _num(ev.get("lon"))
        if lat is None or lon is None:
            continue  # never draw a guess
        colour = colours.get(_actor_key(ev.get("actor")), _UNKNOWN_COLOUR)
        unc = _num(ev.get("uncertainty_km")) or 0.0
        coarse = str(ev.get("precision")) not in POINT_PRECISIONS
        kind = 1 if coarse else 0
        rows.append(
            [
                round(lat, 6),
                round(lon, 6),
                kind,
                colour,
                round(max(unc, 0.5) * 1000.0, 1) if coarse else 0,
                popup_html(ev, by_event.get(int(ev["id"]), [])),
                _tooltip(ev),
            ]
        )
    return rows


def _short_count(n: int) -> str:
    """Return a compact count label: 950, 4.2k, 13k, 1.3M."""
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k"
    if n < 1_000_000:
        return f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M"


def _cell_rows(cells: pd.DataFrame) -> list[list[Any]]:
    # Radius grows with the square root of the count (area ~ events), relative to the
    # largest cell in view, and stays under half the cell spacing so cells rarely overlap;
    # every cell carries its count as a label, so sizes are never the only cue.
    n_max = max(int(cells["count"].max()), 1) if len(cells) else 1
    label = len(cells) <= _MAX_CELL_LABELS
    rows: list[list[Any]] = []
    for lat, lon, n, top, colour in zip(
        cells["lat"].round(5).tolist(),
        cells["lon"].round(5).tolist(),
        cells["count"].astype(int).tolist(),
        cells["top_actor"].tolist(),
        cells["colour"].tolist(),
        strict=True,
    ):
        tip = f"{n:,} events (mostly {_esc(top)}); click to zoom in"
        radius = round(11 + 11 * math.sqrt(n / n_max), 1)
        rows.append([lat, lon, 2, colour, n, "", tip, radius, _short_count(n) if label else ""])
    return rows


def _legend_html(colours: Mapping[str, str], actors: Sequence[str], mode: str) -> str:
    items = [
        f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:5px;'
        f'background:{html.escape(colour)};margin-right:4px">'
        f"</span>{html.escape(label)}</div>"
        for label, colour in legend_entries(actors, colours)
    ]
    symbols = (
        "<hr style='margin:3px 0'>● town or finer<br>"
        "◌ dashed: uncertainty radius (district, province, region, relative, country)"
    )
    if mode == "cells":
        symbols += "<br>◉ grid cell: many events, click to zoom in"
    return (
        "<details open><summary style='cursor:pointer'><b>Legend</b></summary>"
        + "".join(items)
        + symbols
        + "</details>"
    )


def build_event_layer(
    plan: LayerPlan,
    claims: pd.DataFrame,
    colours: Mapping[str, str],
    *,
    heat: bool = False,
    name: str = "Strikes",
) -> folium.FeatureGroup:
    """Build the feature group drawing a :class:`LayerPlan` (symbols, legend, heat)."""
    group = folium.FeatureGroup(name=name)
    if plan.mode == "cells":
        cells = (
            plan.cells
            if plan.cells is not None
            else aggregate_cells(plan.rows, plan.cell_deg or 1.0, colours)
        )
        data = _cell_rows(cells)
        heat_points = cells[["lat", "lon", "count"]].to_numpy().tolist()
    else:
        data = _event_rows(plan.rows, claims, colours)
        heat_points = [[r[0], r[1], 1.0] for r in data]
    if plan.actors is not None:
        found = set(plan.actors)
    else:
        found = {_actor_key(a) for a in plan.rows["actor"]} if not plan.rows.empty else set()
    present = sorted(found, key=lambda a: (a == UNKNOWN_ACTOR, a.lower()))
    if heat and heat_points:
        from strikemap.dashboard.map_plugins import heat_layer

        heat_layer(heat_points).add_to(group)
    elif data and (len(data) <= CLUSTER_THRESHOLD or plan.mode == "cells"):
        # Few symbols, or cells that are already aggregates: never clustered, so they go
        # straight onto the map. Through the cluster group's chunked loading they took
        # a tenth of a second longer to appear after a filter change (measured at 1M).
        _PlainSymbols(data).add_to(group)
    elif data:
        from strikemap.dashboard.map_plugins import clustered_symbols

        clustered_symbols(data, _CALLBACK).add_to(group)
    MapLegend(_legend_html(colours, present, plan.mode)).add_to(group)
    return group


def _data_center(events: pd.DataFrame) -> tuple[tuple[float, float], int]:
    if events.empty:
        return (30.0, 30.0), 3
    lat = events["lat"].to_numpy(dtype=float)
    lon = events["lon"].to_numpy(dtype=float)
    south, north = float(np.nanpercentile(lat, 2)), float(np.nanpercentile(lat, 98))
    west, east = float(np.nanpercentile(lon, 2)), float(np.nanpercentile(lon, 98))
    span = max(north - south, east - west, 0.5)
    zoom = int(max(2, min(12, math.floor(math.log2(360.0 / span)) + 1)))
    return ((south + north) / 2, (west + east) / 2), zoom


def initial_view(events: pd.DataFrame) -> tuple[tuple[float, float], int]:
    """Return a (center (lat, lon), zoom) framing most of ``events``."""
    return _data_center(events)


def build_base_map(
    center: tuple[float, float],
    zoom: int,
    *,
    countries: Sequence[str] = (),
    online_tiles: bool = False,
    height: int | str = "100%",
) -> OfflineMap:
    """Build the base map: offline outlines always; online tiles only when asked.

    Parameters
    ----------
    center, zoom
        Initial view as (lat, lon) and zoom level.
    countries
        ISO alpha-2 codes whose admin-1 outlines are drawn.
    online_tiles
        Add OpenStreetMap and Esri World Imagery as switchable base layers (the browser
        then fetches tiles from those hosts). Off by default.
    """
    m = OfflineMap(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        max_zoom=_MAX_ZOOM,
        min_zoom=2,
        control_scale=True,
        height=height,
        world_copy_jump=True,
    )
    # With tiles=None folium drops max/min zoom; markercluster throws without maxZoom.
    m.options["maxZoom"] = _MAX_ZOOM
    m.options["minZoom"] = 2
    _Outlines(countries).add_to(m)
    if online_tiles:
        for i, (url, name, attr) in enumerate(_TILE_LAYERS):
            folium.TileLayer(url, name=name, attr=attr, max_zoom=_MAX_ZOOM, show=(i == 0)).add_to(m)
        folium.LayerControl(collapsed=True).add_to(m)
    return m


def build_map(
    events: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    view: MapView | None = None,
    heat: bool = False,
    online_tiles: bool = False,
) -> OfflineMap:
    """Build a complete standalone map (base map plus event layer), e.g. for tests or export.

    Parameters
    ----------
    events, claims
        As returned by :meth:`Store.events_frame` and :meth:`Store.claims_frame`.
    actors
        The actor list fixing the colours (default: the actors in ``events``).
    """
    names = list(actors) if actors is not None else sorted({_actor_key(a) for a in events["actor"]})
    counts = {str(k): int(v) for k, v in events["actor"].map(_actor_key).value_counts().items()}
    colours = actor_colours(names, counts)
    center, zoom = _data_center(events)
    countries = sorted({str(c) for c in events["country"].dropna()}) if len(events) else []
    m = build_base_map(center, zoom, countries=countries, online_tiles=online_tiles)
    plan = plan_layer(events, view, initial_zoom=zoom)
    build_event_layer(plan, claims, colours, heat=heat).add_to(m)
    return m
