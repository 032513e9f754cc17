"""Benchmark: memory and speed while streaming a large generated corpus through `frontwire run`.

Usage: python bench/bench_memory.py [--n 100000] [--workers 1] [--every N] [--order time|random]

Writes `--n` articles (bench/corpus.py) to a temp JSONL, streams it through
`pipeline.run` into a temp SQLite file, and prints, every `--every` articles
(default n/10, at most 10,000), the resident memory and the rate of the last
slice, so a steady rate and flat memory show the run does not accumulate. With a
smaller `--n` it also extrapolates the time and memory of 100,000 articles from
the measured slope. Target: peak RSS <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from frontwire import pipeline  # noqa: E402

TARGET = 100_000


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=TARGET, help="articles to stream (default 100,000)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument(
        "--order",
        choices=["time", "random"],
        default="time",
        help="article dates: advancing (like a crawl) or random (worst case for the merge)",
    )
    ap.add_argument("--every", type=int, default=0, help="report every N articles (default n/10, max 10,000)")
    args = ap.parse_args()
    every = args.every or max(1, min(10_000, args.n // 10))

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        corpus, words = write_corpus(args.n, Path(d) / "corpus.jsonl", order=args.order)
        print(
            f"corpus: {args.n} articles, {words} words, {corpus.stat().st_size / 2**20:.0f} MB JSONL "
            f"(written in {time.perf_counter() - t0:.0f} s); dates {args.order}; workers={args.workers}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(f"{'articles':>9} {'elapsed s':>9} {'slice art/s':>11} {'RSS MB':>7}")
        samples: list[tuple[int, float, float]] = []
        state = {"n": 0, "t": time.perf_counter()}
        start = state["t"]

        def on_article(_a) -> None:
            # Called as each article is read; reading runs at most one batch ahead of coding.
            state["n"] += 1
            if state["n"] % every == 0:
                now = time.perf_counter()
                rate = every / (now - state["t"])
                state["t"] = now
                samples.append((state["n"], now - start, rss_mb()))
                print(f"{state['n']:>9} {now - start:9.0f} {rate:11.1f} {samples[-1][2]:7.0f}", flush=True)

        stats = pipeline.run(
            [str(corpus)], os.path.join(d, "bench.db"), progress=False, on_article=on_article, workers=args.workers
        )
        total = time.perf_counter() - start
        db_mb = os.path.getsize(os.path.join(d, "bench.db")) / 2**20

    peak = peak_mb()
    peak_children = peak_mb(resource.RUSAGE_CHILDREN)
    print(
        f"done: {stats['articles_coded']} articles coded, {stats['mentions']} mentions, "
        f"{stats['events_total']} events in {total:.0f} s ({args.n / total:.1f} articles/s, "
        f"{words / total:.0f} words/s); database {db_mb:.0f} MB"
    )
    print(
        f"peak RSS: {peak:.0f} MB (this process)"
        + (f", {peak_children:.0f} MB (largest worker)" if args.workers > 1 else "")
    )
    if len(samples) >= 3:
        # Slope of RSS over the second half of the run: growth that would carry on with more input.
        half = samples[len(samples) // 2 :]
        (n1, _, r1), (n2, _, r2) = half[0], half[-1]
        slope = (r2 - r1) / (n2 - n1) * 10_000 if n2 > n1 else 0.0
        print(f"RSS growth over the second half: {slope:+.1f} MB per 10,000 articles")
        if args.n < TARGET:
            print(
                f"extrapolated to {TARGET:,} articles: ~{total * TARGET / args.n / 3600:.1f} h, peak RSS "
                f"~{peak + max(slope, 0.0) * (TARGET - args.n) / 10_000:.0f} MB (from this run's slope)"
            )


if __name__ == "__main__":
    main()
