"""Scoring a coder on labelled snippets (one main event, or none, per text).

Each snippet is coded through the whole pipeline as a one-paragraph article; its
predicted label is the sub-event type of its first event mention (in text order),
or NO_EVENT when none is found. This is how CASE 2021 task 2 style sets and
frontwire's own development set (`tests/data/dev_events.jsonl`) are scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..coding import code_articles_safely
from ..model import Article, EventMention
from ..settings import Settings
from .examples import NO_EVENT, Example
from .model import weighted_f1


def predict_snippets(
    texts: Sequence[str], settings: Settings | None = None, published: Sequence[str | None] | None = None
) -> list[str]:
    """The main sub-event type the pipeline codes in each text (NO_EVENT when none)."""
    arts = [Article(id=f"s{i}", text=t, published=(published[i] if published else None)) for i, t in enumerate(texts)]
    out = []
    for c in code_articles_safely(arts, settings=settings):
        m = main_mention(c.mentions)
        out.append(m.sub_event_type if m else NO_EVENT)
    return out


def main_mention(mentions: Sequence[EventMention]) -> EventMention | None:
    """The event a text tells first: its main event (None when it tells none)."""
    return min(mentions, key=lambda m: m.evidence.start if m.evidence else 0) if mentions else None


def score_snippets(examples: Sequence[Example], settings: Settings | None = None) -> dict[str, Any]:
    """Weighted F1, per-label figures and the share of snippets coded with no event."""
    gold = [e.label for e in examples]
    pred = predict_snippets([e.text for e in examples], settings)
    f1, per = weighted_f1(gold, pred)
    missed = sum(1 for g, p in zip(gold, pred) if g != NO_EVENT and p == NO_EVENT)
    return {"weighted_f1": f1, "per_label": per, "n": len(examples), "events_missed": missed, "pred": pred}
