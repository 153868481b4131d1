"""The multilingual reader's shortcuts give what the plain way gives.

Names spotted for several sentences in one gazetteer pass, names made only for words the
reader may look up, the one-table Arabic normalisation and the widened language model
rows: each against the slower reading it stands for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from multilingual_places import multilingual_index

from strikemap.extract import ml_place_lookup, ml_places, ml_places_cyrillic
from strikemap.extract.lang import language_pack
from strikemap.extract.lang.normal import normalise
from strikemap.extract.ml_places import find_places, find_places_in
from strikemap.gazetteer.index import Gazetteer

_UK = (
    "Ракетний удар у Харкові. Обстріл під Ізюмом і в Харківській області. "
    "«Львів» атакували, а Атаки ЗСУ по Бердянському порту тривали. "
    "Вибухи у Хрустальному та Кропивницькому, на Харківському напрямку."
)
_AR = "قصف على #إدلب وريف حلب. غارات على بلدة كفرنبل وأريحا_الشمالية. جروح في حلب."


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return multilingual_index(Path(tmp_path_factory.mktemp("ml-gaz-short")))


def _sentences(text: str) -> list[ml_places.Span]:
    out: list[ml_places.Span] = []
    start = 0
    for k, ch in enumerate(text):
        if ch == ".":
            out.append((start, k + 1, []))
            start = k + 2
    return out


@pytest.mark.parametrize(("text", "code"), [(_UK, "uk"), (_AR, "ar")])
def test_one_pass_for_all_sentences_finds_what_each_sentence_finds_alone(
    text: str, code: str, tmp_path: Path
) -> None:
    pack = language_pack(code)
    spans = _sentences(text)
    # A fresh gazetteer object for each reading: no name is answered from the other's
    # look-ups.
    together = find_places_in(text, spans, pack, multilingual_index(tmp_path / "a"))
    alone_gaz = multilingual_index(tmp_path / "b")
    alone = [find_places(text, s, e, pack, alone_gaz) for s, e, _skip in spans]
    assert together == alone
    assert any(together)


def test_names_spotted_together_are_kept_apart(gaz: Gazetteer) -> None:
    # "Харківська" and "область" are one name when run together; apart, neither is.
    texts = ["Харківська", "область", "Харків", "Ізюм"]
    spotted = ml_place_lookup.spot_each(gaz, texts)
    assert spotted == [gaz.spot(t) for t in texts]
    assert [len(ms) for ms in spotted] == [0, 0, 1, 1]


def test_names_are_made_only_for_words_the_reader_may_look_up(
    gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pack = language_pack("uk")
    fast = find_places(_UK, 0, len(_UK), pack, gaz)
    monkeypatch.setattr(
        ml_places_cyrillic,
        "_may_start_name",
        lambda toks, i, _pack, _text: ml_places_cyrillic._name_like(toks[i][2]),
    )
    every = find_places(_UK, 0, len(_UK), pack, multilingual_index(tmp_path))
    assert fast == every


@pytest.mark.parametrize(
    "text",
    [
        "قُتِلَ ثلاثةُ مدنيينَ في قصفٍ على إدلبَ",
        "الـــقصف على مـــدينة حلب ١٢ آذار",
        "غارة جوية #جبل_الزاوية؟ نعم، أمس؛ ٣٫٥ كم",
        "إدلب",
        "",
    ],
)
def test_arabic_normalisation_is_pyarabics_with_the_letter_folding(text: str) -> None:
    from pyarabic import araby

    from strikemap.extract.lang.normal import _ARABIC_LETTERS

    plain = araby.strip_tatweel(araby.strip_tashkeel(text)).translate(_ARABIC_LETTERS).lower()
    assert normalise(text, "ar") == plain


def test_widened_language_model_rows_score_as_py3langid_does() -> None:
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from strikemap.language import _identifier

    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in (_UK, _AR, "Прилёт в Харькове ночью, сообщили власти.", "Strikes hit Idlib."):
        assert np.array_equal(_identifier()._decide(text), plain._decide(text))


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Харківській", "uk"),
        ("Бахмутському", "uk"),
        ("Одеській", "uk"),
        ("Кропивницькому", "uk"),
        ("Донецких", "ru"),
        ("Белгородской", "ru"),
        ("Красном", "ru"),
    ],
)
def test_an_adjectives_nominatives_are_pymorphys_inflections(word: str, code: str) -> None:
    from strikemap.extract.lang import morph

    sing = {"sing"} if code == "ru" else set()
    adjectives = [p for p in morph._parses(word, code) if "ADJF" in p.tag]
    assert adjectives
    for p in adjectives:
        inflected = [(p.inflect({"nomn", g} | sing), g) for g in morph._GENDERS]
        assert morph._nominatives(p, code, sing) == [(f.word, g) for f, g in inflected if f]
