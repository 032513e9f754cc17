"""`frontwire run --engine ray`: the coding stage on Ray Data, the merge in the driver.

1. The driver streams the inputs through `ingest` (cleaning, ids, manifests), skips
   articles already stored, and writes the rest as JSONL shards to a work directory.
2. Ray Data reads the shards and codes them with `map_batches` over an actor pool
   (`workers` actors, each loading spaCy and the gazetteer once), writing one
   Parquet row per article (article, framing, mentions as JSON).
3. A second Ray pass explodes the mentions into Parquet partitioned by ISO week and
   admin1 region (`window=.../region=.../`).
4. The driver stores the articles, then saves and merges the mentions partition by
   partition in time order with `pipeline.merge_into_store`, the same incremental
   merge as the local engine, so the events come out identical.

Ray is optional: importing this module does not import it. `RAY_ADDRESS` points the
run at an existing cluster; then `FRONTWIRE_RAY_DIR` must name storage every node
can read (the work directory), otherwise a temp dir on this machine is used.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .model import Article, EventMention, InputError

SHARD_ARTICLES = 64  # articles per input shard: one Ray read task and block each, so actors share the work
CODE_BATCH = 16       # articles per map_batches call on an actor


def require_ray() -> None:
    """Raise a one-line InputError when Ray Data is not installed."""
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError("--engine ray", "Ray is not installed (pip install 'frontwire[ray]')") from None


def window_of(m: EventMention) -> str:
    """Time partition of a mention: its ISO week ("2020-W07"), or "undated" (sorts last)."""
    if not m.event_date:
        return "undated"
    try:
        y, w, _ = date.fromisoformat(m.event_date).isocalendar()
    except ValueError:
        return "undated"
    return f"{y:04d}-W{w:02d}"


def region_of(m: EventMention) -> str:
    """Region partition of a mention: a path-safe slug of its admin1 (or country), else "none"."""
    p = m.place
    name = (p.admin1 or p.country) if p else None
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")
    return slug or "none"


class Coder:
    """Ray actor UDF: codes a batch of articles (model and gazetteer loaded once per actor)."""

    def __init__(self) -> None:
        from .pipeline import warm_up

        warm_up()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        from .serialize import article_from_dict
        from .workers import code_chunk

        articles = [article_from_dict(json.loads(s)) for s in batch["article"]]
        coded = code_chunk(articles)
        return {
            "seq": [int(s) for s in batch["seq"]],
            "article_id": [a.id for a, _, _ in coded],
            "article": [str(s) for s in batch["article"]],
            "framing": [json.dumps(f) for _, _, f in coded],
            "mentions": [json.dumps([m.to_dict() for m in ms]) for _, ms, _ in coded],
        }


def _explode(row: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per mention with its (window, region) partition keys."""
    from .serialize import mention_from_dict

    out = []
    for d in json.loads(row["mentions"]):
        m = mention_from_dict(d)
        out.append({"window": window_of(m), "region": region_of(m), "seq": int(row["seq"]),
                    "mention_id": m.mention_id, "mention": json.dumps(d)})
    return out


def _init_ray(workers: int) -> bool:
    """Connect to RAY_ADDRESS or start a local Ray; True when this call started it."""
    import ray

    os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    if ray.is_initialized():
        return False
    if os.environ.get("RAY_ADDRESS"):
        ray.init(address=os.environ["RAY_ADDRESS"], log_to_driver=False)
    else:
        # One CPU beyond the actors so read and write tasks are never starved by the pool.
        ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    return True


def _write_shards(articles: Iterator[Article], outdir: Path) -> int:
    """Write articles as numbered JSONL shards; returns how many were written."""
    outdir.mkdir(parents=True, exist_ok=True)
    n, fh = 0, None
    try:
        for a in articles:
            if n % SHARD_ARTICLES == 0:
                if fh:
                    fh.close()
                fh = open(outdir / f"articles-{n // SHARD_ARTICLES:06d}.jsonl", "w", encoding="utf-8")
            # The article travels as one JSON string: free-form `meta` would defeat Arrow's schema inference.
            fh.write(json.dumps({"seq": n, "article": json.dumps(a.to_dict())}) + "\n")
            n += 1
    finally:
        if fh:
            fh.close()
    return n


