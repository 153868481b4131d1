"""Read reports: text, HTML, URLs, notes CSVs, Telegram exports, stdin -> ``Report``.

Telegram Desktop's JSON exports are read by :mod:`strikemap.read_telegram` (one report per
message); :func:`read_path` and :func:`iter_path` recognise them by content.

The reader's job is to hand extraction the report's *main text* (site chrome removed),
its title and its publication date with the basis that date rests on. It never invents
a date: a dateline without a year and no other evidence leaves the date unknown.

Precedence of publication dates: the user's ``published=`` wins over everything, then
page metadata (HTML), a header line ("Date of publication 12 June 2016",
"published: 2016-06-12"), a dateline ("MOSCOW, Oct 1 (Reuters) -", "KHARKIV, 14 May 2024 —",
"14.05.2024", "2024-05-14"; see :mod:`strikemap.datelines`), a CSV date column;
otherwise ``None`` with basis ``"unknown"``.

Network access is confined to :func:`_fetch`, which goes through
:mod:`strikemap.safe_fetch` (public addresses only, unless allowed) and is replaceable
through ``read_url``'s ``transport`` argument, so everything else is pure and unit-tested.

Bad and hostile input ends in :class:`ReadError` with a one-line message, never another
exception:

* files over :data:`MAX_FILE_BYTES` (:data:`MAX_HTML_BYTES` for HTML, :data:`MAX_CSV_BYTES`
  for notes CSVs) are refused from their size on disk, before a byte is read;
* binary data (NUL bytes, PDF, image and archive signatures), UTF-16 and undecodable
  bytes are refused, naming the format or the offset of the bad byte;
* a report whose main text exceeds :data:`MAX_REPORT_CHARS`, or holds a paragraph over
  :data:`MAX_PARAGRAPH_CHARS`, is refused: extraction time grows faster than linearly;
* control characters and lone surrogates are removed from the text;
* a URL with a scheme other than http(s) (``javascript:``, ``data:``) is dropped;
* a URL, or a redirect, leading to a loopback, private or other non-public address is
  refused unless private addresses are allowed explicitly.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from strikemap import safe_fetch
from strikemap.datelines import find_dateline
from strikemap.datelines import safe_date as _safe_date
from strikemap.language import detect_language
from strikemap.model import PublishedBasis, Report

if TYPE_CHECKING:
    from strikemap.read_telegram import TelegramOptions

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_FILE_BYTES",
    "MAX_HTML_BYTES",
    "MAX_PARAGRAPH_CHARS",
    "MAX_REPORT_CHARS",
    "ReadError",
    "check_size",
    "read_html",
    "read_notes_csv",
    "read_pasted",
    "read_path",
    "read_stdin",
    "read_text",
    "read_upload",
    "read_url",
    "safe_link",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CSV_SUFFIXES = frozenset({".csv"})
JSON_SUFFIXES = frozenset({".json"})
"""Telegram Desktop exports (``result.json``); the content decides (:mod:`.read_telegram`)."""
_FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSON_SUFFIXES

MAX_FILE_BYTES = 20_000_000
"""Largest text file or stdin input read (bytes); larger files are refused unread."""

MAX_HTML_BYTES = 5_000_000
"""Largest HTML page read (bytes of a file or URL body, characters of a string).

Main-text extraction (trafilatura) grows faster than linearly: a 2 MB page of prose takes
~5 s, a 5 MB one ~22 s on the development machine. News pages are 0.1-2 MB.
"""

MAX_CSV_BYTES = 100_000_000
"""Largest notes CSV read (bytes): a CSV holds many reports, so its cap is higher."""

MAX_REPORT_CHARS = 200_000
"""Longest main text of one report (characters, after reading).

Extraction time grows faster than linearly with report size (one 1,000,000-character
paragraph took ~4.5 min on the development machine), so longer reports are refused with a
message asking to split them rather than tying up a worker for minutes. News articles are
2,000-30,000 characters.
"""

MAX_PARAGRAPH_CHARS = 50_000
"""Longest paragraph (text between blank lines) of one report, in characters.

