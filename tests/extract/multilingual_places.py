"""A small gazetteer with Cyrillic and Arabic alternate names, for the multilingual tests.

Coordinates are close to the real places; populations are round figures.
"""

from __future__ import annotations

from pathlib import Path

from sample_gazetteers import built_index
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Place


def _p(pid: str, name: str, kind: str, cc: str, lat: float, lon: float, alts: tuple[str, ...],
       admin1: str | None = None, population: int = 0) -> Place:  # fmt: skip
    radius = 120.0 if kind == "admin1" else 3.0
    return Place(
        pid, name, kind, cc, lat, lon, admin1=admin1, population=population,  # type: ignore[arg-type]
        alt_names=alts, uncertainty_km=radius, source="test",
    )  # fmt: skip


PLACES = [
    _p("t:ua", "Ukraine", "country", "UA", 49.0, 31.0, ("Україна", "Украина")),
    _p("t:ru", "Russia", "country", "RU", 60.0, 90.0, ("Росія", "Россия")),
    _p("t:sy", "Syria", "country", "SY", 35.0, 38.0, ("سوريا", "سورية")),
    _p("t:kh-obl", "Kharkiv Oblast", "admin1", "UA", 49.5, 36.5,
       ("Харківська область", "Харьковская область"), "Kharkiv Oblast"),
    _p("t:kh", "Kharkiv", "city", "UA", 49.99, 36.23, ("Харків", "Харьков"),
       "Kharkiv Oblast", 1_400_000),
    _p("t:iz", "Izium", "town", "UA", 49.21, 37.26, ("Ізюм", "Изюм"), "Kharkiv Oblast", 45_000),
    _p("t:ukr", "Ukrainsk", "town", "UA", 48.10, 37.37, ("Українськ", "Украинск"),
       "Donetsk Oblast", 11_000),
    _p("t:ks", "Kharkivske", "village", "UA", 49.1, 35.9, ("Харківське",), "Kharkiv Oblast", 300),
    _p("t:kr", "Khrustalne", "village", "UA", 48.10, 38.90, ("Хрустальне",), "Luhansk Oblast", 800),
    _p("t:bd", "Berdiansk", "city", "UA", 46.76, 36.79, ("Бердянськ", "Бердянск"),
       "Zaporizhzhia Oblast", 106_000),
    _p("t:ae", "Aerodrom", "neighbourhood", "UA", 46.95, 31.95, ("Аеродром",), None, 9_000),
    _p("t:lv", "Lviv", "city", "UA", 49.84, 24.03, ("Львів", "Львов"), "Lviv Oblast", 717_000),
    _p("t:lv2", "Lviv", "village", "UA", 47.86, 33.55, ("Львів",), "Dnipropetrovsk Oblast", 113),
    _p("t:id-gov", "Idlib Governorate", "admin1", "SY", 35.8, 36.6, ("محافظة إدلب", "إدلب"),
       "Idlib Governorate"),
    _p("t:id", "Idlib", "city", "SY", 35.93, 36.63, ("إدلب", "ادلب"), "Idlib Governorate", 130_000),
    _p("t:kn", "Kafr Nabl", "village", "SY", 35.61, 36.56, ("كفرنبل", "كفر نبل"),
       "Idlib Governorate"),
    _p("t:ar", "Ariha", "town", "SY", 35.81, 36.61, ("أريحا",), "Idlib Governorate", 40_000),
    _p("t:al", "Aleppo", "city", "SY", 36.20, 37.16, ("حلب",), "Aleppo Governorate", 2_000_000),
    # Names that are also common words: a toll word, a Ukrainian noun.
    _p("t:jr", "Jruh", "village", "SY", 35.0, 37.5, ("جروح",), "Hama Governorate", 500),
    _p("t:sl", "Syla", "village", "UA", 48.5, 24.5, ("Сила",), "Ivano-Frankivsk Oblast", 1_500),
    _p("t:at", "Ataky", "village", "UA", 48.4, 27.1, ("Атаки",), "Chernivtsi Oblast", 1_200),
    # One name in Ukraine and abroad; a village and a city read from one inflected word;
    # a town whose name a vocative reading turns into another town's.
    _p("t:od", "Odesa", "city", "UA", 46.48, 30.73, ("Одеса", "Одесса"), "Odesa Oblast",
       1_000_000),
    _p("t:od-us", "Odessa", "city", "US", 31.85, -102.37, ("Одеса", "Одесса"), "Texas", 114_000),
    _p("t:kp-v", "Kropyvnytske", "village", "UA", 47.2, 32.1, ("Кропивницьке",),
       "Mykolaiv Oblast", 300),
    _p("t:kp", "Kropyvnytskyi", "city", "UA", 48.51, 32.26, ("Кропивницький",),
       "Kirovohrad Oblast", 220_000),
    _p("t:db", "Dubno", "town", "UA", 50.42, 25.73, ("Дубно",), "Rivne Oblast", 37_000),
    _p("t:dbn", "Dubna", "town", "RU", 56.74, 37.17, ("Дубна",), "Moscow Oblast", 70_000),
    _p("t:dn-obl", "Donetsk Oblast", "admin1", "UA", 48.0, 37.8,
       ("Донецька область", "Донецкая область"), "Donetsk Oblast"),
    # A region listed under its English name only, its capital and a village in it; a
    # city whose former name makes an adjective, its area named otherwise.
    _p("t:kursk-obl", "Kursk", "admin1", "RU", 51.7, 36.2, (), "Kursk"),
    _p("t:kursk", "Kursk", "city", "RU", 51.73, 36.19, ("Курськ", "Курск"), "Kursk", 450_000),
    _p("t:kor", "Korenevo", "town", "RU", 51.41, 34.90, ("Коренево",), "Kursk", 6_000),
    _p("t:spb-obl", "St.-Petersburg", "admin1", "RU", 59.9, 30.3, (), "St.-Petersburg"),
    _p("t:spb", "Saint Petersburg", "city", "RU", 59.94, 30.31, ("Ленінград", "Ленинград"),
       "St.-Petersburg", 5_000_000),
    # A plant the gazetteer names with an acronym.
    _p("t:npp", "Zaporizhzhia Nuclear Power Plant", "landmark", "UA", 47.51, 34.59,
       ("Запорізька АЕС",), "Zaporizhzhia Oblast"),
]  # fmt: skip


def multilingual_index(directory: Path) -> Gazetteer:
    """Write and open the index of :data:`PLACES`."""
    return built_index(directory, PLACES)
