"""Cross-report linking: one strike reported by several sources becomes one incident.

Two events from different reports are linked when they agree on

* the actor (both known and equal: an unknown actor links nothing),
* the date, within a window that widens with the coarser precision of the two
  (±1 day for a day or a night, ±7 for a week, ±31 for a month; an unknown date links
  nothing). An event read as an interval ("10-14 May") is as near as its nearest day,
  so a report of 13 May is 0 days from it, and
* the place: their points lie within the larger of their two uncertainty radii, and
  neither is vaguer than :data:`MAX_LINK_RADIUS_KM` (a country-wide report cannot tell
  which strike it is).

A new event joins the incident of its closest match: the lowest ``km / radius + days
apart``, and on a tie the first in (date, lon, lat, id) order. Every link records its
reason in plain words. A user can split an event off its
incident; it is then locked and never linked again automatically.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import Connection, TextClause, bindparam, func, select, text, update
from sqlalchemy.exc import DBAPIError

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


COARSE_PRECISIONS = ("week", "month")
"""Date precisions whose window is wider than a day's; the partial index
``ix_events_coarse_link`` (migrations 0006, 0007) holds their events."""

_CANDIDATES_SQL = """
SELECT id, date, date_precision, lat, lon, uncertainty_km, {date_end}
FROM events {hint}
WHERE {dates}
  AND lon BETWEEN :lon0 AND :lon1
  AND lat BETWEEN :lat0 AND :lat1
  AND (uncertainty_km > :own_radius
       OR (lon BETWEEN :own_lon0 AND :own_lon1 AND lat BETWEEN :own_lat0 AND :own_lat1))
  AND actor = :actor
  AND link_locked = 0
  AND uncertainty_km <= :max_radius
ORDER BY date, lon, lat, id
"""


def _candidates_sql(dialect: str, kind: str) -> TextClause:
    """Return a candidate query over dates ``d0..d1``.

    ``kind``: "near" reads events of any precision, "coarse" week and month events only,
    "interval" the events read as an interval that reaches into the dates (by their last
    day); "any_coarse" and "any_interval" tell whether the actor has such events in the
    dates at all. Only "interval" rows carry their last day: the other two read it as
    NULL, which keeps them within their covering index.
    Candidate rows come in the order of the (actor, date, lon, lat, id) index, which
    decides ties. The index holds every column these queries read (migration 0007), so
    they never touch the table: in a large store that was most of their time, one table
    page per row read. The columns only a match needs come later (:func:`_match_details`).
    """
    # On SQLite, name the index: the planner otherwise may pick the plain actor index,
    # and an actor can have hundreds of thousands of events. The partial index is only
    # usable when the query repeats its condition word for word.
    listed = ", ".join(f"'{p}'" for p in COARSE_PRECISIONS)
    date_end = "NULL"
    if kind == "near":
        dates = "date BETWEEN :d0 AND :d1"
        hint = "INDEXED BY ix_events_actor_date_lon_lat"
    elif kind in ("coarse", "any_coarse"):
        dates = f"date_precision IN ({listed}) AND date BETWEEN :d0 AND :d1"
        hint = "INDEXED BY ix_events_coarse_link"
    else:
        dates = "date_end IS NOT NULL AND date_end >= :d0 AND date <= :d1"
        hint = "INDEXED BY ix_events_interval_link"
        date_end = "date_end"
    hint = hint if dialect == "sqlite" else ""
    if kind.startswith("any_"):
        return text(f"SELECT 1 FROM events {hint} WHERE {dates} AND actor = :actor LIMIT 1")
    return text(_CANDIDATES_SQL.format(hint=hint, dates=dates, date_end=date_end))


def _linkable(row: Mapping[str, Any]) -> bool:
    return (
        row["actor"] is not None
        and row["date"] is not None
        and row["date_precision"] in DATE_WINDOW_DAYS
        and row["uncertainty_km"] <= MAX_LINK_RADIUS_KM
    )


_FETCH_DAYS = 8
"""Days of new events (of one actor and 5-degree cell) whose candidates one query reads.

