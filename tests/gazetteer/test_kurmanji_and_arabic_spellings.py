"""Names read through their source language: Kurmanji (Hawar) spellings read in
Kurdish-speaking countries, and Latin spellings matched against a place's Arabic name by
its consonants, accepted only inside the named province."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_gazetteers import built_index, syrian_place
from strikemap.gazetteer.arabic_latin import (
    arabic_slots,
    latin_consonant_variants,
    latin_slots,
    slots_agree,
)
from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.index import Gazetteer
from strikemap.gazetteer.normalize import kurmanji_reading, normalize_name
from strikemap.model import Place


def _sy() -> ResolveContext:
    return ResolveContext(countries=("SY",))


# ------------------------------------------------------------ Kurmanji spellings
@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("Cindirês", "Jindires"),  # c is /j/
        ("Şêx Meqsûd", "Shekh Meqsud"),  # ş is /sh/, x is /kh/
        ("Çeqela Jêrîn", "Cheqela Lower"),  # position words become qualifiers
        ("Jisr al-Shughur", None),  # no Hawar letter: not Kurmanji
        ("Zormixar", None),  # Kurmanji perhaps, but nothing tells: left alone
    ],
)
def test_kurmanji_reading(name: str, reading: str | None) -> None:
    assert kurmanji_reading(name) == reading


@pytest.fixture(scope="module")
def kurdish(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("kurdish")
    places = [
        syrian_place(
            "t:aleppo-gov", "Aleppo Governorate", 36.20, 37.16, "Aleppo Governorate", "admin1"
        ),
        syrian_place("t:jindires", "Jindires", 36.39, 36.69, "Aleppo Governorate", "town"),
    ]
    return built_index(d, places)


def test_kurmanji_spelling_resolves_in_a_kurdish_speaking_country_and_says_so(
    kurdish: Gazetteer,
) -> None:
    res = kurdish.resolve("Cindirês", ResolveContext(countries=("SY",)))
    assert res.location is not None and res.location.place_id == "t:jindires"
    assert "Kurmanji spelling 'Cindirês' read as 'Jindires'" in res.location.reason


def test_kurmanji_reading_needs_a_kurdish_speaking_report_country(kurdish: Gazetteer) -> None:
    # French and Portuguese write ê and ç too: without SY/IQ/TR/IR among the report's
    # countries "Cindirês" keeps its k sound and matches nothing.
    res = kurdish.resolve("Cindirês", ResolveContext())
    assert res.location is None
    assert "Kurmanji" not in res.reason


# ----------------------------------------------------- the Arabic name's consonants
@pytest.mark.parametrize(
    ("latin", "arabic", "agree"),
    [
        ("Mantaf", "منطف", True),  # OCHA writes "Moataf"
        ("Kafrouma", "كفرومة", True),  # OCHA writes "Karfuma"
        ("Kafrouma", "كفر مو", False),  # Kafr Mu ends in a long u
        ("Khirbet al-Joz", "خربة الجوز", True),  # the construct t written
        ("Rajo", "راجو", True),
        ("Rumaila", "الرملة", False),  # "ai" needs a ya the Arabic lacks
        ("Sabkhawi", "السبخة", False),  # "awi" needs a waw
        ("Al Sakhour", "سحور", False),  # kh is خ, not ح
        ("Al Ansari", "النسرية", False),  # a ta marbuta ending is written -a/-eh
        ("Urma al-Kubrah", "أورم الكبرى", True),  # initial hamza, final alif maqsura
    ],
)
def test_arabic_and_latin_spellings_agree(latin: str, arabic: str, agree: bool) -> None:
    cons, lslots = latin_slots(normalize_name(latin))
    readings = [s for c, s in arabic_slots(normalize_name(arabic)) if c == cons]
    assert any(slots_agree(s, lslots, strict=len(cons) < 4) for s in readings) is agree


def test_arabic_readings_drop_a_position_word() -> None:
    conses = {c for c, _ in arabic_slots(normalize_name("شغور فوقاني"))}
    assert conses == {"SGrfkn", "SGr"}  # with and without "upper"


def test_latin_g_may_write_jim_or_qaf() -> None:
    assert set(latin_consonant_variants("kfrgm")) == {"kfrgm", "kfrjm", "kfrkm"}
    assert latin_consonant_variants("mntf") == ["mntf"]


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    d = tmp_path_factory.mktemp("arabic")

    def village(pid: str, name: str, ar: str, admin1: str, lat: float) -> Place:
        return Place(
            pid, name, "village", "SY", lat, 36.6, admin1=admin1, alt_names=(ar,),
            uncertainty_km=2.0, source="ocha-cod",
        )  # fmt: skip

    places = [
        syrian_place(
            "t:idlib-gov", "Idlib Governorate", 35.80, 36.60, "Idlib Governorate", "admin1"
        ),
        syrian_place("t:hama-gov", "Hama Governorate", 35.13, 36.75, "Hama Governorate", "admin1"),
        village("ocha:C1", "Moataf", "منطف", "Idlib Governorate", 35.77),
        village("ocha:C2", "Kafr Nabutha", "كفر نبودة", "Hama Governorate", 35.43),
    ]
    return built_index(d, places)


def test_a_name_matching_the_arabic_consonants_in_the_named_province(arabic: Gazetteer) -> None:
    res = arabic.resolve("Mantaf", ResolveContext(countries=("SY",), admin_hint="Idlib"))
    assert res.location is not None and res.location.place_id == "ocha:C1"
    assert "Arabic spelling 'منطف'" in res.location.reason
    hama = arabic.resolve("Kafar Nbouda", ResolveContext(countries=("SY",), admin_hint="Hama"))
    assert hama.location is not None and hama.location.place_id == "ocha:C2"


def test_arabic_consonants_alone_do_not_place_a_name(arabic: Gazetteer) -> None:
    assert arabic.resolve("Mantaf", _sy()).location is None  # no province named
    wrong = arabic.resolve("Mantaf", ResolveContext(countries=("SY",), admin_hint="Hama"))
    assert wrong.location is None


def test_foreign_namesakes_do_not_stop_a_search_inside_the_named_province(
    tmp_path: Path,
) -> None:
    places = [
        syrian_place(
            "t:idlib-gov", "Idlib Governorate", 35.80, 36.60, "Idlib Governorate", "admin1"
        ),
        Place(
            "gn:falun", "Falun", "town", "SE", 60.6, 15.6, admin1="Dalarna", population=37_291,
            uncertainty_km=3.0, source="geonames",
        ),
        Place(
            "ocha:C1", "Falyun", "village", "SY", 35.88, 36.61, admin1="Idlib Governorate",
            alt_names=("فيلون",), uncertainty_km=2.0, source="ocha-cod",
        ),
    ]  # fmt: skip
    g = built_index(tmp_path, places)
    hinted = g.resolve("Fayloun", ResolveContext(countries=("SY",), admin_hint="Idlib"))
    assert hinted.location is not None and hinted.location.place_id == "ocha:C1"
    assert g.resolve("Fayloun", _sy()).location is None