def _partitions(root: Path) -> list[Path]:
    """Leaf partition dirs (window=.../region=...) in merge order: by week, undated last, then region."""
    leaves = [p for p in root.glob("window=*/region=*") if p.is_dir()]
    return sorted(leaves, key=lambda p: (p.parent.name, p.name))


def run_ray(inputs: list[str], db: str, workers: int = 1, batch_articles: int = 200,
            on_article: Callable[[Article], None] | None = None, workdir: str | None = None,
            keep: bool = False) -> dict:
    """Code `inputs` on Ray Data into `db`; returns the same stats as `pipeline.run`.

    `workdir` (default: FRONTWIRE_RAY_DIR, else a temp dir) holds the shards and the
    Parquet outputs; it is removed afterwards unless `keep` or it was given.
    """
    require_ray()
    import pyarrow.dataset as pads
    import pyarrow.parquet as pq
    import ray
    import ray.data

    from .ingest import iter_articles
    from .pipeline import merge_into_store, text_hash, update_outlet_framing
    from .serialize import article_from_dict, mention_from_dict
    from .store import Store
    from .workers import writer_lock

    store = Store(db)
    stats = {"articles_seen": 0, "articles_coded": 0, "mentions": 0, "events_written": 0}
    given = workdir or os.environ.get("FRONTWIRE_RAY_DIR")
    work = Path(given) if given else Path(tempfile.mkdtemp(prefix="frontwire-ray-"))
    seen: dict[str, str] = {}  # id -> hash of this run's articles: a repeated article is coded once

    def fresh() -> Iterator[Article]:
        for a in iter_articles(inputs):
            stats["articles_seen"] += 1
            if on_article:
                on_article(a)
            h = text_hash(a.text)
            if seen.get(a.id) == h or store.has_article(a.id, h):
                continue
            seen[a.id] = h
            yield a

    started = False
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    try:
        n_input = _write_shards(fresh(), work / "input")
        lap("ingest")
        if not n_input:
            stats["events_total"] = store.count_events()
            return stats
        started = _init_ray(workers)
        lap("ray_init")
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        # Ray Data logs every job start and finish at INFO: too chatty for a CLI run.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        coded_dir, mentions_dir = work / "coded", work / "mentions"
        (ray.data.read_json(str(work / "input"), lines=True)
         .map_batches(Coder, batch_size=CODE_BATCH, batch_format="numpy",
                      compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
         .write_parquet(str(coded_dir)))
        lap("code")
        (ray.data.read_parquet(str(coded_dir)).select_columns(["seq", "mentions"])
         .flat_map(_explode)
         .write_parquet(str(mentions_dir), partition_cols=["window", "region"]))
        lap("partition")

        with writer_lock(store):
            # Articles first (mentions refer to them), in batches, each one transaction.
            # Read straight from the Parquet files: a third Ray job would only add start-up time.
            articles_ds = pads.dataset(str(coded_dir), format="parquet")
            for batch in articles_ds.to_batches(columns=["article", "framing"], batch_size=batch_articles):
                arts = [article_from_dict(json.loads(s)) for s in batch.column("article").to_pylist()]
                framings = {a.id: json.loads(f) for a, f in zip(arts, batch.column("framing").to_pylist())}
                store.save_articles_and_mentions(arts, [], framings)
                stats["articles_coded"] += len(arts)
            lap("store_articles")
            # Then each (week, region) partition: save its mentions and merge them into stored events.
            for part in _partitions(mentions_dir):
                table = pq.read_table(part, columns=["mention_id", "mention"])
                rows = sorted(zip(table.column("mention_id").to_pylist(), table.column("mention").to_pylist()))
                mentions = [mention_from_dict(json.loads(s)) for _, s in rows]
                store.save_articles_and_mentions([], mentions)
                stats["events_written"] += merge_into_store(store, mentions)
                stats["mentions"] += len(mentions)
            if stats["articles_coded"]:
                update_outlet_framing(store)
            lap("merge")
        stats["events_total"] = store.count_events()
        stats["timings"] = timings  # seconds per stage, for bench_ray
        return stats
    finally:
        if started:
            ray.shutdown()
        if not (keep or given):
            shutil.rmtree(work, ignore_errors=True)
        store.close()
