"""Admin names worldwide: the admin1/admin2 of any point, and first-level units by name.

Two shipped tables built by tools/build_geo_admin.py from GeoNames: `geo_admin_points.tsv.gz`
(places with their admin1/admin2 names) and `geo_admin1_world.tsv` (each country's admin1
units with a mean point).  The theatre's own OCHA units stay in the gazetteer; these tables
name the units of every other country (and fill gaps of the theatre's).
"""

from __future__ import annotations

import gzip
import math
import re
from dataclasses import dataclass, replace
from functools import cache

from anyascii import anyascii

from frontwire.data_files import data_path
from frontwire.geo.fold import fold
from frontwire.geo.gazetteer import haversine_km
from frontwire.geo.tables import data_rows
from frontwire.model import Place

# compass bearings in degrees counter-clockwise from east, as atan2 gives them
_BEARINGS = {"e": 0.0, "ne": 45.0, "n": 90.0, "nw": 135.0, "w": 180.0, "sw": -135.0, "s": -90.0, "se": -45.0}
_CELL = 0.5  # degrees: grid cell of the point index (~55 km)
_REACH = 4  # cells searched around a point: up to ~220 km (the Sahara's places lie far apart)


_TOKEN = re.compile(r"[^\W\d_]+")
# Compass words: an admin1 called "North" or "Centre" is never recognised by that name alone.
_COMPASS = frozenset(
    "north south east west northern southern eastern western central centre center nord sud est ouest".split()
    + "northeast northwest southeast southwest far upper lower middle".split()
)


def _plain(name: str) -> str:
    """Letters and digits only, lower case, marks dropped: "Nariño" and "Narino" are one spelling
    ("Congo" is no spelling of Koungou, though they fold alike)."""
    return "".join(ch for ch in anyascii(name).lower() if ch.isalnum())


@dataclass(frozen=True)
class Admin1:
    """One first-level admin unit of a country."""

    country: str  # ISO2
    name: str
    lat: float
    lon: float
    places: int
    with_admin2: int


