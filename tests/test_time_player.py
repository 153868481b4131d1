"""The map's time player: periods by the span, trail rows, honest limits."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from strikemap.dashboard.columns import EventColumns
from strikemap.dashboard.time_player import (
    MAX_PLAYED,
    TimePlayer,
    player_data,
    step_for_span,
)


def _columns(dates: list[str | None], actors: list[str | None] | None = None) -> EventColumns:
    n = len(dates)
    frame = pd.DataFrame(
        {
            "id": range(1, n + 1),
            "lon": np.linspace(36.0, 37.0, n),
            "lat": np.linspace(35.0, 36.0, n),
            "date": dates,
            "actor": actors or ["Russia"] * n,
            "country": ["SY"] * n,
            "admin1": ["Idlib"] * n,
            "precision": ["town"] * n,
            "contested": [0] * n,
        }
    )
    return EventColumns.from_frame(frame)


def test_the_step_follows_the_span_like_the_timeline() -> None:
    steps = [step_for_span(d) for d in (0, 120, 121, 700, 800, 18 * 365, 50 * 365)]
    assert steps == ["day", "day", "week", "week", "month", "quarter", "year"]


def test_quarterly_periods_start_on_quarter_days() -> None:
    cols = _columns(["2006-07-13", "2015-02-01", "2024-09-23"])
    data = player_data(cols, np.ones(3, dtype=bool), None, {})
    assert data.step == "quarter"
    assert data.periods[0] == "2006-07-01" and data.periods[-1] == "2024-07-01"
    assert all(p[5:] in ("01-01", "04-01", "07-01", "10-01") for p in data.periods)


def test_weekly_periods_start_on_mondays_and_cover_every_strike() -> None:
    cols = _columns(["2024-05-01", "2024-05-02", "2024-06-15", "2024-09-30", None])
    data = player_data(cols, np.ones(len(cols), dtype=bool), None, {"Russia": "#e41a1c"})
    assert data.step == "week"
    assert data.periods[0] == "2024-04-29"  # the Monday of 1 May 2024
    assert all(dt.date.fromisoformat(p).weekday() == 0 for p in data.periods)
    assert len(data.rows) == 4 and data.n_undated == 1
    periods = [row[3] for row in data.rows]
    assert periods == sorted(periods) and periods[0] == periods[1] == 0
    assert data.colours == ["#e41a1c"]


def test_a_view_box_limits_what_plays() -> None:
    cols = _columns(["2024-05-01", "2024-05-02", "2024-05-03"])
    data = player_data(cols, np.ones(3, dtype=bool), (34.9, 35.9, 35.1, 36.1), {})
    assert len(data.rows) == 1


def test_too_many_strikes_send_nothing_and_say_how_many() -> None:
    n = MAX_PLAYED + 1
    cols = _columns(["2024-05-01"] * n)
    data = player_data(cols, np.ones(n, dtype=bool), None, {})
    assert data.rows == [] and data.n_too_many == n


def test_the_player_sends_no_report_text() -> None:
    cols = _columns(["2024-05-01"], actors=["<script>alert(1)</script>"])
    data = player_data(cols, np.ones(1, dtype=bool), None, {})
    payload = TimePlayer(data).payload
    assert "script" not in str(payload)
