"""Every stored event's map columns in numpy arrays: filtering and gridding at a million.

SQLite needs about half a second per 100k events to group a filtered table into grid
cells, so a million events cannot be re-aggregated in SQL on every filter change. The
map page instead keeps one :class:`EventColumns` per store version (``st.cache_resource``:
shared, never copied) and answers the common filters (date, actor, country, admin1,
precision, contested, bounding box) with boolean masks in milliseconds. Filters on
claims or reports (claimant, claimed target, report, report language) are answered by
the store as a set of ids, which :meth:`EventColumns.mask` intersects.

Unknown values are coded ``-1``; an unknown date is :data:`NO_DAY`, never a guessed day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strikemap.filters import EventFilter
from strikemap.store import Facets
from strikemap.store.columns import UNKNOWN_ACTOR
from strikemap.viewport import in_view_box

__all__ = [
    "NO_DAY",
    "EventColumns",
    "aggregate_masked",
    "daily_counts_masked",
    "needs_store_ids",
    "view_center",
]

NO_DAY = np.iinfo(np.int32).min
"""The day code of an event whose date is unknown."""

_VIEW_SAMPLE = 100_000
_EPOCH = dt.date(1970, 1, 1)


def _codes(values: pd.Series) -> tuple[np.ndarray, tuple[str, ...]]:
    cat = pd.Categorical(values.astype(object).where(values.notna(), None))
    return np.asarray(cat.codes, dtype=np.int16), tuple(str(c) for c in cat.categories)


def _day(value: dt.date) -> int:
    return (value - _EPOCH).days


def needs_store_ids(flt: EventFilter) -> bool:
    """Return whether ``flt`` filters on claims or reports (answered by the store, not here).

    The report language is a report's, so the store answers it too.
    """
    return bool(flt.claimants or flt.target_text or flt.report_ids or flt.languages)


_ARRAYS = ("ids", "lon", "lat", "day", "actor", "country", "admin1", "precision", "contested")
_VOCABS = ("actors", "countries", "admin1s", "precisions")


@dataclass(frozen=True, eq=False, slots=True)
class EventColumns:
    """Map columns of every event, one array entry per event, ordered by id."""

    ids: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    day: np.ndarray
    actor: np.ndarray
    country: np.ndarray
    admin1: np.ndarray
    precision: np.ndarray
    contested: np.ndarray
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    admin1s: tuple[str, ...]
    precisions: tuple[str, ...]

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> EventColumns:
        """Build the arrays from :meth:`strikemap.store.Store.map_frame` output."""
        dates = pd.to_datetime(frame["date"], errors="coerce")
        day = np.full(len(frame), NO_DAY, dtype=np.int32)
        known = dates.notna().to_numpy()
        if known.any():
            epoch = np.datetime64(_EPOCH.isoformat(), "D")
            day[known] = (dates[known].to_numpy().astype("datetime64[D]") - epoch).astype(np.int32)
        actor, actors = _codes(frame["actor"])
        country, countries = _codes(frame["country"])
        admin1, admin1s = _codes(frame["admin1"])
        precision, precisions = _codes(frame["precision"])
        return cls(
            ids=frame["id"].to_numpy(dtype=np.int64),
            lon=frame["lon"].to_numpy(dtype=float),
            lat=frame["lat"].to_numpy(dtype=float),
            day=day,
            actor=actor,
            country=country,
            admin1=admin1,
            precision=precision,
            contested=frame["contested"].fillna(0).to_numpy(dtype=bool),
            actors=actors,
            countries=countries,
            admin1s=admin1s,
            precisions=precisions,
        )

    def __len__(self) -> int:
        """Return the number of events."""
        return len(self.ids)

    def save(self, path: Path) -> None:
        """Write the arrays to an ``.npz`` file (atomically: a reader never sees half)."""
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        for name in _VOCABS:
            arrays[name] = np.array(getattr(self, name), dtype=str)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            np.savez(fh, **arrays)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> EventColumns:
        """Read arrays written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            kwargs: dict[str, Any] = {name: data[name] for name in _ARRAYS}
            for name in _VOCABS:
                kwargs[name] = tuple(str(v) for v in data[name])
        return cls(**kwargs)

    def facets(self) -> Facets:
        """Return the event facets these columns hold, without asking the store.

        The same values as :meth:`strikemap.store.Store.facets` (a test holds them
        equal) except ``claimants`` and ``languages``, which live in the claims and
        reports tables and are left empty: the Map page draws from these before the
        store's facets are read.
        """
        days = self.day[self.day != NO_DAY]
        return Facets(
            n_events=len(self),
            actors=self.actors + ((UNKNOWN_ACTOR,) if bool((self.actor < 0).any()) else ()),
            claimants=(),
            countries=self.countries,
            admin1s=self.admin1s,
            precisions=self.precisions,
            date_min=_EPOCH + dt.timedelta(days=int(days.min())) if days.size else None,
            date_max=_EPOCH + dt.timedelta(days=int(days.max())) if days.size else None,
        )

    def actor_names(self, codes: np.ndarray) -> np.ndarray:
        """Return actor names for actor codes (``"(unknown)"`` for ``-1``)."""
        vocab = np.array([*self.actors, UNKNOWN_ACTOR], dtype=object)
        return vocab[np.where(codes < 0, len(self.actors), codes)]

    def mask(
        self,
        flt: EventFilter,
        *,
        include_undated: bool | None = None,
        store_ids: np.ndarray | None = None,
    ) -> np.ndarray:
        """Return which events match ``flt`` (same rules as the store's dashboard reads).

        Parameters
        ----------
        flt
            The filter; claim and report conditions must come as ``store_ids``.
        include_undated
            ``None``: undated events only without a date range; ``True``: always kept;
            ``False``: never kept.
        store_ids
            Sorted ids the store found for the claim/report conditions, if any.
        """
        keep = np.ones(len(self), dtype=bool)
        ranged = flt.date_from is not None or flt.date_to is not None
        if ranged or include_undated is False:
            undated = self.day == NO_DAY
        if ranged:
            in_range = ~undated
            if flt.date_from is not None:
                in_range &= self.day >= _day(flt.date_from)
            if flt.date_to is not None:
                in_range &= self.day <= _day(flt.date_to)
            keep &= in_range | undated if include_undated else in_range
        elif include_undated is False:
            keep &= ~undated
        if flt.actors:
            wanted = [self.actors.index(a) for a in flt.actors if a in self.actors]
            if UNKNOWN_ACTOR in flt.actors and UNKNOWN_ACTOR not in self.actors:
                wanted.append(-1)
            keep &= _code_in(self.actor, wanted, len(self.actors))
        for values, vocab, codes in (
            (flt.countries, self.countries, self.country),
            (flt.admin1s, self.admin1s, self.admin1),
            (flt.precisions, self.precisions, self.precision),
        ):
            if values:
                keep &= _code_in(codes, [vocab.index(v) for v in values if v in vocab], len(vocab))
        if flt.contested_only:
            keep &= self.contested
        if flt.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            keep &= (self.lon >= min_lon) & (self.lon <= max_lon)
            keep &= (self.lat >= min_lat) & (self.lat <= max_lat)
        if flt.area is not None:
            from strikemap.gazetteer.area_polygons import prepared_area

            area = prepared_area(flt.area)
            rows = np.flatnonzero(keep & area.in_bounds(self.lon, self.lat))
            inside = np.zeros(len(self), dtype=bool)
            inside[rows] = area.contains_many(self.lon[rows], self.lat[rows])
            keep &= inside
        if store_ids is not None:
            keep &= np.isin(self.ids, store_ids, assume_unique=True)
        return keep

    def in_box(self, south: float, west: float, north: float, east: float) -> np.ndarray:
        """Return which events lie in a (possibly antimeridian-wrapped) view box."""
        return in_view_box(self.lat, self.lon, south, west, north, east)