Smaller than the linking groups below: a query per quarter read the whole quarter of a
large store for every group. Measured on 10k events into a 200k-event store: 8 days gave
6.9k/4.5k events/s (clustered/scattered) where a quarter gave 5.4k/2.0k.
"""


def _group_key(row: Mapping[str, Any]) -> tuple[str, str, int, int]:
    # The linking order: group by group (actor, quarter, 5-degree cell, in order of first
    # appearance), events in order within a group. Kept as it was when each such group
    # was also one candidate query, so the same input links into the same incidents.
    quarter = f"{row['date'][:4]}Q{(int(row['date'][5:7]) - 1) // 3}"
    return (row["actor"], quarter, math.floor(row["lat"] / 5), math.floor(row["lon"] / 5))


def link_events(
    conn: Connection, new_events: Sequence[tuple[int, Mapping[str, Any]]]
) -> list[Link]:
    """Link freshly stored events to matching events of other reports.

    Candidates are read with one indexed query per actor, cell and few days of new
    events, and every (new event, candidate) pair of the batch is scored in one numpy
    pass. Incidents are then assigned in a plain Python pass in the order events were
    always linked (see :func:`_group_key`), so a later event sees the incident an earlier
    one joined; the links are written at the end with one insert of the new incidents and
    one batched update. The result is the same as matching one event at a time.

    Parameters
    ----------
    conn
        The connection whose transaction stored the events, so a report and its links
        are written together.
    new_events
        ``(event id, the row as inserted)`` pairs.
    """
    groups: dict[tuple[str, str, int, int], list[tuple[int, Mapping[str, Any]]]] = {}
    for event_id, row in new_events:
        if _linkable(row):
            groups.setdefault(_group_key(row), []).append((event_id, row))
    # The order events are linked in: group by group, in order within a group.
    ordered = [item for items in groups.values() for item in items]
    if not ordered:
        return []
    # Candidates are fetched for smaller groups: a few days of one actor in one cell,
    # so each event is scored against few rows. Each fetch returns its rows in index
    # order; an event is matched against the rows of its own fetch, in that order.
    days = [dt.date.fromisoformat(row["date"]).toordinal() for _, row in ordered]
    ends = [
        dt.date.fromisoformat(row["date_end"]).toordinal() if row.get("date_end") else day
        for (_, row), day in zip(ordered, days, strict=True)
    ]
    fetches: dict[tuple[str, int, int, int], list[int]] = {}
    for position, ((_, row), day) in enumerate(zip(ordered, days, strict=True)):
        cell = (math.floor(row["lat"] / 5), math.floor(row["lon"] / 5))
        fetches.setdefault((row["actor"], *cell, day // _FETCH_DAYS), []).append(position)
    fetch = _candidate_fetcher(conn, min(days), max(ends))
    fetched: list[Sequence[Any]] = []
    slices: list[tuple[int, int]] = [(0, 0)] * len(ordered)
    for (actor, *_), positions in fetches.items():
        start = len(fetched)
        params = _candidate_params(
            actor,
            [ordered[p][1] for p in positions],
            [days[p] for p in positions],
            [ends[p] for p in positions],
        )
        fetched.extend(fetch(params))
        for p in positions:
            slices[p] = (start, len(fetched))
    matches = _best_matches(ordered, fetched, slices, functools.partial(_match_details, conn))
    # Fetched rows never change during the matching (no write happens until the end);
    # what this batch changes is kept here and read over them.
    incident_of: dict[int, int | _NewIncident] = {}
    reason_of: dict[int, str] = {}
    new_incidents: list[_NewIncident] = []
    pending: list[tuple[int, _NewIncident | int, str]] = []
    for (event_id, row), match in zip(ordered, matches, strict=True):
        if match is None:
            continue
        index, window, km, radius, other = match
        other_id, other_days = fetched[index][0], _days_text(fetched[index][1], fetched[index][6])
        reason = (
            f"same actor ({row['actor']}); dates {_days_text(row['date'], row.get('date_end'))} "
            f"and {other_days} "
            f"within ±{window} d; places {row['place_name']!r} and "
            f"{other.place_name!r} {km:.1f} km apart, within {radius:.0f} km"
        )
        incident = incident_of.get(other_id, other.incident_id)
        if incident is None:
            incident = _NewIncident(len(new_incidents))
            new_incidents.append(incident)
            incident_of[other_id] = incident
            reason_of[other_id] = "first report of this incident"
        # Later events of this batch must see the incident this one joined.
        incident_of[event_id] = incident
        reason_of[event_id] = reason
        pending.append((event_id, incident, reason))
    real = _insert_incidents(conn, len(new_incidents))

    def resolve(incident: int | _NewIncident) -> int:
        return real[incident.index] if isinstance(incident, _NewIncident) else int(incident)

    if reason_of:
        changes = [
            (resolve(incident_of[event_id]), reason, event_id)
            for event_id, reason in reason_of.items()
        ]
        if conn.dialect.name == "sqlite":
            # Plain tuples for the driver: SQLAlchemy's typed bind parameters cost more
            # per row than the update itself (profiled).
            conn.exec_driver_sql(
                "UPDATE events SET incident_id = ?, link_reason = ? WHERE id = ?", changes
            )
        else:
            conn.execute(
                update(events)
                .where(events.c.id == bindparam("event_id"))
                .values(incident_id=bindparam("new_incident"), link_reason=bindparam("new_reason")),
                [{"new_incident": i, "new_reason": r, "event_id": e} for i, r, e in changes],
            )
    return [Link(event_id, resolve(inc), reason) for event_id, inc, reason in pending]


def _days_text(date: str, date_end: str | None) -> str:
    """Return a date, or an interval, as a link's reason quotes it."""
    return f"{date} to {date_end}" if date_end else date


