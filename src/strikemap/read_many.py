"""Uploads that hold many reports: Telegram Desktop exports and notes CSVs.

The dashboard's Add page takes these as files in the browser; the command line reads the
same formats from paths (:func:`strikemap.read.read_path`). The rules are the command
line's: the same size caps, the same refusal of binary, UTF-16 or undecodable data, one
report per message or note, and a malformed message refused with its index while the
rest are still read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from strikemap.model import Report
from strikemap.read_bytes import MAX_CSV_BYTES, check_size, decode_bytes
from strikemap.read_error import ReadError
from strikemap.read_notes import read_notes_csv
from strikemap.read_telegram import MAX_JSON_BYTES, TelegramOptions, read_telegram_json

__all__ = ["MANY_REPORT_SUFFIXES", "ManyReports", "read_many_upload", "time_zone"]

MANY_REPORT_SUFFIXES = (".json", ".csv")
"""File types that hold many reports: a Telegram export, a notes CSV."""


@dataclass(slots=True)
class ManyReports:
    """What reading one upload of many reports gave.

    Attributes
    ----------
    reports
        The reports read, in the file's order.
    errors
        One line per message or note that was refused (the rest are still read).
    summary
        One line saying what the file was and what was read and skipped.
    """

    reports: list[Report] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    summary: str = ""


def read_many_upload(
    data: bytes,
    name: str,
    *,
    published: dt.date | None = None,
    telegram: TelegramOptions | None = None,
) -> ManyReports:
    """Read an uploaded Telegram export (``.json``) or notes CSV (``.csv``).

    Parameters
    ----------
    data, name
        The file's bytes and its name (the suffix decides the reader).
    published
        The user's publication date for every report (wins over message and note dates).
    telegram
        The channel's public username (for ``t.me`` links) and a time zone, for exports.

    Raises
    ------
    ReadError
        Unsupported type, over the cap, binary or undecodable data, malformed JSON or
        CSV header, a JSON file that is no Telegram export, an invalid channel name.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in MANY_REPORT_SUFFIXES:
        raise ReadError(
            f"{name}: unsupported file type {suffix or '(none)'} "
            "(a Telegram export .json or a notes .csv)"
        )
    limit = MAX_JSON_BYTES if suffix == ".json" else MAX_CSV_BYTES
    check_size(name, len(data), limit)
    content = decode_bytes(data, name)
    if suffix == ".csv":
        reports = read_notes_csv(content, published=published)
        return ManyReports(reports, [], f"{name}: notes CSV, {len(reports)} note(s) read")
    export = read_telegram_json(content, name, options=telegram, published=published)
    return ManyReports(export.reports, [str(e) for e in export.errors], export.summary(name))


def time_zone(name: str | None) -> dt.tzinfo | None:
    """Return the IANA time zone ``name`` (``None`` for no name), to date Telegram messages.

    Raises
    ------
    ValueError
        When the name is no known zone; the message says so in one line.
    """
    if not name or not name.strip():
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known time zone (e.g. Europe/Kyiv, UTC)") from None
