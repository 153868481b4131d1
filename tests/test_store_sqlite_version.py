"""An SQLite store's data version read with sqlite3 alone: the same triple as the store's."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from dashboard_fixtures import build_store
from strikemap.store import EventEdit
from strikemap.store.sqlite_version import read_sqlite_version, sqlite_file


def test_the_version_is_the_stores_own_before_and_after_an_edit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = build_store(url, 12)
    assert read_sqlite_version(url) == (*store.data_version(), store.edit_version())
    eid = int(store.events_frame()["id"].iloc[0])
    store.edit_event(eid, EventEdit(actor="Syria"), editor="ana", version=1)
    version = read_sqlite_version(url)
    assert version == (*store.data_version(), store.edit_version())
    assert version is not None and version[2] > 0
    store.dispose()


def test_anything_else_is_left_to_the_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert read_sqlite_version(f"sqlite:///{missing}") is None
    assert not missing.exists(), "nothing is created"
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()  # an empty SQLite file: not (yet) a store
    assert read_sqlite_version(f"sqlite:///{other}") is None
    for url in (
        "postgresql+psycopg://u:p@localhost/strikemap",
        "sqlite://",
        "sqlite:///:memory:",
        f"sqlite:///{other}?mode=ro",
    ):
        assert read_sqlite_version(url) is None, url


def test_sqlite_file_reads_urls_as_sqlalchemy_does() -> None:
    assert sqlite_file("sqlite:///store.db") == Path("store.db")
    assert sqlite_file("sqlite:////srv/strikemap/store.db") == Path("/srv/strikemap/store.db")
    assert sqlite_file("sqlite+pysqlite:////srv/s.db") == Path("/srv/s.db")
    assert sqlite_file("postgresql://localhost/x") is None


def test_the_store_vocabulary_comes_without_sqlalchemy() -> None:
    # The dashboard's first run imports these (and the Map page); SQLAlchemy only comes
    # with the store's database module, on first use of Store or open_store.
    code = (
        "import sys\n"
        "from strikemap.store import EVENT_COLUMNS, Facets, StoreError\n"
        "import strikemap.dashboard.app, strikemap.dashboard.page_map\n"
        "assert 'sqlalchemy' not in sys.modules, 'SQLAlchemy imported'\n"
        "from strikemap.store import open_store\n"
        "assert 'sqlalchemy' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
