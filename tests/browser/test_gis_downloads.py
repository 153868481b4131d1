"""The GeoPackage, KML and GeoParquet buttons download the filtered events in a real browser.

Their files are built on click (Streamlit's deferred downloads), a path AppTest does not
take: this clicks each button and reads the file back with geopandas.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import MAP_IFRAME, chromium, require_browser, running_app, watched_page
from dashboard_fixtures import build_store
from strikemap.export import export_geojson
from strikemap.filters import EventFilter
from strikemap.store import open_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('gis') / 'store.db'}"
    build_store(url, 24).dispose()
    with running_app(url) as base:
        yield base, url


def test_gis_buttons_download_the_filtered_events(app: tuple[str, str]) -> None:
    base, db_url = app
    store = open_store(db_url)
    expected = [f["id"] for f in export_geojson(store, EventFilter(actors=("Russia",)))["features"]]
    store.dispose()
    with chromium() as browser:
        watched = watched_page(browser, [base.split("//")[1]])
        page = watched.page
        page.goto(f"{base}/?actor=Russia", wait_until="domcontentloaded")
        page.wait_for_selector(MAP_IFRAME, timeout=60_000)
        for label, suffix in (
            ("Download GeoPackage", ".gpkg"),
            ("Download KML", ".kml"),
            ("Download GeoParquet", ".parquet"),
        ):
            with page.expect_download(timeout=60_000) as dl:
                page.get_by_role("button", name=label).click()
            assert dl.value.suggested_filename == f"strikemap-events{suffix}"
            path = Path(dl.value.path()).with_suffix(suffix)
            Path(dl.value.path()).rename(path)
            frame = gpd.read_parquet(path) if suffix == ".parquet" else gpd.read_file(path)
            assert [int(i) for i in frame["event_id"]] == expected, label
        assert not watched.foreign and not watched.errors
