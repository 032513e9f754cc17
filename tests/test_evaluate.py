"""Scoring rules of SPEC "Gold data and scoring" on hand-made events."""

from __future__ import annotations

import json

import pytest

from frontwire.evaluate import evaluate
from frontwire.model import Event, InputError


def ev(article, date, loc, lat=None, lon=None, prec=1, sub="Armed clash", etype="Battles", a1="A", admin1="Idlib"):
    return Event(
        event_id=f"{article}-{loc}-{date}",
        event_date=date,
        date_precision="day",
        event_type=etype,
        sub_event_type=sub,
        actor1=a1,
        assoc_actor1=[],
        actor2=None,
        assoc_actor2=[],
        interaction=None,
        civilian_targeting=False,
        country="Syria",
        admin1=admin1,
        admin2=None,
        location=loc,
        latitude=lat,
        longitude=lon,
        place_id=None,
        geo_precision=prec,
        fatalities=None,
        fatalities_low=None,
        fatalities_high=None,
        injured=None,
        sources=["X"],
        articles=[article],
    )


def gold_file(tmp_path, rows):
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return str(p)


def g(
    article,
    date,
    loc,
    lat=None,
    lon=None,
    prec=1,
    sub="Armed clash",
    etype="Battles",
    a1="A",
    optional=False,
    admin1="Idlib",
):
    return {
        "article": article,
        "event_date": date,
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": a1,
        "location": loc,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": prec,
        "optional": optional,
        "admin1": admin1,
    }


def test_distance_date_type_and_article(tmp_path):
    gold = gold_file(
        tmp_path, [g("1", "2020-01-08", "Saraqib", 35.86, 36.80), g("1", "2020-01-08", "Sarmin", 35.90, 36.72)]
    )
    preds = [
        ev("1", "2020-01-09", "Saraqib", 35.87, 36.81),  # 1 day off, 1 km off: match
        ev("1", "2020-01-08", "Binnish", 36.2, 36.7),  # 30 km off: no match
        ev("2", "2020-01-08", "Sarmin", 35.90, 36.72),
    ]  # other article: not scored
    r = evaluate(preds, gold)
    assert (r["matched"], r["false_positives"], r["missed"]) == (1, 1, 1)
    assert r["event_f1"] == pytest.approx(0.5)
    # loose pairs: Saraqib (1 day off, right place) and Binnish-Sarmin (right day, 30 km off)
    assert r["date_accuracy"] == 0.5 and r["location_within_10km"] == 0.5


def test_names_when_gold_has_no_coordinates_and_regions(tmp_path):
    gold = gold_file(
        tmp_path, [g("1", "2020-01-08", "Rasm al-Ward"), g("1", "2020-01-08", "eastern Idlib countryside", prec=3)]
    )
    preds = [
        ev("1", "2020-01-08", "Rasam al-Ward", 35.6, 36.9, prec=3),
        ev("1", "2020-01-08", "southeastern Idlib", 35.6, 36.9, prec=3),
    ]
    r = evaluate(preds, gold)
    assert r["matched"] == 2 and r["false_positives"] == 0


def test_optional_events_are_neither_misses_nor_false_positives(tmp_path):
    gold = gold_file(
        tmp_path,
        [
            g("1", "2020-01-08", "Saraqib", 35.86, 36.80),
            g("1", "2020-01-08", "Sarmin", 35.90, 36.72, optional=True),
            g("1", "2020-01-08", "Ariha", 35.81, 36.61, optional=True),
        ],
    )
    preds = [ev("1", "2020-01-08", "Saraqib", 35.86, 36.80), ev("1", "2020-01-08", "Sarmin", 35.90, 36.72)]
    r = evaluate(preds, gold)
    assert (r["matched"], r["false_positives"], r["missed"], r["gold"]) == (1, 0, 0, 1)
    assert r["event_precision"] == 1.0 and r["event_recall"] == 1.0


def test_wrong_place_counts_against_location(tmp_path):
    gold = gold_file(tmp_path, [g("1", "2020-01-08", "Saraqib", 35.86, 36.80, a1="B")])
    r = evaluate([ev("1", "2020-01-08", "Aleppo", 36.2, 37.16, a1="B")], gold)
    assert r["matched"] == 0 and r["attribute_pairs"] == 1
    assert r["actor1_accuracy"] == 1.0 and r["location_within_10km"] == 0.0


def test_bad_gold_file(tmp_path):
    p = tmp_path / "gold.jsonl"
    p.write_text('{"event_date": "2020-01-01"}\n')
    with pytest.raises(InputError, match="article"):
        evaluate([], str(p))


def test_details_list_each_miss_and_false_positive_with_what_differed(tmp_path):
    gold = gold_file(
        tmp_path,
        [
            g("1", "2020-01-08", "Saraqib", 35.86, 36.80),
            g("1", "2020-01-09", "Sarmin", 35.90, 36.72, sub="Air/drone strike", etype="Explosions/Remote violence"),
            g("2", "2020-02-01", "Atarib", 36.14, 36.83),
        ],
    )
    events = [
        ev("1", "2020-01-08", "Saraqib", 35.86, 36.80),  # matched
        ev("1", "2020-01-09", "Sarmin", 35.90, 36.72),  # near miss: the type differs
        ev("2", "2020-03-15", "Hama", 35.13, 36.75),  # nothing like the gold event
    ]
    r = evaluate(events, gold, details=True)
    assert r["matched"] == 1 and r["missed"] == 2 and r["false_positives"] == 2
    missed = {d["location"]: d for d in r["details"]["missed"]}
    assert set(missed) == {"Sarmin", "Atarib"}
    near = missed["Sarmin"]["near"]
    assert near["event_id"] == "1-Sarmin-2020-01-09"
    assert any("event type Battles for Explosions/Remote violence" in x for x in near["differs"])
    assert not any(x.startswith(("date", "place")) for x in near["differs"])
    assert "near" not in missed["Atarib"]  # a month and 110 km away: no near miss
    fps = {d["location"]: d for d in r["details"]["false_positives"]}
    assert set(fps) == {"Sarmin", "Hama"} and fps["Sarmin"]["near"]["location"] == "Sarmin"
    assert "details" not in evaluate(events, gold)


def test_details_name_date_and_distance(tmp_path):
    gold = gold_file(tmp_path, [g("1", "2020-01-08", "Saraqib", 35.86, 36.80)])
    r = evaluate([ev("1", "2020-01-10", "Idlib", 35.93, 36.63)], gold, details=True)
    differs = r["details"]["missed"][0]["near"]["differs"]
    assert differs[0].startswith("date 2 days off") and "km from Saraqib" in differs[-1]
