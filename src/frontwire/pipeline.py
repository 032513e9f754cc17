"""The whole pipeline: ingest -> clean -> nlp -> mentions/events -> geocode -> merge -> store.

`code_articles` is the in-memory form (notebooks, tests); `run` streams inputs
into a store in batched transactions and merges each batch incrementally into
the events already stored.
"""

from __future__ import annotations

import gc
import itertools
import os
from datetime import date, timedelta
from typing import Callable, Iterable, Iterator

from .events import absorb_regional, extract_events
from .model import Article, Event, EventMention, InputError
from .nlp import parse
from .store import text_hash  # one definition: the store compares what it wrote


def extract_mentions(articles: Iterable[Article], batch_size: int = 64) -> Iterator[tuple[Article, list[EventMention]]]:
    """Event mentions of each article, geocoded, in input order (lazy)."""
    from .geo import geocode_mentions

    for article, paragraphs in parse(articles, batch_size=batch_size):
        mentions = extract_events(article, paragraphs)
        geocode_mentions(mentions, article.text)
        yield article, absorb_regional(mentions)


_WARM = False


def warm_up() -> None:
    """Load the model, lexicons and gazetteer once per process, then hide them from the garbage collector.

    One tiny article pulls in every lazily loaded table. They live as long as the
    process, and `gc.freeze` keeps the collector from rescanning their hundreds of
    thousands of objects on every collection (measured: 0.5 s of GC per 400 reports
    down to 0.1 s).
    """
    global _WARM
    if _WARM:
        return
    from .framing import frame_article

    sample = Article(id="warm-up", text="Syrian forces shelled Sarmin in Idlib on Monday, killing two civilians.",
                     published="2020-02-10")
    for a, _ in extract_mentions([sample]):
        frame_article(a.text)
    gc.collect()
    gc.freeze()
    _WARM = True


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


def _windows(mentions: list[EventMention], pad: int = 2) -> list[tuple[str, str]]:
    """Date ranges (each date +-pad days) covering the dated mentions, disjoint ranges kept apart.

    One range from the earliest to the latest date would load every stored mention
    in between whenever a batch mixes an old report with new ones.
    """
    days = sorted({date.fromisoformat(m.event_date) for m in mentions if m.event_date})
    out: list[list[date]] = []
    for d in days:
        lo, hi = d - timedelta(days=pad), d + timedelta(days=pad)
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(lo.isoformat(), hi.isoformat()) for lo, hi in out]


def merge_into_store(store, new_mentions: list[EventMention]) -> int:
    """Merge freshly stored mentions into the stored events touching their dates; returns events written."""
    from .merge import merge_incremental

    if not new_mentions:
        return 0
    new_ids = {m.mention_id for m in new_mentions}
    nearby = [m for lo, hi in _windows(new_mentions) for m in store.mentions(lo, hi) if m.mention_id not in new_ids]
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
        on_article: Callable[[Article], None] | None = None, workers: int = 1, engine: str = "local") -> dict:
    """Ingest inputs into `db`: new or changed articles are coded, stored and merged.

    Re-running on the same input changes nothing (articles are skipped by id and text hash).
    Each batch is one transaction, so an interrupted run keeps every finished batch and a
    re-run completes the rest. `workers` > 1 codes in that many processes (same results);
    `engine="ray"` runs the coding on Ray Data (see `engine_ray`).
    """
    for path in inputs:  # fail before a database file is created for nothing
        if "://" not in path and not os.path.exists(path):
            raise InputError(path, "no such file or directory")
    if engine == "ray":
        from .engine_ray import run_ray

        return run_ray(inputs, db, workers=workers, batch_articles=batch_articles, on_article=on_article)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (expected 'local' or 'ray')")
    from .framing import frame_article
    from .ingest import iter_articles
    from .store import Store
    from .workers import code_parallel

    store = Store(db)
    warm_up()
    stats = {"articles_seen": 0, "articles_coded": 0, "mentions": 0, "events_written": 0}
    outlets: set[str | None] = set()

    def fresh() -> Iterator[Article]:
        articles = iter_articles(inputs)
        # looked up a chunk at a time: one query per article was a visible share of a run
        while chunk := list(itertools.islice(articles, 256)):
            stored = store.stored_hashes(a.id for a in chunk)
            for a in chunk:
                stats["articles_seen"] += 1
                if on_article:
                    on_article(a)
                if stored.get(a.id) != text_hash(a.text):
                    yield a

    if workers > 1:
        stream: Iterator[tuple[Article, list[EventMention], dict]] = code_parallel(fresh(), workers)
    else:
        stream = ((a, ms, frame_article(a.text)) for a, ms in extract_mentions(fresh()))
    # Only one batch is held at a time: memory does not grow with the corpus.
    while True:
        batch = list(itertools.islice(stream, batch_articles))
        if not batch:
            break
        n_articles, n_mentions, n_events = store_batch(store, batch)
        outlets.update(a.outlet for a, _, _ in batch)
        stats["events_written"] += n_events
        stats["articles_coded"] += n_articles
        stats["mentions"] += n_mentions
    if stats["articles_coded"]:
        update_outlet_framing(store, outlets)
    stats["events_total"] = store.count_events()
    return stats


def store_batch(store, batch: list[tuple[Article, list[EventMention], dict]]) -> tuple[int, int, int]:
    """Save one batch of coded articles and merge its mentions; returns (articles, mentions, events written).

    On PostgreSQL the save and merge run under a lock shared by concurrent runs, and
    articles another run stored meanwhile are dropped from the batch.
    """
    from .workers import writer_lock

    with writer_lock(store) as shared:
        if shared:
            stored = store.stored_hashes(a.id for a, _, _ in batch)
            batch = [b for b in batch if stored.get(b[0].id) != text_hash(b[0].text)]
            if not batch:
                return 0, 0, 0
        articles = [a for a, _, _ in batch]
        mentions = [m for _, ms, _ in batch for m in ms]
        framings = {a.id: f for a, _, f in batch}
        store.save_articles_and_mentions(articles, mentions, framings)
        return len(articles), len(mentions), merge_into_store(store, mentions)


def update_outlet_framing(store, outlets: Iterable[str | None] | None = None) -> None:
    """Recompute the framing of these outlets (default: every outlet) from their stored articles
    (streamed, not loaded at once): a run touches only the outlets it coded articles from."""
    from .framing import frame_outlets

    framed = frame_outlets(store.iter_outlet_framings(outlets=outlets))
    for name, framing in framed.items():
        store.set_outlet_framing(name, framing)
