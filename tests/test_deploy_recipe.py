"""docs/deploy.md's read-only role, run on a real PostGIS server as the recipe says."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dashboard_fixtures import synthetic_extractions
from strikemap.store import StoreError, open_store

pytestmark = pytest.mark.server

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def recipe_sql() -> str:
    """Return the ```sql block of docs/deploy.md."""
    [block] = re.findall(r"```sql\n(.*?)```", DEPLOY.read_text(encoding="utf-8"), re.DOTALL)
    return block


@pytest.fixture
def team_database(postgis_server_url: str) -> Iterator[tuple[str, str]]:
    """A database owned by a writer role, its schema made by strikemap, and the reader role.

    Returns the writer's and the reader's URLs. Role names get a unique suffix, since roles
    are shared by every database of the server.
    """
    tag = uuid.uuid4().hex[:8]
    writer, reader, database = f"writer_{tag}", f"reader_{tag}", f"team_{tag}"
    server = postgis_server_url.rsplit("/", 1)[0]
    admin = create_engine(postgis_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {writer} LOGIN")
        conn.exec_driver_sql(f"CREATE DATABASE {database} OWNER {writer}")
    in_db = create_engine(
        f"{postgis_server_url.rsplit('/', 1)[0]}/{database}", isolation_level="AUTOCOMMIT"
    )
    with in_db.connect() as conn:
        conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    writer_url = f"{server.replace('postgres@', f'{writer}@')}/{database}"
    store = open_store(writer_url)  # the first strikemap command creates the schema
    for extraction in synthetic_extractions(8, hostile=False):
        store.save(extraction)
    store.dispose()
    sql = (
        recipe_sql()
        .replace("strikemap_reader", reader)
        .replace("DATABASE strikemap", f"DATABASE {database}")
        .replace("FOR ROLE strikemap", f"FOR ROLE {writer}")
    )
    with in_db.connect() as conn:  # as a superuser, as the recipe says
        for statement in filter(str.strip, sql.split(";")):
            conn.exec_driver_sql(statement)
    in_db.dispose()
    try:
        yield writer_url, f"{server.replace('postgres@', f'{reader}@')}/{database}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {reader}")
            conn.exec_driver_sql(f"DROP ROLE IF EXISTS {writer}")
        admin.dispose()


def test_the_reader_role_reads_and_cannot_write(team_database: tuple[str, str]) -> None:
    writer_url, reader_url = team_database
    viewer = open_store(reader_url, read_only=True)
    try:
        assert len(viewer.events_frame()) == 8
        assert viewer.facets().n_events == 8
    finally:
        viewer.dispose()

    # Even opened for writing, the role's own read-only transactions refuse every change.
    extra = synthetic_extractions(12, hostile=False, seed=7)[-1]
    before = _event_count(writer_url)
    with pytest.raises(StoreError) as err:
        store = open_store(reader_url)
        try:
            store.save(extra)
        finally:
            store.dispose()
    assert "\n" not in str(err.value)
    assert _event_count(writer_url) == before

    engine = create_engine(reader_url)
    with engine.connect() as conn, pytest.raises(Exception, match="read-only transaction"):
        conn.execute(text("DELETE FROM claims"))
    engine.dispose()


def _event_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        n = int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())
    engine.dispose()
    return n
