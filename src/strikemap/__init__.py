"""strikemap: read strike reports, geocode them offline and map them."""

from typing import Any

__version__ = "0.1.0"


def geoparse(text: str, spans: Any = None, published: Any = None) -> list[Any]:
    """Return the place mentions of a text, each with its span and its resolution.

    See :func:`strikemap.geoparsing.geoparse` (imported on first call, so that
    ``import strikemap`` stays cheap).
    """
    from strikemap.geoparsing import geoparse as _geoparse

    return _geoparse(text, spans, published)
