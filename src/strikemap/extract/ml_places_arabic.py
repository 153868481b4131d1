"""Place names in Arabic sentences.

The gazetteer's own spotter reads Arabic script, folds letter variants and tries a name
without a one-letter proclitic ("بإدلب"); hashtags' underscores are read as spaces.
Arabic has no capitals to tell a name from a word, so a name counts only where the text
treats it as a place: after a place word or preposition ("في", "بلدة", "قرية", "ريف",
...), in a hashtag, or when it is a name of several words or a town with inhabitants on
record.
"""

from __future__ import annotations

import re
from functools import lru_cache

from strikemap.extract.lang import LanguagePack
from strikemap.extract.lang.normal import normalise
from strikemap.extract.ml_place_lookup import (
    NamedPlace,
    Span,
    has_people,
    is_report_word,
    names_a_country,
    spot_each,
)
from strikemap.gazetteer.base import GazetteerLike, Mention

_AR_CUE = re.compile(
    r"(?:^|[\s#(])(?:[وف]?(?:في|على|الى|إلى|من|قرب|بمدينه|بمدينة|بلده|بلدة|ببلدة|ببلده|"
    r"قريه|قرية|بقرية|بقريه|مدينه|مدينة|ريف|بريف|حي|بحي|مخيم|بمخيم|منطقه|منطقة|بمنطقة|"
    r"محيط|اطراف|أطراف|اطراف|اتجاه|جنوب|شمال|شرق|غرب|جنوبي|شمالي|شرقي|غربي|محافظه|"
    r"محافظة|بمحافظة|قرى|بلدات|مدن|ناحيه|ناحية|جبل|سهل|بادية|باديه|مطار|بمطار|قريتي|"
    r"بلدتي|مدينتي|و))\s*[#]?\s*$"
)
_AR_KIND = {
    "مدينه": "city", "مدينة": "city", "بلده": "town", "بلدة": "town", "قريه": "village",
    "قرية": "village", "حي": "neighbourhood", "مخيم": "camp", "ريف": "province",
    "محافظه": "province", "محافظة": "province", "ناحيه": "district", "ناحية": "district",
}  # fmt: skip


@lru_cache(maxsize=1)
def _ar_kind_words() -> frozenset[str]:
    """Return the place words, folded (on first use, not at import)."""
    words = [*_AR_KIND, "المدينة", "البلدة", "القرية", "منطقة", "المنطقة", "الريف", "المخيم"]
    return frozenset(normalise(w, "ar") for w in words)


# "بريف إدلب" (the countryside of Idlib), "جنوبي إدلب" (south of Idlib): the area a
# place lies in, its province, not the town of that name.
_AR_AREA_BEFORE = re.compile(
    r"(?:^|\s)[وف]?[بل]?(?:ال)?(?:ريف|أرياف|ارياف|محافظة|محافظه|(?:جنوب|شمال|شرق|غرب)(?:ي|ى)?)"
    r"\s*#?\s*$"
)


def arabic_places(
    text: str, sentences: list[Span], pack: LanguagePack, gazetteer: GazetteerLike
) -> list[list[NamedPlace]]:
    """Return the places each of the Arabic ``sentences`` names, sentence by sentence."""
    # Hashtags: same length, words apart.
    texts = [text[start:end].replace("_", " ") for start, end, _skip in sentences]
    spotted = spot_each(gazetteer, texts) if texts else []
    return [
        _arabic_sentence(sentence, start, ms, pack, gazetteer)
        for sentence, (start, _end, _skip), ms in zip(texts, sentences, spotted, strict=True)
    ]


def _arabic_sentence(
    sentence: str, start: int, spotted: list[Mention], pack: LanguagePack, gazetteer: GazetteerLike
) -> list[NamedPlace]:
    """Return the places of one sentence (starting at ``start``) among its spotted names."""
    out: list[NamedPlace] = []
    for m in spotted:
        folded = normalise(m.surface, "ar")
        if (
            folded in _ar_kind_words()
            or is_report_word(folded, pack)
            or names_a_country(gazetteer, m.place_ids)
        ):
            # "مدينة" is a word before a name, not Madinah; "جروح" (wounds) is a toll
            # word, not Jruh; a country is no strike place.
            continue
        before = sentence[max(0, m.start - 24) : m.start]
        words = before.split()
        last = words[-1] if words else ""
        kind = _AR_KIND.get(last.lstrip("#")) or _AR_KIND.get(last.lstrip("#")[1:])
        hashtag = before.endswith("#")
        # "بإدلب": in Idlib. Other letters glued before a name are a conjunction or a
        # word's own letter ("وأدى" is "and led to", not a place).
        glued = m.start > 0 and sentence[m.start - 1].isalpha()
        in_place = glued and sentence[m.start - 1] == "ب"
        if len(folded.replace(" ", "")) <= 3 and not (kind or hashtag):
            # Three letters spell many words ("أمن", "كان"): such a name needs a place
            # word ("بلدة", "قرية") or a hashtag in front of it.
            continue
        cue = _AR_CUE.search(before)
        if not (
            in_place
            or (cue and not glued)
            or hashtag
            or " " in m.surface
            or has_people(gazetteer, m.place_ids)
        ):
            continue
        qualifier = bool(_AR_AREA_BEFORE.search(before))
        out.append(
            NamedPlace(
                start + m.start,
                start + m.end,
                m.surface,
                m.place_ids,
                kind_hint="province" if qualifier else kind,
                qualifier=qualifier,
            )
        )
    return out
