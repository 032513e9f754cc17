"""Article killed totals: one toll told in a headline, a lead and a body counts once.

`tests/data/article_tolls/` (see its README) holds invented multi-paragraph reports from
several countries, each labelled with the article's total killed before frontwire was run
on them: tolls retold in headline, lead and body; cumulative tolls ("the death toll rose
to", "bringing the total to"); nominal and singular forms ("the killing of 15", "the body
of a young man", "a man died"); ranges; and several incidents in one report. Scored: the
share of articles whose total (the fatalities of the events the report tells) is within 20%
of the label -- the measure the issue sets on full-length articles (target 0.5).

Also here: the ACLED date rule (one event per place per day; a day of slack only for an
uncertain date).

`python tests/test_article_tolls.py [rules|hybrid]` prints each article's total.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from frontwire.merge import merge_mentions
from frontwire.model import Claim, EventMention, Evidence, Place

DIR = Path(__file__).resolve().parent / "data" / "article_tolls"
ARTICLES = DIR / "articles.jsonl"
GOLD = json.loads((DIR / "gold.json").read_text(encoding="utf-8"))["articles"]

# Floors: measured 0.926 for both coders on the 27 reports when last raised (0.722 on the first
# 18 before a running toll superseded a report's partial figures, a headline's retelling stopped
# counting as a rival source and a total stopped adding to its own breakdown). Left: a report of
# two incidents whose second figure joins the first; a total over two towns retold per town (the
# lead's total and one town's share both count).
FLOORS = {"hybrid": 0.85, "rules": 0.85}


def totals(events: list) -> dict[str, int]:
    """Killed total of each article: the fatalities of the events it tells (an event once)."""
    out: dict[str, int] = {a: 0 for a in GOLD}
    for e in events:
        for a in set(e.articles):
            if a in out:
                out[a] += e.fatalities or 0
    return out


def within(pred: int, gold: int) -> bool:
    """Within 20% of the label (a label of 0 needs 0)."""
    return abs(pred - gold) <= 0.2 * gold


def run_set(db: str, coder: str) -> list:
    from frontwire.pipeline import run
    from frontwire.settings import Settings
    from frontwire.store import Store

    run([str(ARTICLES)], db, progress=False, settings=Settings.default().replace(coder=coder))
    return Store(db).events()


def test_set_is_labelled_and_varied():
    records = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) >= 15 and {r["id"] for r in records} == set(GOLD)
    assert all(r["sample"] and "not real news" in r["note"] for r in records)
    assert len({g["country"] for g in GOLD.values()}) >= 6
    assert all(len([p for p in r["text"].split("\n\n") if p.strip()]) >= 3 for r in records)


@pytest.mark.parametrize("coder", ["hybrid", "rules"])
def test_article_totals_within_20_percent(tmp_path, coder):
    got = totals(run_set(str(tmp_path / "tolls.db"), coder))
    share = sum(within(got[a], g["killed"]) for a, g in GOLD.items()) / len(GOLD)
    misses = {a: (got[a], g["killed"]) for a, g in GOLD.items() if not within(got[a], g["killed"])}
    print(coder, round(share, 3), misses)
    assert share >= FLOORS[coder], (share, misses)


def _mention(art: str, day: str, source: str, killed: int, sentence: str) -> EventMention:
    ev = Evidence(article_id=art, sentence=sentence, start=0, end=len(sentence))
    return EventMention(
        article_id=art,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date=day,
        date_precision="day",
        date_source=source,
        location_text="Kafr Nabl",
        place=Place(
            text="Kafr Nabl",
            name="Kafr Nabl",
            place_id="test:kafrnabl",
            latitude=35.6,
            longitude=36.56,
            geo_precision=1,
        ),
        actor1="Military Forces of Russia (2000-)",
        actor2="Civilians (Syria)",
        claims=[Claim("killed", killed, article_id=art, evidence=ev)],
        evidence=ev,
        outlet=art,
        mention_id=f"{art}-{day}",
    )


def test_one_event_per_place_per_day_and_slack_only_for_an_uncertain_date():
    """Two reports stating adjacent days at one place are two events; a day read from the
    publication date (or a night word) may join the day before."""
    stated = [
        _mention("r1", "2020-02-10", "sentence", 3, "Shelling hit Kafr Nabl on Monday, killing three."),
        _mention("r2", "2020-02-11", "sentence", 5, "Shelling hit Kafr Nabl on Tuesday, killing five."),
    ]
    assert len(merge_mentions(stated)) == 2
    loose = stated[:1] + [_mention("r3", "2020-02-11", "published", 3, "Shelling hit Kafr Nabl, killing three.")]
    (event,) = merge_mentions(loose)
    assert event.event_date == "2020-02-10"  # the stated day decides
    night = stated[:1] + [
        _mention("r4", "2020-02-11", "sentence", 3, "Shelling hit Kafr Nabl overnight, killing three.")
    ]
    assert len(merge_mentions(night)) == 1
    # a weekday its sentence names (said on Monday) is the day of a report dated from publication
    told = [
        _mention("r5", "2020-02-12", "published", 3, "Shelling killed three in Kafr Nabl, rescuers said on Monday.")
    ]
    assert len(merge_mentions(stated + told)) == 2 and {"r1", "r5"} <= set(
        next(e for e in merge_mentions(stated + told) if "r1" in e.articles).articles
    )


if __name__ == "__main__":
    import tempfile

    coder = sys.argv[1] if len(sys.argv) > 1 else "hybrid"
    with tempfile.TemporaryDirectory() as d:
        evs = run_set(str(Path(d) / "tolls.db"), coder)
    got = totals(evs)
    for a, g in GOLD.items():
        print(a, g["country"], "gold", g["killed"], "got", got[a], "ok" if within(got[a], g["killed"]) else "MISS")
    print("share within 20%:", round(sum(within(got[a], g["killed"]) for a, g in GOLD.items()) / len(GOLD), 3))
