"""The one error every reader raises: :class:`ReadError`, whose message is one line.

Bad and hostile input (oversized, binary, undecodable, empty, malformed) ends in this
error and never in another exception, so the command line can print one line per report
and the dashboard one message per upload.
"""

from __future__ import annotations

__all__ = ["ReadError"]


class ReadError(Exception):
    """A report could not be read; the message is one line saying why."""

    def __init__(self, message: str) -> None:
        # One line whatever the cause says: CLI output is one line per report.
        super().__init__(" ".join(str(message).split()))
