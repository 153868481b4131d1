"""Named, transactional schema migrations.

Each migration is a function over a connection inside a transaction, recorded by name in
``strikemap_migrations`` once applied. Migrations describe the schema as it was *at that
step* (they do not import :mod:`strikemap.store.schema`), so old databases upgrade the
same way a new one is built. Never edit an applied migration: add a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from strikemap.store.schema import migrations_table


def _m0001_initial(conn: Connection) -> None:
    """Create reports, events, claims and unresolved places."""
    md = MetaData()
    Table(
        "reports",
        md,
        Column("id", String(64), primary_key=True),
        Column("source_id", Text, nullable=False),
        Column("title", Text),
        Column("url", Text),
        Column("text", Text, nullable=False),
        Column("published", String(10)),
        Column("published_basis", String(16), nullable=False),
        Column("ingested_at", String(32), nullable=False),
        Column("warnings", Text),
    )
    Table(
        "events",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        Column("incident_id", Integer),
        Column("date", String(10)),
        Column("date_precision", String(16), nullable=False),
        Column("date_source", String(16), nullable=False),
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
        Index("ix_events_date", "date"),
        Index("ix_events_lon_lat", "lon", "lat"),
        Index("ix_events_actor", "actor"),
        Index("ix_events_report", "report_id"),
    )
    Table(
        "claims",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE")),
        Column("claimant", Text),
        Column("claimed_target", Text),
        Column("killed", Integer),
        Column("wounded", Integer),
        Column("civilians_killed", Integer),
        Column("children_killed", Integer),
        Column("casualties_text", Text),
        Column("denial", Text),
        Column("denied_by", Text),
        Column("quote", Text, nullable=False),
        Column("span_start", Integer, nullable=False),
        Column("span_end", Integer, nullable=False),
        Index("ix_claims_event", "event_id"),
        Index("ix_claims_report", "report_id"),
    )
    Table(
        "unresolved_places",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "report_id", String(64), ForeignKey("reports.id", ondelete="CASCADE"), nullable=False
        ),
        Column("name", Text, nullable=False),
        Column("span_start", Integer, nullable=False),
        Column("span_end", Integer, nullable=False),
        Column("quote", Text, nullable=False),
        Column("candidates", Text),
        Column("fallback_name", Text),
        Index("ix_unresolved_report", "report_id"),
    )
    md.create_all(conn)


def _m0002_postgis_geometry(conn: Connection) -> None:
    """On PostgreSQL, add a PostGIS point generated from lon/lat, with a GiST index.

    A generated column keeps one insert path for both backends; SQLite has no
    SpatiaLite here and keeps using the indexed lon/lat columns.
    """
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    conn.exec_driver_sql(
        "ALTER TABLE events ADD COLUMN geom geometry(Point, 4326) "
        "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED"
    )
    conn.exec_driver_sql("CREATE INDEX ix_events_geom ON events USING GIST (geom)")


def _m0003_events_date_lonlat_index(conn: Connection) -> None:
    """Index (date, lon, lat) so a date range plus a bounding box is answered from the index."""
    conn.exec_driver_sql("CREATE INDEX ix_events_date_lon_lat ON events (date, lon, lat)")


def _m0004_incidents(conn: Connection) -> None:
    """Add incidents (one strike seen by several reports) and why each event joined one."""
    md = MetaData()
    Table(
        "incidents",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("created_at", String(32), nullable=False),
    ).create(conn)
    conn.exec_driver_sql("ALTER TABLE events ADD COLUMN link_reason TEXT")
    conn.exec_driver_sql("ALTER TABLE events ADD COLUMN link_locked INTEGER NOT NULL DEFAULT 0")
    conn.exec_driver_sql("CREATE INDEX ix_events_incident ON events (incident_id)")


def _m0005_events_actor_date_index(conn: Connection) -> None:
    """Index (actor, date, lon, lat): incident linking reads one actor's dates and box."""
    conn.exec_driver_sql(
        "CREATE INDEX ix_events_actor_date_lon_lat ON events (actor, date, lon, lat)"
    )


