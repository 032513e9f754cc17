"""Region phrases and admin units: "southeastern Idlib countryside", "west of Aleppo",
"Idlib province", "Jabal al-Zawiya" as a Place at the unit's (or its part's) centroid."""

from __future__ import annotations

from frontwire.geo.admin import Admin1, world_admin
from frontwire.geo.fold import fold, fold_words
from frontwire.geo.gazetteer import Entry, Gazetteer
from frontwire.geo.tables import GeoTables, Theatre
from frontwire.model import Place

_DIR_WORDS = {
    "north": "n",
    "northern": "n",
    "south": "s",
    "southern": "s",
    "east": "e",
    "eastern": "e",
    "west": "w",
    "western": "w",
    "northeast": "ne",
    "northeastern": "ne",
    "northwest": "nw",
    "northwestern": "nw",
    "southeast": "se",
    "southeastern": "se",
    "southwest": "sw",
    "southwestern": "sw",
    "central": "c",
    "middle": "c",
}
COMPASS_WORDS = frozenset(_DIR_WORDS)

_COUNTRYSIDE = {
    "countryside",
    "rural",
    "rif",
    "reef",
    "outskirts",
    "suburbs",
    "surroundings",
    "environs",
    "hinterland",
    "countrysides",
    "country",
}
_ADMIN_CUES = {
    "province": "admin1",
    "governorate": "admin1",
    "governate": "admin1",
    "state": "admin1",
    "muhafaza": "admin1",
    "district": "admin2",
    "subdistrict": "admin3",
    "nahiya": "admin3",
    "region": "any",
    "area": "any",
    "areas": "any",
    "front": "any",
    "fronts": "any",
    "regions": "any",
    "mountains": "any",
    "frontlines": "any",
}
_FILLER = {
    "the",
    "in",
    "of",
    "on",
    "at",
    "near",
    "across",
    "throughout",
    "from",
    "to",
    "into",
    "parts",
    "part",
    "a",
    "and",
    "city",
    "its",
    "whole",
    "entire",
    "rest",
    "towns",
    "villages",
    "cities",
    "locations",
}
# What the point of an approximate placement stands for, by the unit's feature.
UNIT_WORDS = {
    "admin1": "governorate",
    "admin2": "district",
    "admin3": "sub-district",
    "admin4": "sub-district",
    "admin": "administrative area",
    "region": "region",
}


def unit_note(name: str, feature: str, direction: str = "c") -> str:
    """ "approximate: Idlib governorate centre", "approximate: southern part of Idlib governorate"."""
    unit = UNIT_WORDS.get(feature, "region")
    if direction != "c":
        return f"approximate: {_DIR_NAMES[direction]} part of {name} {unit}"
    return f"approximate: {name} {unit} centre"


_DIR_NAMES = {
    "n": "northern",
    "s": "southern",
    "e": "eastern",
    "w": "western",
    "ne": "northeastern",
    "nw": "northwestern",
    "se": "southeastern",
    "sw": "southwestern",
    "c": "central",
}


