"""An event's claims (collected from its mentions) and its casualty figures (best, low, high)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from frontwire.data_files import read_yaml
from frontwire.mentions import ANAPHORS, find_casualties
from frontwire.model import Claim

from .actor_facts import norm_actor
from .features import MentionFeatures

# {(article, claimant): {victim key or None: (point, low, high)}}
Figures = dict[tuple[str, str], dict[str | None, tuple[int, int, int]]]


def _claim_key(c: Claim) -> tuple:
    ev = c.evidence
    return (
        c.article_id or "",
        ev.start if ev else -1,
        ev.end if ev else -1,
        c.field,
        c.claimant or "",
        json.dumps(c.value, sort_keys=True, default=str),
        c.kind or "",
        c.victim or "",
        c.low if c.low is not None else -1,
        c.high if c.high is not None else -1,
        c.outlet or "",
    )


_DENY = "|".join(re.escape(str(w)) for w in read_yaml("en/claimants.yaml")["denial_words"])
_DENY_AFTER = re.compile(rf"^\W*(?:[\w\-]+\s+){{0,3}}?(?:{_DENY})\b", re.I)
_DENY_CLAUSE = re.compile(rf"(?:,|\band)\s*(?:{_DENY})\b", re.I)  # "..., rejecting", "said ... and denied"


def _denies(c: Claim) -> bool:
    """Is an `occurred` claim its claimant's denial ("a military source denied that ...")?"""
    if c.field != "occurred" or c.value is not True or not c.claimant or c.evidence is None:
        return False
    sent = c.evidence.sentence
    at = sent.lower().find(c.claimant.lower())
    if at < 0:
        return False
    rest = sent[at + len(c.claimant) :]
    return bool(_DENY_AFTER.match(rest) or _DENY_CLAUSE.search(rest))


def _speakers(fs: list[MentionFeatures]) -> dict[str, list[tuple[int, str]]]:
    """Per article, (offset, name) of every named claimant, in text order."""
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for f in fs:
        for c in f.m.claims:
            if c.claimant and c.claimant.lower() not in ANAPHORS and c.evidence is not None:
                out[c.article_id or f.m.article_id].append((c.evidence.start, c.claimant))
    for v in out.values():
        v.sort()
    return out


def _resolve(c: Claim, art: str, speakers: dict[str, list[tuple[int, str]]]) -> str | None:
    """ "the source", "he": the last speaker named before the claim in its report (else the first one)."""
    if not c.claimant or c.claimant.lower() not in ANAPHORS:
        return c.claimant
    named = speakers.get(art, [])
    at = c.evidence.start if c.evidence is not None else 0
    before = [n for s, n in named if s < at]
    if before:
        return before[-1]
    return c.claimant if c.claimant.lower() not in ("he", "she", "they") else None


def collect_claims(fs: list[MentionFeatures]) -> list[Claim]:
    """The distinct claims of the mentions, attributed (outlet, article, claimant) and in a canonical order."""
    seen: dict[tuple, Claim] = {}
    speakers = _speakers(fs)
    for f in fs:
        m = f.m
        for c in m.claims:
            art = c.article_id or m.article_id
            # Copies: the input mentions are never mutated. A claim nobody is quoted for is the outlet's own.
            cc = dataclasses.replace(
                c,
                outlet=c.outlet or m.outlet,
                article_id=art,
                claimant=_resolve(c, art, speakers) or c.outlet or m.outlet,
            )
            if _denies(cc):
                cc = dataclasses.replace(cc, field="denied", value=True)
            seen.setdefault(_claim_key(cc), cc)
    return [seen[k] for k in sorted(seen)]


def _num(c: Claim) -> tuple[int, int, int] | None:
    """(point, low, high) deaths of a casualty claim, or None when it gives no number."""
    v = c.value
    p: int | None = None
    if isinstance(v, bool):
        p = None
    elif isinstance(v, int):
        p = v
    elif isinstance(v, float) and v == int(v):
        p = int(v)
    elif isinstance(v, str) and v.strip().isdigit():
        p = int(v.strip())
    if p is None:
        p = c.low
    if p is None:
        return None
    lo = c.low if c.low is not None and c.low <= p else p
    hi = c.high if c.high is not None and c.high >= p else p
    return p, lo, hi


_CUMULATIVE = re.compile(str(read_yaml("en/casualties.yaml")["cumulative"]), re.I)


def _running_toll(c: Claim) -> bool:
    """Is a killed figure told as an updated running toll ("the toll rose to nine", "bringing the total to nine")?"""
    if c.evidence is None or not isinstance(c.value, int) or isinstance(c.value, bool):
        return False
    return c.value in _running_values(c.evidence.sentence)


