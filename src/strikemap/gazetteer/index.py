"""The default :class:`~strikemap.gazetteer.base.GazetteerLike`: spot, look up, resolve.

A :class:`Gazetteer` reads the default index (``index.sqlite``) plus every imported
layer (``layers/*.sqlite``), each with a memory-mapped array file beside it (see
:mod:`strikemap.gazetteer._store`). Layers are searched after the default index and
override an entry with the same id.

Matching has three levels, reported in every :class:`Candidate`'s reason and reflected
in its confidence: the folded name (exact), the transliteration skeleton, and a fuzzy
level (skeletons one letter apart, confirmed by a rapidfuzz ratio on the folded names)
restricted to the report's countries (or to large places). Between the last two, a
"vowel spelling" level admits skeleton matches that differ only in vowel letters
(:func:`~strikemap.gazetteer.normalize.vowel_shape`), and below it a "consonant frame"
level admits those with vowels added or dropped; like fuzzy matches both need an
admin hint or nearby places to be accepted. Inside a named province, an "Arabic
spelling" level also compares the name's consonants with those of each place's Arabic
name (:func:`~strikemap.gazetteer.arabic_latin.arabic_slots`). Every level is a hash
posting-list lookup in the arrays: candidates are scored from array reads and only the
few returned are materialised as :class:`~strikemap.model.Place` from SQLite.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from strikemap import settings
from strikemap.gazetteer._store import KEY_VERSION, keys_path, read_meta, rekey_index
from strikemap.gazetteer.name_resolution import NameResolution
from strikemap.gazetteer.resolver_constants import PLACE_CACHE, RANK_CACHE


class Gazetteer(NameResolution):
    """A local, offline gazetteer (implements ``GazetteerLike``).

    Parameters
    ----------
    index
        The default index file (``index.sqlite``).
    layers
        Imported layer files, searched after ``index`` (later ones override).
    place_cache
        How many materialised places to keep (0 disables the cache; used by the
        benchmark to measure cold lookups).
    rank_cache
        How many ranked name lookups to keep (an LRU; 0 disables it).
    """


def gazetteer_files(directory: Path | None = None) -> tuple[Path, list[Path]]:
    """Return the default index file and the layer files in a gazetteer directory."""
    directory = directory or settings.gazetteer_dir()
    layers = sorted((directory / "layers").glob("*.sqlite"))
    return directory / "index.sqlite", layers


def load_gazetteer(
    path: Path | None = None,
    *,
    build: bool = False,
    place_cache: int = PLACE_CACHE,
    rank_cache: int = RANK_CACHE,
) -> Gazetteer:
    """Open the gazetteer in ``path`` (default :func:`strikemap.settings.gazetteer_dir`).

    Loading never builds silently: a missing or outdated default index is an error
    that says to run ``strikemap gazetteer build`` (setup does), unless ``build``.

    Parameters
    ----------
    path
        The gazetteer directory.
    build
        Build the default index first when it is missing or outdated (~1 min once).
    place_cache
        Materialised places kept in memory (0 disables the cache).
    rank_cache
        Ranked lookups kept in a per-process LRU (0 disables it).

    Returns
    -------
    Gazetteer
        The default index plus every imported layer.

    Raises
    ------
    FileNotFoundError
        When there is no index (or an index of an older layout) and ``build`` is off.
    """
    from strikemap.gazetteer.build import INDEX_VERSION, build_default_index

    directory = path or settings.gazetteer_dir()
    index, layers = gazetteer_files(directory)
    meta = read_meta(index) if index.exists() else {}
    # An index written by someone else (tests, a team's own build) is never "outdated".
    stale = meta.get("kind") == "default" and meta.get("index_version") != INDEX_VERSION
    missing = not keys_path(index).exists()
    if missing or stale:
        if not build:
            why = "no gazetteer index" if missing else "an index of an older strikemap"
            raise FileNotFoundError(
                f"{why} in {directory}: run `strikemap gazetteer build` (setup does)"
            )
        build_default_index(directory)
    for layer in layers:
        _ensure_current_keys(layer)
    return Gazetteer(index, layers, place_cache=place_cache, rank_cache=rank_cache)


def _ensure_current_keys(layer: Path) -> None:
    """Re-key a layer imported under older name-key rules, or say how to fix it.

    A layer keeps the keys of the strikemap that imported it; after a change of the
    key rules its names would silently stop matching. It is rewritten in place (once,
    about a second for an OCHA country file); when that fails (a read-only folder),
    a one-line error names the layer and the command that re-imports it.
    """
    meta = read_meta(layer)
    if not meta or meta.get("key_version") == KEY_VERSION:
        return
    try:
        rekey_index(layer)
    except (OSError, sqlite3.Error) as exc:
        raise RuntimeError(
            f"gazetteer layer {layer.stem!r} ({meta.get('source', 'unknown source')}) was "
            f"imported with older name-key rules and could not be updated ({exc}); "
            f"re-import it: strikemap gazetteer import <geonames|ocha|aliases> FILE "
            f"--name {layer.stem}"
        ) from exc


@lru_cache(maxsize=4)
def cached_gazetteer(path: str | None = None) -> Gazetteer:
    """Return one shared :class:`Gazetteer` per directory for this process."""
    return load_gazetteer(Path(path) if path else None)
