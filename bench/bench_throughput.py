"""Benchmark: the whole pipeline against a bare spaCy parse of the same articles.

Usage: python bench/bench_throughput.py [--n 400] [--profile]

The bare parse is the floor: the same model with the same components
(`nlp.load_nlp()`), `nlp.pipe` over the same paragraphs the pipeline parses, same
batch size. The pipeline is `pipeline.run` into a fresh SQLite file. Both are run
for 1 and 2 processes (the bare parse with `n_process=2`; the pipeline with
`workers=2`, start-up of the worker processes included). Target: pipeline time
<= 1.3x bare parse time. `--profile` profiles the 1-worker run with pyinstrument
and prints where the time goes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

from frontwire import pipeline  # noqa: E402
from frontwire.ingest import iter_articles  # noqa: E402
from frontwire.nlp import load_nlp, paragraphs  # noqa: E402

# Pipeline stages reported by --profile (function names as pyinstrument records them).
STAGES = ["pipe", "extract_events", "geocode_mentions", "absorb_regional", "frame_article", "has_article",
          "save_articles_and_mentions", "merge_into_store", "update_outlet_framing", "iter_articles"]


def bare_parse(corpus: Path, n_process: int) -> float:
    """Seconds to parse every paragraph of the corpus with nlp.pipe (ingest not timed)."""
    texts = [t for a in iter_articles([str(corpus)]) for t, _ in paragraphs(a.text)]
    nlp = load_nlp()
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    return time.perf_counter() - t


def run_pipeline(corpus: Path, workers: int) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        stats = pipeline.run([str(corpus)], os.path.join(d, "bench.db"), progress=False, workers=workers)
        return time.perf_counter() - t, stats


def stage_times(root) -> dict[str, float]:
    """Total time under each stage function (outermost calls only)."""
    out = dict.fromkeys(STAGES, 0.0)

    def walk(frame, inside: frozenset) -> None:
        name = frame.function
        if name in out and name not in inside:
            out[name] += frame.time
            inside = inside | {name}
        for c in frame.children:
            walk(c, inside)

    walk(root, frozenset())
    return out


def self_times(root, top: int = 15) -> list[tuple[float, str]]:
    """Functions with the most self time (time spent in their own code)."""
    acc: dict[str, float] = {}

    def walk(frame) -> None:
        key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        acc[key] = acc.get(key, 0.0) + frame.total_self_time
        for c in frame.children:
            walk(c)

    walk(root)
    return sorted(((t, k) for k, t in acc.items()), reverse=True)[:top]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="articles (default 400)")
    ap.add_argument("--profile", action="store_true", help="profile the 1-worker run with pyinstrument")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as d:
        corpus, words = write_corpus(args.n, Path(d) / "corpus.jsonl")
        load_nlp()  # model load is not part of either figure for 1 process
        print(f"corpus: {args.n} articles, {words} words; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")
        print(f"{'processes':>9} {'bare s':>8} {'pipeline s':>10} {'ratio':>6} {'words/s':>8} {'articles/s':>10}")
        for n in (1, 2):
            bare = bare_parse(corpus, n)
            full, stats = run_pipeline(corpus, n)
            assert stats["articles_coded"] == args.n, stats
            print(f"{n:>9} {bare:8.1f} {full:10.1f} {full / bare:6.2f} {words / full:8.0f} {args.n / full:10.1f}"
                  f"   (bare parse {words / bare:.0f} words/s; {stats['mentions']} mentions, "
                  f"{stats['events_total']} events)")
        if args.profile:
            from pyinstrument import Profiler

            prof = Profiler(interval=0.002)
            prof.start()
            full, _ = run_pipeline(corpus, 1)
            prof.stop()
            root = prof.last_session.root_frame()
            print(f"\nprofile of the 1-worker run ({full:.1f} s under the profiler)")
            print("time by stage (s, share of run):")
            for name, t in sorted(stage_times(root).items(), key=lambda kv: -kv[1]):
                print(f"  {name:28} {t:7.2f}  {100 * t / root.time:5.1f}%")
            print("top self time:")
            for t, k in self_times(root):
                print(f"  {t:7.2f}  {k}")


if __name__ == "__main__":
    main()
