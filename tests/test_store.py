"""Store: idempotent upserts, rollback on failure, round-trips, filters, bad files."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from frontwire.model import Article, Claim, Contradiction, Event, EventMention, Evidence, InputError, Place
from frontwire.store import Store, event_from_dict, mention_from_dict, text_hash

# A non-JSON value fails the statement: SQLite's driver reports it wrapped by SQLAlchemy,
# psycopg as the serializer's own TypeError. Either way the transaction rolls back.
NOT_JSON = (TypeError, sa.exc.StatementError)


def article(i: str, outlet: str = "Outlet A", published: str | None = "2020-02-12") -> Article:
    return Article(
        id=i,
        text=f"Report {i}: shelling hit Sarmin today, residents said.",
        outlet=outlet,
        published=published,
        url=None,
        title=f"T{i}",
        source="x.jsonl",
        meta={"sample": True},
    )


def mention(aid: str, n: int = 0, date: str | None = "2020-02-11", place: bool = True) -> EventMention:
    ev = Evidence(article_id=aid, sentence="Shelling hit Sarmin today.", start=10, end=36)
    return EventMention(
        article_id=aid,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        event_date=date,
        date_precision="day",
        location_text="Sarmin",
        place=Place(
            text="Sarmin",
            name="Sarmin",
            place_id="geonames:1",
            latitude=35.9,
            longitude=36.72,
            country="Syria",
            admin1="Idlib",
            geo_precision=1,
            confidence=0.9,
            reason="exact",
        )
        if place
        else None,
        actor1="Military Forces of Syria (2000-)",
        assoc_actor1=["Military Forces of Russia (2000-)"],
        claims=[
            Claim(
                field="killed",
                value=9,
                kind="at least",
                claimant="Syrian Civil Defence",
                outlet="Outlet A",
                article_id=aid,
                evidence=ev,
                low=9,
                high=9,
            )
        ],
        evidence=ev,
        outlet="Outlet A",
        trigger="shelling",
        mention_id=f"m-{aid}-{n}",
    )


def event(
    eid: str,
    mids: list[str],
    date: str | None = "2020-02-11",
    fatalities: int | None = 9,
    lat: float | None = 35.9,
    etype: str = "Explosions/Remote violence",
) -> Event:
    ev = Evidence(article_id="a1", sentence="Shelling hit Sarmin today.", start=10, end=36)
    c1 = Claim(
        field="killed", value=9, claimant="Syrian Civil Defence", outlet="Outlet A", article_id="a1", evidence=ev
    )
    c2 = Claim(field="killed", value=14, claimant="military source", outlet="Outlet B", article_id="a2")
    return Event(
        event_id=eid,
        event_date=date,
        date_precision="day",
        event_type=etype,
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Syria (2000-)",
        assoc_actor1=["Military Forces of Russia (2000-)"],
        actor2="Civilians (Syria)",
        assoc_actor2=[],
        interaction="17",
        civilian_targeting=True,
        country="Syria",
        admin1="Idlib",
        admin2="Idlib",
        location="Sarmin",
        latitude=lat,
        longitude=36.72 if lat is not None else None,
        place_id="geonames:1",
        geo_precision=1,
        fatalities=fatalities,
        fatalities_low=9,
        fatalities_high=14,
        injured=17,
        sources=["Outlet A", "Outlet B"],
        articles=["a1", "a2"],
        claims=[c1, c2],
        contradictions=[Contradiction(field="killed", explanation="9 vs 14", claims=[c1, c2])],
        notes="Shelling on Sarmin.",
        evidence=[ev],
        needs_review=False,
        first_reported="2020-02-11",
        mention_ids=mids,
    )


def counts(db: str) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        return {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("articles", "event_mentions", "events", "claims", "event_sources", "event_members")
        }
    finally:
        con.close()


def test_save_is_idempotent(tmp_path):
    db = str(tmp_path / "f.db")
    s = Store(db)
    arts = [article("a1"), article("a2", "Outlet B")]
    ms = [mention("a1", 0), mention("a1", 1), mention("a2", 0)]
    for _ in range(2):
        s.save_articles_and_mentions(arts, ms, {"a1": {"stance": "pro-opposition"}})
        s.replace_events(set(), [event("e1", ["m-a1-0", "m-a2-0"])])
    assert counts(db) == {
        "articles": 2,
        "event_mentions": 3,
        "events": 1,
        "claims": 2,
        "event_sources": 2,
        "event_members": 2,
    }
    assert s.has_article("a1", text_hash(arts[0].text))
    assert not s.has_article("a1", text_hash("changed"))
    assert not s.has_article("zz", text_hash(arts[0].text))
    # re-saving an article replaces its mentions
    s.save_articles_and_mentions([arts[0]], [mention("a1", 5)])
    assert sorted(m.mention_id for m in s.mentions()) == ["m-a1-5", "m-a2-0"]
    assert Store(db).count_events() == 1  # reopening works


def test_rollback_keeps_earlier_data(tmp_path):
    db = str(tmp_path / "f.db")
    s = Store(db)
    s.save_articles_and_mentions([article("a1")], [mention("a1")])
    before = counts(db)
    bad = mention("a2")
    bad.claims[0].value = object()  # not JSON: fails after the article row was written
    with pytest.raises(NOT_JSON, match="not JSON serializable"):
        s.save_articles_and_mentions([article("a2"), article("a1")], [mention("a1", 3), bad])
    assert counts(db) == before
    assert [m.mention_id for m in s.mentions()] == ["m-a1-0"]
    assert s.article("a2") is None
    bad_event = event("e2", [])
    bad_event.claims[0].value = object()
    s.replace_events(set(), [event("e1", ["m-a1-0"])])
    with pytest.raises(NOT_JSON, match="not JSON serializable"):
        s.replace_events({"e1"}, [bad_event])
    assert [e.event_id for e in s.events()] == ["e1"]
    # a re-run completes the batch
    s.save_articles_and_mentions([article("a2"), article("a1")], [mention("a1", 3), mention("a2")])
    assert counts(db)["articles"] == 2


def test_round_trip(tmp_path):
    s = Store(str(tmp_path / "f.db"))
    a = article("a1")
    m = mention("a1")
    e = event("e1", ["m-a1-0"])
    s.save_articles_and_mentions([a], [m], {"a1": {"stance": "neutral"}})
    s.replace_events(set(), [e])
    (m2,) = s.mentions()
    assert m2 == m and isinstance(m2.place, Place) and isinstance(m2.claims[0].evidence, Evidence)
    assert s.event("e1") == e and s.event("nope") is None
    assert s.events_with_mentions({"m-a1-0"}) == [e]
    assert s.events_with_mentions({"other"}) == []
    a2 = s.article("a1")
    assert a2.meta.pop("framing") == {"stance": "neutral"}
    assert a2 == a
    assert [x.id for x in s.articles()] == ["a1"]
    assert event_from_dict(e.to_dict()) == e and mention_from_dict(m.to_dict()) == m
    assert s.published_dates(["a1", "zz"]) == {"a1": "2020-02-12"}


def test_mentions_windows(tmp_path):
    s = Store(str(tmp_path / "f.db"))
    s.save_articles_and_mentions(
        [article("a1"), article("a2")],
        [mention("a1", 0, "2020-02-10"), mention("a1", 1, None), mention("a2", 0, "2020-02-20")],
    )
    ids = lambda ms: sorted(m.mention_id for m in ms)  # noqa: E731
    assert ids(s.mentions("2020-02-09", "2020-02-11")) == ["m-a1-0"]
    assert ids(s.mentions("2020-02-09", "2020-02-11", include_undated=True)) == ["m-a1-0", "m-a1-1"]
    assert ids(s.mentions(undated_only=True)) == ["m-a1-1"]
    assert ids(s.mentions(article_ids=["a2"])) == ["m-a2-0"]
    assert ids(s.mentions(mention_ids=["m-a1-1", "m-a2-0"])) == ["m-a1-1", "m-a2-0"]
    assert len(s.mentions()) == 3
    assert s.mention_ids_for_articles(["a1"]) == {"m-a1-0", "m-a1-1"}


def test_replace_events_and_filters(tmp_path):
    s = Store(str(tmp_path / "f.db"))
    s.save_articles_and_mentions([article("a1"), article("a2", "Outlet B")], [mention("a1"), mention("a2")])
    s.replace_events(
        set(),
        [
            event("e1", ["m-a1-0"]),
            event("e2", ["m-a2-0"], "2020-03-01", 2, None, "Battles"),
            event("e3", [], None, None),
        ],
    )
    assert s.count_events() == 3
    ids = lambda evs: [e.event_id for e in evs]  # noqa: E731
    assert ids(s.events()) == ["e1", "e2", "e3"]  # undated last
    assert ids(s.events(start="2020-02-15")) == ["e2"]
    assert ids(s.events(end="2020-02-15")) == ["e1"]
    assert ids(s.events(bbox=(36, 35, 37, 36.5))) == ["e1", "e3"]
    assert ids(s.events(bbox="36,35,37,36.5", type="Battles")) == []
    assert ids(s.events(type="Battles")) == ["e2"]
    assert ids(s.events(sub_type="Shelling/artillery/missile attack")) == ["e1", "e2", "e3"]
    assert ids(s.events(actor="russia")) == ["e1", "e2", "e3"]
    assert ids(s.events(outlet="outlet b")) == ["e1", "e2", "e3"]
    assert ids(s.events(min_fatalities=5)) == ["e1"]
    assert ids(s.events(q="SARMIN shelling")) == ["e1", "e2", "e3"]
    assert ids(s.events(q="100%_")) == []
    assert ids(s.events(limit=1, offset=1)) == ["e2"]
    assert s.count_events(type="Battles") == 1
    s.replace_events({"e1", "e3"}, [event("e4", ["m-a1-0"])])
    assert ids(s.events()) == ["e4", "e2"]
    summ = s.summary()
    assert summ["events"] == 2 and summ["by_type"] == {"Battles": 1, "Explosions/Remote violence": 1}
    assert summ["by_day"] == {"2020-02-11": 1, "2020-03-01": 1}
    s.set_outlet_framing("Outlet A", {"stance": "pro-opposition", "terms": ["regime"]})
    outs = {o["name"]: o for o in s.outlets()}
    assert outs["Outlet A"]["articles"] == 1 and outs["Outlet A"]["events"] == 2
    assert outs["Outlet A"]["stance"] == "pro-opposition"
    assert outs["Outlet B"]["framing"] is None


def test_sqlalchemy_url_and_memory(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'u.db'}")
    s.save_articles_and_mentions([article("a1")], [])
    assert s.article("a1").id == "a1"
    m = Store(":memory:")
    m.replace_events(set(), [event("e1", [])])
    assert m.count_events() == 1


def test_wal_mode(tmp_path):
    db = str(tmp_path / "f.db")
    Store(db).save_articles_and_mentions([article("a1")], [])
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()


def test_not_a_database(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello, this is not a database")
    with pytest.raises(InputError, match="not a frontwire database"):
        Store(str(p))
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("create table foo (x)")
    con.commit()
    con.close()
    with pytest.raises(InputError, match="not a frontwire database"):
        Store(str(other))
    with pytest.raises(InputError, match="directory"):
        Store(str(tmp_path))


def test_postgresql():
    """Runs when FRONTWIRE_PG_URL names a throwaway database (postgresql+psycopg://...)."""
    import os

    url = os.environ.get("FRONTWIRE_PG_URL")
    if not url:
        pytest.skip("set FRONTWIRE_PG_URL=postgresql+psycopg://... to test the store on PostgreSQL")
    import sqlalchemy as sa

    from frontwire.store import metadata

    s = Store(url)
    metadata.drop_all(s.engine)
    s = Store(url)
    s.save_articles_and_mentions([article("a1"), article("a2", "Outlet B")], [mention("a1"), mention("a2", 0, None)])
    s.save_articles_and_mentions([article("a1"), article("a2", "Outlet B")], [mention("a1"), mention("a2", 0, None)])
    e = event("e1", ["m-a1-0"])
    s.replace_events(set(), [e, event("e2", ["m-a2-0"], None, None)])
    assert s.event("e1") == e and s.mentions(undated_only=True)[0].mention_id == "m-a2-0"
    assert [
        x.event_id
        for x in s.events(
            q="sarmin", actor="RUSSIA", outlet="outlet a", min_fatalities=1, bbox=(36, 35, 37, 36.5), start="2020-02-01"
        )
    ] == ["e1"]
    assert [x.event_id for x in s.events()] == ["e1", "e2"]
    bad = mention("a3")
    bad.claims[0].value = object()
    with pytest.raises(NOT_JSON, match="not JSON serializable"):
        s.save_articles_and_mentions([article("a3")], [bad])
    assert s.article("a3") is None and s.summary()["articles"] == 2
    s.set_outlet_framing("Outlet A", {"stance": "pro-opposition"})
    assert {o["name"]: o["stance"] for o in s.outlets()}["Outlet A"] == "pro-opposition"
    with s.engine.connect() as c:
        assert c.execute(sa.text("select count(*) from claims")).scalar() == 4
    metadata.drop_all(s.engine)


def test_outlet_framings_of_chosen_outlets(tmp_path):
    s = Store(str(tmp_path / "f.db"))
    arts = [article("a1"), article("a2", outlet="Outlet B"), article("a3", outlet=None), article("a4")]
    s.save_articles_and_mentions(arts, [], {a.id: {"stance": a.id} for a in arts})

    def pick(outlets):
        return sorted((o, f["stance"]) for o, f in s.iter_outlet_framings(chunk=1, outlets=outlets))

    assert pick(None) == [("Outlet A", "a1"), ("Outlet A", "a4"), ("Outlet B", "a2"), ("unknown", "a3")]
    assert pick({"Outlet A"}) == [("Outlet A", "a1"), ("Outlet A", "a4")]
    assert pick({None, "Outlet B"}) == [("Outlet B", "a2"), ("unknown", "a3")]
    assert pick(set()) == []
