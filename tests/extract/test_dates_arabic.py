"""Arabic dates: written forms, the page's own date line, relative days against it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from multilingual_places import multilingual_index

from strikemap.extract import extract_report
from strikemap.extract.lang import language_pack
from strikemap.extract.lang.normal import normalise, original_offset
from strikemap.extract.ml_dates import find_date
from strikemap.extract.page_dates import page_date_line
from strikemap.gazetteer.index import Gazetteer
from strikemap.model import Report

AR = language_pack("ar")
REF = dt.date(2021, 8, 8)  # a Sunday


def _date(text: str, ref: dt.date | None = REF) -> tuple[dt.date | None, str] | None:
    found = find_date(normalise(text, "ar"), AR, ref)
    return None if found is None else (found.date, found.precision)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف على بلدة في 7 من آب 2021", dt.date(2021, 8, 7)),
        ("غارة يوم 21 كانون ثاني/ يناير 2021 على قرية", dt.date(2021, 1, 21)),
        ("قصف يوم 22 أكتوبر/ تشرين الأول 2019 على البلدة", dt.date(2019, 10, 22)),
        ("قصف ٣ أيلول ٢٠٢٠ على المدينة", dt.date(2020, 9, 3)),
        ("غارات على المدينة 15-11-2020", dt.date(2020, 11, 15)),
        ("غارات 2020/10/06 على القرية", dt.date(2020, 10, 6)),
        ("قصف مدفعي نوفمبر 6, 2020 على الحي", dt.date(2020, 11, 6)),
        ("قصف في 5 من آذار عام 2020 على البلدة", dt.date(2020, 3, 5)),
        ("الأحد 28 محرم 1443 هـ الموافق 5 أيلول 2020: قصف", dt.date(2020, 9, 5)),
    ],
)
def test_written_dates_resolve_without_a_reference(text: str, expected: dt.date) -> None:
    assert _date(text, None) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف أمس السبت 7 آب/أغسطس على القرية", (dt.date(2021, 8, 7), "day")),
        ("قصف فجر اليوم على البلدة", (REF, "day")),
        ("قصف مساء أمس على البلدة", (dt.date(2021, 8, 7), "day")),
        ("قصف أمس الأول على البلدة", (dt.date(2021, 8, 6), "day")),
        ("قصف ليلة أمس على البلدة", (REF, "overnight")),
        ("والخميس قصفت الطائرات البلدة", (dt.date(2021, 8, 5), "day")),
        ("قصف ليلة الجمعة على البلدة", (dt.date(2021, 8, 6), "overnight")),
    ],
)
def test_relative_days_resolve_against_the_reference(
    text: str, expected: tuple[dt.date, str]
) -> None:
    assert _date(text) == expected


def test_a_word_starting_like_a_weekday_is_no_date() -> None:
    # "الأحداث" (the events) starts with "الأحد" (Sunday).
    assert _date("حصاد الأحداث الميدانية: قصف على البلدة") is None


def test_a_date_after_the_reference_is_not_a_strike_date() -> None:
    assert _date("قصف في 5 آذار 2030 على البلدة") is None


def test_relative_days_stay_unknown_without_a_reference() -> None:
    assert _date("قصف ليلة أمس على البلدة", None) == (None, "unknown")
    assert _date("قصف اليوم الاثنين 6 كانون الأول على البلدة", None) == (None, "unknown")


def test_the_date_span_indexes_the_text_as_written() -> None:
    text = "قُتِلَ مدنيٌّ بقصفٍ يوم ٧ آب ٢٠٢١ على القرية"
    found = find_date(normalise(text, "ar"), AR, None)
    assert found is not None
    start = original_offset(text, "ar", found.start)
    end = original_offset(text, "ar", found.end)
    assert text[start:end] == "٧ آب ٢٠٢١"


def _line(text: str) -> tuple[dt.date | None, str] | None:
    line = page_date_line(text, normalise(text, "ar"), AR)
    return None if line is None else (line.date, text[line.start : line.end])


def test_a_header_date_line_is_the_page_date() -> None:
    text = "سياسة\nقصف على بلدة في الريف\n08/08/2021\n10:23 ص\nقصفت القوات البلدة أمس."
    assert _line(text) == (dt.date(2021, 8, 8), "08/08/2021")


def test_a_date_inside_a_sentence_is_not_the_page_date() -> None:
    text = (
        "قصفت القوات البلدة أمس رغم اتفاق وقف إطلاق النار الموقع في 5 آذار 2020 "
        "بين الطرفين في العاصمة."
    )
    assert _line(text) is None


def test_a_stamp_after_the_last_sentence_is_the_page_date() -> None:
    text = "قتلى وجرحى في قصف مدفعي على حي في المدينة والمزارع المحيطة بها اليوم.8/9/2021"
    assert _line(text) == (dt.date(2021, 9, 8), "8/9/2021")


def test_a_sentence_saying_which_day_today_is_dates_the_page() -> None:
    text = "قال الدفاع المدني اليوم الأحد 8 آب 2021 إن قصفا مدفعيا استهدف الأحياء السكنية."
    assert _line(text) == (dt.date(2021, 8, 8), "8 آب 2021")


def test_a_social_post_timestamp_is_the_page_date() -> None:
    text = "مركز الأخبارNovember 26, 2024 · Shared with public\nقصف على البلدة"
    assert _line(text) == (dt.date(2024, 11, 26), "November 26, 2024")


def test_a_page_without_a_date_has_none() -> None:
    assert _line("عاجل | غارات على البلدة جنوب المدينة.\n#وسم") is None


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return multilingual_index(Path(tmp_path_factory.mktemp("ml-gaz-dates")))


def _report(text: str) -> Report:
    return Report(hashlib.sha256(text.encode()).hexdigest(), "t", None, None, text, None, "unknown")


def test_yesterday_resolves_against_the_page_date_line(gaz: Gazetteer) -> None:
    text = "أخبار\n08/08/2021\nقصفت قوات النظام بلدة كفرنبل أمس السبت، ما أدى إلى مقتل مدنيين."
    ex = extract_report(_report(text), gaz)
    (event,) = [e for e in ex.events if e.location.name == "Kafr Nabl"]
    assert (event.date, event.date_precision) == (dt.date(2021, 8, 7), "day")
    assert any("08/08/2021" in w for w in ex.warnings)


def test_a_strike_without_its_own_date_takes_the_page_date_loosely(gaz: Gazetteer) -> None:
    text = "أخبار\n08/08/2021\nقصفت قوات النظام بلدة كفرنبل، ما أدى إلى مقتل مدنيين."
    (event,) = [e for e in extract_report(_report(text), gaz).events]
    assert (event.date, event.date_precision, event.date_source) == (REF, "week", "paragraph")


def test_without_a_publication_or_page_date_a_relative_date_stays_unknown(
    gaz: Gazetteer,
) -> None:
    text = "قصفت قوات النظام بلدة كفرنبل اليوم الاثنين 6 كانون الأول، ما أدى إلى مقتل مدنيين."
    (event,) = [e for e in extract_report(_report(text), gaz).events]
    assert (event.date, event.date_precision) == (None, "unknown")
