"""Telegram Desktop JSON exports: one report per message, recognised by their content."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factories import table_counts
from strikemap.cli import main
from strikemap.read import ReadError, iter_path, read_path
from strikemap.read_telegram import (
    TelegramOptions,
    flatten_text,
    looks_like_telegram_export,
    normalise_username,
    parse_telegram_json,
    read_telegram_export,
    read_telegram_file,
)

FIX = Path(__file__).parent / "fixtures" / "telegram"
KHARKIV = FIX / "kharkiv" / "result.json"
BROKEN = FIX / "bad_message" / "result.json"


def _by_message(reports: list[Any]) -> dict[int, Any]:
    return {int(r.source_id.rsplit("/", 1)[1]): r for r in reports}


def _message(msg_id: int, text: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": msg_id,
        "type": "message",
        "date": "2024-05-14T21:03:10",
        "date_unixtime": "1715709790",
        "text": text,
        **extra,
    }


def _export(messages: list[Any], **chat: Any) -> list[dict[str, Any]]:
    doc = {"name": "Test channel", "type": "public_channel", "id": 42, "messages": messages}
    return [{**doc, **chat}]


# --------------------------------------------------------------------------- one export


def test_channel_export_gives_one_report_per_message_with_text() -> None:
    export = read_telegram_file(KHARKIV)
    reports = _by_message(export.reports)
    assert sorted(reports) == [2, 3, 4, 6]  # 1 is a service message, 5 a photo without text
    assert (export.skipped_service, export.skipped_empty, export.errors) == (1, 1, [])
    summary = export.summary("result.json")
    assert "4 message(s) read" in summary
    assert "1 service message(s) and 1 message(s) without text skipped" in summary
    assert reports[2].text.startswith("Увечері ворог завдав удару")
    assert reports[2].source_id == "telegram:id1234567890/2"


def test_entity_list_is_flattened_to_plain_text_without_link_targets() -> None:
    text = _by_message(read_telegram_file(KHARKIV).reports)[3].text
    assert text == (
        "Обстрел Белгорода: в ночь на 15 мая беспилотник атаковал город, подробности "
        "пока неизвестны. #Белгород"
    )
    assert "javascript" not in text and "href" not in text


def test_flatten_text_refuses_what_is_no_text() -> None:
    assert flatten_text(["a", {"type": "bold", "text": "b"}, {"type": "plain"}]) == "ab"
    assert flatten_text(None) == ""
    with pytest.raises(ValueError, match="not a string or a list"):
        flatten_text(42)
    with pytest.raises(ValueError, match="text entity"):
        flatten_text(["a", 7])


def test_forward_and_edit_are_visible_in_the_title() -> None:
    reports = _by_message(read_telegram_file(KHARKIV).reports)
    assert reports[4].title is not None
    assert reports[4].title.endswith("forwarded from Test News Agency")
    assert "forwarded" not in (reports[2].title or "")
    assert (reports[6].title or "").endswith(", edited")


def test_published_is_the_export_local_date_and_the_offset_is_shown() -> None:
    reports = _by_message(read_telegram_file(KHARKIV).reports)
    # 00:30 on 15 May at UTC+03:00 is still 14 May in UTC: the export's own date is kept.
    late = reports[3]
    assert late.published == dt.date(2024, 5, 15)
    assert late.published_basis == "metadata"
    assert late.title == "Kharkiv test channel #3, 2024-05-15 00:30 UTC+03:00"


def test_a_time_zone_re_dates_the_utc_instant() -> None:
    utc = _by_message(read_telegram_file(KHARKIV, options=TelegramOptions(tz=dt.UTC)).reports)
    assert utc[3].published == dt.date(2024, 5, 14)
    assert "2024-05-14 21:30 UTC+00:00" in (utc[3].title or "")


def test_without_unixtime_the_local_date_stays_and_the_zone_is_unknown() -> None:
    message = _message(7, "Вибухи у Харкові, є влучання у промислове підприємство.")
    del message["date_unixtime"]
    (report,) = read_telegram_export(_export([message]), name="x.json").reports
    assert report.published == dt.date(2024, 5, 14)
    assert (report.title or "").endswith("21:03 (time zone unknown)")


def test_no_date_at_all_stays_unknown_and_the_users_date_wins() -> None:
    message = {"id": 8, "type": "message", "text": "Вибухи у Харкові, влучання у підприємство."}
    (report,) = read_telegram_export(_export([message]), name="x.json").reports
    assert (report.published, report.published_basis) == (None, "unknown")
    given = read_telegram_export(_export([message]), name="x.json", published=dt.date(2024, 1, 2))
    assert (given.reports[0].published, given.reports[0].published_basis) == (
        dt.date(2024, 1, 2),
        "user",
    )


def test_every_message_gets_its_language() -> None:
    reports = _by_message(read_telegram_file(KHARKIV).reports)
    assert {k: r.language for k, r in reports.items()} == {2: "uk", 3: "ru", 4: "en", 6: "ar"}
    assert all(0.5 < (r.language_probability or 0) <= 1 for r in reports.values())


# --------------------------------------------------------------------------- links and ids


def test_public_username_unknown_means_no_link_and_a_note() -> None:
    export = read_telegram_file(KHARKIV)
    assert all(r.url is None for r in export.reports)
    assert any("public username unknown" in n for n in export.notes)


def test_given_username_gives_t_me_links_and_ids() -> None:
    export = read_telegram_file(
        KHARKIV, options=TelegramOptions(channel="https://t.me/kharkiv_test")
    )
    report = _by_message(export.reports)[2]
    assert report.url == "https://t.me/kharkiv_test/2"
    assert report.source_id == "telegram:kharkiv_test/2"
    assert not any("unknown" in n for n in export.notes)


def test_username_is_inferred_only_from_links_to_the_exports_own_messages() -> None:
    own = [
        _message(1, "Ракетний удар по Харкову, деталі згодом, слідкуйте за оновленнями."),
        _message(2, ["Раніше: ", {"type": "link", "text": "https://t.me/kh_test/1"}]),
        _message(3, [{"type": "text_link", "text": "тут", "href": "https://t.me/kh_test/2"}]),
    ]
    export = read_telegram_export(_export(own), name="x.json")
    assert _by_message(export.reports)[1].url == "https://t.me/kh_test/1"
    assert any("inferred" in n for n in export.notes)
    # One link is not enough, and links to message ids the export does not hold are
    # another channel's posts.
    other = [
        _message(1, "Ракетний удар по Харкову, деталі згодом, слідкуйте за оновленнями."),
        _message(2, ["Раніше: ", {"type": "link", "text": "https://t.me/kh_test/1"}]),
        _message(
            3, ["Джерело: https://t.me/other_channel/9001 та https://t.me/other_channel/9002"]
        ),
    ]
    assert all(r.url is None for r in read_telegram_export(_export(other), name="x.json").reports)


def test_private_channel_gets_no_link() -> None:
    messages = [
        _message(1, "Ракетний удар по Харкову, деталі згодом, слідкуйте за оновленнями."),
        _message(2, "Див. https://t.me/kh_test/1 і https://t.me/kh_test/1 ще раз, будь ласка."),
    ]
    export = read_telegram_export(_export(messages, type="private_channel"), name="x.json")
    assert all(r.url is None for r in export.reports)
    assert _by_message(export.reports)[1].source_id == "telegram:id42/1"


def test_repeated_texts_stay_separate_reports_and_rereading_is_stable() -> None:
    alert = "Повітряна тривога в Харкові та області, прямуйте в укриття."
    chats = _export([_message(1, alert), _message(2, alert)])
    first = read_telegram_export(chats, name="x.json").reports
    assert len({r.id for r in first}) == 2
    again = read_telegram_export(chats, name="x.json").reports
    assert [r.id for r in first] == [r.id for r in again]


def test_username_is_checked() -> None:
    assert normalise_username("@kharkiv_test") == "kharkiv_test"
    assert normalise_username("https://t.me/s/kharkiv_test/") == "kharkiv_test"
    assert normalise_username(None) is None
    with pytest.raises(ValueError, match="not a Telegram username"):
        normalise_username("a b")


# --------------------------------------------------------------------------- bad input


def test_malformed_message_is_refused_by_index_and_the_rest_is_read() -> None:
    export = read_telegram_file(BROKEN)
    assert sorted(_by_message(export.reports)) == [10, 13]
    messages = [str(e) for e in export.errors]
    assert len(messages) == 2
    assert "message index 1 (id 11): text is not a string or a list of entities" in messages[0]
    assert "message index 2: not an object" in messages[1]
    assert all("\n" not in m for m in messages)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"name": "x", "messages": [', "malformed JSON (line 1, column"),
        ('{"name": "x", "items": []}', "not a Telegram Desktop export"),
        ("[1, 2, 3]", "not a Telegram Desktop export"),
        ('{"messages": ' + "[" * 100_000 + "]" * 100_000 + "}", "malformed JSON"),
    ],
)
def test_bad_json_is_one_clear_line(content: str, message: str) -> None:
    with pytest.raises(ReadError) as info:
        parse_telegram_json(content, "result.json")
    assert message in str(info.value) or "nested too deep" in str(info.value)
    assert str(info.value).startswith("result.json: ")
    assert "\n" not in str(info.value)


def test_whole_account_export_reads_every_chat() -> None:
    doc = {
        "about": "Here is the data you requested.",
        "chats": {
            "about": "chats",
            "list": [
                _export([_message(1, "Вибухи у Харкові, є влучання у промислове підприємство.")])[
                    0
                ],
                {
                    **_export([_message(5, "В ночь на 5 марта обстрел Белгорода, погибли люди.")])[
                        0
                    ],
                    "id": 43,
                },
            ],
        },
    }
    chats = parse_telegram_json(json.dumps(doc), "result.json")
    reports = read_telegram_export(chats, name="result.json").reports
    assert [r.source_id for r in reports] == ["telegram:id42/1", "telegram:id43/5"]


# --------------------------------------------------------------------------- detection


def test_format_is_detected_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = tmp_path / "channel-history.txt"
    shutil.copy(KHARKIV, renamed)
    reports = read_path(renamed)
    assert len(reports) == 4 and reports[0].source_id.startswith("telegram:")
    other = tmp_path / "export-2024.json"
    shutil.copy(KHARKIV, other)
    assert len(read_path(other)) == 4
    # Text that only looks like JSON stays text.
    braces = tmp_path / "note.txt"
    braces.write_text('{"messages": [ is how the bot logs start; jets struck Homs today.')
    (report,) = read_path(braces)
    assert report.source_id == "note.txt"
    assert looks_like_telegram_export(KHARKIV.read_text()) and not looks_like_telegram_export("[]")


def test_a_folder_of_exports_is_read_and_other_json_is_skipped(tmp_path: Path) -> None:
    shutil.copytree(FIX, tmp_path / "exports")
    (tmp_path / "exports" / "gold.json").write_text('{"events": []}')
    notes: list[str] = []
    items = list(iter_path(tmp_path / "exports", notes=notes))
    reports = [i for _, i in items if not isinstance(i, ReadError)]
    errors = [i for _, i in items if isinstance(i, ReadError)]
    assert len(reports) == 6 and len(errors) == 2  # 4 + 2 messages; 2 malformed ones
    assert any("gold.json: not a Telegram export, skipped" in n for n in notes)
    assert sum(": Telegram export, " in n for n in notes) == 2


def test_a_broken_result_json_in_a_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "chat").mkdir()
    (tmp_path / "chat" / "result.json").write_text('{"name": "x", "messages": [{"id": 1,')
    errors: list[ReadError] = []
    assert read_path(tmp_path, errors=errors) == []
    assert len(errors) == 1 and "malformed JSON" in str(errors[0])


# --------------------------------------------------------------------------- command line


def test_ingest_a_channel_export(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tg.db'}"
    result = runner.invoke(
        main, ["ingest", str(KHARKIV), "--telegram-channel", "@kharkiv_test", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "note: " in result.output and "1 service message(s)" in result.output
    assert "telegram:kharkiv_test/2:" in result.output
    assert "summary: 4 report(s) stored" in result.output
    again = runner.invoke(
        main, ["ingest", str(KHARKIV), "--telegram-channel", "kharkiv_test", "--db", db]
    )
    assert "summary: 0 report(s) stored" in again.output and "4 already stored" in again.output


def test_ingest_export_with_a_malformed_message_stores_the_rest(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'tg.db'}"
    result = runner.invoke(main, ["ingest", str(BROKEN), "--db", db])
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and "message index 1 (id 11)" in errors[0]
    assert table_counts(db)[0] == 2


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"name": "x", "messages": [{"id": 1, "text": "Jets struck', "malformed JSON (line 1"),
        ('{"rows": [{"text": "Jets struck Homs"}]}', "not a Telegram Desktop export"),
    ],
)
def test_ingest_bad_json_is_one_line_and_stores_nothing(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    db = f"sqlite:///{tmp_path / 'tg.db'}"
    bad = tmp_path / "result.json"
    bad.write_text(content)
    result = runner.invoke(main, ["ingest", str(bad), "--db", db])
    assert result.exit_code == 1
    (line,) = [ln for ln in result.output.splitlines() if "error" in ln]
    assert line.startswith(f"error: {bad}: ") and message in line
    assert "Traceback" not in result.output
    assert table_counts(db) == (0, 0, 0)


@pytest.mark.parametrize(
    "option, value", [("--telegram-channel", "no spaces allowed"), ("--telegram-tz", "Mars/Base")]
)
def test_bad_telegram_options_are_usage_errors(
    runner: CliRunner, tmp_path: Path, option: str, value: str
) -> None:
    result = runner.invoke(
        main, ["ingest", str(KHARKIV), option, value, "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 2 and option in result.output


def test_an_oversized_export_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "result.json"
    with huge.open("wb") as fh:  # sparse: 200 MB on paper
        fh.write(b'{"name": "x", "messages": [')
        fh.truncate(200_000_000)
    with pytest.raises(ReadError, match=r"file is 200\.0 MB, over the 100\.0 MB limit"):
        read_path(huge)
