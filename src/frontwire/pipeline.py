"""The whole pipeline: ingest -> clean -> nlp -> mentions/events -> geocode -> merge -> store.

`code_articles` is the in-memory form (notebooks, tests); `run` streams inputs
into a store in batched transactions and merges each batch incrementally into
the events already stored.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, timedelta
from typing import Callable, Iterable, Iterator

from .events import absorb_regional, extract_events
from .model import Article, Event, EventMention
from .nlp import parse


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def extract_mentions(articles: Iterable[Article], batch_size: int = 64) -> Iterator[tuple[Article, list[EventMention]]]:
    """Event mentions of each article, geocoded, in input order (lazy)."""
    from .geo import geocode_mentions

    for article, paragraphs in parse(articles, batch_size=batch_size):
        mentions = extract_events(article, paragraphs)
        geocode_mentions(mentions, article.text)
        yield article, absorb_regional(mentions)


def code_articles(articles: Iterable[Article]) -> list[Event]:
    """Code articles in memory and return merged events (no database)."""
    from .clean import clean_article
    from .merge import merge_mentions

    published: dict[str, str] = {}
    mentions: list[EventMention] = []
    for article, ms in extract_mentions(clean_article(a) for a in articles):
        if article.published:
            published[article.id] = article.published
        mentions.extend(ms)
    return merge_mentions(mentions, published=published)


def _window(mentions: list[EventMention]) -> tuple[str | None, str | None]:
    dates = sorted(m.event_date for m in mentions if m.event_date)
    if not dates:
        return None, None
    lo = date.fromisoformat(dates[0]) - timedelta(days=2)
    hi = date.fromisoformat(dates[-1]) + timedelta(days=2)
    return lo.isoformat(), hi.isoformat()


def merge_into_store(store, new_mentions: list[EventMention]) -> int:
    """Merge freshly stored mentions into the stored events touching their dates; returns events written."""
    from .merge import merge_incremental

    if not new_mentions:
        return 0
    new_ids = {m.mention_id for m in new_mentions}
    lo, hi = _window(new_mentions)
    nearby = [m for m in (store.mentions(lo, hi) if lo else []) if m.mention_id not in new_ids]
    article_ids = sorted({m.article_id for m in new_mentions if not m.event_date})
    if article_ids:
        nearby += [m for m in store.mentions(article_ids=article_ids)
                   if m.mention_id not in new_ids and not m.event_date]
    existing = store.events_with_mentions({m.mention_id for m in nearby} | new_ids)
    # an event reaching outside the window brings all its mentions, so it is recomputed whole
    have = {m.mention_id for m in nearby}
    missing = {mid for ev in existing for mid in ev.mention_ids} - have - new_ids
    if missing:
        nearby += [m for m in store.mentions(mention_ids=sorted(missing))]
    published = store.published_dates({m.article_id for m in nearby} | {m.article_id for m in new_mentions})
    delete_ids, events = merge_incremental(existing, nearby, new_mentions, published=published)
    store.replace_events(delete_ids, events)
    return len(events)


def run(inputs: list[str], db: str = "frontwire.db", progress: bool = True, batch_articles: int = 200,
        on_article: Callable[[Article], None] | None = None) -> dict:
    """Ingest inputs into `db`: new or changed articles are coded, stored and merged.

    Re-running on the same input changes nothing (articles are skipped by id and text hash).
    Each batch is one transaction, so an interrupted run keeps every finished batch and a
    re-run completes the rest.
    """
    from .framing import frame_article, frame_outlets
    from .ingest import iter_articles
    from .store import Store

    store = Store(db)
    stats = {"articles_seen": 0, "articles_coded": 0, "mentions": 0, "events_written": 0}

    def fresh() -> Iterator[Article]:
        for a in iter_articles(inputs):
            stats["articles_seen"] += 1
            if on_article:
                on_article(a)
            if not store.has_article(a.id, text_hash(a.text)):
                yield a

    stream = extract_mentions(fresh())
    while True:
        batch = list(itertools.islice(stream, batch_articles))
        if not batch:
            break
        articles = [a for a, _ in batch]
        mentions = [m for _, ms in batch for m in ms]
        framings = {a.id: frame_article(a.text) for a in articles}
        store.save_articles_and_mentions(articles, mentions, framings)
        stats["events_written"] += merge_into_store(store, mentions)
        stats["articles_coded"] += len(articles)
        stats["mentions"] += len(mentions)
    if stats["articles_coded"]:
        outlets = frame_outlets([(a.outlet or "unknown", a.meta.get("framing") or {}) for a in store.articles()])
        for name, framing in outlets.items():
            store.set_outlet_framing(name, framing)
    stats["events_total"] = store.count_events()
    return stats
