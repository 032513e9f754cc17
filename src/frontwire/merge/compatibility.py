"""Could two mentions tell one event? Date, place, sub-event type and actor tests, their score and why."""

from __future__ import annotations

import math

from rapidfuzz.fuzz import ratio

from .actor_facts import ActorFacts
from .features import MentionFeatures

NEARBY_KM = 2.0  # two gazetteer points this close are one place (duplicate entries)
SAME_NAME_KM = 15.0  # two entries of one written name this close: the town and its duplicate/fort/quarter
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
REMOTE = frozenset(
    {
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
        "Chemical weapon",
    }
)
ONE_SIDED = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})
# Kinds a report names by their weapon: one report telling a suicide bombing and, in another
# sentence, shelling at the same place tells two acts (outlets, though, do confuse kinds)
NAMED_WEAPONS = frozenset({"Suicide bomb", "Chemical weapon", "Grenade"})
FAMILY_NAMES = {"ground": "battle family", "remote": "strike family", "one-sided": "attack family"}
# One incident framed as another kind by the other side: a strike on "terrorists" is a strike
# on civilians to the victims' side, a massacre one side's "clash with gunmen". Across outlets only.
FRAMINGS = frozenset(
    {frozenset({"ground", "remote"}), frozenset({"ground", "one-sided"}), frozenset({"remote", "one-sided"})}
)


def family(sub: str) -> str:
    """The sub-type's family: ground, remote, one-sided, or the sub-type itself."""
    if sub in GROUND:
        return "ground"
    if sub in REMOTE:
        return "remote"
    if sub in ONE_SIDED:
        return "one-sided"
    return sub


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Not frontwire.geo.gazetteer.haversine_km: that one uses a 6371.0 km radius and
    # another operation order, this one the IUGG mean radius; a pair of points right
    # at NEARBY_KM could come out on the other side of it, so merging keeps its own.
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def place_strength(a: MentionFeatures, b: MentionFeatures) -> int:
    """Place match strength: 3 same id, 2 same name (or a part of the town), 1 fuzzy name or nearby point, 0 none."""
    if a.pid and b.pid and a.pid == b.pid:
        return 3
    if not (a.pid and b.pid):
        if a.tkeys & b.tkeys:
            return 2
        if a.skels & b.skels:
            best = max(ratio(x, y) for x in a.tkeys for y in b.tkeys)
            if best >= FUZZY_MIN:
                return 1
    if (a.town and a.town in b.tkeys) or (b.town and b.town in a.tkeys):
        return 2  # "west of Marib" / "Marib": a side or district of the town told without a finer place
    if a.coord and b.coord and a.art != b.art:
        km = _haversine_km(a.coord, b.coord)
        if km <= SAME_NAME_KM and a.written & b.written:
            return 2  # one written name, two gazetteer entries (the town and its fort or quarter)
        if km <= NEARBY_KM:
            return 1
    return 0


