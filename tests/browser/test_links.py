"""Links reproduce a view: filters survive page switches, /map, map position, ?event=ID."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    MAP_IFRAME,
    NAV_LINK,
    SHOTS,
    chromium,
    require_browser,
    running_app,
    wait_until,
    wait_until_idle,
    watched_page,
)
from dashboard_fixtures import build_store
from strikemap.store import open_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def linked_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('links') / 'store.db'}"
    build_store(url, 24).dispose()
    with running_app(url) as base:
        yield base, url


@pytest.fixture
def page(linked_app: tuple[str, str]) -> Iterator[Any]:
    with chromium() as browser:
        watched = watched_page(browser, [urlsplit(linked_app[0]).netloc])
        yield watched.page
        assert watched.dialogs == [] and watched.foreign == []
        assert watched.errors == [], watched.errors
        watched.context.close()


def _url(page: Any) -> str:
    # The address bar as the page sees it: Playwright's page.url can lag behind
    # history.pushState calls made by the app.
    return str(page.evaluate("() => window.location.href"))


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(_url(page)).query)


def _nav(page: Any, title: str) -> None:
    assert wait_until_idle(page)
    page.locator(NAV_LINK, has_text=title).first.click()


def _count(page: Any, marker: str) -> int:
    text = wait_until(
        lambda: page.get_by_text(marker).count() and page.get_by_text(marker).first.inner_text(), 60
    )
    return int(str(text).split()[0].replace(",", ""))


def _zoom(page: Any) -> int:
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator(".leaflet-container").wait_for(timeout=60_000)
    return int(frame.locator("body").evaluate("b => window.map.getZoom()"))


def test_filters_survive_page_switches_and_back(page: Any, linked_app: tuple[str, str]) -> None:
    base, _ = linked_app
    page.goto(f"{base}/?actor=Russia", wait_until="domcontentloaded")
    n_map = _count(page, "events match the filters")
    _nav(page, "Events")
    assert wait_until(lambda: "/events" in _url(page))
    assert _query(page).get("actor") == ["Russia"]
    n_events = _count(page, "filtered events")
    assert n_events == n_map
    _nav(page, "Timeline")
    assert wait_until(lambda: "/timeline" in _url(page))
    assert _query(page).get("actor") == ["Russia"]
    _nav(page, "Map")
    assert wait_until(lambda: urlsplit(_url(page)).path == "/")
    assert _count(page, "events match the filters") == n_map
    query = _query(page)
    assert query.get("actor") == ["Russia"] and "undated" not in query
    page.go_back()
    assert wait_until(lambda: "/timeline" in _url(page))
    assert _query(page).get("actor") == ["Russia"]
    page.screenshot(path=str(SHOTS / "links_back.png"))


def test_map_path_and_position_reproduce_the_view(page: Any, linked_app: tuple[str, str]) -> None:
    base, _ = linked_app
    page.goto(f"{base}/map?lat=49.99&lon=36.23&zoom=9", wait_until="domcontentloaded")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    assert _zoom(page) == 9
    centre = (
        page.frame_locator(MAP_IFRAME)
        .locator("body")
        .evaluate("b => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    )
    assert abs(centre[0] - 49.99) < 0.05 and abs(centre[1] - 36.23) < 0.05
    page.screenshot(path=str(SHOTS / "links_position.png"))
    # Zooming writes the new position into the address bar.
    page.frame_locator(MAP_IFRAME).locator(".leaflet-control-zoom-in").click()
    assert wait_until(lambda: _query(page).get("zoom") == ["10"], 30)


def test_event_link_opens_the_event_page(page: Any, linked_app: tuple[str, str]) -> None:
    base, db_url = linked_app
    store = open_store(db_url)
    row = store.events_frame().iloc[0]
    store.dispose()
    page.goto(f"{base}/event?event={int(row['id'])}", wait_until="domcontentloaded")
    heading = page.get_by_role("heading", name=str(row["place_name"]))
    assert wait_until(lambda: heading.count() > 0, 60)
    assert wait_until(lambda: page.get_by_text("Claims").count() > 0)
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    time.sleep(1.0)
    page.screenshot(path=str(SHOTS / "event_page.png"), full_page=True)
    page.goto(f"{base}/event?event=999999", wait_until="domcontentloaded")
    assert wait_until(lambda: page.get_by_text("There is no event 999999").count() > 0, 60)


def test_unknown_link_parameters_open_the_default_view(
    page: Any, linked_app: tuple[str, str]
) -> None:
    base, _ = linked_app
    page.goto(f"{base}/?utm_source=mail&zoom=banana&from=yesterday", wait_until="domcontentloaded")
    assert _count(page, "events match the filters") == 24
    assert wait_until(lambda: page.get_by_text("utm_source").count() > 0, 30)


def test_brushing_the_timeline_sets_the_date_filter(page: Any, linked_app: tuple[str, str]) -> None:
    base, _ = linked_app
    page.goto(f"{base}/timeline", wait_until="domcontentloaded")
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.wait_for(timeout=60_000)
    time.sleep(1.0)
    box = chart.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] * 0.5
    page.mouse.move(box["x"] + box["width"] * 0.35, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=8)
    page.mouse.up()
    assert wait_until(lambda: "from" in _query(page) and "to" in _query(page), 30)
    page.screenshot(path=str(SHOTS / "timeline_brushed.png"))


def test_place_search_flies_the_map_there(page: Any, linked_app: tuple[str, str]) -> None:
    base, _ = linked_app
    page.goto(base, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    box = page.get_by_label("Find a place on the map")
    assert wait_until_idle(page)
    box.fill("Kharkiv")
    box.press("Enter")
    select = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').last
    select.wait_for(timeout=60_000)
    combo = select.get_by_role("combobox")
    assert wait_until_idle(page)
    combo.click()
    combo.fill("Kharkiv")
    # The city, by its label: which option the keyboard highlights depends on when the
    # list has rendered, and "Kharkiv Oblast" is listed too.
    page.get_by_role("option").filter(has_text=re.compile(r"^Kharkiv \(")).first.click()
    assert wait_until(lambda: _query(page).get("zoom") == ["12"], 60)
    assert wait_until(lambda: _zoom(page) == 12, 30)
    centre = (
        page.frame_locator(MAP_IFRAME)
        .locator("body")
        .evaluate("b => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    )
    assert abs(centre[0] - 49.99) < 0.2 and abs(centre[1] - 36.23) < 0.2
    page.screenshot(path=str(SHOTS / "map_place_search.png"))


def test_a_filter_set_in_the_sidebar_goes_with_the_next_page_link(
    page: Any, linked_app: tuple[str, str]
) -> None:
    base, _ = linked_app
    page.goto(base, wait_until="domcontentloaded")
    n_all = _count(page, "events match the filters")
    actor_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    assert wait_until_idle(page)
    actor_box.click()
    page.keyboard.type("Russia")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert wait_until(lambda: _count(page, "events match the filters") < n_all, 30)
    assert wait_until(lambda: _query(page).get("actor") == ["Russia"], 60)
    _nav(page, "Events")
    assert wait_until(lambda: "/events" in _url(page))
    assert wait_until(lambda: _query(page).get("actor") == ["Russia"], 60)
