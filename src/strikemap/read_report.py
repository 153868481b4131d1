"""A report's main text, cleaned and bounded, and the :class:`~strikemap.model.Report` made of it.

Every reader (plain text, HTML, notes CSVs, Telegram exports) ends here:

* control characters and lone surrogates are removed from the text
  (:func:`normalise_text`), and a site's trailing chrome can be dropped
  (:func:`strip_chrome`);
* a report whose main text exceeds :data:`MAX_REPORT_CHARS`, or holds a paragraph over
  :data:`MAX_PARAGRAPH_CHARS`, is refused: extraction time grows faster than linearly;
* a URL with a scheme other than http(s) (``javascript:``, ``data:``) is dropped
  (:func:`safe_link`);
* :func:`make_report` gives the report its content hash and detected language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from strikemap.language import detect_language
from strikemap.model import PublishedBasis, Report
from strikemap.read_error import ReadError

__all__ = [
    "MAX_PARAGRAPH_CHARS",
    "MAX_REPORT_CHARS",
    "check_report_size",
    "make_report",
    "normalise_text",
    "remove_control_characters",
    "safe_link",
    "strip_chrome",
]

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


# C0/C1 controls other than tab and newline, and lone surrogates: they carry no text,
# break some databases (PostgreSQL refuses NUL) and cannot be encoded as UTF-8.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def remove_control_characters(text: str) -> str:
    """Return ``text`` without C0/C1 control characters (bar tab and newline) or lone surrogates."""
    return _CONTROL_RE.sub("", text)


def normalise_text(text: str) -> str:
    r"""Return ``text`` with Unicode NFC, ``\\n`` newlines and no trailing blanks.

    Control characters (other than tab and newline) and lone surrogates are removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = remove_control_characters(text)
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


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def check_report_size(text: str, source_id: str) -> None:
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
    value = remove_control_characters(value).strip()
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


def make_report(
    text: str,
    *,
    source_id: str,
    title: str | None,
    url: str | None,
    published: dt.date | None,
    basis: PublishedBasis,
) -> Report:
    """Return the report of a main text already normalised, with its hash and language.

    Raises
    ------
    ReadError
        When the text is blank or over the size bounds (:func:`check_report_size`); the
        message starts with ``source_id``.
    """
    if not text.strip():
        raise ReadError(f"{source_id}: no readable text")
    check_report_size(text, source_id)
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