def _actors_ok(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> bool:
    match = facts.match
    straight = match(a.a1, b.a1, a.assoc1, b.assoc1) and match(a.a2, b.a2, a.assoc2, b.assoc2)
    return straight or (match(a.a1, b.a2, a.assoc1, b.assoc2) and match(a.a2, b.a1, a.assoc2, b.assoc1))


def _victims_framed(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> bool:
    """Is one telling about harm to civilians, or agentless? Only then is a battle and a strike one
    incident told two ways; a clash and a shelling of fighters in one village on one day are two events."""
    if not (a.a1 or a.a2) or not (b.a1 or b.a2):
        return True  # "the toll rose to 35": a follow-up naming nobody, typed from few words
    return any(x and facts.info(x).inter == 7 for x in (a.a1, a.a2, b.a1, b.a2))


def _same_toll(a: MentionFeatures, b: MentionFeatures) -> bool:
    """Do two tellings of one report give the same death toll (its lead and its body, typed two ways)?"""
    tolls = {c.value for c in a.m.claims if c.field == "killed" and isinstance(c.value, int) and c.value > 0}
    return any(c.field == "killed" and c.value in tolls for c in b.m.claims)


def _wild(x: str, facts: ActorFacts) -> bool:
    """An actor that may stand for any side in another outlet's telling: unknown, a generic label, civilians."""
    if not x:
        return True
    info = facts.info(x)
    return info.generic or info.inter == 7


def _same_state(x: str, y: str, facts: ActorFacts) -> bool:
    """One country's army and its police: "an army checkpoint" to one outlet, "security forces" to another."""
    ix, iy = facts.info(x), facts.info(y)
    return ix.country is not None and ix.country == iy.country and ix.inter == iy.inter == 1


def _soft_actors_ok(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> bool:
    """The pairs match in some order where a generic label or civilians may stand for any actor.

    One side's victims are another side's fighters, and a generic "gunmen" is anyone's fighters.
    """

    def ok(x: str, y: str, ax: frozenset[str], ay: frozenset[str]) -> bool:
        return facts.match(x, y, ax, ay) or _wild(x, facts) or _wild(y, facts) or _same_state(x, y, facts)

    straight = ok(a.a1, b.a1, a.assoc1, b.assoc1) and ok(a.a2, b.a2, a.assoc2, b.assoc2)
    return straight or (ok(a.a1, b.a2, a.assoc1, b.assoc2) and ok(a.a2, b.a1, a.assoc2, b.assoc1))


def _in_region(a: MentionFeatures, b: MentionFeatures) -> bool:
    """One telling of a report placed only at a region ("the western countryside of Aleppo") and the
    other in that region's province: the report's lead and its body naming the village."""
    return bool((a.region and a.region == b.admin1) or (b.region and b.region == a.admin1))


def _placeless_headline(f: MentionFeatures) -> bool:
    """A headline telling placed nowhere precise (no gazetteer entry, or a region)."""
    p = f.m.place
    return f.m.headline and (p is None or not p.place_id or (p.geo_precision or 3) >= 3)


def _place_words(a: MentionFeatures, b: MentionFeatures, p: int) -> str:
    name = a.m.place.name if a.m.place is not None and a.m.place.name else a.m.location_text
    if p == 3:
        near = " (one told as its outskirts)" if a.m.near != b.m.near else ""
        return f"same place ({name}){near}"
    if p == 2 and (a.town or b.town) and not a.tkeys & b.tkeys:
        return f"a side or district of {a.town or b.town} and the town"
    if p == 2:
        return f"same place name ({name})"
    return f"nearby or variant place ({a.m.location_text} / {b.m.location_text})"


def assess(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts, explain: bool = False) -> tuple[float, list[str]]:
    """Compatibility strength of two mentions (0 when they cannot be one event) and, if asked, why.

    Date: the same day; one day apart only across articles (or with a report's headline) and
    when either day is uncertain (`MentionFeatures.loose_day`); undated mentions only within
    their article. Place: `place_strength`, or a placeless headline of the same report. Type:
    the same sub-type, the same family (within one report's body, not a weapon-named kind with
    another: `NAMED_WEAPONS`), or one incident framed as another kind (across
    articles at one place when civilians or nobody are named; a headline's guess). Actors: the
    pairs match (`ActorFacts.match`); across articles, with a headline, or between same-type
    tellings, civilians / generic labels / one country's forces may stand for any actor.
    """
    why: list[str] = []
    cross = a.art != b.art
    if a.d is not None and b.d is not None:
        gap = abs(a.d - b.d)
        if gap > 1 or (gap and not (a.loose_day or b.loose_day)):
            return 0.0, why
        if gap and not cross and not (a.m.headline or b.m.headline):
            return 0.0, why
        s = 2.0 if gap == 0 else 1.0
        if explain:
            why.append("same day" if gap == 0 else "a day apart, one date uncertain")
    elif a.art == b.art:
        s = 1.0
        if explain:
            why.append("same report, undated")
    else:
        return 0.0, why
    # A report's headline tells its lead incident in few words: its place may be missing or a
    # region, its type and actors guessed from a verb; it folds into the body's telling.
    # A telling whose "place" is a word of an actor's name is placed nowhere, like such a headline.
    guess = not cross and (a.placeless or b.placeless)
    head = not cross and (_placeless_headline(a) or _placeless_headline(b) or guess)
    p = place_strength(a, b) or (1 if head or (not cross and _in_region(a, b)) else 0)
    if not p:
        return 0.0, why
    headline = not cross and (a.m.headline or b.m.headline or guess)
    fa, fb = family(a.sub), family(b.sub)
    if a.sub == b.sub:
        t = 1.0
    elif fa == fb and (cross or headline or not {a.sub, b.sub} & NAMED_WEAPONS):
        t = 0.5
    elif frozenset({fa, fb}) in FRAMINGS and (
        headline or (p >= 2 and _victims_framed(a, b, facts) and (cross or _same_toll(a, b)))
    ):
        t = 0.0
    else:
        return 0.0, why
    if _actors_ok(a, b, facts):
        act = 0.5 if (a.a1, a.a2) == (b.a1, b.a2) or (a.a1, a.a2) == (b.a2, b.a1) else 0.0
    elif (cross or headline or t == 1.0) and _soft_actors_ok(a, b, facts):
        act = -0.25
    else:
        return 0.0, why
    if explain:
        why.append(_place_words(a, b, p) if place_strength(a, b) else "the headline names no town")
        if t == 1.0:
            why.append(f"same type ({a.sub})")
        elif t == 0.5:
            why.append(f"{FAMILY_NAMES.get(fa, fa)} ({a.sub} / {b.sub})")
        else:
            why.append(f"one incident framed two ways ({a.sub} / {b.sub})")
        why.append(_actor_words(a, b, act))
    return s + p + t + act, why


def _actor_words(a: MentionFeatures, b: MentionFeatures, act: float) -> str:
    shared = sorted({x for x in (a.m.actor1, a.m.actor2) if x} & {x for x in (b.m.actor1, b.m.actor2) if x})
    if act < 0:
        return "victims or a side described differently" + (f" (both name {shared[0]})" if shared else "")
    if shared:
        return "both name " + " and ".join(shared)
    if not (b.m.actor1 or b.m.actor2) or not (a.m.actor1 or a.m.actor2):
        return "one telling names no actor"
    return "compatible actors"


def score(a: MentionFeatures, b: MentionFeatures, facts: ActorFacts) -> float:
    """Compatibility strength of two mentions; 0 when they cannot be one event."""
    return assess(a, b, facts)[0]
