"""The columns the store's reads return, and what a save reports.

Plain names and records, without SQLAlchemy: the dashboard's first run imports them
before anything that talks to a database (see :mod:`strikemap.dashboard.warmup`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CASUALTY_RANGE_COLUMNS",
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "UNKNOWN_ACTOR",
    "Facets",
    "SaveResult",
]

CASUALTY_RANGE_COLUMNS = (
    "killed_max", "wounded_max", "civilians_killed_max", "children_killed_max", "missing",
    "missing_max", "fighters_killed", "fighters_killed_max", "civilians_wounded",
    "civilians_wounded_max", "children_wounded", "children_wounded_max", "fighters_wounded",
    "fighters_wounded_max",
)  # fmt: skip
"""Casualty ranges and categories on claims (see :class:`strikemap.model.Casualties`)."""

UNKNOWN_ACTOR = "(unknown)"
"""How an unknown actor is named in filters and facets."""

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "report_id",
    "incident_id",
    "link_reason",
    "date",
    "date_precision",
    "date_source",
    "date_end",
    "actor",
    "place_name",
    "place_id",
    "country",
    "admin1",
    "lon",
    "lat",
    "precision",
    "uncertainty_km",
    "confidence",
    "location_reason",
    "anchor_name",
    "bearing",
    "distance_km",
    "contested",
    "source_id",
    "title",
    "url",
    "language",
)
"""Columns of :meth:`Store.events_frame`, in order (the last four are the report's)."""

CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "event_id",
    "report_id",
    "claimant",
    "claimed_target",
    "killed",
    "wounded",
    "civilians_killed",
    "children_killed",
    "casualties_text",
    *CASUALTY_RANGE_COLUMNS,
    "denial",
    "denied_by",
    "quote",
    "span_start",
    "span_end",
)
"""Columns of :meth:`Store.claims_frame`, in order."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving one extraction did; ``error`` is set when it could not be stored.

    ``deleted`` is set when the report was not stored because an editor deleted it
    (see :meth:`Store.delete_report`; ``force=True`` stores it anyway).
    """

    report_id: str
    source_id: str
    added: bool
    n_events: int
    n_unresolved: int
    error: str | None = None
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Facets:
    """The values present in the store, for filter widgets."""

    n_events: int
    actors: tuple[str, ...]
    claimants: tuple[str, ...]
    countries: tuple[str, ...]
    admin1s: tuple[str, ...]
    precisions: tuple[str, ...]
    date_min: dt.date | None
    date_max: dt.date | None
    languages: tuple[str, ...] = ()
    """Detected languages of the reports events come from (empty from the map columns)."""
