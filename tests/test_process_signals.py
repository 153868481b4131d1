"""`strikemap app` passes SIGTERM and SIGINT on to its server and waits for it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHILD = """
import signal, sys, time, pathlib
out = pathlib.Path(sys.argv[1])
def bye(signum, frame):
    out.write_text(f"stopped by {signum}")
    sys.exit(0)
signal.signal(signal.SIGTERM, bye)
signal.signal(signal.SIGINT, bye)
out.write_text("running")
while True:
    time.sleep(0.05)
"""

PARENT = """
import sys
from strikemap.process import run_forwarding_signals
sys.exit(run_forwarding_signals([sys.executable, "-c", sys.argv[1], sys.argv[2]]))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_reaches_the_child_and_the_parent_waits(tmp_path: Path, sig: int) -> None:
    marker = tmp_path / "child.txt"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD, str(marker)])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not marker.exists():
        time.sleep(0.05)
    assert marker.read_text() == "running"
    os.kill(parent.pid, sig)
    assert parent.wait(timeout=20) == 0, "the parent returns the child's exit code"
    assert marker.read_text() == f"stopped by {int(sig)}"


@pytest.mark.slow
def test_sigterm_to_strikemap_app_stops_the_streamlit_server(tmp_path: Path) -> None:
    import urllib.request

    from browser_support import free_port, start_app

    port = free_port()
    app = start_app(f"sqlite:///{tmp_path / 'store.db'}", port, cli_args=["--read-only"])
    health = f"http://127.0.0.1:{port}/_stcore/health"
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=30) is not None
    with pytest.raises(OSError):  # nobody answers on the port any more
        urllib.request.urlopen(health, timeout=2)
