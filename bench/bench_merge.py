"""Benchmark: merge N synthetic event mentions on one core.

Usage: python bench/bench_merge.py [N]   (default 100000)

Mentions spread over a year, ~2,000 places (a few unresolved, some with
duplicate gazetteer entries a few hundred metres apart), a dozen actors, three
outlets retelling a share of the incidents. Prints the merge time and its
ratio to a baseline measured in the same run: sorting the same mentions by a
(date, place, article) key, i.e. the least any order-independent merge must do.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from frontwire.merge import merge_incremental, merge_mentions
from frontwire.model import Claim, EventMention, Evidence, Place

ACTORS = [
    "Military Forces of Syria (2000-)",
    "Military Forces of Russia (2000-)",
    "Military Forces of Turkey (2016-)",
    "HTS: Hayat Tahrir al Sham",
    "NLF: National Liberation Front",
    "TIP: Turkistan Islamic Party",
    "Fateh al Mubin Operations Room",
    "Opposition Rebels (Syria)",
    "Unidentified Armed Group (Syria)",
    "Islamic State (Syria)",
    "SDF: Syrian Democratic Forces",
    "Civilians (Syria)",
]
SUBS = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
]
OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E"]


def synth(n: int, seed: int = 7) -> tuple[list[EventMention], dict[str, str]]:
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    places = []
    syll = ["kafr", "tal", "ma", "sar", "jab", "ru", "da", "bin", "ham", "zu", "rif", "nu", "ki", "sal", "bu"]
    for k in range(2000):
        lat, lon = 35.0 + rng.random() * 2, 36.0 + rng.random() * 2
        # Letter-only names (place-name folding ignores digits), mostly distinct.
        name = "".join(syll[(k // 15**i) % 15] for i in range(3)).capitalize()
        places.append((name, f"geonames:{k}", lat, lon))
    out: list[EventMention] = []
    published: dict[str, str] = {}
    inc = 0
    while len(out) < n:
        inc += 1
        d = start + timedelta(days=rng.randrange(366))
        name, pid, lat, lon = places[rng.randrange(len(places))]
        etype, sub = SUBS[rng.randrange(len(SUBS))]
        a1, a2 = rng.sample(ACTORS, 2)
        killed = rng.choice([None, None, 0, 1, 2, 5, 12, 40])
        for t in range(rng.choice([1, 1, 1, 2, 3])):  # retellings of one incident
            art = f"art{inc % 40000}-{t}"
            published.setdefault(art, (d + timedelta(days=1)).isoformat())
            dd = d + timedelta(days=rng.choice([0, 0, 0, 1]) if t else 0)
            r = rng.random()
            if r < 0.05:
                pl = Place(text=name)  # unresolved
            elif r < 0.10:  # a duplicate gazetteer entry ~300 m away
                pl = Place(
                    text=name,
                    name=name,
                    place_id=pid + "b",
                    latitude=lat + 0.002,
                    longitude=lon + 0.002,
                    country="Syria",
                    geo_precision=1,
                    confidence=0.7,
                )
            else:
                pl = Place(
                    text=name,
                    name=name,
                    place_id=pid,
                    latitude=lat,
                    longitude=lon,
                    country="Syria",
                    geo_precision=1,
                    confidence=0.9,
                )
            ev = Evidence(art, "synthetic sentence", 100 * len(out), 100 * len(out) + 50)
            claims = []
            if killed is not None:
                claims.append(
                    Claim(
                        "killed",
                        killed + rng.choice([0, 0, 3]),
                        claimant=f"claimant {t}",
                        outlet=OUTLETS[t],
                        article_id=art,
                        evidence=ev,
                    )
                )
            x1, x2 = (a1, a2) if rng.random() < 0.8 else (a2, a1)
            out.append(
                EventMention(
                    article_id=art,
                    event_type=etype,
                    sub_event_type=sub,
                    event_date=dd.isoformat(),
                    date_precision="day",
                    location_text=name,
                    place=pl,
                    actor1=x1,
                    actor2=x2,
                    claims=claims,
                    evidence=ev,
                    outlet=OUTLETS[t],
                    mention_id=f"m{len(out):07d}",
                )
            )
            if len(out) >= n:
                break
    return out, published


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    mentions, published = synth(n)
    # CPU time of this process (other jobs on the machine do not inflate it) and wall time.
    c0, t0 = time.process_time(), time.perf_counter()
    sorted(
        mentions, key=lambda m: (m.event_date or "", m.place.place_id or m.location_text, m.article_id, m.mention_id)
    )
    base = time.process_time() - c0
    c0, t0 = time.process_time(), time.perf_counter()
    events = merge_mentions(mentions, published=published)
    took, wall = time.process_time() - c0, time.perf_counter() - t0
    multi = sum(1 for e in events if len(e.mention_ids) > 1)
    print(
        f"merge_mentions: {n} mentions -> {len(events)} events ({multi} from several mentions) "
        f"in {took:.2f} s CPU ({wall:.2f} s wall; {n / took:,.0f} mentions/s)"
    )
    print(f"baseline sort:  {base:.3f} s CPU; merge/sort ratio {took / base:.0f}x")
    k = max(1, n // 100)
    t0 = time.process_time()
    old = mentions[:-k]
    existing = merge_mentions(old, published=published)
    t1 = time.process_time()
    delete, insert = merge_incremental(existing, old, mentions[-k:], published=published)
    t2 = time.process_time()
    print(
        f"merge_incremental: +{k} mentions -> delete {len(delete)}, insert {len(insert)} in {t2 - t1:.2f} s CPU "
        f"(full merge of the rest: {t1 - t0:.2f} s)"
    )


if __name__ == "__main__":
    main()
