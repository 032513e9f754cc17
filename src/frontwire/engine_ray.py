"""`frontwire run --engine ray`: the coding stage on Ray Data.

The driver writes the articles (already ingested, new or changed only) as JSONL
shards to a work directory (FRONTWIRE_RAY_DIR, storage every node can read, when
on a cluster; else a temp dir); an actor pool (`workers` actors, each loading spaCy and the gazetteer once)
codes them with the same `code_chunk` as every other engine, and the coded articles
stream back in input order. The driver stores and merges them batch by batch, each
batch one transaction, exactly as the local engine does, so the events come out
identical. `RAY_ADDRESS` points the run at an existing cluster.

Ray is optional: importing this module does not import it.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .coding import Coded
from .model import Article, InputError
from .serialize import article_from_dict, mention_from_dict
from .settings import Settings

SHARD_ARTICLES = 64  # articles per input shard: one Ray read task each, so actors share the work
CODE_BATCH = 16  # articles per map_batches call on an actor


def require_ray() -> None:
    """Raise a one-line InputError when Ray Data is not installed."""
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError("--engine ray", "Ray is not installed (pip install 'frontwire[ray]')") from None


class _Coder:
    """Ray actor UDF: codes a batch of articles (model and gazetteer loaded once per actor)."""

    def __init__(self, settings: Settings) -> None:
        from .coding import warm_up

        self.settings = settings
        warm_up(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        from .coding import code_chunk

        coded = code_chunk([article_from_dict(json.loads(s)) for s in batch["article"]], settings=self.settings)
        return {
            "seq": [int(s) for s in batch["seq"]],
            "article": [str(s) for s in batch["article"]],
            "framing": [json.dumps(c.framing) for c in coded],
            "mentions": [json.dumps([m.to_dict() for m in c.mentions]) for c in coded],
            "error": [c.error or "" for c in coded],
        }


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
        ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False, configure_logging=False)
    return True


def _decode(row: dict[str, Any]) -> Coded:
    return Coded(
        article_from_dict(json.loads(row["article"])),
        [mention_from_dict(d) for d in json.loads(row["mentions"])],
        json.loads(row["framing"]),
        row["error"] or None,
    )


class RayEngine:
    """Codes on Ray Data with an actor pool of `workers` actors."""

    def __init__(self, workers: int = 1, settings: Settings | None = None):
        require_ray()
        self.workers = max(1, workers)
        self.settings = settings or Settings.default()

    def code(self, articles: Iterable[Article]) -> Iterator[Coded]:
        import ray
        import ray.data

        given = os.environ.get("FRONTWIRE_RAY_DIR")
        work = Path(given) if given else Path(tempfile.mkdtemp(prefix="frontwire-ray-"))
        started = False
        try:
            if not _write_shards(articles, work / "input"):
                return
            started = _init_ray(self.workers)
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False
            ctx.execution_options.preserve_order = True  # results come back in input order
            # Ray Data logs every job start and finish at INFO: too chatty for a CLI run.
            logging.getLogger("ray.data").setLevel(logging.ERROR)
            ds = ray.data.read_json(str(work / "input"), lines=True).map_batches(
                _Coder,
                fn_constructor_args=(self.settings,),
                batch_size=CODE_BATCH,
                batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=self.workers),
                num_cpus=1,
            )
            for row in ds.iter_rows():
                yield _decode(row)
        finally:
            if started:
                ray.shutdown()
            if not given:
                shutil.rmtree(work, ignore_errors=True)


def _write_shards(articles: Iterable[Article], outdir: Path) -> int:
    """Write articles as numbered JSONL shards (one Ray read task each); returns how many."""
    outdir.mkdir(parents=True, exist_ok=True)
    n = 0
    it = iter(articles)
    while block := list(itertools.islice(it, SHARD_ARTICLES)):
        with open(outdir / f"articles-{n // SHARD_ARTICLES:06d}.jsonl", "w", encoding="utf-8") as fh:
            for a in block:
                # The article travels as one JSON string: free-form `meta` would defeat Arrow's schema inference.
                fh.write(json.dumps({"seq": n, "article": json.dumps(a.to_dict())}) + "\n")
                n += 1
    return n
