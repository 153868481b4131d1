"""Where strikemap keeps its files, in one place.

Every path can be overridden by an environment variable, so tests and teams can point
strikemap elsewhere without code changes. Nothing here touches the disk at import time.

=======================  ===========================================  ========================
variable                 default                                      what
=======================  ===========================================  ========================
``STRIKEMAP_HOME``       ``~/.local/share/strikemap``                 databases, built indexes
``STRIKEMAP_DB``         ``sqlite:///$STRIKEMAP_HOME/strikemap.db``   the store (a URL)
``STRIKEMAP_GAZETTEER``  ``$STRIKEMAP_HOME/gazetteer``                built gazetteer index
``STRIKEMAP_DATA``       ``data/`` of a checkout, else the packaged   curated places, actors,
                         copy (``strikemap/_data``)                   demo reports
=======================  ===========================================  ========================

Run from a source checkout (``<root>/src/strikemap``), strikemap reads the repository's
``data/`` and keeps npm packages in ``<root>/build/npm`` and the dashboard's files
(``app.py``, ``static/``) at ``<root>``; installed from a wheel, it reads the data the
wheel ships and keeps the rest under :func:`home_dir`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path


def home_dir() -> Path:
    """Return the directory for strikemap's own files (not created here)."""
    env = os.environ.get("STRIKEMAP_HOME")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "strikemap"


def default_db_url() -> str:
    """Return the store URL: ``$STRIKEMAP_DB``, else a SQLite file in :func:`home_dir`."""
    env = os.environ.get("STRIKEMAP_DB")
    if env:
        return env
    return f"sqlite:///{home_dir() / 'strikemap.db'}"


def gazetteer_dir() -> Path:
    """Return the directory holding the built gazetteer index and imported layers."""
    env = os.environ.get("STRIKEMAP_GAZETTEER")
    if env:
        return Path(env).expanduser()
    return home_dir() / "gazetteer"


def data_dir() -> Path:
    """Return the directory of shipped, human-edited data (curated places, actors, demo).

    ``$STRIKEMAP_DATA`` when set, else the repository's ``data/`` when strikemap runs
    from a source checkout, else the copy installed with the package.
    """
    env = os.environ.get("STRIKEMAP_DATA")
    if env:
        return Path(env).expanduser()
    root = source_checkout()
    if root is not None:
        return root / "data"
    return packaged_data_dir()


def packaged_data_dir() -> Path:
    """Return the copy of ``data/`` installed with the package (``strikemap/_data``).

    Raises
    ------
    RuntimeError
        When the package is not installed as files on disk (imported from a zip).
    """
    from importlib.resources import files

    folder = files("strikemap").joinpath("_data")
    if not isinstance(folder, Path):
        raise RuntimeError(f"strikemap's data must be installed as files, not in {folder}")
    return folder


@functools.cache
def source_checkout() -> Path | None:
    """Return the repository root when strikemap runs from a source checkout, else None.

    A checkout is this package imported from ``<root>/src/strikemap`` (an editable
    install or ``PYTHONPATH=src``) with ``pyproject.toml`` and ``data/`` in ``<root>``;
    an installed wheel lives in ``site-packages`` and is none.
    """
    package = Path(__file__).resolve().parent
    root = package.parent.parent
    if (
        package.parent.name == "src"
        and (root / "pyproject.toml").is_file()
        and (root / "data").is_dir()
    ):
        return root
    return None


def npm_dir() -> Path:
    """Return where npm installs the map's packages (Leaflet, plugins, ``datamaps``).

    ``<root>/build/npm`` in a source checkout, else ``$STRIKEMAP_HOME/npm``; the
    packages themselves are in its ``node_modules``.
    """
    root = source_checkout()
    return root / "build" / "npm" if root is not None else home_dir() / "npm"
