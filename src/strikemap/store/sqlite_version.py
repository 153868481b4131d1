"""An SQLite store's data version, read with ``sqlite3`` alone (no SQLAlchemy, no pandas).

The dashboard keys its in-memory and on-disk copies of the map columns by the store's
version: (events, highest event id, newest audit id), the same triple as
``(*Store.data_version(), Store.edit_version())``. The Map page asks for it on every
run, the first run after a server start included, which otherwise had to import
SQLAlchemy and open (and migrate) the store before the first map could be drawn.

Anything this reader does not recognise (another database, a URL with options, a file
that does not exist yet, a schema without these tables) answers ``None``: the caller then
opens the store as before, which creates or migrates it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["read_sqlite_version", "sqlite_file"]

_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")

_VERSION_SQL = (
    "SELECT (SELECT count(*) FROM events), (SELECT coalesce(max(id), 0) FROM events), "
    "(SELECT coalesce(max(id), 0) FROM audit_log)"
)


def sqlite_file(db_url: str) -> Path | None:
    """Return the database file of a plain SQLite URL, or ``None`` for any other URL.

    ``sqlite:///store.db`` is relative to the working directory and ``sqlite:////srv/s.db``
    absolute, as SQLAlchemy reads them. URLs with options (``?...``), escapes (``%``) or
    an in-memory database answer ``None``, so the caller can ask SQLAlchemy instead.
    """
    prefix = next((p for p in _PREFIXES if db_url.startswith(p)), None)
    if prefix is None:
        return None
    database = db_url[len(prefix) :]
    if not database or database == ":memory:" or any(c in database for c in "?%#"):
        return None
    return Path(database)


def read_sqlite_version(db_url: str) -> tuple[int, int, int] | None:
    """Return (events, highest event id, newest audit id) of an existing SQLite store.

    The file is opened read-only and nothing is created. ``None`` when the URL is not a
    plain SQLite file URL, the file does not exist, or it lacks the tables.
    """
    path = sqlite_file(db_url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        n, top, audit = conn.execute(_VERSION_SQL).fetchone()
    except sqlite3.Error:  # not (yet) a strikemap store: the store opens and migrates it
        return None
    finally:
        conn.close()
    return int(n), int(top), int(audit)
