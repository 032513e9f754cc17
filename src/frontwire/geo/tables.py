"""The geocoder's data: its shipped tables (`data/geo_*.tsv`) and the theatre it works in.

Nothing here knows a country: the theatre comes from the settings (`theatre_country`,
`theatre_iso2`), its neighbours from `geo_theatres.tsv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from frontwire.data_files import read_text, read_yaml
from frontwire.geo.fold import fold
from frontwire.settings import Settings


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a shipped data file ('#' comments and blank lines skipped)."""
    return [ln.split("\t") for ln in read_text(name).splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class Theatre:
    """The country a run is about and the countries matched loosely around it."""

    country: str  # English short name ("Kenya")
    iso2: str  # ISO 3166-1 alpha-2 ("KE")
    local: frozenset[str]  # the theatre and its neighbours (loose index, detection in text)

    @classmethod
    def from_settings(cls, settings: Settings) -> Theatre:
        return cls(settings.theatre_country, settings.theatre_iso2, loose_countries(settings.theatre_iso2))


@cache
def loose_countries(iso2: str) -> frozenset[str]:
    """Countries whose names get the loose (skeleton) index for this theatre: itself and its neighbours."""
    for row in data_rows("geo_theatres.tsv"):
        if row[0] == iso2:
            return frozenset(row[1].split())
    return frozenset({iso2})


@dataclass(frozen=True)
class GeoTables:
    """Read-only tables shared by every Geocoder of the process."""

    countries: dict[str, str]  # ISO code -> English name
    country_codes: dict[str, str]  # folded name, code or alias -> ISO code
    sectors: dict[tuple[str, str], tuple[float, float]]  # (pcode, direction) -> point
    not_places: dict[str, str]  # lowercased word or phrase -> kind
    countryside: dict[tuple[str, str], str]  # (country, admin1) -> admin1 of its countryside
    country_points: dict[str, tuple[float, float]]  # ISO code -> representative point


@cache
def geo_tables() -> GeoTables:
    rows = data_rows("geo_countries.tsv")
    countries = {row[0]: row[1] for row in rows}
    points = {row[0]: (float(row[2]), float(row[3])) for row in rows if len(row) >= 4 and row[2] and row[3]}
    codes = {fold(v): k for k, v in countries.items()}
    codes.update({fold(k): k for k in countries})
    aliases = data_rows("geo_country_aliases.tsv")
    for alias, code in aliases:
        codes[fold(alias)] = code
    sectors: dict[tuple[str, str], tuple[float, float]] = {}
    for pcode, d, lat, lon in data_rows("geo_admin_sectors.tsv"):
        sectors[(pcode, d)] = (float(lat), float(lon))
    not_places: dict[str, str] = {}
    for row in data_rows("geo_not_places.tsv"):
        if row[1] == "group":  # a group noun is also a common word: the narrower kind wins
            not_places[row[0].lower()] = row[1]
        else:
            not_places.setdefault(row[0].lower(), row[1])
    # Country names are not in the gazetteer (no point for them): never detect them as towns,
    # nor their demonyms ("Kenyan" is no spelling of Shenyang).
    for name in [*countries.values(), *(a for a, _ in aliases)]:
        not_places.setdefault(name.lower(), "country")
    for c in read_yaml("countries.yaml")["countries"]:
        for d in c.get("demonyms") or []:
            not_places.setdefault(str(d).lower(), "demonym")
    countryside = {(cc, unit): rural for cc, unit, rural in data_rows("geo_admin_countryside.tsv")}
    return GeoTables(countries, codes, sectors, not_places, countryside, points)
