"""Light reads for the dashboard: counts, map columns, pages and per-area rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, case, func, select

from strikemap.filters import EventFilter
from strikemap.store.columns import EVENT_COLUMNS
from strikemap.store.filter_sql import dashboard_conditions, events_source
from strikemap.store.schema import REPORT_EVENT_COLUMNS, claims, events, reports

__all__ = ["DashboardReads"]


class DashboardReads:
    """Reads sized for a dashboard rerun (mixed into :class:`strikemap.store.Store`)."""

    engine: Engine

    def count_matching(
        self,
        flt: EventFilter | None = None,
        *,
        include_undated: bool | None = None,
        search: str | None = None,
    ) -> tuple[int, int]:
        """Return how many events match, and how many of those have an unknown date.

        Parameters
        ----------
        flt
            The filter.
        include_undated
            ``None``: the filter's own rule (undated events only without a date range);
            ``True``: undated events are kept even when a date range is set (they are not
            *in* the range, but they are not outside it either); ``False``: never kept.
        search
            Case-insensitive text that the place, actor, admin1, country, report title or
            source, or one of the event's claims (claimant, target, quote, denial) holds.
        """
        stmt = select(
            func.count(), func.coalesce(func.sum(case((events.c.date.is_(None), 1), else_=0)), 0)
        ).select_from(events_source(flt, search))
        stmt = stmt.where(
            *dashboard_conditions(flt, include_undated, search, self.engine.dialect.name)
        )
        with self.engine.connect() as conn:
            total, undated = conn.execute(stmt).one()
        return int(total), int(undated)

    def map_frame(
        self, flt: EventFilter | None = None, *, include_undated: bool | None = None
    ) -> pd.DataFrame:
        """Return the few columns a map (and its filters) need, one row per matching event.

        Columns: ``id``, ``lon``, ``lat``, ``actor``, ``precision``, ``uncertainty_km``,
        ``date`` (ISO string or ``None``), ``country``, ``admin1``, ``contested``;
        ordered by id. Much lighter than :meth:`events_frame` (no report columns, no
        join with reports unless the filter names reports, no sort).
        """
        names = (
            "id",
            "lon",
            "lat",
            "actor",
            "precision",
            "uncertainty_km",
            "date",
            "country",
            "admin1",
            "contested",
        )
        stmt = (
            select(*(events.c[c] for c in names))
            .select_from(events_source(flt, None))
            .where(*dashboard_conditions(flt, include_undated, None, self.engine.dialect.name))
            .order_by(events.c.id)
        )
        with self.engine.connect() as conn:
            # The driver's plain tuples: SQLAlchemy Row objects cost twice as much at 1M.
            result = conn.execute(stmt)
            rows = result.cursor.fetchall() if result.cursor is not None else []
        return pd.DataFrame.from_records(rows, columns=list(names))

    def events_page(
        self,
        flt: EventFilter | None = None,
        *,
        include_undated: bool | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Return one page of matching events (:data:`EVENT_COLUMNS`), dated first.

        Rows are ordered like :meth:`events_frame` (date, then id; unknown dates last),
        but only ``limit`` rows from ``offset`` are read, so the first page of a million
        events costs no more than the first page of a hundred. ``limit=None`` reads all.
        """
        cols = [events.c[name] for name in EVENT_COLUMNS if name in events.c]
        base = (
            select(*cols, *REPORT_EVENT_COLUMNS)
            .join(reports, reports.c.id == events.c.report_id)
            .where(*dashboard_conditions(flt, include_undated, search, self.engine.dialect.name))
        )
        # Two ordered reads instead of ORDER BY (date IS NULL): each follows the date
        # index, so LIMIT stops early instead of sorting every matching row.
        dated = base.where(events.c.date.is_not(None)).order_by(events.c.date, events.c.id)
        undated = base.where(events.c.date.is_(None)).order_by(events.c.id)
        rows: list[Any] = []
        with self.engine.connect() as conn:
            if limit is None:
                rows = [*conn.execute(dated.offset(offset or None)).all()]
                rows += conn.execute(undated).all()
            else:
                rows = [*conn.execute(dated.limit(limit).offset(offset)).all()]
                if len(rows) < limit:
                    skip = 0
                    if offset and not rows:
                        n_dated = conn.execute(
                            select(func.count()).select_from(dated.subquery())
                        ).scalar_one()
                        skip = max(0, offset - int(n_dated))
                    more = undated.limit(limit - len(rows)).offset(skip)
                    rows += conn.execute(more).all()
        return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))

    def events_by_ids(self, ids: Sequence[int]) -> pd.DataFrame:
        """Return the events with these ids (:data:`EVENT_COLUMNS`), sorted by date then id."""
        cols = [events.c[name] for name in EVENT_COLUMNS if name in events.c]
        stmt = select(*cols, *REPORT_EVENT_COLUMNS).join(
            reports, reports.c.id == events.c.report_id
        )
        wanted = [int(i) for i in ids]
        rows: list[Any] = []
        with self.engine.connect() as conn:
            # Chunked IN lists: SQLite caps bound parameters per statement.
            for i in range(0, len(wanted), 30_000):
                chunk = wanted[i : i + 30_000]
                rows.extend(conn.execute(stmt.where(events.c.id.in_(chunk))).all())
        frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
        return frame.sort_values(["date", "id"], na_position="last", kind="stable").reset_index(
            drop=True
        )

    def incident_event_ids(self, incident_id: int) -> list[int]:
        """Return the ids of the events linked into one incident, in id order."""
        stmt = select(events.c.id).where(events.c.incident_id == int(incident_id))
        with self.engine.connect() as conn:
            return sorted(int(i) for (i,) in conn.execute(stmt).all())

    def matching_ids(
        self, flt: EventFilter | None = None, *, include_undated: bool | None = None
    ) -> list[int]:
        """Return the ids of the matching events (ascending)."""
        stmt = (
            select(events.c.id)
            .select_from(events_source(flt, None))
            .where(*dashboard_conditions(flt, include_undated, None, self.engine.dialect.name))
            .order_by(events.c.id)
        )
        with self.engine.connect() as conn:
            return [int(i) for i in conn.execute(stmt).scalars()]

    def area_frame(
        self, flt: EventFilter | None = None, *, include_undated: bool | None = None
    ) -> pd.DataFrame:
        """Return what counting by area needs of each matching event.

        Columns ``id``, ``lon``, ``lat``, ``uncertainty_km``, ``country``, ``admin1``,
        ``killed``, ``wounded``. The
        tolls are the most conservative claim's (the smallest figure any claim gives,
        ``None`` when no claim gives one), as ACLED counts fatalities.
        """
        tolls = (
            select(
                claims.c.event_id.label("event_id"),
                func.min(claims.c.killed).label("killed"),
                func.min(claims.c.wounded).label("wounded"),
            )
            .group_by(claims.c.event_id)
            .subquery()
        )
        stmt = (
            select(
                events.c.id,
                events.c.lon,
                events.c.lat,
                events.c.uncertainty_km,
                events.c.country,
                events.c.admin1,
                tolls.c.killed,
                tolls.c.wounded,
            )
            .select_from(events_source(flt, None).outerjoin(tolls, tolls.c.event_id == events.c.id))
            .where(*dashboard_conditions(flt, include_undated, None, self.engine.dialect.name))
            .order_by(events.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        frame = pd.DataFrame(
            [tuple(r) for r in rows],
            columns=[
                "id",
                "lon",
                "lat",
                "uncertainty_km",
                "country",
                "admin1",
                "killed",
                "wounded",
            ],
        )
        for col in ("killed", "wounded"):
            frame[col] = frame[col].astype("Int64")
        return frame

    def data_version(self) -> tuple[int, int]:
        """Return (number of events, highest event id): changes whenever events are added.

        Cheap enough to ask on every dashboard rerun, so in-memory copies of the events
        are rebuilt as soon as another process ingests.
        """
        with self.engine.connect() as conn:
            n, top = conn.execute(select(func.count(), func.max(events.c.id))).one()
        return int(n), int(top or 0)
