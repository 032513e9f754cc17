"""Tests for frontwire.merge on hand-built mentions (no pipeline, no seed text)."""

from __future__ import annotations

import random

import pytest

from frontwire.merge import (
    FATALITY_MIN_DIFF,
    actor_inter,
    merge_incremental,
    merge_mentions,
)
from frontwire.model import Claim, EventMention, Evidence, Place

SYR = "Military Forces of Syria (2000-)"
FATEH = "Fateh al Mubin Operations Room"
TIP = "TIP: Turkistan Islamic Party"
HTS = "HTS: Hayat Tahrir al Sham"
NLF = "NLF: National Liberation Front"
REBELS = "Opposition Rebels (Syria)"
UNID = "Unidentified Armed Group (Syria)"
CIV = "Civilians (Syria)"


def place(name: str, pid: str | None = None, lat: float | None = None, lon: float | None = None, prec: int | None = 1):
    if pid is None:
        return Place(text=name)
    return Place(
        text=name,
        name=name,
        place_id=pid,
        latitude=lat,
        longitude=lon,
        country="Syria",
        admin1="Idlib",
        geo_precision=prec,
        confidence=0.9,
    )


_n = 0


def mention(
    art: str,
    loc: str,
    *,
    date="2020-01-08",
    sub="Armed clash",
    a1=FATEH,
    a2=SYR,
    outlet=None,
    pl: Place | None = None,
    claims=(),
    start=None,
    mid=None,
    etype=None,
    loose=False,
) -> EventMention:
    global _n
    _n += 1
    start = _n * 100 if start is None else start
    etype = etype or (
        "Battles"
        if sub in ("Armed clash", "Government regains territory", "Non-state actor overtakes territory")
        else "Explosions/Remote violence"
    )
    ev = Evidence(art, f"sentence about {loc}", start, start + 40)
    cl = []
    for c in claims:
        c.article_id = c.article_id or art
        c.outlet = c.outlet or outlet or f"outlet-{art}"
        c.evidence = c.evidence or ev
        cl.append(c)
    return EventMention(
        article_id=art,
        event_type=etype,
        sub_event_type=sub,
        event_date=date,
        date_precision="day",
        location_text=loc,
        place=pl,
        actor1=a1,
        actor2=a2,
        claims=cl,
        evidence=ev,
        outlet=outlet or f"outlet-{art}",
        mention_id=mid or f"{art}-{loc}-{start}",
        # loose: a date read from the publication date, uncertain by a day (+-1 day merging)
        date_source="published" if loose else "sentence",
    )


SAMKHA = place("Samkha", "geonames:1", 35.60, 36.75)
BERSA = place("Bersa", "geonames:2", 35.62, 36.78)  # about 3.5 km from Samkha


def one(events):
    assert len(events) == 1, [e.to_dict() for e in events]
    return events[0]


def test_two_outlets_same_event_one_event_with_both_sources_and_fatalities():
    a = mention("A", "Samkha", pl=SAMKHA, outlet="Enab Baladi", claims=[Claim("killed", 12, claimant="SOHR")])
    b = mention(
        "B",
        "al-Samkha",
        date="2020-01-09",
        loose=True,
        pl=SAMKHA,
        outlet="SANA",
        claims=[Claim("killed", 30, claimant="military source", kind="at least")],
    )
    e = one(merge_mentions([a, b]))
    assert e.sources == ["Enab Baladi", "SANA"]
    assert e.articles == ["A", "B"]
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (12, 12, 30)
    assert e.event_id.startswith("FW") and e.mention_ids == sorted([a.mention_id, b.mention_id])
    assert e.interaction == "12" and not e.civilian_targeting
    assert {c.claimant for c in e.claims} == {"SOHR", "military source"}
    assert any(c.field == "killed" for c in e.contradictions)  # 30 vs 12: > 2x and >= 5 apart
    assert e.notes.startswith("On 8 January 2020, Fateh al Mubin Operations Room fought Military Forces of Syria")
    assert e.notes.endswith("Reported by Enab Baladi and SANA.")


