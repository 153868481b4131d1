"""Cross-report linking: one strike reported by several sources becomes one incident.

Two events from different reports are linked when they agree on

* the actor (both known and equal: an unknown actor links nothing),
* the date, within a window that widens with the coarser precision of the two
  (±1 day for a day or a night, ±7 for a week, ±31 for a month; an unknown date links
  nothing), and
* the place: their points lie within the larger of their two uncertainty radii, and
  neither is vaguer than :data:`MAX_LINK_RADIUS_KM` (a country-wide report cannot tell
  which strike it is).

Every link records its reason in plain words. A user can split an event off its
incident; it is then locked and never linked again automatically.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, TextClause, select, text, update

from strikemap.store.schema import events, incidents

DATE_WINDOW_DAYS = {"day": 1, "overnight": 1, "week": 7, "month": 31}
"""Half-width of the date window by date precision; absent precisions never link."""

MAX_LINK_RADIUS_KM = 150.0
"""Events located less precisely than this are never linked."""

_KM_PER_DEGREE_LAT = 111.32


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in km between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0088 * 2 * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Link:
    """Why a new event joined an incident."""

    event_id: int
    incident_id: int
    reason: str


def _window(precision_a: str, precision_b: str) -> int | None:
    a, b = DATE_WINDOW_DAYS.get(precision_a), DATE_WINDOW_DAYS.get(precision_b)
    if a is None or b is None:
        return None
    return max(a, b)


_CANDIDATES_SQL = """
SELECT id, report_id, incident_id, date, date_precision, place_name, lat, lon, uncertainty_km
FROM events {hint}
WHERE date BETWEEN :d0 AND :d1
  AND lon BETWEEN :lon0 AND :lon1
  AND lat BETWEEN :lat0 AND :lat1
  AND actor = :actor
  AND link_locked = 0
  AND uncertainty_km <= :max_radius
