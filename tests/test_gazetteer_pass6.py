"""Index format 4 (gazetteer pass 6): stored variant keys, key lengths, frame hashes.

Format 4 stores, per name, the spelling-variant key, the character lengths of the
folded and variant keys and a hash of the variant key's consonant frame, so the
fuzzy level bounds its ratios and the skeleton check rejects most collisions without
decoding strings. None of it may change an answer: the same lookups on a file with
those arrays removed (an older, format-3 layer, where everything is computed per
lookup) must give identical results.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from gazetteer_formats import fixture_queries, format_pair, lookup_answers
from strikemap.gazetteer._store import (
    key_hash,
    keys_path,
    open_arrays,
)
from strikemap.gazetteer.index import _FUZZY_CUTOFF, Gazetteer, _may_reach, _Strings
from strikemap.gazetteer.normalize import consonant_frame, variant_key

_FORMAT4_ONLY = ("nm_vkey_blob", "nm_vkey_off", "nm_klen", "nm_vlen", "nm_vframe")


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One fixture index in the current format and the same places as a format-3 file."""
    return format_pair(tmp_path_factory, "3")


def test_format4_arrays_hold_each_names_variant_key_lengths_and_frame(
    dirs: tuple[Path, Path],
) -> None:
    arr = open_arrays(keys_path(dirs[0] / "index.sqlite"))
    a = arr.a
    assert int(arr.header["format"]) >= 4  # format 5 adds letter masks
    keys = _Strings(a["nm_key_blob"], a["nm_key_off"])
    vkeys = _Strings(a["nm_vkey_blob"], a["nm_vkey_off"])
    n = len(a["nm_place"])
    assert n > 40 and len(a["nm_klen"]) == len(a["nm_vlen"]) == len(a["nm_vframe"]) == n
    for row in range(n):
        k, v = keys[row], vkeys[row]
        assert v == variant_key(k)
        assert int(a["nm_klen"][row]) == len(k) and int(a["nm_vlen"][row]) == len(v)
        assert int(a["nm_vframe"][row]) == key_hash(consonant_frame(v))


def test_stored_keys_change_no_answer(dirs: tuple[Path, Path]) -> None:
    new, old = dirs
    g4 = Gazetteer(new / "index.sqlite", place_cache=0, rank_cache=0)
    g3 = Gazetteer(old / "index.sqlite", place_cache=0, rank_cache=0)
    db4, db3 = g4._dbs[0], g3._dbs[0]
    # The fallback really is taken on the stripped file, and not on the new one.
    assert db3.vkeys is None and db3.views.vframe is None and db3.vlen is None
    assert db4.vkeys is not None and db4.views.vframe is not None
    names = fixture_queries()
    a4 = lookup_answers(g4, names)
    assert a4 == lookup_answers(g3, names)
    # Not vacuous: fuzzy, skeleton and exact answers are all among them.
    text = repr(a4)
    for how in ("fuzzy '", "exact name '", "transliteration skeleton '"):
        assert how in text


@given(st.text("abdehiklmnorstuyz ", max_size=14), st.text("abdehiklmnorstuyz ", max_size=14))
def test_length_bound_never_drops_a_pair_over_the_cutoff(a: str, b: str) -> None:
    if fuzz.ratio(a, b) >= _FUZZY_CUTOFF:
        assert bool(_may_reach(len(a), np.array([len(b)], dtype=np.int32))[0])
    # The bound the skeleton check uses: no ratio exceeds 200 * min / (la + lb).
    if a or b:
        assert fuzz.ratio(a, b) <= 200.0 * min(len(a), len(b)) / (len(a) + len(b)) + 1e-9
