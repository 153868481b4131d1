"""Notes CSVs (one note = one report), e.g. an ACLED export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from strikemap.model import Report
from strikemap.read_bytes import MAX_CSV_BYTES, decode_bytes, megabytes, read_capped
from strikemap.read_dates import decide_published, parse_date_text
from strikemap.read_error import ReadError
from strikemap.read_report import make_report, normalise_text, safe_link

__all__ = ["read_notes_csv"]

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
        content = decode_bytes(read_capped(p, MAX_CSV_BYTES), str(p))
        name = p.name
    else:
        content, name = str(path_or_text), "csv"
        if len(content) > MAX_CSV_BYTES:
            raise ReadError(f"{name}: over the {megabytes(MAX_CSV_BYTES)} limit for one input")
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
        text = normalise_text(_cell(row.get(text_col)))
        if not text:
            continue
        sid = _cell(row.get(id_col)).strip() if id_col else ""
        sid = sid or f"{name}:{i}"
        col_date = parse_date_text(_cell(row.get(date_col))) if date_col else None
        pub, basis = decide_published(published, [(col_date, "csv")])
        url = safe_link(_cell(row.get(url_col))) if url_col else None
        reports.append(
            make_report(text, source_id=sid, title=None, url=url, published=pub, basis=basis)
        )
    return reports


def _cell(value: object) -> str:
    return value if isinstance(value, str) else ""
