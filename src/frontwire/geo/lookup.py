"""Name look-up: the gazetteer entries matching a name (exact key, spelling variant, close
spelling), ranked before any context is known."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from frontwire.geo.fold import skeleton
from frontwire.geo.gazetteer import Entry, Gazetteer
from frontwire.geo.tables import Theatre

# Preference among entries sharing a name: a town over the unit named after it.
FEATURE_BONUS = {
    "populated place": 0.30,
    "region": 0.15,
    "admin1": 0.12,
    "neighbourhood": 0.08,
    "military base": 0.08,
    "camp": 0.08,
    "admin2": 0.05,
    "admin3": 0.04,
}
ADMIN_FEATURES = frozenset({"admin1", "admin2", "admin3", "admin4", "admin"})
MATCH_WEIGHT = {"exact": 1.0, "skeleton": 0.8, "fuzzy": 0.65}

Hit = tuple[int, str, float, str]  # entry index, match level, similarity, matched key


@dataclass
class Candidate:
    """A gazetteer entry matching a name, with how it matched."""

    entry: Entry
    match: str  # exact | skeleton | fuzzy
    similarity: float  # of the folded keys, 0..1
    key: str

    @property
    def id(self) -> str:
        return self.entry.id


def match_key(gaz: Gazetteer, key: str, theatre: Theatre) -> tuple[Hit, ...]:
    """Entries matching a folded key, best first: exact key, else same skeleton, else strict fuzzy.

    Loose levels only cover the theatre and its neighbours (the gazetteer's skeleton index).
    """
    out = [(i, "exact", 1.0, key) for i in gaz.find(key)]
    # Spelling variants are searched too when the exact hits are only far-away places or
    # admin units: "Nerab" is exactly a Russian village but a variant of Idlib's al-Nayrab.
    local = any(gaz.entry(i).country in theatre.local and gaz.entry(i).feature not in ADMIN_FEATURES for i, *_ in out)
    if not local and key.isascii() and len(key) >= 4:
        out.extend(_variants(gaz, key))
    best: dict[int, Hit] = {}
    for h in out:
        if h[0] not in best:
            best[h[0]] = h

    def order(h: Hit) -> tuple:
        e = gaz.entry(h[0])
        # Among equal matches: cities of 100,000+ anywhere, then the theatre (the reports'
        # focus), then towns over admin units, then population.
        return (
            -MATCH_WEIGHT[h[1]],
            -h[2],
            e.population < 100_000,
            e.country != theatre.iso2,
            -FEATURE_BONUS.get(e.feature, 0),
            -e.population,
            e.id,
        )

    return tuple(sorted(best.values(), key=order))


def _variants(gaz: Gazetteer, key: str) -> list[Hit]:
    """Skeleton matches of a key; strict fuzzy ones (one skeleton edit) when there are none."""
    out: list[Hit] = []
    sk = skeleton(key)
    if len(sk) < 3:
        return out
    lk = len(key)
    loose = False
    for k2 in gaz.skeleton_keys(sk):
        l2 = len(k2)
        if 2 * min(lk, l2) < 0.7 * (lk + l2):
            continue  # lengths alone keep the ratio under the threshold
        sim = similarity(key, k2)
        # Three consonants say little (Sarouj is not Sarja): one edit at most then.
        if sim >= 0.7 and (len(sk) > 3 or Levenshtein.distance(key, k2) <= 1):
            out.extend((i, "skeleton", sim, k2) for i in gaz.find(k2))
            loose = True
    if not loose and len(sk) >= 5:
        # Strict fuzzy: one edit in the skeleton and a close spelling of the
        # distinctive part (Kafr Haya is not Kafr Naya).
        for k2, sk2 in gaz.near_skeleton_keys(sk):
            if abs(len(k2) - lk) > 2 or Levenshtein.distance(sk, sk2) > 1:
                continue
            sim = similarity(key, k2)
            if sim >= 0.86:
                out.extend((i, "fuzzy", sim, k2) for i in gaz.find(k2))
    return out


# Folded forms of generic first words of Arabic place names; two names sharing one are
# compared on the rest only, so "Kafr" does not make unrelated villages look alike.
_GENERIC_PREFIXES = (
    "kafr",
    "tal",
    "dayr",
    "ayn",
    "um",
    "abu",
    "bayt",
    "xirbat",
    "marat",
    "jabal",
    "jisr",
    "kasr",
    "shayx",
    "ras",
    "bir",
    "xan",
    "kalat",
    "hamam",
    "mazrat",
    "wadi",
    "sahl",
)

GENERIC_WORDS = frozenset(_GENERIC_PREFIXES) | {"bab", "nahr", "sahl", "ard", "mazraa", "hay", "tala"}

_GENERIC_RE = re.compile("(?:" + "|".join(sorted(_GENERIC_PREFIXES, key=len, reverse=True)) + ")")


def similarity(a: str, b: str) -> float:
    """Similarity of two folded keys (0..1), a shared generic first word set aside."""
    m = _GENERIC_RE.match(a)
    if m:
        n = m.end()
        if b.startswith(a[:n]) and len(a) > n + 1 and len(b) > n + 1:
            a, b = a[n:], b[n:]
    return ratio(a, b) / 100.0