"""


def _candidates_sql(dialect: str) -> TextClause:
    # On SQLite, name the (actor, date, lon, lat) index: the planner otherwise may pick
    # the plain actor index, and an actor can have hundreds of thousands of events.
    hint = "INDEXED BY ix_events_actor_date_lon_lat" if dialect == "sqlite" else ""
    return text(_CANDIDATES_SQL.format(hint=hint))


def _linkable(row: Mapping[str, Any]) -> bool:
    return (
        row["actor"] is not None
        and row["date"] is not None
        and row["date_precision"] in DATE_WINDOW_DAYS
        and row["uncertainty_km"] <= MAX_LINK_RADIUS_KM
    )


def link_events(
    conn: Connection, new_events: Sequence[tuple[int, Mapping[str, Any]]]
) -> list[Link]:
    """Link freshly stored events to matching events of other reports.

    One candidate query per group of nearby events of the same actor (not one per
    event) keeps bulk ingestion fast; matching is then done with numpy.

    Parameters
    ----------
    conn
        The connection whose transaction stored the events, so a report and its links
        are written together.
    new_events
        ``(event id, the row as inserted)`` pairs.
    """
    # One query per actor, quarter and 5-degree cell: coarse enough that a batch needs
    # few queries, fine enough that a report spanning two theatres does not query
    # everything in between (both measured; see benchmarks/README.md).
    groups: dict[tuple[str, str, int, int], list[tuple[int, Mapping[str, Any]]]] = {}
    for event_id, row in new_events:
        if _linkable(row):
            quarter = f"{row['date'][:4]}Q{(int(row['date'][5:7]) - 1) // 3}"
            cell = (math.floor(row["lat"] / 5), math.floor(row["lon"] / 5))
            groups.setdefault((row["actor"], quarter, *cell), []).append((event_id, row))
    query = _candidates_sql(conn.dialect.name)
    links: list[Link] = []
    widest = max(DATE_WINDOW_DAYS.values())  # the coarsest window any candidate may have
    for (actor, *_), items in groups.items():
        days = [dt.date.fromisoformat(row["date"]) for _, row in items]
        lats = [row["lat"] for _, row in items]
        lons = [row["lon"] for _, row in items]
        # A box and a date range that hold every possible match (index-friendly); the
        # exact distance and window are checked per event below.
        dlat = MAX_LINK_RADIUS_KM / _KM_PER_DEGREE_LAT
        widest_lat = min(89.0, max(abs(v) for v in lats) + dlat)
        dlon = MAX_LINK_RADIUS_KM / (_KM_PER_DEGREE_LAT * math.cos(math.radians(widest_lat)))
        candidates = list(
            conn.execute(
                query,
                {
                    "d0": (min(days) - dt.timedelta(days=widest)).isoformat(),
                    "d1": (max(days) + dt.timedelta(days=widest)).isoformat(),
                    "lon0": min(lons) - dlon,
                    "lon1": max(lons) + dlon,
                    "lat0": min(lats) - dlat,
                    "lat1": max(lats) + dlat,
                    "actor": actor,
                    "max_radius": MAX_LINK_RADIUS_KM,
                },
            ).all()
        )
        pool = _CandidatePool(candidates)
        for (event_id, row), day in zip(items, days, strict=True):
            link = _link_one(conn, event_id, row, day, pool)
            if link is not None:
                links.append(link)
    return links


_CANDIDATE_COLUMNS = (
    "id",
    "report_id",
    "incident_id",
    "date",
    "date_precision",
    "place_name",
    "lat",
    "lon",
    "uncertainty_km",
)
"""Columns of :data:`_CANDIDATES_SQL`, in order."""


class _CandidatePool:
    """Candidate events as arrays, so each new event is matched with a few numpy ops."""

    def __init__(self, rows: Sequence[Sequence[Any]]) -> None:
        self.rows = rows
        # Incident ids assigned while this batch is linked, ahead of the fetched rows.
        self.incident_of: dict[int, int] = {}
        cols = dict(zip(_CANDIDATE_COLUMNS, zip(*rows, strict=True), strict=True)) if rows else {}
        self.ids = np.array(cols.get("id", ()), dtype=np.int64)
        self.reports = np.array(cols.get("report_id", ()), dtype=object)
        self.days = np.array(
            [dt.date.fromisoformat(d).toordinal() for d in cols.get("date", ())], dtype=np.int64
        )
        self.windows = np.array(
            [DATE_WINDOW_DAYS.get(p, -1) for p in cols.get("date_precision", ())], dtype=np.int64
        )
        self.lat = np.radians(np.array(cols.get("lat", ()), dtype=float))
        self.lon = np.radians(np.array(cols.get("lon", ()), dtype=float))
        self.radius = np.array(cols.get("uncertainty_km", ()), dtype=float)

    def candidate(self, index: int) -> dict[str, Any]:
        """Return one fetched row as a dict, with any incident assigned since."""
        row = dict(zip(_CANDIDATE_COLUMNS, self.rows[index], strict=True))
        row["incident_id"] = self.incident_of.get(row["id"], row["incident_id"])
        return row

    def best_match(
        self, event_id: int, row: Mapping[str, Any], day: dt.date
    ) -> tuple[dict[str, Any], int, float, float] | None:
        """Return (candidate, window, km, radius) of the closest match, or ``None``."""
        if not self.rows:
            return None
        own_window = DATE_WINDOW_DAYS[row["date_precision"]]
        windows = np.maximum(self.windows, own_window)
        gaps = np.abs(self.days - day.toordinal())
        mask = (
            (self.ids != event_id)
            & (self.reports != row["report_id"])
            & (self.windows >= 0)
            & (gaps <= windows)
        )
        if not mask.any():
            return None
        lat0, lon0 = math.radians(row["lat"]), math.radians(row["lon"])
        dlat, dlon = self.lat[mask] - lat0, self.lon[mask] - lon0
        a = np.sin(dlat / 2) ** 2 + math.cos(lat0) * np.cos(self.lat[mask]) * np.sin(dlon / 2) ** 2
        km = 6371.0088 * 2 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
        radius = np.maximum(self.radius[mask], row["uncertainty_km"])
        ok = km <= radius
        if not ok.any():
            return None
        score = np.where(ok, km / np.maximum(radius, 0.1) + gaps[mask], np.inf)
        k = int(np.argmin(score))
        index = int(np.flatnonzero(mask)[k])
        return self.candidate(index), int(windows[index]), float(km[k]), float(radius[k])


def _link_one(
    conn: Connection, event_id: int, row: Mapping[str, Any], day: dt.date, pool: _CandidatePool
) -> Link | None:
    match = pool.best_match(event_id, row, day)
    if match is None:
        return None
    other, window, km, radius = match
    reason = (
        f"same actor ({row['actor']}); dates {row['date']} and {other['date']} "
        f"within ±{window} d; places {row['place_name']!r} and "
        f"{other['place_name']!r} {km:.1f} km apart, within {radius:.0f} km"
    )
    incident_id = other["incident_id"]
    if incident_id is None:
        incident_id = conn.execute(
            incidents.insert()
            .values(created_at=dt.datetime.now(dt.UTC).isoformat())
            .returning(incidents.c.id)
        ).scalar_one()
        conn.execute(
            update(events)
            .where(events.c.id == other["id"])
            .values(incident_id=incident_id, link_reason="first report of this incident")
        )
        pool.incident_of[other["id"]] = incident_id
    conn.execute(
        update(events)
        .where(events.c.id == event_id)
        .values(incident_id=incident_id, link_reason=reason)
    )
    # Later events of this batch must see the incident this one joined.
    pool.incident_of[event_id] = incident_id
    return Link(event_id, int(incident_id), reason)


def split_event(conn: Connection, event_id: int) -> None:
    """Detach an event from its incident and lock it against automatic linking.

    When only one event is left in the incident, it is detached too (an incident of
    one is no incident).
    """
    row = conn.execute(select(events.c.incident_id).where(events.c.id == event_id)).first()
    if row is None:
        raise KeyError(f"no event {event_id}")
    incident_id = row[0]
    conn.execute(
        update(events)
        .where(events.c.id == event_id)
        .values(incident_id=None, link_reason="split by a user", link_locked=1)
    )
    if incident_id is None:
        return
    left = conn.execute(select(events.c.id).where(events.c.incident_id == incident_id)).all()
    if len(left) == 1:
        conn.execute(
            update(events)
            .where(events.c.id == left[0][0])
            .values(incident_id=None, link_reason=None)
        )
        conn.execute(incidents.delete().where(incidents.c.id == incident_id))
