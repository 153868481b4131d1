"""The current relational schema, as SQLAlchemy Core tables.

Queries use these tables. They describe the schema *after* all migrations in
:mod:`strikemap.store.migrations`; a test checks the two never drift apart.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from strikemap.store.columns import CASUALTY_RANGE_COLUMNS

metadata = MetaData()

_LINK_INDEX_COLUMNS = (
    "actor",
    "date",
    "lon",
    "lat",
    "id",
    "uncertainty_km",
    "link_locked",
    "date_precision",
)

_INTERVAL_INDEX_COLUMNS = ("actor", "date_end", *_LINK_INDEX_COLUMNS[1:])
"""The interval linking index: by an interval's last day, then as the other two."""

reports = Table(
    "reports",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the normalised text
    Column("source_id", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("published", String(10)),  # ISO date; NULL = unknown
    Column("published_basis", String(16), nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("warnings", Text),  # newline-separated
    Column("language", String(8)),  # detected ISO 639-1 code, "und" when too short (0011)
    Column("language_probability", Float),  # the detector's probability for it (0011)
    Index("ix_reports_language", "language"),
)

REPORT_EVENT_COLUMNS = (reports.c.source_id, reports.c.title, reports.c.url, reports.c.language)
"""The report columns that end every :data:`~strikemap.store.columns.EVENT_COLUMNS` row."""

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("incident_id", Integer),
    Column("date", String(10)),  # ISO date; NULL = unknown
    Column("date_precision", String(16), nullable=False),
    Column("date_source", String(16), nullable=False),
    Column("date_end", String(10)),  # ISO last day of an interval; NULL = one day (0009)
    Column("actor", Text),
    Column("place_name", Text, nullable=False),
    Column("place_id", Text),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("lon", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("precision", String(16), nullable=False),
    Column("uncertainty_km", Float, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("location_reason", Text),
    Column("anchor_name", Text),
    Column("bearing", String(16)),
    Column("distance_km", Float),
    Column("contested", Integer, nullable=False),
    Column("link_reason", Text),  # why this event joined its incident
    Column("link_locked", Integer, nullable=False, server_default="0"),  # split by a user
    Column("version", Integer, nullable=False, server_default="1"),  # bumped by each edit
    Index("ix_events_date", "date"),
    Index("ix_events_lon_lat", "lon", "lat"),
    Index("ix_events_actor", "actor"),
    Index("ix_events_report", "report_id"),
    Index("ix_events_date_lon_lat", "date", "lon", "lat"),
    Index("ix_events_incident", "incident_id"),
    # The two linking indexes cover the candidate query (migration 0007).
    Index("ix_events_actor_date_lon_lat", *_LINK_INDEX_COLUMNS),
    Index(
        "ix_events_coarse_link",
        *_LINK_INDEX_COLUMNS,
        sqlite_where=text("date_precision IN ('week', 'month')"),
        postgresql_where=text("date_precision IN ('week', 'month')"),
    ),
    # Events read as an interval ("3-5 March"), by their last day (migration 0012).
    Index(
        "ix_events_interval_link",
        *_INTERVAL_INDEX_COLUMNS,
        sqlite_where=text("date_end IS NOT NULL"),
        postgresql_where=text("date_end IS NOT NULL"),
    ),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE")),  # NULL = unlocated
    Column("claimant", Text),
    Column("claimed_target", Text),
    Column("killed", Integer),
    Column("wounded", Integer),
    Column("civilians_killed", Integer),
    Column("children_killed", Integer),
    Column("casualties_text", Text),
    *(Column(name, Integer) for name in CASUALTY_RANGE_COLUMNS),  # migration 0010
    Column("denial", Text),
    Column("denied_by", Text),
    Column("quote", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # bumped by each edit
    Index("ix_claims_event", "event_id"),
    Index("ix_claims_report", "report_id"),
)

unresolved_places = Table(
    "unresolved_places",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
    Column("name", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("candidates", Text),  # newline-separated closest names
    Column("fallback_name", Text),
    Index("ix_unresolved_report", "report_id"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),  # ISO time, UTC
    Column("editor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("target_kind", String(16), nullable=False),  # event, claim, report, incident
    Column("target_id", Text, nullable=False),
    Column("before", Text),  # JSON; NULL when the target did not exist before
    Column("after", Text),  # JSON; NULL when the target no longer exists
    Column("report_id", String(64)),  # content hash of the report concerned, if any
    Index("ix_audit_target", "target_kind", "target_id"),
    Index("ix_audit_report", "report_id"),
)

deleted_reports = Table(
    "deleted_reports",
    metadata,
    Column("id", String(64), primary_key=True),  # the deleted report's content hash
    Column("source_id", Text, nullable=False),
    Column("deleted_at", String(32), nullable=False),
    Column("deleted_by", Text, nullable=False),
)

migrations_table = Table(
    "strikemap_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", String(32), nullable=False),
)
