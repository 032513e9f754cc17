"""Benchmark: the whole pipeline against a bare spaCy parse of the same articles.

Usage: python bench/bench_throughput.py [--n 400] [--slices 20] [--repeat 3] [--profile]

The bare parse is the floor: the stock English model as spaCy loads it
(`spacy.load(nlp.MODEL)`), `nlp.pipe` over the same paragraphs the pipeline parses, same
batch size. The pipeline is `pipeline.run` into a fresh SQLite file; its own parse
(`nlp.load_nlp()`) adds a sentence-split rule and matches the model's attribute rules
through an index (`frontwire.token_rules`: the same annotations, tested), so its ratio
counts frontwire's parse and coding together against spaCy's own.

1 process: one pipeline run, and as it starts reading each of `--slices` slices
of the corpus, the bare parse of that slice runs (timed apart, and taken out of
the pipeline's time). A shared VM's speed drifts by 20% and more within a minute;
interleaving the two in slices of a few seconds keeps that drift out of the ratio.
2 processes: whole runs, interleaved (the bare parse with
`n_process=2`; the pipeline with `workers=2`, start-up of the worker processes
included). Medians of `--repeat` rounds are printed. Target: pipeline time <= 1.3x
bare parse time. `--profile` profiles a 1-worker run with cProfile and prints where
the time goes (`py-spy record -- python bench/bench_throughput.py` samples with
less distortion).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from frontwire import pipeline  # noqa: E402
from frontwire.ingest import iter_articles  # noqa: E402
from frontwire.nlp import MODEL, load_nlp, paragraphs  # noqa: E402

# Pipeline stages reported by --profile: (file suffix, function) as cProfile records them.
STAGES = [
    ("spacy/language.py", "pipe"),
    ("frontwire/events/extract.py", "extract_events"),
    ("frontwire/mentions.py", "find_triggers"),
    ("spacy/matcher/matcher.pyx", "__call__"),
    ("frontwire/geo/stage.py", "geocode_mentions"),
    ("frontwire/events/regional.py", "absorb_regional"),
    ("frontwire/framing.py", "frame_article"),
    ("frontwire/store/database.py", "stored_hashes"),
    ("frontwire/store/database.py", "save_articles_and_mentions"),
    ("frontwire/pipeline.py", "merge_into_store"),
    ("frontwire/pipeline.py", "update_outlet_framing"),
    ("frontwire/ingest/__init__.py", "iter_records"),
]


CPU: dict[str, float] = {}  # CPU seconds of the last timed call in this process (1-process runs)


@functools.lru_cache(maxsize=1)
def stock_nlp() -> Any:
    """spaCy's English model as it ships: the baseline."""
    return spacy.load(MODEL)


def bare_parse(corpus: Path, n_process: int) -> float:
    """Seconds to parse every paragraph of the corpus with nlp.pipe (ingest not timed)."""
    texts = [t for a in iter_articles([str(corpus)]) for t, _ in paragraphs(a.text)]
    nlp = stock_nlp()
    t, c = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64, n_process=n_process):
        pass
    CPU["bare"] = time.process_time() - c
    return time.perf_counter() - t


def interleaved_round(corpus: Path, slices: int, db: str) -> dict[str, float]:
    """One pipeline run, with the bare parse of each slice run as the pipeline starts reading it.

    Returns summed wall and CPU seconds of the bare parses and of the pipeline (its
    time minus the bare parses nested in it), and the articles it coded.
    """
    nlp = stock_nlp()
    arts = list(iter_articles([str(corpus)]))
    step = -(-len(arts) // slices)
    texts = {k: [t for a in arts[k : k + step] for t, _ in paragraphs(a.text)] for k in range(0, len(arts), step)}
    tot = {"bare": 0.0, "bare_cpu": 0.0}
    seen = [0]

    def on_article(_a: Any) -> None:
        if seen[0] in texts:
            t, c = time.perf_counter(), time.process_time()
            for _ in nlp.pipe(texts[seen[0]], batch_size=64):
                pass
            tot["bare_cpu"] += time.process_time() - c
            tot["bare"] += time.perf_counter() - t
        seen[0] += 1

    t, c = time.perf_counter(), time.process_time()
    stats = pipeline.run([str(corpus)], db, progress=False, on_article=on_article)
    tot["pipeline_cpu"] = time.process_time() - c - tot["bare_cpu"]
    tot["pipeline"] = time.perf_counter() - t - tot["bare"]
    tot["articles"] = stats["articles_coded"]
    return tot


def warm_up() -> None:
    """Load frontwire's own tables before timing, as the bare parse has its model loaded:
    both sides are then measured in steady state (start-up is printed separately)."""
    t = time.perf_counter()
    pipeline.warm_up()
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
    ap.add_argument("--slices", type=int, default=20, help="interleaved slices of the 1-process run (default 20)")
    ap.add_argument("--profile", action="store_true", help="profile the 1-worker run with cProfile")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of each; medians are printed")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as d:
        corpus, words = write_corpus(args.n, Path(d) / "corpus.jsonl")
        load_nlp(), stock_nlp()  # model load is not part of either figure for 1 process
        warm_up()
        print(
            f"corpus: {args.n} articles, {words} words, {args.slices} slices; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(f"{'processes':>9} {'bare s':>8} {'pipeline s':>10} {'ratio':>6} {'words/s':>8} {'articles/s':>10}")
        rounds = [interleaved_round(corpus, args.slices, os.path.join(d, f"round{r}.db")) for r in range(args.repeat)]
        ratios = [r["pipeline"] / r["bare"] for r in rounds]
        cpu = [r["pipeline_cpu"] / r["bare_cpu"] for r in rounds]
        assert all(r["articles"] == args.n for r in rounds), rounds
        bare = statistics.median(r["bare"] for r in rounds)
        full = statistics.median(r["pipeline"] for r in rounds)
        print(
            f"{'':>9} rounds (bare s / pipeline s): "
            + ", ".join(f"{r['bare']:.1f}/{r['pipeline']:.1f}" for r in rounds)
            + "; ratios "
            + ", ".join(f"{x:.2f}" for x in ratios)
            + f"; CPU-time ratio median {statistics.median(cpu):.2f}"
        )
        print(
            f"{1:>9} {bare:8.1f} {full:10.1f} {statistics.median(ratios):6.2f} {words / full:8.0f} "
            f"{args.n / full:10.1f}   (bare parse {words / bare:.0f} words/s; interleaved slices)"
        )
        runs = []
        for _ in range(args.repeat):
            runs.append((bare_parse(corpus, 2), run_pipeline(corpus, 2)))
        bare = statistics.median(b for b, _ in runs)
        full = statistics.median(f for _, (f, _) in runs)
        stats = runs[0][1][1]
        assert stats["articles_coded"] == args.n, stats
        print(f"{'':>9} runs (bare s / pipeline s): " + ", ".join(f"{b:.1f}/{f:.1f}" for b, (f, _) in runs))
        print(
            f"{2:>9} {bare:8.1f} {full:10.1f} {full / bare:6.2f} {words / full:8.0f} {args.n / full:10.1f}"
            f"   (bare parse {words / bare:.0f} words/s; {stats['mentions']} mentions, "
            f"{stats['events_total']} events)"
        )
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
