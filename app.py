"""Streamlit entry point of the strikemap dashboard: ``strikemap app`` runs this file.

Thin on purpose: the pages live in :mod:`strikemap.dashboard`.
"""

from strikemap.dashboard.app import main

main()
