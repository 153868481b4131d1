"""Package layout for setuptools; the project's metadata is in ``pyproject.toml``.

The code lives in ``src/strikemap``. The human-edited data (actor table, curated
gazetteer files, aliases, demo reports) stays in the repository's top-level ``data/``,
where contributors edit it, and ships inside the package as ``strikemap/_data``: an
installed wheel reads it there, a source checkout reads ``data/`` itself
(:func:`strikemap.settings.data_dir`). ``tests/test_wheel_install.py`` checks that every
tracked file of ``data/`` is in the wheel.
"""

from setuptools import find_namespace_packages, setup

SHIPPED_DATA = {
    "strikemap._data": ["*.csv", "*.json", "*.md"],
    "strikemap._data.gazetteer": ["*.csv", "*.json", "*.md"],
    "strikemap._data.demo": ["*.txt", "*.md"],
}
"""The folders of ``data/`` as packages, and the files each ships (not ``gazetteer/build/``)."""

setup(
    packages=[
        *find_namespace_packages("src", include=["strikemap", "strikemap.*"]),
        *SHIPPED_DATA,
    ],
    package_dir={"": "src", "strikemap._data": "data"},
    package_data={
        "strikemap": ["py.typed"],
        "strikemap.dashboard": ["streamlit_config.toml"],
        **SHIPPED_DATA,
    },
)
