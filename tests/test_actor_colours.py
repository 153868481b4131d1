"""Actor colours: fixed by the actor table, stable by name, "other" past ten actors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from strikemap.dashboard.colours import (
    OTHER,
    OTHER_COLOUR,
    PALETTE,
    UNKNOWN,
    UNKNOWN_COLOUR,
    actor_colours,
    legend_entries,
    shown_actor,
    table_colours,
)
from strikemap.dashboard.timeline import timeline_chart


def test_the_actor_table_sets_colours_a_user_can_change(tmp_path: Path) -> None:
    table = tmp_path / "actors.csv"
    table.write_text(
        "actor,alias,country,kind,colour\n"
        "Russia,Russia,,,#112233\n"
        "Russia,Russian,,,#445566\n"  # the first valid colour wins
        "Ukraine,Ukraine,,,blue\n",  # not #rrggbb: ignored
        encoding="utf-8",
    )
    assert table_colours(table) == {"Russia": "#112233"}
    assert actor_colours(["Russia"], table=table_colours(table))["Russia"] == "#112233"


def test_the_shipped_table_gives_the_main_actors_distinct_colours() -> None:
    colours = actor_colours(["Russia", "Ukraine", "Syria", "US-led coalition", "Israel", "Hamas"])
    assert len({colours[a] for a in ("Russia", "Ukraine")}) == 2
    assert len({colours[a] for a in ("Syria", "Russia", "US-led coalition")}) == 3
    assert len({colours[a] for a in ("Israel", "Hamas")}) == 2
    assert set(colours.values()) <= set(PALETTE) | {UNKNOWN_COLOUR}


def test_adding_actors_does_not_recolour_the_others() -> None:
    before = actor_colours(["Russia", "Ukraine", "Alpha Brigade"], table={"Russia": "#EE6677"})
    after = actor_colours(
        ["Russia", "Ukraine", "Alpha Brigade", "Beta Front", "Gamma Group"],
        table={"Russia": "#EE6677"},
    )
    assert before["Russia"] == after["Russia"]
    assert before["Alpha Brigade"] == after["Alpha Brigade"] or "Alpha" not in after


def test_unknown_is_always_grey_and_never_named_other() -> None:
    colours = actor_colours([UNKNOWN, "Russia"], table={})
    assert colours[UNKNOWN] == UNKNOWN_COLOUR
    assert shown_actor(UNKNOWN, colours) == UNKNOWN


def test_past_ten_actors_the_smallest_share_other() -> None:
    actors = [f"Actor {i:02d}" for i in range(14)]
    counts = {a: 100 - i for i, a in enumerate(actors)}
    colours = actor_colours([*actors, UNKNOWN], counts, table={})
    kept = [a for a in actors if colours[a] != OTHER_COLOUR]
    assert kept == actors[:10]
    assert all(shown_actor(a, colours) == OTHER for a in actors[10:])
    labels = [label for label, _ in legend_entries([*actors, UNKNOWN], colours)]
    assert labels == [*actors[:10], f"{OTHER} (4 actors)", UNKNOWN]


def test_the_timeline_uses_the_map_colours_and_groups_other() -> None:
    actors = [f"Actor {i:02d}" for i in range(12)]
    counts = {a: 100 - i for i, a in enumerate(actors)}
    colours = actor_colours(actors, counts, table={})
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-03-01"] * 12),
            "actor": actors,
            "events": [1] * 12,
        }
    )
    spec = timeline_chart(frame, colours).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert scale["domain"][-1] == OTHER and scale["range"][-1] == OTHER_COLOUR
    assert len(scale["domain"]) == 11
    by_actor = dict(zip(scale["domain"], scale["range"], strict=True))
    assert by_actor["Actor 00"] == colours["Actor 00"]


def test_actors_shown_together_never_share_a_colour_while_colours_remain() -> None:
    table = {"Israel": "#4477AA", "Ukraine": "#4477AA"}
    colours = actor_colours(["Israel", "Ukraine"], {"Israel": 3, "Ukraine": 9}, table=table)
    assert colours["Ukraine"] == "#4477AA"
    assert colours["Israel"] != colours["Ukraine"]
