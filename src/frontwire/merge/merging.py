"""The merge entry points: a full merge of mentions, and an incremental merge against stored events."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from frontwire.model import Event, EventMention

from .actor_facts import ActorFacts, current_facts
from .clustering import MentionGraph, prepare
from .features import mention_id
from .records import build_event


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Merging allocates hundreds of thousands of small acyclic objects; the cyclic
    # collector would rescan them again and again (~15% of the run) for nothing.
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _sorted_events(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.event_date or "~", e.location, e.event_id))


def merge_mentions(mentions: list[EventMention], published: dict[str, str] | None = None) -> list[Event]:
    """Cluster event mentions into events (see the package docstring); sorted by (date, event_id).

    `published` maps article id -> ISO publication date (for `first_reported`).
    """
    with _gc_paused():
        facts = current_facts()
        feats = prepare(mentions, facts)
        g = MentionGraph(feats, facts)
        clusters = g.cluster(range(len(feats)))
        events = [build_event([feats[i] for i in c], published or {}, facts) for c in clusters]
        return _sorted_events(events)


def merge_incremental(
    existing_events: list[Event],
    existing_mentions: list[EventMention],
    new_mentions: list[EventMention],
    published: dict[str, str] | None = None,
) -> tuple[set[str], list[Event]]:
    """Update a merged dataset with new mentions.

    Returns (ids of existing events to delete, events to insert); applying them to
    `existing_events` gives exactly `merge_mentions(existing_mentions + new_mentions)`.
    Only the connected groups of compatible mentions that the new mentions touch
    are re-clustered; events that come out unchanged are neither deleted nor inserted.
    `existing_mentions` must hold every mention of the `existing_events` given (a
    store may pass only a date window of both; then the result is consistent --
    each mention in one event -- but equal to a full merge only if no group of
    compatible mentions reaches outside the window).
    """
    with _gc_paused():
        return _merge_incremental(existing_events, existing_mentions, new_mentions, published or {}, current_facts())


def _merge_incremental(
    existing_events: list[Event],
    existing_mentions: list[EventMention],
    new_mentions: list[EventMention],
    published: dict[str, str],
    facts: ActorFacts,
) -> tuple[set[str], list[Event]]:
    feats = prepare(list(existing_mentions) + list(new_mentions), facts)
    idx = {f.mid: i for i, f in enumerate(feats)}
    new_ids = {mention_id(m) for m in new_mentions}
    touched_ids = set(new_ids)
    for ev in existing_events:
        if new_ids.intersection(ev.mention_ids):
            touched_ids.update(ev.mention_ids)
    g = MentionGraph(feats, facts)
    seeds = [idx[m] for m in touched_ids if m in idx]
    affected = g.component_of(seeds)
    affected_ids = {feats[i].mid for i in affected} | touched_ids
    old = {ev.event_id: ev for ev in existing_events if affected_ids.intersection(ev.mention_ids)}
    fresh = [build_event([feats[i] for i in c], published, facts) for c in g.cluster(affected)]
    # Events that come out identical need no rewrite.
    unchanged = {ev.event_id for ev in fresh if ev.event_id in old and old[ev.event_id].to_dict() == ev.to_dict()}
    delete = set(old) - unchanged
    insert = _sorted_events([ev for ev in fresh if ev.event_id not in unchanged])
    return delete, insert
