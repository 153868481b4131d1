"""Dates in Ukrainian, Russian and Arabic, resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from strikemap.extract.lang import language_pack
from strikemap.extract.lang.normal import normalise
from strikemap.extract.ml_dates import find_date

PUB = dt.date(2024, 5, 16)  # a Thursday


def _date(text: str, code: str, ref: dt.date | None = PUB) -> tuple[dt.date | None, str] | None:
    found = find_date(normalise(text, code), language_pack(code), ref)
    return None if found is None else (found.date, found.precision)


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Вчора ворог атакував Харків.", "uk", (dt.date(2024, 5, 15), "day")),
        ("14 травня ракетний удар по Одесі.", "uk", (dt.date(2024, 5, 14), "day")),
        ("У ніч на вівторок дрони атакували Київ.", "uk", (dt.date(2024, 5, 14), "overnight")),
        ("В ночь на 5 марта обстрел Белгорода.", "ru", (dt.date(2024, 3, 5), "overnight")),
        ("Вчера прилёт в Донецке.", "ru", (dt.date(2024, 5, 15), "day")),
        ("Удар 3 января 2023 года по Макеевке.", "ru", (dt.date(2023, 1, 3), "day")),
        ("قصف أمس السبت 7 آب/أغسطس على إدلب", "ar", (dt.date(2023, 8, 7), "day")),
        ("غارة يوم الثلاثاء على حلب", "ar", (dt.date(2024, 5, 14), "day")),
        ("قصف ١٢ أيار على أريحا", "ar", (dt.date(2024, 5, 12), "day")),
        ("Обстріл 14.05.2024 у Харкові.", "uk", (dt.date(2024, 5, 14), "day")),
    ],
)
def test_dates_resolve_against_publication(
    text: str, code: str, expected: tuple[dt.date, str]
) -> None:
    assert _date(text, code) == expected


def test_a_month_day_after_publication_is_last_year() -> None:
    assert _date("20 грудня обстріл.", "uk") == (dt.date(2023, 12, 20), "day")


def test_relative_dates_stay_unknown_without_a_publication_date() -> None:
    assert _date("Вчора ворог атакував Харків.", "uk", None) == (None, "unknown")
    assert _date("قصف أمس على إدلب", "ar", None) == (None, "unknown")


def test_a_written_date_resolves_without_a_publication_date() -> None:
    assert _date("Удар 3 січня 2023 року.", "uk", None) == (dt.date(2023, 1, 3), "day")


def test_no_date_is_invented() -> None:
    assert _date("Ракетний удар по Харкову.", "uk") is None
    # A count before a word that starts like a month name is no date.
    assert _date("5 мальчиков ранены.", "ru") is None
    assert _date("مقتل 7 ابناء عائلة", "ar") is None
