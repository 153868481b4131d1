"""Names taken from imported and packaged sources: OCHA names with the district appended
or spelt as "village - district" keep only the place's own name as an alias, and errors
in the packaged alias file name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from strikemap.gazetteer.build import read_packaged_aliases
from strikemap.gazetteer.import_ocha import _district_stems, _name_parts


@pytest.mark.parametrize(
    ("name", "admins", "stems"),
    [
        ("Mreimin Afrin", ("Afrin", "Afrin"), ["Mreimin"]),
        ("Zaydiyeh Ras El Ein", (None, "Ras Al Ain"), ["Zaydiyeh"]),
        ("Samuqet Aazaz", ("A'zaz", None), ["Samuqet"]),
        ("Al-Malikeyyeh", ("Al-Malikeyyeh", None), []),  # only an article would be left
        ("Upper Makhrim", ("Al Makhrim", None), []),  # only a qualifier
        ("Tal Afrin", ("Afrin", None), []),  # a bare generic word is no name
        ("Kafr Nabutha", ("Khan Shaykhun", None), []),
    ],
)
def test_district_suffix_is_dropped_into_an_alias(
    name: str, admins: tuple[str | None, ...], stems: list[str]
) -> None:
    assert _district_stems(name, admins) == stems


@pytest.mark.parametrize(
    ("name", "admins", "parts"),
    [
        ("Abin - Efrin", ("Afrin", "Afrin"), ["Abin"]),  # the district, spelt otherwise
        ("Jeb Elkhafi - Manbaj", ("Menbij", "Menbij"), ["Jeb Elkhafi"]),
        ("Qaderiyeh - Qayqun", ("Jisr-Ash-Shugur", "Janudiyeh"), ["Qaderiyeh", "Qayqun"]),
    ],
)
def test_a_combined_name_part_spelling_the_district_is_not_an_alias(
    name: str, admins: tuple[str, str], parts: list[str]
) -> None:
    assert _name_parts(name, admins) == parts


def test_packaged_alias_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.csv"
    bad.write_text("name,place_id,country\nSerêkaniyê,gn:165509,SY\nHolê,173797,SY\n")
    with pytest.raises(ValueError, match=r"aliases.csv:3: "):
        read_packaged_aliases(bad)
    assert read_packaged_aliases(tmp_path / "absent.csv") == {}
