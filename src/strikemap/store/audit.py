"""The audit log: one row per change an editor makes, written in the change's transaction.

Each row says who (``editor``), when (``at``, ISO time in UTC), what (``action`` on a
``target_kind`` with ``target_id``) and the values before and after, as JSON text so
both SQLite and PostgreSQL store and return them the same way. ``before`` is ``None``
when the target did not exist, ``after`` when it no longer exists. ``report_id`` is the
content hash of the report concerned, kept after the report itself is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from strikemap.store.schema import audit_log

AUDIT_COLUMNS: tuple[str, ...] = (
    "id",
    "at",
    "editor",
    "action",
    "target_kind",
    "target_id",
    "before",
    "after",
    "report_id",
)
"""Columns of :meth:`strikemap.store.Store.audit_frame`, in order."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change, with its before and after values decoded from JSON."""

    id: int
    at: str
    editor: str
    action: str
    target_kind: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    report_id: str | None


def now_iso() -> str:
    """Return the current UTC time as an ISO string (seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _dumps(values: Mapping[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(dict(values), sort_keys=True, ensure_ascii=False, default=str)


def _loads(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def record_change(
    conn: Connection,
    *,
    editor: str,
    action: str,
    target_kind: str,
    target_id: int | str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    report_id: str | None = None,
) -> None:
    """Write one audit row on ``conn``, inside the transaction that makes the change."""
    conn.execute(
        audit_log.insert().values(
            at=now_iso(),
            editor=editor,
            action=action,
            target_kind=target_kind,
            target_id=str(target_id),
            before=_dumps(before),
            after=_dumps(after),
            report_id=report_id,
        )
    )


def read_audit(
    conn: Connection,
    *,
    target_kind: str | None = None,
    target_id: int | str | None = None,
    report_id: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Return audit rows, oldest first, optionally only those of one target or report.

    With ``limit``, the newest ``limit`` rows (still oldest first).
    """
    stmt = select(*(audit_log.c[name] for name in AUDIT_COLUMNS))
    if target_kind is not None:
        stmt = stmt.where(audit_log.c.target_kind == target_kind)
    if target_id is not None:
        stmt = stmt.where(audit_log.c.target_id == str(target_id))
    if report_id is not None:
        stmt = stmt.where(audit_log.c.report_id == report_id)
    if limit is not None:
        stmt = stmt.order_by(audit_log.c.id.desc()).limit(limit)
    rows = sorted(conn.execute(stmt).all(), key=lambda r: int(r[0]))
    return [
        AuditEntry(
            id=int(r[0]),
            at=str(r[1]),
            editor=str(r[2]),
            action=str(r[3]),
            target_kind=str(r[4]),
            target_id=str(r[5]),
            before=_loads(r[6]),
            after=_loads(r[7]),
            report_id=r[8],
        )
        for r in rows
    ]


def last_audit_id(conn: Connection) -> int:
    """Return the id of the newest audit row (0 when none): changes with every edit."""
    return int(conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one())
