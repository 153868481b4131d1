"""Corrections by editors: edit and delete events, claims and reports; merge incidents.

Every function here runs on a connection inside the caller's write transaction and
writes one :mod:`audit <strikemap.store.audit>` row in that same transaction, so a change
and its record are stored together or not at all.

Events and claims carry a ``version`` (1 when stored, +1 per edit). An edit names the
version it was based on; if someone saved the record since, :class:`EditConflict` is
raised and nothing is written, so neither edit is lost silently.

Deleting an event deletes its claims too: a claim is evidence *about* that event, and an
event an editor rejects (a misread sentence, a duplicate) leaves its claims about
nothing. The audit row keeps the event and its claims as they were. Deleting a report
deletes its events, claims and unresolved places and leaves a tombstone (its content
hash in ``deleted_reports``), so ingesting the same text again is refused unless forced.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Final, Literal, get_args

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from strikemap.model import (
    PRECISION_BY_KIND,
    DatePrecision,
    LocationPrecision,
    Place,
    figures_disagree,
)
from strikemap.store.audit import now_iso, read_audit, record_change
from strikemap.store.errors import EditConflict, RecordNotFoundError
from strikemap.store.incidents import split_event
from strikemap.store.schema import (
    claims,
    deleted_reports,
    events,
    incidents,
    reports,
    unresolved_places,
)

__all__ = [
    "KEEP",
    "ClaimEdit",
    "DeletedReport",
    "EventEdit",
    "EventRecord",
    "Keep",
    "PlaceFix",
]


class Keep(enum.Enum):
    """The type of :data:`KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""Leave this field as it is (``None`` would set it to unknown)."""

_DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
_LOCATION_PRECISIONS: tuple[str, ...] = get_args(LocationPrecision)


@dataclass(frozen=True, slots=True)
class PlaceFix:
    """Where an editor says an event happened: usually a gazetteer place.

    Coordinates are ``lon``/``lat`` in WGS 84 degrees. ``precision`` is a location
    precision (``town``, ``district``, ...) and ``uncertainty_km`` the radius it stands for.
    """

    name: str
    lon: float
    lat: float
    precision: LocationPrecision = "town"
    uncertainty_km: float = 5.0
    place_id: str | None = None
    country: str | None = None
    admin1: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a place needs a name")
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"longitude {self.lon} is out of range (-180 to 180)")
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise ValueError(f"latitude {self.lat} is out of range (-90 to 90)")
        if self.precision not in _LOCATION_PRECISIONS:
            raise ValueError(
                f"unknown precision {self.precision!r} (one of {', '.join(_LOCATION_PRECISIONS)})"
            )
        if not (math.isfinite(self.uncertainty_km) and self.uncertainty_km >= 0):
            raise ValueError(f"uncertainty {self.uncertainty_km} km is not a distance")

    @classmethod
    def from_place(cls, place: Place) -> PlaceFix:
        """Build the fix for a gazetteer place, with the precision and radius of its kind."""
        return cls(
            name=place.name,
            lon=place.lon,
            lat=place.lat,
            precision=PRECISION_BY_KIND.get(place.kind, "town"),
            uncertainty_km=place.uncertainty_km or 5.0,
            place_id=place.id,
            country=place.country,
            admin1=place.admin1 if place.kind != "admin1" else place.name,
        )


@dataclass(frozen=True, slots=True)
class EventEdit:
    """What to change on an event; fields left at :data:`KEEP` stay as they are.

    Setting ``date`` to ``None`` makes it unknown (precision ``unknown``); setting a date
    on an event whose date was unknown makes its precision ``day`` unless given.
    """

    place: PlaceFix | Keep = KEEP
    date: dt.date | Keep | None = KEEP
    date_precision: DatePrecision | Keep = KEEP
    actor: str | Keep | None = KEEP

    def is_empty(self) -> bool:
        """Return whether this edit changes nothing."""
        return all(getattr(self, f.name) is KEEP for f in fields(self))


@dataclass(frozen=True, slots=True)
class ClaimEdit:
    """What to change on a claim; fields left at :data:`KEEP` stay as they are."""

    claimant: str | Keep | None = KEEP
    claimed_target: str | Keep | None = KEEP
    killed: int | Keep | None = KEEP
    wounded: int | Keep | None = KEEP
    civilians_killed: int | Keep | None = KEEP
    children_killed: int | Keep | None = KEEP

    def is_empty(self) -> bool:
        """Return whether this edit changes nothing."""
        return all(getattr(self, f.name) is KEEP for f in fields(self))


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One stored event as an editor sees it: its row and its claims' rows.

    ``event`` holds every column of ``events`` (``date`` as an ISO string or ``None``,
    ``version`` for the next edit); each claim holds every column of ``claims``.
    """

    event: dict[str, Any]
    claims: tuple[dict[str, Any], ...]

    @property
    def version(self) -> int:
        """Return the event's version, to pass to the next edit."""
        return int(self.event["version"])


@dataclass(frozen=True, slots=True)
class DeletedReport:
    """What deleting a report removed."""

    report_id: str
    source_id: str
    n_events: int
    n_claims: int
    n_unresolved: int


# --------------------------------------------------------------------------- reading


def _row(conn: Connection, table: Table, key: Any, *, lock: bool = False) -> dict[str, Any] | None:
    stmt = select(table).where(table.c.id == key)
    if lock:
        stmt = stmt.with_for_update()  # PostgreSQL; SQLite already holds the write lock
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def _claims_of(conn: Connection, event_ids: Sequence[int]) -> list[dict[str, Any]]:
    if not event_ids:
        return []
    stmt = select(claims).where(claims.c.event_id.in_(list(event_ids))).order_by(claims.c.id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def event_record(conn: Connection, event_id: int) -> EventRecord:
    """Return an event with its claims.

    Raises
    ------
    RecordNotFoundError
        When no event has this id.
    """
    row = _row(conn, events, event_id)
    if row is None:
        raise RecordNotFoundError(f"no event {event_id}")
    return EventRecord(row, tuple(_claims_of(conn, [event_id])))


# --------------------------------------------------------------------------- helpers


def _check_editor(editor: str) -> str:
    editor = editor.strip() if isinstance(editor, str) else ""
    if not editor:
        raise ValueError("an edit needs the editor's name")
    return editor


def _check_version(conn: Connection, kind: str, row: Mapping[str, Any], version: int) -> None:
    current = int(row["version"])
    if current == int(version):
        return
    last = read_audit(conn, target_kind=kind, target_id=row["id"], limit=1)
    by = f" by {last[0].editor} at {last[0].at}" if last else ""
    raise EditConflict(
        f"{kind} {row['id']} was changed{by} after the version you edited "
        f"(yours {version}, stored {current}); reload it and edit again",
        target_kind=kind,
        target_id=int(row["id"]),
        expected=int(version),
        actual=current,
    )


def _locked_row(
    conn: Connection, table: Table, kind: str, key: int, version: int | None
) -> dict[str, Any]:
    row = _row(conn, table, key, lock=True)
    if row is None:
        raise RecordNotFoundError(f"no {kind} {key}")
    if version is not None:
        _check_version(conn, kind, row, version)
    return row


def _apply(
    conn: Connection, table: Table, kind: str, row: Mapping[str, Any], values: dict[str, Any]
) -> None:
    """Write ``values`` and bump the version, only if the version is still the one read."""
    result = conn.execute(
        update(table)
        .where(table.c.id == row["id"], table.c.version == row["version"])
        .values(**values, version=int(row["version"]) + 1)
    )
    if result.rowcount != 1:  # cannot happen under the row lock; kept as a last guard
        raise EditConflict(
            f"{kind} {row['id']} was changed while this edit was saved; reload it",
            target_kind=kind,
            target_id=int(row["id"]),
            expected=int(row["version"]),
            actual=-1,
        )


def _diff(
    row: Mapping[str, Any], values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = {k: v for k, v in values.items() if row[k] != v}
    before = {k: row[k] for k in changed}
    return before, changed


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _count(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return value


def _tidy_incidents(conn: Connection, incident_ids: Iterable[int | None]) -> None:
    """Dissolve incidents left with one event (or none) after events left them."""
    for incident_id in {i for i in incident_ids if i is not None}:
        left = (
            conn.execute(select(events.c.id).where(events.c.incident_id == incident_id))
            .scalars()
            .all()
        )
        if len(left) == 1:
            conn.execute(
                update(events)
                .where(events.c.id == left[0])
                .values(incident_id=None, link_reason=None)
            )
        if len(left) <= 1:
            conn.execute(incidents.delete().where(incidents.c.id == incident_id))


def _recompute_contested(conn: Connection, event_id: int) -> None:
    """Set ``contested`` from the event's claims (a denial, or disagreeing figures)."""
    c = claims.c
    rows = conn.execute(
        select(c.denial, c.killed, c.killed_max, c.civilians_killed, c.civilians_killed_max).where(
            c.event_id == event_id
        )
    ).all()
    contested = (
        any(r[0] for r in rows)
        or figures_disagree([(r[1], r[2]) for r in rows])
        or figures_disagree([(r[3], r[4]) for r in rows])
    )
    conn.execute(update(events).where(events.c.id == event_id).values(contested=int(contested)))


# --------------------------------------------------------------------------- edits


def _event_values(row: Mapping[str, Any], edit: EventEdit, editor: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if not isinstance(edit.place, Keep):
        p = edit.place
        values.update(
            place_name=p.name.strip(),
            place_id=p.place_id,
            country=p.country.upper() if p.country else None,
            admin1=p.admin1,
            lon=float(p.lon),
            lat=float(p.lat),
            precision=p.precision,
            uncertainty_km=float(p.uncertainty_km),
            confidence=1.0,
            location_reason=f"set by editor {editor}",
            anchor_name=None,
            bearing=None,
            distance_km=None,
        )
    date = row["date"]
    precision = row["date_precision"]
    if not isinstance(edit.date, Keep):
        date = edit.date.isoformat() if edit.date is not None else None
        if date is None:
            precision = "unknown"
        elif precision == "unknown":
            precision = "day"
    if not isinstance(edit.date_precision, Keep):
        if edit.date_precision not in _DATE_PRECISIONS:
            raise ValueError(
                f"unknown date precision {edit.date_precision!r} "
                f"(one of {', '.join(_DATE_PRECISIONS)})"
            )
        precision = edit.date_precision
    if (date is None) != (precision == "unknown"):
        raise ValueError(
            "an unknown date needs the precision 'unknown'"
            if date is None
            else "a known date cannot have the precision 'unknown'"
        )
    if (date, precision) != (row["date"], row["date_precision"]):
        values.update(date=date, date_precision=precision, date_source="user")
        if date != row["date"] and row.get("date_end") is not None:
            values["date_end"] = None  # the editor's date is one day, not the interval read
    if not isinstance(edit.actor, Keep):
        values["actor"] = _text(edit.actor)
    return values


def edit_event(
    conn: Connection,
    event_id: int,
    edit: EventEdit,
    *,
    editor: str,
    version: int,
    claim_edits: Mapping[int, tuple[int, ClaimEdit]] | None = None,
) -> EventRecord:
    """Correct an event's place, date or actor; see :meth:`strikemap.store.Store.edit_event`."""
    editor = _check_editor(editor)
    row = _locked_row(conn, events, "event", event_id, version)
    for claim_id, (claim_version, claim_edit) in (claim_edits or {}).items():
        claim = _locked_row(conn, claims, "claim", claim_id, None)
        if claim["event_id"] != event_id:
            raise ValueError(f"claim {claim_id} is not a claim of event {event_id}")
        edit_claim(conn, claim_id, claim_edit, editor=editor, version=claim_version)
    before, after = _diff(row, _event_values(row, edit, editor))
    if after:
        _apply(conn, events, "event", row, after)
        before["version"], after["version"] = row["version"], int(row["version"]) + 1
        record_change(
            conn,
            editor=editor,
            action="edit_event",
            target_kind="event",
            target_id=event_id,
            before=before,
            after=after,
            report_id=row["report_id"],
        )
    return event_record(conn, event_id)


def edit_claim(
    conn: Connection, claim_id: int, edit: ClaimEdit, *, editor: str, version: int
) -> dict[str, Any]:
    """Correct a claim's claimant, target or figures; return the claim as stored now."""
    editor = _check_editor(editor)
    row = _locked_row(conn, claims, "claim", claim_id, version)
    values: dict[str, Any] = {}
    for name in ("claimant", "claimed_target"):
        value = getattr(edit, name)
        if not isinstance(value, Keep):
            values[name] = _text(value)
    for name in ("killed", "wounded", "civilians_killed", "children_killed"):
        value = getattr(edit, name)
        if not isinstance(value, Keep):
            values[name] = _count(name.replace("_", " "), value)
            # The editor's figure is exact: it replaces a stated range ("at least 12").
            values[f"{name}_max"] = values[name]
    before, after = _diff(row, values)
    if after:
        _apply(conn, claims, "claim", row, after)
        before["version"], after["version"] = row["version"], int(row["version"]) + 1
        if row["event_id"] is not None:
            _recompute_contested(conn, int(row["event_id"]))
            before["event_id"] = after["event_id"] = row["event_id"]
        record_change(
            conn,
            editor=editor,
            action="edit_claim",
            target_kind="claim",
            target_id=claim_id,
            before=before,
            after=after,
            report_id=row["report_id"],
        )
    found = _row(conn, claims, claim_id)
    assert found is not None  # just written under the lock
    return found


# --------------------------------------------------------------------------- deletes


def delete_event(
    conn: Connection, event_id: int, *, editor: str, version: int | None = None
) -> None:
    """Delete an event and its claims; see :meth:`strikemap.store.Store.delete_event`."""
    editor = _check_editor(editor)
    row = _locked_row(conn, events, "event", event_id, version)
    its_claims = _claims_of(conn, [event_id])
    conn.execute(delete(claims).where(claims.c.event_id == event_id))
    conn.execute(delete(events).where(events.c.id == event_id))
    _tidy_incidents(conn, [row["incident_id"]])
    record_change(
        conn,
        editor=editor,
        action="delete_event",
        target_kind="event",
        target_id=event_id,
        before={**row, "claims": its_claims},
        after=None,
        report_id=row["report_id"],
    )


def delete_report(conn: Connection, report_id: str, *, editor: str) -> DeletedReport:
    """Delete a report with everything extracted from it and leave its tombstone."""
    editor = _check_editor(editor)
    report = _row(conn, reports, report_id, lock=True)
    if report is None:
        raise RecordNotFoundError(f"no report {report_id}")
    its_events = [
        dict(r)
        for r in conn.execute(
            select(events).where(events.c.report_id == report_id).order_by(events.c.id)
        ).mappings()
    ]
    its_claims = [
        dict(r)
        for r in conn.execute(
            select(claims).where(claims.c.report_id == report_id).order_by(claims.c.id)
        ).mappings()
    ]
    n_unresolved = int(
        conn.execute(
            select(func.count()).where(unresolved_places.c.report_id == report_id)
        ).scalar_one()
    )
    # Claims of other reports never point at this report's events (one report's claims
    # belong to its own events), so deleting by report id leaves no dangling claim.
    conn.execute(delete(claims).where(claims.c.report_id == report_id))
    conn.execute(delete(unresolved_places).where(unresolved_places.c.report_id == report_id))
    conn.execute(delete(events).where(events.c.report_id == report_id))
    conn.execute(delete(reports).where(reports.c.id == report_id))
    _tidy_incidents(conn, [e["incident_id"] for e in its_events])
    conn.execute(
        insert(deleted_reports).values(
            id=report_id, source_id=report["source_id"], deleted_at=now_iso(), deleted_by=editor
        )
    )
    summary = {k: v for k, v in report.items() if k != "text"}
    record_change(
        conn,
        editor=editor,
        action="delete_report",
        target_kind="report",
        target_id=report_id,
        before={
            **summary,
            "n_characters": len(report["text"]),
            "events": its_events,
            "claims": its_claims,
            "n_unresolved": n_unresolved,
        },
        after=None,
        report_id=report_id,
    )
    return DeletedReport(
        report_id, report["source_id"], len(its_events), len(its_claims), n_unresolved
    )


# --------------------------------------------------------------------------- tombstones


def deleted_ids(conn: Connection, report_ids: Sequence[str]) -> set[str]:
    """Return which of these report ids were deleted by an editor (have a tombstone)."""
    found: set[str] = set()
    ids = list(report_ids)
    for i in range(0, len(ids), 10_000):
        chunk = ids[i : i + 10_000]
        found.update(
            conn.execute(select(deleted_reports.c.id).where(deleted_reports.c.id.in_(chunk)))
            .scalars()
            .all()
        )
    return found


def lift_tombstones(conn: Connection, report_ids: Sequence[str], *, editor: str) -> None:
    """Forget that these reports were deleted (an ingest with ``force``), with audit rows."""
    for report_id in sorted(deleted_ids(conn, report_ids)):
        row = _row(conn, deleted_reports, report_id)
        conn.execute(delete(deleted_reports).where(deleted_reports.c.id == report_id))
        record_change(
            conn,
            editor=editor,
            action="reingest_deleted_report",
            target_kind="report",
            target_id=report_id,
            before={"deleted": row},
            after={"deleted": None},
            report_id=report_id,
        )


# --------------------------------------------------------------------------- incidents


def _link_state(conn: Connection, where: Any) -> list[dict[str, Any]]:
    stmt = (
        select(events.c.id, events.c.incident_id, events.c.link_reason, events.c.link_locked)
        .where(where)
        .order_by(events.c.id)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def merge_incidents(conn: Connection, target: int, source: int, *, editor: str) -> list[int]:
    """Move every event of incident ``source`` into ``target``; return the moved ids."""
    editor = _check_editor(editor)
    if target == source:
        raise ValueError(f"incident {target} cannot be merged with itself")
    for incident_id in (target, source):
        if _row(conn, incidents, incident_id, lock=True) is None:
            raise RecordNotFoundError(f"no incident {incident_id}")
    before = _link_state(conn, events.c.incident_id == source)
    moved = [int(r["id"]) for r in before]
    conn.execute(
        update(events)
        .where(events.c.incident_id == source)
        .values(
            incident_id=target,
            link_reason=f"merged from incident {source} by editor {editor}",
            link_locked=1,  # automatic linking never moves these events again
        )
    )
    conn.execute(incidents.delete().where(incidents.c.id == source))
    after = _link_state(conn, events.c.id.in_(moved)) if moved else []
    record_change(
        conn,
        editor=editor,
        action="merge_incidents",
        target_kind="incident",
        target_id=target,
        before={"incident": source, "events": before},
        after={"incident": target, "events": after},
    )
    return moved


def split_event_recorded(conn: Connection, event_id: int, *, editor: str) -> None:
    """Split an event off its incident (see :func:`split_event`) and record it."""
    editor = _check_editor(editor)
    row = _row(conn, events, event_id, lock=True)
    if row is None:
        raise RecordNotFoundError(f"no event {event_id}")
    before = _link_state(conn, events.c.id == event_id)[0]
    split_event(conn, event_id)
    after = _link_state(conn, events.c.id == event_id)[0]
    record_change(
        conn,
        editor=editor,
        action="split_event",
        target_kind="event",
        target_id=event_id,
        before=before,
        after=after,
        report_id=row["report_id"],
    )


EditAction = Literal[
    "edit_event",
    "edit_claim",
    "delete_event",
    "delete_report",
    "reingest_deleted_report",
    "merge_incidents",
    "split_event",
]
"""The ``action`` values the audit log holds."""
