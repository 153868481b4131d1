"""The Areas page: a choropleth and table of events per area; clicking an area filters."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    MAP_IFRAME,
    NAV_LINK,
    SHOTS,
    checked_page,
    require_browser,
    running_app,
    wait_until,
)
from dashboard_fixtures import build_store
from strikemap.filters import EventFilter
from strikemap.gazetteer._store import write_index
from strikemap.model import Place
from strikemap.store import open_store

pytestmark = pytest.mark.browser

# Three made-up Syrian provinces around the synthetic events' towns.
_AREAS = {
    "t:south": ("South Test", box(36.0, 34.0, 37.2, 35.0)),
    "t:middle": ("Middle Test", box(36.0, 35.0, 37.2, 35.45)),
    "t:north": ("North Test", box(36.0, 35.45, 37.2, 36.2)),
}


@pytest.fixture(scope="module")
def areas_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    require_browser()
    root = tmp_path_factory.mktemp("areas")
    gazetteer = root / "gazetteer"
    write_index(
        gazetteer / "index.sqlite",
        [Place("t:town", "Sometown", kind="town", country="SY", lat=35.0, lon=36.5)],
        {"kind": "test"},
    )
    (gazetteer / "layers").mkdir()
    places = [
        Place(pid, name, kind="admin1", country="SY", lat=g.centroid.y, lon=g.centroid.x)
        for pid, (name, g) in _AREAS.items()
    ]
    write_index(
        gazetteer / "layers" / "test-areas.sqlite",
        places,
        {"kind": "layer"},
        geometries={pid: g.wkb for pid, (_, g) in _AREAS.items()},
    )
    url = f"sqlite:///{root / 'store.db'}"
    build_store(url, 48).dispose()
    with running_app(url, env={"STRIKEMAP_GAZETTEER": str(gazetteer)}) as base:
        yield base, url, str(gazetteer)


@pytest.fixture
def page(areas_app: tuple[str, str, str]) -> Iterator[Any]:
    with checked_page(areas_app[0]) as opened:
        yield opened


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(str(page.evaluate("() => window.location.href"))).query)


def _click_area(page: Any, key: str) -> None:
    """Click (with the mouse) the middle of the area whose feature has ``key``."""
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
    point = frame.locator("body").evaluate(
        """(b, key) => {
            let found = null;
            window.map.eachLayer(l => {
                if (l.feature && l.feature.properties.key === key) {
                    found = window.map.latLngToContainerPoint(l.getBounds().getCenter());
                }
            });
            return found && [found.x, found.y];
        }""",
        key,
    )
    assert point, f"no area {key} on the map"
    frame_box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(frame_box["x"] + point[0], frame_box["y"] + point[1])


def test_clicking_an_area_filters_every_page_to_it(
    page: Any, areas_app: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, url, gazetteer = areas_app
    monkeypatch.setenv("STRIKEMAP_GAZETTEER", gazetteer)
    store = open_store(url)
    expected = len(store.events_frame(EventFilter(area="gz:t:north")))
    store.dispose()
    assert 0 < expected < 48

    page.goto(f"{base}/areas?country=SY", wait_until="domcontentloaded")
    assert wait_until(lambda: page.get_by_text("placed in an area").count() > 0, 60)
    assert wait_until(lambda: page.get_by_text("uncertain (their location").count() > 0)
    page.screenshot(path=str(SHOTS / "areas-page.png"), full_page=True)

    _click_area(page, "gz:t:north")
    assert wait_until(lambda: _query(page).get("area") == ["gz:t:north"], 60)
    assert wait_until(lambda: page.get_by_text("North Test (SY, admin1)").count() > 0, 30)

    page.locator(NAV_LINK, has_text="Map").first.click()
    marker = "events match the filters"
    text = wait_until(
        lambda: page.get_by_text(marker).count() and page.get_by_text(marker).first.inner_text(),
        60,
    )
    assert int(str(text).split()[0]) == expected
    assert _query(page).get("area") == ["gz:t:north"]

    page.get_by_role("button", name="Clear the area filter").click()
    assert wait_until(lambda: "area" not in _query(page), 30)
