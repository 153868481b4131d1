"""A Telegram export uploaded on the Add page is read, extracted and stored in a real browser.

AppTest cannot upload files, so this drives Chromium: choose "Many reports", upload a
small export with one malformed message, store it, and read the store back.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    chromium,
    nav_titles,
    require_browser,
    running_app,
    wait_until,
    watched_page,
)
from strikemap.store import open_store

pytestmark = pytest.mark.browser

MESSAGES = [
    {
        "id": 7,
        "type": "message",
        "date": "2024-05-14T21:03:10",
        "date_unixtime": "1715709790",
        "text": "Russian missiles struck Kharkiv on Tuesday evening, regional officials said.",
    },
    {"id": 8, "type": "message", "date": "2024-05-14T22:00:00", "text": {"not": "text"}},
    {
        "id": 9,
        "type": "message",
        "date": "2024-05-15T08:00:00",
        "date_unixtime": "1715752800",
        "text": "The mayor thanked volunteers for their work.",
    },
]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    require_browser()
    url = f"sqlite:///{tmp_path_factory.mktemp('many') / 'store.db'}"
    open_store(url).dispose()
    with running_app(url) as base:
        yield base, url


def test_a_telegram_export_is_stored_message_by_message(
    app: tuple[str, str], tmp_path: Path
) -> None:
    base, db_url = app
    export = tmp_path / "result.json"
    doc = {"name": "Test", "type": "public_channel", "id": 42, "messages": MESSAGES}
    export.write_text(json.dumps(doc), encoding="utf-8")
    with chromium() as browser:
        watched = watched_page(browser, [base.split("//")[1]])
        page = watched.page
        page.goto(f"{base}/add", wait_until="domcontentloaded")
        nav_titles(page)
        page.get_by_text("Many reports (Telegram export, notes CSV)").click()
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(export))
        page.get_by_label("Channel username (for t.me links; optional)").fill("strikemap_test")
        page.get_by_role("button", name="Read and store every report").click()
        assert wait_until(lambda: page.get_by_text("Stored 2 new report(s)").count() > 0, 120)
        # The refused message's line follows the summary in the same run.
        assert wait_until(lambda: page.get_by_text("message index 1 (id 8)").count() > 0, 30)
        assert not watched.foreign and not watched.errors
    store = open_store(db_url)
    try:
        reports = store.reports_frame()
        events = store.events_frame()
    finally:
        store.dispose()
    assert sorted(reports["url"]) == [
        "https://t.me/strikemap_test/7",
        "https://t.me/strikemap_test/9",
    ]
    assert list(events["place_name"]) == ["Kharkiv"]
    assert list(events["date"]) == ["2024-05-14"]
