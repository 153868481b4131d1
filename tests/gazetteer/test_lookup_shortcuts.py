"""Lookup shortcuts never change an answer: the length and letter-mask bounds never drop a
pair over the fuzzy cutoff, the stored-array check never rejects a plausible skeleton hit,
posting ranges cover a whole run of equal hashes, skeleton rows pruned by their consonant
frame change no lookup, and long candidate lists score as the per-row formula.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz

from gazetteer_formats import write_older_index
from strikemap.gazetteer._store import bucket_starts, key_hash, letter_mask, write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer
from strikemap.gazetteer.index_arrays import ColumnViews, Posting, rank_score
from strikemap.gazetteer.normalize import consonant_frame, skeleton_from_key
from strikemap.gazetteer.resolver_constants import FUZZY_CUTOFF, MAX_SCORED, SKELETON_MIN_RATIO
from strikemap.gazetteer.spelling_match import (
    mask_may_reach,
    mask_terms,
    mask_weights,
    may_reach,
    skeleton_plausible,
    stored_reject,
)
from strikemap.model import Place


# ---------------------------------------------------------------- fuzzy bounds
@given(st.text("abdehiklmnorstuyz ", max_size=14), st.text("abdehiklmnorstuyz ", max_size=14))
def test_length_bound_never_drops_a_pair_over_the_cutoff(a: str, b: str) -> None:
    if fuzz.ratio(a, b) >= FUZZY_CUTOFF:
        assert bool(may_reach(len(a), np.array([len(b)], dtype=np.int32))[0])
    # The bound the skeleton check uses: no ratio exceeds 200 * min / (la + lb).
    if a or b:
        assert fuzz.ratio(a, b) <= 200.0 * min(len(a), len(b)) / (len(a) + len(b)) + 1e-9


def test_mask_bound_prunes_what_the_length_bound_keeps() -> None:
    key = "abcdefgh"
    w = mask_weights(key)
    lens = np.array([8, 8, 9], dtype=np.int32)
    masks = np.array([letter_mask(s) for s in ("stuvwxyz", "abcdefgx", "abcdefghh")], np.uint64)
    got = mask_may_reach(len(key), w, lens, masks).tolist()
    # Equal lengths pass a length bound; no shared letter cannot reach 86.
    assert got == [False, True, True]


_ALPHABET = "abdehiklmnorstuyz 1-é"


@given(st.text(_ALPHABET, max_size=14), st.text(_ALPHABET, max_size=14))
def test_mask_bound_never_drops_a_pair_over_the_cutoff(a: str, b: str) -> None:
    ratio = fuzz.ratio(a, b)
    lens = np.array([len(b)], dtype=np.int32)
    masks = np.array([letter_mask(b)], dtype=np.uint64)
    kept = bool(mask_may_reach(len(a), mask_weights(a), lens, masks)[0])
    if ratio >= FUZZY_CUTOFF:
        assert kept
    # The bound itself: the weighted mask bits are at least the LCS.
    if a or b:
        bits = [(letter_mask(b) >> i) & 1 for i in range(64)]
        lcs_bound = min(float(np.dot(bits, mask_weights(a))), len(b))
        assert ratio <= 200.0 * lcs_bound / (len(a) + len(b)) + 1e-9


_VOWELLY = "aeiouy bdhklmnrst"


@given(st.text(_VOWELLY, min_size=1, max_size=12), st.text(_VOWELLY, min_size=1, max_size=12))
def test_stored_reject_never_rejects_a_plausible_skeleton_hit(a: str, b: str) -> None:
    # One stored row (b's values) read through the same attributes as ColumnViews.
    v = cast(
        "ColumnViews",
        SimpleNamespace(
            vframe=[key_hash(consonant_frame(b))],
            vlen=[len(b)],
            vmask=[letter_mask(b)],
        ),
    )
    skel = skeleton_from_key(a) or a
    min_ratio = SKELETON_MIN_RATIO if len(skel) < 7 else 60
    qframe = key_hash(consonant_frame(a))
    if stored_reject(v, 0, qframe, len(a), min_ratio, mask_terms(a)):
        assert not skeleton_plausible(a, b, skel)


# ---------------------------------------------------------------- posting ranges
@given(st.lists(st.integers(0, 40), max_size=300), st.integers(0, 45))
def test_posting_range_covers_the_whole_run_of_a_hash(raw: list[int], probe: int) -> None:
    # Small values spread over the top bits so runs fall in a few buckets.
    hashes = np.sort(np.array([v << 58 for v in raw], dtype=np.uint64))
    post = Posting(hashes, np.arange(len(hashes), dtype=np.int32), bucket_starts(hashes))
    h = probe << 58
    lo, hi = post.range(h)
    count = int((hashes == np.uint64(h)).sum())
    assert hi - lo == count
    if count:
        assert int(hashes[lo]) == h and int(hashes[hi - 1]) == h
        assert hi == len(hashes) or int(hashes[hi]) != h


# ---------------------------------------------------------------- skeleton rows, scoring
def _namesakes() -> list[Place]:
    """Places sharing one transliteration skeleton, some with another consonant frame."""
    names = ["Tall Hamid", "Tal Hamed", "Tell Hmeid", "Tal Hamida", "Tel Hamdi"]
    names += ["Tal Humayd", "Tal Hameed", "Tal Hamd", "Tall Hmeidi"]
    out = []
    for i, name in enumerate(names):
        out.append(
            Place(
                id=f"t:{i}",
                name=name,
                kind="village" if i % 3 else "town",
                country="SY" if i % 2 else "IQ",
                lat=35.0 + i / 10,
                lon=38.0 + i / 10,
                admin1="Raqqa Governorate" if i % 2 else "Nineveh",
                population=1000 * (i + 1),
            )
        )
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Gazetteer, Gazetteer]:
    """The namesakes in the current format and as a format-3 file."""
    new = tmp_path_factory.mktemp("namesakes-current")
    write_index(new / "index.sqlite", _namesakes(), {"kind": "test"})
    old = tmp_path_factory.mktemp("namesakes-format3")
    write_older_index(old / "index.sqlite", _namesakes(), "3")
    return (
        Gazetteer(new / "index.sqlite", place_cache=0, rank_cache=0),
        Gazetteer(old / "index.sqlite", place_cache=0, rank_cache=0),
    )


@pytest.mark.parametrize("name", ["Tal Hamid", "Tall Hamed", "Tel Hamda", "Tal Hmd", "Hamid"])
@pytest.mark.parametrize("country", [None, "SY", "IQ"])
def test_pruned_skeleton_rows_change_no_lookup(
    pair: tuple[Gazetteer, Gazetteer], name: str, country: str | None
) -> None:
    g4, g3 = pair
    assert g4.lookup(name, country=country) == g3.lookup(name, country=country)
    ctx = ResolveContext(countries=(country,) if country else ())
    assert g4.resolve(name, ctx) == g3.resolve(name, ctx)


def test_exact_name_with_skeleton_namesakes_is_found(pair: tuple[Gazetteer, Gazetteer]) -> None:
    cands = pair[0].lookup("Tal Hamed")
    assert cands[0].place.id == "t:1" and cands[0].reason.startswith("exact name")
    # The exact row is not listed a second time as its own skeleton match.
    assert [c.place.id for c in cands].count("t:1") == 1


def test_long_row_lists_score_as_the_column_formula(pair: tuple[Gazetteer, Gazetteer]) -> None:
    g = pair[0]
    db = g._dbs[0]
    a = db.arr.a
    rows = np.array(list(range(len(a["nm_place"]))) * 3, dtype=np.int32)
    assert len(rows) > MAX_SCORED
    near = (35.2, 38.3)
    made = g._make(0, rows, 0.85, "transliteration skeleton", ("SY",), near)
    assert len(made) == MAX_SCORED
    for c in made:
        idx = int(a["nm_place"][c.row])
        cc = db.countries[int(a["cc"][idx])]
        assert c.idx == idx and c.cc == cc
        d = haversine_km(near[0], near[1], float(a["lat"][idx]), float(a["lon"][idx]))
        score, conf = rank_score(
            0.85, int(a["pop"][idx]), cc, int(a["kind"][idx]), ("SY",), "SY", d
        )
        assert (c.score, c.conf) == (score, min(conf, 1.0))
    # In-country rows come first in the pre-rank: all SY rows are kept before any IQ row.
    n_sy = sum(1 for r in rows.tolist() if db.countries[int(a["cc"][a["nm_place"][r]])] == "SY")
    assert sum(c.cc == "SY" for c in made) == min(n_sy, MAX_SCORED)
