"""Import a GeoNames country dump (``UA.zip``, with its alternate names) as a layer.

Populated places, administrative units, terrain and landmarks become places with their
kind, population, first-level area (named as the base index names it) and the names of
every language the dump's alternate names carry; administrative units cover their
member places. :func:`download_geonames` fetches dumps through the URL guard.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from strikemap import safe_fetch, settings
from strikemap.gazetteer._store import (
    PLACE_COLUMNS,
    row_to_place,
)
from strikemap.gazetteer.build import (
    alt_ok,
    city_kind,
    covering_radius_km,
    read_curated,
)
from strikemap.gazetteer.layer_files import (
    Admin1Namer,
    GazetteerImportError,
    ImportReport,
    LayerRows,
    check_layer_name,
    write_layer,
)
from strikemap.model import Place, PlaceKind

_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid"})


_GN_COLUMNS = 19


def _gn_kind(fclass: str, fcode: str, pop: int) -> tuple[PlaceKind, float] | None:
    if fclass == "P":
        if fcode in ("PPLX",):
            return "neighbourhood", 1.5
        return city_kind(pop)
    if fclass == "A":
        if fcode == "ADM1":
            return "admin1", 50.0
        if fcode == "ADM2":
            return "admin2", 15.0
        if fcode in ("ADM3", "ADM4", "ADM5", "ADMD"):
            return "district", 8.0
        if fcode in ("PCLI", "PCLD", "PCLS", "PCLF", "TERR"):
            return "country", 300.0
        return None
    if fclass in ("T", "L"):
        return "region", 10.0
    if fclass == "S" or (fclass == "H" and fcode in ("DAM", "RSV")):
        return "landmark", 1.0
    return None


def _base_admin1_by_code(directory: Path | None) -> dict[tuple[str, str], Place]:
    """Return the base index's first-level areas by (country, GeoNames admin1 code).

    Curated areas carry their code in ``curated.csv``; generated ones have the id
    ``gn-admin1:CC.code``. Empty when no base index is built yet.
    """
    import sqlite3

    index = (directory or settings.gazetteer_dir()) / "index.sqlite"
    if not index.exists():
        return {}
    con = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = con.execute(f"SELECT {PLACE_COLUMNS} FROM places WHERE kind = 'admin1'").fetchall()
    except sqlite3.Error:
        return {}
    finally:
        con.close()
    areas = [row_to_place(r) for r in rows]
    try:
        _curated, codes = read_curated()
    except (OSError, ValueError):
        codes = {}
    by_name = {(p.country, p.name): p for p in areas}
    out: dict[tuple[str, str], Place] = {}
    for (cc, code), nm in sorted(codes.items()):
        if (cc, nm) in by_name:
            out[(cc, code)] = by_name[(cc, nm)]
    for p in sorted(areas, key=lambda a: a.id):
        if p.id.startswith("gn-admin1:"):
            cc, _, code = p.id.split(":", 1)[1].partition(".")
            out.setdefault((cc, code), p)
    return out


_ADMIN_LEVEL = {"ADM1": 1, "ADM2": 2, "ADM3": 3, "ADM4": 4}


def _admin_unit(cols: Sequence[str]) -> tuple[str, ...] | None:
    """Return the (country, admin codes...) key of an ADM1-ADM4 row, None otherwise."""
    level = _ADMIN_LEVEL.get(cols[7])
    if level is None or not all(cols[10 : 10 + level]):
        return None
    return (cols[8], *cols[10 : 10 + level])


def _admin_extents(
    rows: Sequence[tuple[int, Sequence[str]]],
) -> dict[tuple[str, ...], list[tuple[float, float]]]:
    """Return the populated places of each administrative unit, by its codes key."""
    members: dict[tuple[str, ...], list[tuple[float, float]]] = {}
    for _lineno, c in rows:
        if c[6] != "P":
            continue
        try:
            pt = (float(c[4]), float(c[5]))
        except ValueError:
            continue
        for level in range(1, 5):
            codes = c[10 : 10 + level]
            if not all(codes):
                break
            members.setdefault((c[8], *codes), []).append(pt)
    return members


def _read_alternate_names(path: Path) -> dict[str, list[str]]:
    alts: dict[str, list[str]] = {}
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                raise GazetteerImportError(
                    f"{path.name}:{lineno}: expected >= 4 tab-separated columns "
                    f"(alternateNames format), found {len(cols)}"
                )
            if cols[2] in _SKIP_LANGS or not alt_ok(cols[3]):
                continue
            alts.setdefault(cols[1], []).append(cols[3])
    return alts


def _open_text(path: Path) -> io.TextIOWrapper:
    """Open a text file, or the single ``.txt`` inside a ``.zip``."""
    if path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(path)
        members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
        if not members:
            raise GazetteerImportError(f"{path.name}: no .txt file inside the zip")
        return io.TextIOWrapper(zf.open(members[0]), encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def import_geonames(
    path: Path,
    *,
    alternate_names: Path | None = None,
    name: str | None = None,
    directory: Path | None = None,
) -> ImportReport:
    """Import a GeoNames dump (``SY.txt``/``SY.zip``, 19 tab-separated columns).

    Parameters
    ----------
    path
        The country (or ``allCountries``) dump.
    alternate_names
        Optional ``alternateNames``/``alternateNamesV2`` file for the same places.
    name
        Layer name (default ``geonames-<file stem>``).
    directory
        The gazetteer directory.

    Returns
    -------
    ImportReport
        Counts and rejected rows.

    Raises
    ------
    GazetteerImportError
        When a line does not have 19 columns, or nothing usable was found.
    """
    layer = name or f"geonames-{path.stem.lower()}"
    check_layer_name(layer)
    alts = _read_alternate_names(alternate_names) if alternate_names else {}
    rows: list[tuple[int, list[str]]] = []
    admin1: dict[tuple[str, str], str] = {}
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line:
                continue
            cols = line.split("\t")
            if len(cols) != _GN_COLUMNS:
                raise GazetteerImportError(
                    f"{path.name}:{lineno}: expected {_GN_COLUMNS} tab-separated columns "
                    f"(GeoNames dump format), found {len(cols)}"
                )
            rows.append((lineno, cols))
            if cols[7] == "ADM1":
                admin1[(cols[8], cols[10])] = cols[1]
    namer = Admin1Namer()
    base_areas = _base_admin1_by_code(directory)
    extents = _admin_extents(rows)
    col = LayerRows()
    for lineno, c in rows:
        try:
            lat, lon = float(c[4]), float(c[5])
            pop = int(c[14] or 0)
        except ValueError:
            col.add(lineno, None, "bad number in latitude/longitude/population")
            continue
        kind = _gn_kind(c[6], c[7], pop)
        if kind is None:
            continue  # feature classes strike reports do not name (streams, roads...)
        cc = c[8]
        names = [c[2], *c[3].split(","), *alts.get(c[0], [])]
        alt_names = tuple(
            dict.fromkeys(a.strip() for a in names if a.strip() and a.strip() != c[1] and alt_ok(a))
        )
        base = base_areas.get((cc, c[10])) if c[10] else None
        # Places keep the base index's name for their first-level area (matched by the
        # GeoNames admin1 code), so that "X, Sumy" finds the villages of the area the
        # rest of strikemap calls "Sumy Oblast" (GeoNames spells it "Sumska Oblast").
        a1 = base.name if base is not None else admin1.get((cc, c[10])) if c[10] else None
        if kind[0] == "admin1" and base is None:
            a1 = c[1]
        radius = kind[1]
        unit = _admin_unit(c)
        if unit is not None and unit in extents:
            # An administrative unit covers its member places: its radius is their
            # extent from its point, not a fixed figure per level.
            radius = covering_radius_km(lat, lon, extents[unit], floor_km=kind[1] / 5)
        if kind[0] == "admin1" and base is not None:
            # The same area as an entry of the base index: one entry (its id, name and
            # point) with GeoNames' names added, not a rival that makes it ambiguous.
            merged = tuple(dict.fromkeys((*base.alt_names, c[1], *alt_names)))
            col.add(
                lineno,
                replace(
                    base,
                    alt_names=tuple(a for a in merged if a != base.name),
                    uncertainty_km=max(base.uncertainty_km or 0.0, radius),
                ),
            )
            continue
        col.add(
            lineno,
            Place(
                id=f"gn:{c[0]}",
                name=c[1],
                kind=kind[0],
                country=cc,
                admin1=a1 if base is not None else namer(cc, a1),
                lat=lat,
                lon=lon,
                population=pop,
                alt_names=alt_names,
                source="geonames-dump",
                uncertainty_km=radius,
            ),
        )
    return write_layer(layer, directory, col, f"GeoNames dump {path.name}")


# ---------------------------------------------------------------------- download
def download_geonames(
    countries: Sequence[str],
    base_url: str = "https://download.geonames.org/export/dump/",
    timeout: float = 15.0,
    dest: Path | None = None,
    *,
    allow_private: bool | None = None,
) -> list[tuple[Path, Path | None]]:
    """Download GeoNames country dumps and their alternate names.

    Fetched through :mod:`strikemap.safe_fetch`: a ``base_url`` (or a redirect) leading
    to a loopback, private or other non-public address is refused unless allowed.

    Parameters
    ----------
    countries
        ISO2 codes.
    base_url
        The dump root; ``CC.zip`` and ``alternatenames/CC.zip`` are fetched from it.
    timeout
        Seconds per request; an unreachable server fails after at most this long.
    dest
        Download folder (default ``<gazetteer dir>/downloads``).
    allow_private
        Let ``base_url`` be a private or loopback address (an intranet mirror); ``None``
        reads ``STRIKEMAP_ALLOW_PRIVATE_URLS``.

    Returns
    -------
    list of (Path, Path or None)
        Per country, the dump zip and the alternate-names zip (``None`` when the
        server has none).

    Raises
    ------
    GazetteerImportError
        When a dump cannot be fetched (offline, unknown country, HTTP error) or its
        address is refused.
    """
    dest = dest or settings.gazetteer_dir() / "downloads"
    dest.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    out: list[tuple[Path, Path | None]] = []
    for cc in countries:
        cc = cc.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", cc):
            raise GazetteerImportError(f"invalid country code {cc!r}")
        main = _download(base + f"{cc}.zip", dest / f"{cc}.zip", timeout, allow_private)
        try:
            alt: Path | None = _download(
                base + f"alternatenames/{cc}.zip",
                dest / f"{cc}-alternatenames.zip",
                timeout,
                allow_private,
            )
        except GazetteerImportError as exc:
            if isinstance(exc.__cause__, safe_fetch.URLRefusedError):
                raise  # a refused redirect is reported, not taken for a missing file
            alt = None
        out.append((main, alt))
    return out


def _download(url: str, target: Path, timeout: float, allow_private: bool | None) -> Path:
    tmp = target.with_name(target.name + ".part")
    try:
        with tmp.open("wb") as fh:
            safe_fetch.copy_url(url, fh, timeout=timeout, allow_private=allow_private)
    except safe_fetch.URLRefusedError as exc:
        tmp.unlink(missing_ok=True)
        raise GazetteerImportError(str(exc)) from exc
    except (safe_fetch.FetchError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        reason = exc.reason if isinstance(exc, safe_fetch.FetchError) else exc
        raise GazetteerImportError(
            f"cannot download {url}: {reason} (offline? download the file elsewhere and "
            "use 'strikemap gazetteer import geonames FILE')"
        ) from exc
    if not zipfile.is_zipfile(tmp):
        tmp.unlink()
        raise GazetteerImportError(f"cannot download {url}: the server did not send a zip file")
    tmp.replace(target)
    return target
