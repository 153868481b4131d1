"""The dashboard's server-start warm-up: what it imports, what it caches, how it fails."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dashboard_fixtures import build_store
from strikemap.dashboard import loaders
from strikemap.dashboard.warmup import lifespan, preload_data, warm_up
from strikemap.store import Store

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, 24).dispose()
    loaders.clear_caches()  # the loaders' caches are per process, shared by tests
    return url


def test_app_py_is_served_as_an_app_with_the_warm_up() -> None:
    # `streamlit run app.py` serves an st.App only when it finds one in the file; if
    # this broke, the dashboard would still run, just cold again.
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(APP)
    assert found.is_asgi_app and found.import_string == "app:app"
    assert "lifespan=lifespan" in APP.read_text(encoding="utf-8")


def test_warm_up_without_a_server_imports_the_pages_but_not_the_map_component() -> None:
    # streamlit_folium registers its component only when imported inside a session or
    # registered with a running server (the warm-up does that); imported otherwise, the
    # map stayed blank (its files answered 404). The browser tests see the map painted.
    code = (
        "import sys\n"
        "from strikemap.dashboard.warmup import import_pages\n"
        "r = import_pages()\n"
        "assert r.error is None, r.error\n"
        "assert 'strikemap.dashboard.page_map' in sys.modules\n"
        "assert 'folium' in sys.modules and 'pandas' in sys.modules\n"
        "assert 'streamlit_folium' not in sys.modules, 'component imported too early'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_preload_fills_the_caches_the_first_paint_reads(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: dict[str, int] = {"facets": 0, "map_frame": 0}
    for name in calls:
        original = getattr(Store, name)

        def counted(self: Store, *a: Any, _n: str = name, _f: Any = original, **k: Any) -> Any:
            calls[_n] += 1
            return _f(self, *a, **k)

        monkeypatch.setattr(Store, name, counted)
    report = preload_data(db_url)
    assert report.error is None and report.done.is_set()
    assert set(report.steps) == {"map columns", "place labels", "later imports", "facets"}
    assert calls == {"facets": 1, "map_frame": 1}
    # What a session then reads comes from the caches, not from the store.
    cols = loaders.load_columns(db_url, loaders.data_version(db_url))
    facets = loaders.load_facets(db_url)
    assert len(cols) == facets.n_events == 24
    assert calls == {"facets": 1, "map_frame": 1}


def test_warm_up_reports_a_broken_store_instead_of_raising(tmp_path: Path) -> None:
    junk = tmp_path / "not-a-store.db"
    junk.write_bytes(b"this is not an SQLite database" * 100)
    report = warm_up(f"sqlite:///{junk}")
    assert report.done.is_set()
    assert report.error is not None
    assert "stopped" in report.summary()


def test_lifespan_answers_at_once_and_warms_up_in_the_background(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRIKEMAP_DB", db_url)
    switch = sys.getswitchinterval()

    async def run() -> Any:
        async with lifespan(None) as state:
            return state["warm_up"]

    report = asyncio.run(run())
    assert report.done.wait(60), "the background warm-up never finished"
    assert report.error is None, report.error
    assert report.db_url == db_url
    assert list(report.steps) == [
        "imports",
        "map columns",
        "place labels",
        "later imports",
        "facets",
    ]
    assert sys.getswitchinterval() == switch, "the switch interval is restored"
    assert gc.isenabled(), "the garbage collector runs again"
