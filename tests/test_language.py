from strikemap.language import (
    UNDETERMINED,
    detect_language,
    paragraph_languages,
)


def test_each_read_language_is_detected_from_a_sentence() -> None:
    samples = {
        "en": "Russian missiles struck an energy facility near the city overnight.",
        "uk": "Уночі окупанти вдарили ракетами по енергетичному об'єкту біля міста.",
        "ru": "Ночью российские ракеты попали в энергетический объект под городом.",
        "ar": "قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح اليوم.",
    }
    for code, text in samples.items():
        found = detect_language(text)
        assert found.code == code, (code, found)
        assert 0.5 < found.probability <= 1.0


def test_too_little_text_is_undetermined_not_guessed() -> None:
    found = detect_language("Kyiv 12:40")
    assert found.code == UNDETERMINED
    assert found.probability == 0.0


def test_mixed_post_gets_a_language_per_paragraph() -> None:
    text = (
        "Air raid alert in Kharkiv region, officials said.\n\n"
        "Увага! Загроза застосування балістичного озброєння на Харківщині."
    )
    spans = paragraph_languages(text)
    assert [s.language.code for s in spans] == ["en", "uk"]
    assert text[spans[1].start : spans[1].end].startswith("Увага")


def test_detection_is_the_same_on_every_run() -> None:
    text = "Обстріл Херсона: поранені двоє цивільних."
    assert {detect_language(text) for _ in range(3)} == {detect_language(text)}
