"""A stored report full of Markdown, HTML and javascript: payloads stays inert everywhere.

Every field a report can carry (title, source name, URL, text, place, actor, claimant,
claimed target, casualty text, location reason) holds Markdown images and links, raw
HTML and ``javascript:`` URLs. Going through every page, including the Add preview of a
pasted hostile report, the browser must request nothing from any other host, fire no
dialog and grow no link or image from report text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    Watched,
    chromium,
    nav_titles,
    require_browser,
    running_app,
    wait_until,
    wait_until_idle,
    watched_page,
)
from dashboard_fixtures import build_store
from strikemap.model import Casualties, Claim, Event, Extraction, Location, Report

pytestmark = pytest.mark.browser

EVIL = "evil.example"
PAYLOADS = (
    f"![pixel](http://{EVIL}/md.png) [click](http://{EVIL}/link) "
    f"<img src=http://{EVIL}/html.png onerror=alert(1)> <script>alert(2)</script> "
    f"[js](javascript:alert(3)) www.{EVIL}/auto :red[red] **bold**"
)


def _hostile(field: str) -> str:
    return f"{field} {PAYLOADS}"


def hostile_extraction() -> Extraction:
    sentence = _hostile("Jets struck Kafr Evil, killing 4.")
    text = sentence + " " + _hostile("Second paragraph.")
    report = Report(
        id=hashlib.sha256(text.encode()).hexdigest(),
        source_id=_hostile("file"),
        title=_hostile("Title"),
        url=f"http://{EVIL}/source",
        text=text,
        published=dt.date(2024, 3, 1),
        published_basis="metadata",
        ingested_at=dt.datetime(2024, 3, 2, tzinfo=dt.UTC),
    )
    claim = Claim(
        report_id=report.id,
        quote=sentence,
        span_start=0,
        span_end=len(sentence),
        claimant=_hostile("Claimant"),
        claimed_target=_hostile("Target"),
        casualties=Casualties(killed=4, text=_hostile("Toll")),
    )
    location = Location(
        name=_hostile("Kafr Evil"),
        lat=35.7,
        lon=36.6,
        precision="town",
        uncertainty_km=2.0,
        country="SY",
        admin1=_hostile("Idlib"),
        reason=_hostile("reason"),
    )
    event = Event(
        location=location,
        date=dt.date(2024, 3, 1),
        date_precision="day",
        actor=_hostile("Actor"),
        claims=[claim],
        date_source="sentence",
    )
    return Extraction(report=report, events=[event])


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'store.db'}"
    store = build_store(url, 8)
    store.save(hostile_extraction())
    store.dispose()
    with running_app(url) as base:
        yield base


def _injected(page: Any) -> list[str]:
    """Return links, images and scripts in the main document that came from report text."""
    found: list[str] = page.evaluate(
        """(evil) => {
            const out = [];
            document.querySelectorAll('a[href], img[src], script[src], iframe[src]')
                .forEach((el) => {
                    const ref = el.getAttribute('href') || el.getAttribute('src') || '';
                    // The app's own links may carry report text in their query string
                    // (a filter on a hostile actor); what matters is where they lead.
                    const url = new URL(ref, location.href);
                    if (url.protocol === 'javascript:' || url.host.includes(evil)
                        || (url.host !== location.host && url.href.includes(evil))) {
                        out.push(el.outerHTML.slice(0, 120));
                    }
                });
            document.querySelectorAll('strong, code').forEach((el) => {
                if (/bold|alert/.test(el.textContent)) { out.push(el.outerHTML.slice(0, 120)); }
            });
            return out;
        }""",
        EVIL,
    )
    return found


def _settle(page: Any) -> None:
    assert wait_until_idle(page, 30)
    time.sleep(1.0)


def _visit(watched: Watched, url: str, name: str) -> None:
    page = watched.page
    page.goto(url, wait_until="domcontentloaded")
    nav_titles(page)
    _settle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hostile_{name}.png"))
    assert _injected(page) == [], f"{name}: report text became markup"


def test_every_page_keeps_hostile_text_inert(hostile_app: str) -> None:
    own = urlsplit(hostile_app).netloc
    with chromium() as browser:
        watched = watched_page(browser, [own])
        page = watched.page
        for path in ("", "events", "timeline", "changes", "gazetteer", "about"):
            _visit(watched, f"{hostile_app}/{path}", path or "map")

        # Map: open the hostile event's popup.
        _visit(watched, f"{hostile_app}/?actor={_hostile('Actor')}", "map_actor")
        frame = page.frame_locator(MAP_IFRAME)
        assert wait_until(lambda: frame.locator("path.sm-point, path.sm-uncertain").count() > 0)
        frame.locator("path.sm-point, path.sm-uncertain").first.click(force=True)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        assert "![pixel]" in popup.inner_text()
        assert popup.locator("img, script").count() == 0

        # Events: select the hostile row, which draws its header, claims and map.
        _visit(watched, f"{hostile_app}/events", "events_again")
        page.get_by_label("Search place, actor, report, claimant, target, quote").fill("Evil")
        page.keyboard.press("Enter")
        _settle(page)
        grid = page.locator('[data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 10, box["y"] + 55)  # the first row's selection cell
        _settle(page)
        page.screenshot(path=str(SHOTS / "hostile_events_selected.png"))
        assert _injected(page) == []

        # Gazetteer: the query itself is hostile.
        _visit(watched, f"{hostile_app}/gazetteer", "gazetteer_again")
        page.get_by_label("Place name").fill(PAYLOADS)
        page.keyboard.press("Enter")
        _settle(page)
        assert _injected(page) == []

        # Add: a pasted hostile report, previewed (not saved).
        _visit(watched, f"{hostile_app}/add", "add")
        page.get_by_label("Report text").fill(
            "title: " + _hostile("Pasted title") + "\n\n" + _hostile("Jets struck Idlib.")
        )
        page.get_by_role("button", name="Extract strikes").click()
        _settle(page)
        assert wait_until(lambda: page.get_by_text("Pasted title").count() > 0, 60)
        page.screenshot(path=str(SHOTS / "hostile_add_preview.png"), full_page=True)
        assert _injected(page) == []

        assert watched.dialogs == [], watched.dialogs
        assert watched.foreign == [], f"requests to other hosts: {watched.foreign[:5]}"
        watched.context.close()
