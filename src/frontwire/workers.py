"""Parallel coding on one machine, and the lock that keeps concurrent writers apart.

`code_parallel` codes articles in N worker processes (each loads spaCy and the
gazetteer once) and yields a `Coded` per article in input order, with a
bounded number of chunks in flight so memory stays flat however long the input.
`writer_lock` serialises the save-and-merge step of concurrent runs on a
PostgreSQL database.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .coding import Coded, code_chunk, warm_up
from .model import Article
from .settings import Settings

# Arbitrary constant naming frontwire's PostgreSQL advisory lock.
_PG_LOCK_KEY = 0x66726F6E74  # "front"


def code_parallel(
    articles: Iterable[Article],
    workers: int,
    chunk: int = 16,
    in_flight: int | None = None,
    settings: Settings | None = None,
) -> Iterator[Coded]:
    """Code `articles` in `workers` processes; results come back in input order.

    The input is read lazily: at most `in_flight` chunks (default 2 per worker) are
    queued, so a slow consumer or a huge corpus does not pile articles up in memory.
    """
    # fork where available: spawn re-runs the caller's main module, which breaks plain
    # scripts and notebooks; the children only parse, they never touch the parent's DB handles.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    limit = in_flight or 2 * workers
    it = iter(articles)
    pending: deque[Future] = deque()
    settings = settings or Settings.default()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm_up, initargs=(settings,)) as pool:
        while True:
            while len(pending) < limit:
                part = list(itertools.islice(it, chunk))
                if not part:
                    break
                pending.append(pool.submit(code_chunk, part, 64, settings))
            if not pending:
                return
            yield from pending.popleft().result()


class PoolEngine:
    """Codes in `workers` processes on this machine (same results as the local engine)."""

    def __init__(self, workers: int = 2, settings: Settings | None = None):
        self.workers = max(1, workers)
        self.settings = settings or Settings.default()

    def code(self, articles: Iterable[Article]) -> Iterator[Coded]:
        return code_parallel(articles, self.workers, settings=self.settings)


@contextlib.contextmanager
def writer_lock(store: Any) -> Iterator[bool]:
    """Hold frontwire's write lock on a PostgreSQL store (no-op elsewhere); yields True if held.

    Two runs on one database must not interleave their read-merge-write steps, or
    both would rebuild the same events from a stale view. A session-level advisory
    lock on a dedicated connection covers the save and the merge together.
    """
    engine = store.engine
    if engine.dialect.name != "postgresql":
        yield False
        return
    import sqlalchemy as sa

    with engine.connect() as c:
        c.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
        c.commit()
        try:
            yield True
        finally:
            c.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
            c.commit()
