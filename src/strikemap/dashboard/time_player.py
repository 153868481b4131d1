"""Play the map through time: each day's, week's or month's strikes, with a short trail.

The player runs in the browser, inside the map: the matching dated strikes in view are
sent once as compact rows (position, colour, period), and a Leaflet control steps
through the periods (play and pause, a slider, the period's dates). The current period's
strikes are drawn full size; the :data:`TRAIL` periods before it fade out behind them,
so a campaign's movement reads as motion. Nothing from a report's text is sent: only
coordinates, colours and dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from branca.element import MacroElement
from folium.template import Template

from strikemap.dashboard.colours import UNKNOWN_COLOUR
from strikemap.dashboard.columns import NO_DAY, EventColumns

__all__ = ["MAX_PLAYED", "TRAIL", "PlayerData", "TimePlayer", "player_data", "step_for_span"]

MAX_PLAYED = 20_000
"""Up to this many strikes play smoothly in a browser; beyond, the page asks to narrow."""

TRAIL = 3
"""How many earlier periods stay on the map, fading."""

_EPOCH = dt.date(1970, 1, 1)


def step_for_span(days: int) -> str:
    """Return the player's step for a span of ``days``: as the timeline bins it."""
    from strikemap.dashboard.timeline import unit_for_span

    return unit_for_span(days)[1]


def _period_start(day: dt.date, step: str) -> dt.date:
    if step == "week":
        return day - dt.timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    if step == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    if step == "year":
        return day.replace(month=1, day=1)
    return day


def _next_month(start: dt.date, months: int) -> dt.date:
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _next_start(start: dt.date, step: str) -> dt.date:
    if step == "week":
        return start + dt.timedelta(days=7)
    if step == "month":
        return _next_month(start, 1)
    if step == "quarter":
        return _next_month(start, 3)
    if step == "year":
        return _next_month(start, 12)
    return start + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PlayerData:
    """What the player draws: rows ``[lat, lon, colour index, period index]``."""

    step: str
    periods: list[str]  # each period's first day, ISO
    colours: list[str]
    rows: list[list[float | int]]
    n_undated: int
    n_too_many: int  # > 0: more strikes in view than MAX_PLAYED; nothing is sent


def player_data(
    cols: EventColumns,
    mask: np.ndarray,
    box: tuple[float, float, float, float] | None,
    colours: Mapping[str, str],
) -> PlayerData:
    """Build the player's rows from the matching events (in ``box`` when given)."""
    chosen = mask & cols.in_box(*box) if box is not None else mask
    dated = chosen & (cols.day != NO_DAY)
    n_undated = int((chosen & (cols.day == NO_DAY)).sum())
    n = int(dated.sum())
    if n == 0 or n > MAX_PLAYED:
        return PlayerData("day", [], [], [], n_undated, n if n > MAX_PLAYED else 0)
    days = cols.day[dated].astype(np.int64)
    first = _EPOCH + dt.timedelta(days=int(days.min()))
    last = _EPOCH + dt.timedelta(days=int(days.max()))
    step = step_for_span((last - first).days)
    starts: list[dt.date] = []
    start = _period_start(first, step)
    while start <= last:
        starts.append(start)
        start = _next_start(start, step)
    start_days = np.array([(s - _EPOCH).days for s in starts], dtype=np.int64)
    period = np.searchsorted(start_days, days, side="right") - 1
    names = cols.actor_names(cols.actor[dated])
    palette: list[str] = []
    index: dict[str, int] = {}
    colour_idx = []
    for name in names:
        # Actors grouped as "other" already map to the "other" colour.
        colour = colours.get(str(name), UNKNOWN_COLOUR)
        if colour not in index:
            index[colour] = len(palette)
            palette.append(colour)
        colour_idx.append(index[colour])
    lat = np.round(cols.lat[dated], 4)
    lon = np.round(cols.lon[dated], 4)
    order = np.lexsort((cols.ids[dated], period))
    rows = [
        [float(lat[i]), float(lon[i]), int(colour_idx[i]), int(period[i])] for i in order.tolist()
    ]
    return PlayerData(step, [s.isoformat() for s in starts], palette, rows, n_undated, 0)


