"""Which part of a development set a row belongs to: fit, or held out from fitting and rules.

Every evaluation splits its data the same way: by a hash of a stable key (a document,
note or row id, prefixed by the data set's name), so the split is the same on every run
and machine, and a row never moves between parts when others are added.
"""

from __future__ import annotations

import hashlib

__all__ = ["FIT", "HELD_OUT", "part_of"]

FIT, HELD_OUT = "fit", "held-out"


def part_of(key: str, held_out_share: float) -> str:
    """Return :data:`HELD_OUT` for about ``held_out_share`` of keys, else :data:`FIT`."""
    digest = hashlib.sha256(key.encode()).digest()
    return HELD_OUT if digest[0] / 256 < held_out_share else FIT