def _m0006_events_coarse_link_index(conn: Connection) -> None:
    """Index (actor, date, lon, lat) of week- and month-precision events only.

    Incident linking then reads a day's neighbours from the full index and only the few
    coarse-dated events from a month around (a partial index costs nothing on inserts of
    day-precision events).
    """
    conn.exec_driver_sql(
        "CREATE INDEX ix_events_coarse_link ON events (actor, date, lon, lat) "
        "WHERE date_precision IN ('week', 'month')"
    )


_LINK_COLUMNS = "actor, date, lon, lat, id, uncertainty_km, link_locked, date_precision"
"""Columns of the two linking indexes since migration 0007."""


def _m0007_covering_link_indexes(conn: Connection) -> None:
    """Rebuild both linking indexes so they hold every column the candidate query reads.

    Their (actor, date, lon, lat) prefix stays, so queries that used them still can;
    ``id`` comes next so rows come out in (date, lon, lat, id) order without a sort. The
    query then reads no table row: in a 200k-event store, a table page per candidate row
    was ~60% of its time (measured).
    """
    conn.exec_driver_sql("DROP INDEX ix_events_actor_date_lon_lat")
    conn.exec_driver_sql("DROP INDEX ix_events_coarse_link")
    conn.exec_driver_sql(f"CREATE INDEX ix_events_actor_date_lon_lat ON events ({_LINK_COLUMNS})")
    conn.exec_driver_sql(
        f"CREATE INDEX ix_events_coarse_link ON events ({_LINK_COLUMNS}) "
        "WHERE date_precision IN ('week', 'month')"
    )