@dataclass(frozen=True, slots=True)
class _NewIncident:
    """An incident created by this batch, numbered once all are known."""

    index: int


def _insert_incidents(conn: Connection, n: int) -> list[int]:
    """Insert ``n`` incidents and return their ids in order."""
    if n == 0:
        return []
    now = dt.datetime.now(dt.UTC).isoformat()
    if conn.dialect.name == "sqlite":
        # As for events: writers hold the write lock (BEGIN IMMEDIATE), so numbering after
        # the current maximum is safe, and it is the number SQLite would give each row.
        top = conn.execute(select(func.coalesce(func.max(incidents.c.id), 0))).scalar_one()
        ids = list(range(int(top) + 1, int(top) + 1 + n))
        conn.execute(incidents.insert(), [{"id": i, "created_at": now} for i in ids])
        return ids
    result = conn.execute(
        incidents.insert().returning(incidents.c.id, sort_by_parameter_order=True),
        [{"created_at": now} for _ in range(n)],
    )
    return [int(row[0]) for row in result]


_CoarseRange = tuple[int, int] | None
"""Dates (ordinals) the coarse query of a group reads, or ``None`` when it is not needed."""

_WIDEST = max(DATE_WINDOW_DAYS[p] for p in COARSE_PRECISIONS)
"""The widest date window: a coarse precision's, as no other is wider."""


def _candidate_params(
    actor: str, rows: Sequence[Mapping[str, Any]], days: Sequence[int], ends: Sequence[int]
) -> tuple[dict[str, Any], _CoarseRange]:
    """Return the parameters of a group's candidate query, and its coarse dates.

    ``days`` and ``ends`` are the new events' first and last days as ordinals (the same
    day unless the event is an interval). A candidate can only match an event
    within the wider of their two date windows: the event's own (the query returned, any
    precision), or the candidate's when that is wider, which only a week or month
    precision is (the coarse range, ``None`` when the first already reaches that far).
    The box holds every point within :data:`MAX_LINK_RADIUS_KM`. Both are index-friendly
    and generous; the exact distance and window are checked in numpy.
    """
    own = [DATE_WINDOW_DAYS[row["date_precision"]] for row in rows]
    lats = [row["lat"] for row in rows]
    lons = [row["lon"] for row in rows]
    dlat = MAX_LINK_RADIUS_KM / _KM_PER_DEGREE_LAT
    widest_lat = min(89.0, max(abs(v) for v in lats) + dlat)
    dlon = MAX_LINK_RADIUS_KM / (_KM_PER_DEGREE_LAT * math.cos(math.radians(widest_lat)))
    # A candidate no vaguer than the vaguest new event of the group (``own_radius``)
    # can only match within that radius: the small box. Only vaguer candidates need the
    # whole box. In a large store this drops most rows before they reach Python; the
    # margin keeps the small box a superset of the haversine distance (a degree of
    # latitude is 111.2 km on the sphere used, longitude taken at the widest latitude).
    own_radius = max(row["uncertainty_km"] for row in rows)
    own_dlat = own_radius * _SMALL_BOX_MARGIN / _KM_PER_DEGREE_LAT
    own_dlon = own_dlat / math.cos(math.radians(widest_lat))
    near = {
        "d0": _iso(min(d - w for d, w in zip(days, own, strict=True))),
        "d1": _iso(max(e + w for e, w in zip(ends, own, strict=True))),
        "lon0": min(lons) - dlon,
        "lon1": max(lons) + dlon,
        "lat0": min(lats) - dlat,
        "lat1": max(lats) + dlat,
        "own_radius": own_radius,
        "own_lon0": min(lons) - own_dlon,
        "own_lon1": max(lons) + own_dlon,
        "own_lat0": min(lats) - own_dlat,
        "own_lat1": max(lats) + own_dlat,
        "actor": actor,
        "max_radius": MAX_LINK_RADIUS_KM,
    }
    if min(own) >= _WIDEST:
        return near, None
    return near, (min(days) - _WIDEST, max(ends) + _WIDEST)


