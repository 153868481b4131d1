import datetime as dt

import pytest

from strikemap.filters import EventFilter


def test_round_trip() -> None:
    flt = EventFilter(
        date_from=dt.date(2022, 1, 1),
        actors=("Russia", "Ukraine"),
        contested_only=True,
        bbox=(30.0, 40.0, 40.0, 50.0),
    )
    data = flt.to_dict()
    assert data == {
        "date_from": "2022-01-01",
        "actors": ["Russia", "Ukraine"],
        "contested_only": True,
        "bbox": [30.0, 40.0, 40.0, 50.0],
    }
    assert EventFilter.from_dict(data) == flt
    assert EventFilter().is_empty() and not flt.is_empty()


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown filter field"):
        EventFilter.from_dict({"colour": "red"})
