"""Real-browser tests: headless Debian Chromium (Playwright) against `streamlit run app.py`.

Run with ``pytest -m browser tests/browser``. Screenshots go to ``build/screenshots/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard_fixtures import XSS_PLACE, build_store
from strikemap.dashboard.assets import missing_assets

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(db_url: str, port: int) -> subprocess.Popen[bytes]:
    """Start `streamlit run app.py` on the store and wait for its health check."""
    env = dict(os.environ, STRIKEMAP_DB=db_url)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else "app died"
                raise RuntimeError(err) from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not at /usr/bin/chromium (apt-get install chromium)")
    if missing := missing_assets():
        pytest.skip(f"offline map assets missing (scripts/install_map_assets.sh): {missing[:2]}")
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'store.db'}"
    build_store(url, 24).dispose()
    port = _free_port()
    proc = start_app(url, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


@pytest.fixture
def browser_page(app_url: str) -> Iterator[tuple[Any, list[str], list[str]]]:
    from playwright.sync_api import sync_playwright

    own_host = urlsplit(app_url).netloc
    foreign: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )

        def route(r: Any) -> None:
            if urlsplit(r.request.url).netloc != own_host and r.request.url.startswith("http"):
                foreign.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()

        def on_dialog(d: Any) -> None:
            dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        try:
            yield page, foreign, dialogs
        finally:
            context.close()
            browser.close()


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

    # The hostile report's popup opens as inert text: no dialog, no injected image.
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
    assert popup.locator("a").count() == 0  # javascript: URL is not a link
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
