"""Uploaded and pasted reports follow the command line's rules and get distinct ids."""

from __future__ import annotations

import pytest

from strikemap.read import MAX_FILE_BYTES, ReadError, read_pasted, read_upload

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
