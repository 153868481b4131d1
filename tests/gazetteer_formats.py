"""Write a gazetteer index the way an older strikemap wrote its array file.

Each index format added arrays (format 4: stored variant keys, key lengths, frame
hashes; format 5: letter masks) and format 5 also changed the deletion-posting hash.
Tests that check an older layer still gives the same answers need a faithful older
file: this is the one recipe for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from strikemap.gazetteer import _store
from strikemap.gazetteer._store import _write_arrays, key_hash, keys_path, open_arrays, write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Place

ADDED_IN_FORMAT = {
    "4": ("nm_vkey_blob", "nm_vkey_off", "nm_klen", "nm_vlen", "nm_vframe"),
    "5": ("nm_kmask", "nm_vmask"),
}
"""The arrays each index format added to the array file."""


def write_older_index(path: Path, places: Sequence[Place], fmt: str) -> None:
    """Write ``places`` to ``path`` as an index of array format ``fmt`` ("3" or "4").

    Formats before 5 keyed the deletion postings by :func:`key_hash`; the arrays added
    after ``fmt`` are removed and the header says ``fmt``.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_store, "deletion_hash", key_hash)
        write_index(path, list(places), {"kind": "test"})
    later = tuple(a for f, arrays in ADDED_IN_FORMAT.items() if f > fmt for a in arrays)
    arr = open_arrays(keys_path(path))
    kept = {k: np.array(v) for k, v in arr.a.items() if k not in later}
    header = {k: v for k, v in arr.header.items() if k != "arrays"}
    _write_arrays(keys_path(path), kept, {**header, "format": fmt})


def lookup_answers(g: Gazetteer, names: list[str]) -> list[object]:
    """Every lookup (no country, SY, UA near Donetsk) and SY resolve answer for ``names``:
    the answers two index formats must give alike."""
    out: list[object] = []
    for name in names:
        for kw in ({}, {"country": "SY"}, {"country": "UA", "near": (48.0, 37.8)}):
            out.append([(c.place.id, c.matched_name, c.confidence, c.reason)
                        for c in g.lookup(name, **kw)])  # type: ignore[arg-type]  # fmt: skip
        out.append(g.resolve(name, ResolveContext(countries=("SY",))))
    return out
