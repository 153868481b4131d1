"""Index format 5 (gazetteer pass 11): letter masks and a cheaper deletion hash.

Format 5 stores, per name, a 64-bit letter mask of the folded and the variant key
(:func:`letter_mask`), from which the fuzzy level bounds ``fuzz.ratio`` before it
decodes a string, and keys the deletion postings by :func:`deletion_hash` (CRC-32 and
Adler-32) instead of BLAKE2b. Neither may change an answer: the same lookups on the
same places written as a format-4 file (BLAKE2b deletion postings, no masks) must
give identical results, and the bound must never drop a pair over the cutoff.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from gazetteer_formats import fixture_queries, format_pair, lookup_answers
from strikemap.gazetteer._store import (
    deletion_hash,
    key_hash,
    keys_path,
    letter_mask,
    open_arrays,
)
from strikemap.gazetteer.index import (
    _FUZZY_CUTOFF,
    _SKELETON_MIN_RATIO,
    Gazetteer,
    _mask_may_reach,
    _mask_terms,
    _mask_weights,
    _skeleton_plausible,
    _stored_reject,
    _Strings,
    _Views,
)
from strikemap.gazetteer.normalize import consonant_frame, skeleton_from_key, skeleton_key


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture places as a format-5 index and as a format-4 one."""
    return format_pair(tmp_path_factory, "4")


def test_format5_arrays_hold_each_names_letter_masks(dirs: tuple[Path, Path]) -> None:
    arr = open_arrays(keys_path(dirs[0] / "index.sqlite"))
    a = arr.a
    assert arr.header["format"] == "5"
    keys = _Strings(a["nm_key_blob"], a["nm_key_off"])
    vkeys = _Strings(a["nm_vkey_blob"], a["nm_vkey_off"])
    n = len(a["nm_place"])
    assert n > 40 and len(a["nm_kmask"]) == len(a["nm_vmask"]) == n
    for row in range(n):
        assert int(a["nm_kmask"][row]) == letter_mask(keys[row])
        assert int(a["nm_vmask"][row]) == letter_mask(vkeys[row])


def test_letter_mask_bits() -> None:
    # a once, b twice, a space, a digit, other ASCII, non-ASCII.
    m = letter_mask("abb 1-é")
    assert m == (1 << 0) | (1 << 1) | (1 << 33) | (1 << 26) | (1 << 27) | (1 << 28) | (1 << 29)
    assert letter_mask("") == 0


def test_deletion_hash_is_stable_and_uses_the_whole_64_bits() -> None:
    # Pinned: the postings on disk depend on it, so it must not vary by process.
    b = b"kfrnbl"
    assert deletion_hash("kfrnbl") == zlib.crc32(b) << 32 | zlib.adler32(b)
    assert deletion_hash("kfrnbl") == 6139381267009372800
    assert deletion_hash("kfrnbl") != deletion_hash("kfrnb")
    # The bucket table reads the high bits: they must not be constant.
    highs = {deletion_hash(s) >> 48 for s in ("hms", "hmss", "rqq", "dmsq", "ldlb", "mnbj")}
    assert len(highs) == 6


def test_mask_bound_prunes_what_the_length_bound_keeps() -> None:
    key = "abcdefgh"
    w = _mask_weights(key)
    lens = np.array([8, 8, 9], dtype=np.int32)
    masks = np.array([letter_mask(s) for s in ("stuvwxyz", "abcdefgx", "abcdefghh")], np.uint64)
    got = _mask_may_reach(len(key), w, lens, masks).tolist()
    # Equal lengths pass a length bound; no shared letter cannot reach 86.
    assert got == [False, True, True]


_ALPHABET = "abdehiklmnorstuyz 1-é"


@given(st.text(_ALPHABET, max_size=14), st.text(_ALPHABET, max_size=14))
def test_mask_bound_never_drops_a_pair_over_the_cutoff(a: str, b: str) -> None:
    ratio = fuzz.ratio(a, b)
    lens = np.array([len(b)], dtype=np.int32)
    masks = np.array([letter_mask(b)], dtype=np.uint64)
    kept = bool(_mask_may_reach(len(a), _mask_weights(a), lens, masks)[0])
    if ratio >= _FUZZY_CUTOFF:
        assert kept
    # The bound itself: the weighted mask bits are at least the LCS.
    if a or b:
        bits = [(letter_mask(b) >> i) & 1 for i in range(64)]
        lcs_bound = min(float(np.dot(bits, _mask_weights(a))), len(b))
        assert ratio <= 200.0 * lcs_bound / (len(a) + len(b)) + 1e-9


def test_masks_and_deletion_hash_change_no_answer(dirs: tuple[Path, Path]) -> None:
    new, old = dirs
    g5 = Gazetteer(new / "index.sqlite", place_cache=0, rank_cache=0)
    g4 = Gazetteer(old / "index.sqlite", place_cache=0, rank_cache=0)
    db5, db4 = g5._dbs[0], g4._dbs[0]
    # Each file takes its own path: BLAKE2b postings and no masks on the old one.
    assert db5.crc_deletions and db5.kmask is not None and db5.vmask is not None
    assert not db4.crc_deletions and db4.kmask is None and db4.vmask is None
    names = fixture_queries(changed_letter=True)
    a5 = lookup_answers(g5, names)
    assert a5 == lookup_answers(g4, names)
    # Not vacuous: fuzzy answers are among them.
    assert "fuzzy '" in repr(a5)


def test_format4_and_format5_files_open_together_as_layers(dirs: tuple[Path, Path]) -> None:
    new, old = dirs
    g = Gazetteer(new / "index.sqlite", layers=[old / "index.sqlite"], place_cache=0, rank_cache=0)
    # A place's skeleton is found in both files' deletion postings, each by its hash.
    skel = skeleton_key("Jisr ash Shughur")
    for db in g._dbs:
        h = deletion_hash(skel) if db.crc_deletions else key_hash(skel)
        lo, hi = db.post["f"].range(h)
        assert hi > lo
    cands = g.lookup("Jisr ash Shughuk", country="SY")
    assert cands and cands[0].place.id == "gn:170063"
    assert cands[0].reason.startswith("fuzzy")


_VOWELLY = "aeiouy bdhklmnrst"


@given(st.text(_VOWELLY, min_size=1, max_size=12), st.text(_VOWELLY, min_size=1, max_size=12))
def test_stored_reject_never_rejects_a_plausible_skeleton_hit(a: str, b: str) -> None:
    # One stored row (b's values) read through the same attributes as _Views.
    v = cast(
        "_Views",
        SimpleNamespace(
            vframe=[key_hash(consonant_frame(b))],
            vlen=[len(b)],
            vmask=[letter_mask(b)],
        ),
    )
    skel = skeleton_from_key(a) or a
    min_ratio = _SKELETON_MIN_RATIO if len(skel) < 7 else 60
    qframe = key_hash(consonant_frame(a))
    if _stored_reject(v, 0, qframe, len(a), min_ratio, _mask_terms(a)):
        assert not _skeleton_plausible(a, b, skel)
