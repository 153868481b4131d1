"""Editors sign in through a real OpenID Connect provider; others only read.

The provider is ``oidc-provider-mock`` (PyPI), a real OIDC server started on 127.0.0.1
with two users: one on the dashboard's editors list, one not. The dashboard runs through
``strikemap app --require-login`` with a Streamlit secrets file, as a team behind a
reverse proxy would run it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from browser_support import (
    SHOTS,
    chromium,
    free_port,
    nav_titles,
    require_browser,
    start_app,
    stop_app,
    wait_healthy,
    wait_until,
    wait_until_idle,
    watched_page,
)
from dashboard_fixtures import build_store
from strikemap.store import open_store

pytestmark = pytest.mark.browser

EDITOR = "alice@newsroom.example"
STRANGER = "mallory@elsewhere.example"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    pytest.importorskip("oidc_provider_mock", reason="pip install oidc-provider-mock (dev extra)")
    port = free_port()
    users = [
        {"sub": "alice", "email": EDITOR, "email_verified": True},
        {"sub": "mallory", "email": STRANGER, "email_verified": True},
    ]
    cmd = [sys.executable, "-W", "ignore", "-m", "oidc_provider_mock", "-p", str(port)]
    for user in users:
        cmd += ["--user-claims", json.dumps(user)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proc, f"{base}/.well-known/openid-configuration", timeout=30)
        yield base
    finally:
        stop_app(proc)


@pytest.fixture(scope="module")
def signed_app(
    provider: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    require_browser()
    folder = tmp_path_factory.mktemp("sign-in")
    db_url = f"sqlite:///{folder / 'store.db'}"
    build_store(db_url, 8, hostile=False).dispose()
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-string-for-the-test-only"\n'
        'client_id = "strikemap"\n'
        'client_secret = "strikemap-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    proc = start_app(
        db_url,
        port,
        cli_args=["--require-login", "--editors", EDITOR, "--secrets", str(secrets)],
    )
    try:
        yield f"http://127.0.0.1:{port}", db_url
    finally:
        stop_app(proc)


def _sign_in(page: Any, app_url: str, subject: str) -> None:
    page.goto(app_url, wait_until="domcontentloaded")
    button = page.get_by_role("button", name="Sign in to edit")
    button.wait_for(timeout=60_000)
    button.click()
    page.wait_for_selector('input[name="sub"]', timeout=60_000)
    page.fill('input[name="sub"]', subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_url}/**", timeout=30_000)
    assert wait_until(lambda: page.get_by_text("Signed in as").count() > 0, 60)


def test_only_listed_editors_get_the_edit_pages(provider: str, signed_app: tuple[str, str]) -> None:
    app_url, db_url = signed_app
    hosts = [urlsplit(app_url).netloc, urlsplit(provider).netloc]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        viewer = watched_page(browser, hosts)
        viewer.page.goto(app_url, wait_until="domcontentloaded")
        assert "Add reports" not in nav_titles(viewer.page)
        sign_in = viewer.page.get_by_role("button", name="Sign in to edit")
        assert wait_until(lambda: sign_in.count() == 1)
        viewer.context.close()

        stranger = watched_page(browser, hosts)
        _sign_in(stranger.page, app_url, "mallory")
        assert "Add reports" not in nav_titles(stranger.page)
        refusal = stranger.page.get_by_text("not on this dashboard's editors list")
        assert wait_until(lambda: refusal.count() == 1)
        stranger.page.screenshot(path=str(SHOTS / "sign_in_stranger.png"))
        stranger.context.close()

        editor = watched_page(browser, hosts)
        page = editor.page
        _sign_in(page, app_url, "alice")
        assert "Add reports" in nav_titles(page)
        page.screenshot(path=str(SHOTS / "sign_in_editor.png"))

        # The editor corrects an event's actor; the audit log names them.
        page.goto(f"{app_url}/events", wait_until="domcontentloaded")
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.wait_for(timeout=60_000)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 10, box["y"] + 55)
        page.get_by_text("Correct or delete this event").click()
        actor = page.get_by_label("Actor (empty = unknown)")
        actor.fill("Corrected actor")
        actor.press("Enter")
        # Pressing Enter reruns the page; a click landing mid-rerun can be dropped.
        assert wait_until_idle(page, 30)
        page.get_by_role("button", name="Save changes").click()
        assert wait_until(lambda: page.get_by_text("Saved 1 change(s)").count() > 0, 60)
        # The provider's own sign-in page asks a CDN for its stylesheet (aborted here);
        # nothing else may leave the two hosts.
        assert editor.dialogs == []
        assert [u for u in editor.foreign if "/@picocss/" not in u] == []
        editor.context.close()

    store = open_store(db_url)
    try:
        [entry] = store.audit_rows()
        assert entry.editor == f"oidc:{EDITOR}"
        assert entry.after is not None and entry.after["actor"] == "Corrected actor"
    finally:
        store.dispose()