@lru_cache(maxsize=20_000)
def _running_values(sent: str) -> frozenset[int]:
    """Figures of a sentence told as running tolls (one reading per sentence, most have no cue word)."""
    if not _CUMULATIVE.search(sent):
        return frozenset()
    # the cue may precede the match ("bringing the death toll to 13": the toll pattern starts at "death")
    return frozenset(m.value for m in find_casualties(sent) if _CUMULATIVE.search(sent[max(0, m.start - 25) : m.end]))


def counted(claims: list[Claim], fs: list[MentionFeatures], field: str) -> list[Claim]:
    """The claims a report's toll is counted from. Within one report, an updated running toll
    supersedes the report's other figures for the incident (its largest is kept), and a
    headline's figures (a few words retelling the body) count only when the body gives none:
    one report's tellings of one toll are not rival sources, whose lowest would win."""
    heads = {(f.art, f.m.evidence.start) for f in fs if f.m.headline and f.m.evidence is not None}
    arts: dict[str, list[Claim]] = defaultdict(list)
    out = [c for c in claims if c.field != field]
    for c in claims:
        if c.field == field:
            arts[c.article_id or ""].append(c)
    for art, cs in sorted(arts.items()):
        running = [c for c in cs if field == "killed" and _running_toll(c)]
        if running:
            out.append(max(running, key=lambda c: (c.value, _claim_key(c))))
            continue
        body = [c for c in cs if c.evidence is None or (art, c.evidence.start) not in heads]
        out += body or cs
    return out


def norm_victim(c: Claim) -> str | None:
    """The victim key a casualty claim is counted under (None: it names nobody)."""
    return norm_actor(c.victim) or None


def by_source(claims: list[Claim], field: str) -> Figures:
    """{(article, claimant): {victim key or None: (point, low, high)}}; a victim's repeated figure counts once."""
    out: Figures = defaultdict(dict)
    for c in claims:
        if c.field != field:
            continue
        n = _num(c)
        if n is None:
            continue
        src = (c.article_id or "", c.claimant or "")
        v = norm_victim(c)
        old = out[src].get(v)
        # The same victims counted twice by one source: keep the larger (an updated toll).
        out[src][v] = n if old is None else tuple(max(x, y) for x, y in zip(old, n))  # type: ignore[assignment]
    return out


def source_total(fig: dict[str | None, tuple[int, int, int]], k: int) -> int:
    """One source's total (k: 0 point, 1 low, 2 high) over its victims."""
    named = [t[k] for v, t in fig.items() if v is not None]
    total = sum(named)
    unnamed = fig.get(None)
    if unnamed is None:
        return total
    # An unattributed figure equal to a named one is most likely the same count, and one equal
    # to all named ones together is their total ("23 killed: 14 soldiers and 9 fighters").
    return total if unnamed[k] in named or unnamed[k] == total else total + unnamed[k]


def _victims_disputed(per: Figures, civilian: Callable[[str], bool]) -> bool:
    kinds = {frozenset(civilian(v) for v in fig if v is not None) for fig in per.values()}
    return frozenset({True}) in kinds and frozenset({False}) in kinds


def casualties(
    claims: list[Claim], field: str, civilian: Callable[[str], bool] | None = None
) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) for killed/injured claims (package docstring: fatalities).

    `civilian(victim key)`: whether a victim is civilians; one source's civilians against
    another's combatants are the same dead told two ways, never added up.
    """
    per = by_source(claims, field)
    if not per:
        return None, None, None
    disputed = bool(civilian and _victims_disputed(per, civilian))
    named = {src: fig for src, fig in per.items() if None not in fig}
    victims = sorted({v for fig in per.values() for v in fig if v is not None})

    def per_victim(k: int, pick: Callable[..., int]) -> int:
        # every source's figure for a victim counts, each victim at its lowest (or highest) one
        return sum(pick(fig[v][k] for fig in per.values() if v in fig) for v in victims)

    if len(named) == len(per) and not disputed:
        best, low, high = per_victim(0, min), per_victim(1, min), per_victim(2, max)
    elif disputed or not named:
        best = min(source_total(f, 0) for f in per.values())
        low = min(source_total(f, 1) for f in per.values())
        high = max(source_total(f, 2) for f in per.values())
    else:
        # Sources naming their victims count them together, each victim at its lowest figure: one
        # side's claim of the enemy's dead ("dozens of soldiers") is no rival to a count of both
        # sides; a figure naming no victim is one source's total, and the lowest total stands.
        others = [f for src, f in per.items() if src not in named]
        best = min([per_victim(0, min)] + [source_total(f, 0) for f in others])
        low = min([per_victim(1, min)] + [source_total(f, 1) for f in others])
        high = max(source_total(f, 2) for f in per.values())
    return best, min(low, best), max(high, best)
