"""Score the resolver on gold place lists (name, country, coordinates, optional admin1)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from strikemap.gazetteer.base import ResolveContext
from strikemap.gazetteer.geo import haversine_km
from strikemap.gazetteer.index import Gazetteer


@dataclass(frozen=True, slots=True)
class PlacesScore:
    """Figures of one evaluation run.

    Attributes
    ----------
    n
        Rows scored (rows without a name or coordinates are skipped).
    resolved
        Rows that got a location.
    within_1, within_10, within_25
        Rows whose location is within 1/10/25 km of the gold point (share of ``n``).
    median_error_km
        Median error over resolved rows (``None`` when none resolved).
    admin1_correct
        Share of rows with a gold admin1 whose location (or admin1 fallback) names the
        same admin1; ``admin1_n`` is how many rows had a gold admin1.
    misplaced_25
        Resolved rows more than 25 km off (placed wrongly rather than left unresolved).
    """

    n: int
    resolved: int
    within_1: int
    within_10: int
    within_25: int
    median_error_km: float | None
    admin1_n: int
    admin1_correct: int
    misplaced_25: int

    def as_text(self) -> str:
        """Return the figures as a short human-readable block."""

        def pct(k: int, n: int) -> str:
            return f"{100 * k / n:.1f}%" if n else "n/a"

        med = "n/a" if self.median_error_km is None else f"{self.median_error_km:.2f} km"
        return "\n".join(
            [
                f"n                {self.n}",
                f"resolved         {pct(self.resolved, self.n)}",
                f"within 1 km      {pct(self.within_1, self.n)}",
                f"within 10 km     {pct(self.within_10, self.n)}",
                f"within 25 km     {pct(self.within_25, self.n)}",
                f"median error     {med}",
                f"admin1 correct   {pct(self.admin1_correct, self.admin1_n)} (of {self.admin1_n})",
                f"misplaced >25 km {pct(self.misplaced_25, self.n)}",
            ]
        )


def _country_code(gazetteer: Gazetteer, value: str) -> str:
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    for c in gazetteer.lookup(v, limit=5):
        if c.place.kind == "country" and "exact" in c.reason:
            return c.place.country
    return ""


def evaluate_places(
    rows: Iterable[Mapping[str, str]],
    gazetteer: Gazetteer,
    *,
    use_admin1_hint: bool = True,
    name_field: str = "name",
) -> PlacesScore:
    """Resolve every row's name and compare with its gold coordinates.

    Parameters
    ----------
    rows
        Mappings with ``name`` (or ``name_field``), ``country`` (ISO2 or a country
        name), ``latitude``, ``longitude`` and optionally ``admin1``.
    gazetteer
        The gazetteer to evaluate.
    use_admin1_hint
        Pass the row's admin1 to the resolver as the admin hint (as a notes CSV or a
        report naming the province would); the admin1 figure then measures whether the
        result stays consistent with it.
    name_field
        The column holding the place name (``"location"`` for ACLED notes).

    Returns
    -------
    PlacesScore
        The counts.
    """
    n = resolved = w1 = w10 = w25 = a_n = a_ok = bad = 0
    errors: list[float] = []
    cc_cache: dict[str, str] = {}
    for row in rows:
        name = (row.get(name_field) or "").strip()
        try:
            glat, glon = float(row["latitude"]), float(row["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        if not name:
            continue
        n += 1
        country_raw = (row.get("country") or "").strip()
        if country_raw not in cc_cache:
            cc_cache[country_raw] = _country_code(gazetteer, country_raw) if country_raw else ""
        cc = cc_cache[country_raw]
        admin1 = (row.get("admin1") or row.get("governorate") or "").strip() or None
        ctx = ResolveContext(
            countries=(cc,) if cc else (),
            admin_hint=admin1 if use_admin1_hint else None,
        )
        res = gazetteer.resolve(name, ctx)
        loc = res.location
        if loc is not None:
            resolved += 1
            d = haversine_km(glat, glon, loc.lat, loc.lon)
            errors.append(d)
            w1 += d <= 1
            w10 += d <= 10
            w25 += d <= 25
            bad += d > 25
        if admin1:
            a_n += 1
            got = loc or res.fallback
            if got is not None and gazetteer.same_admin1(got.admin1, admin1, cc or None):
                a_ok += 1
    return PlacesScore(
        n=n,
        resolved=resolved,
        within_1=w1,
        within_10=w10,
        within_25=w25,
        median_error_km=statistics.median(errors) if errors else None,
        admin1_n=a_n,
        admin1_correct=a_ok,
        misplaced_25=bad,
    )
