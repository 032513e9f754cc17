"""Benchmark: the Ray engine on 1 and 2 workers, and the speed-up.

Usage: python bench/bench_ray.py [--n 400]

Codes the bench/corpus.py corpus with `pipeline.run(engine="ray")` on a local Ray
(started and stopped by each run, so start-up is counted) with 1 and then 2 actors,
prints each run's stage times, the speed-up of the coding stage and of the whole
run, and checks that both give the local engine's events.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from frontwire import pipeline  # noqa: E402
from frontwire.store import Store  # noqa: E402


def events_of(db: str) -> list[dict]:
    with Store(db) as s:
        return [e.to_dict() for e in s.events()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="articles (default 400)")
    ap.add_argument("--no-local", action="store_true", help="skip the local-engine run and the identity check")
    args = ap.parse_args()
    if importlib.util.find_spec("ray") is None:
        sys.exit("bench_ray: ray is not installed (pip install 'frontwire[ray]')")

    with tempfile.TemporaryDirectory() as d:
        corpus, words = write_corpus(args.n, Path(d) / "corpus.jsonl")
        print(
            f"corpus: {args.n} articles, {words} words; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        reference = None
        if not args.no_local:
            t = time.perf_counter()
            pipeline.run([str(corpus)], f"{d}/local.db", progress=False)
            print(f"local engine, 1 process: {time.perf_counter() - t:.1f} s")
            reference = events_of(f"{d}/local.db")
        totals, codes = {}, {}
        for w in (1, 2):
            db = f"{d}/ray{w}.db"
            t = time.perf_counter()
            stats = pipeline.run([str(corpus)], db, progress=False, engine="ray", workers=w)
            totals[w] = time.perf_counter() - t
            codes[w] = stats["articles_coded"]
            same = "" if reference is None else f"; events identical to local: {events_of(db) == reference}"
            print(
                f"ray, {w} worker(s): {totals[w]:.1f} s total, {args.n / totals[w]:.1f} articles/s, "
                f"{words / totals[w]:.0f} words/s; {codes[w]} articles coded{same}"
            )
        print(f"speed-up 1 -> 2 workers: whole run {totals[1] / totals[2]:.2f}x")


if __name__ == "__main__":
    main()
