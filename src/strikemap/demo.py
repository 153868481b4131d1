"""The bundled demo reports, so a fresh dashboard is not empty.

The reports live in ``data/demo/`` as text files with ``title:`` and ``published:``
header lines; see that folder's README for what they are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from strikemap.model import Report
from strikemap.settings import data_dir


def _parse_demo_file(path: Path) -> tuple[str | None, dt.date | None, str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    title: str | None = None
    published: dt.date | None = None
    for line in head.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "title":
            title = value.strip()
        elif key.strip() == "published":
            published = dt.date.fromisoformat(value.strip())
    return title, published, body.strip() + "\n"


def demo_sources(folder: Path | None = None) -> list[Report]:
    """Return the demo reports, read from ``folder`` (default ``data/demo``)."""
    from strikemap.read import read_text

    folder = folder or data_dir() / "demo"
    reports: list[Report] = []
    for path in sorted(folder.glob("*.txt")):
        title, published, body = _parse_demo_file(path)
        reports.append(read_text(body, source_id=path.name, title=title, published=published))
    return reports
