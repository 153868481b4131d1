"""Score reading in Ukrainian, Russian and Arabic on the multilingual dev files.

Files (``strike_reports_{uk,ru,ar}_dev.csv``, columns in the shared README):

* **uk, ru** (VIINA, silver): ``alt_places`` lists every place the report mentions with
  its coordinates. A report is *located* when one of its events lies within 25 km of one
  of them; an event is *near* when it lies within 25 km of one of them.
* **ar** (Airwars): rows whose ``label_quality`` is ``gold`` carry Airwars' coordinates;
  a report is located within 25 km (10 km) when one of its events lies that close.

For every file, the share of located reports whose event there is dated within a day of
the gold ``event_date`` is printed too, and the share of reports flagged with one actor
whose event names that actor (the event there when located, else the report's first).
The flag is VIINA's classifier for uk and ru ("Russia (VIINA classifier)") and Airwars'
belligerent for ar ("Russian Military"), which may differ from the side the text names.
Rows are split into a *fit* part (70%) and a *held-out* part (30%) by a hash of the row
id (:func:`row_part`): rules are written looking at the fit part only, and both figures
are reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from strikemap.extract import extract_report
from strikemap.gazetteer.base import GazetteerLike
from strikemap.gazetteer.geo import haversine_km
from strikemap.held_out import part_of
from strikemap.model import Event, Extraction, Report

__all__ = ["HELD_OUT_SHARE", "LangScore", "evaluate_file", "row_part"]

HELD_OUT_SHARE = 0.3
"""Share of each dev file's rows held out from rule writing."""
NEAR_KM = 25.0
CLOSE_KM = 10.0


def row_part(row_id: str) -> str:
    """Return ``fit`` or ``held-out`` for a row id (stable across runs and machines)."""
    return part_of(f"multilingual/{row_id.strip()}", HELD_OUT_SHARE)


