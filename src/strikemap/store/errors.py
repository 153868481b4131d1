"""The store's exceptions; every message is one line for the user."""

from __future__ import annotations


class StoreError(Exception):
    """A store could not be opened or written; the message is one line for the user."""


class ReadOnlyStoreError(StoreError):
    """A write was asked of a store opened read-only."""


class RecordNotFoundError(StoreError, KeyError):
    """An edit named an event, claim, report or incident that is not stored.

    Also a :class:`KeyError` (as a missing key is), whose message is shown as is.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class EditConflict(StoreError):  # noqa: N818 (a conflict, not a failure)
    """Someone saved the record after the version an edit was based on.

    Neither change is lost: the stored one stays, and the refused edit can be applied
    again on the current version.

    Attributes
    ----------
    target_kind
        ``"event"`` or ``"claim"``.
    target_id
        The record's id.
    expected
        The version the edit was based on.
    actual
        The version stored now.
    """

    def __init__(
        self, message: str, *, target_kind: str, target_id: int, expected: int, actual: int
    ) -> None:
        super().__init__(message)
        self.target_kind = target_kind
        self.target_id = target_id
        self.expected = expected
        self.actual = actual
