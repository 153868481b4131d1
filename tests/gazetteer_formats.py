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
from strikemap.gazetteer.build import read_curated
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


FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


def fixture_places() -> list[Place]:
    """The places of the gazetteer fixture file (tests/fixtures/gazetteer/places.csv)."""
    places, _ = read_curated(FIXTURES / "places.csv")
    return places


def format_pair(tmp_path_factory: pytest.TempPathFactory, old_format: str) -> tuple[Path, Path]:
    """Write the fixture places as a current-format index and as an ``old_format`` one."""
    new = tmp_path_factory.mktemp("fmt-current")
    write_index(new / "index.sqlite", fixture_places(), {"kind": "test"})
    old = tmp_path_factory.mktemp(f"fmt{old_format}")
    write_older_index(old / "index.sqlite", fixture_places(), old_format)
    return new, old


def fixture_queries(*, changed_letter: bool = False) -> list[str]:
    """Every fixture name, plus one-letter-off spellings that reach the fuzzy level.

    ``changed_letter`` adds a spelling with its second letter changed to each name.
    """
    names = sorted({n for p in fixture_places() for n in (p.name, *p.alt_names)})
    out = list(names)
    for n in names:
        if len(n) >= 5:
            out.append(n[:2] + n[3:])  # a letter dropped
            out.append(n[:-1] + ("a" if n[-1] != "a" else "e"))  # another ending
            if changed_letter:
                out.append(n[:1] + "q" + n[2:])
    out += ["Kafar Nabouda", "Al Fakkah", "Dayr az Zawr", "Hims", "Alepo", "Mariupl"]
    return out
