"""Geocoder look-ups per second on one core, against baselines measured in the same run.

    python bench/bench_geocode.py [--n 20000]

Two workloads, both starting with empty caches:
  corpus   names drawn from tests/data/toponyms.tsv with misspellings and unique noise,
           so names repeat as they do across a set of reports;
  distinct every name a different string (a fresh misspelling), so no cache helps.
Baselines: a plain dict look-up of the same names (the floor) and a rapidfuzz
full scan over the Syrian-area keys (what the key indexes avoid).
"""

from __future__ import annotations

import argparse
import random
import string
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.fuzz import ratio

from frontwire.geo import Geocoder, fold
from frontwire.geo.score import read_toponyms

TOPONYMS = Path(__file__).resolve().parents[1] / "tests" / "data" / "toponyms.tsv"


def corpus_names(n: int, rnd: random.Random) -> list[str]:
    base = [v for v, _, _ in read_toponyms(TOPONYMS)]
    out = []
    while len(out) < n:
        w = rnd.choice(base)
        r = rnd.random()
        if r < 0.3 and len(w) > 4:  # drop a letter
            i = rnd.randrange(1, len(w) - 1)
            w = w[:i] + w[i + 1 :]
        elif r < 0.5:
            w = w + " " + str(rnd.randrange(100000))  # noise that matches nothing
        out.append(w)
    return out


def distinct_names(n: int, rnd: random.Random) -> list[str]:
    base = [v for v, _, _ in read_toponyms(TOPONYMS)]
    seen: set[str] = set()
    out = []
    while len(out) < n:
        w = list(rnd.choice(base))
        for _ in range(rnd.randrange(1, 3)):  # one or two substituted letters
            i = rnd.randrange(len(w))
            w[i] = rnd.choice(string.ascii_lowercase)
        s = "".join(w)
        if fold(s) not in seen:
            seen.add(fold(s))
            out.append(s)
    return out


def rate(gc: Geocoder, qs: list[str]) -> float:
    gc._cache.clear()
    fold.cache_clear()
    t0 = time.perf_counter()
    for q in qs:
        gc.lookup(q)
    return len(qs) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    a = ap.parse_args()
    rnd = random.Random(7)
    t0 = time.perf_counter()
    gc = Geocoder.default()
    load = time.perf_counter() - t0
    gc.lookup("warm-up Idlib")  # builds the loose index once
    corpus = corpus_names(a.n, rnd)
    distinct = distinct_names(a.n, rnd)

    r_corpus = rate(gc, corpus)
    r_distinct = rate(gc, distinct)

    table = {q: i for i, q in enumerate(set(corpus[: len(corpus) // 2]))}
    t0 = time.perf_counter()
    for q in corpus:
        table.get(q)
    dict_rate = len(corpus) / (time.perf_counter() - t0)

    keys = [k for ks in (gc.gaz._skel or {}).values() for k in ks]
    m = 200
    t0 = time.perf_counter()
    for q in distinct[:m]:
        process.extractOne(fold(q), keys, scorer=ratio)
    scan_rate = m / (time.perf_counter() - t0)

    print(f"gazetteer load: {load:.2f} s ({len(gc.gaz)} entries)")
    print(f"geocoder lookup, corpus-like names: {r_corpus:,.0f}/s on one core ({len(corpus)} names)")
    print(f"geocoder lookup, all-distinct names: {r_distinct:,.0f}/s on one core ({len(distinct)} names)")
    print(f"baseline dict.get: {dict_rate:,.0f}/s -> geocoder (corpus) at {r_corpus / dict_rate:.4f}x a bare dict")
    print(
        f"baseline rapidfuzz full scan over {len(keys)} Syrian-area keys: {scan_rate:,.0f}/s -> geocoder "
        f"{r_corpus / scan_rate:.0f}x (corpus), {r_distinct / scan_rate:.0f}x (distinct) faster"
    )
    print("target >= 20,000/s (corpus):", "met" if r_corpus >= 20000 else "NOT met")


if __name__ == "__main__":
    main()
