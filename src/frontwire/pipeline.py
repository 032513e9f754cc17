"""The whole pipeline: ingest -> clean -> nlp -> events -> geocode -> merge -> store.

`code_articles` is the in-memory form (notebooks, tests). `run` streams inputs into
a store: bad records are skipped and reported (never the run), each batch's
articles, mentions and merge are one transaction, and a run first repairs
mentions an interrupted older version left without an event. Re-merged events
get the analysts' stored corrections replayed (`respect_corrections`). `store_records`
is the part after ingest, shared by `run` and the API's POST.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import registry
from .coding import Coded, code_articles_safely, warm_up
from .ingest import Located, iter_records
from .model import Article, Event, EventMention, InputError, Rejected
from .settings import Settings
from .store import Store, text_hash  # one definition: the store compares what it wrote
from .workers import writer_lock

log = logging.getLogger("frontwire")
EXIT_REJECTS = 3  # the CLI's exit code when good records were stored but some were rejected or failed


@dataclass
class RunReport:
    """What a run did: counts, and each rejected record and failed article."""

    articles_seen: int = 0
    articles_coded: int = 0
    mentions: int = 0
    events_written: int = 0
    events_total: int = 0
    repaired_mentions: int = 0
    rejects: list[Rejected] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article id, error)
    rejects_file: str | None = None
    skipped_languages: dict[str, int] = field(default_factory=dict)  # language -> articles with no pipeline
    unanchored: list[dict[str, Any]] = field(default_factory=list)  # corrections no event matches any more

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("rejects", "failures")}
        d["skipped_languages"] = dict(self.skipped_languages)
        d.update(rejected=len(self.rejects), failed=len(self.failures))
        return d


def code_articles(articles: Iterable[Article], settings: Settings | None = None) -> list[Event]:
    """Code articles in memory and return merged events (no database)."""
    from .clean import clean_article
    from .merge import merge_mentions

    published: dict[str, str] = {}
    mentions: list[EventMention] = []
    for c in code_articles_safely((clean_article(a) for a in articles), settings=settings):
        if c.error:
            raise RuntimeError(f"article {c.article.id}: {c.error}")
        if c.article.published:
            published[c.article.id] = c.article.published
        mentions.extend(c.mentions)
    return merge_mentions(mentions, published=published)


def run(
    inputs: list[str],
    db: str | Store = "frontwire.db",
    *,
    settings: Settings | None = None,
    engine: str = "local",
    workers: int = 1,
    strict: bool = False,
    rejects_file: str | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    batch_articles: int = 200,
    progress: bool = True,
    recode: bool = False,
) -> dict[str, Any]:
    """Ingest `inputs` into `db`: new or changed articles are coded, stored and merged.

    Re-running on the same input changes nothing. A bad record is skipped, reported
    through `on_reject` and written to `rejects_file` (default: `<db>.rejects.jsonl`);
    `strict` refuses the whole input (InputError) if any record is bad, before
    anything is stored. `engine` names a registered engine (local, pool, ray). `recode`
    codes stored articles again though their text is unchanged (after a change of coder,
    rules or model); the analysts' corrections are replayed on the new events.
    """
    settings = settings or Settings.default()
    if not any("://" in p or os.path.exists(p) for p in inputs):  # fail before a database file is created
        raise InputError(inputs[0] if inputs else "(no input)", "no such file or directory")
    records: Iterable[Located | Rejected] = iter_records(list(inputs), settings)
    if strict:
        records = list(records)
        bad = next((r for r in records if isinstance(r, Rejected)), None)
        if bad is not None:
            raise bad.to_error()
    store = db if isinstance(db, Store) else Store(db)
    try:
        report = store_records(
            store,
            records,
            settings=settings,
            engine=engine,
            workers=workers,
            on_article=on_article,
            on_reject=on_reject,
            batch_articles=batch_articles,
            strict=strict,
            recode=recode,
        )
        if report.rejects or report.failures:
            report.rejects_file = write_rejects(report, rejects_file or default_rejects_path(store.db))
    finally:
        if store is not db:
            store.close()
    return report.as_dict() | {"report": report}


def store_records(
    store: Store,
    records: Iterable[Located | Rejected],
    *,
    settings: Settings | None = None,
    engine: str = "local",
    workers: int = 1,
    on_article: Callable[[Article], None] | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    batch_articles: int = 200,
    strict: bool = False,
    recode: bool = False,
) -> RunReport:
    """Code the new or changed articles of `records` and store them batch by batch."""
    settings = settings or Settings.default()
    report = RunReport()
    report.repaired_mentions = repair_orphans(store)
    if engine == "local" and workers > 1:
        engine = "pool"
    coder = registry.get("engine", engine)(workers=workers, settings=settings)

    def fresh() -> Iterator[Article]:
        it = iter(records)
        # looked up a chunk at a time: one query per article was a visible share of a run
        while chunk := list(itertools.islice(it, 256)):
            good = [r for r in chunk if not isinstance(r, Rejected)]
            stored = store.stored_hashes(a.id for _, a in good)
            unsupported = []
            for r in chunk:
                if isinstance(r, Rejected):
                    report.rejects.append(r)
                    if on_reject:
                        on_reject(r)
                    continue
                a = r[1]
                report.articles_seen += 1
                if on_article:
                    on_article(a)
                if not recode and stored.get(a.id) == text_hash(a.text):
                    continue
                if settings.model_for(a.language) is None:
                    # kept (not coded) and re-tried once a pipeline for its language exists
                    report.skipped_languages[a.language] = report.skipped_languages.get(a.language, 0) + 1
                    unsupported.append((a, f"language {a.language} has no pipeline"))
                    continue
                yield a
            store.save_failures(unsupported)

    stream = coder.code(fresh())
    outlets: set[str | None] = set()
    # Only one batch is held at a time: memory does not grow with the corpus.
    while batch := list(itertools.islice(stream, batch_articles)):
        failed = [c for c in batch if c.error]
        if failed and strict:
            raise RuntimeError(f"article {failed[0].article.id}: {failed[0].error}")
        report.failures += [(c.article.id, c.error or "") for c in failed]
        n_articles, n_mentions, n_events = store_batch(store, batch, recode)
        outlets.update(c.article.outlet for c in batch if not c.error)
        report.events_written += n_events
        report.articles_coded += n_articles
        report.mentions += n_mentions
    if report.articles_coded:
        update_outlet_framing(store, outlets)
        report.unanchored = store.unanchored()  # never lost silently: the CLI and /api/review name them
    report.events_total = store.count_events()
    return report


def store_batch(store: Store, batch: list[Coded], recode: bool = False) -> tuple[int, int, int]:
    """Save one batch of coded articles and merge its mentions, in ONE transaction.

    Returns (articles, mentions, events written). A crash anywhere inside leaves
    nothing of the batch, so a re-run codes it again. Articles whose coding failed
    are kept as failures (their text is not lost; the next run re-tries them). On
    PostgreSQL the step also runs under a lock shared by concurrent runs, and
    articles another run stored meanwhile are dropped from the batch.
    """
    with writer_lock(store) as shared, store.transaction():
        if shared and not recode:
            stored = store.stored_hashes(c.article.id for c in batch)
            batch = [c for c in batch if stored.get(c.article.id) != text_hash(c.article.text)]
        good = [c for c in batch if not c.error]
        store.save_failures([(c.article, c.error) for c in batch if c.error])
        if not good:
            return 0, 0, 0
        mentions = [m for c in good for m in c.mentions]
        # a re-coded article's old mentions go with the save: their events must not stay behind
        old_ids = store.mention_ids_for_articles(c.article.id for c in good)
        store.save_articles_and_mentions([c.article for c in good], mentions, {c.article.id: c.framing for c in good})
        dead = old_ids - {m.mention_id for m in mentions}
        return len(good), len(mentions), merge_into_store(store, mentions, dead=dead)


def repair_orphans(store: Store) -> int:
    """Merge stored mentions that belong to no event (left by an older version's crash)."""
    with writer_lock(store), store.transaction():
        orphans = store.orphan_mentions()
        if orphans:
            log.warning("repairing %d event mentions that belong to no event", len(orphans))
            merge_into_store(store, orphans)
    return len(orphans)


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


def merge_into_store(store: Store, new_mentions: list[EventMention], dead: set[str] | None = None) -> int:
    """Merge freshly stored mentions into the stored events touching their dates; returns events written.

    `dead`: ids of mentions a re-coded article no longer has; their events are rebuilt from the
    mentions they keep (or dropped when none is left).
    """
    from .merge import merge_incremental

    stale = store.events_with_mentions(dead) if dead else []
    if stale:
        kept = {m for e in stale for m in e.mention_ids} - set(dead or ()) - {m.mention_id for m in new_mentions}
        new_mentions = [*new_mentions, *(store.mentions(mention_ids=sorted(kept)) if kept else [])]
    if not new_mentions:
        if stale:
            store.replace_events({e.event_id for e in stale}, [])
        return 0
    new_ids = {m.mention_id for m in new_mentions}
    nearby = [m for lo, hi in _windows(new_mentions) for m in store.mentions(lo, hi) if m.mention_id not in new_ids]
    article_ids = sorted({m.article_id for m in new_mentions if not m.event_date})
    if article_ids:
        nearby += [
            m for m in store.mentions(article_ids=article_ids) if m.mention_id not in new_ids and not m.event_date
        ]
    existing = store.events_with_mentions({m.mention_id for m in nearby} | new_ids)
    # an event reaching outside the window brings all its mentions, so it is recomputed whole
    have = {m.mention_id for m in nearby}
    missing = {mid for ev in existing for mid in ev.mention_ids} - have - new_ids
    if missing:
        nearby += [m for m in store.mentions(mention_ids=sorted(missing))]
    published = store.published_dates({m.article_id for m in nearby} | {m.article_id for m in new_mentions})
    delete_ids, events = merge_incremental(existing, nearby, new_mentions, published=published)
    old = {e.event_id: e for e in existing}
    # An analyst's merge can join mentions of two groups: re-merge what the first pass left out.
    lost = {m for i in delete_ids if i in old for m in old[i].mention_ids} - {m for e in events for m in e.mention_ids}
    if lost:
        again = [m for m in nearby if m.mention_id in lost]
        nearby = [m for m in nearby if m.mention_id not in lost]
        delete_ids, events = merge_incremental(existing, nearby, [*new_mentions, *again], published=published)
    store.replace_events(set(delete_ids) | {e.event_id for e in stale}, respect_corrections(store, events))
    return len(events)


def respect_corrections(store: Store, events: list[Event]) -> list[Event]:
    """Fresh events with the analyst's stored corrections replayed on them (never overwritten by a run).

    A correction applies when its anchor's mentions or articles are among these events' (see
    `store.anchors`): when a report was coded anew (other mention ids), its corrections find
    their events by evidence, date and place, and are anchored on the new mentions.
    """
    from .store.anchors import anchor_articles, anchor_mentions, reanchored
    from .store.corrections import reapply

    mids = {m for e in events for m in e.mention_ids}
    arts = {a for e in events for a in e.articles}
    active = [
        c
        for c in store.replayable()
        if mids.intersection(anchor_mentions(c["anchor"])) or arts.intersection(anchor_articles(c["anchor"]))
    ]
    if not active:
        return events
    live = store.live_mentions({m for c in active for m in anchor_mentions(c["anchor"])} | mids)
    for c in active:
        moved = reanchored(c["anchor"], events, live)
        if moved is not None:
            store.reanchor(c["id"], moved)
            c["anchor"] = moved
            live |= set(moved["mentions"])
    # a split whose mentions were renamed moves its articles' mentions instead
    owners = {m.mention_id: m.article_id for m in store.mentions(mention_ids=sorted(mids))}
    return reapply(active, events, owners, live)


def update_outlet_framing(store: Store, outlets: Iterable[str | None] | None = None) -> None:
    """Recompute the framing of these outlets (default: every outlet) from their stored articles
    (streamed, not loaded at once): a run touches only the outlets it coded articles from."""
    from .framing import frame_outlets

    framed = frame_outlets(store.iter_outlet_framings(outlets=outlets))
    with store.transaction():
        for name, framing in framed.items():
            store.set_outlet_framing(name, framing)


def default_rejects_path(db: str) -> str:
    """`<db>.rejects.jsonl` beside a database file; `frontwire-rejects.jsonl` here for a URL."""
    if "://" in db or db == ":memory:":
        return "frontwire-rejects.jsonl"
    return f"{db}.rejects.jsonl"


def write_rejects(report: RunReport, path: str) -> str:
    """Write this run's rejected records and failed articles as JSONL (fix them and re-run)."""
    with open(path, "w", encoding="utf-8") as fh:
        for r in report.rejects:
            fh.write(
                json.dumps({"where": r.where, "problem": r.problem, "record": r.record}, default=str) + "\n"
            )  # ASCII: a lone surrogate stays readable
        for aid, error in report.failures:
            fh.write(
                json.dumps({"where": f"article {aid}", "problem": f"coding failed: {error}", "article_id": aid}) + "\n"
            )
    return path


__all__ = [
    "run",
    "store_records",
    "store_batch",
    "code_articles",
    "merge_into_store",
    "repair_orphans",
    "update_outlet_framing",
    "warm_up",
    "RunReport",
    "EXIT_REJECTS",
]
