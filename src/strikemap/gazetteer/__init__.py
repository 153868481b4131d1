"""Offline gazetteer: build, import, spot, look up, resolve.

Public entry points (imported from their modules so that importing
:mod:`strikemap.gazetteer.base` stays cheap):

* :func:`strikemap.gazetteer.build.build_default_index`
* :func:`strikemap.gazetteer.index.load_gazetteer` -> :class:`strikemap.gazetteer.index.Gazetteer`
* :mod:`strikemap.gazetteer.importers` (GeoNames, OCHA COD, aliases, download)
* :func:`strikemap.gazetteer.normalize.normalize_name`
* :func:`strikemap.gazetteer.evaluate.evaluate_places`
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strikemap.gazetteer.index import Gazetteer


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Open the default gazetteer plus imported layers (building it on first use).

    A thin, lazily importing front for :func:`strikemap.gazetteer.index.load_gazetteer`,
    so ``strikemap.gazetteer`` itself stays cheap to import.
    """
    from strikemap.gazetteer.index import load_gazetteer as _load

    return _load(path)


def shared_gazetteer() -> Gazetteer:
    """Return this process's shared default gazetteer (opened once)."""
    from strikemap.gazetteer.index import cached_gazetteer

    return cached_gazetteer(None)
