"""Admin names worldwide, region phrases abroad and the article's country (issue 16).

Sentences here are invented (illustrative text); the admin units and coordinates they are
checked against are GeoNames facts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwire.geo import Geocoder, geocode_mentions
from frontwire.geo.admin import world_admin
from frontwire.geo.fold import fold
from frontwire.geo.gazetteer import Gazetteer
from frontwire.geo.stage import article_country
from frontwire.model import EventMention

SET = Path(__file__).parent / "data" / "toponyms_context.jsonl"


@pytest.fixture(scope="module")
def gc() -> Geocoder:
    return Geocoder(Gazetteer.load(use_extra=False))


def _place(gc: Geocoder, text: str, where: str):
    m = EventMention("t", "", "", None, "unknown", where)
    geocode_mentions([m], text, gc)
    return m.place


def test_toponym_set_mentions_get_their_admin1(gc):
    """Every labelled mention of the team's set abroad gets GeoNames' admin1 (measured 66/66)."""
    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines()]
    labelled = [(r["text"], m) for r in rows for m in r["mentions"] if "admin1" in m]
    assert len(labelled) >= 60 and len({m["country"] for _, m in labelled}) >= 30
    hits = sum(fold(_place(gc, text, m["place"]).admin1 or "") == fold(m["admin1"]) for text, m in labelled)
    assert hits / len(labelled) >= 0.95


@pytest.mark.parametrize(
    "phrase, country, admin1",
    [
        ("Mopti region", "Mali", "Mopti"),
        ("Ibb province", "Yemen", "Ibb"),
        ("Abyan governorate", "Yemen", "Abyan"),
        ("Borno State", "Nigeria", "Borno"),
        ("North Kivu", "Democratic Republic of the Congo", "Nord Kivu"),
        ("northern Borno", "Nigeria", "Borno"),
        ("Far North region", "Cameroon", "Far North"),
        ("Helmand province", "Afghanistan", "Helmand"),
        ("Cabo Delgado province", "Mozambique", "Cabo Delgado"),
        ("Kachin State", "Myanmar", "Kachin"),
    ],
)
def test_region_phrases_abroad_are_that_countrys_admin1(gc, phrase, country, admin1):
    p = gc.parse_region(phrase)
    assert p is not None and p.country == country and p.admin1 == admin1
    assert p.geo_precision == 3 and p.note and p.note.startswith("approximate:")


def test_the_theatres_governorates_stay_ocha_ones(gc):
    p = gc.parse_region("southeastern Idlib countryside")
    assert p is not None and p.country == gc.theatre.country and p.admin1 == "Idlib"
    assert gc.parse_region("the south-west region") is None  # names no one unit anywhere


def test_every_country_with_places_is_named_down_to_admin1():
    wa = world_admin()
    assert len({u.country for u in wa.units}) >= 200
    assert wa.names_at("NG", 11.85, 13.16)[0] == "Borno"  # Maiduguri
    a1, a2 = wa.names_at("FR", 42.70, 9.45)  # Bastia
    assert a1 == "Corsica" and a2


def test_events_abroad_get_admin1_and_admin2(gc):
    p = _place(gc, "Rioters burned cars near Bastia, Corsica, on Saturday night.", "Bastia")
    assert p.country == "France" and p.admin1 == "Corsica" and p.admin2
    p = _place(gc, "Gunmen killed three farmers near Bama in Borno State.", "Bama")
    assert p.country == "Nigeria" and p.admin1 == "Borno" and p.note is None


def test_a_short_name_is_not_a_big_city_abroad(gc):
    # "Kiri" folds like Kiryu (Japan) and Chieri (Italy); in a report from Congo it is a Congolese
    # place the gazetteer lacks: the article's country, flagged, never another continent
    p = _place(gc, "Militiamen attacked Kiri in Mai-Ndombe province, Democratic Republic of Congo.", "Kiri")
    assert p.country == "Democratic Republic of the Congo" and p.note and "country centroid" in p.note


@pytest.mark.parametrize("word", ["Kenyan", "Nigerian", "Malian"])
def test_demonyms_are_never_places(gc, word):
    assert not gc.resolve(word).resolved
    text = f"{word} troops shelled militant positions overnight."
    assert all(t[2] != word for t in gc.find_toponyms(text))


@pytest.mark.parametrize(
    "text, iso2",
    [
        ("Gunmen stormed a village in Borno overnight, killing four farmers.", "NG"),
        ("On 3 May, an IED struck a patrol near Libikus (Lower Juba). Fatalities: 2.", "SO"),
        ("A gas cylinder exploded in a restaurant in Kathmandu's old quarter on Saturday.", "NP"),
        ("M23 rebels entered a mining town after the army withdrew, residents said.", "CD"),
        ("Police fired tear gas at marchers in Gaza City and Khan Younis, Palestine.", "PS"),
        ("Unidentified men shot at a police car in Derry, Northern Ireland.", "GB"),
        ("Regime artillery shelled Kafr Nabl and Hass in southern Idlib.", "SY"),
        ("A suicide bomber hit a military convoy in Abyan governorate on Sunday.", "YE"),
        ("On 13 March, in Port-au-Prince, gangs set up a new checkpoint. Fatalities: 0.", "HT"),
        ("Jihadists shelled the army camp near Ansongo overnight, residents said.", "ML"),
        ("Shelling in Homs province and Hama governorate killed two.", "SY"),
    ],
)
def test_article_country_from_what_the_text_says(gc, text, iso2):
    assert article_country(gc, text).iso2 == iso2


def test_coverage_report_names_admin1_units():
    from frontwire.geo.coverage import coverage_lines, gazetteer_coverage

    rep = gazetteer_coverage("NG", extra="/nonexistent/overlay.tsv.gz")
    (ng,) = rep["countries"]
    assert ng["entries"] > 500 and ng["overlay"] == 0 and "Borno" in ng["admin1_names"]
    assert rep["totals"]["countries"] >= 200 and any("Borno" in line for line in coverage_lines(rep))
    assert gazetteer_coverage("Narnia")["countries"] == []


def test_a_theatre_region_is_no_placement_in_a_report_from_elsewhere(gc):
    text = "Gunmen attacked villages north of Ariha in Kaduna State, Nigeria."
    p = _place(gc, text, "north of Ariha")
    assert p.country == "Nigeria" and p.admin1 in (None, "Kaduna")
    p = _place(gc, "Shelling hit the area north of Ariha in Idlib.", "north of Ariha")
    assert p.country == gc.theatre.country and p.admin1 == "Idlib"


def test_the_tail_of_a_longer_unknown_name_is_no_theatre_village(gc):
    # "Sur" is a village of the theatre, but here the end of a Philippine province's name
    assert gc.find_toponyms("NPA rebels burned two trucks of a contractor in Agusan del Sur.") == []
    assert [t[2] for t in gc.find_toponyms("Regime forces shelled Ariha and Kafr Nabl.")] == ["Ariha", "Kafr Nabl"]


@pytest.mark.parametrize("word", ["Central", "North", "South-East"])
def test_a_direction_alone_is_no_place(gc, word):
    assert not gc.resolve(word).resolved


def test_a_part_of_a_unit_abroad_lies_in_that_part(gc):
    whole, north, south = (gc.parse_region(p) for p in ("Borno State", "northern Borno", "southern Borno"))
    assert north.latitude > whole.latitude > south.latitude
    assert north.note == "approximate: northern part of Borno region" and north.place_id != whole.place_id


def test_country_names_read_by_kind_and_longest_name_first():
    from frontwire.geo.country import _country_phrases

    find = _country_phrases(Geocoder.default()).find
    assert find("Armed youths raided a cattle camp in South Sudan's Jonglei state.") == [("where", "SS")]
    assert find("Gunmen attacked a post near Menaka, Mali.") == [("closing", "ML")]
    assert find("Kenya's interior ministry said the Somalia border stays shut.") == [
        ("possessive", "KE"),
        ("bare", "SO"),
    ]
    assert find("fighting across north-eastern nigeria and the Chad basin") == [("where", "NG"), ("bare", "TD")]
