"""The store: reports, events, claims and unresolved places in one SQL database.

SQLite file by default (see :func:`strikemap.settings.default_db_url`), any SQLAlchemy URL
otherwise. The schema is created by named migrations on open. One report is written in
one transaction: a failure mid-report leaves nothing half-written, and a report whose
content hash is already stored adds nothing.

Editors correct and delete what was stored (:meth:`Store.edit_event`,
:meth:`Store.delete_report`, ...; the work is in :mod:`strikemap.store.edits`); each change
writes an :mod:`audit <strikemap.store.audit>` row in its own transaction. A store opened
with ``read_only=True`` refuses every write with :class:`ReadOnlyStoreError`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    and_,
    case,
    create_engine,
    event,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import CursorResult, make_url
from sqlalchemy.exc import (
    DatabaseError,
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.sql.elements import ColumnElement, TextClause

from strikemap.filters import EventFilter
from strikemap.model import Claim, Event, Extraction, Report, UnresolvedPlace
from strikemap.settings import default_db_url
from strikemap.store import edits
from strikemap.store.audit import AUDIT_COLUMNS, AuditEntry, last_audit_id, read_audit
from strikemap.store.edits import (
    KEEP,
    ClaimEdit,
    DeletedReport,
    EventEdit,
    EventRecord,
    PlaceFix,
)
from strikemap.store.errors import EditConflict, ReadOnlyStoreError, RecordNotFoundError, StoreError
from strikemap.store.incidents import link_events
from strikemap.store.migrations import MIGRATIONS, applied_migrations, migrate
from strikemap.store.schema import (
    CASUALTY_RANGE_COLUMNS,
    claims,
    deleted_reports,
    events,
    reports,
    unresolved_places,
)

__all__ = [
    "KEEP",
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

INGEST_EDITOR = "ingest --force"
"""The editor an audit row names when a forced ingest brings back a deleted report."""

_WRITE_REFUSED = frozenset({"25006", "42501"})
"""PostgreSQL's "read-only transaction" and "insufficient privilege" error codes."""

_REPORT_EVENT_COLUMNS = (reports.c.source_id, reports.c.title, reports.c.url, reports.c.language)
"""The report columns that end every :data:`EVENT_COLUMNS` row."""

UNKNOWN_ACTOR = "(unknown)"
"""How an unknown actor is named in filters and facets."""

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "report_id",
    "incident_id",
    "link_reason",
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
    "source_id",
    "title",
    "url",
    "language",
)
"""Columns of :meth:`Store.events_frame`, in order (the last four are the report's)."""

CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "event_id",
    "report_id",
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
"""Columns of :meth:`Store.claims_frame`, in order."""


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What saving one extraction did; ``error`` is set when it could not be stored.

    ``deleted`` is set when the report was not stored because an editor deleted it
    (see :meth:`Store.delete_report`; ``force=True`` stores it anyway).
    """

    report_id: str
    source_id: str
    added: bool
    n_events: int
    n_unresolved: int
    error: str | None = None
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class Facets:
    """The values present in the store, for filter widgets."""

    n_events: int
    actors: tuple[str, ...]
    claimants: tuple[str, ...]
    countries: tuple[str, ...]
    admin1s: tuple[str, ...]
    precisions: tuple[str, ...]
    date_min: dt.date | None
    date_max: dt.date | None
    languages: tuple[str, ...] = ()
    """Detected languages of the reports events come from (empty from the map columns)."""


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


_SQL_AREAS: dict[str, Any] = {}
"""Area key -> PreparedArea, as the last query naming it resolved it (see Store._in_area)."""


def _lower_sql(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _in_area_sql(key: str, lon: float | None, lat: float | None) -> int:
    area = _SQL_AREAS.get(key)
    if area is None or lon is None or lat is None:
        return 0
    return int(area.contains_xy(lon, lat))


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Python's sqlite3 autocommits DDL and begins transactions lazily; take transaction
    # control away from it so migrations and report writes are truly atomic (the recipe
    # from SQLAlchemy's pysqlite documentation).
    dbapi_conn.isolation_level = None
    # Point-in-area tests for the area filter (PostGIS has its own ST_Intersects).
    dbapi_conn.create_function("strikemap_in_area", 3, _in_area_sql, deterministic=True)
    dbapi_conn.create_function("strikemap_lower", 1, _lower_sql, deterministic=True)
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


def _writer_cache(conn: Connection) -> None:
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


def _sqlite_on_begin(conn: Any) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE), so two writers queue on the
    # busy timeout instead of one failing when it upgrades a read lock.
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _describe(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


class Store:
    """A strikemap database.

    Parameters
    ----------
    engine
        A SQLAlchemy engine; use :func:`open_store` to build one from a URL.
    read_only
        Refuse every write (:func:`open_store` also opens the database itself read-only).
    url
        The URL to show in messages, when it differs from the engine's.
    """

    def __init__(self, engine: Engine, *, read_only: bool = False, url: str | None = None) -> None:
        self.engine = engine
        self._read_only = read_only
        self._shown_url = url

    @property
    def url(self) -> str:
        """Return the database URL with any password hidden."""
        return self._shown_url or self.engine.url.render_as_string(hide_password=True)

    @property
    def read_only(self) -> bool:
        """Return whether this store was opened read-only (every write is refused)."""
        return self._read_only

    # -- writing -----------------------------------------------------------------------

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """Yield a connection inside a write transaction (committed on success).

        Raises
        ------
        ReadOnlyStoreError
            When the store was opened read-only; nothing is sent to the database.
        """
        if self._read_only:
            raise ReadOnlyStoreError(
                f"the store is open read-only ({self.url}); open it without read-only to change it"
            )
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                _writer_cache(conn)
            conn = conn.execution_options(sqlite_immediate=True)
            try:
                with conn.begin():
                    yield conn
            except (InternalError, ProgrammingError) as exc:
                # A database role without write rights (docs/deploy.md's reader) refuses
                # here, not at open: say so in one line instead of a driver traceback.
                if getattr(exc.orig, "sqlstate", None) not in _WRITE_REFUSED:
                    raise
                raise ReadOnlyStoreError(
                    f"the database refused to write ({self.url}): {_describe(exc)}"
                ) from exc

    def has_report(self, report_id: str) -> bool:
        """Return whether a report with this content hash is stored."""
        with self.engine.connect() as conn:
            found = conn.execute(select(reports.c.id).where(reports.c.id == report_id)).first()
        return found is not None

    def save(self, extraction: Extraction, *, force: bool = False) -> SaveResult:
        """Store one report with its events, claims and unresolved places atomically.

        Returns ``added=False`` (and writes nothing) when the report is already stored,
        and also (with ``deleted=True``) when an editor deleted it, unless ``force``.
        """
        report = extraction.report
        try:
            with self.writer() as conn:
                if conn.execute(select(reports.c.id).where(reports.c.id == report.id)).first():
                    return SaveResult(report.id, report.source_id, False, 0, 0)
                if edits.deleted_ids(conn, [report.id]):
                    if not force:
                        return SaveResult(report.id, report.source_id, False, 0, 0, deleted=True)
                    edits.lift_tombstones(conn, [report.id], editor=INGEST_EDITOR)
                self._insert_batch(conn, [extraction])
        except IntegrityError:
            # Another process stored the same report between our check and our insert.
            if self.has_report(report.id):
                return SaveResult(report.id, report.source_id, False, 0, 0)
            raise
        except OperationalError as exc:
            raise StoreError(f"could not write to {self.url}: {_describe(exc)}") from exc
        return SaveResult(
            report.id, report.source_id, True, len(extraction.events), len(extraction.unresolved)
        )

    def save_many(
        self, extractions: Sequence[Extraction], *, force: bool = False
    ) -> list[SaveResult]:
        """Store several reports in one transaction, falling back to one by one.

        Much faster than :meth:`save` in a loop (one commit, two multi-row inserts). Each
        report still ends up fully stored or absent: if anything in the batch fails, the
        batch is rolled back and every report is retried on its own with :meth:`save`; a
        report that fails then gets a result with ``error`` set (a :class:`StoreError`
        message) instead of stopping the others. Reports an editor deleted are skipped
        (``deleted=True``) unless ``force``.
        """
        if not extractions:
            return []
        ids = [x.report.id for x in extractions]
        tombstoned: set[str] = set()
        try:
            with self.writer() as conn:
                present = set(
                    conn.execute(select(reports.c.id).where(reports.c.id.in_(ids))).scalars()
                )
                tombstoned = edits.deleted_ids(conn, ids) - present
                if force and tombstoned:
                    edits.lift_tombstones(conn, sorted(tombstoned), editor=INGEST_EDITOR)
                elif tombstoned:
                    present |= tombstoned
                todo: list[Extraction] = []
                seen: set[str] = set(present)
                for x in extractions:
                    if x.report.id not in seen:
                        todo.append(x)
                        seen.add(x.report.id)
                if todo:
                    self._insert_batch(conn, todo)
        except Exception:  # isolate the bad report by retrying one by one
            return [self._save_or_error(x, force) for x in extractions]
        if force:
            tombstoned = set()
        added = {x.report.id for x in todo}
        results = []
        for x in extractions:
            is_new = x.report.id in added
            added.discard(x.report.id)  # a duplicate within the batch counts once
            results.append(
                SaveResult(
                    x.report.id,
                    x.report.source_id,
                    is_new,
                    len(x.events) if is_new else 0,
                    len(x.unresolved) if is_new else 0,
                    deleted=x.report.id in tombstoned,
                )
            )
        return results

    def _save_or_error(self, extraction: Extraction, force: bool = False) -> SaveResult:
        try:
            return self.save(extraction, force=force)
        except StoreError as exc:
            report = extraction.report
            return SaveResult(report.id, report.source_id, False, 0, 0, error=str(exc))

    @staticmethod
    def _insert_batch(conn: Connection, batch: Sequence[Extraction]) -> None:
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

    @contextmanager
    def _editing(self) -> Iterator[Connection]:
        """Yield a write transaction whose database failures become one-line StoreErrors."""
        try:
            with self.writer() as conn:
                yield conn
        except DatabaseError as exc:
            raise StoreError(f"could not write to {self.url}: {_describe(exc)}") from exc

    def split_event(self, event_id: int, *, editor: str = "unnamed editor") -> None:
        """Detach an event from its incident; it will not be linked again automatically.

        Raises
        ------
        RecordNotFoundError
            When no event has this id (also a :class:`LookupError`).
        """
        with self._editing() as conn:
            edits.split_event_recorded(conn, event_id, editor=editor)

    def merge_incidents(self, target: int, source: int, *, editor: str) -> list[int]:
        """Move every event of incident ``source`` into incident ``target``.

        The moved events are locked: automatic linking will not move them again. The
        ``source`` incident is removed. Returns the ids of the moved events.

        Raises
        ------
        RecordNotFoundError
            When either incident does not exist.
        ValueError
            When ``target == source``.
        """
        with self._editing() as conn:
            return edits.merge_incidents(conn, target, source, editor=editor)

    def event_record(self, event_id: int) -> EventRecord:
        """Return an event with its claims and their versions, as an edit starts from.

        Raises
        ------
        RecordNotFoundError
            When no event has this id.
        """
        with self.engine.connect() as conn:
            return edits.event_record(conn, event_id)

    def edit_event(
        self,
        event_id: int,
        edit: EventEdit,
        *,
        editor: str,
        version: int,
        claims: Mapping[int, tuple[int, ClaimEdit]] | None = None,
    ) -> EventRecord:
        """Correct an event's place, date (and precision) or actor; return it as stored now.

        Parameters
        ----------
        event_id
            The event.
        edit
            The changes; fields left at :data:`KEEP` stay as they are. A new place sets
            ``location_reason`` to "set by editor <editor>" and confidence to 1; a new
            date sets ``date_source`` to ``user``.
        editor
            Who edits (e.g. ``"cli:alice"``); recorded in the audit log.
        version
            The event's version the edit was based on (:attr:`EventRecord.version`).
        claims
            Edits of this event's claims, by claim id: ``{claim_id: (claim version,
            ClaimEdit)}``, saved in the same transaction (all or nothing).

        Raises
        ------
        EditConflict
            When the event was saved by someone else since ``version``; nothing written.
        RecordNotFoundError
            When no event has this id.
        ValueError
            When a value is invalid (e.g. a known date with precision ``unknown``).
        """
        with self._editing() as conn:
            return edits.edit_event(
                conn, event_id, edit, editor=editor, version=version, claim_edits=claims
            )

    def edit_claim(
        self, claim_id: int, edit: ClaimEdit, *, editor: str, version: int
    ) -> dict[str, Any]:
        """Correct a claim's claimant, target or casualty figures; return it as stored now.

        The event's ``contested`` flag is derived again from its claims. Raises like
        :meth:`edit_event` (``version`` is the claim's own, from :meth:`event_record`).
        """
        with self._editing() as conn:
            return edits.edit_claim(conn, claim_id, edit, editor=editor, version=version)

    def delete_event(self, event_id: int, *, editor: str, version: int | None = None) -> None:
        """Delete an event and its claims (the audit row keeps both as they were).

        An incident left with a single event is dissolved. With ``version``, refuse
        (:class:`EditConflict`) if the event changed since; :class:`RecordNotFoundError` when
        no event has this id.
        """
        with self._editing() as conn:
            edits.delete_event(conn, event_id, editor=editor, version=version)

    def delete_report(self, report_id: str, *, editor: str) -> DeletedReport:
        """Delete a report with its events, claims and unresolved places.

        The report's content hash is remembered, so ingesting the same text again skips
        it unless forced (:meth:`save` with ``force=True``). :class:`RecordNotFoundError` when no
        report has this id.
        """
        with self._editing() as conn:
            return edits.delete_report(conn, report_id, editor=editor)

    def is_report_deleted(self, report_id: str) -> bool:
        """Return whether an editor deleted the report with this content hash."""
        with self.engine.connect() as conn:
            return bool(edits.deleted_ids(conn, [report_id]))

    def deleted_reports_frame(self) -> pd.DataFrame:
        """Return the deleted reports: ``id``, ``source_id``, ``deleted_at``, ``deleted_by``."""
        cols = ["id", "source_id", "deleted_at", "deleted_by"]
        stmt = select(*(deleted_reports.c[c] for c in cols)).order_by(deleted_reports.c.deleted_at)
        with self.engine.connect() as conn:
            return pd.DataFrame(conn.execute(stmt).all(), columns=cols)

    def audit_rows(
        self,
        *,
        target_kind: str | None = None,
        target_id: int | str | None = None,
        report_id: str | None = None,
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Return the audit log, oldest first (with ``limit``: the newest ``limit`` rows).

        ``before``/``after`` are the decoded values; filter by target or by report.
        """
        with self.engine.connect() as conn:
            return read_audit(
                conn, target_kind=target_kind, target_id=target_id, report_id=report_id,
                limit=limit,
            )  # fmt: skip

    def audit_frame(self, **kwargs: Any) -> pd.DataFrame:
        """Return :meth:`audit_rows` as a DataFrame with :data:`AUDIT_COLUMNS`."""
        rows = [dataclasses.astuple(e) for e in self.audit_rows(**kwargs)]
        return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))

    def edit_version(self) -> int:
        """Return the id of the newest audit row (0 if none): changes with every edit.

        :meth:`data_version` only sees events added; add this to a cache key to see edits.
        """
        with self.engine.connect() as conn:
            return last_audit_id(conn)

    # -- reading -----------------------------------------------------------------------

    def event_rows(self, flt: EventFilter | None = None) -> list[tuple[Any, ...]]:
        """Return the matching events as plain tuples in :data:`EVENT_COLUMNS` order.

        Missing values are ``None`` (never NaN); sorted by date (unknown last), then id.
        The fast path for exports, which need no DataFrame.
        """
        cols = [events.c[name] for name in EVENT_COLUMNS if name in events.c]
        # The ids first (from an index), then the rows by id: read in table order, the
        # rows of a large selection come a third faster than in index order (measured on
        # 100k of 1M events). Not correlated: the inner query has its own ``events``.
        matching = (
            select(events.c.id)
            .select_from(self._dash_from(flt, None))
            .where(*self._where(flt))
            .correlate(None)
        )
        stmt = (
            select(*cols, *_REPORT_EVENT_COLUMNS)
            .join(reports, reports.c.id == events.c.report_id)
            .where(events.c.id.in_(matching))
        )
        with self.engine.connect() as conn:
            rows = _plain_rows(conn.execute(stmt))
        # Sorted here rather than in SQL: ordering by "date IS NULL" would stop the
        # database from reading the rows in index order. Two stable sorts on C-level
        # keys (id, then date) instead of one on a tuple built per row.
        by_date, by_id = itemgetter(EVENT_COLUMNS.index("date")), itemgetter(0)
        dated = [r for r in rows if by_date(r) is not None]
        undated = [r for r in rows if by_date(r) is None]
        dated.sort(key=by_id)
        dated.sort(key=by_date)
        undated.sort(key=by_id)
        return dated + undated

    def events_frame(self, flt: EventFilter | None = None) -> pd.DataFrame:
        """Return the matching events, one row per event (see :data:`EVENT_COLUMNS`).

        ``date`` is an ISO string or ``None``; sorted by date (unknown last), then id.
        """
        return pd.DataFrame(self.event_rows(flt), columns=list(EVENT_COLUMNS))

    def claims_frame(
        self, event_ids: Sequence[int] | None = None, *, flt: EventFilter | None = None
    ) -> pd.DataFrame:
        """Return :meth:`claim_rows` as a DataFrame with :data:`CLAIM_COLUMNS`."""
        return pd.DataFrame(self.claim_rows(event_ids, flt=flt), columns=list(CLAIM_COLUMNS))

    def claim_rows(
        self, event_ids: Sequence[int] | None = None, *, flt: EventFilter | None = None
    ) -> list[tuple[Any, ...]]:
        """Return the claims of some events, ordered by event then claim.

        Parameters
        ----------
        event_ids
            Claims of these events; with ``flt``, of the events matching it instead; with
            neither, every located claim.
        flt
            Select the events by filter inside the database (faster than a long id list).
        """
        cols = [claims.c[name] for name in CLAIM_COLUMNS]
        stmt = select(*cols).order_by(claims.c.event_id, claims.c.id)
        if flt is not None:
            matching = (
                select(events.c.id).select_from(self._dash_from(flt, None)).where(*self._where(flt))
            )
            stmt = stmt.where(claims.c.event_id.in_(matching))
        elif event_ids is None:
            stmt = stmt.where(claims.c.event_id.is_not(None))
        with self.engine.connect() as conn:
            if event_ids is None or flt is not None:
                return _plain_rows(conn.execute(stmt))
            rows: list[tuple[Any, ...]] = []
            ids = list(event_ids)
            # Chunked IN lists: SQLite caps bound parameters per statement.
            for i in range(0, len(ids), 30_000):
                chunk = ids[i : i + 30_000]
                rows.extend(_plain_rows(conn.execute(stmt.where(claims.c.event_id.in_(chunk)))))
        return rows

    def unresolved_frame(self, report_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Return the unresolved places, optionally only of some reports."""
        stmt = select(unresolved_places).order_by(unresolved_places.c.id)
        if report_ids is not None:
            stmt = stmt.where(unresolved_places.c.report_id.in_(list(report_ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).mappings().all()
        return pd.DataFrame([dict(r) for r in rows])

    def report(self, report_id: str) -> Report | None:
        """Return a stored report, or ``None``."""
        with self.engine.connect() as conn:
            row = conn.execute(select(reports).where(reports.c.id == report_id)).mappings().first()
        if row is None:
            return None
        return Report(
            id=row["id"],
            source_id=row["source_id"],
            title=row["title"],
            url=row["url"],
            text=row["text"],
            published=dt.date.fromisoformat(row["published"]) if row["published"] else None,
            published_basis=row["published_basis"],
            ingested_at=dt.datetime.fromisoformat(row["ingested_at"]),
            language=row["language"],
            language_probability=row["language_probability"],
        )

    def reports_frame(self) -> pd.DataFrame:
        """Return one row per stored report (without its text)."""
        n_events = (
            select(func.count())
            .where(events.c.report_id == reports.c.id)
            .correlate(reports)
            .scalar_subquery()
        )
        stmt = select(
            reports.c.id,
            reports.c.source_id,
            reports.c.title,
            reports.c.url,
            reports.c.published,
            reports.c.published_basis,
            reports.c.ingested_at,
            reports.c.language,
            n_events.label("n_events"),
        ).order_by(reports.c.ingested_at, reports.c.id)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        return pd.DataFrame(
            rows,
            columns=[
                "id",
                "source_id",
                "title",
                "url",
                "published",
                "published_basis",
                "ingested_at",
                "language",
                "n_events",
            ],
        )

    def count_events(self, flt: EventFilter | None = None) -> int:
        """Return how many events match."""
        stmt = (
            select(func.count())
            .select_from(events.join(reports, reports.c.id == events.c.report_id))
            .where(*self._where(flt))
        )
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def facets(self) -> Facets:
        """Return the distinct values the filters can choose from."""

        def distinct(col: Any, conn: Any) -> tuple[str, ...]:
            values = conn.execute(select(col).where(col.is_not(None)).distinct()).scalars()
            return tuple(sorted(str(v) for v in values))

        with self.engine.connect() as conn:
            n = int(conn.execute(select(func.count()).select_from(events)).scalar_one())
            dmin, dmax = conn.execute(
                select(func.min(events.c.date), func.max(events.c.date))
            ).one()
            actors = distinct(events.c.actor, conn)
            has_unknown = conn.execute(select(events.c.id).where(events.c.actor.is_(None))).first()
            return Facets(
                n_events=n,
                actors=actors + ((UNKNOWN_ACTOR,) if has_unknown else ()),
                claimants=distinct(claims.c.claimant, conn),
                countries=distinct(events.c.country, conn),
                admin1s=distinct(events.c.admin1, conn),
                precisions=distinct(events.c.precision, conn),
                date_min=dt.date.fromisoformat(dmin) if dmin else None,
                date_max=dt.date.fromisoformat(dmax) if dmax else None,
                languages=tuple(
                    sorted(
                        conn.execute(
                            select(reports.c.language)
                            .where(
                                reports.c.language.is_not(None),
                                # Per report, from the events' report index.
                                exists().where(events.c.report_id == reports.c.id),
                            )
                            .distinct()
                        ).scalars()
                    )
                ),
            )

    def _where(self, flt: EventFilter | None) -> list[ColumnElement[bool] | TextClause]:
        flt = flt or EventFilter()
        cond: list[ColumnElement[bool] | TextClause] = list(_where(flt))
        if flt.target_text:
            pattern = f"%{self._escape_like(flt.target_text.lower())}%"
            target = self._lowered(claims.c.claimed_target, pattern)
            cond.append(
                exists().where(claims.c.event_id == events.c.id, target.like(pattern, escape="\\"))
            )
        if flt.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            if self.engine.dialect.name == "postgresql":
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
            cond.extend(self._in_area(flt.area))
        return cond

    def _in_area(self, key: str) -> list[ColumnElement[bool] | TextClause]:
        from strikemap.gazetteer.area_polygons import prepared_area

        prepared = prepared_area(key)  # UnknownAreaError (a ValueError) names the key
        area = prepared.area
        min_lon, min_lat, max_lon, max_lat = prepared.bounds
        if self.engine.dialect.name == "postgresql":
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

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- dashboard reads (light, aggregated, paginated) --------------------------------

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
        ).select_from(self._dash_from(flt, search))
        stmt = stmt.where(*self._dash_where(flt, include_undated, search))
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
            .select_from(self._dash_from(flt, None))
            .where(*self._dash_where(flt, include_undated, None))
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
            select(*cols, *_REPORT_EVENT_COLUMNS)
            .join(reports, reports.c.id == events.c.report_id)
            .where(*self._dash_where(flt, include_undated, search))
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
        stmt = select(*cols, *_REPORT_EVENT_COLUMNS).join(
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
            .select_from(self._dash_from(flt, None))
            .where(*self._dash_where(flt, include_undated, None))
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
            .select_from(
                self._dash_from(flt, None).outerjoin(tolls, tolls.c.event_id == events.c.id)
            )
            .where(*self._dash_where(flt, include_undated, None))
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

    def _dash_from(self, flt: EventFilter | None, search: str | None) -> Any:
        # Only the report filter and the text search read report columns; skipping the
        # join saves a primary-key lookup per event (a third of a second per million).
        if (flt is not None and flt.report_ids) or search:
            return events.join(reports, reports.c.id == events.c.report_id)
        return events

    def _dash_where(
        self, flt: EventFilter | None, include_undated: bool | None, search: str | None
    ) -> list[ColumnElement[bool] | TextClause]:
        flt = flt or EventFilter()
        ranged = flt.date_from is not None or flt.date_to is not None
        if include_undated is None or (not ranged and include_undated):
            cond = self._where(flt)
        else:
            cond = self._where(dataclasses.replace(flt, date_from=None, date_to=None))
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
            pattern = f"%{self._escape_like(search.strip().lower())}%"
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
                        self._lowered(c, pattern).like(pattern, escape="\\")
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
                or_(*(self._lowered(c, pattern).like(pattern, escape="\\") for c in hay), in_claims)
            )
        return cond

    def _lowered(self, column: Any, pattern: str) -> ColumnElement[Any]:
        """Return ``column`` lower-cased as Python lower-cases ``pattern``.

        SQLite's ``lower()`` folds ASCII letters only, so "Школа" never matched a search for
        "школа". A pattern with a non-ASCII letter is compared with a Unicode fold (a
        function registered on each SQLite connection); an ASCII pattern keeps the
        built-in, which is exact for it and several times faster. PostgreSQL's
        ``lower()`` folds Unicode already.
        """
        if self.engine.dialect.name == "sqlite" and not pattern.isascii():
            return func.strikemap_lower(column)
        return func.lower(column)

    @staticmethod
    def _escape_like(text: str) -> str:
        """Escape LIKE wildcards so a searched ``%`` or ``_`` matches itself."""
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _plain_rows(result: CursorResult[Any]) -> list[tuple[Any, ...]]:
    """Return every row of a result as the driver's plain tuples.

    SQLAlchemy's Row objects cost more than the query itself on large reads; these
    columns need no result processing on SQLite or PostgreSQL.
    """
    if result.cursor is None:  # a statement that returns no rows
        return []
    return [tuple(row) for row in result.cursor.fetchall()]


def _where(flt: EventFilter) -> list[ColumnElement[bool]]:
    """Translate a filter into SQL conditions on ``events`` (joined with ``reports``).

    The bounding box is left to :meth:`Store._where`, so each backend can use its own
    spatial index.
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


def open_store(url: str | None = None, *, create: bool = True, read_only: bool = False) -> Store:
    """Open (and migrate) the store at ``url`` (default: :func:`default_db_url`).

    Parameters
    ----------
    url
        A SQLAlchemy URL.
    create
        Create a missing SQLite file (never with ``read_only``).
    read_only
        Open the database itself read-only (SQLite: a ``mode=ro`` URI; PostgreSQL:
        ``default_transaction_read_only`` on every connection), run no migration, and
        refuse every write with :class:`ReadOnlyStoreError`.

    Raises
    ------
    StoreError
        When the database cannot be opened, is not a strikemap store, is read-only
        while it still needs migrating, or (``read_only``) has an outdated schema.
    """
    url = url or default_db_url()
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a long message
        raise StoreError(f"not a database URL: {url!r}") from exc
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        uri = parsed.query.get("uri") == "true" or parsed.database.startswith("file:")
        if not uri and not path.exists() and (read_only or not create):
            raise StoreError(f"no strikemap database at {path}")
        if not read_only and not uri:  # a file: URI is not a folder path to create
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from exc
        elif not uri:
            parsed = _sqlite_read_only_url(path)
    elif read_only and is_sqlite:
        raise StoreError("an in-memory SQLite store cannot be opened read-only")
    kwargs: dict[str, Any] = {}
    if read_only and parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"options": "-c default_transaction_read_only=on"}
    try:
        engine = create_engine(parsed, future=True, **kwargs)
    except Exception as exc:
        raise StoreError(f"cannot open {url!r}: {exc}") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    shown = make_url(url).render_as_string(hide_password=True) if read_only else None
    store = Store(engine, read_only=read_only, url=shown)
    try:
        if read_only:
            with engine.connect() as conn:
                _check_schema(store, conn)
        else:
            with store.writer() as conn:
                migrate(conn)
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"cannot use {store.url} as a strikemap store: {_describe(exc)}") from exc
    except (RuntimeError, StoreError) as exc:
        engine.dispose()
        raise StoreError(str(exc)) from exc
    return store


def _sqlite_read_only_url(path: Path) -> Any:
    """Return the SQLAlchemy URL opening a SQLite file through a read-only ``file:`` URI."""
    from urllib.parse import quote

    from sqlalchemy.engine import URL

    target = quote(str(path.resolve()), safe="/")
    return URL.create("sqlite", database=f"file:{target}", query={"mode": "ro", "uri": "true"})


def _check_schema(store: Store, conn: Connection) -> None:
    """Refuse a read-only store whose schema is not the one this strikemap writes."""
    done = applied_migrations(conn)
    if not done:
        raise StoreError(f"{store.url} is not a strikemap store (or is empty)")
    known = [name for name, _ in MIGRATIONS]
    newer = sorted(set(done) - set(known))
    if newer:
        raise StoreError(
            f"{store.url} was written by a newer strikemap (unknown migrations: "
            f"{', '.join(newer)}); upgrade strikemap"
        )
    pending = [name for name in known if name not in done]
    if pending:
        raise StoreError(
            f"{store.url} has an outdated schema ({len(pending)} migration(s) pending, "
            f"from {pending[0]}) and is open read-only; open it once writable to upgrade it"
        )
