"""What happened: who tells which outcome (territory taken, attack repelled) and the resolved sub-event type."""

from __future__ import annotations

import re
from collections import defaultdict

from frontwire.model import Claim

from .actor_facts import ActorFacts
from .compatibility import TERRITORY
from .features import MentionFeatures

# Words with which the defending side tells a failed attack or an unchanged front line.
_REPELLED = re.compile(
    r"\b(?:thwart|repel|repuls|foil|fend(?:ed|s)? off|beat(?:en|s)? back|pushed back|absorb|"
    r"no change in the map|did not change|(?:still|remains?) under (?:the )?control)",
    re.I,
)


def is_denial(c: Claim) -> bool:
    return c.field == "denied" or (c.field == "occurred" and c.value is False)


def sub_claim(f: MentionFeatures, sub: str) -> Claim:
    """A telling's sub-event type as a claim of its voter."""
    return Claim(
        "sub_event_type", sub, claimant=f.voter, outlet=f.m.outlet, article_id=f.m.article_id, evidence=f.m.evidence
    )


def _disputes_change(f: MentionFeatures, gainers: set[str], facts: ActorFacts) -> bool:
    """Does this Armed-clash telling dispute a change of control to one of `gainers`?"""
    text = " ".join(x for x in (f.m.trigger, f.m.evidence.sentence if f.m.evidence else None) if x)
    return bool(
        any(is_denial(c) for c in f.m.claims)
        or any(c.field == "controls_location" and c.value and facts.side_of(c.value) not in gainers for c in f.m.claims)
        # actor1 of a repel telling is the initiator whose attack failed: a dispute only
        # when that is the side said to have gained the place (or nobody says who gained it).
        or (_REPELLED.search(text) and (not f.m.actor1 or not gainers or facts.side_of(f.m.actor1) in gainers))
    )


def outcome_views(
    fs: list[MentionFeatures], claims: list[Claim], facts: ActorFacts
) -> tuple[dict[str, set[str]], set[str]]:
    """Claimants asserting each territory sub-type, and the other claimants who dispute a change.

    A dispute is a denial, or an Armed-clash telling that gives the place to another side or
    speaks of a repelled attack. A plain "clashes in X" telling is neither.
    """
    terr: dict[str, set[str]] = defaultdict(set)
    gainers: set[str] = set()
    for f in fs:
        if f.sub in TERRITORY:
            terr[f.sub].add(f.voter)
            if f.m.actor1:
                gainers.add(facts.side_of(f.m.actor1))
    if not terr:
        return terr, set()
    disputes = {facts.who(c) for c in claims if is_denial(c)}
    for f in fs:
        if f.sub == "Armed clash" and _disputes_change(f, gainers, facts):
            disputes.add(f.voter)
    return terr, disputes - set().union(*terr.values())


def resolve_sub(fs: list[MentionFeatures], claims: list[Claim], published: dict[str, str], facts: ActorFacts) -> str:
    """The event's sub-event type (package docstring: resolution rules)."""
    subs = {f.sub for f in fs}
    if len(subs) == 1 and not subs & TERRITORY:
        return fs[0].sub
    first: dict[str, tuple] = {}  # first-reported order of each telling: publication date, then canonical order

    def seen(f: MentionFeatures) -> tuple:
        return (published.get(f.art, "~"), f.key)

    for f in sorted(fs, key=seen):
        first.setdefault(f.sub, seen(f))
    terr, disputes = outcome_views(fs, claims, facts)
    if terr:
        if len(set().union(*terr.values())) < len(disputes):
            return "Armed clash"
        return sorted(terr, key=lambda s: (-len(terr[s]), first[s]))[0]
    votes: dict[str, set[str]] = defaultdict(set)
    for f in fs:
        votes[f.sub].add(f.voter)
    return sorted(votes, key=lambda s: (-len(votes[s]), first[s]))[0]