_SMALL_BOX_MARGIN = 1.05
"""Factor widening the small candidate box beyond the radius (see :func:`_candidate_params`)."""


@functools.lru_cache(maxsize=4096)
def _iso(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _candidate_fetcher(
    conn: Connection, first: int, last: int
) -> Callable[[tuple[dict[str, Any], _CoarseRange]], list[Sequence[Any]]]:
    """Return a function running a group's candidate queries, merged in index order.

    ``first`` and ``last`` are the batch's first and last days (ordinals): an actor without
    any week or month event within the widest window around them skips the coarse query,
    and one without any interval event reaching them skips the interval query.
    """
    kinds = ("near", "coarse", "any_coarse", "interval", "any_interval")
    queries = [_candidates_sql(conn.dialect.name, kind) for kind in kinds]
    execute = _query_runner(conn)

    def run(which: int, params: dict[str, Any]) -> list[Sequence[Any]]:
        return execute(queries[which], params)

    span = {"d0": _iso(first - _WIDEST), "d1": _iso(last + _WIDEST)}
    has_coarse: dict[str, bool] = {}
    has_interval: dict[str, bool] = {}

    def fetch(params: tuple[dict[str, Any], _CoarseRange]) -> list[Sequence[Any]]:
        near, coarse = params
        rows = run(0, near)
        actor = near["actor"]
        extra: list[Sequence[Any]] = []
        if coarse is not None:
            if actor not in has_coarse:
                has_coarse[actor] = bool(run(2, {**span, "actor": actor}))
            if has_coarse[actor]:
                wide = {**near, "d0": _iso(coarse[0]), "d1": _iso(coarse[1])}
                extra = run(1, wide)
        if actor not in has_interval:
            has_interval[actor] = bool(run(4, {**span, "actor": actor}))
        if has_interval[actor]:
            # Any window, the widest included: the exact one is checked in numpy.
            first_day = dt.date.fromisoformat(near["d0"]).toordinal() - _WIDEST
            last_day = dt.date.fromisoformat(near["d1"]).toordinal() + _WIDEST
            extra = [*extra, *run(3, {**near, "d0": _iso(first_day), "d1": _iso(last_day)})]
        if not extra:
            return rows
        # One row per event, the interval query's (with its last day) over the others'.
        merged = {row[0]: row for row in rows}
        for row in extra:
            if row[0] not in merged or row[6] is not None:
                merged[row[0]] = row
        # Back into index order (date, lon, lat, id): the order decides ties.
        return sorted(merged.values(), key=lambda r: (r[1], r[4], r[3], r[0]))

    return fetch


def _query_runner(conn: Connection) -> Callable[[TextClause, Any], list[Sequence[Any]]]:
    """Return a function running a text query on ``conn`` and returning its rows."""
    if conn.dialect.name != "sqlite":

        def run(query: TextClause, params: Any) -> list[Sequence[Any]]:
            return list(conn.execute(query, params).all())

        return run
    # SQLAlchemy costs ~100 us per statement, the driver's own cursor ~5 us: on
    # scattered batches (one group per event) that was most of the insert time.
    # Errors are wrapped the way SQLAlchemy wraps them, so callers see the same
    # exceptions.
    sqls: dict[TextClause, str] = {}
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None  # a connection in a transaction is never detached
    cursor = dbapi_conn.cursor()
    dbapi_error: type[Exception] = conn.dialect.loaded_dbapi.Error

    def run_sqlite(query: TextClause, params: Any) -> list[Sequence[Any]]:
        sql = sqls.get(query)
        if sql is None:
            sql = sqls[query] = str(query)
        try:
            return list(cursor.execute(sql, params).fetchall())
        except dbapi_error as exc:
            raise DBAPIError.instance(sql, params, exc, dbapi_error, dialect=conn.dialect) from exc

    return run_sqlite


@dataclass(frozen=True, slots=True)
class _Details:
    """The columns of a candidate that only matter once it may match."""

    report_id: str
    incident_id: int | None
    place_name: str


_DETAILS_CHUNK = 500
"""Ids per details query (well under any bound-parameter limit)."""


def _match_details(conn: Connection, ids: Sequence[int]) -> dict[int, _Details]:
    """Return the report, incident and place name of the events with these ids.

    Read by primary key only for candidates that passed the date and distance checks,
    a few per new event, instead of for every row of every candidate query.
    """
    run = _query_runner(conn)
    out: dict[int, _Details] = {}
    for i in range(0, len(ids), _DETAILS_CHUNK):
        chunk = [int(v) for v in ids[i : i + _DETAILS_CHUNK]]
        names = [f"i{k}" for k in range(len(chunk))]
        query = text(
            "SELECT id, report_id, incident_id, place_name FROM events "
            f"WHERE id IN ({', '.join(':' + n for n in names)})"
        )
        for row in run(query, dict(zip(names, chunk, strict=True))):
            out[int(row[0])] = _Details(row[1], row[2], row[3])
    return out


_CANDIDATE_COLUMNS = ("id", "date", "date_precision", "lat", "lon", "uncertainty_km", "date_end")
"""Columns of :data:`_CANDIDATES_SQL`, in order."""


_MAX_PAIRS = 1_000_000
"""Pairs (new event, candidate) matched in one numpy pass; bounds its memory (~50 MB)."""

Match = tuple[int, int, float, float, _Details]
"""(index of the candidate row, date window, km apart, radius, the candidate's details)
of a new event's match."""

_Near = tuple[np.ndarray[Any, np.dtype[Any]], ...]
"""Pairs of one numpy pass that agree on date and place: event, candidate row, score,
window, km, radius (parallel arrays)."""


def _best_matches(
    items: Sequence[tuple[int, Mapping[str, Any]]],
    rows: Sequence[Sequence[Any]],
    slices: Sequence[tuple[int, int]],
    details: Callable[[Sequence[int]], dict[int, _Details]],
) -> list[Match | None]:
    """Return, per new event, its closest match among ``rows[start:stop]``, or ``None``.

    The closest match has the lowest ``km / radius + days apart``; on a tie the candidate
    fetched first wins. Every (event, candidate) pair is scored in one numpy pass per
    :data:`_MAX_PAIRS` pairs, instead of a few numpy calls per event or group. Only the
    candidates of pairs that agree on date and place are then read with ``details``
    (their report decides whether the pair counts).
    """
    out: list[Match | None] = [None] * len(items)
    if not rows:
        return out
    cand = _Candidates(rows)
    own = _Candidates(
        [
            (
                *(event_id, row["date"], row["date_precision"]),
                *(row["lat"], row["lon"], row["uncertainty_km"], row.get("date_end")),
            )
            for event_id, row in items
        ],
        scalar_math=True,
    )
    lengths = np.array([stop - start for start, stop in slices], dtype=np.int64)
    starts = np.array([start for start, _ in slices], dtype=np.int64)
    parts: list[_Near] = []
    first = 0
    while first < len(items):
        # The longest run of events whose pairs fit in one pass (at least one event).
        total = np.cumsum(lengths[first:])
        last = first + max(1, int(np.searchsorted(total, _MAX_PAIRS, side="right")))
        parts.append(_near_pairs(cand, own, np.arange(first, last), lengths[first:last], starts))
        first = last
    ev, c, score, windows, km, radius = (
        np.concatenate(column) for column in zip(*parts, strict=True)
    )
    if not len(ev):
        return out
    found = details(cand.ids[np.unique(c)].tolist())
    # Pairs of the same report never link; "another report" as an integer compare.
    codes: dict[str, int] = {}
    cand_ids = cand.ids[c].tolist()
    cand_reports = np.array(
        [codes.setdefault(found[i].report_id, len(codes)) for i in cand_ids], dtype=np.int64
    )
    own_reports = np.array(
        [codes.get(items[e][1]["report_id"], -1) for e in ev.tolist()], dtype=np.int64
    )
    ok = np.flatnonzero(cand_reports != own_reports)
    if not len(ok):
        return out
    # Per event the lowest score, and among equal scores the first candidate fetched: an
    # event's candidates are consecutive rows in fetch order.
    order = ok[np.lexsort((c[ok], score[ok], ev[ok]))]
    best = order[np.r_[True, ev[order][1:] != ev[order][:-1]]]
    for p in best.tolist():
        out[int(ev[p])] = (
            int(c[p]),
            int(windows[p]),
            float(km[p]),
            float(radius[p]),
            found[cand_ids[p]],
        )
    return out


def _near_pairs(
    cand: _Candidates,
    own: _Candidates,
    events_at: np.ndarray[Any, np.dtype[np.int64]],
    lengths: np.ndarray[Any, np.dtype[np.int64]],
    starts: np.ndarray[Any, np.dtype[np.int64]],
) -> _Near:
    """Return the pairs of these events that agree on date and place (see :data:`_Near`)."""
    # Pair p joins event ev[p] with candidate row c[p]; an event's pairs are contiguous
    # and in fetch order.
    ev = np.repeat(events_at, lengths)
    offsets = np.cumsum(lengths) - lengths
    c = np.arange(int(lengths.sum())) - np.repeat(offsets - starts[events_at], lengths)
    # Days between the two events' nearest days: 0 when their intervals overlap, and
    # the plain difference of two single days.
    gaps = np.maximum(0, np.maximum(cand.days[c] - own.ends[ev], own.days[ev] - cand.ends[c]))
    windows = np.maximum(cand.windows[c], own.windows[ev])
    mask = (cand.ids[c] != own.ids[ev]) & (cand.windows[c] >= 0) & (gaps <= windows)
    keep = np.flatnonzero(mask)
    ev, c, gaps, windows = ev[keep], c[keep], gaps[keep], windows[keep]
    # The same operations, in the same order, as a one-event haversine (the event's
    # cosine from Python's math): distances, ties and the reasons' figures stay the same.
    dlat, dlon = cand.lat[c] - own.lat[ev], cand.lon[c] - own.lon[ev]
    a = np.sin(dlat / 2) ** 2 + own.cos_lat[ev] * cand.cos_lat[c] * np.sin(dlon / 2) ** 2
    km = 6371.0088 * 2 * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    radius = np.maximum(cand.radius[c], own.radius[ev])
    ok = np.flatnonzero(km <= radius)
    km, radius = km[ok], radius[ok]
    score = km / np.maximum(radius, 0.1) + gaps[ok]
    return ev[ok], c[ok], score, windows[ok], km, radius


class _Candidates:
    """Rows of :data:`_CANDIDATE_COLUMNS` as numpy columns."""

    def __init__(self, rows: Sequence[Sequence[Any]], *, scalar_math: bool = False) -> None:
        def column(name: str) -> list[Any]:
            # itemgetter per column: zip(*rows) is slower on long lists (measured).
            return list(map(itemgetter(_CANDIDATE_COLUMNS.index(name)), rows))

        self.ids = np.array(column("id"), dtype=np.int64)
        # Days since 1970, parsed in C; only differences between days are used.
        self.days = np.array(column("date"), dtype="datetime64[D]").astype(np.int64)
        # Last days: the first day again unless the event is an interval.
        date_end = column("date_end")
        self.ends = self.days
        if any(date_end):
            self.ends = np.array(
                [end or day for end, day in zip(date_end, column("date"), strict=True)],
                dtype="datetime64[D]",
            ).astype(np.int64)
        self.windows = np.array(
            [DATE_WINDOW_DAYS.get(p, -1) for p in column("date_precision")], dtype=np.int64
        )
        # Radians and cosines as one-event matching computed them: numpy for fetched
        # rows, Python's math for the new event (``scalar_math``).
        lat, lon = column("lat"), column("lon")
        if scalar_math:
            self.lat = np.array([math.radians(v) for v in lat], dtype=float)
            self.lon = np.array([math.radians(v) for v in lon], dtype=float)
            self.cos_lat = np.array([math.cos(v) for v in self.lat.tolist()], dtype=float)
        else:
            self.lat = np.radians(np.array(lat, dtype=float))
            self.lon = np.radians(np.array(lon, dtype=float))
            self.cos_lat = np.cos(self.lat)
        self.radius = np.array(column("uncertainty_km"), dtype=float)


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
