"""The store: reports, events, claims and unresolved places in one SQL database.

SQLite file by default (see :func:`strikemap.settings.default_db_url`), any SQLAlchemy URL
otherwise. The schema is created by named migrations on open. One report is written in
one transaction: a failure mid-report leaves nothing half-written, and a report whose
content hash is already stored adds nothing.

Editors correct and delete what was stored (:meth:`Store.edit_event`,
:meth:`Store.delete_report`, ...; the work is in :mod:`strikemap.store.edits`); each change
writes an :mod:`audit <strikemap.store.audit>` row in its own transaction. A store opened
with ``read_only=True`` refuses every write with :class:`ReadOnlyStoreError`.

The store's vocabulary (columns, facets, errors) is imported with the package; the
database itself (:mod:`strikemap.store.database`, with SQLAlchemy and pandas) on first
use of one of its names. The dashboard's first run needs only the vocabulary, and
importing SQLAlchemy took a fifth of the imports that first run waited for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from strikemap.store.columns import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    UNKNOWN_ACTOR,
    Facets,
    SaveResult,
)
from strikemap.store.errors import EditConflict, ReadOnlyStoreError, RecordNotFoundError, StoreError

if TYPE_CHECKING:
    from strikemap.store.audit import AuditEntry
    from strikemap.store.database import Store, open_store
    from strikemap.store.edits import (
        KEEP,
        ClaimEdit,
        DeletedReport,
        EventEdit,
        EventRecord,
        PlaceFix,
    )
    from strikemap.store.sqlite_connection import WRITER_CACHE_KIB

__all__ = [
    "CLAIM_COLUMNS",
    "EVENT_COLUMNS",
    "KEEP",
    "UNKNOWN_ACTOR",
    "WRITER_CACHE_KIB",
    "AuditEntry",
    "ClaimEdit",
    "DeletedReport",
    "EditConflict",
    "EventEdit",
    "EventRecord",
    "Facets",
    "PlaceFix",
    "ReadOnlyStoreError",
    "RecordNotFoundError",
    "SaveResult",
    "Store",
    "StoreError",
    "open_store",
]

_LAZY_MODULES = {
    "KEEP": "strikemap.store.edits",
    "WRITER_CACHE_KIB": "strikemap.store.sqlite_connection",
    "AuditEntry": "strikemap.store.audit",
    "ClaimEdit": "strikemap.store.edits",
    "DeletedReport": "strikemap.store.edits",
    "EventEdit": "strikemap.store.edits",
    "EventRecord": "strikemap.store.edits",
    "PlaceFix": "strikemap.store.edits",
    "Store": "strikemap.store.database",
    "open_store": "strikemap.store.database",
}
"""Names whose modules need SQLAlchemy, and those modules: imported on first use."""


def __getattr__(name: str) -> Any:
    # PEP 562: runs only for names not (yet) in this module's namespace.
    module = _LAZY_MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
