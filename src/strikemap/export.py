"""GeoJSON (RFC 7946) and CSV exports of stored events.

Coordinates flip here: the store keeps ``lat`` and ``lon`` columns, GeoJSON writes
``[lon, lat]`` (RFC 7946 §3.1.1). One Feature per event; its claims travel with it, each
with the quoted evidence, so every exported fact traces back to a stored report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from strikemap import __version__
from strikemap.filters import EventFilter
from strikemap.store import Store

ATTRIBUTION = (
    "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0; "
    "curated supplement: strikemap contributors. "
    "Where imported: UNCS / UN OCHA COD via HDX, CC BY-IGO."
)
"""Data credits carried by every export."""

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _clean(value: Any) -> Any:
    """Turn pandas/NumPy scalars into JSON values (NaN and NA become ``None``)."""
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):  # NumPy scalar
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
        return value
    if value is pd.NA:
        return None
    return value


def _claims_by_event(claims: pd.DataFrame) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for row in claims.itertuples(index=False):
        casualties = {
            key: _clean(getattr(row, key))
            for key in ("killed", "wounded", "civilians_killed", "children_killed")
            if _clean(getattr(row, key)) is not None
        }
        if _clean(row.casualties_text):
            casualties["text"] = row.casualties_text
        out.setdefault(int(row.event_id), []).append(
            {
                "claimant": _clean(row.claimant),
                "claimed_target": _clean(row.claimed_target),
                "casualties": casualties or None,
                "denial": _clean(row.denial),
                "denied_by": _clean(row.denied_by),
                "quote": row.quote,
                "span": [int(row.span_start), int(row.span_end)],
            }
        )
    return out


def events_to_geojson(
    events: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    flt: EventFilter | None = None,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Build an RFC 7946 FeatureCollection from :meth:`Store.events_frame` rows.

    Parameters
    ----------
    events
        One row per event, as returned by :meth:`strikemap.store.Store.events_frame`.
    claims
        Their claims, as returned by :meth:`strikemap.store.Store.claims_frame`.
    flt
        The filter that selected ``events``; recorded in the top-level ``strikemap`` block.
    generated_at
        Generation time (UTC now by default).
    """
    by_event = _claims_by_event(claims)
    features: list[dict[str, Any]] = []
    for row in events.itertuples(index=False):
        lon, lat = float(row.lon), float(row.lat)
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise ValueError(f"event {row.id} has coordinates out of range: lon={lon}, lat={lat}")
        event_claims = by_event.get(int(row.id), [])
        features.append(
            {
                "type": "Feature",
                "id": int(row.id),
                "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                "properties": {
                    "date": _clean(row.date),
                    "date_precision": row.date_precision,
                    "date_source": row.date_source,
                    "actor": _clean(row.actor),
                    "place": row.place_name,
                    "place_id": _clean(row.place_id),
                    "admin1": _clean(row.admin1),
                    "country": _clean(row.country),
                    "precision": row.precision,
                    "uncertainty_km": _clean(row.uncertainty_km),
                    "location_reason": _clean(row.location_reason),
                    "contested": bool(row.contested),
                    "incident_id": _clean(row.incident_id),
                    "claims": event_claims,
                    "report_id": row.source_id,
                    "report_hash": row.report_id,
                    "report_title": _clean(row.title),
                    "report_url": _clean(row.url),
                },
            }
        )
    when = generated_at or dt.datetime.now(dt.UTC)
    return {
        "type": "FeatureCollection",
        "strikemap": {
            "version": __version__,
            "generated_at": when.isoformat(timespec="seconds"),
            "filters": (flt or EventFilter()).to_dict(),
            "count": len(features),
            "attribution": ATTRIBUTION,
            "coordinate_order": "lon, lat (RFC 7946)",
        },
        "features": features,
    }


def neutralise_csv_cell(value: Any) -> Any:
    """Defuse spreadsheet formulas: text starting with ``= + - @`` gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


CSV_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "place",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "precision",
    "uncertainty_km",
    "contested",
    "claimants",
    "claimed_targets",
    "killed",
    "civilians_killed",
    "denials",
    "quotes",
    "report_id",
    "report_title",
    "report_url",
)


def events_to_csv(events: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Render events as CSV text, one row per event, claims joined with `` | ``."""
    by_event = _claims_by_event(claims)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def joined(items: list[dict[str, Any]], key: str) -> str:
        return " | ".join(str(c[key]) for c in items if c.get(key))

    def max_figure(items: list[dict[str, Any]], key: str) -> int | str:
        values = [c["casualties"][key] for c in items if c["casualties"] and key in c["casualties"]]
        return max(values) if values else ""

    for row in events.itertuples(index=False):
        cl = by_event.get(int(row.id), [])
        values: list[Any] = [
            int(row.id),
            _clean(row.date) or "",
            row.date_precision,
            _clean(row.actor) or "",
            row.place_name,
            _clean(row.admin1) or "",
            _clean(row.country) or "",
            round(float(row.lat), 6),
            round(float(row.lon), 6),
            row.precision,
            _clean(row.uncertainty_km),
            int(bool(row.contested)),
            joined(cl, "claimant"),
            joined(cl, "claimed_target"),
            max_figure(cl, "killed"),
            max_figure(cl, "civilians_killed"),
            joined(cl, "denial"),
            joined(cl, "quote"),
            row.source_id,
            _clean(row.title) or "",
            _clean(row.url) or "",
        ]
        writer.writerow([neutralise_csv_cell(v) for v in values])
    return buf.getvalue()


def export_geojson(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """Return the FeatureCollection of the events in ``store`` matching ``flt``."""
    events = store.events_frame(flt)
    claims = store.claims_frame(events["id"].tolist())
    return events_to_geojson(events, claims, flt=flt)


def export_csv(store: Store, flt: EventFilter | None = None) -> str:
    """Return the CSV text of the events in ``store`` matching ``flt``."""
    events = store.events_frame(flt)
    claims = store.claims_frame(events["id"].tolist())
    return events_to_csv(events, claims)


def dumps_geojson(collection: Mapping[str, Any]) -> str:
    """Serialise a FeatureCollection as compact UTF-8 JSON (no NaN allowed)."""
    return json.dumps(collection, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
