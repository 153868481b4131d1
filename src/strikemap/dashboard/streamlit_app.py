"""Streamlit entry point of the strikemap dashboard: ``strikemap app`` runs this file.

Thin on purpose: the pages live in :mod:`strikemap.dashboard`. The file plays two parts:

* ``streamlit run app.py`` finds ``app`` below (an ``st.App``) and serves it; its
  lifespan warms the dashboard up in the background at server start
  (:mod:`strikemap.dashboard.warmup`), so the first analyst does not wait for imports
  and store reads;
* every browser session runs this same file as ``__main__``, which draws the pages.
"""

import streamlit as st

if __name__ == "__main__":
    from strikemap.dashboard.app import main

    main()
elif hasattr(st, "App"):  # a Streamlit without st.App runs the script, unwarmed
    from strikemap.dashboard.warmup import lifespan

    app = st.App(__file__, lifespan=lifespan)