Extraction cost is quadratic *within* a paragraph or sentence (a 50,000-character list of
place names in one sentence takes ~5 s, 20,000 ~1 s), so this bounds the worst report of
:data:`MAX_REPORT_CHARS` to four such paragraphs, ~21 s measured (see
docs/bad-input.md). A real paragraph is < 3,000 characters.
"""

URL_TIMEOUT = 15.0
"""Default network timeout of :func:`read_url` in seconds (read when called, not bound)."""

Transport = Callable[[str, float, int], tuple[bytes, str, str]]
"""``(url, timeout, max_bytes) -> (body, content_type, final_url)``; raises :class:`ReadError`."""


class ReadError(Exception):
    """A report could not be read; the message is one line saying why."""

    def __init__(self, message: str) -> None:
        # One line whatever the cause says: CLI output is one line per report.
        super().__init__(" ".join(str(message).split()))


# --------------------------------------------------------------------------- text helpers

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)

# Lines that start a site's chrome block (comment forms, share widgets, related-post
# lists). Matched against whole short lines only, so prose mentioning "related" is safe.
_CHROME_LINE = re.compile(
    r"^\s*(?:leave a reply|leave a comment|please enter your (?:comment|name)[^\n]*|"
    r"share(?: this)?(?: post| article| story)?:?|subscribe(?: to [^\n]{0,40})?|popular(?: posts)?|"
    r"more like this|related(?: posts| articles| stories| news)?:?|you may also like|"
    r"read more:?|recommended(?: for you)?|most read|trending(?: now)?|comments?:?|"
    r"post a comment|sign up for [^\n]{0,40}|follow us[^\n]{0,30})\s*$",
    re.IGNORECASE | re.MULTILINE,
)

_HEADER_KV = re.compile(r"^([a-z_]{2,20}):[ \t]*(.*)$")
_HEADER_DATE_RE = re.compile(
    r"^\W*(?:date of publication|published(?: on)?|posted(?: on)?|date|publication date)"
    r"\s*:?\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<date>[^\n]{4,40})",
    re.IGNORECASE,
)
_LEADING_DATE_RE = re.compile(
    r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)(?P<date>\d{1,2}\s+"
    + _MONTH_RE
    + r",?\s+\d{4}|"
    + _MONTH_RE
    + r"\.?\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)
# C0/C1 controls other than tab and newline, and lone surrogates: they carry no text,
# break some databases (PostgreSQL refuses NUL) and cannot be encoded as UTF-8.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _normalise_text(text: str) -> str:
    r"""Return ``text`` with Unicode NFC, ``\\n`` newlines and no trailing blanks.

    Control characters (other than tab and newline) and lone surrogates are removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [ln.rstrip() for ln in text.split("\n")]
    return "\n".join(lines).strip("\n ")


