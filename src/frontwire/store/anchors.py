"""Where a correction holds on: the events it was made on, found again after a re-run.

Mention ids change when a report is coded differently (another coder, a changed rule, a
re-cleaned text), so an anchor keeps, beside the mention ids, what survives such changes:
for each event the correction touched, its articles, evidence sentences, date and place.
An event is found again by its mention ids; failing that, by an evidence sentence of the
same article on the same date or at the same place; failing that, by article, date and place.
Anchors written before this module existed (a bare list of mention ids) still work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import Event

MENTION_HIT, EVIDENCE_HIT, PLACE_HIT = 1000, 100, 10  # how sure a match is, best first


def _norm(sentence: str | None) -> str:
    return " ".join((sentence or "").split())


def _sentences(e: Event) -> set[tuple[str, str]]:
    found = [v for v in e.evidence] + [c.evidence for c in e.claims if c.evidence]
    return {(v.article_id, _norm(v.sentence)) for v in found if v.sentence}


def anchor_of(events: Sequence[Event]) -> dict[str, Any]:
    """The anchor of a correction made on `events` (as they were before it)."""
    return {
        "mentions": sorted({m for e in events for m in e.mention_ids}),
        "events": [
            {
                "articles": list(e.articles),
                "date": e.event_date,
                "location": e.location,
                "place_id": e.place_id,
                "mentions": list(e.mention_ids),
                "evidence": sorted([a, s] for a, s in _sentences(e)),
            }
            for e in events
        ],
    }


def anchor_mentions(anchor: Any) -> set[str]:
    """The mention ids of an anchor (old anchors are a bare list of them)."""
    if isinstance(anchor, dict):
        return set(anchor.get("mentions") or [])
    return set(anchor or [])


def anchor_articles(anchor: Any) -> set[str]:
    """The articles an anchor's events cite (none for an old, mention-only anchor)."""
    if not isinstance(anchor, dict):
        return set()
    return {a for part in anchor.get("events") or [] for a in part.get("articles") or []}


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) if a and b else None
    except ValueError:
        return None


def _same_place(part: dict[str, Any], e: Event) -> bool:
    if part.get("place_id") and part["place_id"] == e.place_id:
        return True
    return bool(part.get("location")) and _norm(part["location"]).lower() == _norm(e.location).lower()


def part_score(part: dict[str, Any], e: Event) -> int:
    """How surely event `e` is the anchored event `part` again (0: it is not)."""
    if not set(part.get("articles") or []).intersection(e.articles):
        return 0
    d = _days(part.get("date"), e.event_date)
    near = d is not None and d <= 1 or (d is None and not part.get("date") and not e.event_date)
    place = _same_place(part, e)
    shared = len({(a, s) for a, s in part.get("evidence") or []} & _sentences(e))
    if shared and (near or place):
        return EVIDENCE_HIT + 10 * shared + 5 * place + near
    return PLACE_HIT if near and place else 0


def score(anchor: Any, e: Event) -> int:
    """How surely `e` is (one of) the event(s) a correction was made on (0: it is not)."""
    shared = len(anchor_mentions(anchor).intersection(e.mention_ids))
    if shared:
        return MENTION_HIT + shared
    parts = anchor.get("events") or [] if isinstance(anchor, dict) else []
    return max((part_score(p, e) for p in parts), default=0)


def _parts(anchor: Any) -> list[dict[str, Any]]:
    return list(anchor.get("events") or []) if isinstance(anchor, dict) else []


def anchored(anchor: Any, events: list[Event], live: set[str] | None = None) -> list[Event]:
    """The events a correction applies to, best first.

    Each anchored event is found by its mention ids; one whose mentions are all gone (not in
    `live`, the stored mention ids, when given) is found by its evidence, date and place. One
    whose mentions still exist elsewhere is not among `events`, so nothing else stands in for it.
    """
    if not isinstance(anchor, dict):  # an old anchor: mention ids only
        mids = anchor_mentions(anchor)
        return sorted((e for e in events if mids.intersection(e.mention_ids)), key=lambda e: -score(anchor, e))
    out: list[Event] = []
    for part in _parts(anchor) or [{"mentions": anchor.get("mentions")}]:
        pm = set(part.get("mentions") or [])
        hit = [e for e in events if pm.intersection(e.mention_ids)]
        if not hit and not (live is not None and pm & live):
            best = max(events, key=lambda e: part_score(part, e), default=None)
            hit = [best] if best is not None and part_score(part, best) else []
        out += [e for e in hit if all(e is not o for o in out)]
    return sorted(out, key=lambda e: -score(anchor, e))


def reanchored(anchor: Any, events: list[Event], live: set[str]) -> dict[str, Any] | None:
    """`anchor` moved onto `events` where an anchored event's mentions are all gone (its report was
    coded anew) and one of `events` is that event again; None when nothing moved."""
    if not isinstance(anchor, dict):
        return None
    parts, moved = [dict(p) for p in _parts(anchor)], False
    have = {m for e in events for m in e.mention_ids}
    for part in parts:
        pm = set(part.get("mentions") or [])
        if pm & (live | have):
            continue
        best = max(events, key=lambda e: part_score(part, e), default=None)
        if best is not None and part_score(part, best):
            part["mentions"], moved = list(best.mention_ids), True
    if not moved:
        return None
    return dict(anchor, events=parts, mentions=sorted({m for p in parts for m in p.get("mentions") or []}))
