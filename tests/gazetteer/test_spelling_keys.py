"""Spelling keys: how names fold into variant keys, vowel shapes and consonant frames, and
when two spellings' frames count as one name (vowels added or dropped, consonants that are
transliteration alternates)."""

from __future__ import annotations

import pytest

from strikemap.gazetteer.normalize import (
    consonant_frame,
    normalize_name,
    variant_key,
    vowel_shape,
)
from strikemap.gazetteer.spelling_match import frame_spelling, fuzzy_frames_ok


def _v(name: str) -> str:
    return variant_key(normalize_name(name))


# ---------------------------------------------------------------- variant keys
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hayan", "Hayyan"),  # shadda written or not
        ("Al Sayyad", "Sayad"),
        ("Al Janoudia", "Al Janudiyah"),  # -ia = -iya/-iyah/-iyeh
        ("Al-Najia", "Najiyeh"),
    ],
)
def test_variant_key_merges_doubled_consonants_and_spells_the_i_glide(a: str, b: str) -> None:
    assert _v(a) == _v(b)


def test_feminine_ending_before_a_qualifier() -> None:
    def v(s: str) -> str:
        return variant_key(normalize_name(s))

    assert vowel_shape(v("Urma al-Kubra")) == vowel_shape(v("Big Orm"))
    assert v("Hamra al-Kubra") == v("Big Hamrah")
    # Without a qualifier the ending stays: "Hamra" and "Hamr" are two names.
    assert v("Hamra") != v("Hamr")


# ---------------------------------------------------------------- consonant frames
def test_consonant_frame_keeps_sh_and_ch_apart_from_s() -> None:
    assert consonant_frame(variant_key("shadaa")) != consonant_frame(variant_key("sadah"))
    assert consonant_frame(variant_key("taramchuk")) != consonant_frame(variant_key("taromske"))
    assert consonant_frame(variant_key("chadaa")) == consonant_frame(variant_key("shadaa"))


def test_y_between_vowels_stays_a_consonant_in_the_frame() -> None:
    # "Sayyal"/"Siyal": the y is the consonant in both; "ay" before a consonant is a
    # diphthong and is still folded ("Dayr"/"Deir").
    assert consonant_frame(_v("Sayyal")) == consonant_frame(_v("Siyal"))
    assert _v("Dayr Hafir") == _v("Deir Hafir")


# ---------------------------------------------------------------- vowel shapes
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Al Kendeh", "Kinda"),
        ("Tedef", "Tadaf"),
        ("Khan Subul", "Khan Elsobol"),
        ("Balion", "Balyun"),
        ("Kastoun", "Qastun"),
    ],
)
def test_vowel_shape_equates_spellings_differing_in_vowel_letters(a: str, b: str) -> None:
    assert vowel_shape(_v(a)) == vowel_shape(_v(b))


def test_vowel_shape_keeps_an_added_vowel_or_consonant_apart() -> None:
    assert vowel_shape(_v("Bzabor")) != vowel_shape(_v("Bazabur"))
    assert vowel_shape(_v("Hama")) != vowel_shape(_v("Hamam"))


# ---------------------------------------------------------------- frame spellings
def _frame_ok(a: str, b: str) -> bool:
    return frame_spelling(_v(a), _v(b), vowel_shape(_v(a)))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kiljbreen", "Kaljibrin"),  # a vowel dropped after the first consonants
        ("Bzabor", "Bazabur"),  # initial cluster written with a vowel
        ("Bashentra", "Bshantara"),
        ("Tal Mannas", "Telamnas"),
    ],
)
def test_frame_spelling_accepts_vowels_added_or_dropped(a: str, b: str) -> None:
    assert _frame_ok(a, b)


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Sukkari", "Eskar", "one starts with a vowel, the other not"),
        ("Karabulak", "Krblk", "vowel runs differ by more than one"),
        ("Badu", "Bidu", "two consonants are no evidence"),
        ("Hamada", "Hamadiyyatuna", "too far apart"),
    ],
)
def test_frame_spelling_refuses_other_names(a: str, b: str, why: str) -> None:
    assert not _frame_ok(a, b), why


# ---------------------------------------------------------------- fuzzy frames
def _frames_ok(a: str, b: str) -> bool:
    ka, kb = normalize_name(a), normalize_name(b)
    va, vb = variant_key(ka), variant_key(kb)
    return fuzzy_frames_ok(va, vb, consonant_frame(va))


def test_fuzzy_consonant_change_must_be_a_transliteration_alternate() -> None:
    assert _frames_ok("Kafar Nabouda", "Kafr Nabuta")  # d/t: one Arabic letter
    assert _frames_ok("Hazano", "Hasano")  # z/s
    assert _frames_ok("Horbatka", "Gorbatka")  # Ukrainian h / Russian g
    assert not _frames_ok("Maaret Al Naasan", "Maarat an Naaman")  # s/m: another name
    assert not _frames_ok("Lusin", "Lurin")  # s/r
