"""Could two mentions tell one event? Date, place, sub-event type and actor tests, and their score."""

from __future__ import annotations

import math

from rapidfuzz.fuzz import ratio

from .actor_facts import ActorFacts
from .features import MentionFeatures

NEARBY_KM = 2.0  # two gazetteer points this close are one place (duplicate entries)
FUZZY_MIN = 70.0  # rapidfuzz ratio of folded names sharing a skeleton ("abujarif" / "abujrayf": 75)

GROUND = frozenset(
    {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
TERRITORY = GROUND - {"Armed clash"}


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Not frontwire.geo.gazetteer.haversine_km: that one uses a 6371.0 km radius and
    # another operation order, this one the IUGG mean radius; a pair of points right
    # at NEARBY_KM could come out on the other side of it, so merging keeps its own.
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def place_strength(a: MentionFeatures, b: MentionFeatures) -> int:
    """Place match strength: 3 same id, 2 same folded name, 1 fuzzy name or nearby point, 0 none."""
    if a.pid and b.pid and a.pid == b.pid:
        return 3
    if not (a.pid and b.pid):
        if a.tkeys & b.tkeys:
            return 2
        if a.skels & b.skels:
            best = max(ratio(x, y) for x in a.tkeys for y in b.tkeys)
            if best >= FUZZY_MIN:
                return 1
    if a.coord and b.coord and a.art != b.art and _haversine_km(a.coord, b.coord) <= NEARBY_KM:
        return 1
    return 0


def _type_ok(a: MentionFeatures, b: MentionFeatures) -> bool:
    return a.sub == b.sub or (a.sub in GROUND and b.sub in GROUND)


def _actors_ok(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> bool:
    match = facts.match
    straight = match(a.a1, b.a1, a.assoc1, b.assoc1) and match(a.a2, b.a2, a.assoc2, b.assoc2)
    return straight or (match(a.a1, b.a2, a.assoc1, b.assoc2) and match(a.a2, b.a1, a.assoc2, b.assoc1))


def score(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> float:
    """Compatibility strength of two mentions; 0 when they cannot be one event."""
    if a.d is not None and b.d is not None:
        gap = abs(a.d - b.d)
        if gap > 1 or (gap and a.art == b.art):
            return 0.0
        s = 2.0 if gap == 0 else 1.0
    elif a.art == b.art:
        s = 1.0
    else:
        return 0.0
    if not _type_ok(a, b):
        return 0.0
    p = place_strength(a, b)
    if not p or not _actors_ok(a, b, facts):
        return 0.0
    s += p
    if a.sub == b.sub:
        s += 1.0
    if (a.a1, a.a2) == (b.a1, b.a2) or (a.a1, a.a2) == (b.a2, b.a1):
        s += 0.5
    return s
