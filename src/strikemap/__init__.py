"""strikemap: read strike reports, geocode them offline and map them."""

__version__ = "0.1.0"
