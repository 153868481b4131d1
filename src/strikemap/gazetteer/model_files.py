"""Small fitted-model files: JSON with a checksum, refused when truncated or edited."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


class ModelFileError(ValueError):
    """A model file is missing, truncated, corrupted or of another version."""


def _checksum(payload: dict[str, Any]) -> str:
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=True).encode()
    return hashlib.sha256(blob).hexdigest()


def write_checked_json(payload: dict[str, Any], path: Path) -> None:
    """Write ``payload`` as JSON with a ``sha256`` of its content."""
    doc = {"sha256": _checksum(payload), **payload}
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_checked_json(path: Path, what: str, hint: str, fmt: int) -> dict[str, Any]:
    """Read a file written by :func:`write_checked_json`, checking checksum and format.

    Raises
    ------
    ModelFileError
        Naming ``what`` and the file, with ``hint`` (how to rebuild it).
    """
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{what} {path} is unreadable ({exc}); {hint}") from None
    if not isinstance(doc, dict):
        raise ModelFileError(f"{what} {path} is not a model; {hint}")
    expected = doc.pop("sha256", None)
    if expected != _checksum(doc):
        raise ModelFileError(f"{what} {path} fails its checksum (corrupted?); {hint}")
    if doc.get("format") != fmt:
        raise ModelFileError(f"{what} {path} has format {doc.get('format')!r}; {hint}")
    return doc
