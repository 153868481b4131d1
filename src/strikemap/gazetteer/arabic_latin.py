"""Whether a Latin spelling agrees with an Arabic-script name, letter slot by letter slot.

A village written "Kafr Nabl" or "Kafranbel" in English reports may be listed in Arabic
script only, as in OCHA's and Airwars' tables. Both spellings are read as consonants
with the vowel letters written between them (:func:`arabic_slots`,
:func:`latin_slots`); two names agree when the consonants match, allowing the Latin
habits of :func:`latin_consonant_variants`, and every long vowel, ayn or hamza the
Arabic writes has a place in the Latin spelling (:func:`slots_agree`). This finds
Arabic-only gazetteer names for Latin spellings without a transliteration table.
"""

from __future__ import annotations

import re
from functools import lru_cache

from strikemap.gazetteer.normalize import ARABIC_ARTICLES

_SLOT_LETTERS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "G", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "پ": "b", "چ": "j", "ڤ": "f", "گ": "g", "ک": "k",
}  # fmt: skip
"""Arabic consonants as Latin spellings write them (th/t, dh/d, q/k folded as in
:func:`skeleton_key`; خ غ ش kept apart as x, G, S, see :data:`_LATIN_DIGRAPHS`). Alif,
waw, ya (long vowels or glides), ayn and hamza are vowel-slot marks
(:data:`_ARABIC_VOWEL_MARKS`)."""


_ARABIC_VOWEL_MARKS = {
    "ا": "a", "آ": "a", "ى": "a", "و": "u", "ي": "i",
    "ع": "3", "ء": "3", "أ": "3", "إ": "3", "ئ": "3", "ؤ": "3", "ة": "t",
}  # fmt: skip
"""What an Arabic letter writes between consonants: a long vowel (a, u, i), an ayn or
hamza ("3": a Latin spelling may put any vowel there, or an apostrophe), ta marbuta."""
_LATIN_DIGRAPHS = (("kh", "x"), ("gh", "G"), ("sh", "S"), ("ch", "S"), ("th", "t"),
                   ("dh", "d"), ("ph", "f"), ("q", "k"), ("c", "k"))  # fmt: skip
"""Latin digraphs as :func:`latin_slots` folds them: kh, gh and sh stay letters of their
own (خ غ ش are other letters than ح ج س in Arabic: "Sakhour" is not سحور)."""
_FINAL_AH = re.compile(r"(?<=[ae])h\b")
Slots = tuple[str, tuple[str, ...]]
"""A name as consonants and the vowel letters around them: ("kfrm", ("", "a", "", "ou",
"a")) has one more vowel slot than consonants (before the first, after each)."""
ArabicMarks = tuple[frozenset[str], ...]
"""The vowel-slot marks of an Arabic reading (:func:`arabic_slots`), one set per slot."""


def arabic_slots(name: str) -> list[tuple[str, ArabicMarks]]:
    """Return an Arabic-script name's consonants and what each vowel slot writes.

    Consonants fold as :data:`_SLOT_LETTERS`; each slot holds the marks of
    :data:`_ARABIC_VOWEL_MARKS` written there (empty: a short vowel or none). The
    article ال is dropped from each word; a word-initial alif carries a hamza (any
    vowel); a word-final ي may be an alif maqsura (folded to ي: mark "y", a or i); a
    word-final ه (the folded ta marbuta) is a "t" mark, and before another word it may
    also be written as the construct consonant t ("Khirbet"), so such names have two
    readings. Doubled consonants merge within a word, not across words.

    Returns
    -------
    list of (consonants, slots)
        One reading, or two when a construct ending may be written.
    """
    words = name.replace("_", " ").replace("-", " ").split()
    if len(words) > 1 and words[-1] in _ARABIC_QUALIFIERS:
        # "شغور فوقاني" (Upper Shghur): reports write the village without "upper" too.
        return _slot_readings(words) + _slot_readings(words[:-1])
    return _slot_readings(words)


_ARABIC_QUALIFIERS = frozenset(
    ["فوقاني", "تحتاني", "فوقا", "تحتا", "شرقي", "غربي", "شرقيه", "غربيه", "شمالي",
     "جنوبي", "شماليه", "جنوبيه", "كبير", "صغير", "كبيره", "صغيره", "الكبير", "الصغير",
     "الكبرى", "الصغرى", "الكبري", "الصغري", "الشمالي", "الجنوبي", "الشرقي", "الغربي",
     "الفوقاني", "التحتاني", "الشرقيه", "الغربيه", "الشماليه", "الجنوبيه"]
)  # fmt: skip
"""Arabic position and size words ending a name (folded: ة -> ه, ى -> ي)."""


