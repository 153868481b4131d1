"""Read Telegram Desktop JSON exports (``result.json``): one report per channel message.

Telegram Desktop's "Export chat history" in JSON writes an object with the chat's
``name``, ``type`` (``public_channel``, ``private_channel``, ...), numeric ``id`` and a
``messages`` list; its "Export Telegram data" writes the same chats under
``chats.list`` (and ``left_chats.list``). Both are read here. Each message has an
``id``, a ``type`` (``message`` or ``service``), a local ``date``
("2024-05-14T21:03:10"), usually ``date_unixtime`` (epoch seconds, UTC, as a string), a
``text`` that is a string or a list of strings and entity objects (``{"type": "bold",
"text": ...}``, ``{"type": "text_link", "text": ..., "href": ...}``), and optionally
``forwarded_from`` and ``edited``.

What a message becomes (see :func:`read_telegram_export`):

* **text**: the entities flattened to their plain text, in order; markup and link
  targets are dropped (never fetched, never rendered). Service messages (joins, pinned
  messages) and messages without text (photos without a caption) are skipped and
  counted.
* **source_id**: ``telegram:<channel>/<message id>``, where ``<channel>`` is the
  public username when known, else ``id<numeric chat id>``.
* **url**: ``https://t.me/<username>/<message id>`` only for a public chat whose
  username is known: given by the caller, or inferred when at least two links in the
  export point to this export's own messages under one username and no other. An
  export does not record the username itself, so without either there is no link.
* **published**: the message's calendar date as the export gives it, basis
  ``"metadata"``. Telegram Desktop writes ``date`` in the time zone of the computer
  that exported; its offset from UTC is recovered from ``date_unixtime`` and shown in
  the title ("2024-05-14 21:03 UTC+03:00"). With ``tz`` the UTC instant is dated in
  that zone instead (e.g. the channel's own, Europe/Kyiv), since "last night" in a post
  means the poster's night. :class:`~strikemap.model.Report` holds a date, not a time.
* **title**: the chat name, message id, time and offset, and "forwarded from X" for a
  forward and "edited" for an edited message, so an analyst sees both in tables and
  popups.
* **id**: the content hash of the address and the text, so a channel's repeated texts
  (alerts, "explosions in Kharkiv") stay separate reports while reading the same export
  again adds nothing.

A file that is not JSON, or JSON that is not an export, is refused whole with one line
(:class:`~strikemap.read_error.ReadError`). A malformed message (a text that is neither a
string nor a list, a message that is not an object) is refused alone, naming its index
in ``messages``, and the other messages are still read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strikemap.model import Report
from strikemap.read_bytes import decode_bytes, read_capped
from strikemap.read_error import ReadError
from strikemap.read_report import make_report, normalise_text

__all__ = [
    "MAX_JSON_BYTES",
    "TelegramExport",
    "TelegramOptions",
    "flatten_text",
    "looks_like_telegram_export",
    "normalise_username",
    "parse_telegram_json",
    "read_telegram_chats",
    "read_telegram_export",
    "read_telegram_file",
    "read_telegram_json",
]

MAX_JSON_BYTES = 100_000_000
"""Largest export read (bytes): a year of a busy channel is 20-60 MB of JSON."""

_PUBLIC_TYPES = frozenset({"public_channel", "public_supergroup"})
_USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
# t.me/<username>/<message id>; t.me/c/<id>/<n> (private links) and t.me/s/<name> (web
# previews) are not a username's message links.
_OWN_LINK_RE = re.compile(
    r"(?:https?://)?(?:t\.me|telegram\.me)/(?!c/|s/|joinchat/|\+)([A-Za-z][A-Za-z0-9_]{3,31})/(\d+)",
    re.IGNORECASE,
)
_SNIFF_RE = re.compile(r'"(?:messages"\s*:\s*\[|chats"\s*:\s*\{)')
_SNIFF_CHARS = 65_536


@dataclass(frozen=True, slots=True)
class TelegramOptions:
    """How to read Telegram exports, chosen once by the caller and passed down.

    Attributes
    ----------
    channel
        The public username of the channel the exports come from (``@name``, ``name``
        or ``https://t.me/name``): links are only made with it (or an inferred one).
        It applies to every export read with these options.
    tz
        Date messages in this time zone (e.g. the channel's own) instead of the
        exporting computer's.
    """

    channel: str | None = None
    tz: dt.tzinfo | None = None


@dataclass(slots=True)
class TelegramExport:
    """What reading one export file gave.

    Attributes
    ----------
    reports
        One report per message with text, in the order of the export.
    errors
        One per malformed message (its index in ``messages`` is in the message).
    skipped_service, skipped_empty
        Service messages and messages without text, skipped.
    notes
        Plain-language remarks on the export (an unknown username, an inferred one).
    """

    reports: list[Report] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    skipped_service: int = 0
    skipped_empty: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self, name: str) -> str:
        """Return one line saying what was read and skipped (for the CLI)."""
        parts = [f"{name}: Telegram export, {len(self.reports)} message(s) read"]
        if self.skipped_service or self.skipped_empty:
            parts.append(
                f"{self.skipped_service} service message(s) and "
                f"{self.skipped_empty} message(s) without text skipped"
            )
        if self.errors:
            parts.append(f"{len(self.errors)} malformed message(s) refused")
        return "; ".join(parts + self.notes)


def looks_like_telegram_export(head: str) -> bool:
    """Return whether the start of a file looks like a Telegram Desktop JSON export.

    A cheap sniff on the first characters (a JSON object naming a ``messages`` list or a
    ``chats`` object), used to pick exports out of a folder and out of files whose name
    does not say JSON; :func:`parse_telegram_json` decides for good.
    """
    head = head.lstrip("\ufeff \t\r\n")
    return head.startswith("{") and _SNIFF_RE.search(head[:_SNIFF_CHARS]) is not None


def normalise_username(value: str | None) -> str | None:
    """Return a public username from ``@name``, ``name`` or ``https://t.me/name``.

    Raises
    ------
    ValueError
        When the value is not a valid Telegram username (5-32 letters, digits, ``_``).
    """
    if value is None or not value.strip():
        return None
    name = value.strip()
    name = re.sub(r"^(?:https?://)?(?:t\.me|telegram\.me)/(?:s/)?", "", name, flags=re.I)
    name = name.lstrip("@").strip("/")
    if not _USERNAME_RE.match(name):
        raise ValueError(f"{value!r} is not a Telegram username (5-32 letters, digits or _)")
    return name


def parse_telegram_json(content: str, name: str) -> list[Mapping[str, Any]]:
    """Parse an export's text and return its chats (each with a ``messages`` list).

    Raises
    ------
    ReadError
        Malformed JSON (with line and column), nesting too deep, or JSON that is not a
        Telegram Desktop export.
    """
    try:
        doc = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ReadError(
            f"{name}: malformed JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ReadError(f"{name}: JSON nested too deep to read") from exc
    chats = _chats(doc)
    if chats is None:
        raise ReadError(
            f'{name}: JSON but not a Telegram Desktop export (no "messages" list; '
            "export the channel with Telegram Desktop's JSON format)"
        )
    return chats


def _chats(doc: Any) -> list[Mapping[str, Any]] | None:
    """Return the chats of a single-chat or a whole-account export, ``None`` for neither."""
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("messages"), list):
        return [doc]
    found: list[Mapping[str, Any]] = []
    for key in ("chats", "left_chats"):
        block = doc.get(key)
        items = block.get("list") if isinstance(block, dict) else None
        if isinstance(items, list):
            found += [
                c for c in items if isinstance(c, dict) and isinstance(c.get("messages"), list)
            ]
    if found or isinstance(doc.get("chats"), dict):
        return found
    return None


def flatten_text(value: Any) -> str:
    """Return a message's text as plain text: entity objects give their ``text`` only.

    Raises
    ------
    ValueError
        When ``value`` is neither a string nor a list of strings and entity objects.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        raise ValueError(f"text is not a string or a list of entities ({type(value).__name__})")
    parts: list[str] = []
    for item in value:
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict) and isinstance(item.get("text", ""), str):
            # The visible text only: a text_link's href is neither fetched nor kept.
            parts.append(item.get("text", ""))
        else:
            raise ValueError(f"a text entity is not a string or an object ({type(item).__name__})")
    return "".join(parts)


def _utc(message: Mapping[str, Any]) -> dt.datetime | None:
    raw = message.get("date_unixtime")
    if isinstance(raw, int | str) and str(raw).strip().lstrip("-").isdigit():
        try:
            return dt.datetime.fromtimestamp(int(raw), dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _local(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        local = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return local.replace(tzinfo=None) if local.tzinfo is None else local


def _message_time(message: Mapping[str, Any], tz: dt.tzinfo | None) -> dt.datetime | None:
    """Return the message time, aware when its offset is known, naive when it is not.

    The export's ``date`` is the exporting computer's local time without an offset;
    ``date_unixtime`` is the UTC instant, so their difference is that offset.
    """
    utc = _utc(message)
    local = _local(message.get("date"))
    if utc is not None and tz is not None:
        return utc.astimezone(tz)
    if local is not None and local.tzinfo is not None:
        return local
    if utc is not None and local is not None:
        # Offsets come in quarter hours; the rounding absorbs a leap second or so.
        minutes = round((local - utc.replace(tzinfo=None)).total_seconds() / 900) * 15
        if abs(minutes) <= 14 * 60:
            return utc.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
        return utc  # the two disagree beyond any time zone: trust the UTC instant
    return local if local is not None else utc


def _time_label(when: dt.datetime) -> str:
    text = when.strftime("%Y-%m-%d %H:%M")
    offset = when.utcoffset()
    if offset is None:
        return f"{text} (time zone unknown)"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _infer_username(messages: Sequence[Any]) -> str | None:
    """Return the username links in the export give this chat's own messages, if unique.

    A channel links to its own earlier posts (``t.me/<username>/<id>``); a username is
    taken only when two or more such links name message ids of this export and no other
    username does, so a link to another channel is not mistaken for its own.
    """
    ids = {m.get("id") for m in messages if isinstance(m, dict)}
    counts: Counter[str] = Counter()
    for message in messages:
        if not isinstance(message, dict):
            continue
        pieces = message.get("text_entities") or message.get("text")
        if not isinstance(pieces, list):
            pieces = [pieces]
        for piece in pieces:
            for value in (
                (piece.get("href"), piece.get("text")) if isinstance(piece, dict) else (piece,)
            ):
                if not isinstance(value, str):
                    continue
                for m in _OWN_LINK_RE.finditer(value):
                    if int(m.group(2)) in ids:
                        counts[m.group(1).lower()] += 1
    good = [name for name, n in counts.items() if n >= 2]
    return good[0] if len(good) == 1 else None


def _forwarded(message: Mapping[str, Any]) -> str | None:
    value = message.get("forwarded_from")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or "an unnamed source"  # a forward from a hidden account has null/""


def read_telegram_export(
    chats: Sequence[Mapping[str, Any]],
    *,
    name: str,
    channel: str | None = None,
    published: dt.date | None = None,
    tz: dt.tzinfo | None = None,
) -> TelegramExport:
    """Turn parsed chats (:func:`parse_telegram_json`) into reports, one per message.

    Parameters
    ----------
    chats
        The export's chats.
    name
        The file name, for messages and errors.
    channel
        The public username (``@name``, ``name`` or ``https://t.me/name``), for links;
        given, it applies to every chat of the export.
    published
        The user's publication date for every message (wins over the message date).
    tz
        Date messages in this time zone instead of the exporting computer's.

    Raises
    ------
    ValueError
        When ``channel`` is not a valid username.
    """
    given = normalise_username(channel)
    out = TelegramExport()
    for chat in chats:
        _read_chat(chat, out, name=name, given=given, published=published, tz=tz)
    return out


def _read_chat(
    chat: Mapping[str, Any],
    out: TelegramExport,
    *,
    name: str,
    given: str | None,
    published: dt.date | None,
    tz: dt.tzinfo | None,
) -> None:
    messages: list[Any] = list(chat.get("messages") or [])
    chat_name = " ".join(str(chat.get("name") or "").split()) or "Telegram chat"
    chat_id = chat.get("id")
    public = chat.get("type") in _PUBLIC_TYPES
    username = given
    if username is None and public:
        username = _infer_username(messages)
        if username is not None:
            out.notes.append(
                f"{chat_name}: username @{username} inferred from links to its own messages"
            )
    if username is None:
        if public:
            out.notes.append(
                f"{chat_name}: public username unknown, so no t.me links "
                "(give the channel's username to link them)"
            )
        key = f"id{chat_id}" if isinstance(chat_id, int) else _slug(chat_name)
    else:
        key = username
    # A private chat has no public link even when its username is given.
    link_base = f"https://t.me/{username}/" if username and (public or given) else None
    for index, message in enumerate(messages):
        try:
            report = _read_message(
                message,
                chat_name=chat_name,
                key=key,
                link_base=link_base,
                published=published,
                tz=tz,
            )
        except ReadError as exc:
            where = f"message index {index}"
            if isinstance(message, dict) and message.get("id") is not None:
                where += f" (id {message.get('id')})"
            out.errors.append(ReadError(f"{name}: {chat_name}: {where}: {exc}"))
            continue
        if isinstance(report, Report):
            out.reports.append(report)
        elif report == "service":
            out.skipped_service += 1
        else:
            out.skipped_empty += 1


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-").lower() or "chat"


def _read_message(
    message: Any,
    *,
    chat_name: str,
    key: str,
    link_base: str | None,
    published: dt.date | None,
    tz: dt.tzinfo | None,
) -> Report | str:
    """Return the message's report, or ``"service"``/``"empty"`` for a skipped one."""
    if not isinstance(message, dict):
        raise ReadError(f"not an object ({type(message).__name__})")
    if message.get("type", "message") == "service":
        return "service"
    msg_id = message.get("id")
    if isinstance(msg_id, bool) or not isinstance(msg_id, int):
        raise ReadError("has no numeric id")
    try:
        raw = message["text"] if "text" in message else message.get("text_entities")
        text = normalise_text(flatten_text(raw))
    except ValueError as exc:
        raise ReadError(str(exc)) from exc
    if not text:
        return "empty"
    when = _message_time(message, tz)
    label = f"{chat_name} #{msg_id}"
    if when is not None:
        label += f", {_time_label(when)}"
    forwarded = _forwarded(message)
    if forwarded:
        label += f", forwarded from {forwarded}"
    if message.get("edited"):
        label += ", edited"
    source_id = f"telegram:{key}/{msg_id}"
    if published is not None:
        date, basis = published, "user"
    elif when is not None:
        date, basis = when.date(), "metadata"
    else:
        date, basis = None, "unknown"
    try:
        report = make_report(
            text,
            source_id=source_id,
            title=label,
            url=f"{link_base}{msg_id}" if link_base else None,
            published=date,
            basis=basis,  # type: ignore[arg-type]
        )
    except ReadError as exc:
        # make_report names the source first; the caller names the message instead.
        raise ReadError(str(exc).removeprefix(f"{source_id}: ")) from exc
    digest = hashlib.sha256(f"{source_id}\n{' '.join(text.split())}".encode()).hexdigest()
    return dataclasses.replace(report, id=digest)


def read_telegram_file(
    path: Path,
    *,
    options: TelegramOptions | None = None,
    published: dt.date | None = None,
) -> TelegramExport:
    """Read an export file (at most :data:`MAX_JSON_BYTES`).

    Parameters
    ----------
    path
        The ``result.json`` (any name: the content decides).
    options
        The channel's username and a time zone (:class:`TelegramOptions`).
    published
        The user's publication date for every message.

    Raises
    ------
    ReadError
        Unreadable, oversized, binary or undecodable file; malformed JSON; not an export;
        an invalid ``channel``.
    """
    content = decode_bytes(read_capped(path, MAX_JSON_BYTES), str(path))
    return read_telegram_json(content, str(path), options=options, published=published)


def read_telegram_json(
    content: str,
    name: str,
    *,
    options: TelegramOptions | None = None,
    published: dt.date | None = None,
) -> TelegramExport:
    """Read an export's JSON text (from a file or an upload called ``name``).

    Raises
    ------
    ReadError
        Malformed JSON; not an export; an invalid ``channel``.
    """
    chats = parse_telegram_json(content, name)
    return read_telegram_chats(chats, name, options=options, published=published)


def read_telegram_chats(
    chats: Sequence[Mapping[str, Any]],
    name: str,
    *,
    options: TelegramOptions | None = None,
    published: dt.date | None = None,
) -> TelegramExport:
    """Read the chats of a parsed export (:func:`parse_telegram_json`) called ``name``.

    Raises
    ------
    ReadError
        An invalid ``channel`` in ``options``.
    """
    options = options or TelegramOptions()
    try:
        return read_telegram_export(
            chats, name=name, channel=options.channel, published=published, tz=options.tz
        )
    except ValueError as exc:  # an invalid channel username
        raise ReadError(f"{name}: {exc}") from exc


def iter_export(export: TelegramExport) -> Iterator[Report | ReadError]:
    """Yield the export's reports and message errors (reports first, then errors)."""
    yield from export.reports
    yield from export.errors
