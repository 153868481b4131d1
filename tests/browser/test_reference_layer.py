"""Zoomed in, the offline map names the towns and villages around a strike."""

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
from strikemap.gazetteer._store import write_index
from strikemap.model import Place

pytestmark = pytest.mark.browser

_PLACES = [
    Place("t:1", "Bigcity", kind="city", country="SY", lat=35.0, lon=36.0, population=2_000_000),
    Place("t:2", "Quietvillage", kind="village", country="SY", lat=35.02, lon=36.04),
    Place("t:3", "Othervillage", kind="village", country="SY", lat=34.97, lon=35.95),
]


@pytest.fixture(scope="module")
def labelled_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    root = tmp_path_factory.mktemp("reference")
    write_index(root / "gazetteer" / "index.sqlite", _PLACES, {"kind": "test"})
    url = f"sqlite:///{root / 'store.db'}"
    build_store(url, 12).dispose()
    with running_app(url, env={"STRIKEMAP_GAZETTEER": str(root / "gazetteer")}) as base:
        yield base


def _labels(page: Any) -> list[str]:
    labels = page.frame_locator(MAP_IFRAME).locator(".sm-place-label")
    return [t.strip() for t in labels.all_inner_texts()]


@pytest.fixture
def page(labelled_app: str) -> Iterator[Any]:
    with checked_page(labelled_app) as opened:
        yield opened


def test_villages_are_named_zoomed_in_and_only_cities_zoomed_out(
    labelled_app: str, page: Any
) -> None:
    page.goto(f"{labelled_app}/map?lat=35.0&lon=36.0&zoom=12")
    near = wait_until(lambda: sorted(_labels(page)) if len(_labels(page)) == 3 else None, 60)
    assert near == ["Bigcity", "Othervillage", "Quietvillage"]
    page.screenshot(path=str(SHOTS / "reference-zoomed-in.png"))

    page.goto(f"{labelled_app}/map?lat=35.0&lon=36.0&zoom=5")
    far = wait_until(lambda: _labels(page) if "Bigcity" in _labels(page) else None, 60)
    assert far == ["Bigcity"]
