"""Read reports: text, HTML, URLs, notes CSVs, Telegram exports, stdin -> ``Report``.

This module is the readers' public face: it picks the reader for a file, a folder, an
upload, pasted text, stdin or a URL, and re-exports the readers and bounds callers use.
Each concern lives in a module of its own:

* :mod:`strikemap.read_bytes`: size caps and decoding (binary, UTF-16 and undecodable
  input refused);
* :mod:`strikemap.read_report`: the main text cleaned and bounded, and the report made
  of it;
* :mod:`strikemap.read_dates`: the publication date and the basis it rests on
  (:mod:`strikemap.read_bylines`: the date a header or byline line prints);
* :mod:`strikemap.read_plain`, :mod:`strikemap.read_html`, :mod:`strikemap.read_notes`
  and :mod:`strikemap.read_telegram`: plain text, HTML pages, notes CSVs and Telegram
  Desktop exports (one report per message; :func:`read_path` and :func:`iter_path`
  recognise them by content).

The reader's job is to hand extraction the report's *main text* (site chrome removed),
its title and its publication date with the basis that date rests on. It never invents
a date: a dateline without a year and no other evidence leaves the date unknown.

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

import dataclasses
import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from strikemap import safe_fetch
from strikemap.model import Report
from strikemap.read_bytes import (
    MAX_CSV_BYTES,
    MAX_FILE_BYTES,
    MAX_HTML_BYTES,
    binary_kind,
    check_size,
    decode_bytes,
    megabytes,
    read_capped,
    read_text_file,
)
from strikemap.read_dates import parse_date_text
from strikemap.read_error import ReadError
from strikemap.read_html import read_html
from strikemap.read_notes import read_notes_csv
from strikemap.read_plain import read_text
from strikemap.read_report import MAX_PARAGRAPH_CHARS, MAX_REPORT_CHARS, safe_link, strip_chrome
from strikemap.read_telegram import (
    TelegramExport,
    TelegramOptions,
    iter_export,
    looks_like_telegram_export,
    parse_telegram_json,
    read_telegram_chats,
    read_telegram_file,
)

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_FILE_BYTES",
    "MAX_HTML_BYTES",
    "MAX_PARAGRAPH_CHARS",
    "MAX_REPORT_CHARS",
    "URL_TIMEOUT",
    "ReadError",
    "Transport",
    "check_size",
    "iter_path",
    "parse_date_text",
    "read_html",
    "read_notes_csv",
    "read_pasted",
    "read_path",
    "read_stdin",
    "read_text",
    "read_text_file",
    "read_upload",
    "read_url",
    "safe_link",
    "strip_chrome",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CSV_SUFFIXES = frozenset({".csv"})
JSON_SUFFIXES = frozenset({".json"})
"""Telegram Desktop exports (``result.json``); the content decides (:mod:`.read_telegram`)."""
_FOLDER_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | CSV_SUFFIXES | JSON_SUFFIXES

URL_TIMEOUT = 15.0
"""Default network timeout of :func:`read_url` in seconds (read when called, not bound)."""

Transport = Callable[[str, float, int], tuple[bytes, str, str]]
"""``(url, timeout, max_bytes) -> (body, content_type, final_url)``; raises :class:`ReadError`."""


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
    kind = binary_kind(body)
    if kind:
        raise ReadError(f"{url}: serves {kind} data, not HTML or plain text")
    text = decode_bytes(body, url, charset)
    if mime == "text/plain" or (not mime and "<" not in text[:500]):
        return read_text(text, source_id=url, url=final or url, published=published)
    return read_html(text, source_id=url, url=final or url, published=published)


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
        export = read_telegram_file(path, options=telegram, published=published)
        yield from _export_items(export, path, notes)
        return
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ReadError(f"{path}: unsupported file type {suffix or '(none)'}")
    limit = MAX_HTML_BYTES if suffix in HTML_SUFFIXES else MAX_FILE_BYTES
    content = decode_bytes(read_capped(path, limit), str(path))
    if suffix in HTML_SUFFIXES:
        yield read_html(content, source_id=path.name, published=published)
        return
    if looks_like_telegram_export(content):
        # A text file holding an export (renamed, or saved from a browser): the content
        # decides. Only when it parses as one; other JSON-looking text stays text.
        try:
            chats = parse_telegram_json(content, str(path))
        except ReadError:
            chats = None
        if chats is not None:
            export = read_telegram_chats(chats, str(path), options=telegram, published=published)
            yield from _export_items(export, path, notes)
            return
    yield read_text(content, source_id=path.name, published=published)


def _export_items(
    export: TelegramExport, path: Path, notes: list[str] | None
) -> Iterator[Report | ReadError]:
    """Yield an export's reports, then its malformed messages' errors; note the counts."""
    if notes is not None:
        notes.append(export.summary(str(path)))
    yield from iter_export(export)


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
    content = decode_bytes(data, name)
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
        raise ReadError(f"stdin: more than the {megabytes(MAX_FILE_BYTES)} limit for one input")
    content = decode_bytes(raw, "stdin") if isinstance(raw, bytes) else raw
    if not content.strip():
        raise ReadError("stdin: empty input")
    if re.match(r"\s*<(?:!doctype|html|head|body|article|div|p)\b", content, re.I):
        return read_html(content, source_id="stdin", published=published)
    return read_text(content, source_id="stdin", title=title, published=published)
