"""Caches kept per gazetteer object, shared by the reports read with it."""

from __future__ import annotations

import weakref
from typing import Any, Generic, TypeVar

__all__ = ["PerGazetteer"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class PerGazetteer(Generic[_K, _V]):
    """Hand out one dict per gazetteer object; ``cache(gazetteer)`` returns its dict.

    What a gazetteer says of a name or an id never changes within one object, so every
    report read with it shares the dict, which goes when the gazetteer does. An object
    that cannot be weakly referenced gets a fresh dict each time: no sharing.
    """

    def __init__(self) -> None:
        self._dicts: weakref.WeakKeyDictionary[Any, dict[_K, _V]] = weakref.WeakKeyDictionary()

    def __call__(self, gazetteer: object) -> dict[_K, _V]:
        """Return the dict of ``gazetteer``."""
        try:
            return self._dicts.setdefault(gazetteer, {})
        except TypeError:
            return {}
