"""The store's database: :class:`Store` and :func:`open_store`.

What the store keeps and how it writes is told in :mod:`strikemap.store`, whose names
this module's are imported through (on first use, as they need SQLAlchemy).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    DatabaseError,
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
)

from strikemap.model import Extraction
from strikemap.settings import default_db_url
from strikemap.store import edits, sqlite_connection
from strikemap.store.audit import AUDIT_COLUMNS, AuditEntry, last_audit_id, read_audit
from strikemap.store.columns import (
    SaveResult,
)
from strikemap.store.dashboard_reads import DashboardReads
from strikemap.store.edits import (
    ClaimEdit,
    DeletedReport,
    EventEdit,
    EventRecord,
)
from strikemap.store.errors import ReadOnlyStoreError, StoreError
from strikemap.store.migrations import MIGRATIONS, applied_migrations, migrate
from strikemap.store.reads import StoreReads
from strikemap.store.rows import insert_extractions
from strikemap.store.schema import deleted_reports, reports
from strikemap.store.sqlite_connection import use_writer_cache

__all__ = ["INGEST_EDITOR", "Store", "open_store"]

INGEST_EDITOR = "ingest --force"
"""The editor an audit row names when a forced ingest brings back a deleted report."""

_WRITE_REFUSED = frozenset({"25006", "42501"})
"""PostgreSQL's "read-only transaction" and "insufficient privilege" error codes."""


def _describe(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


class Store(StoreReads, DashboardReads):
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
                use_writer_cache(conn)
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
                insert_extractions(conn, [extraction])
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
                    insert_extractions(conn, todo)
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

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


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
            parsed = sqlite_connection.read_only_url(path)
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
        event.listen(engine, "connect", sqlite_connection.on_connect)
        event.listen(engine, "begin", sqlite_connection.on_begin)
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
