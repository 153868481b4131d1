"""Input bytes to text: the size caps, the capped file read and the decoding refusals.

Every reader that takes bytes (files, uploads, stdin, URL bodies, Telegram exports)
goes through here, so all of them refuse the same input with the same one-line
:class:`~strikemap.read_error.ReadError`:

* files over :data:`MAX_FILE_BYTES` (:data:`MAX_HTML_BYTES` for HTML, :data:`MAX_CSV_BYTES`
  for notes CSVs) are refused from their size on disk, before a byte is read;
* binary data (NUL bytes, PDF, image and archive signatures), UTF-16 and undecodable
  bytes are refused, naming the format or the offset of the bad byte.
"""

from __future__ import annotations

from pathlib import Path

from strikemap.read_error import ReadError

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_FILE_BYTES",
    "MAX_HTML_BYTES",
    "binary_kind",
    "check_size",
    "decode_bytes",
    "megabytes",
    "read_capped",
    "read_text_file",
]

MAX_FILE_BYTES = 20_000_000
"""Largest text file or stdin input read (bytes); larger files are refused unread."""

MAX_HTML_BYTES = 5_000_000
"""Largest HTML page read (bytes of a file or URL body, characters of a string).

Main-text extraction (trafilatura) grows faster than linearly: a 2 MB page of prose takes
~5 s, a 5 MB one ~22 s on the development machine. News pages are 0.1-2 MB.
"""

MAX_CSV_BYTES = 100_000_000
"""Largest notes CSV read (bytes): a CSV holds many reports, so its cap is higher."""

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


def binary_kind(data: bytes) -> str | None:
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


def decode_bytes(data: bytes, name: str, charset: str = "utf-8") -> str:
    """Decode bytes as text or raise :class:`ReadError` for binary or undecodable data.

    A UTF-8 byte-order mark is dropped. ``name`` (a file name, ``stdin``, a URL) starts
    the error message.

    Raises
    ------
    ReadError
        Empty, UTF-16, binary or undecodable data, or an unknown ``charset``.
    """
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if data.startswith(_UTF16_BOMS) and b"\x00" in data[:64]:
        # Refused rather than decoded: random bytes also start with these two.
        raise ReadError(f"{name}: UTF-16 text is not supported (save it as UTF-8)")
    kind = binary_kind(data)
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


def megabytes(n: int) -> str:
    """Return a byte count as megabytes for messages ("20.0 MB")."""
    return f"{n / 1_000_000:,.1f} MB"


def check_size(name: str, size: int, limit: int) -> None:
    """Refuse an input of ``size`` bytes over ``limit``, in one line naming it.

    Raises
    ------
    ReadError
        When ``size > limit``.
    """
    if size > limit:
        why = f"file is {megabytes(size)}, over the {megabytes(limit)} limit for one input"
        raise ReadError(f"{name}: {why} (split it)")


def read_capped(path: Path, limit: int) -> bytes:
    """Read a file of at most ``limit`` bytes, refusing a larger one before reading it.

    The size on disk is checked first so a huge file is never loaded; the read itself is
    capped too, for files that grow or lie about their size (pipes, ``/proc``).

    Raises
    ------
    ReadError
        Over ``limit``, or the file cannot be read.
    """
    try:
        check_size(str(path), path.stat().st_size, limit)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ReadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ReadError(f"{path}: more than the {megabytes(limit)} limit for one input (split it)")
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
    return decode_bytes(read_capped(path, MAX_FILE_BYTES), str(path))
