"""Build one event record from a cluster of mention features: date, actors, place, figures, notes."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable

from anyascii import anyascii

from frontwire.model import Event, Place

from .actor_facts import ActorFacts, norm_actor
from .compatibility import assess
from .contradictions import contradictions
from .features import MentionFeatures
from .figures import casualties, collect_claims, counted
from .notes import write_notes
from .outcomes import resolve_sub

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "estimated": 3, "unknown": 4}


def event_id(mids: Iterable[str]) -> str:
    return "FW" + hashlib.sha1(min(mids).encode("utf-8")).hexdigest()[:16]


def _place_rank(p: Place | None) -> tuple:
    if p is None:
        return (1, 9, 0.0)
    return (0 if p.resolved else 1, p.geo_precision or 9, -(p.confidence or 0.0))


def _interaction(a1: str | None, a2: str | None, country: str | None, facts: ActorFacts) -> str | None:
    codes = [c for c in (facts.inter(a1, country), facts.inter(a2, country)) if c]
    if not codes:
        return None
    if len(codes) == 1:
        return f"{codes[0]}0"  # ACLED: a lone actor type is followed by 0
    return "".join(str(c) for c in sorted(codes))


def _event_date(fs: list[MentionFeatures]) -> tuple[str | None, str]:
    """The most common mention date, earliest on ties, and its finest precision.

    Dates a report states win over uncertain ones (read from the publication date, "overnight"):
    those are why a day of slack was allowed, they never decide the day.
    """
    sure = [f for f in fs if f.m.event_date and not f.loose_day]
    fs = sure or fs
    dated = [f.m.event_date for f in fs if f.m.event_date]
    if not dated:
        return None, "unknown"
    cnt = Counter(dated)
    date = min(cnt, key=lambda d: (-cnt[d], d))
    precision = min(
        (f.m.date_precision for f in fs if f.m.event_date == date),
        key=lambda p: (_PRECISION_RANK.get(p, 9), p),
    )
    return date, precision


def _actors(
    fs: list[MentionFeatures], carriers: list[MentionFeatures], facts: ActorFacts
) -> tuple[list[str | None], list[list[str]]]:
    """(actor1, actor2) and their associates, every telling oriented like the lead.

    The lead is the most specific telling of the chosen sub-type; each slot takes the
    most specific name told for it.
    """
    specific, match = facts.specific, facts.match
    lead = min(carriers, key=lambda f: (-specific(f.m.actor1) - specific(f.m.actor2), f.mid))
    slots: list[list[tuple[str | None, list[str]]]] = [[], []]
    for f in fs:
        m = f.m
        straight = match(lead.a1, f.a1, lead.assoc1, f.assoc1) and match(lead.a2, f.a2, lead.assoc2, f.assoc2)
        pair = [(m.actor1, m.assoc_actor1), (m.actor2, m.assoc_actor2)]
        if not straight:
            pair.reverse()
        slots[0].append(pair[0])
        slots[1].append(pair[1])
    chosen: list[str | None] = []
    assocs: list[list[str]] = []
    for k, lead_name in enumerate((lead.m.actor1, lead.m.actor2)):
        best = lead_name
        for name, _ in slots[k]:
            if specific(name) > specific(best):
                best = name
        chosen.append(best)
        key = norm_actor(best)
        assocs.append(sorted({a for _, al in slots[k] for a in al or () if norm_actor(a) != key}))
    return chosen, assocs


MAX_REASONS = 12


def merge_reasons(fs: list[MentionFeatures], facts: ActorFacts) -> list[str]:
    """Why the mentions are one incident: each other report's (and each folded telling's) link to the lead."""
    if len(fs) < 2:
        return []
    lead = fs[0]
    out = []
    for f in fs[1:]:
        _, why = assess(lead, f, facts, explain=True)
        if not why:
            continue
        who = f"{f.art} with {lead.art}" if f.art != lead.art else f"{f.art}: another telling in the same report"
        out.append(f"{who}: " + ", ".join(why))
    return out[:MAX_REASONS]


def build_event(fs: list[MentionFeatures], published: dict[str, str], facts: ActorFacts) -> Event:
    """One event from a cluster of compatible mentions (package docstring: resolution rules)."""
    fs = sorted(fs, key=lambda f: f.key)
    claims = collect_claims(fs)
    sub = resolve_sub(fs, claims, published, facts)
    carriers = [f for f in fs if f.sub == sub]
    if carriers:
        event_type = carriers[0].m.event_type
    else:  # a territory claim outvoted by denials alone: an Armed clash nobody told as such
        carriers, event_type = fs, "Battles"
    event_date, precision = _event_date(fs)
    (actor1, actor2), assocs = _actors(fs, carriers, facts)

    # Place: the best-resolved, most precise one.
    pf = min(fs, key=lambda f: (_place_rank(f.m.place), f.key))
    place = pf.m.place
    resolved = place is not None and place.resolved
    # plain ASCII display names, as ACLED writes them ("Ariha", not "Arīḩā")
    location = anyascii((place.name if place is not None and place.name else None) or pf.m.location_text)
    country = place.country if place is not None else None

    killed = casualties(counted(claims, fs, "killed"), "killed", lambda v: facts.inter(v) == 7)
    articles = sorted({f.art for f in fs if f.art})
    evidence = sorted(
        {(e.article_id, e.start, e.end, e.sentence): e for e in (f.m.evidence for f in fs) if e is not None}.values(),
        key=lambda e: (e.article_id, e.start, e.end, e.sentence),
    )
    pubs = [published[a] for a in articles if published.get(a)]
    civ = facts.inter(actor2, country) == 7 if actor2 else False

    ev = Event(
        event_id=event_id(f.mid for f in fs),
        event_date=event_date,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor1=assocs[0],
        actor2=actor2,
        assoc_actor2=assocs[1],
        interaction=_interaction(actor1, actor2, country, facts),
        civilian_targeting=bool(civ),
        country=country,
        admin1=place.admin1 if place is not None else None,
        admin2=place.admin2 if place is not None else None,
        location=location,
        latitude=place.latitude if place is not None and resolved else None,
        longitude=place.longitude if place is not None and resolved else None,
        place_id=place.place_id if place is not None else None,
        geo_precision=place.geo_precision if place is not None else None,  # as the geocoder set it
        fatalities=killed[0],
        fatalities_low=killed[1],
        fatalities_high=killed[2],
        injured=casualties(counted(claims, fs, "injured"), "injured")[0],
        sources=sorted({f.m.outlet for f in fs if f.m.outlet}),
        articles=articles,
        claims=claims,
        contradictions=contradictions(fs, claims, location, facts),
        evidence=[dataclasses.replace(e) for e in evidence],
        # an approximate placement (a region's or country's centre, a name not found) is never
        # shown as exact: the geocoder's note says what the point stands for
        needs_review=not resolved or event_date is None or (place is not None and place.note is not None),
        geo_note=place.note if place is not None else "not found",
        first_reported=min(pubs) if pubs else None,
        mention_ids=sorted(f.mid for f in fs),
        merge_reasons=merge_reasons(fs, facts),
    )
    ev.notes = write_notes(ev, facts)
    return ev