def _code_in(codes: np.ndarray, wanted: Sequence[int], n_vocab: int) -> np.ndarray:
    """Return which ``codes`` (``-1`` for unknown) are among ``wanted``, like ``np.isin``.

    ``np.isin`` sorts a million codes on every filter change (about 20 ms at a million
    events, measured); a comparison per wanted code takes a fraction of a millisecond
    each, and past a handful of codes a lookup table indexed by the codes is cheaper.
    """
    codes_wanted = sorted(set(wanted))
    if len(codes_wanted) <= _COMPARE_MAX:
        keep = np.zeros(len(codes), dtype=bool)
        for code in codes_wanted:
            keep |= codes == code
        return keep
    # The table's last entry stands for -1 (unknown), which indexes it.
    table = np.zeros(n_vocab + 1, dtype=bool)
    table[codes_wanted] = True
    result: np.ndarray = table[codes.astype(np.intp)]
    return result


_COMPARE_MAX = 8
"""Up to this many wanted codes, :func:`_code_in` compares; past it, it looks them up."""


def aggregate_masked(
    cols: EventColumns, mask: np.ndarray, cell_deg: float, colours: Mapping[str, str]
) -> pd.DataFrame:
    """Bin the masked events into square cells; same output as :func:`mapview.aggregate_cells`.

    Returns ``lat``, ``lon`` (mean position of the cell's events), ``count``,
    ``top_actor`` (the most frequent actor; ties go to the first in the actor list) and
    ``colour``.
    """
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return pd.DataFrame(columns=["lat", "lon", "count", "top_actor", "colour"])
    lat, lon = cols.lat[idx], cols.lon[idx]
    iy = np.floor((lat + 90.0) / cell_deg).astype(np.int64)
    ix = np.floor((lon + 180.0) / cell_deg).astype(np.int64)
    inverse, counts = _cell_index(iy, ix)
    mean_lat = np.bincount(inverse, weights=lat) / counts
    mean_lon = np.bincount(inverse, weights=lon) / counts
    n_actor = len(cols.actors) + 1
    actor = cols.actor[idx].astype(np.int64)
    actor = np.where(actor < 0, len(cols.actors), actor)
    per = np.bincount(inverse * n_actor + actor, minlength=len(counts) * n_actor)
    top_code = per.reshape(len(counts), n_actor).argmax(axis=1)
    top = cols.actor_names(np.where(top_code == len(cols.actors), -1, top_code))
    return pd.DataFrame(
        {
            "lat": mean_lat,
            "lon": mean_lon,
            "count": counts,
            "top_actor": top,
            "colour": [colours.get(str(a), "#7f7f7f") for a in top],
        }
    )


