"""Rebuild model dataclasses (with their nested Place/Claim/Evidence) from plain dicts.

`Event.to_dict()` / `EventMention.to_dict()` give JSON-ready dicts; these
functions are their inverses. Unknown keys are ignored so that payloads written
by a newer version still load.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from .model import Article, Claim, Contradiction, Event, EventMention, Evidence, Place

T = TypeVar("T")


def _known(cls: type[T], d: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return {k: v for k, v in d.items() if k in names}


def evidence_from_dict(d: dict[str, Any] | Evidence | None) -> Evidence | None:
    if d is None or isinstance(d, Evidence):
        return d
    return Evidence(**_known(Evidence, d))


def claim_from_dict(d: dict[str, Any] | Claim) -> Claim:
    if isinstance(d, Claim):
        return d
    kw = _known(Claim, d)
    kw["evidence"] = evidence_from_dict(kw.get("evidence"))
    return Claim(**kw)


def place_from_dict(d: dict[str, Any] | Place | None) -> Place | None:
    if d is None or isinstance(d, Place):
        return d
    return Place(**_known(Place, d))


def contradiction_from_dict(d: dict[str, Any] | Contradiction) -> Contradiction:
    if isinstance(d, Contradiction):
        return d
    kw = _known(Contradiction, d)
    kw["claims"] = [claim_from_dict(c) for c in kw.get("claims") or []]
    return Contradiction(**kw)


def mention_from_dict(d: dict[str, Any]) -> EventMention:
    """EventMention from `EventMention.to_dict()` output."""
    kw = _known(EventMention, d)
    kw["place"] = place_from_dict(kw.get("place"))
    kw["claims"] = [claim_from_dict(c) for c in kw.get("claims") or []]
    kw["evidence"] = evidence_from_dict(kw.get("evidence"))
    kw["assoc_actor1"] = list(kw.get("assoc_actor1") or [])
    kw["assoc_actor2"] = list(kw.get("assoc_actor2") or [])
    return EventMention(**kw)


def event_from_dict(d: dict[str, Any]) -> Event:
    """Event from `Event.to_dict()` output."""
    kw = _known(Event, d)
    kw["claims"] = [claim_from_dict(c) for c in kw.get("claims") or []]
    kw["contradictions"] = [contradiction_from_dict(c) for c in kw.get("contradictions") or []]
    kw["evidence"] = [evidence_from_dict(e) for e in kw.get("evidence") or []]
    for k in ("assoc_actor1", "assoc_actor2", "sources", "articles", "mention_ids", "merge_reasons"):
        kw[k] = list(kw.get(k) or [])
    return Event(**kw)


def article_from_dict(d: dict[str, Any]) -> Article:
    kw = _known(Article, d)
    kw["meta"] = dict(kw.get("meta") or {})
    return Article(**kw)
