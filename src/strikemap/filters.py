"""The one filter record shared by the store, the CLI, the dashboard and the exports.

A filter is pure data: the store turns it into SQL, the dashboard into widgets and a URL
query string, the GeoJSON export into its ``strikemap.filters`` block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to show; an empty field means "no restriction".

    Attributes
    ----------
    date_from, date_to
        Inclusive date range. Events with an unknown date are kept only when both are
        ``None`` (an unknown date is not "in" any range).
    actors, claimants, countries, admin1s, precisions, report_ids
        Any-of sets; ``"(unknown)"`` in ``actors`` selects events whose actor is unknown.
    target_text
        Case-insensitive substring of any claimed target.
    contested_only
        Keep only events whose claims disagree.
    bbox
        ``(min_lon, min_lat, max_lon, max_lat)``: lon first, as in GeoJSON.
    area
        Key of an administrative area (:mod:`strikemap.gazetteer.area_polygons`): keep
        events whose point lies in its polygon.
    languages
        Any-of set of report languages as detected on reading (ISO 639-1 codes such as
        ``"uk"``; ``"und"`` for reports too short to tell).
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actors: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    target_text: str | None = None
    countries: tuple[str, ...] = ()
    admin1s: tuple[str, ...] = ()
    precisions: tuple[str, ...] = ()
    contested_only: bool = False
    report_ids: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = field(default=None)
    area: str | None = None
    languages: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """Return whether this filter restricts nothing."""
        return self == EventFilter()

    def to_dict(self) -> dict[str, Any]:
        """Return the non-empty fields as JSON-ready values (dates as ISO strings)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value in (None, (), "", False):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventFilter:
        """Build a filter from :meth:`to_dict` output; unknown keys raise ``ValueError``."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown filter field(s): {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key in ("date_from", "date_to") and value is not None:
                kwargs[key] = dt.date.fromisoformat(str(value))
            elif key == "bbox" and value is not None:
                box = tuple(float(v) for v in value)
                if len(box) != 4:
                    raise ValueError("bbox needs four numbers: min_lon, min_lat, max_lon, max_lat")
                kwargs[key] = box
            elif key in ("target_text", "area"):
                kwargs[key] = value or None
            elif key == "contested_only":
                kwargs[key] = bool(value)
            else:
                kwargs[key] = tuple(str(v) for v in value)
        return cls(**kwargs)