@dataclass(slots=True)
class LangScore:
    """Counts for one language and part; the figures are shares of them."""

    lang: str
    part: str
    reports: int = 0
    located: int = 0  # an event within 25 km of a gold place
    close: int = 0  # an event within 10 km
    located_radius: int = 0  # an event whose uncertainty circle (or 25 km) holds a gold place
    events_radius: int = 0
    events: int = 0
    events_near: int = 0
    dated: int = 0  # located reports whose near event is dated within a day
    with_events: int = 0
    actor_flagged: int = 0  # reports with events and one flagged actor
    actor_agrees: int = 0  # of those, reports whose event names that actor
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Return the shares (percent) this score stands for."""

        def pct(a: int, b: int) -> float:
            return round(100.0 * a / b, 1) if b else 0.0

        return {
            "reports": self.reports,
            "located_25km": pct(self.located, self.reports),
            "located_10km": pct(self.close, self.reports),
            "events_near_25km": pct(self.events_near, self.events),
            "date_ok_of_located": pct(self.dated, self.located),
            "located_in_radius": pct(self.located_radius, self.reports),
            "events_in_radius": pct(self.events_radius, self.events),
            "reports_with_events": pct(self.with_events, self.reports),
            "actor_agrees_with_flag": pct(self.actor_agrees, self.actor_flagged),
        }

    def line(self) -> str:
        """Return the one-line summary the CLI prints."""
        f = self.figures()
        return (
            f"{self.lang} {self.part:<8} reports {self.reports:>4}  located<=25km "
            f"{f['located_25km']:5.1f}%  <=10km {f['located_10km']:5.1f}%  events<=25km "
            f"{f['events_near_25km']:5.1f}% ({self.events} events)  date ok "
            f"{f['date_ok_of_located']:5.1f}% of located  | radius rule: located "
            f"{f['located_in_radius']:5.1f}%, events {f['events_in_radius']:5.1f}%"
            + (
                f"  | actor = flag {f['actor_agrees_with_flag']:5.1f}% of {self.actor_flagged}"
                if self.actor_flagged
                else ""
            )
        )


def _date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((s or "").strip()[:10])
    except ValueError:
        return None


def _gold_points(row: dict[str, str]) -> list[tuple[float, float]]:
    alt = (row.get("alt_places") or "").strip()
    if alt:
        return [(float(p[2]), float(p[3])) for p in json.loads(alt)]
    try:
        return [(float(row["latitude"]), float(row["longitude"]))]
    except (KeyError, ValueError):
        return []


def _rows(path: Path, part: str | None) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if part is not None and row_part(row["id"]) != part:
                continue
            yield row


def report_of(row: dict[str, str]) -> Report:
    """Return the report a dev row stands for (published as the row gives it)."""
    text = row["text"]
    published = _date(row.get("published"))
    return Report(
        id=hashlib.sha256(text.encode()).hexdigest(),
        source_id=row["id"],
        title=None,
        url=row.get("source_url") or None,
        text=text,
        published=published,
        published_basis="csv" if published else "unknown",
    )


_AIRWARS_BELLIGERENTS = {
    "Russian Military": "Russia",
    "Turkish Military": "Turkey",
    "U.S.-led Coalition": "US-led coalition",
    "Israeli Military": "Israel",
    "Iranian Military": "Iran",
    "YPG": "YPG",
}
"""Airwars' belligerents as strikemap's actor table names them."""
_SAME_SIDE = {"YPG": ("YPG", "Syrian Democratic Forces")}
"""Flags met by more than one actor name: Airwars names the SDF's strikes by the YPG,
the force at its core."""
_VIINA_FLAG = "(VIINA classifier)"


def _flagged_actor(row: dict[str, str]) -> str | None:
    """Return the one actor a row is flagged with, else ``None`` (none, several, unknown)."""
    value = (row.get("actor") or "").strip()
    if value.endswith(_VIINA_FLAG):
        flag = value.removesuffix(_VIINA_FLAG).strip()
        return flag if flag and "|" not in flag else None
    return _AIRWARS_BELLIGERENTS.get(value)


def _nearest(points: list[tuple[float, float]], e: Event) -> float:
    loc = e.location
    return min(haversine_km(la, lo, loc.lat, loc.lon) for la, lo in points)


def evaluate_file(
    path: Path, gazetteer: GazetteerLike, *, part: str | None = None, gold_only: bool = False
) -> LangScore:
    """Extract every row of a dev file and score it.

    Parameters
    ----------
    path
        A ``strike_reports_<lang>_dev.csv`` file.
    gazetteer
        The gazetteer to read with (import UA.zip / OCHA Syria first).
    part
        ``fit``, ``held-out`` or ``None`` (every row).
    gold_only
        Score only rows whose ``label_quality`` is ``gold`` (the Arabic file).
    """
    lang = path.name.split("_")[2] if path.name.count("_") >= 3 else path.stem
    score = LangScore(lang, part or "all")
    for row in _rows(path, part):
        if gold_only and row.get("label_quality") != "gold":
            continue
        points = _gold_points(row)
        if not points:
            continue
        ex: Extraction = extract_report(report_of(row), gazetteer)
        score.reports += 1
        score.events += len(ex.events)
        score.with_events += bool(ex.events)
        dists = [(_nearest(points, e), e) for e in ex.events]
        score.events_near += sum(d <= NEAR_KM for d, _ in dists)
        # The English evaluation's rule: a location saying "within R km of P" is right
        # when the gold place is inside that circle (an oblast named for a village).
        in_radius = [d <= max(NEAR_KM, e.location.uncertainty_km) for d, e in dists]
        score.events_radius += sum(in_radius)
        score.located_radius += any(in_radius)
        near = sorted((d, i) for i, (d, _e) in enumerate(dists) if d <= NEAR_KM)
        flag = _flagged_actor(row)
        if flag and dists:
            score.actor_flagged += 1
            actor = dists[near[0][1] if near else 0][1].actor
            score.actor_agrees += actor in _SAME_SIDE.get(flag, (flag,))
        if near:
            score.located += 1
            score.close += near[0][0] <= CLOSE_KM
            gold_date = _date(row.get("event_date"))
            e = dists[near[0][1]][1]
            if gold_date and e.date and abs((e.date - gold_date).days) <= 1:
                score.dated += 1
        else:
            got = "; ".join(f"{e.location.name} ({d:.0f} km)" for d, e in dists) or "no event"
            score.misses.append(f"{row['id']}: {got}")
    return score
