"""Place names in Ukrainian, Russian and Arabic: inflection, clitics, letter variants."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from multilingual_places import multilingual_index

from strikemap.extract import extract_report
from strikemap.extract.lang import language_pack
from strikemap.extract.ml_places import find_places
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Report


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return multilingual_index(Path(tmp_path_factory.mktemp("ml-gaz")))


def _report(text: str, published: dt.date | None = dt.date(2024, 5, 15)) -> Report:
    return Report(
        hashlib.sha256(text.encode()).hexdigest(), "t", None, None, text, published,
        "user" if published else "unknown",
    )  # fmt: skip


def _names(text: str, code: str, gaz: Gazetteer) -> list[str]:
    return [p.name for p in find_places(text, 0, len(text), language_pack(code), gaz)]


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("Ракетний удар у Харкові.", "uk", "Харків"),
        ("Обстріл під Ізюмом.", "uk", "Ізюм"),
        ("Прилёт в Харькове ночью.", "ru", "Харьков"),
        ("Удар по Хмельницькому і Харківській області.", "uk", "Харківська область"),
        ("Вибухи у Хрустальному на Луганщині.", "uk", "Хрустальне"),
        ("Ракетний удар по Бердянському порту.", "uk", "Бердянськ"),
    ],
)
def test_inflected_cyrillic_names_are_read_in_their_dictionary_form(
    text: str, code: str, name: str, gaz: Gazetteer
) -> None:
    assert name in _names(text, code, gaz)


def test_a_suffixed_region_name_is_its_oblast(gaz: Gazetteer) -> None:
    assert _names("Шахеди атакували об'єкти на Харківщині.", "uk", gaz) == ["Харківська область"]


def test_a_common_word_opening_a_headline_is_not_a_place(gaz: Gazetteer) -> None:
    # "Аеродром" is also a neighbourhood's name; opening a sentence it is the noun.
    assert _names("Аеродром атакували дрони.", "uk", gaz) == []
    assert _names("Удар по району Аеродром у Харкові.", "uk", gaz) == ["Харків"]


def test_a_name_written_where_a_place_stands_is_kept_unresolved(gaz: Gazetteer) -> None:
    found = find_places("Обстріл у Сватовому.", 0, 19, language_pack("uk"), gaz)
    assert [(p.known, p.name) for p in found] == [(False, "Сватове")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف مدفعي على بلدة كفرنبل بريف إدلب", ["كفرنبل", "إدلب"]),
        ("غارة جوية على مدينة أريحا", ["أريحا"]),
        ("#كفر_نبل قصف صاروخي", ["كفر نبل"]),
        ("قصف بإدلب", ["إدلب"]),
    ],
)
def test_arabic_names_with_place_words_clitics_and_hashtags(
    text: str, expected: list[str], gaz: Gazetteer
) -> None:
    assert _names(text, "ar", gaz) == expected


def test_arabic_letter_variants_and_diacritics_match(gaz: Gazetteer) -> None:
    # Bare alef for hamza-alef, tatweel and a vowel mark inside the name.
    assert _names("غارة على مدينة ادلـب", "ar", gaz) == ["ادلـب"]
    assert _names("غارة على مدينة حَلَب", "ar", gaz) == ["حَلَب"]


def test_the_area_written_after_a_town_is_its_admin_hint(gaz: Gazetteer) -> None:
    text = "قصف على بلدة كفرنبل بريف إدلب"
    found = find_places(text, 0, len(text), language_pack("ar"), gaz)
    assert found[0].admin_hint == "إدلب"
    assert found[0].kind_hint == "town"


def test_ukrainian_report_maps_to_the_gazetteer_name_with_the_original_quote(
    gaz: Gazetteer,
) -> None:
    text = "Вчора ворог завдав ракетного удару по Харкову. Загинули 3 людини."
    ex = extract_report(_report(text), gaz)
    assert [e.location.name for e in ex.events] == ["Kharkiv"]
    event = ex.events[0]
    claim = event.claims[0]
    assert text[claim.span_start : claim.span_end] == claim.quote
    assert "Харкову" in claim.quote
    assert event.actor == "Russia"
    assert event.date == dt.date(2024, 5, 14)


def test_a_country_named_as_striker_is_no_event(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Росія вдарила по Ізюму ракетами."), gaz)
    assert [e.location.name for e in ex.events] == ["Izium"]


def test_the_city_wins_over_a_hamlet_of_its_cyrillic_name(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Ракетний удар по Львову: пошкоджено підстанцію."), gaz)
    assert [(e.location.name, e.location.place_id) for e in ex.events] == [("Lviv", "t:lv")]


def test_an_unknown_place_is_reported_unresolved_not_dropped(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Окупанти обстріляли село біля Сватового з артилерії."), gaz)
    assert ex.events == []
    assert [u.quote for u in ex.unresolved] == ["Сватового"]


def test_arabic_report_end_to_end(gaz: Gazetteer) -> None:
    text = (
        "قصفت قوات النظام بالمدفعية بلدة كفرنبل في ريف إدلب الجنوبي أمس، ما أدى إلى مقتل 4 مدنيين."
    )
    ex = extract_report(_report(text), gaz)
    names = [e.location.name for e in ex.events]
    assert "Kafr Nabl" in names
    kafr = next(e for e in ex.events if e.location.name == "Kafr Nabl")
    assert kafr.actor == "Syria"
    assert kafr.date == dt.date(2024, 5, 14)
    assert any(c.casualties.killed == 4 for c in kafr.claims)


def test_english_reports_are_read_as_before(gaz: Gazetteer) -> None:
    from strikemap.extract.multilingual import reading_language

    assert reading_language("Russian missiles struck Kharkiv overnight, officials said.") == "en"


def test_the_area_around_a_town_is_not_struck_itself(gaz: Gazetteer) -> None:
    text = "قصف مدفعي على بلدة كفرنبل في ريف إدلب الجنوبي"
    ex = extract_report(_report(text), gaz)
    assert [e.location.name for e in ex.events] == ["Kafr Nabl"]


def test_the_area_alone_is_the_strikes_area(gaz: Gazetteer) -> None:
    ex = extract_report(_report("غارات جوية على ريف إدلب"), gaz)
    assert [(e.location.name, e.location.precision) for e in ex.events] == [
        ("Idlib Governorate", "admin1")
    ]


def test_a_toll_word_is_not_a_village(gaz: Gazetteer) -> None:
    text = "إصابة طفلين بجروح في قصف على مدينة أريحا"
    assert _names(text, "ar", gaz) == ["أريحا"]


def test_an_actor_name_holds_no_place(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Сили оборони вдарили по складу під Ізюмом."), gaz)
    assert [e.location.name for e in ex.events] == ["Izium"]
    assert ex.events[0].actor == "Ukraine"
    # The Unmanned Systems Forces, by their short name.
    ex = extract_report(_report("Удар по складу під Ізюмом завдали дрони Сил безпілотників."), gaz)
    assert [e.location.name for e in ex.events] == ["Izium"]


def test_a_front_sector_is_placed_around_the_town_it_is_named_after(gaz: Gazetteer) -> None:
    ex = extract_report(_report("На Харківському напрямку знищено склад боєприпасів."), gaz)
    assert [u.name for u in ex.unresolved] == ["Харківський напрямок"]
    (event,) = ex.events
    assert (event.location.precision, event.location.anchor_name) == ("relative", "Kharkiv")
    # A sector named after no town of some size is no place.
    assert _names("На Харківському угрупованню знищено склад.", "uk", gaz) == []


def test_a_post_without_publication_date_is_dated_by_its_header(gaz: Gazetteer) -> None:
    text = "28/11/2024\n\nقصف مدفعي أمس على بلدة كفرنبل"
    ex = extract_report(_report(text, None), gaz)
    assert [(e.location.name, e.date) for e in ex.events] == [("Kafr Nabl", dt.date(2024, 11, 27))]


def test_a_district_named_after_its_town_is_placed_around_the_town(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Ракетний удар по аеродрому в Харківському районі."), gaz)
    assert [u.name for u in ex.unresolved] == ["Харківський район"]
    (event,) = ex.events
    assert event.location.precision == "relative"
    assert event.location.anchor_name == "Kharkiv"
    assert event.location.uncertainty_km > 3.0  # wider than the town itself


def test_an_adjective_before_a_common_noun_is_no_village(gaz: Gazetteer) -> None:
    # "Харківське" is a village; "Харківському заводу" is a factory named by its town.
    assert _names("Удар по Харківському заводу.", "uk", gaz) == ["Харків"]
    assert _names("Вибухи у Харківському.", "uk", gaz) == ["Харківське"]
    # Not a facility: the adjective names neither the village nor the town.
    assert _names("Удар по Харківському угрупованню.", "uk", gaz) == []


def test_a_nations_adjective_before_a_noun_is_no_town(gaz: Gazetteer) -> None:
    # "Українська" is also the genitive of the town Українськ.
    assert _names("Українська авіація завдала удару по Харкову.", "uk", gaz) == ["Харків"]
    assert _names("Українська залізниця: удар по Харкову.", "uk", gaz) == ["Харків"]
    assert _names("Обстріл біля Українська.", "uk", gaz) == ["Українськ"]


def test_a_name_in_latin_letters_in_a_cyrillic_report_names_no_place(gaz: Gazetteer) -> None:
    # An outlet, a ship or a firm keeps its own letters; places are in the report's.
    assert _names("Удар по Харкову, пише Kharkiv Times.", "uk", gaz) == ["Харків"]
    assert _names("Вибухи в Kharkiv.", "uk", gaz) == ["Kharkiv"]


def test_a_name_in_quotation_marks_names_a_thing(gaz: Gazetteer) -> None:
    assert _names('Ракета влучила в крейсер "Харків".', "uk", gaz) == []


def test_a_run_of_capitalised_garbage_is_not_read_for_places(gaz: Gazetteer) -> None:
    words = " ".join(["Харків", "Ізюм", "Бердянськ", "Львів"] * 20)
    assert _names(f"Обстріл: {words}", "uk", gaz) == []
    assert _names("Обстріл: Харків, Ізюм", "uk", gaz) == ["Харків", "Ізюм"]


def test_a_name_shared_with_a_place_abroad_is_read_in_the_languages_country(
    gaz: Gazetteer,
) -> None:
    ex = extract_report(_report("Росіяни вдарили балістикою по Одесі."), gaz)
    assert [(e.location.name, e.location.country) for e in ex.events] == [("Odesa", "UA")]


def test_a_town_reading_wins_over_a_village_reading_of_one_word(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Дрони атакували нафтобазу у Кропивницькому: подробиці."), gaz)
    assert [e.location.name for e in ex.events] == ["Kropyvnytskyi"]


def test_a_vocative_reading_comes_last(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Ракета влучила в нафтобазу в Дубно вночі."), gaz)
    assert [e.location.name for e in ex.events] == ["Dubno"]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("Пожежа на нафтобазі у Харкові.", ["Kharkiv"]),
        ("Горить підстанція в Ізюмі.", ["Izium"]),
        ("Пожар на нефтебазе в Харькове.", ["Kharkiv"]),
        ("Пожежа в житловому будинку у Харкові.", []),
        ("Пожар в кафе в Харькове.", []),
    ],
)
def test_a_fire_at_a_strike_target_is_a_strike(
    text: str, events: list[str], gaz: Gazetteer
) -> None:
    assert [e.location.name for e in extract_report(_report(text), gaz).events] == events


def test_a_republics_acronym_names_its_oblast(gaz: Gazetteer) -> None:
    ex = extract_report(_report("В ДНР после обстрела вспыхнула нефтебаза."), gaz)
    assert [e.location.name for e in ex.events] == ["Donetsk Oblast"]


def test_a_strike_word_opening_a_clause_is_no_village(gaz: Gazetteer) -> None:
    assert _names("Мер заявив: Атаки дронів по Ізюму тривають.", "uk", gaz) == ["Ізюм"]


def test_the_armed_forces_are_an_actor_not_a_village(gaz: Gazetteer) -> None:
    ex = extract_report(_report("Збройні Сили України вдарили по складу під Ізюмом."), gaz)
    assert [e.location.name for e in ex.events] == ["Izium"]
    assert ex.events[0].actor == "Ukraine"


def test_ukrainian_and_russian_are_told_apart_by_their_own_letters() -> None:
    from strikemap.extract.multilingual import reading_language

    # The detector alone calls this Ukrainian headline Russian.
    assert reading_language("Удар по аеродрому в Полтаві: мер пояснив") == "uk"
    assert reading_language("Взрывы в Мелитополе ночью, горит подстанция") == "ru"


def test_an_inflected_word_reads_as_a_place_before_a_vocative() -> None:
    from strikemap.extract.lang.morph import word_forms

    assert word_forms("Дубно", "uk")[0] == ("дубно", None)
    # An adjective's nominative forms, whichever case it is written in, in the genders
    # the written form may have: "-ому" is masculine or neuter, "-ій" feminine.
    forms = set(word_forms("Бахмутському", "uk"))
    assert forms >= {("бахмутський", "masc"), ("бахмутське", "neut")}
    assert ("бахмутська", "femn") not in forms
    assert {g for _f, g in word_forms("Бахмутській", "uk")} == {"femn"}
    assert {g for _f, g in word_forms("Николаевской", "ru")} == {"femn"}


@pytest.mark.parametrize(
    "text",
    [
        "Дрони атакували нафтобазу в Курській області.",
        "Беспилотники атаковали нефтебазу в Курской области.",
    ],
)
def test_a_region_known_by_its_capital_only_is_the_capitals_area(text: str, gaz: Gazetteer) -> None:
    (event,) = extract_report(_report(text), gaz).events
    assert event.location.place_id == "t:kursk-obl"


def test_a_region_named_after_its_capital_is_a_towns_admin_hint(gaz: Gazetteer) -> None:
    (place, area) = find_places(
        "Удар по Коренево Курської області.", 0, 34, language_pack("uk"), gaz
    )
    assert area.place_ids == ("t:kursk-obl",)
    assert place.admin_hint == area.name


def test_a_region_not_named_after_the_town_of_its_adjective_is_not_read(
    gaz: Gazetteer,
) -> None:
    # Leningrad is St Petersburg's former name; the city's area is not that region.
    ex = extract_report(_report("Дрони атакували нафтобазу в Ленінградській області."), gaz)
    assert all(e.location.place_id != "t:spb-obl" for e in ex.events)


def test_a_street_name_is_no_village(gaz: Gazetteer) -> None:
    assert _names("Вибухи на проспекті Харківському у Львові.", "uk", gaz) == ["Львів"]


def test_a_facility_acronym_continues_its_name(gaz: Gazetteer) -> None:
    assert _names("Обстріл поблизу Запорізької АЕС.", "uk", gaz) == ["Запорізька АЕС"]
    # A feminine adjective is no neuter village name.
    assert _names("Удар по Харківській ТЕЦ.", "uk", gaz) != ["Харківське"]