class RegionParser:
    """Parses region phrases against the gazetteer's admin units and named regions of the theatre."""

    def __init__(self, gazetteer: Gazetteer, tables: GeoTables, theatre: Theatre):
        self.gaz = gazetteer
        self.tables = tables
        self.theatre = theatre
        self._admin_cache: dict[tuple[str, str], Entry | None] = {}

    def admin_unit(self, level: str, name: str) -> Entry | None:
        """The theatre's admin unit (admin1/admin2/admin3) of that name."""
        ck = (level, name)
        if ck not in self._admin_cache:
            found = None
            for i in self.gaz.find(fold(name)):
                e = self.gaz.entry(i)
                if e.feature == level and e.country == self.theatre.iso2:
                    found = e
                    break
            self._admin_cache[ck] = found
        return self._admin_cache[ck]

    def _unit_for(self, words: list[str], countryside: bool) -> Entry | None:
        """The admin unit or named region that `words` name (a town stands for its district)."""
        if not words:
            return None
        key = fold(" ".join(words))
        best = None
        for i in self.gaz.find(key):
            e = self.gaz.entry(i)
            rank = {"region": 0, "admin1": 1, "admin2": 2, "admin3": 3}.get(e.feature)
            if rank is None and e.feature == "populated place" and e.country == self.theatre.iso2:
                rank = 4
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, e)
        if best is None:
            return None
        e = best[1]
        rural = self.tables.countryside.get((e.country, e.name))
        if e.feature == "admin1" and rural and countryside:
            return self.admin_unit("admin1", rural) or e
        if e.feature in ("admin3", "populated place"):
            # "Jisr al-Shughur countryside": the district around the town.
            return self.admin_unit("admin2", e.admin2) if e.admin2 else None
        return e

    def parse(self, phrase: str) -> Place | None:
        """The region a phrase names, as a Place of geo_precision 3; None when it names none."""
        words = fold_words(phrase)
        while words and words[0] in _FILLER:
            words = words[1:]
        if not words:
            return None
        # A named region as a whole ("Zawiya mountain", "Ghab plain").
        for e in self._entries_by_key(fold(" ".join(words))):
            if e.feature == "region":
                return self._region_place(phrase, e, "c", "named region")
        direction, countryside, cue, rest = _read_words(words)
        if not (direction or countryside or cue):
            return None
        # A unit abroad ("Borno State", "Mopti region", "North Kivu"): GeoNames' admin1 names,
        # unless the gazetteer has a region or admin unit of that very name.
        for part, d in ((_core(words), "c"), (rest, direction or "c")):
            if part and not self._named_unit(fold(" ".join(part))):
                found = self._world_unit(part)
                if found is not None:
                    return self._world_place(phrase, found, d)
        unit = self._unit_for(rest, countryside)
        if unit is None:
            return None
        if cue == "admin1" and unit.feature != "admin1":
            a1 = self.admin_unit("admin1", unit.admin1)
            unit = a1 or unit
        return self._region_place(phrase, unit, direction or "c", "region phrase")

    def unit_abroad(self, name: str) -> Place | None:
        """A first-level unit abroad named as written ("Borno", "Lower Juba"), at its centre."""
        name = name.strip()
        hits = world_admin().mentions(name, {})
        unit = self._world_unit(fold_words(name)) if hits and hits[0][:2] == (0, len(name)) else None
        return self._world_place(name, unit, "c") if unit is not None else None

    def _named_unit(self, key: str) -> bool:
        return any(e.feature in ("region", "admin1", "admin2") for e in self._entries_by_key(key))

    def _world_unit(self, words: list[str]) -> Admin1 | None:
        """The admin1 unit abroad these words name (the one with most places when several do);
        the theatre's own units come from the gazetteer when it has them (OCHA)."""
        if all(w in _DIR_WORDS for w in words) or (len(words) == 1 and words[0] in _COMPASS_NAMES):
            return None  # "the south-west region" names no one unit
        oc = (self.theatre.iso2, "c") in self.tables.sectors
        units = [u for u in world_admin().admin1_named(" ".join(words)) if not (oc and u.country == self.theatre.iso2)]
        return units[0] if units else None

    def _world_place(self, phrase: str, u: Admin1, direction: str) -> Place:
        lat, lon = u.lat, u.lon
        where = f"approximate: {u.name} region centre"
        part = world_admin().part_point(u, direction) if direction != "c" else None
        if part is not None:
            lat, lon = part
            where = f"approximate: {_DIR_NAMES[direction]} part of {u.name} region"
        return Place(
            text=phrase.strip(),
            name=u.name if part is None else f"{_DIR_NAMES[direction]} {u.name}",
            place_id=f"admin1:{u.country}:{fold(u.name)}" + ("" if part is None else f"#{direction}"),
            latitude=lat,
            longitude=lon,
            country=self.tables.countries.get(u.country, u.country),
            admin1=u.name,
            geo_precision=3,
            confidence=0.5,
            reason=f"region phrase: admin1 {u.name} ({u.country}, GeoNames), mean point of its places"
            + ("" if part is None else f" in its {_DIR_NAMES[direction]} part"),
            feature="admin1" if part is None else "region",
            note=where,
        )

    def _entries_by_key(self, key: str) -> list[Entry]:
        return [self.gaz.entry(i) for i in self.gaz.find(key)] if key else []

    def _region_place(self, phrase: str, e: Entry, direction: str, why: str) -> Place:
        lat, lon = e.lat, e.lon
        pcode = e.id.split(":", 1)[1] if e.id.startswith("ocha:") else ""
        where = e.feature
        if direction != "c" and (pcode, direction) in self.tables.sectors:
            lat, lon = self.tables.sectors[(pcode, direction)]
            where = f"{_DIR_NAMES[direction]} part of {e.feature}"
        name = e.name if direction == "c" else f"{_DIR_NAMES[direction]} {e.name}"
        # A directional part gets its own id ("ocha:SY07#se") so that merging does not take
        # "southeastern" and "northern Idlib countryside" for one place.
        pid = e.id if direction == "c" or where == e.feature else f"{e.id}#{direction}"
        return Place(
            text=phrase.strip(),
            name=name,
            place_id=pid,
            latitude=round(lat, 5),
            longitude=round(lon, 5),
            country=self.tables.countries.get(e.country, e.country),
            admin1=e.admin1 or None,
            admin2=(e.admin2 or None) if e.feature in ("admin2", "admin3") else None,
            admin3=None,
            geo_precision=3,
            confidence=0.6,
            reason=f"{why}: {where} {e.name}",
            feature="region" if e.feature == "region" or direction != "c" else e.feature,
            note=unit_note(e.name, e.feature, direction if where != e.feature else "c"),
        )


_COMPASS_NAMES = {"centre", "center", "nord", "sud", "est", "ouest", "upper", "lower", "middle"}


def _core(words: list[str]) -> list[str]:
    """The name words of a phrase, compass words kept ("north kivu", "far north")."""
    return [w for w in words if w not in _FILLER and w not in _COUNTRYSIDE and w not in _ADMIN_CUES]


def _read_words(words: list[str]) -> tuple[str | None, bool, str | None, list[str]]:
    """(direction, countryside?, admin cue, remaining name words) of a region phrase's words."""
    direction = None
    countryside = False
    cue = None
    rest: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if w in _DIR_WORDS:
            d = _DIR_WORDS[w]
            if d in ("n", "s") and _DIR_WORDS.get(nxt) in ("e", "w"):  # "south-eastern", "north west"
                d += _DIR_WORDS[nxt]
                k += 1
            direction = direction or d
        elif w in _COUNTRYSIDE:
            countryside = True
        elif w in _ADMIN_CUES:
            cue = _ADMIN_CUES[w]
        elif w in _FILLER and rest == []:
            pass
        elif w in _FILLER and k == len(words) - 1:
            pass
        else:
            rest.append(w)
        k += 1
    while rest and rest[-1] in _FILLER:
        rest.pop()
    rest = [w for w in rest if w != "of"] if rest and rest[0] != "of" else rest
    return direction, countryside, cue, rest
