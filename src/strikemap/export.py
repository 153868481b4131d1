"""GeoJSON (RFC 7946) and CSV exports of stored events.

Coordinates flip here: the store keeps ``lat`` and ``lon`` columns, GeoJSON writes
``[lon, lat]`` (RFC 7946 §3.1.1). One Feature per event; its claims travel with it, each
with the quoted evidence, so every exported fact traces back to a stored report.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

import orjson
import pandas as pd

from strikemap import __version__
from strikemap.filters import EventFilter
from strikemap.model import CASUALTY_COUNTS
from strikemap.read import safe_link
from strikemap.store import CLAIM_COLUMNS, EVENT_COLUMNS, Store

ATTRIBUTION = (
    "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0; "
    "curated supplement: strikemap contributors. "
    "Where imported: UNCS / UN OCHA COD via HDX, CC BY-IGO."
)
"""Data credits carried by every export."""

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _clean(value: Any) -> Any:
    """Turn pandas/NumPy scalars into JSON values (NaN and NA become ``None``)."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):  # NumPy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


Columns = dict[str, list[Any]]
"""A table as plain Python lists by column name, missing values ``None``."""


def _frame_columns(frame: pd.DataFrame) -> Columns:
    """Return a DataFrame's columns as plain Python values (NaN/NA become ``None``)."""
    return {str(name): [_clean(v) for v in frame[name].tolist()] for name in frame.columns}


def _row_columns(rows: Sequence[tuple[Any, ...]], names: Sequence[str]) -> Columns:
    """Transpose store rows (already plain Python values) into columns."""
    if not rows:
        return {name: [] for name in names}
    return {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}


def _column_rows(cols: Columns, names: Sequence[str]) -> list[tuple[Any, ...]]:
    """Transpose columns back into rows of ``names`` (an absent column reads ``None``)."""
    n = max((len(v) for v in cols.values()), default=0)
    return list(zip(*(cols.get(name) or [None] * n for name in names), strict=True))


# Every count and its "_max" twin (see strikemap.model.Casualties), in the claims' order.
_CASUALTY_KEYS = tuple(k for name in CASUALTY_COUNTS for k in (name, f"{name}_max"))
_CLAIM_FIELDS = itemgetter(
    *(
        CLAIM_COLUMNS.index(name)
        for name in (
            "event_id",
            "claimant",
            "claimed_target",
            *_CASUALTY_KEYS,
            "casualties_text",
            "denial",
            "denied_by",
            "quote",
            "span_start",
            "span_end",
        )
    )
)


def _claims_by_event(rows: Iterable[Sequence[Any]]) -> dict[int, list[dict[str, Any]]]:
    """Group claim rows (:data:`CLAIM_COLUMNS` order) by event, as exported claims."""
    out: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        (event_id, claimant, target, *figures, text, denial, denied_by, quote, start, end) = (
            _CLAIM_FIELDS(row)
        )
        if event_id is None:
            continue
        casualties: dict[str, Any] | None
        if figures.count(None) == len(figures):  # most claims state no figure
            casualties = {"text": text} if text else None
        else:
            # Counts are whole numbers (a frame's column with gaps holds floats).
            casualties = {
                k: int(v) for k, v in zip(_CASUALTY_KEYS, figures, strict=True) if v is not None
            }
            if text:
                casualties["text"] = text
        out.setdefault(int(event_id), []).append(
            {
                "claimant": claimant,
                "claimed_target": target,
                "casualties": casualties,
                "denial": denial,
                "denied_by": denied_by,
                "quote": quote,
                "span": [int(start), int(end)],
            }
        )
    return out


# Feature property name -> events_frame column.
_PROPERTY_COLUMNS = (
    ("date", "date"),
    ("date_precision", "date_precision"),
    ("date_source", "date_source"),
    ("date_end", "date_end"),
    ("actor", "actor"),
    ("place", "place_name"),
    ("place_id", "place_id"),
    ("admin1", "admin1"),
    ("country", "country"),
    ("precision", "precision"),
    ("uncertainty_km", "uncertainty_km"),
    ("location_reason", "location_reason"),
    ("contested", "contested"),
    ("incident_id", "incident_id"),
    ("link_reason", "link_reason"),
    ("report_id", "source_id"),
    ("report_hash", "report_id"),
    ("report_title", "title"),
    ("report_url", "url"),
    ("report_language", "language"),
)


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
    return _geojson(
        _column_rows(_frame_columns(events), EVENT_COLUMNS),
        _claims_by_event(_column_rows(_frame_columns(claims), CLAIM_COLUMNS)),
        flt=flt,
        generated_at=generated_at,
    )


_PROPERTY_NAMES = tuple(prop for prop, _ in _PROPERTY_COLUMNS)
FEATURE_PROPERTIES: tuple[str, ...] = (*_PROPERTY_NAMES, "claims")
"""The properties of every exported Feature, in order (the GIS exports' columns)."""
_PROPERTY_VALUES = itemgetter(*(EVENT_COLUMNS.index(col) for _, col in _PROPERTY_COLUMNS))
_CONTESTED_AT = _PROPERTY_NAMES.index("contested")
_URL_AT = _PROPERTY_NAMES.index("report_url")
_ID_AT, _LON_AT, _LAT_AT = (EVENT_COLUMNS.index(c) for c in ("id", "lon", "lat"))


