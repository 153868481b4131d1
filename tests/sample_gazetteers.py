"""Small place tables shared by gazetteer and extraction tests, and the indexes built from them.

Each table is shaped like the real-world cases its tests stand for (made-up coordinates
where the exact point does not matter). Build a test index with the matching
``*_index(directory)`` function; the tables are exported for tests that write them
themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from extract_fakes import PLACES, FakeGazetteer
from factories import PlaceRow, index_from_rows
from strikemap.gazetteer._store import write_index
from strikemap.gazetteer.base import Mention
from strikemap.gazetteer.build import admin_compass_form
from strikemap.gazetteer.index import Gazetteer, load_gazetteer
from strikemap.model import Place


def built_index(directory: Path, places: Sequence[Place]) -> Gazetteer:
    """Write ``places`` as a test index in ``directory`` and open it."""
    write_index(directory / "index.sqlite", places, {"kind": "test"})
    return load_gazetteer(directory, build=False)


# ------------------------------------------------- common and lookalike village names
def _village(
    pid: str, name: str, cc: str, a1: str | None, lat: float, lon: float, **kw: object
) -> Place:
    kw.setdefault("kind", "village")
    kw.setdefault("uncertainty_km", 2.0)
    return Place(pid, name, country=cc, admin1=a1, lat=lat, lon=lon, **kw)  # type: ignore[arg-type]


def _province(pid: str, name: str, cc: str, lat: float, lon: float, alts: tuple[str, ...]) -> Place:
    return Place(
        pid, name, "admin1", cc, lat, lon, admin1=name, alt_names=alts, uncertainty_km=120.0,
        source="curated",
    )  # fmt: skip


LOOKALIKE_PLACES = [
    _province("t:ua-dn", "Donetsk Oblast", "UA", 48.0, 37.8, ("Donetsk",)),
    _province("t:ua-lh", "Luhansk Oblast", "UA", 48.6, 39.3, ("Luhansk",)),
    _province("t:sy-hs", "Al-Hasakah Governorate", "SY", 36.5, 40.7, ("Al-Hasakah",)),
    _province("t:sy-al", "Aleppo Governorate", "SY", 36.2, 37.2, ("Aleppo",)),
    _province("t:ye-sd", "Saada Governorate", "YE", 16.9, 43.8, ("Saada",)),
    _village(
        "gn:1",
        "Donetsk",
        "UA",
        "Donetsk Oblast",
        48.02,
        37.80,
        kind="city",
        population=901_645,
        uncertainty_km=10.0,
        alt_names=("Oleksandrivka",),
    ),
    # A common village name: listed five times, once in Donetsk Oblast.
    *[
        _village(f"gn:10{i}", "Mykhailivka", "UA", a1, lat, lon, population=600 + i)
        for i, (a1, lat, lon) in enumerate(
            [
                ("Donetsk Oblast", 47.84, 38.14),
                ("Poltava Oblast", 49.3, 34.86),
                ("Kherson Oblast", 46.28, 32.65),
                ("Odesa Oblast", 45.95, 29.7),
                ("Cherkasy Oblast", 49.94, 32.17),
            ]
        )
    ],
    # Another common name with two listed namesakes 12 km apart in Luhansk Oblast.
    *[
        _village(f"gn:20{i}", "Katerynivka", "UA", a1, lat, lon, population=900)
        for i, (a1, lat, lon) in enumerate(
            [
                ("Luhansk Oblast", 48.60, 38.70),
                ("Luhansk Oblast", 48.70, 38.75),
                ("Kyiv Oblast", 50.4, 30.5),
                ("Sumy Oblast", 50.9, 34.8),
            ]
        )
    ],
    _village(
        "gn:30",
        "Mykolayiv",
        "UA",
        "Mykolaiv Oblast",
        46.98,
        31.99,
        kind="city",
        population=470_011,
        uncertainty_km=8.0,
        alt_names=("Mykolaiv",),
    ),
    _village(
        "gn:31",
        "Mykolayiv",
        "UA",
        "Lviv Oblast",
        49.52,
        23.98,
        kind="town",
        population=14_498,
        uncertainty_km=3.0,
        alt_names=("Mykolaiv",),
    ),
    _village("gn:32", "Oleksandrivka", "UA", "Kirovohrad Oblast", 48.6, 32.4, population=1_500),
    _village("gn:33", "Oleksandrivka", "UA", "Odesa Oblast", 46.6, 30.4, population=1_200),
    _village(
        "gn:40",
        "Gornoye Loo",
        "RU",
        "Krasnodar Krai",
        43.71,
        39.61,
        population=3_156,
        alt_names=("Gornoe Loo",),
    ),
    _village("gn:41", "Taromske", "UA", "Dnipropetrovsk Oblast", 48.46, 34.78, population=9_000),
    _village(
        "gn:42", "Khirbat Tin Nur", "SY", "Homs Governorate", 34.70, 36.56, alt_names=("Khan",)
    ),
    _village(
        "gn:43",
        "Sa'dah",
        "YE",
        "Saada Governorate",
        16.94,
        43.76,
        kind="town",
        population=51_870,
        alt_names=("Sadah",),
    ),
    _village("gn:44", "Az Zuhrah", "YE", "Al Hudaydah Governorate", 15.72, 43.0),
    _village("gn:45", "Marab", "IR", "Kermanshah", 34.50, 46.50, population=2_000),
    _village("gn:46", "Tiba", "SY", "Homs Governorate", 34.60, 37.30),
    _village(
        "gn:50",
        "Mosul",
        "IQ",
        "Nineveh Governorate",
        36.34,
        43.12,
        kind="city",
        population=1_400_000,
        uncertainty_km=10.0,
    ),
    _village(
        "gn:51",
        "At Tall",
        "SY",
        "Rif Dimashq Governorate",
        33.61,
        36.31,
        kind="city",
        population=55_000,
        uncertainty_km=3.0,
        alt_names=("Tal", "Tall"),
    ),
    _village("gn:52", "Di", "BF", "Boucle du Mouhoun", 13.20, -3.40, population=2_500),
    _village(
        "gn:53",
        "Al Ḩasakah",
        "SY",
        "Al-Hasakah Governorate",
        36.50,
        40.75,
        kind="city",
        population=188_000,
        uncertainty_km=6.0,
        alt_names=("Hasakeh",),
    ),
]
"""Common village names, loose lookalike spellings, cities with districts and quarters,
a two-letter name (UA, SY, YE, RU, IQ, IR, BF), shaped like development-set failures."""


def lookalike_index(directory: Path) -> Gazetteer:
    return built_index(directory, LOOKALIKE_PLACES)


# ------------------------------------- Syrian villages spelled with other vowels
def _idlib(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    *,
    admin1: str = "Idlib Governorate",
    kind: str = "village",
    pop: int = 0,
    alts: tuple[str, ...] = (),
) -> Place:
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=admin1, population=pop,  # type: ignore[arg-type]
        alt_names=alts, uncertainty_km=2.0, source="test",
    )  # fmt: skip


_SD_NAMES = (
    "Sada", "Sedi", "Sudi", "Soda", "Sadu", "Sida", "Sude", "Sado", "Seda", "Sidi",
    "Suda", "Sodi", "Sadeh", "Sidah", "Sudah", "Sodeh", "Sedu", "Sidu", "Sodu", "Sadi",
)  # fmt: skip

IDLIB_PLACES = [
    _idlib("t:idlib-gov", "Idlib Governorate", 35.80, 36.60, kind="admin1", alts=("Idlib",)),
    _idlib("t:aleppo-gov", "Aleppo Governorate", 36.20, 37.16, kind="admin1",
           admin1="Aleppo Governorate", alts=("Aleppo",)),
    _idlib("t:lat-gov", "Latakia Governorate", 35.60, 35.90, kind="admin1",
           admin1="Latakia Governorate", alts=("Latakia",)),
    _idlib("t:kinda", "Kinda", 35.90, 36.40),
    _idlib("t:badi", "Badi", 35.70, 36.50),
    _idlib("t:suha", "Suha", 35.75, 36.55),
    _idlib("t:banis-lat", "Banis", 35.44, 35.96, admin1="Latakia Governorate"),
    _idlib("t:banes", "Banes", 35.97, 36.97, admin1="Aleppo Governorate"),
    _idlib("t:baqras-up", "Upper Baqras", 35.10, 40.40, admin1="Aleppo Governorate"),
    _idlib("t:baqras-lo", "Lower Baqras", 35.06, 40.42, admin1="Aleppo Governorate"),
    _idlib("t:hamra-e", "Eastern Hamra", 35.30, 36.90),
    _idlib("t:hamra-w", "Western Hamra", 36.10, 36.20),  # ~90 km away
    _idlib("t:sayad", "Sayad", 35.20, 36.70, admin1="Hama Governorate"),
    *(
        _idlib(f"t:sd{i}", n, 33.0 + i / 10, 36.0, admin1="Daraa Governorate", kind="town",
               pop=100_000 + i)
        for i, n in enumerate(_SD_NAMES)
    ),
]  # fmt: skip
"""Idlib, Aleppo and Latakia villages with vowel-spelling lookalikes, names listed only
with qualifiers, and twenty populous "S-D" towns sharing one short skeleton."""


def idlib_index(directory: Path) -> Gazetteer:
    return built_index(directory, IDLIB_PLACES)


# ---------------------------------------------- Syrian governorates and their cities
def _syrian_governorate(pid: str, name: str, lat: float, lon: float, radius: float) -> Place:
    short = name.replace(" Governorate", "")
    return Place(
        pid, name, "admin1", "SY", lat, lon, admin1=name, alt_names=(short,),
        uncertainty_km=radius, source="curated",
    )  # fmt: skip


def syrian_town(
    pid: str, name: str, lat: float, lon: float, a1: str, pop: int = 0, kind: str = "town"
) -> Place:
    """A Syrian town whose radius follows its population (8, 3 or 2 km)."""
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=a1, population=pop,  # type: ignore[arg-type]
        uncertainty_km=8.0 if pop > 100_000 else 3.0 if pop else 2.0,
    )  # fmt: skip


SYRIAN_CITY_PLACES = (
    _syrian_governorate("t:alg", "Aleppo Governorate", 36.2, 37.6, 90.0),
    syrian_town("t:alc", "Aleppo", 36.20, 37.16, "Aleppo Governorate", 2_000_000, "city"),
    # A namesake village of an Aleppo neighbourhood, ~120 km east of the city.
    syrian_town("t:bab", "Bab Elhadid", 36.47, 38.54, "Aleppo Governorate"),
    syrian_town("t:rif", "Tall Rifaat", 36.47, 37.09, "Aleppo Governorate", 25_000),
    _syrian_governorate("t:rqg", "Raqqa Governorate", 35.9, 38.9, 80.0),
    syrian_town("t:rqc", "Ar Raqqah", 35.95, 39.01, "Raqqa Governorate", 530_000, "city"),
    syrian_town("t:tbq", "Al-Tabqa", 35.84, 38.55, "Raqqa Governorate", 88_000),
    _syrian_governorate("t:dmg", "Damascus Governorate", 33.51, 36.29, 60.0),
    syrian_town("t:dmc", "Damascus", 33.51, 36.29, "Damascus Governorate", 1_500_000, "city"),
    _syrian_governorate("t:hsg", "Al-Hasakah Governorate", 36.5, 40.7, 120.0),
    syrian_town("t:hsc", "Al Hasakah", 36.50, 40.75, "Al-Hasakah Governorate", 420_000, "city"),
    syrian_town("t:qam", "Al Qamishli", 37.05, 41.23, "Al-Hasakah Governorate", 180_000, "city"),
)
"""Syrian governorates with their seat cities, a town, and a village named like a city's
neighbourhood."""


def syrian_city_index(directory: Path) -> Gazetteer:
    return built_index(directory, SYRIAN_CITY_PLACES)


# ------------------------------------------------- a made-up Yemeni governorate
def _qarn_place(
    pid: str, name: str, kind: str, lat: float, lon: float, a1: str, unc: float
) -> Place:
    return Place(
        pid, name, kind, "YE", lat, lon, admin1=a1,  # type: ignore[arg-type]
        alt_names=(name.replace(" Governorate", ""),) if kind == "admin1" else (),
        uncertainty_km=unc, source="curated" if kind == "admin1" else "geonames",
    )  # fmt: skip


QARN_GOVERNORATE = "Qarn Governorate"
QARN_PLACES = (
    _qarn_place("t:gov", QARN_GOVERNORATE, "admin1", 15.7, 43.6, QARN_GOVERNORATE, 110.0),
    _qarn_place("t:kh", "Khaydan", "village", 16.0, 43.4, QARN_GOVERNORATE, 2.0),
    _qarn_place("t:mn", "Maarat an Naaman", "town", 16.2, 43.9, QARN_GOVERNORATE, 3.0),
    _qarn_place("t:kb", "Kafr Nabutha", "village", 16.4, 43.2, QARN_GOVERNORATE, 2.0),
)
"""A made-up governorate ("Qarn", in Yemen) with a village, a town and another village."""


def qarn_index(directory: Path) -> Gazetteer:
    return built_index(directory, QARN_PLACES)


# ----------------------------------------------------- Raqqa and its governorate
def syrian_place(
    pid: str, name: str, lat: float, lon: float, admin1: str, kind: str = "village"
) -> Place:
    """A Syrian place of unknown population with a 2 km radius; an admin1 area also
    answers to the first word of its name."""
    alts = (name.split()[0],) if kind == "admin1" else ()
    return Place(
        pid, name, kind, "SY", lat, lon, admin1=admin1, population=0,  # type: ignore[arg-type]
        alt_names=alts, uncertainty_km=2.0, source="test",
    )  # fmt: skip


def _raqqa_place(
    pid: str, name: str, kind: str, lat: float, lon: float, unc: float, **kw: object
) -> Place:
    return Place(
        pid, name, kind, "SY", lat, lon, admin1="Raqqa Governorate",  # type: ignore[arg-type]
        uncertainty_km=unc, source="test", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


RAQQA_PLACES = [
    _raqqa_place("gn:raqqa", "Raqqa", "city", 35.95, 39.01, 8.0, population=500_000),
    _raqqa_place("cur:gov", "Raqqa Governorate", "admin1", 35.95, 39.01, 90.0,
                 alt_names=("Raqqa",)),
    # The same governorate imported from a polygon: its centroid lies 40 km away.
    _raqqa_place("ocha:SY11", "Raqqa Governorate", "admin1", 35.75, 38.65, 95.0,
                 alt_names=("Raqqa",)),
    _raqqa_place("gn:tabqa", "Tabqa", "town", 35.84, 38.55, 3.0, population=88_000),
]  # fmt: skip
"""Raqqa city, its governorate listed by two sources, and the town of Tabqa."""


def raqqa_index(directory: Path) -> Gazetteer:
    return built_index(directory, RAQQA_PLACES)


# ---------------------------------------- provinces, districts and larger namesakes
_HASAKAH = "Al-Hasakah Governorate"
_IDLIB = "Idlib Governorate"
_ZAP = "Zaporizhzhia Oblast"
_DONETSK = "Donetsk Oblast"
_LUHANSK = "Luhansk Oblast"
_HUD = "Al Hudaydah Governorate"
_NAB = "Nabatieh Governorate"
_BEY = "Beirut Governorate"

# id, name, kind, country, lat, lon, admin1, population, alternate names
REGION_ROWS: list[PlaceRow] = [
    # A governorate, its district and the district's sub-district share a name (as
    # OCHA lists Al-Hasakeh), 30-35 km apart.
    ("t:sy08", "Al-Hasakeh", "admin1", "SY", 36.49, 40.91, _HASAKAH, 0, ()),
    ("t:sy0800", "Al-Hasakeh", "admin2", "SY", 36.21, 40.78, _HASAKAH, 0, ()),
    ("t:sy080000", "Al-Hasakeh", "district", "SY", 36.49, 40.74, _HASAKAH, 0, ()),
    # Zaporizhzhia: the city and a village, both listing the Russian spelling.
    ("t:zap", "Zaporizhzhya", "city", "UA", 47.85, 35.12, _ZAP, 710_052, ("Zaporozhye",)),
    ("t:zap-v", "Zaporizhzhya", "village", "UA", 47.30, 34.40, _ZAP, 1_073, ("Zaporozh'ye",)),
    # Bakhmut's former name is also a village's: a former name is no romanisation.
    ("t:bakhmut", "Bakhmut", "town", "UA", 48.59, 38.00, _DONETSK, 80_500, ("Artemivsk",)),
    ("t:kypuche", "Kypuche", "village", "UA", 48.30, 38.60, _LUHANSK, 2_000, ("Artemivsk",)),
    # Idlib: a town whose GeoNames aliases include a similar-sounding village's name;
    # outside the Russian-exonym countries similar skeletons are no evidence.
    ("t:mm", "Ma'arratmisrin", "town", "SY", 36.01, 36.67, _IDLIB, 32_163, ("Ma'arrat Shemarin",)),
    ("t:shamarin", "Maar Shamarin", "village", "SY", 35.62, 36.72, _IDLIB, 0, ()),
    # Nikopol: a city and, 280 km away, a hamlet of the same name.
    ("t:nikopol", "Nikopol", "city", "UA", 47.57, 34.40, "Dnipropetrovsk Oblast", 105_160, ()),
    ("t:nikopol-v", "Nikopol", "village", "UA", 48.887, 37.125, "Kharkiv Oblast", 588, ()),
    # A province whose row lists the common spelling, its capital only another one.
    ("t:hud-gov", "Al Hudaydah Governorate", "admin1", "YE", 14.7978, 42.9545, _HUD, 0,
     ("Hodeidah",)),
    ("t:hud", "Al Hudaydah", "city", "YE", 14.79781, 42.95452, _HUD, 734_699, ("El-Hodeidah",)),
    ("t:hud-port", "Hodeidah port", "landmark", "YE", 14.83, 42.93, _HUD, 0, ()),
    # A governorate named like its capital, with villages north and south of it, and
    # a city of two million whose governorate lists few places.
    ("t:nab-gov", "Nabatieh Governorate", "admin1", "LB", 33.38, 35.48, _NAB, 0, ("Nabatieh",)),
    ("t:nab", "Nabatieh", "town", "LB", 33.378, 35.484, _NAB, 40_000, ()),
    *[(f"t:nab-n{i}", f"Shamaliya {i}", "village", "LB", 33.50 + i / 100, 35.45 + i / 50, _NAB,
       500, ()) for i in range(5)],
    *[(f"t:nab-s{i}", f"Janubiya {i}", "village", "LB", 33.20 + i / 100, 35.45 + i / 50, _NAB,
       500, ()) for i in range(5)],
    ("t:hit", "Hit", "town", "IQ", 33.64, 42.83, "Anbar Governorate", 44_000, ()),
    ("t:lb", "Lebanon", "country", "LB", 33.82, 35.66, None, 6_848_925, ()),
    # Donetsk: the Ukrainian city and a Russian town of the same name.
    ("t:donetsk", "Donetsk", "city", "UA", 48.02, 37.80, "Donetsk Oblast", 901_645, ()),
    ("t:donetsk-ru", "Donetsk", "town", "RU", 48.34, 39.95, "Rostov Oblast", 47_000, ()),
    ("t:beirut-gov", "Beirut Governorate", "admin1", "LB", 33.89, 35.50, _BEY, 0, ("Beirut",)),
    ("t:beirut", "Beirut", "city", "LB", 33.893, 35.502, _BEY, 1_916_100, ()),
    ("t:conoco", "Conoco gas field", "landmark", "SY", 35.38, 40.30, "Deir ez-Zor Governorate", 0,
     ()),
]  # fmt: skip
"""Districts sharing a governorate's name, Russian romanisations, much larger namesakes,
provinces named like their capitals with places on each side, landmarks (SY, UA, YE, LB,
IQ, RU)."""


def region_index(directory: Path) -> Gazetteer:
    return index_from_rows(directory, REGION_ROWS, 3.0)


# ----------------------------------- divided areas, compass-named provinces, militaries
_PUNJAB = "Punjab"
_DEZ = "Deir ez-Zor Governorate"

# id, name, kind, country, lat, lon, admin1, population, alternate names
WAR_ZONE_ROWS: list[PlaceRow] = [
    ("t:pk", "Pakistan", "country", "PK", 30.0, 70.0, None, 220_000_000, ()),
    ("t:in", "India", "country", "IN", 22.0, 79.0, None, 1_400_000_000, ()),
    # GeoNames lists the city's name on a town 166 km away as an alternate name.
    ("t:bahawalpur", "Bahawalpur", "city", "PK", 29.40, 71.68, _PUNJAB, 903_795, ()),
    ("t:bahawalnagar", "Bahawalnagar", "city", "PK", 29.99, 73.25, _PUNJAB, 241_873,
     ("Bahawalpur",)),
    # India's admin1 "Kashmir"; Pakistan's part is "Azad Kashmir".
    ("t:kashmir-in", "Kashmir", "admin1", "IN", 34.08, 74.80, "Kashmir", 0, ()),
    ("t:srinagar", "Srinagar", "city", "IN", 34.08, 74.80, "Kashmir", 1_180_570, ()),
    ("t:azad", "Azad Kashmir", "admin1", "PK", 34.37, 73.47, "Azad Kashmir", 0, ()),
    ("t:muzaffarabad", "Muzaffarabad", "city", "PK", 34.37, 73.47, "Azad Kashmir", 725_000, ()),
    ("t:punjab-pk", "Punjab", "admin1", "PK", 31.55, 74.34, _PUNJAB, 0, ()),
    ("t:lahore", "Lahore", "city", "PK", 31.55, 74.34, _PUNJAB, 6_310_888, ()),
    # Bakhmut's former name is a village's own name: a former name is not "another
    # name" the village may win by.
    ("t:bakhmut", "Bakhmut", "town", "UA", 48.59, 38.00, _DONETSK, 80_500, ("Artemivsk",)),
    ("t:artemivsk-v", "Artemivsk", "village", "UA", 48.30, 38.60, "Luhansk Oblast", 2_000, ()),
    # A town listing a village's name; the village (of unknown size, as OCHA lists
    # places) is not outvoted by the town, nor the town by the village.
    ("t:hajin", "Hajin", "town", "SY", 34.695, 40.831, _DEZ, 29_237, ("Abu Hardub",)),
    ("t:hardub", "Abu Hardub", "village", "SY", 34.853, 40.628, _DEZ, 0, ()),
    ("t:ua", "Ukraine", "country", "UA", 49.0, 32.0, None, 41_000_000, ()),
    ("t:donetsk-obl", "Donetsk Oblast", "admin1", "UA", 48.02, 37.80, _DONETSK, 0,
     ("Donetsk region",)),
    ("t:horlivka", "Horlivka", "city", "UA", 48.30, 38.05, _DONETSK, 250_000, ()),
    ("t:kharkiv-obl", "Kharkiv Oblast", "admin1", "UA", 49.98, 36.25, "Kharkiv Oblast", 0,
     ("Kharkiv region",)),
    ("t:kharkiv", "Kharkiv", "city", "UA", 49.98, 36.25, "Kharkiv Oblast", 1_421_125, ()),
    ("t:sd", "Sudan", "country", "SD", 15.0, 30.0, None, 45_000_000, ()),
    ("t:n-darfur", "Northern Darfur", "admin1", "SD", 13.63, 25.35, "Northern Darfur", 0,
     (admin_compass_form("Northern Darfur") or "",)),
    ("t:fasher", "El Fasher", "city", "SD", 13.63, 25.35, "Northern Darfur", 264_734, ()),
    ("t:ng", "Nigeria", "country", "NG", 9.0, 8.0, None, 200_000_000, ()),
    ("t:kaduna-state", "Kaduna", "admin1", "NG", 10.52, 7.44, "Kaduna", 0, ()),
    ("t:kaduna", "Kaduna", "city", "NG", 10.52, 7.44, "Kaduna", 1_850_000, ()),
    ("t:sy", "Syria", "country", "SY", 35.0, 38.0, None, 21_000_000, ()),
    ("t:damascus-gov", "Damascus Governorate", "admin1", "SY", 33.51, 36.29,
     "Damascus Governorate", 0, ("Damascus",)),
    ("t:damascus", "Damascus", "city", "SY", 33.51, 36.29, "Damascus Governorate", 1_569_394, ()),
    ("t:mezzeh", "Mezzeh military airport", "landmark", "SY", 33.477, 36.223,
     "Damascus Governorate", 0, ("Mezzeh airbase",)),
]  # fmt: skip
"""Pakistan and India (a divided Kashmir), Ukraine, Sudan (a compass-named province),
Nigeria and Syria: namesakes known by another name, containers, military landmarks."""

WAR_ZONE_REPORT_DATE = dt.date(2025, 5, 7)
"""The publication date given to reports extracted against :data:`WAR_ZONE_ROWS`."""


def war_zone_index(directory: Path) -> Gazetteer:
    return index_from_rows(directory, WAR_ZONE_ROWS, 3.0)


# ------------------------------------------- Gaza, Lebanon, Iraq, Yemen, Ukraine
_GAZA = "Gaza Strip"
_SANAA = "Amanat al-Asimah"

# id, name, kind, country, lat, lon, admin1, population, alternate names
MIDEAST_ROWS: list[PlaceRow] = [
    ("t:ps", "Palestine", "country", "PS", 31.9, 35.2, None, 5_000_000, ()),
    ("t:gaza-strip", "Gaza Strip", "admin1", "PS", 31.50, 34.47, _GAZA, 0, ("Gaza",)),
    ("t:gaza", "Gaza", "city", "PS", 31.50, 34.47, _GAZA, 410_000, ()),
    ("t:khan-younis", "Khan Younis", "city", "PS", 31.34, 34.31, _GAZA, 200_000, ()),
    ("t:mawasi", "al-Mawasi", "region", "PS", 31.345, 34.268, _GAZA, 0, ()),
    *[(f"t:north{i}", f"Shamal {i}", "town", "PS", 31.50 + i / 100, 34.48, _GAZA, 9_000, ())
      for i in range(5)],
    *[(f"t:south{i}", f"Janub {i}", "town", "PS", 31.28 + i / 100, 34.27, _GAZA, 9_000, ())
      for i in range(5)],
    # A German city listing "Hamas" among its alternate names (as GeoNames does).
    ("t:hamm", "Hamm", "city", "DE", 51.68, 7.82, "North Rhine-Westphalia", 178_967, ("Hamas",)),
    # "Lebanon": fifteen US towns first, then the country (as GeoNames lists them).
    *[(f"t:lebanon-us{i}", "Lebanon", "town", "US", 36.2 + i / 10, -86.3, "Tennessee", 30_000, ())
      for i in range(15)],
    ("t:lb", "Lebanon", "country", "LB", 33.82, 35.66, None, 6_848_925, ()),
    ("t:south-lb", "South Governorate", "admin1", "LB", 33.56, 35.37, "South Governorate", 0,
     ("Southern Lebanon", "South Lebanon")),
    ("t:bint-jbeil", "Bint Jbeil", "town", "LB", 33.12, 35.43, "Nabatieh Governorate", 30_000, ()),
    ("t:il", "Israel", "country", "IL", 31.5, 34.9, None, 9_000_000, ()),
    ("t:kiryat", "Kiryat Shmona", "town", "IL", 33.21, 35.57, "Northern District", 22_512, ()),
    ("t:iq", "Iraq", "country", "IQ", 33.0, 44.0, None, 40_000_000, ()),
    ("t:baghdad-gov", "Baghdad Governorate", "admin1", "IQ", 33.34, 44.40, "Baghdad Governorate",
     0, ("Baghdad",)),
    ("t:baghdad", "Baghdad", "city", "IQ", 33.34, 44.40, "Baghdad Governorate", 7_216_000, ()),
    ("t:ua", "Ukraine", "country", "UA", 49.0, 32.0, None, 41_000_000, ()),
    ("t:kharkiv-obl", "Kharkiv Oblast", "admin1", "UA", 49.98, 36.25, "Kharkiv Oblast", 0,
     ("Kharkiv",)),
    ("t:kharkiv", "Kharkiv", "city", "UA", 49.98, 36.25, "Kharkiv Oblast", 1_421_125, ()),
    ("t:odesa", "Odesa", "city", "UA", 46.48, 30.73, "Odesa Oblast", 1_015_826, ()),
    ("t:donetsk-obl", "Donetsk Oblast", "admin1", "UA", 48.02, 37.80, "Donetsk Oblast", 0,
     ("Donetsk",)),
    ("t:donetsk", "Donetsk", "city", "UA", 48.02, 37.80, "Donetsk Oblast", 901_645, ()),
    ("t:kramatorsk", "Kramatorsk", "city", "UA", 48.72, 37.56, "Donetsk Oblast", 150_000, ()),
    ("t:ru", "Russia", "country", "RU", 61.5, 105.3, None, 144_000_000, ()),
    ("t:belgorod-obl", "Belgorod Oblast", "admin1", "RU", 50.60, 36.59, "Belgorod Oblast", 0,
     ("Belgorod",)),
    ("t:shebekino", "Shebekino", "town", "RU", 50.41, 36.90, "Belgorod Oblast", 40_000, ()),
    ("t:ye", "Yemen", "country", "YE", 15.5, 47.5, None, 28_000_000, ()),
    ("t:sanaa", "Sanaa", "city", "YE", 15.35, 44.21, _SANAA, 1_937_451, ()),
    ("t:dailami", "al-Dailami airbase", "landmark", "YE", 15.476, 44.22, _SANAA, 0, ()),
]  # fmt: skip
"""Gaza (with towns in its north and south), Lebanon and Israel, Iraq, Yemen, Ukraine and
Russia, for extraction on a small real index."""

MIDEAST_REPORT_DATE = dt.date(2024, 6, 6)
"""The publication date given to reports extracted against :data:`MIDEAST_ROWS`."""


def mideast_index(directory: Path) -> Gazetteer:
    return index_from_rows(directory, MIDEAST_ROWS, 2.0)


# -------------------------------------------------------- extraction's fake gazetteer
class _NoShortSpots(FakeGazetteer):
    """A gazetteer that, like the real one, does not spot names under three letters."""

    def spot(self, text: str) -> list[Mention]:
        return [m for m in super().spot(text) if len(m.surface) >= 3]


_STRICT_EXTRA = (
    Place("bo", "Bo", "town", "SL", 7.9647, -11.7383, "Southern", 175000, ()),
    Place("southern1", "Southern", "admin1", "SL", 7.8, -11.8, "Southern", 0, ()),
    Place("sl", "Sierra Leone", "country", "SL", 8.5, -11.8, None, 0, ()),
    # A county elsewhere named like the kind word "Ward".
    Place("ward_us", "Ward", "town", "US", 47.1, -101.9, "North Dakota", 7000, ()),
)


def strict_fake_gazetteer() -> FakeGazetteer:
    """The fake gazetteer plus Bo (Sierra Leone) and a US "Ward"; like the real one, it
    spots no name under three letters."""
    return _NoShortSpots(PLACES + _STRICT_EXTRA)
