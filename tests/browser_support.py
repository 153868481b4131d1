"""Shared pieces of the real-browser tests: start the app, open Chromium, watch requests.

Every page a test opens is watched: requests to any host but the allowed ones are
recorded and aborted, and dialogs (``alert``) are recorded and dismissed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
NAV_LINK = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'
"""The dashboard's own page links (it draws its navigation to carry the view)."""


def require_browser() -> None:
    """Skip (with the install command) when Chromium or the map assets are missing."""
    from strikemap.dashboard.assets import missing_assets

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not at /usr/bin/chromium (apt-get install chromium)")
    if missing := missing_assets():
        pytest.skip(f"offline map assets missing (strikemap assets install): {missing[:2]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(proc: subprocess.Popen[bytes], url: str, timeout: float = 60.0) -> None:
    """Wait until ``url`` answers, or raise with the process's stderr."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else "process died"
                raise RuntimeError(err) from None
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{url} did not answer within {timeout:g} s")


def start_app(
    db_url: str, port: int, *, cli_args: Sequence[str] = (), env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the dashboard on the store and wait for its health check.

    Without ``cli_args`` it runs ``streamlit run app.py`` directly (a local, editable
    tool); with them it goes through ``strikemap app`` and those options.
    """
    full_env = dict(os.environ, STRIKEMAP_DB=db_url, **(env or {}))
    if cli_args:
        cmd = [sys.executable, "-m", "strikemap.cli", "app", "--host", "127.0.0.1"]
        cmd += ["--port", str(port), *cli_args]
    else:
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
        cmd += ["--server.address", "127.0.0.1", "--server.port", str(port)]
        cmd += ["--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wait_healthy(proc, f"http://127.0.0.1:{port}/_stcore/health")
    return proc


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def running_app(
    db_url: str, *, cli_args: Sequence[str] = (), env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run the dashboard on the store for the ``with`` block; yield its base URL."""
    port = free_port()
    proc = start_app(db_url, port, cli_args=cli_args, env=env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_app(proc)


@dataclass
class Watched:
    """A browser page with what it tried to do."""

    page: Any
    context: Any
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """Yield a Playwright browser (headless Debian Chromium); close it afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watched_page(browser: Any, allowed_hosts: Sequence[str]) -> Watched:
    """Open a page whose requests to hosts outside ``allowed_hosts`` are recorded, aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    watched = Watched(page, context)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("http:", "https:")) and urlsplit(url).netloc not in allowed_hosts:
            watched.foreign.append(url)
            r.abort()
        else:
            r.continue_()

    def on_dialog(d: Any) -> None:
        watched.dialogs.append(d.message)
        d.dismiss()

    context.route("**/*", route)
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    return watched


@contextmanager
def checked_page(base_url: str) -> Iterator[Any]:
    """Yield a fresh page that may reach only the app; fail on outside requests or errors."""
    with chromium() as browser:
        watched = watched_page(browser, [urlsplit(base_url).netloc])
        yield watched.page
        assert watched.foreign == [] and watched.errors == [], (watched.foreign, watched.errors)
        watched.context.close()


def nav_titles(page: Any) -> list[str]:
    """Return the titles of the pages the sidebar links to (waits for the sidebar)."""
    page.wait_for_selector(NAV_LINK, timeout=60_000)
    return [t.strip() for t in page.locator(NAV_LINK).all_inner_texts()]


def wait_until_idle(page: Any, timeout: float = 60.0) -> bool:
    """Wait until the page's script has finished running; return whether it did in time.

    Streamlit shows "Running..." in its status widget while a script runs, and an
    interaction landing mid-rerun can be dropped on a busy machine. Tests act as an
    analyst would: once the page is idle.
    """
    status = page.locator('[data-testid="stStatusWidget"]')
    return bool(wait_until(lambda: status.count() == 0, timeout))


def wait_until(check: Any, timeout: float = 30.0, every: float = 0.2) -> Any:
    """Poll ``check()`` until it returns something truthy (or the time runs out)."""
    deadline = time.monotonic() + timeout
    value = check()
    while not value and time.monotonic() < deadline:
        time.sleep(every)
        value = check()
    return value