def _geojson(
    rows: Iterable[Sequence[Any]],
    by_event: Mapping[int, list[dict[str, Any]]],
    *,
    flt: EventFilter | None = None,
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    """Build the FeatureCollection of event rows (:data:`EVENT_COLUMNS` order).

    One pass over the rows, each building its feature directly: this loop runs once per
    event and dominates the export of large selections.
    """
    links: dict[str, str | None] = {}  # many events share a report, so its URL
    features: list[dict[str, Any]] = []
    for row in rows:
        lon_in, lat_in = row[_LON_AT], row[_LAT_AT]
        # A missing coordinate becomes NaN here so the range check below refuses it.
        lon = round(float(lon_in), 6) if lon_in is not None else math.nan
        lat = round(float(lat_in), 6) if lat_in is not None else math.nan
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # also catches NaN
            raise ValueError(
                f"event {row[_ID_AT]} has coordinates out of range: lon={lon}, lat={lat}"
            )
        event_id = int(row[_ID_AT])
        values = list(_PROPERTY_VALUES(row))
        values[_CONTESTED_AT] = bool(values[_CONTESTED_AT])
        # A stored javascript:/data: URL must not reach a map popup or GIS tool as a link.
        url = values[_URL_AT]
        if isinstance(url, str):
            if url not in links:
                links[url] = safe_link(url)
            values[_URL_AT] = links[url]
        else:
            values[_URL_AT] = None
        properties = dict(zip(_PROPERTY_NAMES, values, strict=True))
        properties["claims"] = by_event.get(event_id, [])
        features.append(
            {
                "type": "Feature",
                "id": event_id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
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
    "date_end",
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
    "killed_max",
    "civilians_killed",
    "children_killed",
    "fighters_killed",
    "wounded",
    "wounded_max",
    "civilians_wounded",
    "missing",
    "denials",
    "quotes",
    "report_id",
    "report_title",
    "report_url",
    "report_language",
)


def events_to_csv(events: pd.DataFrame, claims: pd.DataFrame) -> str:
    """Render events as CSV text, one row per event, claims joined with `` | ``."""
    return _csv(
        _frame_columns(events),
        _claims_by_event(_column_rows(_frame_columns(claims), CLAIM_COLUMNS)),
    )


def _csv(events: Columns, by_event: Mapping[int, list[dict[str, Any]]]) -> str:
    buf = io.StringIO()
    # RFC 4180 line ends: the writer quotes a cell holding any character of the line
    # terminator, so with "\r\n" a bare CR inside a cell is quoted too instead of
    # breaking the row in spreadsheet readers.
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def joined(items: list[dict[str, Any]], key: str) -> str:
        return " | ".join(str(c[key]) for c in items if c.get(key))

    def max_figure(items: list[dict[str, Any]], key: str) -> int | str:
        """Return the highest figure (or lower bound) any claim states for ``key``."""
        values = [c["casualties"][key] for c in items if c["casualties"] and key in c["casualties"]]
        return int(max(values)) if values else ""

    def max_bound(items: list[dict[str, Any]], key: str) -> int | str:
        """Return the highest upper bound stated, blank when a claim has none."""
        stated = [c["casualties"] for c in items if c["casualties"]]
        stated = [c for c in stated if key in c or f"{key}_max" in c]
        if not stated or any(f"{key}_max" not in c for c in stated):
            return ""
        return int(max(c[f"{key}_max"] for c in stated))

    names = list(events)
    for values_in in zip(*(events[n] for n in names), strict=True):
        row = dict(zip(names, values_in, strict=True))
        cl = by_event.get(int(row["id"]), [])
        values: list[Any] = [
            int(row["id"]),
            row["date"] or "",
            row["date_precision"],
            row.get("date_end") or "",
            row["actor"] or "",
            row["place_name"],
            row["admin1"] or "",
            row["country"] or "",
            round(float(row["lat"]), 6),
            round(float(row["lon"]), 6),
            row["precision"],
            row["uncertainty_km"],
            int(bool(row["contested"])),
            joined(cl, "claimant"),
            joined(cl, "claimed_target"),
            max_figure(cl, "killed"),
            max_bound(cl, "killed"),
            max_figure(cl, "civilians_killed"),
            max_figure(cl, "children_killed"),
            max_figure(cl, "fighters_killed"),
            max_figure(cl, "wounded"),
            max_bound(cl, "wounded"),
            max_figure(cl, "civilians_wounded"),
            max_figure(cl, "missing"),
            joined(cl, "denial"),
            joined(cl, "quote"),
            row["source_id"],
            row["title"] or "",
            safe_link(row["url"]) or "",
            row.get("language") or "",
        ]
        writer.writerow([neutralise_csv_cell(v) for v in values])
    return buf.getvalue()


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic objects.

    Exports allocate millions of tuples, lists and dicts with no reference cycles; the
    collector's repeated full passes over them cost a third of a large export's time
    (measured). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                # Re-enabled as is, the collector would at once trace every object made
                # while paused (a tenth of a large export, measured). Freezing and
                # unfreezing hands them to the oldest generation without that pass.
                # Skipped when someone else froze objects, so theirs stay frozen.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def export_geojson(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """Return the FeatureCollection of the events in ``store`` matching ``flt``."""
    flt = flt or EventFilter()
    with cycle_collector_paused():
        return _geojson(store.event_rows(flt), _claims_by_event(store.claim_rows(flt=flt)), flt=flt)


def export_csv(store: Store, flt: EventFilter | None = None) -> str:
    """Return the CSV text of the events in ``store`` matching ``flt``."""
    flt = flt or EventFilter()
    with cycle_collector_paused():
        return _csv(
            _row_columns(store.event_rows(flt), EVENT_COLUMNS),
            _claims_by_event(store.claim_rows(flt=flt)),
        )


def dumps_geojson(collection: Mapping[str, Any]) -> str:
    """Serialise a FeatureCollection as compact UTF-8 JSON.

    orjson refuses nothing silently: NaN would become ``null``, which is why
    :func:`events_to_geojson` rejects non-finite coordinates before this point.
    """
    return orjson.dumps(collection).decode("utf-8")
