"""Arabic tables, written in normalised letters (see :func:`.normal.normalise`).

Every word may carry proclitics (wa-, fa-, bi-, li-, ka-) and the article; ``_P``
allows them in front of each stem. Syrian sources call the government's forces
"قوات النظام" or "قوات الأسد", and the US-led coalition "التحالف".
"""

from __future__ import annotations

import re

_P = r"(?:[وف]?[بلك]?(?:ال)?)"  # proclitics and the article, all optional

STRONG = (
    _P + r"(?:قصف\w*|غاره|غارات|استهداف\w*|استهدف\w*|يستهدف\w*|تستهدف\w*|برميل|براميل|"
    r"طائره مسيره|طائرات مسيره|مسيره|مسيرات|مسير|درون|صاروخ\w*|صواريخ|قذيفه|قذائف|"
    r"انفجار\w*|مدفعي\w*|راجمه|راجمات|طيران\w*|حربي\w*|الحربي|قنبل\w*|عنقودي\w*|"
    r"دك|تدك|يدك|ضربه|ضربات|قصفت|قصفه|غارتين|مجزره)"
)
WEAK = _P + r"(?:هجوم\w*|قتل\w*|قتلى|مقتل|شهيد\w*|شهداء|استشهاد|جرحى|اصابه|اصابات|دمار)"
NOT_STRIKE = ""

# Actor aliases; an alias's article may lose its alef after li- ("للتحالف").
_ACTOR_NAMES = (
    ("قوات النظام|النظام السوري|نظام الاسد|قوات الاسد|جيش النظام|طيران النظام|"
     "ميليشيات النظام|مليشيات النظام|الجيش السوري|الجيش العربي السوري|قوات الحكومه|"
     "النظام|مروحيات النظام|الاسد", "Syria"),
    ("طيران الروسي|الطيران الروسي|الطائرات الروسيه|القوات الروسيه|الروس|روسيا|"
     "الاحتلال الروسي|الحربي الروسي|الروسي", "Russia"),
    ("التحالف الدولي|طيران التحالف|قوات التحالف|التحالف", "US-led coalition"),
    ("الاحتلال الاسرائيلي|الطيران الاسرائيلي|اسرائيل|الاسرائيلي\\w*|الجيش الاسرائيلي",
     "Israel"),
    ("الطيران التركي|الجيش التركي|القوات التركيه|تركيا|التركي", "Turkey"),
    ("الطيران الامريكي|القوات الامريكيه|الامريكي\\w*|امريكا|الولايات المتحده",
     "United States"),
    ("قسد|قوات سوريا الديمقراطيه", "Syrian Democratic Forces"),
    ("هيئه تحرير الشام", "Hayat Tahrir al-Sham"),
    ("داعش|تنظيم الدوله", "Islamic State"),
)  # fmt: skip
_STRIKE_NOUN = r"(?:غار|طاير|طيران|قصف|صاروخ|صواريخ|مروحي|مسير|قذيف|قذايف|مدفعي)\w*(?: حربي\w*)?"
"""A strike or its weapon (folded: "طائرة" is "طايره"), which a nation's adjective may follow
without an article."""
_NISBA = {"Russia": "روسي", "Turkey": "تركي", "Israel": "اسرائيلي", "United States": "امريكي"}
"""Nisba adjectives: "بغارة روسية", "طائرات حربية روسية" name the striker."""
ACTORS = tuple(
    (
        _P
        + "(?:"
        + "|".join(re.sub(r"^ال", "(?:ال|ل)", a) for a in names.split("|"))
        + (f"|{_STRIKE_NOUN} {_NISBA[actor]}" if actor in _NISBA else "")
        + ")",
        actor,
    )
    for names, actor in _ACTOR_NAMES
)
CLAIMANT_BEFORE = r"بحسب|حسب|وفقا ل|وفق|قال|قالت|افاد|افادت|اعلن|اعلنت|ذكر|ذكرت"
KILLED = _P + r"(?:قتلى|قتيل\w*|مقتل|قتل\w*|شهيد\w*|شهداء|استشهاد|استشهد\w*|ضحايا|ضحيه|وفاه)"
WOUNDED = _P + r"(?:جرحى|جروح|جريح\w*|اصابه|اصابات|مصاب\w*|اصيب\w*|جرح\w*)"

NUMBER_WORDS = {
    "واحد": 1, "شخص": 1, "طفل": 1, "مدني": 1, "اثنين": 2, "اثنان": 2, "شخصين": 2,
    "طفلين": 2, "مدنيين اثنين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "سته": 6, "ست": 6, "سبع": 7, "سبعه": 7, "ثمانيه": 8, "ثماني": 8,
    "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10,
}  # fmt: skip
VAGUE: dict[str, tuple[int | None, int | None]] = {
    "عدد من": (2, None), "عده": (2, None), "عشرات": (20, None), "مئات": (200, None),
}  # fmt: skip

MONTHS = {
    # Levantine (Syriac) names first, then the names used in Egypt and the Gulf.
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الاول": 12, "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "نيسان ابريل": 4,
    "مايو": 5, "يونيو": 6, "يوليو": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
    # The Levantine names are also written without the article ("كانون ثاني").
    "كانون ثاني": 1, "تشرين اول": 10, "تشرين ثاني": 11, "كانون اول": 12,
}  # fmt: skip
MONTH_ENDING = ""  # Arabic month names are written whole
WEEKDAYS = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
    "الاحد": 6,
}  # fmt: skip
# Weekday names are whole words ("الاحداث", events, is not "الاحد", Sunday), after an
# optional "and" ("والخميس 2 كانون الاول").
WEEKDAY_FORM = r"(?:[وف])?(?:{})(?!\w)"
RELATIVE_DAYS = {
    "اليوم": 0, "امس": -1, "البارحه": -1, "اول امس": -2, "امس الاول": -2,
    # "Last night" is the night before today: dated today at precision "overnight", as
    # the English reader dates "last night".
    "ليله امس": 0, "ليله البارحه": 0, "الليله الماضيه": 0,
}  # fmt: skip
NIGHT = r"(?<!\w)(?:ليله|ليل|الليله) "

HOME_COUNTRIES: tuple[str, ...] = ()  # Arabic is written in some twenty countries

AREA_WORDS = {"محافظه": "province", "ريف": "countryside", "منطقه": "region"}
REGION_FORMS: dict[str, str] = {}
