"""Event filters as SQL conditions, for SQLite and PostGIS alike.

Each backend gets its own spatial test: PostGIS its GiST index and ``ST_Intersects``,
SQLite its (lon, lat) and (date, lon, lat) indexes and a point-in-area function
registered on every connection (:func:`in_area_sql`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement, TextClause

from strikemap.filters import EventFilter
from strikemap.store.columns import UNKNOWN_ACTOR
from strikemap.store.schema import claims, events, reports

__all__ = [
    "dashboard_conditions",
    "escape_like",
    "events_source",
    "filter_conditions",
    "in_area_sql",
    "lower_sql",
]

Condition = ColumnElement[bool] | TextClause
"""One SQL condition on ``events`` (joined with ``reports`` where the filter needs it)."""

_SQL_AREAS: dict[str, Any] = {}
"""Area key -> PreparedArea, as the last query naming it resolved it (see _area_conditions)."""


def lower_sql(value: object) -> object:
    """Lower-case a text the way Python does (SQLite's ``lower()`` folds ASCII only)."""
    return value.lower() if isinstance(value, str) else value


def in_area_sql(key: str, lon: float | None, lat: float | None) -> int:
    """Return 1 when the point lies in the area a query of this process resolved, else 0."""
    area = _SQL_AREAS.get(key)
    if area is None or lon is None or lat is None:
        return 0
    return int(area.contains_xy(lon, lat))


def filter_conditions(flt: EventFilter | None, dialect: str) -> list[Condition]:
    """Return the SQL conditions selecting the events that match ``flt``.

    Parameters
    ----------
    flt
        The filter (``None``: every event).
    dialect
        The SQLAlchemy dialect name (``"sqlite"``, ``"postgresql"``): each has its own
        spatial test.
    """
    flt = flt or EventFilter()
    cond: list[Condition] = list(_plain_conditions(flt))
    if flt.target_text:
        pattern = f"%{escape_like(flt.target_text.lower())}%"
        target = _lowered(claims.c.claimed_target, pattern, dialect)
        cond.append(
            exists().where(claims.c.event_id == events.c.id, target.like(pattern, escape="\\"))
        )
    if flt.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = flt.bbox
        if dialect == "postgresql":
            # Uses the GiST index on the generated PostGIS point.
            cond.append(
                text("events.geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)").bindparams(
                    x0=min_lon, y0=min_lat, x1=max_lon, y1=max_lat
                )
            )
        else:
            lon: ColumnElement[Any] = events.c.lon
            lat: ColumnElement[Any] = events.c.lat
            if flt.date_from or flt.date_to:
                # "+ 0" keeps SQLite's planner off the lon/lat index, so a date range
                # plus a box is read from the (date, lon, lat) index alone; otherwise
                # it scans the whole longitude band (10x slower over 1M events).
                lon, lat = lon + 0, lat + 0
            cond.append(and_(lon.between(min_lon, max_lon), lat.between(min_lat, max_lat)))
    if flt.area is not None:
        cond.extend(_area_conditions(flt.area, dialect))
    return cond


def _area_conditions(key: str, dialect: str) -> list[Condition]:
    from strikemap.gazetteer.area_polygons import prepared_area

    prepared = prepared_area(key)  # UnknownAreaError (a ValueError) names the key
    area = prepared.area
    min_lon, min_lat, max_lon, max_lat = prepared.bounds
    if dialect == "postgresql":
        return [
            text("ST_Intersects(events.geom, ST_GeomFromWKB(:area_wkb, 4326))").bindparams(
                area_wkb=area.geometry.wkb
            )
        ]
    # The box first, from the (lon, lat) index; the polygon test only for what is in
    # it. The SQL function reads the polygon resolved here, so it is this query's.
    _SQL_AREAS[key] = prepared
    return [
        events.c.lon.between(min_lon, max_lon),
        events.c.lat.between(min_lat, max_lat),
        func.strikemap_in_area(key, events.c.lon, events.c.lat) == 1,
    ]


def events_source(flt: EventFilter | None, search: str | None) -> Any:
    """Return ``events``, joined with ``reports`` only when the filter or search needs it."""
    # Only the report filter and the text search read report columns; skipping the
    # join saves a primary-key lookup per event (a third of a second per million).
    if (flt is not None and flt.report_ids) or search:
        return events.join(reports, reports.c.id == events.c.report_id)
    return events


def dashboard_conditions(
    flt: EventFilter | None, include_undated: bool | None, search: str | None, dialect: str
) -> list[Condition]:
    """Return :func:`filter_conditions` with the dashboard's undated rule and text search.

    ``include_undated`` is as in :meth:`strikemap.store.Store.count_matching`; ``search``
    is case-insensitive text in the event's place, actor, areas, report or claims.
    """
    flt = flt or EventFilter()
    ranged = flt.date_from is not None or flt.date_to is not None
    if include_undated is None or (not ranged and include_undated):
        cond = filter_conditions(flt, dialect)
    else:
        cond = filter_conditions(dataclasses.replace(flt, date_from=None, date_to=None), dialect)
        in_range: list[ColumnElement[bool]] = []
        if flt.date_from is not None:
            in_range.append(events.c.date >= flt.date_from.isoformat())
        if flt.date_to is not None:
            in_range.append(events.c.date <= flt.date_to.isoformat())
        if include_undated:
            cond.append(or_(and_(*in_range), events.c.date.is_(None)))
        else:
            cond.extend(in_range or [events.c.date.is_not(None)])
    if search and search.strip():
        pattern = f"%{escape_like(search.strip().lower())}%"
        hay = [
            events.c.place_name,
            events.c.actor,
            events.c.admin1,
            events.c.country,
            reports.c.title,
            reports.c.source_id,
        ]
        in_claims = exists().where(
            claims.c.event_id == events.c.id,
            or_(
                *(
                    _lowered(c, pattern, dialect).like(pattern, escape="\\")
                    for c in (
                        claims.c.claimant,
                        claims.c.claimed_target,
                        claims.c.quote,
                        claims.c.denial,
                    )
                )
            ),
        )
        cond.append(
            or_(*(_lowered(c, pattern, dialect).like(pattern, escape="\\") for c in hay), in_claims)
        )
    return cond


def _lowered(column: Any, pattern: str, dialect: str) -> ColumnElement[Any]:
    """Return ``column`` lower-cased as Python lower-cases ``pattern``.

    SQLite's ``lower()`` folds ASCII letters only, so "Школа" never matched a search for
    "школа". A pattern with a non-ASCII letter is compared with a Unicode fold (a
    function registered on each SQLite connection); an ASCII pattern keeps the
    built-in, which is exact for it and several times faster. PostgreSQL's
    ``lower()`` folds Unicode already.
    """
    if dialect == "sqlite" and not pattern.isascii():
        return func.strikemap_lower(column)
    return func.lower(column)


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so a searched ``%`` or ``_`` matches itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _plain_conditions(flt: EventFilter) -> list[ColumnElement[bool]]:
    """Translate a filter into SQL conditions on ``events`` (joined with ``reports``).

    The bounding box and the area are left to :func:`filter_conditions`, so each backend
    can use its own spatial index.
    """
    cond: list[ColumnElement[bool]] = []
    if flt.date_from is not None:
        cond.append(events.c.date >= flt.date_from.isoformat())
    if flt.date_to is not None:
        cond.append(events.c.date <= flt.date_to.isoformat())
    if flt.actors:
        named = [a for a in flt.actors if a != UNKNOWN_ACTOR]
        parts: list[ColumnElement[bool]] = []
        if named:
            parts.append(events.c.actor.in_(named))
        if UNKNOWN_ACTOR in flt.actors:
            parts.append(events.c.actor.is_(None))
        cond.append(or_(*parts))
    if flt.countries:
        cond.append(events.c.country.in_(flt.countries))
    if flt.admin1s:
        cond.append(events.c.admin1.in_(flt.admin1s))
    if flt.precisions:
        cond.append(events.c.precision.in_(flt.precisions))
    if flt.contested_only:
        cond.append(events.c.contested == 1)
    if flt.report_ids:
        cond.append(or_(reports.c.id.in_(flt.report_ids), reports.c.source_id.in_(flt.report_ids)))
    if flt.languages:
        # An aliased subquery: it never correlates with a ``reports`` the outer query
        # joins, and needs no join itself (the map's reads have none).
        by_language = reports.alias("language_reports")
        cond.append(
            events.c.report_id.in_(
                select(by_language.c.id).where(by_language.c.language.in_(flt.languages))
            )
        )
    if flt.claimants:
        cond.append(
            exists().where(claims.c.event_id == events.c.id, claims.c.claimant.in_(flt.claimants))
        )
    return cond
