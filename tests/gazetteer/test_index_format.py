"""The index file format: the arrays it stores per name (variant keys, key lengths, frame
hashes, letter masks), the deletion-posting hash and bucket table, places read from the
arrays alone, older files (formats 3 and 4) giving the same answers, and layers written
under older key rules re-keyed on load.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import numpy as np
import pytest

from gazetteer_formats import fixture_queries, format_pair, lookup_answers
from sample_gazetteers import LOOKALIKE_PLACES, SYRIAN_CITY_PLACES, lookalike_index, syrian_town
from strikemap.gazetteer import _store
from strikemap.gazetteer import index as index_mod
from strikemap.gazetteer._store import (
    KEY_VERSION,
    bucket_starts,
    deletion_hash,
    key_hash,
    key_hashes,
    keys_path,
    letter_mask,
    open_arrays,
    read_meta,
    write_index,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.index_arrays import StringColumn
from strikemap.gazetteer.normalize import consonant_frame, skeleton_key, variant_key

SY = ("SY",)


@pytest.fixture(scope="module")
def format3_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One fixture index in the current format and the same places as a format-3 file."""
    return format_pair(tmp_path_factory, "3")


@pytest.fixture(scope="module")
def format4_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture places as a format-5 index and as a format-4 one."""
    return format_pair(tmp_path_factory, "4")


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return lookalike_index(tmp_path_factory.mktemp("lookalikes"))


# ---------------------------------------------------------------- stored arrays
def test_format4_arrays_hold_each_names_variant_key_lengths_and_frame(
    format3_pair: tuple[Path, Path],
) -> None:
    arr = open_arrays(keys_path(format3_pair[0] / "index.sqlite"))
    a = arr.a
    assert int(arr.header["format"]) >= 4  # format 5 adds letter masks
    keys = StringColumn(a["nm_key_blob"], a["nm_key_off"])
    vkeys = StringColumn(a["nm_vkey_blob"], a["nm_vkey_off"])
    n = len(a["nm_place"])
    assert n > 40 and len(a["nm_klen"]) == len(a["nm_vlen"]) == len(a["nm_vframe"]) == n
    for row in range(n):
        k, v = keys[row], vkeys[row]
        assert v == variant_key(k)
        assert int(a["nm_klen"][row]) == len(k) and int(a["nm_vlen"][row]) == len(v)
        assert int(a["nm_vframe"][row]) == key_hash(consonant_frame(v))


def test_format5_arrays_hold_each_names_letter_masks(format4_pair: tuple[Path, Path]) -> None:
    arr = open_arrays(keys_path(format4_pair[0] / "index.sqlite"))
    a = arr.a
    assert arr.header["format"] == "5"
    keys = StringColumn(a["nm_key_blob"], a["nm_key_off"])
    vkeys = StringColumn(a["nm_vkey_blob"], a["nm_vkey_off"])
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


def test_bucket_table_finds_every_hash(tmp_path: Path) -> None:
    hashes = np.sort(np.random.default_rng(1).integers(0, 2**63, 5000, dtype=np.uint64))
    starts = bucket_starts(hashes)
    assert starts[0] == 0 and starts[-1] == len(hashes)
    assert np.all(np.diff(starts.astype(np.int64)) >= 0)
    write_index(tmp_path / "index.sqlite", LOOKALIKE_PLACES[:3], {"kind": "test"})
    arr = open_arrays(keys_path(tmp_path / "index.sqlite"))
    assert int(arr.header["format"]) >= 4 and "k_start" in arr.a and "fm_hash" in arr.a


def test_places_and_ids_come_from_the_arrays(gaz: Gazetteer) -> None:
    db = gaz._dbs[0]
    db.con.close()  # no SQLite on the lookup path: answers still come
    try:
        pl = gaz.get("gn:30")
        assert pl.name == "Mykolayiv" and pl.alt_names == ("Mykolaiv",)
        assert pl.population == 470_011 and pl.uncertainty_km == 8.0
        assert gaz.lookup("Mykolaiv", country="UA")[0].place.id == "gn:30"
        with pytest.raises(KeyError):
            gaz.get("gn:nope")
    finally:
        import sqlite3

        db.con = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True, check_same_thread=False)


# ---------------------------------------------------------------- older formats
def test_stored_keys_change_no_answer(format3_pair: tuple[Path, Path]) -> None:
    new, old = format3_pair
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


def test_masks_and_deletion_hash_change_no_answer(format4_pair: tuple[Path, Path]) -> None:
    new, old = format4_pair
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


def test_format4_and_format5_files_open_together_as_layers(
    format4_pair: tuple[Path, Path],
) -> None:
    new, old = format4_pair
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


# ---------------------------------------------------------------- key versions
def _old_layer(d: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write a layer whose keys follow other (older) rules, stamped with version 10."""
    layer = d / "layers" / "old.sqlite"
    with monkeypatch.context() as m:
        m.setattr(_store, "normalize_name", lambda s: "old " + s.upper())
        m.setattr(_store, "skeleton_key", lambda s: "old" + s.upper())
        write_index(
            layer,
            [syrian_town("t:old", "Kafr Nabutha", 35.6, 36.6, "Idlib Governorate")],
            {"kind": "layer", "layer": "old", "source": "test fixture"},
        )
    con = sqlite3.connect(layer)
    con.execute("UPDATE meta SET v = '10' WHERE k = 'key_version'")
    con.commit()
    con.close()
    return layer


def test_layer_of_older_key_rules_is_rekeyed_on_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_index(tmp_path / "index.sqlite", SYRIAN_CITY_PLACES, {"kind": "test"})
    layer = _old_layer(tmp_path, monkeypatch)
    assert read_meta(layer)["key_version"] == "10"
    g = load_gazetteer(tmp_path, build=False)
    try:
        loc = g.resolve("Kafr Nabutha", ResolveContext(countries=SY)).location
        assert loc is not None and loc.place_id == "t:old"
    finally:
        g.close()
    meta = read_meta(layer)
    assert meta["key_version"] == KEY_VERSION and meta["source"] == "test fixture"


def test_layer_that_cannot_be_rekeyed_says_how_to_reimport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_index(tmp_path / "index.sqlite", SYRIAN_CITY_PLACES, {"kind": "test"})
    _old_layer(tmp_path, monkeypatch)

    def fail(path: Path) -> int:
        raise OSError("read-only file system")

    monkeypatch.setattr(index_mod, "rekey_index", fail)
    with pytest.raises(RuntimeError, match=r"'old'.*re-import it: strikemap gazetteer import"):
        load_gazetteer(tmp_path, build=False)


def test_keys_hashed_together_hash_as_one_by_one() -> None:
    keys = ["aleppo", "харків", "ادلب", "deir ez zor", ""]
    assert key_hashes(keys).tolist() == [key_hash(k) for k in keys]
    assert key_hashes([]).tolist() == []
