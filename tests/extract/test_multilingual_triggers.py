"""Strike triggers, actors and tolls in Ukrainian, Russian and Arabic."""

from __future__ import annotations

import csv

import pytest

from strikemap.extract.lang import MULTILINGUAL, language_pack
from strikemap.extract.lang.normal import normalise
from strikemap.extract.ml_claims import actor_spans, alias_matches, find_actor, find_tolls
from strikemap.settings import data_dir


def _strike(text: str, code: str) -> bool:
    pack = language_pack(code)
    norm = normalise(text, code)
    tested = pack.not_strike.sub(" ", norm) if pack.not_strike else norm
    actor, _claimant = find_actor(norm, pack)
    return bool(pack.strong.search(tested) or (actor and pack.weak.search(tested)))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ворог обстріляв Херсон з артилерії.", "uk"),
        ("Атака дронів на Одесу.", "uk"),
        ("Шахеди летять на Київ.", "uk"),
        ("КАБами вдарили по Куп'янську.", "uk"),
        ("Вночі було збито 12 БпЛА.", "uk"),
        ("Обстрел Донецка продолжается.", "ru"),
        ("В Белгороде прилёт.", "ru"),
        ("Атака БПЛА на нефтебазу.", "ru"),
        ("غارة جوية على ريف إدلب", "ar"),
        ("استهداف بلدة بقذائف الهاون", "ar"),
        ("سقوط برميل متفجر على الحي", "ar"),
        ("طائرة مسيّرة تستهدف سيارة", "ar"),
    ],
)
def test_strike_sentences(text: str, code: str) -> None:
    assert _strike(text, code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Сонячний удар у спеку небезпечний.", "uk"),
        ("Міністр зустрівся з послами у Києві.", "uk"),
        ("Погода в Москве будет тёплой.", "ru"),
        ("افتتاح مدرسة جديدة في إدلب", "ar"),
    ],
)
def test_sentences_without_a_strike(text: str, code: str) -> None:
    assert not _strike(text, code)


@pytest.mark.parametrize(
    ("text", "code", "striker", "claimant"),
    [
        ("Окупанти обстріляли Нікополь.", "uk", "Russia", None),
        ("ЗСУ вдарили по складу в Мелітополі.", "uk", "Ukraine", None),
        ("Аеродром зазнав ракетного удару — ЗСУ", "uk", None, "Ukraine"),
        ("ВСУ обстреляли Донецк.", "ru", "Ukraine", None),
        ("Удар ВКС РФ по Харькову.", "ru", "Russia", None),
        # A side's forces, aircraft and its name as a country striking.
        ("Українська авіація завдала удару по позиціях ворога.", "uk", "Ukraine", None),
        ("Українські бійці знищили склад боєприпасів росіян.", "uk", "Ukraine", None),
        ("Російські літаки завдали авіаудари по нафтобазі.", "uk", "Russia", None),
        ("Росія запустила чотири крилаті ракети.", "uk", "Russia", None),
        ("Российские летчики нанесли удар по Харькову.", "ru", "Russia", None),
        ("Украинский батальон атаковал грузовик дроном.", "ru", "Ukraine", None),
        # An aircraft that was hit strikes nothing; "гуркіт" (a rumble) is no ГУР.
        ("Украинский истребитель уничтожен на аэродроме.", "ru", None, None),
        ("Чути гуркіт вибухів.", "uk", None, None),
        # Weapons only one side fires in this war; a calibre is no Kalibr missile.
        ("Шахеди атакували порт Одеси.", "uk", "Russia", None),
        ("Ракети ATACMS вдарили по аеродрому.", "uk", "Ukraine", None),
        ("Снаряд крупного калибра попал в дом.", "ru", None, None),
        ("قصفت قوات النظام بلدة كفرنبل", "ar", "Syria", None),
        ("غارات للطيران الروسي على جسر الشغور", "ar", "Russia", None),
        ("غارة للتحالف الدولي قرب الرقة", "ar", "US-led coalition", None),
        # A nation's adjective after a strike or its weapon, without an article.
        ("مقتل طفل بغارة روسية على كنصفرة", "ar", "Russia", None),
        ("قصف مدفعي تركي على عامودا", "ar", "Turkey", None),
        ("طائرات حربية روسية قصفت اريحا", "ar", "Russia", None),
    ],
)
def test_actors_and_claimants(
    text: str, code: str, striker: str | None, claimant: str | None
) -> None:
    assert find_actor(normalise(text, code), language_pack(code)) == (striker, claimant)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("За даними ЗСУ, окупанти обстріляли Нікополь, ворог атакував знову.", "uk"),
        ("ВСУ обстреляли Донецк.", "ru"),
        ("غارات للطيران الروسي على جسر الشغور", "ar"),
        ("Дощ у Львові.", "uk"),
    ],
)
def test_alias_matches_found_once_read_as_found_afresh(text: str, code: str) -> None:
    pack = language_pack(code)
    norm = normalise(text, code)
    found = alias_matches(norm, pack)
    assert find_actor(norm, pack, found) == find_actor(norm, pack)
    assert actor_spans(norm, pack, found) == actor_spans(norm, pack)


def test_every_actor_named_is_in_the_actor_table() -> None:
    with open(data_dir() / "actors.csv", encoding="utf-8") as fh:
        known = {row["actor"] for row in csv.DictReader(fh)}
    for code in MULTILINGUAL:
        for _pattern, actor in language_pack(code).actors:
            assert actor in known, (code, actor)


@pytest.mark.parametrize(
    ("text", "code", "killed", "wounded"),
    [
        ("Загинули 3 людини, ще 12 поранено.", "uk", (3, 3), (12, 12)),
        ("Загинув один чоловік.", "uk", (1, 1), (None, None)),
        ("Щонайменше 5 людей загинули.", "uk", (5, None), (None, None)),
        ("Кілька людей поранені.", "uk", (None, None), (2, None)),
        ("Погибли двое, ранены семь человек.", "ru", (2, 2), (7, 7)),
        ("سقوط 4 قتلى و10 جرحى", "ar", (4, 4), (10, 10)),
        ("مقتل عشرات المدنيين", "ar", (20, None), (None, None)),
    ],
)
def test_tolls(
    text: str,
    code: str,
    killed: tuple[int | None, int | None],
    wounded: tuple[int | None, int | None],
) -> None:
    c = find_tolls(normalise(text, code), language_pack(code))
    assert c.range_of("killed") == killed
    assert c.range_of("wounded") == wounded


def test_a_toll_word_without_a_figure_is_quoted_without_one() -> None:
    c = find_tolls(normalise("Є загиблі серед цивільних.", "uk"), language_pack("uk"))
    assert c.range_of("killed") == (None, None)
    assert c.text is not None and "загибл" in c.text


def test_a_year_is_not_a_toll() -> None:
    c = find_tolls(normalise("У 2023 загинули люди.", "uk"), language_pack("uk"))
    assert c.range_of("killed") == (None, None)