def _slot_readings(words: list[str]) -> list[tuple[str, ArabicMarks]]:
    """Return the readings of :func:`arabic_slots` for a list of words."""
    readings: list[tuple[list[str], list[set[str]]]] = [([], [set()])]
    for wi, w in enumerate(words):
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        for cons, slots in readings:
            prev = None
            for j, ch in enumerate(w):
                last = j == len(w) - 1
                if ch == "ه" and last:
                    slots[-1].add("t")
                elif ch in _SLOT_LETTERS:
                    c = _SLOT_LETTERS[ch]
                    if c == prev and not slots[-1]:
                        continue  # a doubled letter (no shadda is written either)
                    cons.append(c)
                    slots.append(set())
                    prev = c
                elif ch == "ا" and j == 0:
                    slots[-1].add("3")
                elif ch == "ي" and last and j > 0:
                    slots[-1].add("y")
                elif ch in _ARABIC_VOWEL_MARKS:
                    slots[-1].add(_ARABIC_VOWEL_MARKS[ch])
        if wi < len(words) - 1 and w.endswith("ه"):
            # The construct "t" written as a consonant: a second reading.
            extra = []
            for cons, slots in readings:
                c2, s2 = [*cons, "t"], [*(set(x) for x in slots[:-1]), slots[-1] - {"t"}, set()]
                extra.append((c2, s2))
            readings += extra
    return [("".join(c), tuple(frozenset(x) for x in s)) for c, s in readings if c]


@lru_cache(maxsize=65536)
def latin_slots(key: str) -> Slots:
    """Return a folded Latin name's consonants and the vowel letters of each slot.

    Articles and a final -ah/-eh are dropped, digraphs folded (th/t, q/k ...; kh, gh
    and sh kept apart, see :data:`_LATIN_DIGRAPHS`), w and y count as vowel letters
    (Arabic writes them with و and ي), and a doubled consonant with no vowel between
    is one.
    """
    # A final -ah/-eh writes the ta marbuta, not a consonant ("Sokhneh").
    text = _FINAL_AH.sub("", " ".join(t for t in key.split() if t not in ARABIC_ARTICLES))
    for a, b in _LATIN_DIGRAPHS:
        text = text.replace(a, b)
    cons: list[str] = []
    slots = [""]
    for ch in text:
        if ch in "aeiouyw":
            slots[-1] += ch
        elif ch.isascii() and ch.isalpha():
            if cons and cons[-1] == ch and not slots[-1]:
                continue
            cons.append(ch)
            slots.append("")
    return "".join(cons), tuple(slots)


def slots_agree(arabic: ArabicMarks, latin: tuple[str, ...], *, strict: bool = True) -> bool:
    """Whether a Latin spelling writes the long vowels an Arabic name writes, and no more.

    Both have the same consonants (the caller checks). Slot by slot: a long a/u/i in
    the Arabic needs a Latin vowel of that class (a/e; o/u/w; i/e/y). With ``strict``
    also: a slot with an ayn or hamza only may hold anything; a slot with no mark (a
    short vowel or none) allows at most one Latin vowel letter and no w/y; a name
    ending in a consonant in Arabic ends in one in Latin, and a ta marbuta ending is
    written -a/-e/-eh. The first slot is free (Latin writes
    initial hamzas and stray articles as vowels). Without ``strict`` only the long
    vowels are checked (for names of four consonants or more, whose consonants alone
    are strong evidence).
    """
    last = len(arabic) - 1
    for i, (marks, letters) in enumerate(zip(arabic, latin, strict=True)):
        if i == 0 and not marks:
            continue
        long_marks = marks - {"t", "3"}
        if not strict:
            if any(not set(letters) & _LONG_VOWEL_LETTERS[m] for m in long_marks):
                return False
            continue
        if not long_marks and "3" in marks:
            continue
        if i == last and not marks:
            if letters:
                return False
            continue
        if i == last and "t" in marks and (not letters or letters[-1] not in "ae"):
            return False  # a ta marbuta ending is written -a/-e/-eh
        if i == last and marks == {"t"}:
            if not set(letters) <= {"a", "e"}:
                return False
            continue
        if not long_marks:
            if len(letters) > 1 or letters in ("w", "y"):
                return False
            continue
        for m in long_marks:
            if not set(letters) & _LONG_VOWEL_LETTERS[m]:
                return False
    return True


_LONG_VOWEL_LETTERS = {
    "a": {"a", "e"},
    "u": {"o", "u", "w"},
    "i": {"i", "e", "y"},
    "y": {"a", "e", "i", "y"},  # a final ي: ya, or alif maqsura folded to it
}


def latin_consonant_variants(cons: str) -> list[str]:
    """Return the Arabic consonant strings a Latin one may stand for.

    A Latin "g" writes ج in Egyptian-style romanisation ("Kafr Gom" for كفر جوم) and ق
    in Gulf and Iraqi speech ("Qorgania" for قورقانيا), besides غ without its h.
    Names with more than two g are taken as written.
    """
    if "g" not in cons or cons.count("g") > 2:
        return [cons]
    out = [""]
    for ch in cons:
        out = [o + c for o in out for c in (("g", "j", "k") if ch == "g" else (ch,))]
    return out
