"""Per-mention features for grouping: id, day, place keys, actor keys, voter and bucket keys.

Place names are keyed with the geo package's `fold` and `skeleton`
(`frontwire.geo.fold`), the same keys the gazetteer uses.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from functools import lru_cache

from frontwire.data_files import read_yaml
from frontwire.geo.fold import fold, skeleton
from frontwire.mentions import find_times
from frontwire.model import EventMention

from .actor_facts import ActorFacts, norm_actor

_REGIONS = frozenset({"region", "admin1"})  # Place.feature of a region-level placement
CELL_DEG = 0.05  # grid cell (degrees) for the nearby-point lookup, see MentionFeatures.probe_keys

_skeleton = lru_cache(maxsize=200_000)(skeleton)  # many mentions share a place: memoised
_NIGHT = tuple(str(w) for w in read_yaml("en/date_uncertainty.yaml")["night_words"])


def date_uncertain(m: EventMention) -> bool:
    """Could the mention's day be off by one? Read from the publication date, coarser than a day,
    or told with a night word ("overnight", "late on") and no calendar date: another outlet may
    date such a night a day apart."""
    if m.date_source in ("published", "unknown") or m.date_precision != "day":
        return True
    sent = m.evidence.sentence if m.evidence is not None else ""
    if not any(w in sent.lower() for w in _NIGHT):
        return False
    # "On 14 March, overnight, ...": a calendar date stated with the night word is certain
    return not any(t.explicit and t.precision == "day" for t in find_times(sent, None))


def _day(m: EventMention) -> int | None:
    """The mention's day for grouping. A date read from the publication date, when its sentence
    names a day ("the RSF denied on Sunday ...", left out as the day of the claim): the event was
    on or before that day, which is nearer than the publication date."""
    d = _ordinal(m.event_date)
    if d is None or m.date_source != "published" or m.evidence is None:
        return d
    pub = date.fromordinal(d)
    told = [t.date for t in find_times(m.evidence.sentence, pub) if t.precision == "day" and t.date is not None]
    earlier = [t.toordinal() for t in told if d - 3 <= t.toordinal() <= d]  # a weekday of the last few days
    return max(earlier) if earlier else d


_OF_TOWN = re.compile(r"\s+of\s+((?:[A-Z][\w'’-]*\s?){1,3})")


def _town_of(m: EventMention) -> str:
    """Folded town of a place told as a part or side of it and placed no finer than a region:
    "west of Marib", "the Kalaba district of Taiz" (its capitalised "of" part, in the written
    name or right after it in the sentence); "" when there is none."""
    p = m.place
    if p is not None and p.place_id and (p.geo_precision or 3) < 3:
        return ""
    text = m.location_text or ""
    head, sep, tail = text.rpartition(" of ")
    if sep and head and tail[:1].isupper():
        return fold(tail)
    sent = m.evidence.sentence if m.evidence is not None else ""
    at = sent.find(text) if text else -1
    hit = _OF_TOWN.match(sent, at + len(text)) if at >= 0 else None
    return fold(hit.group(1).strip()) if hit else ""


def _names_an_actor(m: EventMention) -> bool:
    """Is the mention's unresolved "place" a word of a name its telling gives an actor or speaker
    ("Liberation" of "the National Front for Liberation said"): then it has no place of its own."""
    p = m.place
    word = (m.location_text or "").strip().lower()
    if not word or (p is not None and p.place_id):
        return False
    names = [m.actor1, m.actor2, *(c.claimant for c in m.claims)]
    return any(n and re.search(rf"\b{re.escape(word)}\b", n.lower()) for n in names)


@lru_cache(maxsize=4096)
def _ordinal(d: str | None) -> int | None:
    if not d:
        return None
    try:
        return date.fromisoformat(d[:10]).toordinal()
    except ValueError:
        return None


def _fallback_id(m: EventMention) -> str:
    ev = m.evidence
    raw = "|".join(
        str(x)
        for x in (
            m.article_id,
            ev.start if ev else "",
            ev.end if ev else "",
            m.location_text,
            m.event_type,
            m.sub_event_type,
            m.event_date,
            m.actor1,
            m.actor2,
            m.trigger,
        )
    )
    return "m" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def mention_id(m: EventMention) -> str:
    """The mention's id, or a content hash when it has none."""
    return m.mention_id or _fallback_id(m)


def voter(m: EventMention, facts: ActorFacts) -> str:
    """Who asserts this telling: the claimant of its assertion (control, occurrence, denial).

    An assertion quoting nobody is the outlet's own; a telling with only casualty
    claims is its first claimant's. Names go through the actor dictionary so that
    "Front" and "National Front" are one voter.
    """
    asserts = [c for c in m.claims if c.field in ("controls_location", "occurred", "denied")]
    pool = asserts or m.claims
    who = next((c.claimant for c in pool if c.claimant), None)
    if who is None:
        return m.outlet or m.article_id or ""
    return facts.canonical(who)


