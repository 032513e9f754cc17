"""Benchmark: the whole pipeline against a bare spaCy parse of the same articles.

Usage: python bench/bench_throughput.py [--n 400] [--profile]

The bare parse is the floor: the same model with the same components
(`nlp.load_nlp()`), `nlp.pipe` over the same paragraphs the pipeline parses, same
batch size. The pipeline is `pipeline.run` into a fresh SQLite file. Both are run
for 1 and 2 processes (the bare parse with `n_process=2`; the pipeline with
`workers=2`, start-up of the worker processes included). Target: pipeline time
<= 1.3x bare parse time. `--profile` profiles the 1-worker run with cProfile
and prints where the time goes.
"""

from __future__ import annotations

import argparse
import statistics
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

# Pipeline stages reported by --profile: (file suffix, function) as cProfile records them.
STAGES = [("spacy/language.py", "pipe"), ("frontwire/events.py", "extract_events"),
          ("frontwire/mentions.py", "find_triggers"), ("spacy/matcher/matcher.pyx", "__call__"),
          ("frontwire/geo/stage.py", "geocode_mentions"), ("frontwire/events.py", "absorb_regional"),
          ("frontwire/framing.py", "frame_article"), ("frontwire/store.py", "has_article"),
          ("frontwire/store.py", "save_articles_and_mentions"), ("frontwire/pipeline.py", "merge_into_store"),
          ("frontwire/pipeline.py", "update_outlet_framing"), ("frontwire/ingest.py", "iter_articles")]


CPU: dict[str, float] = {}  # CPU seconds of the last timed call in this process (1-process runs)


def bare_parse(corpus: Path, n_process: int) -> float:
    """Seconds to parse every paragraph of the corpus with nlp.pipe (ingest not timed)."""
    texts = [t for a in iter_articles([str(corpus)]) for t, _ in paragraphs(a.text)]
    nlp = load_nlp()
    t, c = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    CPU["bare"] = time.process_time() - c
    return time.perf_counter() - t


def warm_up() -> None:
    """Load frontwire's own tables before timing, as the bare parse has its model loaded:
    both sides are then measured in steady state (start-up is printed separately)."""
    from frontwire.events import _geocoder
    from frontwire.framing import load_lexicon
    from frontwire.mentions import actor_dictionary, trigger_matcher

    t = time.perf_counter()
    trigger_matcher(), actor_dictionary(), _geocoder(), load_lexicon()
    print(f"start-up (lexicons, actor dictionary, gazetteer): {time.perf_counter() - t:.2f} s, not timed below")


def run_pipeline(corpus: Path, workers: int) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as d:
        t, c = time.perf_counter(), time.process_time()
        stats = pipeline.run([str(corpus)], os.path.join(d, "bench.db"), progress=False, workers=workers)
        CPU["pipeline"] = time.process_time() - c
        return time.perf_counter() - t, stats


def profile_report(stats, total: float, top: int = 12) -> None:
    """Cumulative time of each stage, and the functions with the most own time."""
    rows = stats.stats  # (file, line, function) -> (calls, primitive calls, own time, cumulative, callers)
    print("time by stage (cumulative s, share of the profiled run):")
    for suffix, func in STAGES:
        cum = max((v[3] for (f, _, fn), v in rows.items() if fn == func and f.endswith(suffix)), default=0.0)
        print(f"  {suffix + ':' + func:52} {cum:7.2f}  {100 * cum / total:5.1f}%")
    print("top own time:")
    for (f, line, fn), v in sorted(rows.items(), key=lambda kv: -kv[1][2])[:top]:
        short = "/".join(f.split("/")[-2:])
        print(f"  {v[2]:7.2f}  {fn} ({short}:{line}), {v[0]} calls")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="articles (default 400)")
    ap.add_argument("--profile", action="store_true", help="profile the 1-worker run with cProfile")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs of each; medians are printed")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as d:
        corpus, words = write_corpus(args.n, Path(d) / "corpus.jsonl")
        load_nlp()  # model load is not part of either figure for 1 process
        warm_up()
        print(f"corpus: {args.n} articles, {words} words; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")
        print(f"{'processes':>9} {'bare s':>8} {'pipeline s':>10} {'ratio':>6} {'words/s':>8} {'articles/s':>10}")
        for n in (1, 2):
            # interleaved repeats, median of each: a shared VM's speed drifts between runs
            runs, cpu = [], []
            for _ in range(args.repeat):
                runs.append((bare_parse(corpus, n), run_pipeline(corpus, n)))
                cpu.append(CPU["pipeline"] / CPU["bare"])
            bare = statistics.median(b for b, _ in runs)
            full = statistics.median(f for _, (f, _) in runs)
            stats = runs[0][1][1]
            print(f"{'':>9} runs (bare s / pipeline s): " + ", ".join(f"{b:.1f}/{f:.1f}" for b, (f, _) in runs)
                  + (f"; CPU-time ratio (immune to other tenants) median {statistics.median(cpu):.2f}" if n == 1 else ""))
            assert stats["articles_coded"] == args.n, stats
            print(f"{n:>9} {bare:8.1f} {full:10.1f} {full / bare:6.2f} {words / full:8.0f} {args.n / full:10.1f}"
                  f"   (bare parse {words / bare:.0f} words/s; {stats['mentions']} mentions, "
                  f"{stats['events_total']} events)")
        if args.profile:
            # cProfile rather than a sampling profiler: spaCy's Cython calls (the Matcher) then
            # count under the Python function that made them, which is what tells stages apart.
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            full, _ = run_pipeline(corpus, 1)
            prof.disable()
            print(f"\nprofile of the 1-worker run ({full:.1f} s under cProfile)")
            profile_report(pstats.Stats(prof), full)

if __name__ == "__main__":
    main()
