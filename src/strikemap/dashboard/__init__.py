"""The Streamlit dashboard: cached loaders, shared filters, map building and pages.

Pure helpers (query strings, map building, timeline counts) are importable without a
running Streamlit server; the ``page_*`` modules draw one page each.
"""
