"""Run a child server process that lives and dies with strikemap's own process."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

__all__ = ["run_forwarding_signals"]

_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_GRACE_S = 20.0


def run_forwarding_signals(
    cmd: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> int:
    """Run ``cmd``, pass SIGINT, SIGTERM and SIGHUP on to it, and wait for it to end.

    A service manager stops ``strikemap app`` with SIGTERM; without forwarding, the
    Streamlit server it started would keep running (and keep the port). The child gets
    :data:`_GRACE_S` seconds to shut down cleanly after a signal, then it is killed.

    Returns
    -------
    int
        The child's exit code (negative signal number when a signal ended it, as
        :mod:`subprocess` reports it).
    """
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=dict(env) if env is not None else None)
    received: list[int] = []

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)
        if proc.poll() is None:
            proc.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in _FORWARDED}
    try:
        while True:
            try:
                return proc.wait(timeout=_GRACE_S if received else None)
            except subprocess.TimeoutExpired:
                proc.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