def _report_id(text: str) -> str:
    """Return the content hash: whitespace-insensitive, so re-wrapped copies are one report."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def strip_chrome(text: str) -> str:
    """Drop a site's trailing chrome block (comment forms, share widgets, related posts).

    Everything from the first chrome line onwards is removed, provided the text before it
    is non-empty: these blocks end a scraped page and carry other stories' headlines.

    Parameters
    ----------
    text
        Normalised plain text.

    Returns
    -------
    str
        The text before the chrome block (unchanged when there is none).
    """
    for m in _CHROME_LINE.finditer(text):
        head = text[: m.start()].rstrip()
        # A chrome word in the first lines is a menu, not the page's tail; keep looking.
        if len(head) >= 200 or m.start() > len(text) // 2:
            return head
    return text


def parse_date_text(s: str) -> dt.date | None:
    """Parse a written full date ("12 June 2016", "August 2 2016", "2016-06-12").

    Returns ``None`` unless day, month and year are all written: no part is guessed.
    """
    s = s.strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r")\.?,?\s+(\d{4})", s, re.I)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    m = re.match(r"(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", s, re.I)
    if m:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:  # ambiguous d/m vs m/d: only accept when one reading is impossible
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _safe_date(y, b, a)
        if b > 12 >= a:
            return _safe_date(y, a, b)
    return None


def _split_header(text: str) -> tuple[dict[str, str], str]:
    """Split a leading ``key: value`` header block (ended by a blank line) from the body.

    Only a block whose every line is ``key: value`` with a short lower-case key counts,
    so prose that happens to start with "Note: ..." is left alone.
    """
    head, sep, body = text.partition("\n\n")
    if not sep:
        return {}, text
    fields: dict[str, str] = {}
    for line in head.split("\n"):
        m = _HEADER_KV.match(line)
        if not m:
            return {}, text
        fields[m.group(1)] = m.group(2).strip()
    if len(fields) < 2 and not ({"published", "date", "title"} & fields.keys()):
        return {}, text
    return fields, body


def _header_date(fields: dict[str, str], body: str) -> dt.date | None:
    """Find a publication date in header fields or the first lines of the body."""
    for key in ("published", "date", "publication_date", "pubdate"):
        if key in fields:
            d = parse_date_text(fields[key])
            if d:
                return d
    first = body[:300]
    for line in first.split("\n")[:5]:
        m = _HEADER_DATE_RE.match(line)
        if m:
            d = parse_date_text(m.group("date"))
            if d:
                return d
    m = _LEADING_DATE_RE.match(first)
    if m:
        return parse_date_text(m.group("date"))
    return None


def _dateline_date(text: str, url: str | None) -> tuple[dt.date | None, str | None]:
    """Read a news dateline on one of the first lines ("KHARKIV, 14 May 2024 —").

    Every common form is read (see :mod:`strikemap.datelines`). A dateline without a
    year takes it from a ``/YYYY/`` segment of the URL or a full date elsewhere in the
    text with the same month and day; otherwise the date stays unknown and a note says
    why. An ambiguous numeric date ("04/05/2024") stays unknown too.
    """
    m = None
    pos = 0
    while pos < min(len(text), 400):
        m = find_dateline(text, pos)
        if m is not None:
            break
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    if m is None:
        return None, None
    if m.month is None or m.day is None:
        return None, f"dateline date is ambiguous ({m.note}): date left unknown"
    if m.year is not None:
        return m.date, None
    month, day = m.month, m.day
    years: list[int] = []
    if url:
        years += [int(y) for y in re.findall(r"/((?:19|20)\d\d)/", url)]
    for dm in re.finditer(
        r"(?:\d{1,2}\s+" + _MONTH_RE + r"|" + _MONTH_RE + r"\.?\s+\d{1,2}),?\s+((?:19|20)\d\d)",
        text,
        re.I,
    ):
        d = parse_date_text(dm.group(0))
        if d and d.month == month and d.day == day:
            years.append(d.year)
    if len(set(years)) == 1:
        return _safe_date(years[0], month, day), None
    return None, f"dateline gives month {month} day {day} but no year: date left unknown"


def _decide_published(
    user: dt.date | None, candidates: Iterable[tuple[dt.date | None, PublishedBasis]]
) -> tuple[dt.date | None, PublishedBasis]:
    """Return the first known date in precedence order; the user's date wins."""
    if user is not None:
        return user, "user"
    for d, basis in candidates:
        if d is not None:
            return d, basis
    return None, "unknown"


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def _check_report_size(text: str, source_id: str) -> None:
    """Refuse a report over :data:`MAX_REPORT_CHARS` or :data:`MAX_PARAGRAPH_CHARS`.

    Both limits bound extraction time (see their notes); the message says which one.
    """
    if len(text) > MAX_REPORT_CHARS:
        raise ReadError(
            f"{source_id}: report is {len(text):,} characters, over the "
            f"{MAX_REPORT_CHARS:,}-character limit for one report (split it into smaller files)"
        )
    if len(text) <= MAX_PARAGRAPH_CHARS:
        return
    start = 0
    for m in [*_BLANK_LINES.finditer(text), None]:
        end = m.start() if m else len(text)
        if end - start > MAX_PARAGRAPH_CHARS:
            raise ReadError(
                f"{source_id}: a paragraph of {end - start:,} characters (from character "
                f"{start:,}) is over the {MAX_PARAGRAPH_CHARS:,}-character limit "
                "(separate its paragraphs with blank lines)"
            )
        if m:
            start = m.end()


_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(\s?)")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data", "file", "blob"})


def safe_link(value: str | None) -> str | None:
    """Return ``value`` unless it is a link with a scheme other than http(s).

    ``javascript:``, ``data:``, ``file:`` and other non-http(s) links would become live
    links in a dashboard or a GIS tool, so they are dropped; http(s) URLs and plain
    source names ("ACLED", "Reuters: statement") are kept as given. Used by the reader
    and the exporters.

    Parameters
    ----------
    value
        A URL or source name, or ``None``.

    Returns
    -------
    str or None
        ``value`` without control characters and surrounding blanks, or ``None`` when it
        is empty or has a scheme other than ``http``/``https``.
    """
    if value is None:
        return None
    value = _CONTROL_RE.sub("", value).strip()
    if not value:
        return None
    # Browsers drop tabs and newlines anywhere in a URL ("java\tscript:"), so the scheme is
    # judged with them removed.
    m = _SCHEME_RE.match(re.sub(r"[\t\n\r]", "", value))
    if m is None:
        return value
    scheme = m.group(1).lower()
    if scheme in {"http", "https"}:
        return value
    # "Reuters: statement" is a source name, not a link; a script scheme is dropped even
    # so, since browsers run "javascript: alert(1)" too.
    if m.group(2) and scheme not in _SCRIPT_SCHEMES:
        return value
    return None