def test_regained_control_vs_thwarted_attack_is_one_event_with_contradiction():
    # Opposition: took the village. State TV: attack repelled, army holds it. Radio: nothing changed.
    opp = mention(
        "E",
        "Samkha",
        sub="Non-state actor overtakes territory",
        a1=FATEH,
        a2=SYR,
        outlet="Enab",
        claims=[Claim("controls_location", FATEH, claimant=FATEH)],
    )
    tv = mention(
        "E",
        "Smakha",
        sub="Armed clash",
        a1=UNID,
        a2=SYR,
        outlet="Enab",
        claims=[Claim("controls_location", "Military Forces of Syria", claimant="al-Ikhbaria")],
    )
    radio = mention(
        "E",
        "Samkha",
        sub="Armed clash",
        a1=SYR,
        a2=REBELS,
        outlet="Enab",
        claims=[Claim("denied", "change of control", claimant="Sham FM")],
    )
    e = one(merge_mentions([opp, tv, radio]))
    fields = {c.field for c in e.contradictions}
    assert {"controls_location", "occurred", "sub_event_type"} <= fields
    # One territory claimant vs two disputers: the majority keeps it an Armed clash.
    assert e.sub_event_type == "Armed clash"
    assert e.actor1 == SYR and e.actor2 == FATEH  # generic labels replaced by the specific group
    assert len(e.claims) == 3 and {c.claimant for c in e.claims} == {FATEH, "al-Ikhbaria", "Sham FM"}
    # Without the radio it is one against one: the territory claim stands (and is flagged).
    e2 = one(merge_mentions([opp, tv]))
    assert e2.sub_event_type == "Non-state actor overtakes territory"
    assert e2.actor1 == FATEH
    assert {"controls_location", "sub_event_type"} <= {c.field for c in e2.contradictions}


def test_territory_claim_outvoted_by_denials_only():
    took = mention(
        "W",
        "Idlim",
        sub="Non-state actor overtakes territory",
        outlet="Opp",
        claims=[
            Claim("controls_location", FATEH, claimant=FATEH),
            Claim("denied", "change of control", claimant="Sham FM"),
            Claim("denied", "change of control", claimant="SANA"),
        ],
    )
    e = one(merge_mentions([took]))
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert {"occurred", "sub_event_type"} <= {c.field for c in e.contradictions}


def test_gainer_repelling_a_counterattack_is_no_dispute():
    took = mention(
        "G", "Ajaz", sub="Non-state actor overtakes territory", a1=NLF, a2=SYR, claims=[Claim("controls_location", NLF)]
    )
    held = mention("G", "Ajaz", sub="Armed clash", a1=SYR, a2=NLF, claims=[Claim("occurred", True, claimant="Front")])
    held.evidence.sentence = "The front said it repelled attempts by the army to retake the town."
    e = one(merge_mentions([took, held]))
    assert e.sub_event_type == "Non-state actor overtakes territory" and not e.contradictions
    # The same words from the side said to have lost the place are a dispute.
    lost = mention("G", "Ajaz", sub="Armed clash", a1=NLF, a2=SYR, claims=[Claim("occurred", True, claimant="SANA")])
    lost.evidence.sentence = "Army units repelled an attack by the front on the town."
    e = one(merge_mentions([took, lost]))
    assert [c.field for c in e.contradictions] == ["sub_event_type"]


