"""Geocoding stage: gazetteer, spelling-insensitive name folding, toponym detection,
region phrases and context-aware disambiguation.

Public API: Geocoder (default(settings), lookup, is_place, find_toponyms, parse_region,
admin_unit, resolve, country_place), GeoContext, geocode_mentions, fold, add_geonames_dump,
score_toponyms (and score.score_in_context for place mentions in their sentences).
Every placement that is not the place's own gazetteer entry carries `Place.note`
("approximate: Idlib governorate centre", "approximate: near Afrin", "approximate: Syria
country centroid", "not found").
Modules, each using only those before it: fold, tables (data files, theatre), gazetteer,
admin (admin1/admin2 names worldwide), lookup, toponyms, regions, geocoder, country (what a
report's text says about its country), stage, score, coverage (`frontwire gazetteer coverage`).
"""

from pathlib import Path

from frontwire.geo import score as _score
from frontwire.geo.fold import fold, skeleton
from frontwire.geo.gazetteer import Gazetteer, add_geonames_dump, add_place
from frontwire.geo.geocoder import Geocoder, GeoContext
from frontwire.geo.lookup import Candidate
from frontwire.geo.stage import geocode_mentions


def score_toponyms(path: str | Path | None = None, geocoder: Geocoder | None = None) -> dict:
    """Accuracy of the resolver on a toponym test set (see frontwire.geo.score).

    Without `path`, the source checkout's tests/data/toponyms.tsv (what `frontwire gazetteer
    score` reads when given no FILE); InputError when there is none.
    """
    return _score.score_toponyms(path or _score.checkout_toponyms(), geocoder)


__all__ = [
    "Candidate",
    "GeoContext",
    "Gazetteer",
    "Geocoder",
    "add_geonames_dump",
    "add_place",
    "fold",
    "geocode_mentions",
    "score_toponyms",
    "skeleton",
]