def _make_report(
    text: str,
    *,
    source_id: str,
    title: str | None,
    url: str | None,
    published: dt.date | None,
    basis: PublishedBasis,
) -> Report:
    if not text.strip():
        raise ReadError(f"{source_id}: no readable text")
    _check_report_size(text, source_id)
    # Detected once here, where every reader passes: about 0.6 ms for 2 KB of text.
    language = detect_language(text)
    return Report(
        id=_report_id(text),
        source_id=source_id,
        title=title,
        url=url,
        text=text,
        published=published,
        published_basis=basis,
        ingested_at=dt.datetime.now(dt.UTC),
        language=language.code,
        language_probability=language.probability,
    )


# --------------------------------------------------------------------------- public readers


def read_text(
    text: str,
    *,
    source_id: str,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read plain text (possibly scraped from a web page) into a report.

    A leading ``key: value`` header block is parsed (``title``, ``published``, ``url``)
    and removed; trailing site chrome is dropped; the publication date comes from
    ``published`` (basis ``"user"``), a header line, a dateline, or stays unknown.

    Parameters
    ----------
    text
        The raw text.
    source_id
        The caller's identifier (file name, "stdin", ...).
    title, url
        Known title and URL; a header block can fill them in.
    published
        The user's publication date, which wins over anything found in the text.

    Returns
    -------
    Report

    Raises
    ------
    ReadError
        When nothing readable remains.
    """
    norm = _normalise_text(text)
    if not norm:
        raise ReadError(f"{source_id}: empty text")
    # Checked before any further regex work so an oversized report is refused quickly.
    _check_report_size(norm, source_id)
    fields, body = _split_header(norm)
    title = title or fields.get("title") or None
    url = safe_link(url or fields.get("url") or None)
    body = strip_chrome(body.strip("\n "))
    header = _header_date(fields, body)
    dateline, _note = _dateline_date(body, url)
    pub, basis = _decide_published(published, [(header, "header"), (dateline, "dateline")])
    return _make_report(body, source_id=source_id, title=title, url=url, published=pub, basis=basis)


def read_html(
    html: str,
    *,
    source_id: str,
    url: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read an HTML page: main text and title by trafilatura, date by htmldate.

    Raises
    ------
    ReadError
        When the page has no readable main text.
    """
    from htmldate import find_date  # lazy: both pull in lxml and friends
    from trafilatura import bare_extraction

    if len(html) > MAX_HTML_BYTES:
        raise ReadError(
            f"{source_id}: HTML is {len(html):,} characters, over the "
            f"{MAX_HTML_BYTES:,}-character limit for one page"
        )
    url = safe_link(url)
    # lxml refuses NUL and lone surrogates in a str; they carry no text anyway.
    html = _CONTROL_RE.sub("", html)
    try:
        doc = bare_extraction(html, url=url, with_metadata=True)
    except (ValueError, TypeError, RecursionError) as exc:
        # trafilatura and lxml raise these on some malformed documents.
        raise ReadError(f"{source_id}: HTML could not be parsed ({type(exc).__name__})") from exc
    main = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not main.strip():
        raise ReadError(
            f"{source_id}: HTML page has no readable text "
            "(only scripts or markup, or nesting too deep to parse)"
        )
    title = getattr(doc, "title", None) or None
    meta_date: dt.date | None = None
    try:
        found = find_date(html, original_date=True, url=url)
    except (ValueError, TypeError, RecursionError):  # htmldate fails on some malformed pages
        found = None
    if not found:
        found = getattr(doc, "date", None)
    if found:
        meta_date = parse_date_text(str(found))
    text = _normalise_text(main)
    _check_report_size(text, source_id)
    text = strip_chrome(text)
    header = _header_date({}, text)
    dateline, _note = _dateline_date(text, url)
    pub, basis = _decide_published(
        published, [(meta_date, "metadata"), (header, "header"), (dateline, "dateline")]
    )
    return _make_report(text, source_id=source_id, title=title, url=url, published=pub, basis=basis)


def _fetch(
    url: str, timeout: float, max_bytes: int, *, allow_private: bool | None = None
) -> tuple[bytes, str, str]:
    """Download ``url`` through :mod:`strikemap.safe_fetch` (no private addresses)."""
    try:
        return safe_fetch.fetch_bytes(
            url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private
        )
    except safe_fetch.FetchError as exc:
        raise ReadError(str(exc)) from exc


def read_url(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    published: dt.date | None = None,
    transport: Transport | None = None,
    allow_private: bool | None = None,
) -> Report:
    """Fetch a web page and read it (HTML or plain text only).

    The URL and every redirect must lead to a public address: loopback, private,
    link-local and other non-public addresses are refused (see
    :mod:`strikemap.safe_fetch`) unless ``allow_private`` lets them through.

    Parameters
    ----------
    url
        An ``http``/``https`` address.
    timeout, max_bytes
        Network limits (defaults :data:`URL_TIMEOUT` and :data:`MAX_HTML_BYTES`);
        exceeding either raises :class:`ReadError`.
    published
        The user's publication date (wins over page metadata).
    transport
        Replacement for the network call (and its address checks), for tests.
    allow_private
        Fetch private and loopback addresses too (intranet sources); ``None`` reads
        ``STRIKEMAP_ALLOW_PRIVATE_URLS`` (:func:`strikemap.safe_fetch.allow_private_urls`).

    Raises
    ------
    ReadError
        A refused address, timeouts, HTTP errors, non-HTML content (PDF, images), size
        cap, no readable text.
    """
    if not re.match(r"https?://", url, re.I):
        raise ReadError(f"{url}: not an http(s) URL")
    if timeout is None:
        timeout = URL_TIMEOUT
    if max_bytes is None:
        max_bytes = MAX_HTML_BYTES
    if transport is None:
        body, ctype, final = _fetch(url, timeout, max_bytes, allow_private=allow_private)
    else:
        body, ctype, final = transport(url, timeout, max_bytes)
    mime = ctype.split(";")[0].strip().lower()
    charset_m = re.search(r"charset=([\w\-]+)", ctype, re.I)
    charset = charset_m.group(1) if charset_m else "utf-8"
    if mime not in {"text/html", "application/xhtml+xml", "text/plain", ""}:
        raise ReadError(f"{url}: unsupported content type {mime!r} (only HTML or plain text)")
    kind = _binary_kind(body)
    if kind:
        raise ReadError(f"{url}: serves {kind} data, not HTML or plain text")
    text = _decode(body, url, charset)
    if mime == "text/plain" or (not mime and "<" not in text[:500]):
        return read_text(text, source_id=url, url=final or url, published=published)
    return read_html(text, source_id=url, url=final or url, published=published)


# File signatures of formats people mistake for reports; named in the error message.
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or a Word/Excel file)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "old Microsoft Office"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` ("PDF", "binary"), or ``None`` for text."""
    head = data[:8192]
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary"
    # Many control bytes (not tab/newline/CR/form feed) mean binary even without NUL.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls > len(head) // 10:
        return "binary"
    return None


def _decode(data: bytes, name: str, charset: str = "utf-8") -> str:
    """Decode bytes as text or raise :class:`ReadError` for binary or undecodable data."""
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if data.startswith(_UTF16_BOMS) and b"\x00" in data[:64]:
        # Refused rather than decoded: random bytes also start with these two.
        raise ReadError(f"{name}: UTF-16 text is not supported (save it as UTF-8)")
    kind = _binary_kind(data)
    if kind:
        raise ReadError(f"{name}: binary file ({kind}), not text")
    try:
        return data.decode(charset if charset.lower() != "utf-8" else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"{name}: not decodable as {charset} text (bad byte at offset {exc.start}; "
            "save it as UTF-8)"
        ) from exc
    except LookupError as exc:
        raise ReadError(f"{name}: unknown character set {charset!r}") from exc


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse an input of ``size`` bytes over ``limit``, in one line naming it.

    Raises
    ------
    ReadError
        When ``size > limit``.
    """
    if size > limit:
        why = f"file is {_mb(size)}, over the {_mb(limit)} limit for one input"
        raise ReadError(f"{name}: {why} (split it)")


def _read_capped(path: Path, limit: int) -> bytes:
    """Read a file of at most ``limit`` bytes, refusing a larger one before reading it.

    The size on disk is checked first so a huge file is never loaded; the read itself is
    capped too, for files that grow or lie about their size (pipes, ``/proc``).
    """
    try:
        check_size(str(path), path.stat().st_size, limit)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ReadError(f"{path}: more than the {_mb(limit)} limit for one input (split it)")
    return data


def read_text_file(path: Path) -> str:
    """Return a UTF-8 text file's text exactly as written (no normalisation).

    For tools that address the text by character offsets (``strikemap geoparse
    --spans``). The same bounds and refusals as any input: at most
    :data:`MAX_FILE_BYTES`, no binary, UTF-16 or undecodable data (a UTF-8 byte-order
    mark is dropped and not counted).

    Raises
    ------
    ReadError
        With one line naming the file and the reason.
    """
    return _decode(_read_capped(path, MAX_FILE_BYTES), str(path))


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.1f} MB"


_TEXT_COLS = ("text", "notes", "note", "description", "body")
_DATE_COLS = ("published", "date", "event_date")
_ID_COLS = ("id", "event_id_cnty")
_URL_COLS = ("url", "source")


def read_notes_csv(path_or_text: Path | str, *, published: dt.date | None = None) -> list[Report]:
    """Read a notes CSV (one note = one report), e.g. an ACLED export.

    A text column (``text``/``notes``/``note``/``description``/``body``) is required;
    ``published``/``date``/``event_date`` give the date (basis ``"csv"``),
    ``id``/``event_id_cnty`` the source id, ``url``/``source`` the URL.

    Parameters
    ----------
    path_or_text
        A :class:`~pathlib.Path`, a path string, or the CSV text itself.
    published
        The user's date, which wins over the date column.

    Raises
    ------
    ReadError
        Missing text column, empty or undecodable file.
    """
    if isinstance(path_or_text, Path) or _is_file_name(path_or_text):
        p = Path(path_or_text)
        content = _decode(_read_capped(p, MAX_CSV_BYTES), str(p))
        name = p.name
    else:
        content, name = str(path_or_text), "csv"
        if len(content) > MAX_CSV_BYTES:
            raise ReadError(f"{name}: over the {_mb(MAX_CSV_BYTES)} limit for one input")
    try:
        return _read_csv_rows(content, name, published)
    except csv.Error as exc:
        # strict mode turns a broken quote into an error instead of silently swallowing
        # the rest of the file into one field; nothing from the file is kept.
        raise ReadError(f"{name}: malformed CSV ({exc})") from exc


def _is_file_name(value: str) -> bool:
    """Return whether ``value`` names an existing file (never raises for odd strings)."""
    if "\n" in value or "\x00" in value or len(value) > 4096:
        return False
    try:
        return Path(value).is_file()
    except (OSError, ValueError):
        return False


def _read_csv_rows(content: str, name: str, published: dt.date | None) -> list[Report]:
    content = content.replace("\x00", "")  # the csv module refuses NUL characters
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        raise ReadError(f"{name}: malformed CSV header ({exc})") from exc
    cols = {c.strip().lower(): c for c in (fieldnames or [])}
    text_col = next((cols[c] for c in _TEXT_COLS if c in cols), None)
    if text_col is None:
        raise ReadError(f"{name}: no text column (expected one of {', '.join(_TEXT_COLS)})")
    date_col = next((cols[c] for c in _DATE_COLS if c in cols), None)
    id_col = next((cols[c] for c in _ID_COLS if c in cols), None)
    url_col = next((cols[c] for c in _URL_COLS if c in cols), None)
    reports: list[Report] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # line_num counts the lines consumed before the bad record's end.
            where = f"near line {reader.line_num + 1}"
            raise ReadError(f"{name}: malformed CSV {where} ({exc})") from exc
        i = reader.line_num
        # A short row gives None, an over-long one a list under the None key: only the
        # named columns are read, as text.
        text = _normalise_text(_cell(row.get(text_col)))
        if not text:
            continue
        sid = _cell(row.get(id_col)).strip() if id_col else ""
        sid = sid or f"{name}:{i}"
        col_date = parse_date_text(_cell(row.get(date_col))) if date_col else None
        pub, basis = _decide_published(published, [(col_date, "csv")])
        url = safe_link(_cell(row.get(url_col))) if url_col else None
        reports.append(
            _make_report(text, source_id=sid, title=None, url=url, published=pub, basis=basis)
        )
    return reports


def _cell(value: object) -> str:
    return value if isinstance(value, str) else ""


def read_path(
    path: Path,
    *,
    published: dt.date | None = None,
    errors: list[ReadError] | None = None,
    notes: list[str] | None = None,
    telegram: TelegramOptions | None = None,
) -> list[Report]:
    """Read a file or (recursively) a folder of text, HTML, notes CSV and Telegram files.

    A Telegram Desktop export (``result.json``, see :mod:`strikemap.read_telegram`) is
    recognised by its content: a ``.json`` file must be one, and a text file holding one
    is read as one too.

    Parameters
    ----------
    path
        File or folder.
    published
        The user's publication date for every report read.
    errors
        When given, files in a folder that cannot be read (and malformed messages of a
        Telegram export) are appended here and skipped; otherwise the first raises.
    notes
        When given, remarks that are not errors are appended here: messages a Telegram
        export skipped, ``.json`` files in a folder that are not exports.
    telegram
        How to read Telegram exports: the channel's public username (for links) and a
        time zone (:class:`strikemap.read_telegram.TelegramOptions`).

    Raises
    ------
    ReadError
        Unreadable single file, unsupported suffix, missing path.
    """
    path = Path(path)
    if path.is_dir():
        items: Iterable[Report | ReadError] = (
            item
            for _source, item in iter_path(
                path, published=published, notes=notes, telegram=telegram
            )
        )
    else:
        # A single file that cannot be read raises from here, whatever ``errors`` is.
        items = _read_file(path, published=published, notes=notes, telegram=telegram)
    out: list[Report] = []
    for item in items:
        if isinstance(item, ReadError):
            if errors is None:
                raise item
            errors.append(item)
        else:
            out.append(item)
    return out


def _read_file(
    path: Path,
    *,
    published: dt.date | None,
    notes: list[str] | None,
    telegram: TelegramOptions | None,
) -> Iterator[Report | ReadError]:
    """Read one file by its suffix (and, for JSON and text, its content).

    Yields reports and, for a Telegram export, its malformed messages' errors; raises
    :class:`ReadError` when the file as a whole cannot be read.
    """
    if not path.is_file():
        raise ReadError(f"{path}: no such file or folder")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        yield from read_notes_csv(path, published=published)
        return
    if suffix in JSON_SUFFIXES:
        yield from _read_telegram(path, published, notes, telegram)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ReadError(f"{path}: unsupported file type {suffix or '(none)'}")
    limit = MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_FILE_BYTES
    content = _decode(_read_capped(path, limit), str(path))
    if suffix in HTML_SUFFIXES:
        yield read_html(content, source_id=path.name, published=published)
        return
    from strikemap.read_telegram import looks_like_telegram_export, parse_telegram_json

    if looks_like_telegram_export(content):
        # A text file holding an export (renamed, or saved from a browser): the content
        # decides. Only when it parses as one; other JSON-looking text stays text.
        try:
            chats = parse_telegram_json(content, str(path))
        except ReadError:
            chats = None
        if chats is not None:
            yield from _telegram_items(path, chats, published, notes, telegram)
            return
    yield read_text(content, source_id=path.name, published=published)


def _read_telegram(
    path: Path,
    published: dt.date | None,
    notes: list[str] | None,
    telegram: TelegramOptions | None,
) -> Iterator[Report | ReadError]:
    # Imported here: read_telegram builds on this module's helpers.
    from strikemap.read_telegram import MAX_JSON_BYTES, parse_telegram_json

    content = _decode(_read_capped(path, MAX_JSON_BYTES), str(path))
    yield from _telegram_items(
        path, parse_telegram_json(content, str(path)), published, notes, telegram
    )


def _telegram_items(
    path: Path,
    chats: Sequence[Mapping[str, Any]],
    published: dt.date | None,
    notes: list[str] | None,
    telegram: TelegramOptions | None,
) -> Iterator[Report | ReadError]:
    """Yield an export's reports, then its malformed messages' errors; note the counts."""
    from strikemap.read_telegram import TelegramOptions, read_telegram_export

    options = telegram or TelegramOptions()
    try:
        export = read_telegram_export(
            chats, name=str(path), channel=options.channel, published=published, tz=options.tz
        )
    except ValueError as exc:  # an invalid channel username
        raise ReadError(f"{path}: {exc}") from exc
    if notes is not None:
        notes.append(export.summary(str(path)))
    yield from export.reports
    yield from export.errors


def read_upload(data: bytes, name: str, *, published: dt.date | None = None) -> Report:
    """Read an uploaded file's bytes under the same rules as :func:`read_path`.

    The suffix decides the reader (text or HTML; a notes CSV is refused here because it
    holds many reports), the size caps are the file caps, and binary, UTF-16 or
    undecodable data is refused with the same one-line errors as on the command line.
    The report's ``source_id`` is the file name with a short content hash, so two
    uploads that share a name stay distinct.

    Raises
    ------
    ReadError
        Unsupported type, over the cap, binary or undecodable, or no text.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ReadError(f"{name}: unsupported file type {suffix or '(none)'}")
    limit = MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_FILE_BYTES
    check_size(name, len(data), limit)
    content = _decode(data, name)
    if suffix in HTML_SUFFIXES:
        report = read_html(content, source_id=name, published=published)
    else:
        report = read_text(content, source_id=name, published=published)
    return _with_source_id(report, f"{name}#{report.id[:10]}")


def read_pasted(text: str, *, published: dt.date | None = None) -> Report:
    """Read pasted text; its ``source_id`` is ``pasted-`` and a short content hash.

    Raises
    ------
    ReadError
        When nothing readable remains.
    """
    report = read_text(text, source_id="pasted", published=published)
    return _with_source_id(report, f"pasted-{report.id[:10]}")


def _with_source_id(report: Report, source_id: str) -> Report:
    return dataclasses.replace(report, source_id=source_id)


def iter_path(
    path: Path,
    *,
    published: dt.date | None = None,
    notes: list[str] | None = None,
    telegram: TelegramOptions | None = None,
) -> Iterator[tuple[str, Report | ReadError]]:
    """Read a file or folder lazily: ``(file, report or the error that stopped it)``.

    A folder is walked recursively in name order; files of other types are ignored, and
    so are ``.json`` files that do not look like Telegram exports (with a note when
    ``notes`` is given). A Telegram export yields one report per message and one error
    per malformed message. Never raises :class:`ReadError` itself, so one bad file
    cannot stop a batch.
    """
    path = Path(path)
    if path.is_dir():
        files: list[Path] = []
        for p in sorted(path.rglob("*")):
            suffix = p.suffix.lower()
            if not p.is_file() or suffix not in _FOLDER_SUFFIXES:
                continue
            if suffix in JSON_SUFFIXES and not _is_export_candidate(p):
                if notes is not None:
                    notes.append(f"{p}: not a Telegram export, skipped")
                continue
            files.append(p)
    else:
        files = [path]
    for file in files:
        try:
            for item in _read_file(file, published=published, notes=notes, telegram=telegram):
                yield str(file), item
        except ReadError as exc:
            yield str(file), exc


def _is_export_candidate(path: Path) -> bool:
    """Return whether a ``.json`` file in a folder should be read as a Telegram export.

    ``result.json`` (Telegram Desktop's name) always is, so a broken one is reported;
    another name only when its first bytes look like an export.
    """
    if path.name.lower() == "result.json":
        return True
    from strikemap.read_telegram import looks_like_telegram_export

    try:
        with path.open("rb") as fh:
            head = fh.read(65_536)
    except OSError:
        return True  # let the reader say why it cannot be read
    return looks_like_telegram_export(head.decode("utf-8", errors="replace"))


def read_stdin(
    stream: IO[bytes] | IO[str] | None = None,
    *,
    published: dt.date | None = None,
    title: str | None = None,
) -> Report:
    """Read one report from standard input (HTML when it looks like markup).

    Bytes are decoded like a file's, so undecodable or binary input gets the same clear
    error.

    Raises
    ------
    ReadError
        When the input is empty, binary or undecodable.
    """
    raw = (stream or sys.stdin.buffer).read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError(f"stdin: more than the {_mb(MAX_FILE_BYTES)} limit for one input")
    content = _decode(raw, "stdin") if isinstance(raw, bytes) else raw
    if not content.strip():
        raise ReadError("stdin: empty input")
    if re.match(r"\s*<(?:!doctype|html|head|body|article|div|p)\b", content, re.I):
        return read_html(content, source_id="stdin", published=published)
    return read_text(content, source_id="stdin", title=title, published=published)
