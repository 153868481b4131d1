"""The sidebar filters, written once for every page, and their URL query-string form.

A link reproduces a view: the filter lives in the URL query string
(``st.query_params``). :func:`filter_to_query` and :func:`filter_from_query` are pure
and unit-tested; :func:`sidebar_filter` draws the widgets, seeds them from the URL and
writes the URL back.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from strikemap.dashboard.url_state import FILTER_KEYS, with_filter
from strikemap.filters import EventFilter
from strikemap.language import is_language_code
from strikemap.language_names import language_label

__all__ = [
    "AREA_KEY",
    "DashboardFilter",
    "MapOptions",
    "current_filter",
    "current_map_options",
    "draw_filter_widgets",
    "filter_from_query",
    "filter_to_query",
    "map_options",
    "saved_filter_query",
    "sidebar_filter",
    "undated_from_query",
]

# query key -> EventFilter field, for the any-of fields (comma-separated in the URL).
_LIST_KEYS: dict[str, str] = {
    "actor": "actors",
    "claimant": "claimants",
    "country": "countries",
    "admin1": "admin1s",
    "precision": "precisions",
    "report": "report_ids",
    "language": "languages",
}
_SEP = "|"
"""List separator in query values: ``|`` is rare in names, unlike commas ("Homs, Syria")."""

_MAX_VALUES = 200
"""Cap on list values read from a URL, so a crafted link cannot blow up the SQL."""

_WIDGET_PREFIX = "flt_"
_SAVED_KEY = "_strikemap_filter_query"
_PENDING_DATES_KEY = "_strikemap_pending_dates"
_PENDING_ADMIN1_KEY = "_strikemap_pending_admin1s"
_HEAT_KEY = "map_heat"
_ONLINE_KEY = "map_online_tiles"
_PLAY_KEY = "map_play"


@dataclass(frozen=True, slots=True)
class DashboardFilter:
    """The sidebar's filter: an :class:`EventFilter` plus what to do with unknown dates.

    Attributes
    ----------
    events
        The store filter.
    include_undated
        Keep events whose date is unknown even when a date range is set (they are not in
        the range, but nothing says they are outside it). On by default, so narrowing the
        dates never silently hides them; turning it off hides them whatever the range.
    """

    events: EventFilter = field(default_factory=EventFilter)
    include_undated: bool = True


def filter_to_query(flt: EventFilter, *, include_undated: bool = True) -> dict[str, str]:
    """Return the URL query parameters for a filter (empty fields omitted).

    ``include_undated`` is written only when off (``undated=0``), its default being on.

    Examples
    --------
    >>> filter_to_query(EventFilter(actors=("Russia", "Syria"), contested_only=True))
    {'actor': 'Russia|Syria', 'contested': '1'}
    >>> filter_to_query(EventFilter(), include_undated=False)
    {'undated': '0'}
    """
    q: dict[str, str] = {}
    if flt.date_from is not None:
        q["from"] = flt.date_from.isoformat()
    if flt.date_to is not None:
        q["to"] = flt.date_to.isoformat()
    for key, attr in _LIST_KEYS.items():
        values = getattr(flt, attr)
        if values:
            q[key] = _SEP.join(values)
    if flt.target_text:
        q["target"] = flt.target_text
    if flt.contested_only:
        q["contested"] = "1"
    if flt.bbox is not None:
        q["bbox"] = ",".join(f"{v:g}" for v in flt.bbox)
    if flt.area:
        q["area"] = flt.area
    if not include_undated:
        q["undated"] = "0"
    return q


def undated_from_query(query: Mapping[str, Any]) -> bool:
    """Return whether a URL keeps undated events: only ``undated=0``/``false``/``no`` hides them."""
    return (_first(query.get("undated")) or "").strip().lower() not in ("0", "false", "no")


def _first(value: Any) -> str | None:
    # st.query_params yields the last value for a key; plain mappings may hold lists.
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if value is None:
        return None
    return str(value)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _area_key(value: str | None) -> str | None:
    # A key strikemap cannot resolve is dropped (and said so on the page), not guessed.
    if not value or len(value) > 200:
        return None
    from strikemap.gazetteer.area_polygons import UnknownAreaError, area_by_key

    try:
        return area_by_key(value.strip()).key
    except (UnknownAreaError, OSError):
        return None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        return None
    if len(parts) != 4 or not all(math.isfinite(v) for v in parts):
        return None
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        return None
    return (min_lon, min_lat, max_lon, max_lat)


def filter_from_query(query: Mapping[str, Any]) -> EventFilter:
    """Build a filter from URL query parameters; bad or unknown values are ignored.

    Parameters
    ----------
    query
        ``st.query_params`` or any mapping of key to string (or list of strings).

    Returns
    -------
    EventFilter
        Never raises: a malformed date, bbox or flag is dropped, not guessed.
    """
    kwargs: dict[str, Any] = {}
    date_from = _date(_first(query.get("from")))
    date_to = _date(_first(query.get("to")))
    if date_from and date_to and date_from > date_to:
        date_from = date_to = None  # an empty range is a broken link, not a filter
    kwargs["date_from"], kwargs["date_to"] = date_from, date_to
    for key, attr in _LIST_KEYS.items():
        raw = _first(query.get(key))
        if raw:
            values = [v.strip() for v in raw.split(_SEP) if v.strip()]
            kwargs[attr] = tuple(dict.fromkeys(values))[:_MAX_VALUES]
    if attr_value := (_first(query.get("target")) or "").strip():
        kwargs["target_text"] = attr_value[:200]
    kwargs["contested_only"] = (_first(query.get("contested")) or "").lower() in (
        "1",
        "true",
        "yes",
    )
    kwargs["bbox"] = _bbox(_first(query.get("bbox")))
    kwargs["area"] = _area_key(_first(query.get("area")))
    if kwargs.get("languages"):
        # Codes only (a crafted link's other text matches nothing anyway): "uk", "und".
        kwargs["languages"] = tuple(
            code
            for code in dict.fromkeys(v.lower() for v in kwargs["languages"])
            if is_language_code(code)
        )
    if "country" in query and kwargs.get("countries"):
        kwargs["countries"] = tuple(c.upper() for c in kwargs["countries"])
    return EventFilter(**kwargs)


@dataclass(frozen=True, slots=True)
class MapOptions:
    """How the map draws the filtered events (not part of the filter or the URL)."""

    heat: bool = False
    online_tiles: bool = False
    play: bool = False


def _known(values: Sequence[str], options: Sequence[str]) -> list[str]:
    allowed = set(options)
    return [v for v in values if v in allowed]


def _seed_widgets(
    st: Any, flt: EventFilter, facets: Any, include_undated: bool, *, check_claimants: bool = True
) -> None:
    # Widgets are seeded once per session (or when a new link is opened); afterwards
    # they own their values, so a rerun never fights the user's input.
    ss = st.session_state
    ss[_WIDGET_PREFIX + "undated"] = include_undated
    ss[_WIDGET_PREFIX + "actors"] = _known(flt.actors, facets.actors)
    ss[_WIDGET_PREFIX + "claimants"] = (
        _known(flt.claimants, facets.claimants) if check_claimants else list(flt.claimants)
    )
    ss[_WIDGET_PREFIX + "countries"] = _known(flt.countries, facets.countries)
    ss[_WIDGET_PREFIX + "admin1s"] = _known(flt.admin1s, facets.admin1s)
    ss[_WIDGET_PREFIX + "precisions"] = _known(flt.precisions, facets.precisions)
    ss[_WIDGET_PREFIX + "target"] = flt.target_text or ""
    ss[_WIDGET_PREFIX + "contested"] = flt.contested_only
    ss[_WIDGET_PREFIX + "reports"] = list(flt.report_ids)
    ss[AREA_KEY] = flt.area
    # Not checked against the facets: the map columns' facets hold no languages, and a
    # language the store lacks only matches nothing.
    ss[_WIDGET_PREFIX + "languages"] = list(flt.languages)
    if facets.date_min and facets.date_max:
        lo = max(flt.date_from or facets.date_min, facets.date_min)
        hi = min(flt.date_to or facets.date_max, facets.date_max)
        if lo > hi:
            lo, hi = facets.date_min, facets.date_max
        ss[_WIDGET_PREFIX + "dates"] = (lo, hi)


def set_date_range(st: Any, date_from: dt.date, date_to: dt.date) -> None:
    """Narrow the shared date filter (used by the timeline slider's callback)."""
    st.session_state[_WIDGET_PREFIX + "dates"] = (date_from, date_to)


def request_date_range(state: Any, date_from: dt.date, date_to: dt.date) -> None:
    """Ask for a new date filter from a page that has already drawn the date widget.

    A drawn widget's value cannot change in the same run; :func:`apply_requested_filters`
    sets it at the start of the next run (the caller reruns).
    """
    state[_PENDING_DATES_KEY] = (date_from, date_to)


def request_admin1s(state: Any, names: Sequence[str]) -> None:
    """Ask for the admin1 filter to hold ``names`` (set at the start of the next run)."""
    state[_PENDING_ADMIN1_KEY] = list(names)


def apply_requested_filters(state: Any) -> None:
    """Set the widgets to values asked for in the previous run (before they are drawn)."""
    pending = state.pop(_PENDING_DATES_KEY, None)
    if isinstance(pending, tuple) and len(pending) == 2:
        state[_WIDGET_PREFIX + "dates"] = pending
    admin1s = state.pop(_PENDING_ADMIN1_KEY, None)
    if isinstance(admin1s, list):
        state[_WIDGET_PREFIX + "admin1s"] = admin1s


def _seed_once(st: Any, facets: Any, *, check_claimants: bool = True) -> dict[str, str]:
    """Seed the widget state from the URL (new link) or the saved filter (first run).

    Returns the URL's query parameters as read at the start of this run.
    """
    ss = st.session_state
    url_query = {k: st.query_params.get(k) for k in st.query_params}
    # Only the filter's keys decide: the map position and the selected event change
    # without touching the filter.
    url_filter = {k: v for k, v in url_query.items() if k in FILTER_KEYS}
    query: Mapping[str, Any] | None = None
    if url_query and url_filter != ss.get(_SAVED_KEY):
        query = url_filter
    elif _WIDGET_PREFIX + "actors" not in ss:
        query = ss.get(_SAVED_KEY) or {}
    if query is not None:
        _seed_widgets(
            st,
            filter_from_query(query),
            facets,
            undated_from_query(query),
            check_claimants=check_claimants,
        )
    return url_query


def _filter_from_values(values: Mapping[str, Any], facets: Any) -> DashboardFilter:
    """Build the filter from the widgets' values (keyed without the widget prefix)."""
    date_from = date_to = None
    picked = values.get("dates")
    if (
        facets.date_min
        and facets.date_max
        and isinstance(picked, tuple | list)
        and len(picked) == 2
    ):
        lo, hi = picked
        # The full range means "no date restriction", which keeps undated events.
        if (lo, hi) != (facets.date_min, facets.date_max):
            date_from, date_to = lo, hi
    target = str(values.get("target") or "")
    flt = EventFilter(
        date_from=date_from,
        date_to=date_to,
        actors=tuple(values.get("actors") or ()),
        claimants=tuple(values.get("claimants") or ()),
        target_text=target.strip() or None,
        countries=tuple(values.get("countries") or ()),
        admin1s=tuple(values.get("admin1s") or ()),
        precisions=tuple(values.get("precisions") or ()),
        contested_only=bool(values.get("contested")),
        report_ids=tuple(values.get("reports") or ()),
        area=values.get("area") or None,
        languages=tuple(values.get("languages") or ()),
    )
    return DashboardFilter(flt, bool(values.get("undated", True)))


def _save_to_url(st: Any, view: DashboardFilter, url_query: Mapping[str, Any]) -> None:
    query = filter_to_query(view.events, include_undated=view.include_undated)
    st.session_state[_SAVED_KEY] = query
    # Merged into the address as it is now: the map may have written its position
    # during this run.
    current = st.query_params.to_dict() if hasattr(st.query_params, "to_dict") else url_query
    wanted = with_filter(current, query)
    if current != wanted:
        st.query_params.from_dict(wanted)


def saved_filter_query(state: Any) -> dict[str, str]:
    """Return the filter's query keys as the sidebar last wrote them (for page links)."""
    saved = state.get(_SAVED_KEY)
    return dict(saved) if isinstance(saved, Mapping) else {}


WIDGET_KEY_PREFIXES = (_WIDGET_PREFIX, _HEAT_KEY, _ONLINE_KEY, _PLAY_KEY)
"""Session keys of the sidebar's widgets, kept across page switches."""


_FILTER_FIELDS = (
    "dates",
    "undated",
    "actors",
    "claimants",
    "target",
    "countries",
    "admin1s",
    "precisions",
    "contested",
    "reports",
    "area",
    "languages",
)

AREA_KEY = _WIDGET_PREFIX + "area"
"""Session key of the area filter: set by the Areas page, cleared in the sidebar."""


def current_filter(facets: Any, *, check_claimants: bool = True) -> DashboardFilter:
    """Return the filter the sidebar widgets hold, before (or without) drawing them.

    Every filter widget is keyed and seeded (from the URL or the saved filter), so at
    the start of a run its value is already in ``st.session_state``: the Map page reads
    it here, draws the map, and only then draws the widgets
    (:func:`draw_filter_widgets`), so the browser starts loading the map before the
    widgets' scripts, which it would otherwise queue first.

    Parameters
    ----------
    facets
        :class:`strikemap.store.Facets`: the values the widgets offer.
    check_claimants
        Drop claimants that ``facets`` does not offer. Off when ``facets`` comes from
        the map columns, which hold no claimants: the store answers the claimant
        filter itself (an unknown claimant matches nothing), and the widget, drawn
        later with the store's facets, shows what it can offer.
    """
    import streamlit as st

    url_query = _seed_once(st, facets, check_claimants=check_claimants)
    ss = st.session_state
    values = {name: ss.get(_WIDGET_PREFIX + name) for name in _FILTER_FIELDS}
    # What the widgets will show: values the store no longer offers are dropped.
    checked = [
        ("actors", facets.actors),
        ("countries", facets.countries),
        ("admin1s", facets.admin1s),
        ("precisions", facets.precisions),
    ]
    if check_claimants:
        checked.append(("claimants", facets.claimants))
    for name, options in checked:
        values[name] = _known(list(values[name] or ()), options)
    view = _filter_from_values(values, facets)
    _save_to_url(st, view, url_query)
    return view


def draw_filter_widgets(facets: Any, report_choices: Sequence[str] = ()) -> DashboardFilter:
    """Draw the filter widgets in the sidebar; return the filter their values describe.

    Parameters
    ----------
    facets
        :class:`strikemap.store.Facets`: the values the widgets offer.
    report_choices
        Report/source identifiers to offer in the report filter.
    """
    import streamlit as st

    ss = st.session_state
    sb = st.sidebar
    sb.header("Filters")
    values: dict[str, Any] = {}
    if facets.date_min and facets.date_max:
        values["dates"] = sb.date_input(
            "Date range",
            min_value=facets.date_min,
            max_value=facets.date_max,
            key=_WIDGET_PREFIX + "dates",
        )
    values["undated"] = sb.checkbox(
        "Include events with an unknown date",
        key=_WIDGET_PREFIX + "undated",
        help="Reports often give no usable date. These events match no date range, "
        "and no range excludes them either: keep them (counted apart) or hide them.",
    )
    values["actors"] = sb.multiselect("Actor", facets.actors, key=_WIDGET_PREFIX + "actors")
    values["claimants"] = sb.multiselect(
        "Claimant", facets.claimants, key=_WIDGET_PREFIX + "claimants"
    )
    values["target"] = sb.text_input("Claimed target contains", key=_WIDGET_PREFIX + "target")
    values["countries"] = sb.multiselect(
        "Country", facets.countries, key=_WIDGET_PREFIX + "countries"
    )
    values["admin1s"] = sb.multiselect(
        "Admin1 area", facets.admin1s, key=_WIDGET_PREFIX + "admin1s"
    )
    values["precisions"] = sb.multiselect(
        "Location precision", facets.precisions, key=_WIDGET_PREFIX + "precisions"
    )
    values["contested"] = sb.checkbox("Contested only", key=_WIDGET_PREFIX + "contested")
    choices = list(dict.fromkeys([*report_choices, *ss.get(_WIDGET_PREFIX + "reports", [])]))
    values["reports"] = sb.multiselect("Report / source", choices, key=_WIDGET_PREFIX + "reports")
    values["area"] = _draw_area_filter(sb, ss.get(AREA_KEY))
    languages = list(
        dict.fromkeys(
            [*getattr(facets, "languages", ()), *ss.get(_WIDGET_PREFIX + "languages", [])]
        )
    )
    values["languages"] = sb.multiselect(
        "Report language",
        languages,
        key=_WIDGET_PREFIX + "languages",
        format_func=language_label,
        help="The language each report was detected to be written in when it was read.",
    )
    return _filter_from_values(values, facets)


def _clear_area() -> None:
    import streamlit as st

    st.session_state[AREA_KEY] = None


def _draw_area_filter(sb: Any, key: str | None) -> str | None:
    # Set by clicking an area on the Areas page; shown here so it is never a hidden filter.
    if not key:
        return None
    from strikemap.dashboard.plain_text import markdown_text
    from strikemap.gazetteer.area_polygons import UnknownAreaError, area_by_key

    try:
        area = area_by_key(key)
        label = f"{area.name} ({area.country}, {area.level})"
    except (UnknownAreaError, OSError):
        label = key
    sb.markdown("**Area:** " + markdown_text(label))
    sb.button("Clear the area filter", key="flt_area_clear", on_click=_clear_area)
    return key


def sidebar_filter(facets: Any, report_choices: Sequence[str] = ()) -> DashboardFilter:
    """Draw the filter widgets in the sidebar and return the filter they describe.

    Seeds the widgets from the URL query string on first use, and writes the current
    filter back to the URL so the address bar always reproduces the view.

    Parameters
    ----------
    facets
        :class:`strikemap.store.Facets`: the values the widgets offer.
    report_choices
        Report/source identifiers to offer in the report filter.
    """
    import streamlit as st

    url_query = _seed_once(st, facets)
    view = draw_filter_widgets(facets, report_choices)
    _save_to_url(st, view, url_query)
    return view


def current_map_options() -> MapOptions:
    """Return the map display toggles' values before (or without) drawing them."""
    import streamlit as st

    ss = st.session_state
    return MapOptions(
        heat=bool(ss.get(_HEAT_KEY, False)),
        online_tiles=bool(ss.get(_ONLINE_KEY, False)),
        play=bool(ss.get(_PLAY_KEY, False)),
    )


def map_options() -> MapOptions:
    """Draw the map display toggles in the sidebar (online tiles are off by default)."""
    import streamlit as st

    sb = st.sidebar
    sb.header("Map")
    play = sb.toggle(
        "Play through time",
        key=_PLAY_KEY,
        help="Step through the strikes in view day by day (or week, or month), "
        "each period with a fading trail of the ones before.",
    )
    heat = sb.toggle("Heat map", key=_HEAT_KEY, disabled=bool(play))
    online = sb.toggle(
        "Online base maps (OpenStreetMap, Esri imagery)",
        key=_ONLINE_KEY,
        help="Off by default: with it on, the browser fetches map tiles from those hosts.",
    )
    return MapOptions(heat=bool(heat), online_tiles=bool(online), play=bool(play))
