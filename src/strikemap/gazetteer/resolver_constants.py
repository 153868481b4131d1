"""Tuned constants and word lists of the gazetteer's name matching and resolution."""

from __future__ import annotations

import re

from strikemap.gazetteer._store import KINDS
from strikemap.gazetteer.normalize import GENERIC_WORDS

AREA_KINDS = frozenset({"admin1", "admin2", "district", "region", "country"})
ADMIN1_HINTS = frozenset(
    {
        "province",
        "governorate",
        "oblast",
        "krai",
        "kray",
        "state",
        "countryside",
        "muhafazat",
        "muhafazah",
    }
)
REGION_HINTS = frozenset({"region"})
SETTLEMENT_HINTS = frozenset({"city", "town", "village", "hamlet", "settlement"})
DISTRICT_HINTS = frozenset({"district", "raion", "rayon", "subdistrict", "nahiya"})
PART_OF_TOWN_HINTS = frozenset(
    {"camp", "neighbourhood", "neighborhood", "quarter", "suburb", "ward"}
)
"""Kind words of a place inside or beside a town: never an area ("the Shati camp")."""
KIND_CUES = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "governorate",
        "oblast",
        "krai",
        "kray",
        "district",
        "region",
        "area",
        "camp",
        "neighbourhood",
        "neighborhood",
        "countryside",
        "raion",
        "airbase",
    }
)
ARTICLE_TOKENS = frozenset(
    [
        "al",
        "el",
        "as",
        "ash",
        "at",
        "ath",
        "ad",
        "adh",
        "an",
        "ar",
        "az",
        "es",
        "esh",
        "et",
        "ed",
        "en",
        "er",
        "ez",
    ]
)
# Lower-case words that may sit inside a spotted name ("Jisr al-Shughur", "Rostov-on-Don",
# "Tabqa dam"); any other lower-case word ends the name, so spot hashes far fewer spans.
INNER_LOWER = (
    ARTICLE_TOKENS
    | GENERIC_WORDS
    | KIND_CUES
    | frozenset(
        [
            "de",
            "del",
            "la",
            "le",
            "les",
            "des",
            "du",
            "di",
            "da",
            "do",
            "dos",
            "das",
            "der",
            "den",
            "von",
            "van",
            "on",
            "upon",
            "sur",
            "am",
            "im",
            "bin",
            "ben",
            "ibn",
            "bint",
            "abu",
            "um",
            "umm",
            "bani",
            "beni",
            "wa",
            "w",
            "dam",
            "airport",
            "air",
            "base",
            "airbase",
            "military",
            "airfield",
            "plain",
            "mountain",
            "mountains",
            "valley",
            "crossing",
            "bridge",
            "square",
            # Landmark heads of curated names ("Hodeidah port", "Conoco gas field").
            "port",
            "harbour",
            "harbor",
            "field",
            "oilfield",
            "gas",
            "oil",
            "plant",
            "refinery",
            "garrison",
            "spit",
            "island",
            "corridor",
            "junction",
            "nuclear",
            "power",
            "hill",
            "mount",
            "sea",
            "lake",
            "river",
        ]
    )
)
ARABIC_PREFIXES = frozenset("وبلف")
MAX_TOKENS = 6
FUZZY_CUTOFF = 86.0
MASK_THRESHOLD = (FUZZY_CUTOFF - 1e-6) / 200.0
"""LCS per character of ``la + lb`` that a ratio of :data:`FUZZY_CUTOFF` needs."""
AMBIGUITY_GAP = 0.05
AMBIGUITY_KM = 25.0
SKELETON_MIN_RATIO = 85
"""Variant-key similarity a skeleton-only match needs (Airwars dev set: matches at 75-79
were wrong places one time in three; at 80-89 one in four; at 90+ one in ten)."""
FUZZY_NEAR_KM = 50.0
"""A fuzzy match is accepted without an admin hint only this close to the report's places."""
POINTS_AT_KM = 25.0
"""The report's other places point at a candidate when their centroid lies this close."""
SEAT_KM = 5.0
"""A populated place this close to an admin1 point (its capital) is the capital."""
SIDE_MIN_PLACES = 8
"""An area's side is told from its listed places only when it lists this many."""
SIDE_MIN_RADIUS_KM = 10.0
SIDE_CITY_POP = 1_000_000
"""A city this populous has sides of its own: "eastern Aleppo" is part of the city."""
POPULATED_CODES = [KINDS.index(k) for k in ("city", "town", "village")]
DOMINANT_POP = 20_000
"""A place this populous (and 10x its far namesake) wins a bare-name tie: a report naming
"Afrin" or "Nawa" means the town, not an unpopulated hamlet of that name elsewhere."""
ROMANISATION_MIN_RATIO = 75
"""Skeleton similarity at which an alias counts as another romanisation of a place's name."""
RUSSIAN_EXONYM_COUNTRIES = frozenset({"UA", "BY", "MD", "GE", "AM", "AZ", "KZ"})
"""Countries whose places reports also name in a Russian romanisation ("Nikolaev")."""
MIN_CONFIDENCE = 0.6
COMMON_NAME_COUNT = 4
"""A village name listed this many times in one country is common: GeoNames lists
villages of 500+ people only, so the one listed in the named province may well not be
the one meant (ACLED dev notes: 4 of 5 such matches were 47-72 km off)."""
COMMON_NAME_POP = 10_000
COMMON_SPREAD_KM = 50.0
"""Namesakes in one province this close together are covered by one widened circle."""
DISTRICT_RADIUS_KM = 20.0
"""Radius of "City - District" answers: a city's districts lie within ~20 km of it."""
PREFIX_CITY_POP = 50_000
"""A name starting with a city this large ("Mosul al-Jadida") is a quarter of it."""
VOWELS = frozenset("aeiouy")
GLIDES = re.compile("[WY]")
DOUBLED = re.compile(r"(.)\1+")
LEVEL = {
    "exact name": 0,
    "spelling variant": 0,
    "transliteration skeleton": 1,
    "vowel spelling": 2,
    "consonant frame": 2,
    "Arabic spelling": 2,
    "fuzzy": 2,
}
"""Match levels for ambiguity: an exact name and a spelling variant are equal evidence."""
EXACT = "exact name"
VARIANT = "spelling variant"
SKELETON = "transliteration skeleton"
FUZZY = "fuzzy"
VOWELS_ONLY = "vowel spelling"
"""Level of a skeleton match whose spelling differs only in vowel letters (same
consonants, same vowel places: :func:`vowel_shape`) but too much for the variant level;
like a fuzzy match it needs the admin hint or the report's other places to confirm it."""
VOWELS_ONLY_BASE = 0.75
FRAME_ONLY = "consonant frame"
"""Level of a skeleton match with the same consonants letter for letter but vowels
added or dropped ("Kiljbreen" / "Kaljibrin", "Bzabor" / "Bazabur"): Arabic writes short
vowels not at all, so transliterators insert them at will. Weaker than the vowel
level; accepted only when an admin hint or the report's other places confirm it."""
FRAME_ONLY_BASE = 0.72
FRAME_MIN_RATIO = 70
"""Lowest rapidfuzz ratio of the variant keys at the consonant-frame level (Airwars
development set, resolved at this level: 13 within 10 km, 2 misplaced)."""
ARABIC = "Arabic spelling"
"""Level of a match on the consonants of a place's Arabic name (admin-hint fallback only)."""
ARABIC_BASE = 0.7
CONFIRMED_LEVELS = (FUZZY, VOWELS_ONLY, FRAME_ONLY, ARABIC)
"""Levels the resolver accepts only with an admin hint or nearby places confirming them."""
RANK_LIMIT = 40
"""Candidates a resolve considers (after kind, country and admin filters)."""
MAX_SCORED = 16
MAX_FUZZY_SKELETON = 18
"""Longer skeletons are phrases ("X area, Y"), not one misspelt name: no fuzzy pass."""
"""Candidates scored one by one per level; longer posting lists are pre-ranked in numpy."""
RANK_CACHE = 4096
"""Ranked lookups kept per process (LRU keyed by name, countries, near point)."""
PLACE_CACHE = 50_000
"""Materialised :class:`Place` objects kept per process (an LRU over SQLite rows)."""

K_ADMIN1 = KINDS.index("admin1")
K_COUNTRY = KINDS.index("country")
K_CITY = KINDS.index("city")
K_TOWN = KINDS.index("town")
SEAT_DOMINANCE = 3
"""A governorate's seat city must be this many times larger than its other towns for
an unknown neighbourhood named with the governorate to be put in it."""
AREA_CODES = frozenset(KINDS.index(k) for k in AREA_KINDS)
