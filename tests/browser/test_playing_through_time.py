"""Playing the map through time: a control steps through periods with a fading trail."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    MAP_IFRAME,
    SHOTS,
    checked_page,
    require_browser,
    running_app,
    wait_until,
)
from dashboard_fixtures import build_store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('player') / 'store.db'}"
    build_store(url, 60).dispose()
    with running_app(url) as base:
        yield base


@pytest.fixture
def page(app: str) -> Iterator[Any]:
    with checked_page(app) as opened:
        yield opened


def test_the_player_steps_through_days_with_a_trail(app: str, page: Any) -> None:
    page.goto(f"{app}/map?lat=35&lon=37&zoom=5", wait_until="domcontentloaded")
    page.get_by_text("Play through time").click()
    frame = page.frame_locator(MAP_IFRAME)
    label = frame.locator(".sm-play-label")
    first = wait_until(lambda: label.count() and label.inner_text(), 60)
    # The synthetic reports span 60 days: the player steps by day from the first one.
    assert str(first).startswith("2015-")
    assert wait_until(lambda: page.get_by_text("one day at a time").count() > 0, 30)

    frame.locator(".sm-play-slider").fill("10")
    player = frame.locator(".sm-player")
    assert wait_until(lambda: int(player.get_attribute("data-trail") or 0) > 0, 10)
    assert int(player.get_attribute("data-now") or -1) >= 0
    now = label.inner_text()
    frame.locator(".sm-play-button").click()
    assert wait_until(lambda: label.inner_text() != now, 10)
    page.screenshot(path=str(SHOTS / "time-player.png"))