def _cell(c: tuple[float, float]) -> tuple[int, int]:
    return (math.floor(c[0] / CELL_DEG), math.floor(c[1] / CELL_DEG))


class MentionFeatures:
    """Features of one mention used by blocking and compatibility tests."""

    __slots__ = (
        "m",
        "mid",
        "art",
        "d",
        "pid",
        "tkeys",
        "skels",
        "coord",
        "sub",
        "a1",
        "a2",
        "assoc1",
        "assoc2",
        "key",
        "voter",
        "loose_day",
        "written",
        "town",
        "region",
        "admin1",
        "placeless",
    )

    def __init__(self, m: EventMention, facts: ActorFacts):
        self.m = m
        self.mid = mention_id(m)
        self.art = m.article_id or ""
        self.d = _day(m)
        p = m.place
        self.pid = p.place_id if p is not None and p.place_id else None
        names = {m.location_text or ""}
        self.town = _town_of(m)
        # placed at a region ("the western countryside of Aleppo"), not a village placed approximately
        self.region = p.admin1 if p is not None and p.place_id and p.feature in _REGIONS else None
        self.admin1 = p.admin1 if p is not None else None
        self.placeless = _names_an_actor(m)
        if p is not None:
            names.update(x for x in (p.name, p.text) if x)
        self.tkeys = frozenset(k for k in (fold(n) for n in names if n) if k)
        self.skels = frozenset(s for s in (_skeleton(k) for k in self.tkeys) if len(s) >= 3)
        self.coord = (
            (p.latitude, p.longitude)
            if p is not None and p.latitude is not None and p.longitude is not None and p.geo_precision == 1
            else None
        )
        self.sub = m.sub_event_type or ""
        self.a1 = norm_actor(m.actor1)
        self.a2 = norm_actor(m.actor2)
        self.assoc1 = frozenset(norm_actor(x) for x in m.assoc_actor1 or ())
        self.assoc2 = frozenset(norm_actor(x) for x in m.assoc_actor2 or ())
        ev = m.evidence
        self.key = (
            m.event_date or "~",
            self.pid or "",
            min(self.tkeys) if self.tkeys else "",
            self.art,
            ev.start if ev else -1,
            self.sub,
            self.a1,
            self.a2,
            self.mid,
        )
        self.voter = voter(m, facts)
        self.loose_day = date_uncertain(m)
        self.written = frozenset(k for k in (fold(m.location_text or ""),) if k)

    def block_keys(self) -> list[str]:
        # Name keys of resolved mentions are upper-case: a name alone never links two
        # resolved mentions (their ids decide), so common names do not make huge buckets.
        t, s = ("t", "s") if self.pid else ("T", "S")
        ks = [f"{t}:{k}" for k in self.tkeys] + [f"{s}:{k}" for k in self.skels]
        if self.pid:
            ks.append(f"i:{self.pid}")
        if self.coord:
            ks.append(f"g:{_cell(self.coord)}")
        # every telling of a report, so that its headline can find the body's telling of one incident
        ks.append(f"a:{self.art}")
        if self.town:
            ks.append(f"T:{self.town}")
        return ks

    def probe_keys(self) -> list[str]:
        ks = [f"T:{k}" for k in self.tkeys] + [f"S:{k}" for k in self.skels] + [f"a:{self.art}"]
        if self.town:  # "west of Marib" finds Marib's tellings, resolved or not
            ks += [f"T:{self.town}", f"t:{self.town}"]
        if self.pid:
            ks.append(f"i:{self.pid}")
        else:
            ks += [f"t:{k}" for k in self.tkeys] + [f"s:{k}" for k in self.skels]
        if self.coord:
            fx, fy = self.coord[0] / CELL_DEG, self.coord[1] / CELL_DEG
            cx, cy = math.floor(fx), math.floor(fy)
            if abs(self.coord[0]) < 40:
                # Cells are at least 2 x NEARBY_KM wide here, so the 2x2 cells around the
                # point's quarter of its own cell hold every point within reach.
                sx = 1 if fx - cx >= 0.5 else -1
                sy = 1 if fy - cy >= 0.5 else -1
                ks += [f"g:{(cx + dx, cy + dy)}" for dx in (0, sx) for dy in (0, sy)]
            else:  # narrower longitude cells: all 3x3 neighbours (enough up to ~68 degrees)
                ks += [f"g:{(cx + dx, cy + dy)}" for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        return ks
