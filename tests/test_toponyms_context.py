"""Places resolved in their sentence: the team's own toponym set (tests/data/toponyms_context.jsonl).

Each line is an invented sentence (illustrative text) naming real places; the gold point of
each mention is its GeoNames/OCHA/Airwars row in the gazetteer (a fact), chosen by hand
before the geocoder was run on the set.  Homonyms are there on purpose (Tripoli in Libya
and Lebanon, Homs in Syria and Libya, Sinjar, Al Bayda, Hama/Hamah, Rafah).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from frontwire.geo import Geocoder
from frontwire.geo.gazetteer import Gazetteer
from frontwire.geo.score import score_in_context

SET = Path(__file__).parent / "data" / "toponyms_context.jsonl"


@pytest.fixture(scope="module")
def result() -> dict:
    return score_in_context(SET, Geocoder(Gazetteer.load(use_extra=False)))


def test_the_set_is_broad():
    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines()]
    mentions = [m for r in rows for m in r["mentions"]]
    countries = Counter(m["country"] for m in mentions)
    assert len(mentions) >= 300 and len(countries) >= 10
    assert max(countries.values()) < 0.5 * len(mentions)  # not one country's set
    assert len({r["id"] for r in rows}) == len(rows)


def test_places_in_context_within_10_km(result):
    """Within 10 km of the gold point (issue 16: >= 0.90)."""
    for m in result["misses"]:
        print(m)
    print(result["accuracy"], result["by_country"])
    assert result["accuracy"] >= FLOOR


FLOOR = 0.98  # measured 0.987 (390/395, 65 sentences in 35 more countries added); issue 16 asks 0.90


NOTES = Path(__file__).parent / "data" / "toponyms_notes.jsonl"


def test_short_notes_end_to_end_within_10_km():
    """Short ACLED-style notes (invented text) through the whole coder: one of the events
    found in each note lies within 10 km of the village it names.  Measured 39/40 (0.85
    before issue 16's work: armed-group abbreviations, bare governorate hints, coarse twins)."""
    from frontwire.coding import code_articles_safely
    from frontwire.geo.gazetteer import haversine_km
    from frontwire.model import Article

    rows = [json.loads(line) for line in NOTES.read_text("utf-8").splitlines()]
    arts = [Article(id=r["id"], text=r["text"]) for r in rows]
    hits = 0
    for coded, r in zip(code_articles_safely(arts), rows):
        gold = r["mentions"][0]
        near = [
            haversine_km(m.place.latitude, m.place.longitude, gold["lat"], gold["lon"])
            for m in coded.mentions
            if m.place is not None and m.place.latitude is not None and m.place.longitude is not None
        ]
        hits += bool(near) and min(near) <= 10
    assert hits / len(rows) >= 0.9
