"""Pinned answers of the candidate lookup on a small fixture index.

The lookup scores fuzzy rows in one rapidfuzz call, reads rows through memoryviews and
de-duplicates by row index; none of that may change an answer. The answers below were
produced by the lookup before those shortcuts, on this fixture index; they cover the exact,
variant, skeleton and fuzzy levels, a name with more namesakes than are scored one by
one, country and near preferences, and a layer overriding an id.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.build import read_curated
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.gazetteer.index_arrays import StringColumn
from strikemap.gazetteer.spelling_match import spelling_ratios
from strikemap.model import Place

FIXTURES = Path(__file__).parent / "fixtures" / "gazetteer"


def _village(i: int, cc: str, pop: int) -> Place:
    return Place(
        f"t:nawa{i}", "Nawa", "village", cc, 32.0 + i / 10, 36.0 + i / 10,
        admin1="Daraa Governorate" if cc == "SY" else None, population=pop, uncertainty_km=2.0,
    )  # fmt: skip


def _extra() -> list[Place]:
    # 20 namesakes: more than the 16 rows scored one by one, so the numpy pre-rank runs.
    out = [_village(i, "SY" if i % 3 else "IQ", (i * 7919) % 30_000) for i in range(20)]
    out += [
        Place(
            "t:raqqa", "Ar Raqqah", "city", "SY", 35.95, 39.01, admin1="Ar Raqqah Governorate",
            population=177_636, alt_names=("Raqqa", "Rakka"), uncertainty_km=6.0,
        ),
        Place(
            "t:kafrnabuda", "Kafr Nabutha", "village", "SY", 35.41, 36.50,
            admin1="Hama Governorate", population=3_000, uncertainty_km=2.0,
        ),
        Place(
            "t:mariupol", "Mariupol", "city", "UA", 47.0958, 37.5494, admin1="Donetsk Oblast",
            population=481_626, alt_names=("Mariupol'", "Маріуполь"), uncertainty_km=8.0,
        ),
        Place(
            "t:fakkeh", "Fakkeh", "village", "SY", 36.30, 37.10, admin1="Aleppo Governorate",
            population=900, uncertainty_km=2.0,
        ),
    ]  # fmt: skip
    return out


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("gaz5")
    places, _ = read_curated(FIXTURES / "places.csv")
    write_index(d / "index.sqlite", [*places, *_extra()], {"kind": "test"})
    # A layer re-listing one id (moved) and adding a namesake: ids de-duplicate
    # across files, the layer's entry wins.
    layer = [
        Place("t:nawa1", "Nawa", "village", "SY", 32.9, 36.05, population=25_000),
        Place("t:nawa-layer", "Nawa", "village", "SY", 33.1, 36.2, population=100),
    ]
    (d / "layers").mkdir()
    write_index(d / "layers" / "extra.sqlite", layer, {"kind": "layer"})
    return load_gazetteer(d, build=False, place_cache=0, rank_cache=0)


def _look(g: Gazetteer, name: str, **kw: object) -> list[tuple[str, str, float]]:
    return [(c.place.id, c.matched_name, c.confidence) for c in g.lookup(name, **kw)]  # type: ignore[arg-type]


PINNED_LOOKUPS: list[tuple[str, dict[str, object], list[tuple[str, str, float]]]] = [
    (
        "Nawa",
        {},
        [
            ("t:nawa15", "Nawa", 0.95),
            ("t:nawa11", "Nawa", 0.95),
            ("t:nawa7", "Nawa", 0.95),
            ("t:nawa1", "Nawa", 0.95),
            ("t:nawa3", "Nawa", 0.95),
            ("t:nawa18", "Nawa", 0.95),
            ("t:nawa14", "Nawa", 0.95),
            ("t:nawa10", "Nawa", 0.95),
            ("t:nawa6", "Nawa", 0.95),
            ("t:nawa2", "Nawa", 0.95),
        ],
    ),
    (
        "Nawa",
        {"country": "IQ"},
        [
            ("t:nawa15", "Nawa", 0.95),
            ("t:nawa3", "Nawa", 0.95),
            ("t:nawa18", "Nawa", 0.95),
            ("t:nawa6", "Nawa", 0.95),
            ("t:nawa9", "Nawa", 0.95),
            ("t:nawa12", "Nawa", 0.95),
            ("t:nawa0", "Nawa", 0.95),
            ("t:nawa11", "Nawa", 0.57),
            ("t:nawa7", "Nawa", 0.57),
            ("t:nawa1", "Nawa", 0.57),
        ],
    ),
    (
        "Nawa",
        {"country": "SY", "near": (33.0, 36.1), "limit": 5},
        [
            ("t:nawa1", "Nawa", 0.95),
            ("t:nawa-layer", "Nawa", 0.95),
            ("t:nawa7", "Nawa", 0.95),
            ("t:nawa5", "Nawa", 0.95),
            ("t:nawa8", "Nawa", 0.95),
        ],
    ),
    ("Raqqa", {}, [("t:raqqa", "Raqqa", 0.95)]),
    ("Raqa", {}, [("t:raqqa", "Ar Raqqah", 0.874)]),
    ("Rakkah", {"country": "SY"}, [("t:raqqa", "Rakka", 0.874)]),
    ("Mariupl", {}, [("t:mariupol", "Mariupol", 0.807)]),
    ("Маріуполь", {}, [("t:mariupol", "Маріуполь", 0.95)]),
    ("Kafar Nabouda", {"country": "SY"}, []),
    ("Kafar Nabouda", {}, []),
    ("Kafr Nabusha", {"country": "SY"}, [("t:kafrnabuda", "Kafr Nabutha", 0.653)]),
    ("Kafr Nabusha", {}, []),
    ("Mariubol", {}, [("t:mariupol", "Mariupol", 0.633)]),
    ("Mariubol", {"country": "SY"}, []),
    ("Al Fakkah", {"country": "SY"}, [("t:fakkeh", "Fakkeh", 0.874)]),
    ("Jisr al-Shughur", {}, [("gn:170063", "Jisr al-Shughur", 0.95)]),
    ("Jisr Al Shugour", {"limit": 1}, [("gn:170063", "Jisr ash Shughur", 0.807)]),
    (
        "Idleb",
        {"country": "SY"},
        [("gn:169389", "Idleb", 0.95), ("cur:sy-idlib-gov", "Idleb", 0.95)],
    ),
    (
        "Homs",
        {},
        [
            ("gn:169577", "Homs", 0.95),
            ("gn:999001", "Homs", 0.95),
            ("cur:sy-homs-gov", "Homs", 0.95),
        ],
    ),
    (
        "Mykhailivka",
        {"country": "UA"},
        [("gn:700001", "Mykhailivka", 0.95), ("gn:700002", "Mykhailivka", 0.95)],
    ),
    ("Nowhere Town", {}, []),
]
PINNED_RESOLVES: list[tuple[str, ResolveContext, str | None, str]] = [
    (
        "Nawa",
        ResolveContext(countries=("SY",)),
        None,
        "'Nawa': ambiguous between t:nawa11 and t:nawa7 (58 km apart) and the context"
        " does not decide",
    ),
    (
        "Nawa",
        ResolveContext(countries=("SY",), nearby=((32.9, 36.05),)),
        "t:nawa1",
        "exact name 'Nawa'; population 25,000; in report country SY; 0 km from the"
        " report's other places",
    ),
    (
        "Raqa",
        ResolveContext(countries=("SY",)),
        "t:raqqa",
        "spelling variant 'Ar Raqqah'; population 177,636; in report country SY",
    ),
    (
        "Kafar Nabouda",
        ResolveContext(countries=("SY",), admin_hint="Hama"),
        None,
        "'Kafar Nabouda': no gazetteer name matches",
    ),
    (
        "Jisr al-Shughur",
        ResolveContext(),
        "gn:170063",
        "exact name 'Jisr al-Shughur'; population 39,311",
    ),
    (
        "Homs",
        ResolveContext(countries=("SY",)),
        "gn:169577",
        "exact name 'Homs'; population 775,404; in report country SY",
    ),
    (
        "Mariupl",
        ResolveContext(countries=("UA",)),
        "t:mariupol",
        "transliteration skeleton 'Mariupol'; population 481,626; in report country UA",
    ),
    (
        "Kafr Nabusha",
        ResolveContext(countries=("SY",), admin_hint="Hama Governorate"),
        None,
        "'Kafr Nabusha': only a close spelling ('Kafr Nabutha') and no admin hint or"
        " nearby place confirms it",
    ),
    (
        "Mariubol",
        ResolveContext(),
        None,
        "'Mariubol': only a close spelling ('Mariupol') and no admin hint or nearby"
        " place confirms it",
    ),
    (
        "Nowhere Town",
        ResolveContext(countries=("SY",)),
        None,
        "'Nowhere': no gazetteer name matches",
    ),
]


@pytest.mark.parametrize(("name", "kw", "expected"), PINNED_LOOKUPS)
def test_lookup_answers_are_pinned(
    gaz: Gazetteer, name: str, kw: dict[str, object], expected: list[tuple[str, str, float]]
) -> None:
    assert _look(gaz, name, **kw) == expected


@pytest.mark.parametrize(("name", "ctx", "place_id", "reason"), PINNED_RESOLVES)
def test_resolve_answers_are_pinned(
    gaz: Gazetteer, name: str, ctx: ResolveContext, place_id: str | None, reason: str
) -> None:
    r = gaz.resolve(name, ctx)
    assert (r.location.place_id if r.location else None, r.reason) == (place_id, reason)


def test_batched_ratios_equal_per_pair_ratios() -> None:
    others = ["kafr nabutha", "kafar nabouda", "raqqa", "mariupol", "mariupl", "", "x" * 40]
    got = spelling_ratios("kafr nabouda", others).tolist()
    want = [r if (r := fuzz.ratio("kafr nabouda", o)) >= 86.0 else 0.0 for o in others]
    assert got == want
    assert any(g > 0 for g in got) and any(g == 0 for g in got)


def test_strings_many_equals_indexing(gaz: Gazetteer) -> None:
    keys = gaz._dbs[0].keys
    rows = [0, 3, 1, 7, 3]
    assert keys.many(rows) == [keys[i] for i in rows]
    assert isinstance(keys, StringColumn)


_SPOT_TEXTS = [
    "Russian jets struck Jisr al-Shughur and Idlib; Assad's forces shelled Homs.",
    "Strikes hit Nawa, Kafr Nabl and the village of Fakkeh on Thursday (Reuters).",
    "قصف جوي على جسر الشغور وبإدلب ثم حمص",
    "Удар по Маріуполь: the Mariupol' port, Raqqa and ar Raqqah.",
    "al Nawa, the Nawa district, 12 Nawa road, NAWA, HOMS AND IDLIB hit.",
    "",
    " ",
    "Homs",
    "hit al",
]


def _spot_plain_starts(text: str, folded: str, pos: list[int]) -> list[tuple[int, int]]:
    """(token, fold offset) pairs where a name may start, read token by token."""
    from strikemap.gazetteer import spotting

    toks = [(m.start(), m.end()) for m in spotting.re.finditer(r"\S+", folded)]
    out = []
    for i, (s, e) in enumerate(toks):
        first = text[pos[s]]
        tok = folded[s:e]
        if first.isalpha() and not first.isascii() and not spotting.is_latin_char(first):
            out.append((i, s))
            if tok[0] in spotting.ARABIC_PREFIXES and e - s >= 4:
                out.append((i, s + 1))
        elif first.isupper() or (
            tok in spotting.ARTICLE_TOKENS
            and i + 1 < len(toks)
            and text[pos[toks[i + 1][0]]].isupper()
        ):
            out.append((i, s))
    return out


@pytest.mark.parametrize("text", _SPOT_TEXTS)
def test_spot_starts_names_where_the_token_by_token_reading_does(text: str) -> None:
    from strikemap.gazetteer import spotting

    folded, pos = spotting.fold_text(text)
    toks = [(m.start(), m.end()) for m in spotting._TOKEN.finditer(folded)]
    flags = [spotting._FIRST_KINDS[text[pos[s]]] for s, _e in toks]
    starts = [
        (i, st)
        for i in Gazetteer._start_tokens(folded, toks, flags)
        for st in Gazetteer._token_starts(folded, toks[i], flags[i])
    ]
    assert starts == _spot_plain_starts(text, folded, pos)


def test_spot_answers_the_same_whether_names_are_remembered_or_not(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strikemap.gazetteer import spotting

    texts = [x for t in _SPOT_TEXTS for x in (t, t + " Then Nawa.")]
    gaz.clear_caches()
    cold = [gaz.spot(t) for t in texts]
    assert any(cold) and gaz._spot_memo
    assert [gaz.spot(t) for t in texts] == cold  # every key remembered
    # A memo that fills up on every text forgets and looks every key up again, those
    # it knew before too (each text repeats the keys of the one before it).
    monkeypatch.setattr(spotting, "_SPOT_CACHE", 3)
    gaz.clear_caches()
    assert [gaz.spot(t) for t in texts] == cold
    gaz.clear_caches()
    assert not gaz._spot_memo


def _fold_by_character(text: str) -> tuple[str, list[int]]:
    """Fold each character alone, then collapse runs of spaces to their first."""
    from strikemap.gazetteer.normalize import fold_text

    chars = [fold_text(ch)[0] for ch in text]
    folded = "".join(chars)
    pos = [i for i, f in enumerate(chars) for _ in f]
    keep = [k for k in range(len(folded)) if not (folded[k] == " " and folded[k - 1 : k] == " ")]
    return "".join(folded[k] for k in keep), [pos[k] for k in keep]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab ’'`éæßİ\u00a0اأَـΣЁі\n-.&(_\x7f\x80٣", max_size=40))
def test_folding_a_text_folds_each_character_as_alone(text: str) -> None:
    from strikemap.gazetteer.normalize import fold_text

    assert fold_text(text) == _fold_by_character(text)


def test_spot_answers_the_same_while_another_thread_clears_the_memo(gaz: Gazetteer) -> None:
    import threading

    texts = _SPOT_TEXTS * 4
    expected = [gaz.spot(t) for t in texts]
    stop = threading.Event()

    def clear() -> None:
        while not stop.is_set():
            gaz._spot_memo.clear()

    clearer = threading.Thread(target=clear)
    clearer.start()
    try:
        got = [[gaz.spot(t) for t in texts] for _ in range(20)]
    finally:
        stop.set()
        clearer.join()
    assert all(g == expected for g in got)
