"""How strikemap talks to SQLite: connection pragmas, write transactions, read-only URIs."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from strikemap.store.filter_sql import in_area_sql, lower_sql

__all__ = ["WRITER_CACHE_KIB", "on_begin", "on_connect", "read_only_url", "use_writer_cache"]


def on_connect(dbapi_conn: Any, _record: Any) -> None:
    """Set up a new SQLite connection (SQLAlchemy ``connect`` event)."""
    # Python's sqlite3 autocommits DDL and begins transactions lazily; take transaction
    # control away from it so migrations and report writes are truly atomic (the recipe
    # from SQLAlchemy's pysqlite documentation).
    dbapi_conn.isolation_level = None
    # Point-in-area tests for the area filter (PostGIS has its own ST_Intersects).
    dbapi_conn.create_function("strikemap_in_area", 3, in_area_sql, deterministic=True)
    dbapi_conn.create_function("strikemap_lower", 1, lower_sql, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # The busy timeout lets two ingest processes take turns instead of failing.
    cur.execute("PRAGMA busy_timeout=30000")
    # In WAL mode NORMAL still survives a killed process (the crash-safety promise);
    # only an OS crash or power cut may lose the last commits. FULL costs an fsync
    # per report.
    cur.execute("PRAGMA synchronous=NORMAL")
    # Checkpoint the WAL every 64 MB instead of 4 MB: a batch into a large store dirties
    # thousands of index pages, so the default copied (and fsynced) them back at nearly
    # every commit; +20-30% inserts/s into a 200k-event store (measured). Readers are
    # unaffected, and the WAL is still checkpointed and removed when the store closes.
    cur.execute("PRAGMA wal_autocheckpoint=16384")
    # WAL lets the dashboard read while an ingest writes. It is a property of the file;
    # on a read-only file the pragma fails, which only means "stay as is".
    with contextlib.suppress(Exception):
        cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


WRITER_CACHE_KIB = 65536
"""Page cache of a connection that writes, in KiB (SQLite's default is 2,000 KiB)."""


def use_writer_cache(conn: Connection) -> None:
    """Give a connection that writes a :data:`WRITER_CACHE_KIB` page cache (once)."""
    # A batch into a large store touches a page of every events index per event; with
    # the default 2 MB cache they were evicted and read back within the transaction,
    # and the next batch read them again (~10% of the CPU time of scattered inserts into
    # a 200k-event store, measured). In WAL mode the cache stays valid from one
    # transaction to the next while no other process writes. Only connections that
    # write get the larger budget, and pages are only held once read. Set on the
    # driver's connection: through SQLAlchemy the pragma would begin a transaction
    # before BEGIN IMMEDIATE.
    info = conn.connection.info
    if info.get("strikemap_writer_cache") != WRITER_CACHE_KIB:
        dbapi_conn = conn.connection.dbapi_connection
        assert dbapi_conn is not None  # a connection just checked out is never detached
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
        cursor.close()
        info["strikemap_writer_cache"] = WRITER_CACHE_KIB


def on_begin(conn: Any) -> None:
    """Begin a transaction, taking the write lock up front for writers (``begin`` event)."""
    # Writers take the write lock up front (BEGIN IMMEDIATE), so two writers queue on the
    # busy timeout instead of one failing when it upgrades a read lock.
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def read_only_url(path: Path) -> Any:
    """Return the SQLAlchemy URL opening a SQLite file through a read-only ``file:`` URI."""
    from urllib.parse import quote

    from sqlalchemy.engine import URL

    target = quote(str(path.resolve()), safe="/")
    return URL.create("sqlite", database=f"file:{target}", query={"mode": "ro", "uri": "true"})