def test_coalition_members_from_actor_dictionary(tmp_path, monkeypatch):
    hts_fight = mention("H", "Samkha", a1=HTS, a2=SYR)
    fateh_take = mention("H", "Samkha", sub="Non-state actor overtakes territory", a1=FATEH, a2=SYR)
    bare = tmp_path / "bare.yaml"  # a dictionary that does not know the coalition's members
    bare.write_text(f"- name: {FATEH}\n  type: rebel\n  inter: 2\n  side: opposition\n", encoding="utf-8")
    monkeypatch.setenv("FRONTWIRE_ACTORS", str(bare))  # the actor table is read per actors file
    assert len(merge_mentions([hts_fight, fateh_take])) == 2
    # Associates named in the report link them...
    fateh_take.assoc_actor1 = [HTS]
    assert len(merge_mentions([hts_fight, fateh_take])) == 1
    fateh_take.assoc_actor1 = []
    # ...and so do `members` in the actor dictionary.
    f = tmp_path / "actors.yaml"
    f.write_text(
        f"- name: {FATEH}\n  type: rebel\n  inter: 2\n  side: opposition\n  members: ['{HTS}', '{NLF}']\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("FRONTWIRE_ACTORS", str(f))
    assert len(merge_mentions([hts_fight, fateh_take])) == 1


def test_claimant_kept_not_outlet_and_sum_of_victims_within_source():
    rrc = "Russian Reconciliation Center"
    a = mention(
        "P",
        "Abu Jarif",
        a1=TIP,
        a2=SYR,
        outlet="pro-government site",
        claims=[Claim("killed", 40, claimant=rrc, victim=SYR), Claim("injured", 80, claimant=rrc, victim=SYR)],
    )
    e = one(merge_mentions([a]))
    assert e.fatalities == 40 and e.injured == 80
    assert all(c.claimant == rrc and c.outlet == "pro-government site" for c in e.claims)
    # "kill 7 gunmen at least ... claimed the lives of two members of the army": 9 killed.
    b = mention(
        "P",
        "Aleppo",
        date="2020-01-22",
        a1=UNID,
        a2=SYR,
        outlet="pro-government site",
        claims=[
            Claim("killed", 7, kind="at least", claimant=rrc, victim=UNID),
            Claim("killed", 2, claimant=rrc, victim=SYR),
            Claim("injured", 9, claimant=rrc, victim=UNID),
            Claim("injured", 4, claimant=rrc, victim=SYR),
        ],
    )
    e = one(merge_mentions([b]))
    assert (e.fatalities, e.injured) == (9, 13)
    assert (
        "Russian Reconciliation Center said 2 members of Military Forces of Syria and at least 7 members of "
        "an unidentified armed group were killed and 4 members of Military Forces of Syria and 9 members of "
        "an unidentified armed group were injured."
    ) in e.notes


def test_killed_and_wounded_total_gives_no_fatalities():
    a = mention(
        "K",
        "Rafa",
        a1=HTS,
        a2=SYR,
        sub="Suicide bomb",
        claims=[Claim("killed_or_injured", "dozens", claimant="NLF commander", low=24, high=99)],
    )
    e = one(merge_mentions([a]))
    assert e.fatalities is None and e.fatalities_low is None and e.injured is None


def test_vague_figure_uses_its_range_and_per_victim_minimum():
    a = mention("V1", "Ajaz", claims=[Claim("killed", "dozens", claimant="HTS", low=24, high=99, victim=SYR)])
    b = mention(
        "V2",
        "Ajaz",
        claims=[Claim("killed", 30, claimant="NLF", victim=SYR), Claim("killed", 3, claimant="NLF", victim=FATEH)],
    )
    e = one(merge_mentions([a, b]))
    # per victim: army min(24, 30) + rebels 3
    assert (e.fatalities, e.fatalities_low, e.fatalities_high) == (27, 27, 102)


def test_fatality_contradiction_threshold():
    def ev(x, y):
        return one(
            merge_mentions(
                [
                    mention("F1", "Tuqad", claims=[Claim("killed", x, claimant="a")]),
                    mention("F2", "Tuqad", claims=[Claim("killed", y, claimant="b")]),
                ]
            )
        )

    assert not [c for c in ev(3, 7).contradictions if c.field == "killed"]  # ratio > 2 but diff < 5
    assert not [c for c in ev(10, 19).contradictions if c.field == "killed"]  # diff >= 5 but ratio < 2
    assert [c for c in ev(10, 10 + max(FATALITY_MIN_DIFF, 11)).contradictions if c.field == "killed"]
    assert [c for c in ev(0, 40).contradictions if c.field == "killed"]


def _build_batch():
    ms = []
    for i, loc in enumerate(["Samkha", "Bersa", "Idlim", "Kansafra", "Sfuhen"]):
        ms.append(
            mention(
                "A1",
                loc,
                sub="Non-state actor overtakes territory",
                claims=[Claim("controls_location", FATEH, claimant=FATEH)],
            )
        )
        ms.append(
            mention(
                "A2",
                loc,
                sub="Armed clash",
                a1=SYR,
                a2=REBELS,
                date="2020-01-09",
                loose=True,
                claims=[Claim("killed", 10 + i, claimant="SANA")],
            )
        )
        ms.append(mention("A3", loc, sub="Shelling/artillery/missile attack", a1=SYR, a2=REBELS))
    ms.append(mention("A4", "Tuqad", date=None, a1=SYR, a2=REBELS))
    ms.append(mention("A4", "Tuqad", a1=SYR, a2=REBELS, claims=[Claim("occurred", True, claimant="x")]))
    ms.append(mention("A5", "Aleppo", a1=UNID, a2=CIV, sub="Attack", etype="Violence against civilians"))
    return ms


def test_shuffled_input_gives_identical_events():
    ms = _build_batch()
    ref = [e.to_dict() for e in merge_mentions(ms, published={"A1": "2020-01-08", "A2": "2020-01-09"})]
    for seed in range(5):
        sh = ms[:]
        random.Random(seed).shuffle(sh)
        assert [e.to_dict() for e in merge_mentions(sh, published={"A2": "2020-01-09", "A1": "2020-01-08"})] == ref
    assert len(ref) == 12  # 5 battles + 5 shellings + Tuqad + Aleppo
    tuqad = [e for e in ref if e["location"] == "Tuqad"][0]
    assert len(tuqad["mention_ids"]) == 2  # the undated telling joined its own article's dated one
    aleppo = [e for e in ref if e["location"] == "Aleppo"][0]
    assert aleppo["civilian_targeting"] and aleppo["interaction"] == "37"
    samkha = [e for e in ref if e["location"] == "Samkha" and e["event_type"] == "Battles"][0]
    assert samkha["first_reported"] == "2020-01-08" and samkha["sources"] == ["outlet-A1", "outlet-A2"]


def test_chain_guard_complete_linkage():
    # A (day 1) ~ B (day 2) ~ C (day 3) but A and C are two days apart: never one event.
    a = mention("C1", "Sarjah", date="2020-01-01")
    b = mention("C2", "Sarjah", date="2020-01-02", loose=True)
    c = mention("C3", "Sarjah", date="2020-01-03")
    evs = merge_mentions([a, b, c])
    assert len(evs) == 2
    assert sorted(len(e.mention_ids) for e in evs) == [1, 2]
    # Actor chain: HTS ~ generic rebels ~ TIP, but HTS !~ TIP.
    x = mention("C4", "Sarjah", date="2020-02-01", a1=HTS)
    y = mention("C5", "Sarjah", date="2020-02-01", a1=REBELS)
    z = mention("C6", "Sarjah", date="2020-02-01", a1=TIP)
    evs = merge_mentions([x, y, z])
    assert len(evs) == 2
    for e in evs:
        assert not {HTS, TIP} <= {e.actor1, e.actor2}


def test_not_merged_different_place_date_type_actors_and_article_days():
    base = dict(date="2020-01-08")
    ms = [
        mention("D1", "Samkha", pl=SAMKHA, **base),
        mention("D2", "Bersa", pl=BERSA, **base),  # 3.5 km away: different place
        mention("D3", "Samkha", pl=SAMKHA, date="2020-01-11"),  # 3 days later
        mention("D4", "Samkha", pl=SAMKHA, sub="Air/drone strike", a1="Military Forces of Russia (2000-)", **base),
        mention("D5", "Samkha", pl=SAMKHA, a1="Military Forces of Turkey (2016-)", **base),  # other actor pair
    ]
    assert len(merge_mentions(ms)) == 5
    # One article, same place, consecutive days: two events (ACLED: one per day).
    two_days = [mention("D6", "Ajaz", date="2019-11-30"), mention("D6", "Ajaz", date="2019-12-01")]
    assert len(merge_mentions(two_days)) == 2
    # Undated mentions never join another article's mention.
    assert len(merge_mentions([mention("D7", "Ajaz", date=None), mention("D8", "Ajaz", date=None)])) == 2


def test_same_incident_twice_in_one_article_is_one_event_with_both_claims():
    a = mention("T", "Ajaz", claims=[Claim("controls_location", NLF, claimant="NLF")], a1=NLF)
    b = mention(
        "T", "Ajaaz", a1=SYR, a2=REBELS, claims=[Claim("killed_or_injured", 110, kind="more than", claimant="HTS")]
    )
    e = one(merge_mentions([a, b]))
    assert len(e.claims) == 2 and e.actor1 == NLF and e.actor2 == SYR


def test_nearby_points_merge_across_articles_only():
    p1 = place("Kafr Oweid", "geonames:10", 35.6270, 36.4560)
    p2 = place("Kfarawid", "airwars:77", 35.6280, 36.4590)  # ~0.3 km: a duplicate gazetteer entry
    assert len(merge_mentions([mention("N1", "Kafr Oweid", pl=p1), mention("N2", "Kfarawid", pl=p2)])) == 1
    p3 = place("Kfar X", "geonames:11", 35.6280, 36.4590)
    assert len(merge_mentions([mention("N3", "Kafr Oweid", pl=p1), mention("N3", "Kfar X", pl=p3)])) == 2


def test_unresolved_place_flags_review_and_best_place_wins():
    a = mention("R1", "Samkha")
    e = one(merge_mentions([a]))
    assert e.needs_review and e.latitude is None and e.geo_precision is None and e.location == "Samkha"
    b = mention("R2", "Samkha", pl=SAMKHA)
    e = one(merge_mentions([a, b]))
    assert not e.needs_review and e.place_id == "geonames:1" and e.geo_precision == 1


def test_actor_inter_codes():
    assert actor_inter(SYR, "Syria") == 1
    assert actor_inter("Military Forces of Russia (2000-)", "Syria") == 8
    assert actor_inter(FATEH) == 2 and actor_inter(CIV) == 7 and actor_inter(UNID) == 3


def test_input_not_mutated():
    a = mention("M", "Samkha", claims=[Claim("killed", 5)])
    before = a.to_dict()
    merge_mentions([a])
    assert a.to_dict() == before


@pytest.mark.parametrize("split", [0, 3, 8, 15, 17])
def test_incremental_equals_full(split):
    ms = _build_batch()
    rng = random.Random(split)
    rng.shuffle(ms)
    pub = {"A1": "2020-01-08", "A2": "2020-01-09", "A3": "2020-01-10"}
    old, new = ms[:split], ms[split:]
    existing = merge_mentions(old, published=pub)
    delete, insert = merge_incremental(existing, old, new, published=pub)
    assert delete <= {e.event_id for e in existing}
    got = [e for e in existing if e.event_id not in delete] + insert
    full = merge_mentions(ms, published=pub)
    key = lambda e: e.event_id  # noqa: E731
    assert [e.to_dict() for e in sorted(got, key=key)] == [e.to_dict() for e in sorted(full, key=key)]
    # Re-adding the same mentions changes nothing.
    d2, i2 = merge_incremental(full, ms, new, published=pub)
    assert d2 == set() and i2 == []


def _random_mentions(rng: random.Random, n: int) -> list[EventMention]:
    names = ["Samkha", "Smakha", "Bersa", "Idlim", "Ajaz", "Ajaaz", "Sarjah", "Tuqad", "Harran", "Tal Dam"]
    pids = {"Samkha": SAMKHA, "Bersa": BERSA}
    actors = [SYR, FATEH, HTS, NLF, TIP, REBELS, UNID, None]
    subs = [
        "Armed clash",
        "Non-state actor overtakes territory",
        "Government regains territory",
        "Shelling/artillery/missile attack",
    ]
    out = []
    for k in range(n):
        loc = rng.choice(names)
        a1, a2 = rng.sample(actors, 2)
        claims = []
        if rng.random() < 0.5:
            claims.append(
                Claim(
                    rng.choice(["killed", "injured"]),
                    rng.choice([0, 2, 7, 40]),
                    claimant=rng.choice([None, "SOHR", "SANA", "NLF"]),
                    victim=rng.choice([None, SYR]),
                )
            )
        if rng.random() < 0.3:
            claims.append(Claim("controls_location", rng.choice([SYR, FATEH]), claimant=rng.choice(["x", "y"])))
        if rng.random() < 0.1:
            claims.append(Claim("denied", "change of control", claimant="Sham FM"))
        out.append(
            mention(
                f"R{rng.randrange(6)}",
                loc,
                date=rng.choice([None, "2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04"]),
                sub=rng.choice(subs),
                a1=a1,
                a2=a2,
                pl=pids.get(loc) if rng.random() < 0.7 else None,
                claims=claims,
                mid=f"rm{k:03d}",
            )
        )
    return out


@pytest.mark.parametrize("seed", range(6))
def test_random_batches_order_independent_and_incremental(seed):
    rng = random.Random(seed)
    ms = _random_mentions(rng, 60)
    full = merge_mentions(ms)
    ref = [e.to_dict() for e in full]
    sh = ms[:]
    rng.shuffle(sh)
    assert [e.to_dict() for e in merge_mentions(sh)] == ref
    # every mention in exactly one event; complete linkage inside each
    seen = [mid for e in full for mid in e.mention_ids]
    assert sorted(seen) == sorted(m.mention_id for m in ms)
    from frontwire.merge.actor_facts import current_facts
    from frontwire.merge.compatibility import score
    from frontwire.merge.features import MentionFeatures

    facts = current_facts()
    feats = {m.mention_id: MentionFeatures(m, facts) for m in ms}
    for e in full:
        fs = [feats[i] for i in e.mention_ids]
        assert all(score(x, y, facts) > 0 for x in fs for y in fs if x is not y)
    # incremental in three batches equals the full merge
    a, b = rng.randrange(60), rng.randrange(60)
    lo, hi = min(a, b), max(a, b)
    state = merge_mentions(sh[:lo])
    for old, new in ((sh[:lo], sh[lo:hi]), (sh[:hi], sh[hi:])):
        delete, insert = merge_incremental(state, old, new)
        state = [e for e in state if e.event_id not in delete] + insert
    assert sorted((e.to_dict() for e in state), key=lambda d: d["event_id"]) == sorted(ref, key=lambda d: d["event_id"])


def test_broken_actor_file_names_the_file(tmp_path, monkeypatch):
    from frontwire.actors import ActorFileError

    bad = tmp_path / "broken_actors.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("FRONTWIRE_ACTORS", str(bad))
    with pytest.raises(ActorFileError, match="broken_actors.yaml"):
        merge_mentions([mention("Z", "Samkha")])
    with pytest.raises(ActorFileError, match="broken_actors.yaml"):
        actor_inter(SYR, "Syria")


def test_adjacent_days_stated_by_both_reports_are_two_events():
    """+-1 day only when a date is uncertain: two reports stating different days are two incidents."""
    a = mention("N1", "Samkha", pl=SAMKHA, date="2020-01-08")
    b = mention("N2", "Samkha", pl=SAMKHA, date="2020-01-09")
    assert len(merge_mentions([a, b])) == 2
    c = mention("N3", "Samkha", pl=SAMKHA, date="2020-01-09", loose=True)
    assert len(merge_mentions([a, c])) == 1


def test_strike_on_civilians_vs_on_fighters_is_one_event_with_victims_contradiction():
    civ = mention(
        "V1",
        "Samkha",
        pl=SAMKHA,
        sub="Air/drone strike",
        a1=SYR,
        a2=CIV,
        claims=[Claim("killed", 9, claimant="Civil Defence", victim=CIV)],
    )
    fighters = mention(
        "V2",
        "Samkha",
        pl=SAMKHA,
        sub="Air/drone strike",
        a1=SYR,
        a2=REBELS,
        claims=[Claim("killed", 14, claimant="military source", victim=REBELS)],
    )
    e = one(merge_mentions([civ, fighters]))
    assert e.fatalities == 9  # one toll told two ways is never added up
    victims = [c for c in e.contradictions if c.field == "victims"]
    assert victims and {c.claimant for c in victims[0].claims} == {"Civil Defence", "military source"}
    assert e.merge_reasons and "same day" in e.merge_reasons[0]


def test_placeless_headline_folds_into_the_body_telling_so_a_toll_counts_once():
    body = mention(
        "H1",
        "Samkha",
        pl=SAMKHA,
        sub="Air/drone strike",
        a1="Military Forces of Russia (2000-)",
        a2=CIV,
        claims=[Claim("killed", 11, claimant="Civil Defence", victim=CIV)],
    )
    head = mention(
        "H1",
        "Massacre",
        date="2020-01-09",
        loose=True,
        sub="Armed clash",
        a1="Military Forces of Russia (2000-)",
        a2=REBELS,
        claims=[Claim("killed", 11)],
    )
    head.headline = True
    other_town = mention(
        "H1", "Bersa", pl=BERSA, sub="Air/drone strike", a1="Military Forces of Russia (2000-)", a2=CIV
    )
    evs = merge_mentions([body, head, other_town])
    assert len(evs) == 2
    e = next(e for e in evs if e.location == "Samkha")
    assert len(e.mention_ids) == 2 and e.fatalities == 11
    assert any("headline" in r for r in e.merge_reasons)


def test_nobody_killed_against_a_toll_is_a_contradiction():
    calm = mention("Z1", "Samkha", pl=SAMKHA, claims=[Claim("killed", 0, kind="none reported", claimant="governor")])
    toll = mention("Z2", "Samkha", pl=SAMKHA, claims=[Claim("killed", 4, claimant="medics", victim=CIV)])
    e = one(merge_mentions([calm, toll]))
    assert [c.field for c in e.contradictions] == ["killed"]
    assert {c.claimant for c in e.contradictions[0].claims} == {"governor", "medics"}


def test_night_words_loosen_only_relative_dates():
    from frontwire.merge.features import date_uncertain

    m = mention("N9", "Samkha", pl=SAMKHA)
    m.evidence.sentence = "Regime forces shelled Samkha overnight."
    assert date_uncertain(m)
    m.evidence.sentence = "On 7 January 2020, overnight, regime forces shelled Samkha."
    assert not date_uncertain(m)
    m.evidence.sentence = "Regime forces shelled Samkha on Tuesday."
    assert not date_uncertain(m)


def test_people_killed_are_no_side_in_a_victims_dispute():
    def strike(art, n, claimant, victim, sentence):
        m = mention(art, "Samkha", pl=SAMKHA, sub="Air/drone strike", a1=SYR, a2=victim)
        m.evidence.sentence = sentence
        m.claims.append(Claim("killed", n, claimant=claimant, victim=victim, evidence=m.evidence, article_id=art))
        return m

    fighters = strike("P1", 2, "local official", REBELS, "A drone hit a car in Samkha, killing two rebels.")
    people = strike("P2", 2, "officials", CIV, "A drone hit a car in Samkha, killing two people, officials said.")
    assert not [c for c in one(merge_mentions([fighters, people])).contradictions if c.field == "victims"]
    civilians = strike("P3", 2, "medics", CIV, "A drone hit a car in Samkha, killing two civilians.")
    assert [c for c in one(merge_mentions([fighters, civilians])).contradictions if c.field == "victims"]


def test_a_total_and_its_breakdown_count_once_and_a_one_sided_claim_is_no_rival_count():
    """ "23 killed" with "14 soldiers and 9 fighters" from one monitor is 23, and another source's
    claim of only the enemy's dead does not lower a count of both sides."""
    monitor = [Claim("killed", 23, claimant="SOHR"), Claim("killed", 14, claimant="SOHR", victim=SYR)]
    monitor.append(Claim("killed", 9, claimant="SOHR", victim=REBELS))
    a = mention("A", "Kafr Halab", pl=SAMKHA, a1=REBELS, claims=monitor)
    b = mention("B", "Kafr Halab", pl=SAMKHA, a1=REBELS, claims=[Claim("killed", 14, claimant="NLF", victim=SYR)])
    assert one(merge_mentions([a])).fatalities == 23
    assert one(merge_mentions([a, b])).fatalities == 23


def test_a_running_toll_supersedes_a_reports_partial_figures():
    s1 = "Seven people were killed when the missile hit the building."
    s2 = "Rescuers found another body, bringing the total to nine."
    claims = [
        Claim("killed", 7, claimant="governor", evidence=Evidence("R", s1, 0, len(s1))),
        Claim("killed", 9, claimant="rescuers", evidence=Evidence("R", s2, 100, 100 + len(s2))),
    ]
    e = one(merge_mentions([mention("R", "Samkha", pl=SAMKHA, sub="Air/drone strike", claims=claims)]))
    assert e.fatalities == 9


def test_a_side_or_district_of_a_town_placed_at_a_region_joins_the_town():
    region = Place(
        text="west of Samkha",
        name="western Idlib",
        place_id="admin1:X#w",
        country="Syria",
        admin1="Idlib",
        geo_precision=3,
    )
    a = mention("A", "west of Samkha", pl=region)
    b = mention("B", "Samkha", pl=SAMKHA)
    assert one(merge_mentions([a, b])).articles == ["A", "B"]
