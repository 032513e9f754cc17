"""Geocoding stage: gazetteer, spelling-insensitive name folding, toponym detection,
region phrases and context-aware disambiguation.

Public API: Geocoder (default(), lookup, is_place, find_toponyms, parse_region, resolve),
GeoContext, geocode_mentions, fold, add_geonames_dump, score_toponyms.
"""

from frontwire.geo.fold import fold, skeleton
from frontwire.geo.gazetteer import Gazetteer, add_geonames_dump
from frontwire.geo.geocoder import Candidate, GeoContext, Geocoder
from frontwire.geo.stage import geocode_mentions


def score_toponyms(path: str | None = None) -> dict:
    """Accuracy of the resolver on a toponym test set (see frontwire.geo.score)."""
    from frontwire.geo.score import score_toponyms as _score

    return _score(path)


__all__ = ["Candidate", "GeoContext", "Gazetteer", "Geocoder", "add_geonames_dump", "fold",
           "geocode_mentions", "score_toponyms", "skeleton"]