class WorldAdmin:
    """Point -> (admin1, admin2) by the nearest GeoNames place of the same country; names -> units."""

    def __init__(self) -> None:
        self._text: str | None = None  # the points file, read on the first point look-up
        self._cells: dict[str, dict[tuple[int, int], list[tuple[float, float, str, str]]]] = {}
        self.units: list[Admin1] = []
        self._by_key: dict[str, list[Admin1]] = {}
        self._plain: set[str] = set()  # every spelling, letters only: text must match one exactly
        self._firsts: set[str] = set()  # the first words of the spellings: most capitalised words start none
        for row in data_rows("geo_admin1_world.tsv"):
            cc, name, lat, lon, n, n2 = row[:6]
            unit = Admin1(cc, name, float(lat), float(lon), int(n), int(n2))
            self.units.append(unit)
            spellings = [name, *(row[6].split("|") if len(row) > 6 and row[6] else [])]
            # folded keys come with the table (folding 5,000 names took a visible share of a start)
            keys = row[7].split("|") if len(row) > 7 and row[7] else [fold(sp) for sp in spellings]
            for spelling in spellings:
                self._plain.add(_plain(spelling))
                self._firsts.add(_plain(_TOKEN.findall(spelling)[0]) if _TOKEN.search(spelling) else "")
            for k in keys:
                if k and unit not in self._by_key.get(k, []):
                    self._by_key.setdefault(k, []).append(unit)

    def _country_cells(self, country: str) -> dict[tuple[int, int], list[tuple[float, float, str, str]]]:
        """The grid of one country's places, parsed when first asked for (the file is sorted by
        country: its rows are one slice of the text, found without splitting the rest)."""
        cells = self._cells.get(country)
        if cells is None:
            if self._text is None:
                with gzip.open(data_path("geo_admin_points.tsv.gz"), "rt", encoding="utf-8") as f:
                    self._text = "\n" + f.read()
            cells = {}
            mark = f"\n{country}\t"
            first, last = self._text.find(mark), self._text.rfind(mark)
            if first >= 0:
                end = self._text.find("\n", last + 1)
                for line in self._text[first + 1 : end if end >= 0 else None].split("\n"):
                    _, lat, lon, a1, a2 = line.split("\t")
                    y, x = float(lat), float(lon)
                    cells.setdefault((math.floor(y / _CELL), math.floor(x / _CELL)), []).append((y, x, a1, a2))
            self._cells[country] = cells
        return cells

    def names_at(self, country: str, lat: float, lon: float) -> tuple[str, str] | None:
        """(admin1, admin2) of the nearest listed place of `country` (ISO2) to the point; None if
        the country has no listed place within reach.  admin2 may be ""."""
        cells = self._country_cells(country)
        cy, cx = math.floor(lat / _CELL), math.floor(lon / _CELL)
        best, bd = None, math.inf
        for ring in range(_REACH + 1):
            for dy in range(-ring, ring + 1):
                for dx in range(-ring, ring + 1):
                    if max(abs(dy), abs(dx)) != ring:
                        continue
                    for y, x, a1, a2 in cells.get((cy + dy, cx + dx), ()):
                        d = haversine_km(lat, lon, y, x)
                        if d < bd:
                            best, bd = (a1, a2), d
            if best is not None and bd <= ring * _CELL * 111 * math.cos(math.radians(min(abs(lat), 80))):
                break  # nothing in a further ring can be nearer
        return best

    def part_point(self, unit: Admin1, direction: str) -> tuple[float, float] | None:
        """Mean point of the unit's places lying in `direction` ("n", "se"...) from its centre,
        None when it has none there: "northern Borno" is put among Borno's northern towns."""
        angle = _BEARINGS.get(direction)
        if angle is None:
            return None
        lat0, lon0 = unit.lat, unit.lon
        k = math.cos(math.radians(lat0))
        pts = []
        for cell in self._country_cells(unit.country).values():
            for y, x, a1, _ in cell:
                if a1 == unit.name and (y, x) != (lat0, lon0):
                    a = math.degrees(math.atan2(y - lat0, (x - lon0) * k))
                    if abs((a - angle + 180) % 360 - 180) <= 67.5:
                        pts.append((y, x))
        if not pts:
            return None
        return round(sum(p[0] for p in pts) / len(pts), 4), round(sum(p[1] for p in pts) / len(pts), 4)

    def admin1_named(self, name: str) -> list[Admin1]:
        """The admin1 units called `name` (any spelling GeoNames gives), most places first."""
        return sorted(self._by_key.get(fold(name), []), key=lambda u: (-u.places, u.country, u.name))

    def mentions(self, text: str, skip: dict[str, str]) -> list[tuple[int, int, list[Admin1]]]:
        """Admin1 names in running text as (start, end, units), longest first: capitalised
        words ("Borno", "Lower Juba", "Valle del Cauca"), never a compass word alone ("North")
        nor a word of `skip` (common words: "Delta", "Plateau").  A name several countries
        share gives all of them."""
        toks = list(_TOKEN.finditer(text))
        out: list[tuple[int, int, list[Admin1]]] = []
        i = 0
        while i < len(toks):
            hit = None
            first = toks[i].group()
            if first[:1].isupper() and _plain(first) in self._firsts:
                for j in range(min(len(toks), i + 4), i, -1):
                    if any(text[a.end() : b.start()] not in (" ", "-") for a, b in zip(toks[i:j], toks[i + 1 : j])):
                        continue
                    span = text[toks[i].start() : toks[j - 1].end()]
                    if not toks[j - 1].group()[:1].isupper() or span.lower() in skip:
                        continue
                    units = self._by_key.get(fold(span)) if _plain(span) in self._plain else None
                    if units and not all(w.lower() in _COMPASS for w in re.split(r"[\s-]+", span)):
                        hit = (toks[i].start(), toks[j - 1].end(), list(units), j)
                        break
            if hit:
                out.append(hit[:3])
                i = hit[3]
            else:
                i += 1
        return out

    def of_country(self, country: str) -> list[Admin1]:
        """A country's admin1 units (ISO2), by name."""
        return sorted((u for u in self.units if u.country == country), key=lambda u: u.name)


@cache
def world_admin() -> WorldAdmin:
    """The shared tables (the point index is read on the first point look-up)."""
    return WorldAdmin()


def with_admin_names(p: Place, iso2: str | None, theatre_iso2: str) -> Place:
    """`p` with the admin1/admin2 names of where it lies, when the gazetteer gave none
    (the theatre's OCHA names, where present, are kept)."""
    if not iso2 or p.latitude is None or p.longitude is None or p.feature == "country":
        return p
    if p.admin1 and (p.admin2 or iso2 == theatre_iso2 or p.feature == "admin1"):
        return p
    found = world_admin().names_at(iso2, p.latitude, p.longitude)
    if found is None:
        return p
    a1, a2 = found
    if p.admin1 and fold(p.admin1) != fold(a1):
        return p  # the unit the report named wins; a border place's neighbour says nothing
    if p.feature == "admin1":
        return replace(p, admin1=p.admin1 or a1)
    return replace(p, admin1=p.admin1 or a1, admin2=p.admin2 or a2 or None)
