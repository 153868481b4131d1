"""Language resources for reading strike reports in Ukrainian, Russian and Arabic.

Each language is one small module of data tables (:mod:`.uk`, :mod:`.ru`, :mod:`.ar`):
trigger stems, actor aliases, toll words, number words, month and weekday names, and
the words that introduce a place. :func:`language_pack` returns them as one
:class:`LanguagePack`; the reading code (:mod:`strikemap.extract.multilingual`) is the
same for every language and never tests for a language code itself, except to pick the
word normaliser (:mod:`.morph` for Cyrillic, :mod:`.arabic` for Arabic).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import cache

__all__ = ["MULTILINGUAL", "LanguagePack", "language_pack"]

MULTILINGUAL: tuple[str, ...] = ("uk", "ru", "ar")
"""Languages read by the multilingual reader (English has its own, richer one)."""


@dataclass(frozen=True, slots=True)
class LanguagePack:
    """One language's compiled tables.

    Every pattern is matched on the *normalised lower-case* sentence (see
    :func:`strikemap.extract.lang.normalise`): Cyrillic with ``ё`` as ``е``, Arabic
    without diacritics or tatweel and with one alef, ha for ta marbuta, ya for alef
    maqsura.

    Attributes
    ----------
    code
        ISO 639-1 code.
    strong
        Strike triggers that report a strike on their own (a shelling, a drone attack).
    weak
        Words that report a strike only with a striking actor (killed, attacked).
    incident
        Words for a fire or damage ("пожежа", "пошкоджено") that report a strike only
        at a target strikes are aimed at (``targets``): an oil depot's fire in a strike
        report is the strike's aftermath, a house fire is not. ``None`` when unused.
    targets
        Targets strikes are aimed at (oil depots, ammunition stores, substations,
        airfields, refineries, ports).
    not_strike
        Uses of a trigger word for something else ("удар по репутації"); removed before
        the triggers are tested.
    actors
        ``(pattern, actor)`` pairs; actor names are those of ``data/actors.csv``.
    claimant_before
        A pattern that, ending right before an actor alias, makes it the claimant
        ("за даними", "повідомили в"), not the striker.
    killed, wounded
        Toll words (roots).
    number_words
        Number words and their values.
    vague
        Vague quantity words and their ``(minimum, maximum)``.
    months
        Month-name stems (longest first when matched) and month numbers.
    month_ending
        A pattern for the case ending a month stem may take ("травн" + "я").
    weekdays
        Weekday stems and weekday numbers (Monday = 0).
    weekday_form
        How a weekday is written around its stems (``{}``): Slavic weekdays take case
        endings ("вівторк" + "а"), Arabic ones are whole words after an optional "and".
    relative_days
        Words for "today", "yesterday", ... and their day offsets.
    night
        A pattern for "in the night to" (uk "у ніч на", ru "в ночь на", ar "ليلة").
    area_words
        Nouns that make a first-level area of the adjective before them ("область").
    region_forms
        Region names formed with a suffix ("Харківщина") and the area they name.
    home_countries
        Countries a report in this language is most likely about, ranked after the
        countries its own places point at (a weak prior: "Одеса" alone is Odesa,
        Ukraine, not Odessa, Texas). Empty when the language is written in many.
    facility_words
        Stems of facilities named by their town's adjective ("Бердянський порт",
        "Кременчуцький НПЗ"): only before one of them is an adjective read as its town.
    """

    code: str
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    incident: re.Pattern[str] | None
    targets: re.Pattern[str] | None
    not_strike: re.Pattern[str] | None
    actors: tuple[tuple[re.Pattern[str], str], ...]
    claimant_before: re.Pattern[str]
    killed: re.Pattern[str]
    wounded: re.Pattern[str]
    number_words: dict[str, int]
    vague: dict[str, tuple[int | None, int | None]]
    months: tuple[tuple[str, int], ...]
    month_ending: str
    weekdays: tuple[tuple[str, int], ...]
    weekday_form: str
    relative_days: dict[str, int]
    night: re.Pattern[str]
    area_words: dict[str, str]
    region_forms: dict[str, str]
    home_countries: tuple[str, ...]
    facility_words: tuple[str, ...]


def _compile(words: str) -> re.Pattern[str]:
    # Word stems: a stem starts at a word boundary and runs to the end of its word.
    return re.compile(r"(?<!\w)(?:" + words + r")")


@cache
def language_pack(code: str) -> LanguagePack:
    """Return the compiled tables of a language (``uk``, ``ru`` or ``ar``).

    Raises
    ------
    KeyError
        When strikemap has no tables for ``code``.
    """
    if code not in MULTILINGUAL:
        raise KeyError(f"language {code} not supported")
    mod = importlib.import_module(f"strikemap.extract.lang.{code}")
    return LanguagePack(
        code=code,
        strong=_compile(mod.STRONG),
        weak=_compile(mod.WEAK),
        incident=_compile(mod.INCIDENT) if getattr(mod, "INCIDENT", "") else None,
        targets=_compile(mod.TARGETS) if getattr(mod, "TARGETS", "") else None,
        not_strike=_compile(mod.NOT_STRIKE) if mod.NOT_STRIKE else None,
        actors=tuple((_compile(p), actor) for p, actor in mod.ACTORS),
        claimant_before=re.compile(r"(?:" + mod.CLAIMANT_BEFORE + r")\s*$"),
        killed=_compile(mod.KILLED),
        wounded=_compile(mod.WOUNDED),
        number_words=dict(mod.NUMBER_WORDS),
        vague=dict(mod.VAGUE),
        months=tuple(sorted(mod.MONTHS.items(), key=lambda kv: -len(kv[0]))),
        month_ending=mod.MONTH_ENDING,
        weekdays=tuple(sorted(mod.WEEKDAYS.items(), key=lambda kv: -len(kv[0]))),
        weekday_form=getattr(mod, "WEEKDAY_FORM", r"(?:{})\w*"),
        relative_days=dict(mod.RELATIVE_DAYS),
        night=re.compile(mod.NIGHT),
        area_words=dict(mod.AREA_WORDS),
        region_forms=dict(mod.REGION_FORMS),
        home_countries=tuple(mod.HOME_COUNTRIES),
        facility_words=tuple(getattr(mod, "FACILITY_WORDS", ())),
    )
