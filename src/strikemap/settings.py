"""Where strikemap keeps its files, in one place.

Every path can be overridden by an environment variable, so tests and teams can point
strikemap elsewhere without code changes. Nothing here touches the disk at import time.

=======================  ===========================================  ========================
variable                 default                                      what
=======================  ===========================================  ========================
``STRIKEMAP_HOME``       ``~/.local/share/strikemap``                 databases, built indexes
``STRIKEMAP_DB``         ``sqlite:///$STRIKEMAP_HOME/strikemap.db``   the store (a URL)
``STRIKEMAP_GAZETTEER``  ``$STRIKEMAP_HOME/gazetteer``                built gazetteer index
``STRIKEMAP_DATA``       the repository's ``data/``                   curated places, actors
=======================  ===========================================  ========================
"""

from __future__ import annotations

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
    """Return the directory of shipped, human-edited data (curated places, actors)."""
    env = os.environ.get("STRIKEMAP_DATA")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2] / "data"