class TimePlayer(MacroElement):  # type: ignore[misc]
    """The player: a layer of the current and trailing periods, and its control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var data = {{ this.payload|tojson }};
            var layer = L.layerGroup().addTo(group);
            var renderer = L.canvas({padding: 0.2});
            var byPeriod = {};
            data.rows.forEach(function (r) {
                (byPeriod[r[3]] = byPeriod[r[3]] || []).push(r);
            });
            var n = data.periods.length, current = 0, timer = null;
            var ctl = L.control({position: 'bottomleft'});
            var label, slider, button, box;
            function periodLabel(i) {
                var s = data.periods[i];
                var e = i + 1 < n ? data.periods[i + 1] : null;
                if (data.step === 'day' || !e) { return s + (data.step === 'day' ? '' : ' →'); }
                var end = new Date(Date.parse(e) - 86400000).toISOString().slice(0, 10);
                return s + ' – ' + end;
            }
            function draw(i) {
                current = i;
                layer.clearLayers();
                var count = 0, trailing = 0;
                for (var k = data.trail; k >= 0; k--) {
                    var rows = byPeriod[i - k] || [];
                    var fade = k === 0 ? 0.95 : 0.5 - 0.12 * k;
                    rows.forEach(function (r) {
                        L.circleMarker([r[0], r[1]], {renderer: renderer, radius: k === 0 ? 7 : 4,
                            color: k === 0 ? '#222' : data.colours[r[2]], weight: k === 0 ? 1 : 0,
                            fillColor: data.colours[r[2]], fillOpacity: fade,
                            className: k === 0 ? 'sm-play-now' : 'sm-play-trail',
                            interactive: false}).addTo(layer);
                    });
                    if (k === 0) { count = rows.length; } else { trailing += rows.length; }
                }
                // Drawn on a canvas, so the counts are also kept on the control, where
                // assistive tools and tests can read them.
                box.dataset.now = count;
                box.dataset.trail = trailing;
                slider.value = i;
                label.textContent = periodLabel(i) + ' · ' + count + ' strike' +
                    (count === 1 ? '' : 's');
            }
            function stop() {
                if (timer) { clearInterval(timer); timer = null; }
                button.textContent = '▶';
                button.title = 'Play';
            }
            function play() {
                if (current >= n - 1) { draw(0); }
                timer = setInterval(function () {
                    // Quiet periods are skipped while playing (the label shows the
                    // dates, so the jump is visible); the slider still reaches them.
                    var next = current + 1;
                    while (next < n - 1 && !byPeriod[next]) { next++; }
                    if (next > n - 1) { stop(); return; }
                    draw(next);
                    if (next >= n - 1) { stop(); }
                }, data.interval);
                button.textContent = '⏸';
                button.title = 'Pause';
            }
            ctl.onAdd = function () {
                var div = box = L.DomUtil.create('div', 'sm-player');
                div.style.cssText = 'background:rgba(255,255,255,.95);padding:6px 8px;' +
                    'font:12px sans-serif;border-radius:4px;box-shadow:0 0 4px rgba(0,0,0,.3);' +
                    'display:flex;align-items:center;gap:8px;min-width:320px';
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                button = L.DomUtil.create('button', 'sm-play-button', div);
                button.type = 'button';
                button.style.cssText = 'font-size:14px;width:32px;height:28px;cursor:pointer';
                slider = L.DomUtil.create('input', 'sm-play-slider', div);
                slider.type = 'range';
                slider.min = 0;
                slider.max = Math.max(n - 1, 0);
                slider.style.flex = '1';
                label = L.DomUtil.create('span', 'sm-play-label', div);
                label.style.cssText = 'white-space:nowrap;min-width:150px';
                button.addEventListener('click', function () { timer ? stop() : play(); });
                slider.addEventListener('input', function () { stop(); draw(+slider.value); });
                stop();
                if (n) { draw(current); }
                return div;
            };
            group.on('add', function () { ctl.addTo(group._map); });
            group.on('remove', function () { stop(); ctl.remove(); });
            if (group._map) { ctl.addTo(group._map); }
        })();
        {% endmacro %}
        """
    )

    def __init__(self, data: PlayerData, *, interval_ms: int = 700) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TimePlayer"
        self.payload: dict[str, Any] = {
            "step": data.step,
            "periods": data.periods,
            "colours": data.colours,
            "rows": data.rows,
            "trail": TRAIL,
            "interval": int(interval_ms),
        }
