"""Extraction: strike sentences, places in a strike role, dates, actors, claims -> events.

The public entry point is :func:`extract_report`; it depends on a gazetteer only through
:class:`strikemap.gazetteer.base.GazetteerLike`.
"""

from __future__ import annotations

from strikemap.extract.events import extract_report

__all__ = ["extract_report"]
