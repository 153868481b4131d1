from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_http import routes_handler, serving
from strikemap.read import (
    ReadError,
    parse_date_text,
    read_html,
    read_notes_csv,
    read_path,
    read_stdin,
    read_text,
    read_url,
    strip_chrome,
)

FIX = Path(__file__).parent / "fixtures" / "read"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_text_drops_chrome_footer() -> None:
    r = read_path(FIX / "scraped.txt")[0]
    assert "LEAVE A REPLY" not in r.text
    assert "Delhi" not in r.text
    assert r.text.endswith("coming days.")
    assert r.source_id == "scraped.txt"
    assert r.published is None and r.published_basis == "unknown"


def test_same_text_same_id_regardless_of_whitespace() -> None:
    a = read_text("Jets struck  Homs.\n", source_id="a")
    b = read_text("Jets struck Homs.", source_id="b")
    assert a.id == b.id and len(a.id) == 64


def test_header_lines_give_date_and_title() -> None:
    r = read_text(
        "published: 2016-06-12\ntitle: Strike on Idlib\nsource: x\n\nJets hit Idlib.",
        source_id="f",
    )
    assert (r.published, r.published_basis, r.title) == (
        dt.date(2016, 6, 12),
        "header",
        "Strike on Idlib",
    )
    assert r.text == "Jets hit Idlib."
    r2 = read_text("Date of publication 12 June 2016 Jets hit Idlib.", source_id="g")
    assert (r2.published, r2.published_basis) == (dt.date(2016, 6, 12), "header")


def test_user_date_wins() -> None:
    r = read_text(
        "published: 2016-06-12\n\nJets hit Idlib.", source_id="f", published=dt.date(2020, 1, 2)
    )
    assert (r.published, r.published_basis) == (dt.date(2020, 1, 2), "user")


def test_dateline_without_year_stays_unknown_but_year_elsewhere_resolves() -> None:
    r = read_text("MOSCOW, Oct 1 (Reuters) - Russian jets struck Homs.", source_id="d")
    assert r.published is None and r.published_basis == "unknown"
    r2 = read_text(
        "MOSCOW, Oct 1 (Reuters) - Russian jets struck Homs on Oct. 1, 2015.", source_id="d"
    )
    assert (r2.published, r2.published_basis) == (dt.date(2015, 10, 1), "dateline")


def test_parse_date_text_never_guesses() -> None:
    assert parse_date_text("August 2 2016") == dt.date(2016, 8, 2)
    assert parse_date_text("Oct 1") is None
    assert parse_date_text("03/04/2016") is None  # d/m vs m/d ambiguous


def test_empty_and_binary_files_raise(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa text")
    for name in ("empty.txt", "bin.txt", "bad.txt"):
        with pytest.raises(ReadError):
            read_path(tmp_path / name)
    errors: list[ReadError] = []
    (tmp_path / "ok.md").write_text("Jets struck Homs.")
    assert len(read_path(tmp_path, errors=errors)) == 1
    assert len(errors) == 3


def test_html_main_text_title_and_metadata_date() -> None:
    r = read_html((FIX / "article.html").read_text(), source_id="a.html")
    assert "Jisr al-Shughur" in r.text and "Copyright" not in r.text
    assert r.title == "Jets strike Idlib town"
    assert (r.published, r.published_basis) == (dt.date(2016, 6, 12), "metadata")


def test_html_with_nothing_readable_raises() -> None:
    with pytest.raises(ReadError, match="no readable text"):
        read_html("<html><body><script>x()</script></body></html>", source_id="x")


def test_notes_csv_columns_and_missing_text_column() -> None:
    rs = read_notes_csv(FIX / "notes.csv")
    assert [r.source_id for r in rs] == ["SYR1", "SYR2"]
    assert rs[0].published == dt.date(2022, 2, 9) and rs[0].published_basis == "csv"
    assert rs[0].url == "ACLED"
    with pytest.raises(ReadError, match="no text column"):
        read_notes_csv("id,foo\n1,bar\n")


def test_stdin() -> None:
    import io

    r = read_stdin(io.StringIO("Jets struck Homs."))
    assert r.source_id == "stdin" and r.text == "Jets struck Homs."
    with pytest.raises(ReadError):
        read_stdin(io.StringIO(""))


def test_strip_chrome_keeps_prose_mentioning_related() -> None:
    t = "The strikes are related to the offensive.\n\nMore text here."
    assert strip_chrome(t) == t


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # The server is on 127.0.0.1, which URLs may only reach with the opt-in.
    monkeypatch.setenv("STRIKEMAP_ALLOW_PRIVATE_URLS", "1")
    routes = {
        "/article": ("text/html; charset=utf-8", (FIX / "article.html").read_bytes()),
        "/doc.pdf": ("application/pdf", b"%PDF-1.4 ..."),
        "/big": ("text/html", b"<p>" + b"x" * 5000 + b"</p>"),
    }
    with serving(routes_handler(routes)) as url:
        yield url


def test_read_url_local_server(server: str) -> None:
    r = read_url(server + "/article")
    assert r.source_id == server + "/article" and "Jisr al-Shughur" in r.text
    with pytest.raises(ReadError, match="404"):
        read_url(server + "/missing")
    with pytest.raises(ReadError, match="content type"):
        read_url(server + "/doc.pdf")
    with pytest.raises(ReadError, match="cap"):
        read_url(server + "/big", max_bytes=1000)


def test_read_url_timeout_via_transport() -> None:
    def slow(url: str, timeout: float, max_bytes: int) -> tuple[bytes, str, str]:
        raise ReadError(f"{url}: timed out after {timeout:g} s")

    with pytest.raises(ReadError, match="timed out"):
        read_url("http://example.invalid/", transport=slow)


@pytest.mark.acceptance
def test_seed_footer_removed() -> None:
    seed = SHARED / "samples" / "seed-article.txt"
    if not seed.is_file():
        pytest.skip("../shared/samples/seed-article.txt absent (shared dev data not mounted)")
    r = read_path(seed)[0]
    assert "LEAVE A REPLY" not in r.text and "Elon Musk" not in r.text
    assert r.text.rstrip().endswith("it said.")
