"""The same reports give the same events whatever Python's hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = (
    "Air strikes hit Aleppo and Mosul on Monday, and shelling struck Kharkiv and Izium. "
    "Officials in Damascus, Baghdad and Kyiv said markets in Idlib and Tal Afar were hit.\n"
)


def _events(tmp_path: Path, seed: str) -> str:
    db = f"sqlite:///{tmp_path / f'store-{seed}.db'}"
    report = tmp_path / "r.txt"
    report.write_text(REPORT)
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cli = [sys.executable, "-m", "strikemap.cli"]
    subprocess.run(
        [*cli, "ingest", str(report), "--published", "2024-03-04", "--db", db],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    out = subprocess.run(
        [*cli, "events", "--db", db], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout


@pytest.mark.slow
def test_events_do_not_depend_on_the_hash_seed(tmp_path: Path):
    first = _events(tmp_path, "1")
    assert first.count("\n") > 2, first
    assert first == _events(tmp_path, "2") == _events(tmp_path, "3")
