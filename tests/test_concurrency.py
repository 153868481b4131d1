"""Several processes on one store: concurrent writers, a reader during writes, Dask workers."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factories import table_counts
from strikemap.store import open_store

WRITER = textwrap.dedent(
    f"""
    import sys
    sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
    from factories import numbered_extraction
    from strikemap.store import open_store

    url, order, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(url)
    numbers = list(range(200))
    if order == "reverse":
        numbers.reverse()
    items = [numbered_extraction(n) for n in numbers]
    for i in range(0, len(items), batch):
        chunk = items[i : i + batch]
        if batch == 1:
            store.save(chunk[0])
        else:
            store.save_many(chunk)
    """
)

READER = textwrap.dedent(
    """
    import sys, time
    from strikemap.store import open_store

    store = open_store(sys.argv[1])
    deadline = time.time() + float(sys.argv[2])
    reads = 0
    while time.time() < deadline:
        frame = store.events_frame()
        assert len(frame) % 5 == 0, len(frame)  # never a half-written report
        reads += 1
    print(reads)
    """
)


def test_two_writers_and_a_reader_lose_and_duplicate_nothing(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).dispose()  # migrate once up front
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER)
    reader = tmp_path / "reader.py"
    reader.write_text(READER)
    procs = [
        subprocess.Popen([sys.executable, str(writer), db_url, "forward", "1"]),
        subprocess.Popen([sys.executable, str(writer), db_url, "reverse", "7"]),
    ]
    read = subprocess.run(
        [sys.executable, str(reader), db_url, "3"], capture_output=True, text=True, timeout=120
    )
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    assert read.returncode == 0, read.stderr
    assert int(read.stdout) > 0
    assert table_counts(db_url) == (200, 1000, 1000)


@pytest.mark.slow
def test_dask_cluster_extracts_like_one_process(tmp_path: Path) -> None:
    from distributed import LocalCluster

    from strikemap.pipeline import ingest_batch
    from strikemap.read import read_text

    texts = [
        f"Russian warplanes struck a depot in Idlib on Thursday, the ministry said ({i})."
        for i in range(8)
    ]
    import datetime as dt

    batch = [
        read_text(t, source_id=f"r{i}.txt", published=dt.date(2015, 10, 1))
        for i, t in enumerate(texts)
    ]
    serial = open_store(f"sqlite:///{tmp_path / 'serial.db'}")
    ingest_batch(batch, serial)
    distributed = open_store(f"sqlite:///{tmp_path / 'dask.db'}")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        outcomes = ingest_batch(batch, distributed, scheduler=cluster.scheduler_address)
    assert all(o.error is None for o in outcomes)
    cols = ["place_name", "date", "actor", "lat", "lon"]
    a = serial.events_frame()[cols].sort_values(cols).reset_index(drop=True)
    b = distributed.events_frame()[cols].sort_values(cols).reset_index(drop=True)
    assert len(a) == 8 and a.equals(b)
    # Resumable: a second run skips everything.
    again = ingest_batch(batch, distributed, workers=2)
    assert not any(o.added for o in again)


@pytest.mark.slow
def test_worker_processes_extract_like_one_process(tmp_path: Path) -> None:
    import datetime as dt

    from strikemap.pipeline import ingest_batch
    from strikemap.read import read_text

    batch = [
        read_text(
            f"Israeli jets hit a base near Damascus on Monday ({i}).",
            source_id=f"d{i}.txt",
            published=dt.date(2023, 5, 3),
        )
        for i in range(6)
    ]
    one = open_store(f"sqlite:///{tmp_path / 'one.db'}")
    two = open_store(f"sqlite:///{tmp_path / 'two.db'}")
    ingest_batch(batch, one)
    ingest_batch(batch, two, workers=2)
    cols = ["place_name", "date", "actor"]
    assert one.events_frame()[cols].equals(two.events_frame()[cols])
    assert len(one.events_frame()) == 6
