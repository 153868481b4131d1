"""Uploaded and pasted reports follow the command line's rules and get distinct ids."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from strikemap import read_many
from strikemap.read import MAX_FILE_BYTES, ReadError, read_pasted, read_upload
from strikemap.read_many import read_many_upload
from strikemap.read_telegram import TelegramOptions

TEXT = "Jets struck Talbiseh on 12 June 2016, activists said."


def test_upload_reads_text_and_html_with_a_hashed_source_id() -> None:
    report = read_upload(TEXT.encode(), "report.txt")
    assert report.text.startswith("Jets struck Talbiseh")
    assert report.source_id == f"report.txt#{report.id[:10]}"
    html = read_upload(f"<html><body><p>{TEXT}</p></body></html>".encode(), "page.html")
    assert "Talbiseh" in html.text


def test_two_uploads_with_one_name_stay_distinct() -> None:
    a = read_upload(TEXT.encode(), "report.txt")
    b = read_upload(TEXT.replace("Talbiseh", "Latamneh").encode(), "report.txt")
    assert a.source_id != b.source_id


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n" + b"\x00" * 20, "a.txt", "binary file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a.txt", "binary file"),
        (b"abc\x00def" * 10, "a.txt", "binary file"),
        ("Jets struck".encode("utf-16"), "a.txt", "UTF-16"),
        (b"Jets struck \xff\xfe\xfa town", "a.txt", "not decodable as utf-8"),
        (TEXT.encode(), "notes.csv", "unsupported file type .csv"),
        (TEXT.encode(), "a.exe", "unsupported file type .exe"),
        (b"x" * (MAX_FILE_BYTES + 1), "big.txt", "over the"),
    ],
)
def test_uploads_are_refused_like_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError) as err:
        read_upload(data, name)
    assert message.lower() in str(err.value).lower()
    assert "\n" not in str(err.value)


def test_pasted_reports_get_a_content_id() -> None:
    a = read_pasted(TEXT)
    b = read_pasted(TEXT + " Two were killed.")
    assert a.source_id.startswith("pasted-") and a.source_id != b.source_id
    assert read_pasted(TEXT).source_id == a.source_id


# --------------------------------------------------------------------------- many reports


def _message(i: int, text: object) -> dict[str, object]:
    return {"id": i, "type": "message", "date": "2024-05-14T21:03:10", "text": text}


def _telegram(messages: list[object]) -> bytes:
    doc = {"name": "Test channel", "type": "public_channel", "id": 42, "messages": messages}
    return json.dumps(doc, ensure_ascii=False).encode()


def test_a_telegram_upload_gives_one_report_per_message_and_keeps_the_rest_past_a_bad_one() -> None:
    data = _telegram(
        [_message(1, "Дрони атакували Харків."), _message(2, {"bad": 1}), _message(3, "Ракета.")]
    )
    read = read_many_upload(data, "result.json", telegram=TelegramOptions(channel="@testchan"))
    assert [r.text for r in read.reports] == ["Дрони атакували Харків.", "Ракета."]
    assert [r.url for r in read.reports] == ["https://t.me/testchan/1", "https://t.me/testchan/3"]
    assert len(read.errors) == 1 and "message index 1 (id 2)" in read.errors[0]
    assert "Telegram export, 2 message(s) read" in read.summary


def test_a_notes_csv_upload_gives_one_report_per_note() -> None:
    data = "id,event_date,notes\na1,2024-05-14,Jets struck Talbiseh.\na2,2024-05-15,Shelling.\n"
    read = read_many_upload(data.encode(), "notes.csv")
    assert [r.text for r in read.reports] == ["Jets struck Talbiseh.", "Shelling."]
    assert read.reports[0].published == dt.date(2024, 5, 14)
    assert read.errors == [] and "notes CSV, 2 note(s) read" in read.summary


@pytest.mark.parametrize(
    ("data", "name", "channel", "message"),
    [
        (TEXT.encode(), "report.txt", None, "unsupported file type .txt"),
        (b"{\x00\x00\x00}" * 10, "result.json", None, "binary file"),
        (b'{"name": "x", "items": []}', "result.json", None, "not a Telegram Desktop export"),
        (b"when,where\n1,2\n", "notes.csv", None, "no text column"),
        (_telegram([_message(1, "x")]), "result.json", "not a name!", "not a Telegram username"),
    ],
)
def test_many_report_uploads_are_refused_in_one_line(
    data: bytes, name: str, channel: str | None, message: str
) -> None:
    with pytest.raises(ReadError) as err:
        read_many_upload(data, name, telegram=TelegramOptions(channel=channel))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_an_oversized_upload_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_many, "MAX_JSON_BYTES", 100)
    with pytest.raises(ReadError, match="over the"):
        read_many_upload(_telegram([_message(1, "x" * 200)]), "result.json")
