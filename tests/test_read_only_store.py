"""A store opened read-only reads as usual, refuses every write clearly and runs no migration."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from factories import make_report, sample_extraction
from strikemap.model import Extraction
from strikemap.store import (
    ClaimEdit,
    EventEdit,
    ReadOnlyStoreError,
    Store,
    StoreError,
    open_store,
)
from strikemap.store.migrations import MIGRATIONS

WRITES: dict[str, Callable[[Store], object]] = {
    "save": lambda s: s.save(sample_extraction()),
    "edit_event": lambda s: s.edit_event(1, EventEdit(actor="x"), editor="t", version=1),
    "edit_claim": lambda s: s.edit_claim(1, ClaimEdit(killed=1), editor="t", version=1),
    "delete_event": lambda s: s.delete_event(1, editor="t"),
    "delete_report": lambda s: s.delete_report(sample_extraction().report.id, editor="t"),
    "merge_incidents": lambda s: s.merge_incidents(1, 2, editor="t"),
    "split_event": lambda s: s.split_event(1, editor="t"),
}


def _files(folder: Path) -> dict[str, str]:
    """Hash the database files; a WAL reader may add an empty ``-wal`` and its ``-shm``."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if not p.name.endswith("-shm") and not (p.name.endswith("-wal") and not p.stat().st_size)
    }


@pytest.fixture()
def sqlite_path(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "store.db"
    store = open_store(f"sqlite:///{path}")
    store.save(sample_extraction())
    store.dispose()  # checkpoints the WAL into the file
    return path


def test_reads_work_and_every_write_is_refused_in_one_line(sqlite_path: Path) -> None:
    before = _files(sqlite_path.parent)
    store = open_store(f"sqlite:///{sqlite_path}", read_only=True)
    assert store.read_only and store.url == f"sqlite:///{sqlite_path}"
    assert store.count_events() == 3 and len(store.claims_frame()) == 3
    assert store.event_record(1).version == 1 and store.audit_rows() == []
    for name, write in WRITES.items():
        with pytest.raises(ReadOnlyStoreError) as info:
            write(store)
        message = str(info.value)
        assert message.startswith("the store is open read-only"), name
        assert "\n" not in message and isinstance(info.value, StoreError)
    # A batch reports the refusal per report instead of raising.
    other = make_report("Jets hit Hama.", "h.txt")
    (result,) = store.save_many([Extraction(report=other)])
    assert result.error is not None and result.error.startswith("the store is open read-only")
    store.dispose()
    assert _files(sqlite_path.parent) == before


def test_the_database_itself_is_opened_read_only(sqlite_path: Path) -> None:
    store = open_store(f"sqlite:///{sqlite_path}", read_only=True)
    with store.engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.execute(text("DELETE FROM claims"))
    store.dispose()
    assert open_store(f"sqlite:///{sqlite_path}").count_events() == 3


def test_a_path_with_uri_characters_opens(tmp_path: Path) -> None:
    path = tmp_path / "odd ?#% name.db"
    open_store(f"sqlite:///{path}").dispose()
    store = open_store(f"sqlite:///{path}", read_only=True)
    assert store.count_events() == 0
    store.dispose()


def test_no_migration_runs_and_an_outdated_schema_is_one_error(tmp_path: Path, monkeypatch) -> None:
    from strikemap.store import migrations

    path = tmp_path / "old.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:-1])
    open_store(f"sqlite:///{path}").dispose()
    monkeypatch.undo()
    before = _files(tmp_path)
    with pytest.raises(StoreError, match=r"outdated schema \(1 migration\(s\) pending") as info:
        open_store(f"sqlite:///{path}", read_only=True)
    assert "open it once writable" in str(info.value) and "\n" not in str(info.value)
    assert _files(tmp_path) == before


@pytest.mark.parametrize(
    "setup, message",
    [
        ("missing", "no strikemap database at"),
        ("empty", "is not a strikemap store"),
        ("garbage", "as a strikemap store: file is not a database"),
    ],
)
def test_a_missing_or_foreign_file_is_one_error(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "x.db"
    if setup == "empty":
        path.write_bytes(b"")
    elif setup == "garbage":
        path.write_bytes(b"not a database at all " * 300)
    with pytest.raises(StoreError, match=message):
        open_store(f"sqlite:///{path}", read_only=True)
    assert path.exists() == (setup != "missing")
    if setup == "empty":
        assert path.read_bytes() == b""


def test_an_in_memory_store_cannot_be_read_only() -> None:
    with pytest.raises(StoreError, match="in-memory"):
        open_store("sqlite://", read_only=True)


@pytest.mark.server
def test_postgis_read_only_connections_refuse_writes(postgis_url: str) -> None:
    open_store(postgis_url).save(sample_extraction())
    store = open_store(postgis_url, read_only=True)
    try:
        assert store.read_only and store.count_events() == 3
        for write in WRITES.values():
            with pytest.raises(ReadOnlyStoreError):
                write(store)
        # Even SQL sent past the store is refused by the server.
        with store.engine.connect() as conn, pytest.raises(Exception, match="read-only"):
            conn.execute(text("DELETE FROM claims"))
    finally:
        store.dispose()
    assert open_store(postgis_url).count_events() == 3


@pytest.mark.server
def test_postgis_outdated_schema_is_refused_read_only(postgis_url: str, monkeypatch) -> None:
    from strikemap.store import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:-1])
    open_store(postgis_url).dispose()
    monkeypatch.undo()
    with pytest.raises(StoreError, match="outdated schema"):
        open_store(postgis_url, read_only=True)