def _cell_index(iy: np.ndarray, ix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (cell number of each event, events per cell) for the non-empty cells.

    A dense ``bincount`` over the occupied rectangle when it is small (the usual case,
    ten times faster than sorting a million keys), else ``np.unique``.
    """
    y0, x0 = int(iy.min()), int(ix.min())
    ny, nx = int(iy.max()) - y0 + 1, int(ix.max()) - x0 + 1
    if ny * nx <= 1 << 22:
        dense = (iy - y0) * nx + (ix - x0)
        per_cell = np.bincount(dense, minlength=ny * nx)
        occupied = np.flatnonzero(per_cell)
        renumber = np.zeros(ny * nx, dtype=np.int64)
        renumber[occupied] = np.arange(occupied.size)
        return renumber[dense], per_cell[occupied]
    _, inverse, counts = np.unique(iy * 1_000_003 + ix, return_inverse=True, return_counts=True)
    return inverse.ravel(), counts


def daily_counts_masked(cols: EventColumns, mask: np.ndarray) -> pd.DataFrame:
    """Count masked *dated* events per (date, actor).

    Returns ``date`` (datetime64), ``actor`` and ``events``, sorted by date and actor.
    """
    sel = mask & (cols.day != NO_DAY)
    if not sel.any():
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "actor": [], "events": []})
    day = cols.day[sel].astype(np.int64)
    actor = cols.actor[sel].astype(np.int64) + 1  # -1 (unknown) -> 0
    keys, counts = np.unique(day * 65_536 + actor, return_counts=True)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(keys // 65_536, unit="D"),
            "actor": cols.actor_names(keys % 65_536 - 1),
            "events": counts,
        }
    )
    frame["actor"] = frame["actor"].astype(str)
    return frame.sort_values(["date", "actor"]).reset_index(drop=True)


def view_center(lat: np.ndarray, lon: np.ndarray) -> tuple[tuple[float, float], int]:
    """Return a (center (lat, lon), zoom) framing most points (2nd to 98th percentile)."""
    if lat.size == 0:
        return (30.0, 30.0), 3
    if lat.size > _VIEW_SAMPLE:
        # A regular sample frames a million points as well as all of them, 10x faster.
        step = lat.size // _VIEW_SAMPLE
        lat, lon = lat[::step], lon[::step]
    south, north = (float(v) for v in np.nanpercentile(lat, [2, 98]))
    west, east = (float(v) for v in np.nanpercentile(lon, [2, 98]))
    span = max(north - south, east - west, 0.5)
    zoom = int(max(2, min(12, np.floor(np.log2(360.0 / span)) + 1)))
    return ((south + north) / 2, (west + east) / 2), zoom


def sorted_ids(ids: Sequence[int]) -> np.ndarray:
    """Return ``ids`` as a sorted unique int64 array (for :meth:`EventColumns.mask`)."""
    return np.unique(np.asarray(list(ids), dtype=np.int64))


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """What the map draws for a filter and a view, decided on the columns alone.

    ``mode`` is ``"events"`` (draw ``ids`` one by one, their full rows read from the
    store) or ``"cells"`` (draw ``cells``, aggregated here).
    """

    mode: str
    ids: np.ndarray
    cells: pd.DataFrame | None
    n_total: int
    n_in_view: int
    cell_deg: float | None
    actors: tuple[str, ...]


def plan_columns(
    cols: EventColumns,
    mask: np.ndarray,
    box: tuple[float, float, float, float] | None,
    zoom: int,
    colours: Mapping[str, str],
    *,
    threshold: int,
    cell_deg: float,
) -> ColumnPlan:
    """Decide between individual strikes and grid cells (like :func:`mapview.plan_layer`).

    Parameters
    ----------
    cols, mask
        Every event's columns and which of them match the filter.
    box
        The padded view as (south, west, north, east), or ``None`` before the browser
        has reported one.
    zoom
        The view's zoom level (used in the caption only; ``cell_deg`` sizes the cells).
    threshold
        Up to this many events (in total, or in the box) are drawn individually.
    cell_deg
        Grid cell size in degrees for the zoom level.
    """
    del zoom
    n_total = int(mask.sum())
    # bincount, not np.unique: no sort of a million codes on every rerun.
    per_actor = np.bincount(cols.actor[mask].astype(np.int64) + 1, minlength=len(cols.actors) + 1)
    present = np.flatnonzero(per_actor) - 1
    actors = tuple(str(a) for a in cols.actor_names(present))
    if n_total <= threshold:
        return ColumnPlan("events", cols.ids[mask], None, n_total, n_total, None, actors)
    in_view = mask & cols.in_box(*box) if box is not None else mask
    n_in_view = int(in_view.sum())
    if n_in_view <= threshold:
        return ColumnPlan("events", cols.ids[in_view], None, n_total, n_in_view, None, actors)
    cells = aggregate_masked(cols, in_view, cell_deg, colours)
    return ColumnPlan("cells", cols.ids[:0], cells, n_total, n_in_view, cell_deg, actors)
