"""Faults around the store: old schemas, read-only and full databases, killed writers."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event

from factories import sample_extraction, table_counts
from strikemap.store import StoreError, open_store
from strikemap.store.migrations import MIGRATIONS, applied_migrations
from strikemap.store.schema import migrations_table


def test_database_from_an_older_version_is_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    first_name, first_step = MIGRATIONS[0]
    with engine.begin() as conn:  # what strikemap 0.1's first release wrote
        migrations_table.create(conn)
        first_step(conn)
        conn.execute(migrations_table.insert().values(name=first_name, applied_at="2026-01-01"))
    engine.dispose()
    store = open_store(url)
    store.save(sample_extraction())  # written through the upgraded schema
    with store.engine.connect() as conn:
        assert applied_migrations(conn) == [name for name, _ in MIGRATIONS]
    assert store.count_events() == 3


def test_read_only_database_refuses_writes_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_store(f"sqlite:///{path}").save(sample_extraction())
    ro_url = f"sqlite:///file:{path}?mode=ro&uri=true"
    before = table_counts(f"sqlite:///{path}")
    store = open_store(ro_url)
    assert store.count_events() == 3  # reading still works
    extraction = sample_extraction()
    extraction.report = extraction.report.__class__(
        **{
            **{f: getattr(extraction.report, f) for f in extraction.report.__slots__},
            "id": "x" * 64,
        }
    )
    with pytest.raises(StoreError, match=r"could not write.*readonly"):
        store.save(extraction)
    assert table_counts(f"sqlite:///{path}") == before


def test_full_disk_leaves_data_exactly_as_it_was(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'full.db'}"
    open_store(url).save(sample_extraction())
    before = table_counts(url)
    store = open_store(url)

    @event.listens_for(store.engine, "connect")
    def _tiny_disk(dbapi_conn, _record):  # SQLite's own "disk full": a page budget
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count={pages + 1}")
        cur.close()

    store.engine.dispose()  # reconnect with the budget
    big = sample_extraction()
    text = big.report.text + " filler" * 200_000
    big.report = big.report.__class__(
        id="f" * 64,
        source_id="big.txt",
        title=None,
        url=None,
        text=text,
        published=None,
        published_basis="unknown",
    )
    with pytest.raises(StoreError, match="full"):
        store.save(big)
    store.dispose()
    assert table_counts(url) == before


def test_corrupted_database_gives_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    store = open_store(f"sqlite:///{path}")
    store.save(sample_extraction())
    store.dispose()  # checkpoints the WAL into the file
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # trash the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        open_store(f"sqlite:///{path}")
    assert "\n" not in str(info.value) and "strikemap store" in str(info.value)


WRITER = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
    from factories import numbered_extraction
    from strikemap.store import open_store

    store = open_store(sys.argv[1])
    for n in range(int(sys.argv[2])):
        extraction = numbered_extraction(n, claims_per_event=2)
        if n % 2:
            store.save(extraction)
        else:
            store.save_many([extraction])
        print(n, flush=True)
    """
)


def test_killed_writer_leaves_every_report_whole_or_absent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(4)
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, str(script), url, "400"], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # it has started writing
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        n_reports, n_events, n_claims = table_counts(url)
        assert n_events == 5 * n_reports and n_claims == 10 * n_reports
    # Re-running finishes the job without duplicates.
    subprocess.run([sys.executable, str(script), url, "400"], check=True, capture_output=True)
    assert table_counts(url) == (400, 2000, 4000)
