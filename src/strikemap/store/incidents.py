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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select, update

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


def link_event(conn: Connection, event_id: int) -> Link | None:
    """Link one stored event to a matching event of another report, if any.

    Runs inside the caller's transaction (the one that stored the event), so a report
    and its links are written together.
    """
    row = conn.execute(select(events).where(events.c.id == event_id)).mappings().one()
    if (
        row["actor"] is None
        or row["date"] is None
        or row["link_locked"]
        or row["uncertainty_km"] > MAX_LINK_RADIUS_KM
    ):
        return None
    own_window = DATE_WINDOW_DAYS.get(row["date_precision"])
    if own_window is None:
        return None
    day = dt.date.fromisoformat(row["date"])
    widest = max(DATE_WINDOW_DAYS.values())  # the coarsest window any candidate may have
    # A box and a date range that hold every possible match first (index-friendly);
    # the exact distance and window are checked afterwards.
    reach_km = MAX_LINK_RADIUS_KM
    dlat = reach_km / _KM_PER_DEGREE_LAT
    dlon = reach_km / (_KM_PER_DEGREE_LAT * max(0.05, math.cos(math.radians(row["lat"]))))
    candidates = conn.execute(
        select(events)
        .where(
            and_(
                events.c.id != event_id,
                events.c.report_id != row["report_id"],
                events.c.actor == row["actor"],
                events.c.link_locked == 0,
                events.c.uncertainty_km <= MAX_LINK_RADIUS_KM,
                events.c.date.between(
                    (day - dt.timedelta(days=widest)).isoformat(),
                    (day + dt.timedelta(days=widest)).isoformat(),
                ),
                events.c.lat.between(row["lat"] - dlat, row["lat"] + dlat),
                events.c.lon.between(row["lon"] - dlon, row["lon"] + dlon),
            )
        )
        .order_by(events.c.id)
    ).mappings()
    best: tuple[float, Any, str] | None = None
    for other in candidates:
        window = _window(row["date_precision"], other["date_precision"])
        if window is None:
            continue
        gap_days = abs((dt.date.fromisoformat(other["date"]) - day).days)
        if gap_days > window:
            continue
        km = haversine_km(row["lat"], row["lon"], other["lat"], other["lon"])
        radius = max(row["uncertainty_km"], other["uncertainty_km"])
        if km > radius:
            continue
        reason = (
            f"same actor ({row['actor']}); dates {row['date']} and {other['date']} "
            f"within ±{window} d; places {row['place_name']!r} and {other['place_name']!r} "
            f"{km:.1f} km apart, within {radius:.0f} km"
        )
        score = km / max(radius, 0.1) + gap_days
        if best is None or score < best[0]:
            best = (score, other, reason)
    if best is None:
        return None
    _, other, reason = best
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
    conn.execute(
        update(events)
        .where(events.c.id == event_id)
        .values(incident_id=incident_id, link_reason=reason)
    )
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
