"""Real-browser tests: headless Debian Chromium (Playwright) against `streamlit run app.py`.

Run with ``pytest -m browser tests/browser``. Screenshots go to ``build/screenshots/``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    MAP_IFRAME,
    SHOTS,
    chromium,
    require_browser,
    running_app,
    wait_until_idle,
    watched_page,
)
from dashboard_fixtures import XSS_PLACE, build_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    build_store(url, 24).dispose()
    with running_app(url) as base:
        yield base


@pytest.fixture
def browser_page(app_url: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    with chromium() as browser:
        watched = watched_page(browser, [urlsplit(app_url).netloc])
        try:
            yield watched.page, watched.foreign, watched.dialogs
        finally:
            watched.context.close()


def _symbols(page: Any) -> Any:
    return page.frame_locator(MAP_IFRAME).locator("path.sm-point, path.sm-uncertain")


def _wait_symbols(page: Any, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    n = 0
    while time.monotonic() < deadline:
        n = _symbols(page).count()
        if n:
            return n
        time.sleep(0.2)
    return n


def _count_text(page: Any) -> int:
    text = page.get_by_text("events match the filters").first.inner_text()
    return int(text.split()[0].replace(",", ""))


def test_map_offline_filter_download_and_escaping(
    app_url: str, browser_page: tuple[Any, list[str], list[str]]
) -> None:
    page, foreign, dialogs = browser_page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    n_all = _wait_symbols(page)
    assert n_all == 24, "every fixture event drawn (no clustering at this size)"
    frame = page.frame_locator(MAP_IFRAME)
    assert frame.locator(".sm-legend").count() == 1
    page.screenshot(path=str(SHOTS / "map_all.png"))

    # Zoom in once: the view must survive the filter change below.
    zoom_js = "b => window.map.getZoom()"
    zoom_before = frame.locator("body").evaluate(zoom_js)
    frame.locator(".leaflet-control-zoom-in").click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and frame.locator("body").evaluate(zoom_js) == zoom_before:
        time.sleep(0.2)
    zoom_in = frame.locator("body").evaluate(zoom_js)
    assert zoom_in == zoom_before + 1
    time.sleep(1.5)  # let the view round-trip to Streamlit
    n_all = _symbols(page).count()  # same data, whatever the view

    # Filter by actor through the sidebar widget.
    actor_box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    actor_box.click()
    page.keyboard.type("Russia")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _symbols(page).count() in (0, n_all):
        time.sleep(0.3)
    n_russia = _symbols(page).count()
    assert 0 < n_russia < n_all
    assert _count_text(page) == n_russia
    assert "actor=Russia" in page.url
    assert frame.locator("body").evaluate(zoom_js) == zoom_in, "filter change kept the zoom"
    page.screenshot(path=str(SHOTS / "map_russia.png"))

    # The GeoJSON download is exactly the filtered view.
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download GeoJSON").click()
    geo = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    assert len(geo["features"]) == n_russia
    assert {f["properties"]["actor"] for f in geo["features"]} == {"Russia"}

    # The hostile report's popup opens as inert text: no dialog, no injected image. The
    # download's rerun must be over first: a rerun redraws the layer and closes a popup.
    assert wait_until_idle(page), "the download's rerun finished"
    found = (
        page.frame_locator(MAP_IFRAME)
        .locator("body")
        .evaluate(
            """(body) => {
            var hit = null;
            (window.feature_group || []).forEach(function (fg) {
                fg.eachLayer(function walk(l) {
                    if (l.getLayers) { l.getLayers().forEach(walk); return; }
                    var p = l.getPopup && l.getPopup();
                    if (p && String(p.getContent()).indexOf(NEEDLE) >= 0) { hit = l; }
                });
            });
            if (!hit || !hit._path) { return false; }
            hit._path.id = 'sm-hostile';
            hit.bringToFront();
            return true;
        }""".replace("NEEDLE", json.dumps(XSS_PLACE))
        )
    )
    assert found, "hostile event drawn"
    frame.locator("#sm-hostile").click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "<img src=x onerror=alert(1)>" in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    # The javascript: URL is not a link; the only link is to the app's own Event page.
    assert popup.locator('a[href^="javascript"]').count() == 0
    # Read in one step in the page, so the popup cannot change between reads.
    links = popup.evaluate(
        """(p) => [...p.querySelectorAll('a')].map(
            (a) => [a.getAttribute('href') || '', a.classList.contains('sm-event-link')])"""
    )
    assert links and all(is_event_link for _href, is_event_link in links), links
    time.sleep(1.0)
    page.screenshot(path=str(SHOTS / "map_hostile_popup.png"))
    assert dialogs == []
    assert foreign == [], f"requests to other hosts: {foreign[:5]}"


def test_heat_map_switched_on_after_the_first_paint(
    app_url: str, browser_page: tuple[Any, list[str], list[str]]
) -> None:
    # The map component loads its scripts on its first draw only: a plugin first needed
    # later (the heat map) must already be there, or the layer silently fails.
    page, foreign, dialogs = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(MAP_IFRAME, timeout=60_000)
    assert _wait_symbols(page) > 0
    frame = page.frame_locator(MAP_IFRAME)
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 0
    page.locator('[data-testid="stSidebar"]').get_by_text("Heat map").click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not frame.locator("canvas.leaflet-heatmap-layer").count():
        time.sleep(0.3)
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert errors == [], errors
    assert dialogs == [] and foreign == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "map_heat.png"))
