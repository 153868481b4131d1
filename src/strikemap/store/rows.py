"""Rows for the store's tables, built from extractions and written with one executemany."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.engine import CursorResult

from strikemap.model import Claim, Event, Extraction, Report, UnresolvedPlace
from strikemap.store.columns import CASUALTY_RANGE_COLUMNS
from strikemap.store.incidents import link_events
from strikemap.store.schema import (
    claims,
    events,
    reports,
    unresolved_places,
)

__all__ = ["insert_extractions", "plain_rows"]


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def insert_extractions(conn: Connection, batch: Sequence[Extraction]) -> None:
    """Write new reports with their events, links, claims and unresolved places.

    Rows are plain tuples and each table gets one executemany: building SQLAlchemy
    parameter dicts cost more than SQLite's own work (profiled).
    """
    _insert_rows(conn, reports, _REPORT_FIELDS, [_report_values(x) for x in batch])
    event_values = [_event_values(x.report.id, ev) for x in batch for ev in x.events]
    event_ids = _insert_events(conn, event_values)
    if event_values:
        link_events(
            conn,
            [
                (event_id, dict(zip(_EVENT_FIELDS, values, strict=True)))
                for event_id, values in zip(event_ids, event_values, strict=True)
            ],
        )
    ids = iter(event_ids)
    claim_rows: list[tuple[Any, ...]] = []
    unresolved_rows: list[tuple[Any, ...]] = []
    for x in batch:
        report_id = x.report.id
        for ev in x.events:
            event_id = next(ids)
            claim_rows.extend(_claim_values(report_id, event_id, c) for c in ev.claims)
        claim_rows.extend(_claim_values(report_id, None, c) for c in x.unlocated_claims)
        unresolved_rows.extend(_unresolved_values(report_id, u) for u in x.unresolved)
    _insert_rows(conn, claims, _CLAIM_FIELDS, claim_rows)
    _insert_rows(conn, unresolved_places, _UNRESOLVED_FIELDS, unresolved_rows)


def plain_rows(result: CursorResult[Any]) -> list[tuple[Any, ...]]:
    """Return every row of a result as the driver's plain tuples.

    SQLAlchemy's Row objects cost more than the query itself on large reads; these
    columns need no result processing on SQLite or PostgreSQL.
    """
    if result.cursor is None:  # a statement that returns no rows
        return []
    return [tuple(row) for row in result.cursor.fetchall()]


_REPORT_FIELDS = (
    "id",
    "source_id",
    "title",
    "url",
    "text",
    "published",
    "published_basis",
    "ingested_at",
    "warnings",
    "language",
    "language_probability",
)
"""Columns of :func:`_report_values`, in order."""


def _report_values(extraction: Extraction) -> tuple[Any, ...]:
    report = extraction.report
    return (
        report.id,
        report.source_id,
        report.title,
        report.url,
        report.text,
        report.published.isoformat() if report.published else None,
        report.published_basis,
        report.ingested_at.isoformat() if report.ingested_at else _now_iso(),
        "\n".join(extraction.warnings) or None,
        *_language(report),
    )


def _language(report: Report) -> tuple[str, float]:
    """Return the report's language and probability, detecting them if it has none.

    Readers set both; a report built by hand (a test, a library caller) gets them here,
    so every stored report has a language to filter on.
    """
    if report.language is not None:
        probability = report.language_probability
        return report.language, float(probability) if probability is not None else 0.0
    from strikemap.language import detect_language  # its model loads on first use

    found = detect_language(report.text)
    return found.code, found.probability


_EVENT_FIELDS = (
    "report_id",
    "incident_id",
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
)
"""Columns of :func:`_event_values`, in order (the id is assigned on insert)."""


def _event_values(report_id: str, ev: Event) -> tuple[Any, ...]:
    loc = ev.location
    return (
        report_id,
        ev.incident_id,
        ev.date.isoformat() if ev.date else None,
        ev.date_precision,
        ev.date_source,
        ev.date_end.isoformat() if ev.date_end else None,
        ev.actor,
        loc.name,
        loc.place_id,
        loc.country,
        loc.admin1,
        loc.lon,
        loc.lat,
        loc.precision,
        loc.uncertainty_km,
        loc.confidence,
        loc.reason or None,
        loc.anchor_name,
        loc.bearing,
        loc.distance_km,
        int(ev.contested),
    )


def _insert_rows(
    conn: Connection, table: Table, fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert tuples of ``fields`` into ``table`` with one executemany."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        # The driver's executemany with the tuples as they are (SQLAlchemy still wraps
        # errors); column names come from the schema, never from data.
        marks = ", ".join("?" * len(fields))
        sql = f"INSERT INTO {table.name} ({', '.join(fields)}) VALUES ({marks})"
        conn.exec_driver_sql(sql, rows)
        return
    conn.execute(table.insert(), [dict(zip(fields, row, strict=True)) for row in rows])


def _insert_events(conn: Connection, rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert :data:`_EVENT_FIELDS` tuples and return the new ids, in order."""
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        # SQLite cannot promise the order of a multi-row RETURNING, so SQLAlchemy would
        # send one INSERT per row. Writers hold the write lock (BEGIN IMMEDIATE), so
        # numbering the rows ourselves after the current maximum is safe and lets one
        # executemany insert them all.
        first = int(conn.execute(select(func.coalesce(func.max(events.c.id), 0))).scalar_one()) + 1
        ids = list(range(first, first + len(rows)))
        _insert_rows(
            conn,
            events,
            ("id", *_EVENT_FIELDS),
            [(i, *row) for i, row in zip(ids, rows, strict=True)],
        )
        return ids
    result = conn.execute(
        events.insert().returning(events.c.id, sort_by_parameter_order=True),
        [dict(zip(_EVENT_FIELDS, row, strict=True)) for row in rows],
    )
    return [row[0] for row in result]


_UNRESOLVED_FIELDS = (
    "report_id",
    "name",
    "span_start",
    "span_end",
    "quote",
    "candidates",
    "fallback_name",
)
"""Columns of :func:`_unresolved_values`, in order."""


def _unresolved_values(report_id: str, u: UnresolvedPlace) -> tuple[Any, ...]:
    return (
        report_id,
        u.name,
        u.span_start,
        u.span_end,
        u.quote,
        "\n".join(u.candidates) or None,
        u.fallback.name if u.fallback else None,
    )


_CLAIM_FIELDS = (
    "report_id",
    "event_id",
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
"""Columns of :func:`_claim_values`, in order."""


def _claim_values(report_id: str, event_id: int | None, claim: Claim) -> tuple[Any, ...]:
    cas = claim.casualties
    return (
        report_id,
        event_id,
        claim.claimant,
        claim.claimed_target,
        cas.killed,
        cas.wounded,
        cas.civilians_killed,
        cas.children_killed,
        cas.text,
        *(getattr(cas, name) for name in CASUALTY_RANGE_COLUMNS),
        claim.denial,
        claim.denied_by,
        claim.quote,
        claim.span_start,
        claim.span_end,
    )
