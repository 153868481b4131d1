"""Shared fixtures. Tests never touch the user's own store: STRIKEMAP_HOME is a temp dir."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from strikemap.settings import gazetteer_dir

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[1] / "shared"
sys.path.insert(0, str(TESTS))  # lets tests import factories/fixtures modules
# Property tests check answers, never time: hypothesis's per-example deadline (200 ms)
# failed them on a loaded machine, where one example can wait a quarter of a second.
settings.register_profile("answers-only", deadline=None)
settings.load_profile("answers-only")
# The default gazetteer built by setup, located before STRIKEMAP_HOME is redirected.
REAL_GAZETTEER = os.environ.get("STRIKEMAP_GAZETTEER") or str(gazetteer_dir())


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STRIKEMAP_HOME", str(home))
    monkeypatch.delenv("STRIKEMAP_DB", raising=False)
    monkeypatch.setenv("STRIKEMAP_GAZETTEER", REAL_GAZETTEER)
    yield


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only beside a development checkout)")
    return path


@pytest.fixture(scope="session")
def postgis_server_url() -> str:
    """Start the throwaway PostGIS server (scripts/pg_server.sh) and return its admin URL."""
    import shutil
    import subprocess

    if not shutil.which("psql") and not list(Path("/usr/lib/postgresql").glob("*/bin")):
        message = "PostgreSQL is not installed (bash scripts/setup.sh --dev installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = subprocess.run(
        ["bash", str(TESTS.parent / "scripts" / "pg_server.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip().splitlines()[-1]


@pytest.fixture()
def postgis_url(postgis_server_url: str):
    """Return the URL of a fresh, empty database on the PostGIS server (dropped afterwards)."""
    import uuid

    from sqlalchemy import create_engine

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgis_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield postgis_server_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.server)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh store URL on each backend: SQLite always, PostGIS in the server run."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgis_url"))


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner whose commands get the small fake gazetteer (no index needed)."""
    import strikemap.gazetteer
    from extract_fakes import FakeGazetteer

    fake = FakeGazetteer()
    monkeypatch.setattr(strikemap.gazetteer, "load_gazetteer", lambda: fake)
    monkeypatch.setattr(strikemap.gazetteer, "shared_gazetteer", lambda: fake)
    return CliRunner()