def _m0008_edits_and_audit(conn: Connection) -> None:
    """Add edit versions to events and claims, the audit log and deleted-report tombstones.

    ``version`` starts at 1 and each edit bumps it, so an edit based on an older version
    is refused instead of silently overwriting a newer one.
    """
    conn.exec_driver_sql("ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    conn.exec_driver_sql("ALTER TABLE claims ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    md = MetaData()
    Table(
        "audit_log",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("at", String(32), nullable=False),
        Column("editor", Text, nullable=False),
        Column("action", String(32), nullable=False),
        Column("target_kind", String(16), nullable=False),
        Column("target_id", Text, nullable=False),
        Column("before", Text),
        Column("after", Text),
        Column("report_id", String(64)),
        Index("ix_audit_target", "target_kind", "target_id"),
        Index("ix_audit_report", "report_id"),
    )
    Table(
        "deleted_reports",
        md,
        Column("id", String(64), primary_key=True),
        Column("source_id", Text, nullable=False),
        Column("deleted_at", String(32), nullable=False),
        Column("deleted_by", Text, nullable=False),
    )
    md.create_all(conn)


def _m0009_event_date_end(conn: Connection) -> None:
    """Add ``date_end`` to events: the last day of an interval ("3-5 March").

    ``NULL`` is a single day or an unknown date, which every row written before was.
    """
    conn.exec_driver_sql("ALTER TABLE events ADD COLUMN date_end VARCHAR(10)")


_CASUALTY_RANGE_COLUMNS = (
    "killed_max", "wounded_max", "civilians_killed_max", "children_killed_max", "missing",
    "missing_max", "fighters_killed", "fighters_killed_max", "civilians_wounded",
    "civilians_wounded_max", "children_wounded", "children_wounded_max", "fighters_wounded",
    "fighters_wounded_max",
)  # fmt: skip
"""Claim columns added by migration 0010, as they were then."""


def _m0010_casualty_ranges(conn: Connection) -> None:
    """Add casualty ranges and categories to claims.

    Each count gets a ``_max`` twin (the upper bound a claim states: "up to 12",
    "between 5 and 7"; equal to the count for an exact figure); missing people and the
    killed and wounded among fighters, and the wounded among civilians and children, get
    their own counts. Rows written before keep ``NULL`` there: no bound stated.
    """
    for name in _CASUALTY_RANGE_COLUMNS:
        conn.exec_driver_sql(f"ALTER TABLE claims ADD COLUMN {name} INTEGER")


LANGUAGE_BATCH = 500
"""Reports read per step while migration 0011 detects the languages of stored reports."""


def _m0011_report_language(conn: Connection) -> None:
    """Add each report's detected language and its probability, indexed for filtering.

    Rows written before get their language detected here from the stored text, as a
    report read now would (:func:`strikemap.language.detect_language`), so filtering
    by language never silently drops older reports. Detection costs about 0.6 ms per
    2 KB report: a minute for 100,000 reports, once, inside the migration's
    transaction. Reports are read in id order in batches of :data:`LANGUAGE_BATCH`, so
    memory stays bounded whatever the store's size.
    """
    from strikemap.language import detect_language  # its model loads on first use

    conn.exec_driver_sql("ALTER TABLE reports ADD COLUMN language VARCHAR(8)")
    conn.exec_driver_sql("ALTER TABLE reports ADD COLUMN language_probability FLOAT")
    select_batch = text("SELECT id, text FROM reports WHERE id > :last ORDER BY id LIMIT :n")
    update = text("UPDATE reports SET language = :lang, language_probability = :p WHERE id = :id")
    last = ""
    while True:
        rows = conn.execute(select_batch, {"last": last, "n": LANGUAGE_BATCH}).all()
        if not rows:
            break
        values = []
        for report_id, report_text in rows:
            found = detect_language(report_text or "")
            values.append({"id": report_id, "lang": found.code, "p": found.probability})
        conn.execute(update, values)
        last = rows[-1][0]
    conn.exec_driver_sql("CREATE INDEX ix_reports_language ON reports (language)")


def _m0012_interval_link_index(conn: Connection) -> None:
    """Index the events read as an interval by their last day, for incident linking.

    An interval ("10-14 May") matches a strike reported on any day within it, so its
    candidates are found by the last day too; the (actor, date) index only finds an
    interval by its first. Partial: only interval events are in it, a small share.
    """
    conn.exec_driver_sql(
        "CREATE INDEX ix_events_interval_link ON events (actor, date_end, date, lon, lat, id, "
        "uncertainty_km, link_locked, date_precision) WHERE date_end IS NOT NULL"
    )


Migration = tuple[str, Callable[[Connection], None]]

MIGRATIONS: tuple[Migration, ...] = (
    ("0001_initial", _m0001_initial),
    ("0002_postgis_geometry", _m0002_postgis_geometry),
    ("0003_events_date_lonlat_index", _m0003_events_date_lonlat_index),
    ("0004_incidents", _m0004_incidents),
    ("0005_events_actor_date_index", _m0005_events_actor_date_index),
    ("0006_events_coarse_link_index", _m0006_events_coarse_link_index),
    ("0007_covering_link_indexes", _m0007_covering_link_indexes),
    ("0008_edits_and_audit", _m0008_edits_and_audit),
    ("0009_event_date_end", _m0009_event_date_end),
    ("0010_casualty_ranges", _m0010_casualty_ranges),
    ("0011_report_language", _m0011_report_language),
    ("0012_interval_link_index", _m0012_interval_link_index),
)
"""Every migration in the order it must run."""


def applied_migrations(conn: Connection) -> list[str]:
    """Return the names of the migrations already applied to this database."""
    if not inspect(conn).has_table(migrations_table.name):
        return []
    return list(conn.execute(select(migrations_table.c.name)).scalars())


def migrate(conn: Connection) -> list[str]:
    """Apply every pending migration; return the names applied now.

    Runs inside the caller's transaction, so a failing migration leaves the database as
    it was.
    """
    migrations_table.create(conn, checkfirst=True)
    done = set(applied_migrations(conn))
    known = {name for name, _ in MIGRATIONS}
    newer = done - known
    if newer:
        raise RuntimeError(
            "this database was written by a newer strikemap "
            f"(unknown migrations: {', '.join(sorted(newer))}); upgrade strikemap"
        )
    applied: list[str] = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        step(conn)
        conn.execute(
            migrations_table.insert().values(
                name=name, applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            )
        )
        applied.append(name)
    return applied
