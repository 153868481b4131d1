"""Gazetteer speed pass 10: posting ranges, skeleton-row pruning, batched scoring.

None of these changes may change an answer. The posting range bisects to the end of a
run of equal hashes instead of walking it; a few skeleton rows whose consonant-frame
hash differs from the name's are dropped before scoring (no later level can re-admit
them); long candidate lists are scored through the same per-row code as short ones.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazetteer_formats import write_older_index
from strikemap.gazetteer._store import (
    bucket_starts,
    write_index,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import _MAX_SCORED, Gazetteer, _Posting, _rank_score
from strikemap.model import Place

_FORMAT4_ONLY = ("nm_vkey_blob", "nm_vkey_off", "nm_klen", "nm_vlen", "nm_vframe")


@given(st.lists(st.integers(0, 40), max_size=300), st.integers(0, 45))
def test_posting_range_covers_the_whole_run_of_a_hash(raw: list[int], probe: int) -> None:
    # Small values spread over the top bits so runs fall in a few buckets.
    hashes = np.sort(np.array([v << 58 for v in raw], dtype=np.uint64))
    post = _Posting(hashes, np.arange(len(hashes), dtype=np.int32), bucket_starts(hashes))
    h = probe << 58
    lo, hi = post.range(h)
    count = int((hashes == np.uint64(h)).sum())
    assert hi - lo == count
    if count:
        assert int(hashes[lo]) == h and int(hashes[hi - 1]) == h
        assert hi == len(hashes) or int(hashes[hi]) != h


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
    new = tmp_path_factory.mktemp("p10new")
    write_index(new / "index.sqlite", _namesakes(), {"kind": "test"})
    old = tmp_path_factory.mktemp("p10old")
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
    assert len(rows) > _MAX_SCORED
    near = (35.2, 38.3)
    made = g._make(0, rows, 0.85, "transliteration skeleton", ("SY",), near)
    assert len(made) == _MAX_SCORED
    for c in made:
        idx = int(a["nm_place"][c.row])
        cc = db.countries[int(a["cc"][idx])]
        assert c.idx == idx and c.cc == cc
        d = haversine_km(near[0], near[1], float(a["lat"][idx]), float(a["lon"][idx]))
        score, conf = _rank_score(
            0.85, int(a["pop"][idx]), cc, int(a["kind"][idx]), ("SY",), "SY", d
        )
        assert (c.score, c.conf) == (score, min(conf, 1.0))
    # In-country rows come first in the pre-rank: all SY rows are kept before any IQ row.
    n_sy = sum(1 for r in rows.tolist() if db.countries[int(a["cc"][a["nm_place"][r]])] == "SY")
    assert sum(c.cc == "SY" for c in made) == min(n_sy, _MAX_SCORED)
